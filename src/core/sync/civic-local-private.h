/* civic-local-private.h: shared by civic-local-write.c, civic-local-merge.c and civic-local-push.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "civic-store.h"

G_BEGIN_DECLS

/* A case field as the staff API carries it (state nick, priority name,
 * tags array, text or null); NULL for a field this desk does not edit. */
JsonNode *civic_local_case_field     (CivicCase    *c,
                                      const char   *field);
/* The reverse; "note" and unknown fields are ignored. */
gboolean  civic_local_set_case_field (CivicCase    *c,
                                      const char   *field,
                                      JsonNode     *value,
                                      GError      **error);
/* An outbox entry with its context, in the caller's transaction; its id,
 * 0 on error. */
gint64    civic_local_enqueue        (CivicStore   *store,
                                      const char   *method,
                                      const char   *path,
                                      JsonObject   *body,
                                      JsonObject   *context,
                                      GError      **error);
/* The replica's like and follow rows; @changed says whether the row was
 * not already so. */
gboolean  civic_local_like_row       (CivicStore   *store,
                                      gint64        post_id,
                                      const char   *username,
                                      gboolean      liked,
                                      gboolean     *changed,
                                      GError      **error);
gboolean  civic_local_follow_row     (CivicStore   *store,
                                      const char   *username,
                                      const char   *kind,
                                      const char   *target,
                                      gboolean      following,
                                      gboolean     *changed,
                                      GError      **error);
/* A provisional timeline entry in the caller's transaction; its id, or 0 on
 * error. */
gint64    civic_local_add_event      (CivicStore          *store,
                                      const char          *request_id,
                                      CivicCaseEventKind   kind,
                                      const char          *author,
                                      const char          *body,
                                      const char          *old_value,
                                      const char          *new_value,
                                      GError             **error);

G_END_DECLS
