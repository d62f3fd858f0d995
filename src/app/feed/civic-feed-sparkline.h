/* civic-feed-sparkline.h: a tag's 14 days as a small line, drawn in
 * snapshot with cairo (no widget per point)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CIVIC_TYPE_FEED_SPARKLINE (civic_feed_sparkline_get_type ())
G_DECLARE_FINAL_TYPE (CivicFeedSparkline, civic_feed_sparkline, CIVIC, FEED_SPARKLINE, GtkWidget)

GtkWidget *civic_feed_sparkline_new        (void);
/* @n counts, oldest first; the last one (today) is marked. */
void       civic_feed_sparkline_set_values (CivicFeedSparkline *self,
                                            const gint         *values,
                                            guint               n);

G_END_DECLS
