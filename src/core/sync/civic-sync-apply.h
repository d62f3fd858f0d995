/* civic-sync-apply.h: from the service's JSON to the replica
 *
 * The wire format is the changes feed of DESIGN §3.2, as the server
 * writes it (src/server/api/civic-api-changes.c): a list of
 * {"entity": "case"|"case_event"|"post"|"like"|"follow"|"notification"|
 *  "user"|"department"|"service"|"saved_view"|"tombstone", "seq": N,
 *  "data": {…}}. Priorities travel as names (low, normal, high, urgent)
 *  and are kept as 2, 3, 4, 5 in CivicCase (1 is also low).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "civic-store.h"
#include "civic-sync.h"

G_BEGIN_DECLS

typedef struct
{
  guint       n_applied;
  guint       kinds;          /* CivicSyncKinds */
  GPtrArray  *request_ids;    /* char*, the cases touched, or NULL if more than 1,000 */
} CivicApplySummary;

void        civic_apply_summary_clear (CivicApplySummary *summary);

/* Applies @changes (the "changes" array of one page) and sets the cursor
 * to @next, in ONE transaction on @store: a crash leaves the replica at
 * the previous page, never half-way. Unknown entities are skipped (a
 * newer server), malformed ones fail the page with CIVIC_ERROR_INVALID
 * and a message naming the entity and seq.
 *
 * The cursor is the meta key "sync.cursor" (civic_store_get_meta).
 * Cases go through the store's put path, so counts, tags and the search
 * index stay right; when the store is in a bulk fill
 * (civic_store_bulk_begin, which defers them for an EMPTY store) they go
 * through the bulk path instead. For the first pull into an empty
 * replica call civic_store_bulk_begin() before the first page and
 * civic_store_bulk_end() after the last: measured ~5 times faster
 * (≈70,000 cases/s including the index build, against ≈15,000 row by
 * row); a crash in between is repaired at the next open, with the
 * cursor matching the rows. @summary may be NULL. */
gboolean    civic_sync_apply_page     (CivicStore        *store,
                                       JsonArray         *changes,
                                       gint64             next,
                                       CivicApplySummary *summary,
                                       GError           **error);

/* The same for a page's whole text as the server sends it,
 * {"changes": […], "next": N, "more": true|false}, read without building
 * a JSON tree (the fast path of a first sync); @next and @more receive
 * the page's members. Text that is not a well-formed page fails with
 * CIVIC_ERROR_INVALID and applies nothing. */
gboolean    civic_sync_apply_page_text (CivicStore        *store,
                                        const char        *json,
                                        gsize              length,
                                        gint64            *next,
                                        gboolean          *more,
                                        CivicApplySummary *summary,
                                        GError           **error);

/* Parses the staff JSON of one case (as in /api/v1/cases and changes). */
CivicCase  *civic_case_from_staff_json (JsonObject       *object,
                                        GError          **error);

int         civic_priority_from_name  (const char        *name);
const char *civic_priority_to_name    (int                priority);

G_END_DECLS
