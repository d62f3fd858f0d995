/* civic-queue-view.h: the Case Queue tab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CIVIC_TYPE_QUEUE_VIEW (civic_queue_view_get_type ())
G_DECLARE_FINAL_TYPE (CivicQueueView, civic_queue_view, CIVIC, QUEUE_VIEW, AdwBin)

GtkWidget *civic_queue_view_new (void);

G_END_DECLS
