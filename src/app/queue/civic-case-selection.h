/* civic-case-selection.h: a multi-selection that never reads items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CIVIC_TYPE_CASE_SELECTION (civic_case_selection_get_type ())
G_DECLARE_FINAL_TYPE (CivicCaseSelection, civic_case_selection, CIVIC, CASE_SELECTION, GObject)

/* A GtkSelectionModel (several items) over @model, which it references. */
CivicCaseSelection *civic_case_selection_new (GListModel *model);

G_END_DECLS
