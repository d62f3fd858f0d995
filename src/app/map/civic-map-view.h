/* civic-map-view.h: the Case Map tab
 *
 * Signals:
 *   "case-activated" (const char *request_id)   a case's point was clicked
 *   "selection-changed" ()                      a box selection ended;
 *                                               civic_map_view_get_selected_ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <shumate/shumate.h>

#include "civic-case-layer.h"
#include "civic-connection-manager.h"
#include "civic-queue-filter.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_MAP_VIEW (civic_map_view_get_type ())
G_DECLARE_FINAL_TYPE (CivicMapView, civic_map_view, CIVIC, MAP_VIEW, AdwBin)

GtkWidget      *civic_map_view_new               (void);
/* the tile template and the last position (NULL: defaults, not kept) */
void            civic_map_view_set_settings      (CivicMapView           *self,
                                                  GSettings              *settings);
/* The queue's filter: the map draws the cases it selects. */
void            civic_map_view_set_filter        (CivicMapView           *self,
                                                  CivicQueueFilter       *filter);
void            civic_map_view_set_manager       (CivicMapView           *self,
                                                  CivicConnectionManager *manager);
/* For a view without a manager (tests, the bench). */
void            civic_map_view_set_store         (CivicMapView           *self,
                                                  CivicStore             *store,
                                                  CivicSync              *sync);

CivicCaseLayer *civic_map_view_get_layer         (CivicMapView           *self);
ShumateMap     *civic_map_view_get_map           (CivicMapView           *self);
/* TRUE while the cases are read and indexed off the main thread. */
gboolean        civic_map_view_is_loading        (CivicMapView           *self);
/* FALSE once a tile could not be fetched (the banner shows). */
gboolean        civic_map_view_get_tiles_available (CivicMapView         *self);

/* Centres on the extent of the cases. */
void            civic_map_view_fit_cases         (CivicMapView           *self);
/* Centres on a case and rings it; FALSE when it has no location. */
gboolean        civic_map_view_show_case         (CivicMapView           *self,
                                                  const char             *request_id);
/* What a click at widget point (@x, @y) does: a case → "case-activated",
 * a cluster → zoom in on it. FALSE when nothing is there. */
gboolean        civic_map_view_activate_at       (CivicMapView           *self,
                                                  double                  x,
                                                  double                  y);
/* What a Shift-drag from (@x0, @y0) to (@x1, @y1) does: the cases inside
 * become the selection ("selection-changed"). Returns how many. */
guint           civic_map_view_select_box        (CivicMapView           *self,
                                                  double                  x0,
                                                  double                  y0,
                                                  double                  x1,
                                                  double                  y1);
/* cases.id of the last box selection */
GArray         *civic_map_view_get_selected_ids  (CivicMapView           *self);

G_END_DECLS
