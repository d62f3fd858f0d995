/* civic-new-case-dialog.h: a new case, its tracking number at once
 *
 * Channel, a service picked with search, that service's Open311
 * questions, the location as an address or a point, a description (at
 * most 4,000 characters, counted), and the reporter's contact (staff-only).
 * Create makes the case in the local store with the next number leased to
 * this desk (civic_local_create_case) and shows that number in large type
 * with a Copy button — with or without a network — then the engine sends
 * it. Emits "created" (request_id).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "civic-store.h"
#include "civic-sync.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_NEW_CASE_DIALOG (civic_new_case_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CivicNewCaseDialog, civic_new_case_dialog, CIVIC, NEW_CASE_DIALOG, AdwWindow)

/* @sync may be NULL (no connection: the case waits in the outbox). */
CivicNewCaseDialog *civic_new_case_dialog_new          (GtkWindow          *parent,
                                                        CivicStore         *store,
                                                        CivicSync          *sync,
                                                        const char         *author);
/* For "turn this post into a case": any may be NULL. */
void                civic_new_case_dialog_set_prefill  (CivicNewCaseDialog *self,
                                                        CivicChannel        channel,
                                                        const char         *description,
                                                        const char         *address);
/* The feed post (server id) the case is made from: the post and the case
 * link to each other and the post is answered with the number. */
void                civic_new_case_dialog_set_source_post (CivicNewCaseDialog *self,
                                                           gint64              post_id);
/* Selects the service with @code; FALSE when the store has none. */
gboolean            civic_new_case_dialog_select_service (CivicNewCaseDialog *self,
                                                          const char         *code);
/* The number of the case just created, or NULL. */
const char         *civic_new_case_dialog_get_request_id (CivicNewCaseDialog *self);

G_END_DECLS
