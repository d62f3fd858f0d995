/* civic-case-layer.h: the cases on the map, drawn by one ShumateLayer
 *
 * No widget per case (ShumateMarkerLayer makes one per marker): the
 * layer appends a few render nodes per case or cluster in view. Points
 * from street zoom, clusters with counts below, or a heat map. Overdue
 * cases are red diamonds, the others discs in the colour of their state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

#include "civic-case-index.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_CASE_LAYER (civic_case_layer_get_type ())
G_DECLARE_FINAL_TYPE (CivicCaseLayer, civic_case_layer, CIVIC, CASE_LAYER, ShumateLayer)

/* from this zoom on every case is its own point */
#define CIVIC_CASE_LAYER_POINT_ZOOM 15
/* Clusters group the cases of 128 px cells: the index level one finer
 * than the zoom (a tile is 2×2 of its cells). That is about the reach of
 * common web map clusterers (an 80 px radius), and a cluster is several
 * render nodes on the cairo renderer: 64 px cells made a city-zoom frame
 * of 146 clusters cost 1.5 ms. */
#define CIVIC_CASE_LAYER_CLUSTER_LEVELS 1

CivicCaseLayer       *civic_case_layer_new            (ShumateViewport *viewport);
/* Takes @index (NULL: nothing to draw). */
void                  civic_case_layer_set_index      (CivicCaseLayer  *self,
                                                       CivicCaseIndex  *index);
const CivicCaseIndex *civic_case_layer_get_index      (CivicCaseLayer  *self);
void                  civic_case_layer_set_heat_map   (CivicCaseLayer  *self,
                                                       gboolean         heat_map);
gboolean              civic_case_layer_get_heat_map   (CivicCaseLayer  *self);
/* Rings one case (0: none) at (@lat, @lon), drawn or filtered out. */
void                  civic_case_layer_set_highlight  (CivicCaseLayer  *self,
                                                       gint64           id,
                                                       double           lat,
                                                       double           lon);
gint64                civic_case_layer_get_highlight  (CivicCaseLayer  *self);
/* The rubber band of a box selection, widget coordinates; NULL: none. */
void                  civic_case_layer_set_band       (CivicCaseLayer        *self,
                                                       const graphene_rect_t *band);

/* What the last frame drew: cases (in points and clusters), marks
 * (points + clusters), heat cells with any weight. */
guint                 civic_case_layer_get_drawn_cases (CivicCaseLayer *self);
guint                 civic_case_layer_get_drawn_marks (CivicCaseLayer *self);
guint                 civic_case_layer_get_heat_cells  (CivicCaseLayer *self);
/* how long the last snapshot took (the bench tells it from the frame) */
double                civic_case_layer_get_snapshot_ms (CivicCaseLayer *self);

/* What is under widget point (@x, @y): a case (*id set, TRUE), or a
 * cluster of several (*id 0, its centre in @lat and @lon, TRUE); FALSE for
 * nothing. */
gboolean              civic_case_layer_pick           (CivicCaseLayer  *self,
                                                       double           x,
                                                       double           y,
                                                       gint64          *id,
                                                       double          *lat,
                                                       double          *lon);
/* Widget point ⇄ world units at the current view. */
void                  civic_case_layer_to_world       (CivicCaseLayer  *self,
                                                       double           x,
                                                       double           y,
                                                       double          *wx,
                                                       double          *wy);
void                  civic_case_layer_from_world     (CivicCaseLayer  *self,
                                                       double           wx,
                                                       double           wy,
                                                       double          *x,
                                                       double          *y);

G_END_DECLS
