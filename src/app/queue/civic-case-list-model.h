/* civic-case-list-model.h: the case queue as a lazy GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "civic-case-row.h"
#include "civic-store.h"
#include "civic-sync.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_CASE_LIST_MODEL (civic_case_list_model_get_type ())
G_DECLARE_FINAL_TYPE (CivicCaseListModel, civic_case_list_model, CIVIC, CASE_LIST_MODEL, GObject)

/* A GListModel of CivicCaseRow. */
CivicCaseListModel *civic_case_list_model_new        (void);
/* Both may be NULL (an empty list); follows @sync's "changed". */
void                civic_case_list_model_set_store  (CivicCaseListModel    *self,
                                                      CivicStore            *store,
                                                      CivicSync             *sync);
CivicStore         *civic_case_list_model_get_store  (CivicCaseListModel    *self);
/* Re-query and replace every item: ONE items-changed. NULL = no filter. */
void                civic_case_list_model_set_filter (CivicCaseListModel    *self,
                                                      const CivicCaseFilter *filter);
const CivicCaseFilter *civic_case_list_model_get_filter (CivicCaseListModel *self);
void                civic_case_list_model_set_sort   (CivicCaseListModel    *self,
                                                      const CivicCaseSort   *sort);
const CivicCaseSort *civic_case_list_model_get_sort  (CivicCaseListModel    *self);
/* After a local write or a sync: re-query, emit items-changed only where
 * the order changed, and update the rows of @request_ids in place (NULL:
 * every materialised row). */
void                civic_case_list_model_refresh    (CivicCaseListModel    *self,
                                                      const char * const    *request_ids);
/* The position of a case, or GTK_INVALID_LIST_POSITION (G_MAXUINT). */
guint               civic_case_list_model_find       (CivicCaseListModel    *self,
                                                      gint64                 id);
gint64              civic_case_list_model_get_id     (CivicCaseListModel    *self,
                                                      guint                  position);

G_END_DECLS
