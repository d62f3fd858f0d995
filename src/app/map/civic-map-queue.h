/* civic-map-queue.h: what the map hands to the queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-map-view.h"
#include "civic-queue-view.h"

G_BEGIN_DECLS

/* Makes the cases @ids (cases.id) the queue's selection: one change of
 * the selection model however many there are. Returns how many of them
 * the queue lists. */
guint civic_map_select_in_queue (CivicQueueView *queue,
                                 GArray         *ids);

G_END_DECLS
