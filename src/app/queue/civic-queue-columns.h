/* civic-queue-columns.h: the columns of the case queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "civic-store.h"

G_BEGIN_DECLS

/* Adds the columns, each with its own GtkSignalListItemFactory and a
 * sorter the header clicks drive (the sorting itself is SQL). */
void     civic_queue_columns_add      (GtkColumnView *view);
/* The sort the headers show: FALSE when no header sorts (newest first). */
gboolean civic_queue_columns_get_sort (GtkColumnView *view,
                                       CivicCaseSort *sort);

/* Shows @sort in the headers (which then ask the model to sort). */
void     civic_queue_columns_set_sort (GtkColumnView       *view,
                                       const CivicCaseSort *sort);

G_END_DECLS
