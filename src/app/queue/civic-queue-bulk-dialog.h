/* civic-queue-bulk-dialog.h: what a bulk action needs to know first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "civic-local-bulk.h"

G_BEGIN_DECLS

/* Called once the clerk confirmed; the strings of @change live as long
 * as the call. */
typedef void (*CivicBulkAnswer) (const CivicBulkChange *change,
                                 gpointer               data);

/* Asks, in a dialog on @parent, for what @action needs: the person
 * (ASSIGN), the department (DEPARTMENT), the tag (ADD_TAG), the
 * resolution note (STATE with CIVIC_CASE_STATE_CLOSED), the original
 * among @request_ids (MERGE). Returns the dialog (already presented); a
 * cancelled dialog calls nothing. @data must outlive the dialog. */
GtkWidget *civic_queue_bulk_dialog_present (GtkWindow            *parent,
                                            CivicStore           *store,
                                            CivicBulkAction       action,
                                            CivicCaseState        state,
                                            const char * const   *request_ids,
                                            CivicBulkAnswer       answer,
                                            gpointer              data);

G_END_DECLS
