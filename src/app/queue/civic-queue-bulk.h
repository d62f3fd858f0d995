/* civic-queue-bulk.h: bulk actions on the queue's multi-selection
 *
 * Assign (a person or a department), change state (closing needs a
 * note), add or remove a tag, merge into one original: ONE local write
 * (civic-local-bulk.h) — every case changes in the replica at once and
 * the outbox gets one POST /api/v1/cases/bulk (a merge: one POST
 * …/merge per case, same transaction) — then the engine is told to push.
 * The answer is the inverse, for a toast's Undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "civic-local-bulk.h"
#include "civic-sync.h"

G_BEGIN_DECLS

/* NULL with the reason in words (nothing written). @sync may be NULL. */
CivicBulkUndo *civic_queue_bulk_apply     (CivicStore             *store,
                                           CivicSync              *sync,
                                           GStrv                   request_ids,
                                           const CivicBulkChange  *change,
                                           const char             *author,
                                           GError                **error);
/* Applies the inverse as another bulk write (once). */
gboolean       civic_queue_bulk_undo      (CivicStore             *store,
                                           CivicSync              *sync,
                                           CivicBulkUndo          *undo,
                                           const char             *author,
                                           GError                **error);
/* "Assigned 500 cases to sam — Undo": an AdwToast whose button applies
 * the inverse; takes @undo. A change that cannot be undone (a merge)
 * gets a toast without the button. A failed undo is reported through
 * @overlay with another toast. */
AdwToast      *civic_queue_bulk_toast_new (AdwToastOverlay        *overlay,
                                           CivicStore             *store,
                                           CivicSync              *sync,
                                           CivicBulkUndo          *undo,
                                           const char             *author);

G_END_DECLS
