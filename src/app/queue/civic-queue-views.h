/* civic-queue-views.h: saved views of the queue (name + filter + sort)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "civic-queue-view.h"

G_BEGIN_DECLS

/* The Views menu: each saved view (queue.apply-view, its id), then
 * "Save View…" (queue.save-view). @store may be NULL. */
GMenuModel *civic_queue_views_menu       (CivicStore          *store);
/* Reads view @id: its filter and sort. */
gboolean    civic_queue_views_load       (CivicStore          *store,
                                          gint64               id,
                                          CivicCaseFilter    **filter,
                                          CivicCaseSort       *sort);
/* The sort as the service spells it ("-requested"). */
const char *civic_queue_views_sort_param (const CivicCaseSort *sort);
/* Asks for a name, then civic_queue_view_save_view(). */
void        civic_queue_views_ask_name   (CivicQueueView      *view);

G_END_DECLS
