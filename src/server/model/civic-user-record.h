/* civic-user-record.h: staff users as rows, for the API and the CLI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-write.h"

G_BEGIN_DECLS

typedef struct
{
  const char *username;
  const char *display_name;
  const char *department;     /* NULL: none */
  const char *role;
  const char *password_hash;
} CivicUserDraft;

typedef enum
{
  /* an existing user is a CIVIC_ERROR_CONFLICT */
  CIVIC_USER_INSERT_NEW,
  /* an existing user takes the new name, department, role and password
   * and is enabled again (the operator's `user add`) */
  CIVIC_USER_INSERT_OR_REPLACE,
} CivicUserInsertMode;

/* A username or department id: 1–64 ASCII letters, digits, “.”, “_”, “-”. */
gboolean civic_id_is_valid (const char *id);

/* Writes the users row for @draft at w->now and w->seq; the caller checks
 * or creates the department and writes the audit entry. */
gboolean civic_user_insert (CivicWrite            *w,
                            const CivicUserDraft  *draft,
                            CivicUserInsertMode    mode,
                            GError               **error);

G_END_DECLS
