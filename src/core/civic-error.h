/* civic-error.h: the one error domain of libcivic-core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CIVIC_ERROR (civic_error_quark ())

/* Codes name what went wrong for the person at the desk, not which call
 * failed: the message of each GError is written in plain words. */
typedef enum
{
  CIVIC_ERROR_FAILED,
  CIVIC_ERROR_NOT_FOUND,
  CIVIC_ERROR_INVALID,           /* bad input: a field, a body, a request */
  CIVIC_ERROR_STORE_CORRUPT,     /* the local file is damaged or not ours */
  CIVIC_ERROR_STORE_TOO_NEW,     /* written by a newer Civic Desk */
  CIVIC_ERROR_STORE_LOCKED,      /* another program holds the file */
  CIVIC_ERROR_STORE_READ_ONLY,   /* the file or its folder cannot be written */
  CIVIC_ERROR_STORE_FULL,        /* the disk is full */
  CIVIC_ERROR_STORE_MISSING,     /* the file or its folder does not exist */
  CIVIC_ERROR_CONFLICT,          /* a stale edit */
  CIVIC_ERROR_FORBIDDEN,
  CIVIC_ERROR_NETWORK,
  CIVIC_ERROR_CANCELLED,         /* stopped on purpose, by civic_store_interrupt */
} CivicErrorCode;

GQuark civic_error_quark (void);

G_END_DECLS
