/* civic-open311-private.h: what the Open311 handlers share
 *
 * Every Open311 answer comes in the format the path asks for (.json or
 * .xml), errors included: a list of {code, description}.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-server.h"
#include "civic-json-writer.h"

G_BEGIN_DECLS

typedef enum
{
  CIVIC_OPEN311_JSON,
  CIVIC_OPEN311_XML,
} CivicOpen311Format;

#define CIVIC_OPEN311_JSON_TYPE "application/json; charset=utf-8"
#define CIVIC_OPEN311_XML_TYPE  "text/xml; charset=utf-8"
#define CIVIC_OPEN311_XML_HEAD  "<?xml version=\"1.0\" encoding=\"utf-8\"?>"

/* Splits "S0301.json" into "S0301" and the format. Replies 404 in
 * Open311's format and returns NULL for a missing or unknown extension. */
char     *civic_open311_split_format (CivicRequest       *req,
                                      const char         *segment,
                                      CivicOpen311Format *format);

/* Replies with a one-error list: HTTP @status, code @status. */
void      civic_open311_error        (CivicRequest       *req,
                                      CivicOpen311Format  format,
                                      guint               status,
                                      const char         *description_format,
                                      ...) G_GNUC_PRINTF (4, 5);

/* Checks jurisdiction_id (from the query or a form) against the one the
 * server was started with; replies 400 and returns FALSE on a mismatch. */
gboolean  civic_open311_check_jurisdiction (CivicRequest       *req,
                                            CivicOpen311Format  format,
                                            const char         *jurisdiction_id);

void      civic_open311_reply        (CivicRequest       *req,
                                      CivicOpen311Format  format,
                                      GString            *body);

/* Handlers, by file. */
void      civic_open311_get_requests (CivicRequest       *req,
                                      CivicOpen311Format  format);
void      civic_open311_get_request  (CivicRequest       *req);
void      civic_open311_get_token    (CivicRequest       *req);
void      civic_open311_post_request (CivicRequest       *req);

G_END_DECLS
