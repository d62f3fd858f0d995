/* civic-queue-view.h: the Case Queue tab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "civic-case-list-model.h"
#include "civic-connection-manager.h"
#include "civic-queue-filter.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_QUEUE_VIEW (civic_queue_view_get_type ())
G_DECLARE_FINAL_TYPE (CivicQueueView, civic_queue_view, CIVIC, QUEUE_VIEW, AdwBin)

GtkWidget          *civic_queue_view_new                     (void);
/* Follows the manager's active store and sync (NULL: none). */
void                civic_queue_view_set_manager             (CivicQueueView         *self,
                                                              CivicConnectionManager *manager);
/* For a view without a manager (tests, the bench): an explicit pair. */
void                civic_queue_view_set_store               (CivicQueueView         *self,
                                                              CivicStore             *store,
                                                              CivicSync              *sync);
/* The shared filter (the map shows the same cases). */
CivicQueueFilter   *civic_queue_view_get_filter              (CivicQueueView         *self);
CivicCaseListModel *civic_queue_view_get_model               (CivicQueueView         *self);
GtkSelectionModel  *civic_queue_view_get_selection           (CivicQueueView         *self);
GtkColumnView      *civic_queue_view_get_column_view         (CivicQueueView         *self);
GtkScrolledWindow  *civic_queue_view_get_scrolled_window     (CivicQueueView         *self);
/* The tracking numbers of the selected cases (bulk actions). */
GStrv               civic_queue_view_get_selected_request_ids (CivicQueueView        *self);
/* The search: a whole tracking number opens that case. */
void                civic_queue_view_search                  (CivicQueueView         *self,
                                                              const char             *text);
/* Selects the case and shows it in the detail; FALSE when not listed. */
gboolean            civic_queue_view_open_case               (CivicQueueView         *self,
                                                              const char             *request_id);
/* The case the detail shows, or NULL. */
const char         *civic_queue_view_get_open_case           (CivicQueueView         *self);
/* Saves the current filter and sort as a view shared through the service. */
gboolean            civic_queue_view_save_view               (CivicQueueView         *self,
                                                              const char             *name,
                                                              GError                **error);

G_END_DECLS
