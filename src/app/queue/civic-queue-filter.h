/* civic-queue-filter.h: the queue's filter as a GObject the list and the
 * map share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "civic-store.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_QUEUE_FILTER (civic_queue_filter_get_type ())
G_DECLARE_FINAL_TYPE (CivicQueueFilter, civic_queue_filter, CIVIC, QUEUE_FILTER, GObject)

/* Properties (notify on change), one per CivicCaseFilter field:
 * "states" guint, "channels" guint, "department", "service-code",
 * "assignee" ("" = unassigned), "tag", "overdue-only" gboolean,
 * "requested-from" gint64, "requested-to" gint64, "text".
 * Signal "changed": once after one or several properties changed
 * together (a freeze/thaw or civic_queue_filter_set counts as one). */

CivicQueueFilter      *civic_queue_filter_new       (void);
const CivicCaseFilter *civic_queue_filter_get       (CivicQueueFilter      *self);
/* Replaces every field at once: one "changed". */
void                   civic_queue_filter_set       (CivicQueueFilter      *self,
                                                     const CivicCaseFilter *filter);
void                   civic_queue_filter_reset     (CivicQueueFilter      *self);
/* Filter ⇄ the GET /api/v1/cases query parameters saved views store
 * ({"state": "new,acknowledged", "overdue": "true", "q": "…", …}). */
JsonObject            *civic_queue_filter_to_params (const CivicCaseFilter *filter);
CivicCaseFilter       *civic_queue_filter_from_params (JsonObject          *params);

G_END_DECLS
