/* civic-case-row.h: one row of the case queue, as the columns show it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "civic-store.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_CASE_ROW (civic_case_row_get_type ())
G_DECLARE_FINAL_TYPE (CivicCaseRow, civic_case_row, CIVIC, CASE_ROW, GObject)

/* Properties (read-only, notify when a sync changes the case):
 * "id" gint64, "request-id", "state", "service", "department" (its id), "department-name", "assignee",
 * "priority", "due" (words: "3 days overdue", "Due in 2 days"),
 * "overdue" gboolean, "address", "channel" — all text except where said. */

CivicCaseRow *civic_case_row_new             (const CivicCaseSummary *summary,
                                              gint64                  now);
void          civic_case_row_update          (CivicCaseRow           *self,
                                              const CivicCaseSummary *summary,
                                              gint64                  now);
gint64        civic_case_row_get_id          (CivicCaseRow           *self);
const char   *civic_case_row_get_request_id  (CivicCaseRow           *self);
const char   *civic_case_row_get_due         (CivicCaseRow           *self);
gboolean      civic_case_row_get_overdue     (CivicCaseRow           *self);

/* Shared words for the filter bar and the columns */
const char   *civic_case_state_label         (CivicCaseState          state);
const char   *civic_channel_label            (CivicChannel            channel);
const char   *civic_priority_label           (int                     priority);
/* "3 days overdue", "Due in 5 hours", "Opened 2 days ago", "Closed";
 * *overdue set for an open case past its due time. */
char         *civic_case_due_text            (CivicCaseState          state,
                                              gint64                  requested,
                                              gint64                  expected,
                                              gint64                  now,
                                              gboolean               *overdue);

G_END_DECLS
