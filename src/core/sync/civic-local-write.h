/* civic-local-write.h: every change a clerk makes, offline first
 *
 * Each function changes the replica AND queues the matching staff-API
 * request in the outbox in ONE store transaction, with a fresh
 * Idempotency-Key: a crash at any point loses nothing, and a replay never
 * applies twice (the server answers a retried key with its first answer).
 * The UI shows the change at once; CivicSync pushes it.
 *
 * A case update remembers the version and the values it was made
 * against, so a 409 can be merged field by field (civic-conflict.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-store.h"

G_BEGIN_DECLS

typedef enum
{
  CIVIC_CASE_FIELD_STATE        = 1 << 0,
  CIVIC_CASE_FIELD_ASSIGNEE     = 1 << 1,
  CIVIC_CASE_FIELD_DEPARTMENT   = 1 << 2,
  CIVIC_CASE_FIELD_PRIORITY     = 1 << 3,
  CIVIC_CASE_FIELD_TAGS         = 1 << 4,
  CIVIC_CASE_FIELD_STATUS_NOTES = 1 << 5,
  CIVIC_CASE_FIELD_DESCRIPTION  = 1 << 6,
} CivicCaseFields;

typedef struct
{
  CivicCaseFields     fields;       /* which of the below are set */
  CivicCaseState      state;
  const char         *assignee;     /* NULL: unassign */
  const char         *department;
  int                 priority;
  const char * const *tags;
  const char         *status_notes;
  const char         *description;
  const char         *note;         /* optional: the note that goes with a state change */
} CivicCaseChange;

/* PATCH /api/v1/cases/{id} with If-Match: version. */
gboolean civic_local_update_case (CivicStore             *store,
                                  const char             *request_id,
                                  const CivicCaseChange  *change,
                                  const char             *author,
                                  GError                **error);
/* POST /api/v1/cases/{id}/notes */
gboolean civic_local_add_note    (CivicStore             *store,
                                  const char             *request_id,
                                  const char             *body,
                                  gboolean                is_public,
                                  const char             *author,
                                  GError                **error);
/* POST /api/v1/posts; the post shows at once with a local id (< 0)
 * until the server's answer replaces it. */
gboolean civic_local_create_post (CivicStore             *store,
                                  const char             *body,
                                  gint64                  parent_id,
                                  const char             *author,
                                  gint64                 *local_id,
                                  GError                **error);
/* PUT/DELETE /api/v1/posts/{id}/like */
gboolean civic_local_set_like    (CivicStore             *store,
                                  gint64                  post_id,
                                  const char             *username,
                                  gboolean                liked,
                                  GError                **error);
/* PUT/DELETE /api/v1/follows/{kind}/{target}; kind: tag, case, user */
gboolean civic_local_set_follow  (CivicStore             *store,
                                  const char             *kind,
                                  const char             *target,
                                  const char             *username,
                                  gboolean                following,
                                  GError                **error);

G_END_DECLS
