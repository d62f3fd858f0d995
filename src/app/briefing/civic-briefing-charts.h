/* civic-briefing-charts.h: the briefing's small charts on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "civic-briefing.h"

G_BEGIN_DECLS

/* A 14-day sparkline, @values copied. */
GtkWidget *civic_briefing_sparkline_new (const gint64 *values,
                                         guint         n);
/* Draws @briefing's hot spots, numbered, on a plain map (no tiles: the
 * replica works offline) with a 1 km scale. */
void       civic_briefing_draw_hot_spots (cairo_t             *cr,
                                          double               width,
                                          double               height,
                                          const CivicBriefing *briefing);

G_END_DECLS
