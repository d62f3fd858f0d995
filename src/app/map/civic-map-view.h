/* civic-map-view.h: the Case Map tab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CIVIC_TYPE_MAP_VIEW (civic_map_view_get_type ())
G_DECLARE_FINAL_TYPE (CivicMapView, civic_map_view, CIVIC, MAP_VIEW, AdwBin)

GtkWidget *civic_map_view_new (void);

G_END_DECLS
