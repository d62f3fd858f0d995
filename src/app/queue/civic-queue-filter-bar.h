/* civic-queue-filter-bar.h: the controls that edit a CivicQueueFilter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "civic-queue-filter.h"

G_BEGIN_DECLS

/* Fills @box (emptied first) with a control per filter, each showing
 * @filter's current value and writing to it: state, department, service,
 * assignee (anyone, me = @me, unassigned, a person), channel, overdue,
 * tag, date range, and Clear. @store may be NULL (only fixed choices). */
void civic_queue_filter_bar_fill (GtkFlowBox       *box,
                                  CivicQueueFilter *filter,
                                  CivicStore       *store,
                                  const char       *me);

G_END_DECLS
