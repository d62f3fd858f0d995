/* civic-case-detail.h: one case: its fields, timeline, workflow
 *
 * A self-contained widget over the local store. Every change is a local
 * write (store + outbox in one transaction) followed by
 * civic_sync_outbox_changed(); it refreshes itself when CivicSync's
 * "changed" names its case.
 *
 * Signals:
 *   "show-on-map" (const char *request_id)
 *   "open-case"   (const char *request_id)   a linked case was chosen
 *                 (the original of a duplicate, a suggestion)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "civic-store.h"
#include "civic-sync.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_CASE_DETAIL (civic_case_detail_get_type ())
G_DECLARE_FINAL_TYPE (CivicCaseDetail, civic_case_detail, CIVIC, CASE_DETAIL, AdwBin)

GtkWidget  *civic_case_detail_new          (void);
/* @sync may be NULL (then nothing is pushed and "me" is the username set
 * below); @request_id NULL clears the pane. */
void        civic_case_detail_set_case     (CivicCaseDetail *self,
                                            CivicStore      *store,
                                            CivicSync       *sync,
                                            const char      *request_id);
const char *civic_case_detail_get_case     (CivicCaseDetail *self);
/* Who "me" is when there is no CivicSync (tests, an offline desk that
 * never signed in); with a sync its "username" wins. */
void        civic_case_detail_set_username (CivicCaseDetail *self,
                                            const char      *username);
/* Re-reads the case from the store. */
void        civic_case_detail_refresh      (CivicCaseDetail *self);

G_END_DECLS
