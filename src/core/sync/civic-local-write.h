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

#include <json-glib/json-glib.h>

#include "civic-conflict.h"
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

/* ---- new cases with a final number, offline ------------------------
 *
 * The service leases blocks of tracking numbers to a desk (POST
 * /api/v1/numbers); the desk keeps what is left of them in the store's
 * meta and hands them out in order, so a clerk can read the number to the
 * caller at once, with or without a network, and it never changes. */

typedef struct
{
  CivicChannel  channel;
  const char   *service_code;    /* required; must be one of the store's services */
  const char   *description;     /* ≤ 4,000 characters */
  const char   *address;
  gboolean      has_location;
  double        lat;
  double        lon;
  const char   *reporter_name;   /* staff-only contact */
  const char   *reporter_email;
  const char   *reporter_phone;
  const char   *attributes_json; /* the service's answers: {"code": value, …}, or NULL */
  gint64        source_post;     /* the feed post it is made from (> 0), or 0: the
                                  * post links to the case at once, and the
                                  * service answers the post with the number */
} CivicNewCase;

#define CIVIC_LOCAL_NUMBERS_BLOCK 100   /* asked for at a time; refilled below half */

/* Takes the next leased number, puts the case in the replica and queues
 * POST /api/v1/cases with it (and a fresh Idempotency-Key). Refuses in
 * words when no number is left. @request_id: the new number. */
gboolean civic_local_create_case  (CivicStore             *store,
                                   const CivicNewCase     *draft,
                                   const char             *author,
                                   char                  **request_id,
                                   GError                **error);
/* Numbers still leased to this desk. */
guint    civic_local_numbers_left (CivicStore             *store);
/* How many numbers to lease now: 0 while at least half a block is left. */
guint    civic_local_numbers_wanted (CivicStore           *store);
/* The service's Open311 questions as the store keeps them (the JSON of
 * its "attributes"), or NULL when it has none. */
char    *civic_local_service_attributes (CivicStore       *store,
                                         const char       *service_code);
/* Records a block the service leased (its answer to POST /api/v1/numbers). */
gboolean civic_local_numbers_add  (CivicStore             *store,
                                   gint64                  year,
                                   gint64                  first,
                                   gint64                  last,
                                   GError                **error);

/* ---- hooks for CivicSync ---------------------------------------------
 *
 * Every outbox entry a local write makes carries a context (JSON, kept
 * with it in the store):
 *   {"kind": "case_update"|"case_create"|"bulk"|"note"|"post"|"like"|"follow",
 *    "if_match": "7",          case_update only: send as If-Match
 *    "request_id": "311-…",    case_update, note
 *    "base": {field: value},   case_update: the values the edit replaced
 *    "local_event_id": N,      note: the provisional timeline entry
 *    "local_id": -N, …}        post: the provisional post
 * Each hook below runs in ONE store transaction that also removes (or
 * rewrites) the outbox entry, so a crash between the answer and the hook
 * replays the push, and the server answers the same key the same way. */

/* The context of an outbox entry; NULL (no error) for an entry made by
 * something else than this module. */
JsonObject *civic_local_get_context  (CivicStore             *store,
                                      gint64                  outbox_id,
                                      GError                **error);

/* After a 2xx: puts the server's answer in place of the provisional
 * change (the case as the server has it, the note's and the post's
 * server ids) and removes the entry. @answer is the parsed body, may be
 * NULL. */
gboolean civic_local_push_done       (CivicStore             *store,
                                      gint64                  outbox_id,
                                      JsonNode               *answer,
                                      GError                **error);

/* A provisional post (@local_id < 0) becomes @server_post (the post JSON
 * as the server answers and the changes feed carry it): same row, the
 * server's id; replies and likes follow. */
gboolean civic_local_confirm_post    (CivicStore             *store,
                                      gint64                  local_id,
                                      JsonObject             *server_post,
                                      GError                **error);

/* After a 409 on a case update: @server_case is the "case" of the answer.
 * Merges field by field (civic_conflict_merge): the replica gets the
 * server's case with the desk's surviving fields on top; the entry is
 * rewritten in place (same queue position, a fresh Idempotency-Key,
 * If-Match the server's version) or removed when nothing is left; every
 * lost field is recorded in the timeline (civic_local_record_conflict)
 * and added to @conflicts (CivicConflict*, may be NULL) for the UI. */
gboolean civic_local_push_conflict   (CivicStore             *store,
                                      gint64                  outbox_id,
                                      JsonObject             *server_case,
                                      const char             *author,
                                      GPtrArray              *conflicts,
                                      GError                **error);

/* After a refusal that a retry cannot fix (400, 403, 404, 422): undoes
 * the provisional change where it can (a case's replaced values come
 * back, a provisional note or post goes, a like or follow flips back)
 * and removes the entry. */
gboolean civic_local_push_rejected   (CivicStore             *store,
                                      gint64                  outbox_id,
                                      GError                **error);

/* A conflict entry in the case's timeline: kind conflict, the body names
 * the field and both values, old_value the desk's, new_value the
 * server's (JSON text). */
gboolean civic_local_record_conflict (CivicStore             *store,
                                      const char             *request_id,
                                      const CivicConflict    *conflict,
                                      const char             *author,
                                      GError                **error);

/* POST /api/v1/views {name, filter: {param: value, …}, sort}: a saved view
 * of the queue, shown at once with a local id (< 0) until the service's
 * answer replaces it. @params are GET /api/v1/cases query parameters
 * (civic_queue_filter_to_params), @sort like "-requested". */
gboolean civic_local_save_view   (CivicStore             *store,
                                  const char             *name,
                                  JsonObject             *params,
                                  const char             *sort,
                                  const char             *owner,
                                  gint64                 *local_id,
                                  GError                **error);

G_END_DECLS
