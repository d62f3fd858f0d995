/* civic-open311-json-private.h: the tolerant reader under the parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "civic-open311-parse.h"

G_BEGIN_DECLS

/* The document as a JSON tree; XML (whatever @format says, when the body
 * starts with '<') is mapped to the same shape. */
JsonNode  *civic_open311_parse_any       (const char          *data,
                                          gsize                len,
                                          CivicOpen311Format   format,
                                          GError             **error);
/* A member, NULL when absent or null. */
JsonNode  *civic_open311_member          (JsonObject *o,
                                          const char *name);
/* Any scalar as text (numbers too); NULL for null, objects, arrays. */
char      *civic_open311_member_text     (JsonObject *o,
                                          const char *name);
/* Text, stripped, with blanks as NULL. */
char      *civic_open311_member_nonempty (JsonObject *o,
                                          const char *name);
/* A number sent as a number or as text. */
gboolean   civic_open311_member_double   (JsonObject *o,
                                          const char *name,
                                          double     *out);
gboolean   civic_open311_member_bool     (JsonObject *o,
                                          const char *name,
                                          gboolean    fallback);
/* The root array, or the one array member of a root object. */
JsonArray *civic_open311_document_list   (JsonNode   *root);
/* The list, or NULL with an error in words (also when the list is an
 * Open311 error list). */
JsonArray *civic_open311_expect_list     (JsonNode    *root,
                                          const char  *what,
                                          GError     **error);

G_END_DECLS
