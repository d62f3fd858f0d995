/* civic-feed-view.h: the Hashtag Feed tab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CIVIC_TYPE_FEED_VIEW (civic_feed_view_get_type ())
G_DECLARE_FINAL_TYPE (CivicFeedView, civic_feed_view, CIVIC, FEED_VIEW, AdwBin)

GtkWidget *civic_feed_view_new (void);

G_END_DECLS
