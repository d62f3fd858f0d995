/* civic-case-layer.c: the cases on the map, a few render nodes per mark
 *
 * A frame asks the index for the runs of clusters (or, from street zoom,
 * points) that meet the view and appends a few colour and border nodes
 * per mark (civic-case-marks.c says why not an image). The work grows
 * with what is visible, not with the number of cases.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <math.h>
#include <string.h>

#include "civic-case-layer.h"
#include "civic-case-marks.h"

#define HEAT_CELL   8    /* px: the heat map's grid */
#define HEAT_LEVELS 12   /* shades: few enough that rows merge into runs */
#define MARGIN    30     /* px: marks just outside still show their edge */

struct _CivicCaseLayer
{
  ShumateLayer     parent_instance;

  CivicCaseIndex  *index;
  GHashTable      *counts;    /* count text → CountNode, reused */
  gboolean         heat_map;
  gint64           highlight;
  double           highlight_x, highlight_y;
  gboolean         has_band;
  graphene_rect_t  band;

  guint            drawn_cases, drawn_marks, heat_cells;
  double           snapshot_ms;
  GArray          *cells;     /* ScreenCell: the last dense street frame's */
};

/* A dense street view is clustered on the screen: a million-case city
 * puts tens of thousands of cases in a street-sized view, and the index's
 * finest cells are wider than that view. */
#define SCREEN_CELL 80

typedef struct
{
  double  sx, sy;            /* sum of widget coordinates */
  double  wx, wy;            /* sum of world coordinates */
  guint   count;
  guint   marks[CIVIC_N_MARKS];
} ScreenCell;

typedef struct
{
  GskRenderNode *node;       /* the text at 0,0 */
  int            width, height;
} CountNode;

G_DEFINE_FINAL_TYPE (CivicCaseLayer, civic_case_layer, SHUMATE_TYPE_LAYER)

/* The view in world units: centre and pixels per world unit. */
typedef struct
{
  double cx, cy, scale;
  int    width, height;
  double zoom;
} View;

static void
get_view (CivicCaseLayer *self,
          View           *view)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  double tile = source != NULL ? shumate_map_source_get_tile_size (source) : 256;

  view->zoom = shumate_viewport_get_zoom_level (viewport);
  civic_world_from_location (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                             shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                             &view->cx, &view->cy);
  view->scale = tile * pow (2, view->zoom);
  view->width = gtk_widget_get_width (GTK_WIDGET (self));
  view->height = gtk_widget_get_height (GTK_WIDGET (self));
}

static inline double
px_x (const View *v, double wx)
{
  return (wx - v->cx) * v->scale + v->width / 2.0;
}

static inline double
px_y (const View *v, double wy)
{
  return (wy - v->cy) * v->scale + v->height / 2.0;
}

/* the cluster level whose cells are about @cell_px pixels wide, or -1
 * for single points */
static int
level_for (const View *v,
           int         extra)
{
  int level;

  if (v->zoom >= CIVIC_CASE_LAYER_POINT_ZOOM)
    return -1;
  level = (int) floor (v->zoom) + extra;
  return CLAMP (level, 0, CIVIC_INDEX_LEVELS);
}

/* ---- marks ----------------------------------------------------------- */

typedef struct
{
  CivicCaseLayer *self;
  const View     *view;
  int             level;
  GtkSnapshot    *snapshot;
  guint32        *taken;      /* points: OCCUPY-px cell → its Dot + 1 */
  int             taken_w, taken_h;
  GArray         *points;     /* Dot: what a street view will draw */
  ScreenCell     *grid;       /* … or its screen clusters when dense */
  int             grid_w, grid_h, grid_x0, grid_y0;
} Frame;

typedef struct
{
  float  x, y;
  guint8 mark;
} Dot;

/* From this many marks in a street view it is clustered on the screen
 * instead: each mark is two render nodes, a few µs each on the cairo
 * renderer, and the frame has 16.7 ms. */
#define DENSE 1200

/* Cases closer than this many pixels mostly hide each other under a
 * 10 px mark: one is drawn (an overdue one always). A dense street view
 * of a million-case city is thousands of marks, each a render node. */
#define OCCUPY 6

/* A cluster's count as a render node, laid out once: a pan at city zoom
 * draws a hundred counts, and laying their glyphs out again each frame
 * costs more than the rest of the frame. A text node, not a texture:
 * the cairo renderer copies a texture into a new image surface every
 * time it draws it, while glyphs come from the glyph cache. */
static GskRenderNode *
count_node (CivicCaseLayer *self,
            const char     *text,
            int            *width,
            int            *height)
{
  CountNode *count = g_hash_table_lookup (self->counts, text);

  if (count == NULL)
    {
      g_autoptr(PangoLayout) layout = NULL;
      PangoAttrList *attrs;
      GtkSnapshot *snapshot;
      static const GdkRGBA white = { 1, 1, 1, 1 };

      /* a few thousand distinct counts at most; start over beyond */
      if (g_hash_table_size (self->counts) > 4000)
        g_hash_table_remove_all (self->counts);
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      count = g_new0 (CountNode, 1);
      pango_layout_get_pixel_size (layout, &count->width, &count->height);
      snapshot = gtk_snapshot_new ();
      gtk_snapshot_append_layout (snapshot, layout, &white);
      count->node = gtk_snapshot_free_to_node (snapshot);
      g_hash_table_insert (self->counts, g_strdup (text), count);
    }
  *width = count->width;
  *height = count->height;
  return count->node;
}

static void
count_node_free (gpointer data)
{
  CountNode *count = data;

  g_clear_pointer (&count->node, gsk_render_node_unref);
  g_free (count);
}

static void
draw_point_run (guint    first,
                guint    n,
                gpointer data)
{
  Frame *f = data;
  const CivicCaseIndex *index = f->self->index;
  const View *v = f->view;

  for (guint i = first; i < first + n; i++)
    {
      int x = (int) px_x (v, index->x[i]), y = (int) px_y (v, index->y[i]);

      int cell;

      if (x < -MARGIN || y < -MARGIN || x > v->width + MARGIN || y > v->height + MARGIN)
        continue;
      f->self->drawn_cases++;
      {
        /* cells fixed to the world, not the screen: a pan moves the
         * clusters, it does not regroup them */
        int gx = (int) floor (index->x[i] * v->scale / SCREEN_CELL) - f->grid_x0;
        int gy = (int) floor (index->y[i] * v->scale / SCREEN_CELL) - f->grid_y0;
        ScreenCell *c = &f->grid[CLAMP (gy, 0, f->grid_h - 1) * f->grid_w + CLAMP (gx, 0, f->grid_w - 1)];

        c->sx += x, c->sy += y;
        c->wx += index->x[i], c->wy += index->y[i];
        c->count++;
        c->marks[index->mark[i]]++;
      }
      /* a dense block at street zoom: stacked marks cost frames, not
       * information; where an overdue case hides, the mark says overdue */
      cell = ((y + MARGIN) / OCCUPY) * f->taken_w + (x + MARGIN) / OCCUPY;
      if (f->taken[cell] != 0)
        {
          if (index->mark[i] == CIVIC_MARK_OVERDUE)
            g_array_index (f->points, Dot, f->taken[cell] - 1).mark = CIVIC_MARK_OVERDUE;
          continue;
        }
      {
        Dot dot = { x, y, index->mark[i] };

        g_array_append_val (f->points, dot);
        f->taken[cell] = f->points->len;
      }
      f->self->drawn_marks++;
    }
}

static void
draw_count (CivicCaseLayer *self,
            GtkSnapshot    *snapshot,
            guint           count,
            int             x,
            int             y)
{
  GskRenderNode *node;
  char text[16];
  int tw, th;

  civic_mark_format_count (count, text, sizeof text);
  node = count_node (self, text, &tw, &th);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x - tw / 2, y - th / 2));
  gtk_snapshot_append_node (snapshot, node);
  gtk_snapshot_restore (snapshot);
}

static void
draw_cluster_run (guint    first,
                  guint    n,
                  gpointer data)
{
  Frame *f = data;
  CivicCaseLayer *self = f->self;
  const CivicCluster *clusters = self->index->clusters[f->level];
  const View *v = f->view;

  for (guint i = first; i < first + n; i++)
    {
      const CivicCluster *c = &clusters[i];
      int x = (int) px_x (v, c->x), y = (int) px_y (v, c->y);

      if (x < -MARGIN || y < -MARGIN || x > v->width + MARGIN || y > v->height + MARGIN)
        continue;
      self->drawn_cases += c->count;
      self->drawn_marks++;
      if (c->count == 1)
        {
          civic_mark_point (f->snapshot, c->mark, x, y);
          continue;
        }
      civic_mark_cluster (f->snapshot, c->mark, c->count, c->marks[CIVIC_MARK_OVERDUE] > 0, x, y);
      draw_count (self, f->snapshot, c->count, x, y);
    }
}


static void
draw_screen_clusters (CivicCaseLayer *self,
                      Frame          *f)
{
  g_array_set_size (self->cells, 0);
  self->drawn_marks = 0;
  for (int i = 0; i < f->grid_w * f->grid_h; i++)
    {
      ScreenCell *c = &f->grid[i];
      guint8 mark = CIVIC_MARK_OVERDUE;
      int x, y;

      if (c->count == 0)
        continue;
      for (guint8 m = 0; m < CIVIC_N_MARKS; m++)
        if (c->marks[m] > c->marks[mark])
          mark = m;
      x = (int) (c->sx / c->count), y = (int) (c->sy / c->count);
      if (c->count == 1)
        civic_mark_point (f->snapshot, mark, x, y);
      else
        {
          civic_mark_cluster (f->snapshot, mark, c->count, c->marks[CIVIC_MARK_OVERDUE] > 0, x, y);
          draw_count (self, f->snapshot, c->count, x, y);
        }
      g_array_append_val (self->cells, *c);
      self->drawn_marks++;
    }
}

static void
draw_points (GtkSnapshot *snapshot,
             GArray      *points)
{
  for (guint i = 0; i < points->len; i++)
    {
      const Dot *d = &g_array_index (points, Dot, i);

      civic_mark_point (snapshot, d->mark, d->x, d->y);
    }
}

/* ---- heat map -------------------------------------------------------- */

typedef struct
{
  const CivicCaseIndex *index;
  const View           *view;
  int                   level;
  int                   gw, gh;
  float                *grid;
} Heat;

static inline void
heat_add (Heat   *h,
          double  wx,
          double  wy,
          float   weight)
{
  int gx = (int) floor (px_x (h->view, wx) / HEAT_CELL) + 1;
  int gy = (int) floor (px_y (h->view, wy) / HEAT_CELL) + 1;

  if (gx >= 0 && gy >= 0 && gx < h->gw && gy < h->gh)
    h->grid[gy * h->gw + gx] += weight;
}

static void
heat_run (guint    first,
          guint    n,
          gpointer data)
{
  Heat *h = data;

  for (guint i = first; i < first + n; i++)
    if (h->level < 0)
      heat_add (h, h->index->x[i], h->index->y[i], 1);
    else
      {
        const CivicCluster *c = &h->index->clusters[h->level][i];
        heat_add (h, c->x, c->y, c->count);
      }
}

static void
blur (float *grid,
      int    gw,
      int    gh)
{
  g_autofree float *tmp = g_new0 (float, gw * gh);

  for (int y = 0; y < gh; y++)
    for (int x = 0; x < gw; x++)
      {
        float s = 0;
        for (int d = -2; d <= 2; d++)
          s += grid[y * gw + CLAMP (x + d, 0, gw - 1)];
        tmp[y * gw + x] = s / 5;
      }
  for (int y = 0; y < gh; y++)
    for (int x = 0; x < gw; x++)
      {
        float s = 0;
        for (int d = -2; d <= 2; d++)
          s += tmp[CLAMP (y + d, 0, gh - 1) * gw + x];
        grid[y * gw + x] = s / 5;
      }
}

/* blue → yellow → red, more opaque as it gets hotter */
static void
heat_color (float    t,
            GdkRGBA *color)
{
  color->alpha = 0.3f + 0.55f * t;
  if (t < 0.5f)
    color->red = 2 * t, color->green = 2 * t, color->blue = 1 - 2 * t;
  else
    color->red = 1, color->green = 2 - 2 * t, color->blue = 0;
}

static void
draw_heat (CivicCaseLayer *self,
           GtkSnapshot    *snapshot,
           const View     *v,
           double          x0,
           double          y0,
           double          x1,
           double          y1)
{
  Heat h = { self->index, v, level_for (v, 5), v->width / HEAT_CELL + 3, v->height / HEAT_CELL + 3, NULL };
  g_autofree float *grid = g_new0 (float, h.gw * h.gh);
  float max = 0;

  h.grid = grid;
  civic_case_index_query (self->index, h.level, x0, y0, x1, y1, heat_run, &h);
  for (int i = 0; i < h.gw * h.gh; i++)
    if (grid[i] > 0)
      self->heat_cells++;
  /* two box passes: close enough to a gaussian, no square halos */
  blur (grid, h.gw, h.gh);
  blur (grid, h.gw, h.gh);
  for (int i = 0; i < h.gw * h.gh; i++)
    max = MAX (max, grid[i]);
  if (max <= 0)
    return;

  /* colour quads, a run of cells of the same shade in a row as one:
   * plain fills on every renderer, where a scaled image is a software
   * resample of the whole layer on the cairo one (measured ~20 ms) */
  for (int y = 0; y < h.gh; y++)
    {
      int run_start = 0, run_level = 0;

      for (int x = 0; x <= h.gw; x++)
        {
          float value = x < h.gw ? grid[y * h.gw + x] : 0;
          /* log scale: a quiet street still shows next to a busy avenue */
          float t = value > 0.02f ? logf (1 + value) / logf (1 + max) : 0;
          int level = t > 0.05f ? 1 + (int) (MIN (t, 1) * (HEAT_LEVELS - 1)) : 0;

          if (x < h.gw && level == run_level)
            continue;
          if (run_level > 0)
            {
              GdkRGBA color;

              heat_color ((float) (run_level - 1) / (HEAT_LEVELS - 1), &color);
              gtk_snapshot_append_color (snapshot, &color,
                                         &GRAPHENE_RECT_INIT ((run_start - 1) * HEAT_CELL, (y - 1) * HEAT_CELL,
                                                              (x - run_start) * HEAT_CELL, HEAT_CELL));
            }
          run_start = x;
          run_level = level;
        }
    }
}

/* ---- the frame ------------------------------------------------------- */

static void
civic_case_layer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  CivicCaseLayer *self = CIVIC_CASE_LAYER (widget);
  View v;
  double x0, y0, x1, y1;
  gint64 t0 = g_get_monotonic_time ();

  self->drawn_cases = self->drawn_marks = self->heat_cells = 0;
  get_view (self, &v);
  if (v.width <= 0 || v.height <= 0)
    return;

  if (self->index != NULL && self->index->n_points > 0)
    {
      x0 = v.cx - (v.width / 2.0 + MARGIN) / v.scale;
      x1 = v.cx + (v.width / 2.0 + MARGIN) / v.scale;
      y0 = v.cy - (v.height / 2.0 + MARGIN) / v.scale;
      y1 = v.cy + (v.height / 2.0 + MARGIN) / v.scale;

      if (self->heat_map)
        draw_heat (self, snapshot, &v, x0, y0, x1, y1);
      else
        {
          Frame f = { self, &v, level_for (&v, CIVIC_CASE_LAYER_CLUSTER_LEVELS), snapshot, NULL, 0, 0, NULL, NULL, 0, 0, 0, 0 };
          g_autofree guint32 *taken = NULL;
          g_autofree ScreenCell *grid = NULL;
          g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (Dot));

          if (f.level < 0)
            {
              f.taken_w = (v.width + 2 * MARGIN) / OCCUPY + 1;
              f.taken_h = (v.height + 2 * MARGIN) / OCCUPY + 1;
              f.taken = taken = g_new0 (guint32, f.taken_w * f.taken_h);
              f.points = points;
              f.grid_x0 = (int) floor (x0 * v.scale / SCREEN_CELL);
              f.grid_y0 = (int) floor (y0 * v.scale / SCREEN_CELL);
              f.grid_w = (int) floor (x1 * v.scale / SCREEN_CELL) - f.grid_x0 + 1;
              f.grid_h = (int) floor (y1 * v.scale / SCREEN_CELL) - f.grid_y0 + 1;
              f.grid = grid = g_new0 (ScreenCell, f.grid_w * f.grid_h);
            }
          g_array_set_size (self->cells, 0);
          civic_case_index_query (self->index, f.level, x0, y0, x1, y1,
                                  f.level < 0 ? draw_point_run : draw_cluster_run, &f);
          if (f.level < 0 && points->len >= DENSE)
            draw_screen_clusters (self, &f);
          else if (f.level < 0)
            draw_points (snapshot, points);
        }
    }

  if (self->highlight != 0)
    {
      double hx = px_x (&v, self->highlight_x), hy = px_y (&v, self->highlight_y);
      GskRoundedRect ring;
      GdkRGBA colors[4];

      gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (hx - 14, hy - 14, 28, 28), 14);
      for (int i = 0; i < 4; i++)
        gdk_rgba_parse (&colors[i], "#1a5fb4");
      gtk_snapshot_append_border (snapshot, &ring, (float[4]) { 3, 3, 3, 3 }, colors);
    }
  if (self->has_band)
    {
      GskRoundedRect rect;
      GdkRGBA fill, edge[4];

      gdk_rgba_parse (&fill, "rgba(53,132,228,0.18)");
      for (int i = 0; i < 4; i++)
        gdk_rgba_parse (&edge[i], "#3584e4");
      gtk_snapshot_append_color (snapshot, &fill, &self->band);
      gsk_rounded_rect_init_from_rect (&rect, &self->band, 0);
      gtk_snapshot_append_border (snapshot, &rect, (float[4]) { 1, 1, 1, 1 }, edge);
    }
  self->snapshot_ms = (g_get_monotonic_time () - t0) / 1000.0;
}

/* ---- plumbing -------------------------------------------------------- */

static void
viewport_changed_cb (CivicCaseLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
civic_case_layer_constructed (GObject *object)
{
  CivicCaseLayer *self = CIVIC_CASE_LAYER (object);
  ShumateViewport *viewport;

  G_OBJECT_CLASS (civic_case_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_signal_connect_object (viewport, "notify::latitude", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::zoom-level", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
civic_case_layer_finalize (GObject *object)
{
  CivicCaseLayer *self = CIVIC_CASE_LAYER (object);

  g_clear_pointer (&self->index, civic_case_index_free);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->cells, g_array_unref);

  G_OBJECT_CLASS (civic_case_layer_parent_class)->finalize (object);
}

static void
civic_case_layer_class_init (CivicCaseLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = civic_case_layer_constructed;
  object_class->finalize = civic_case_layer_finalize;
  widget_class->snapshot = civic_case_layer_snapshot;
}

static void
civic_case_layer_init (CivicCaseLayer *self)
{
  /* clicks are the map view's: the layer only draws */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  self->cells = g_array_new (FALSE, FALSE, sizeof (ScreenCell));
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, count_node_free);
}

CivicCaseLayer *
civic_case_layer_new (ShumateViewport *viewport)
{
  return g_object_new (CIVIC_TYPE_CASE_LAYER, "viewport", viewport, NULL);
}

void
civic_case_layer_set_index (CivicCaseLayer *self,
                            CivicCaseIndex *index)
{
  g_return_if_fail (CIVIC_IS_CASE_LAYER (self));

  g_clear_pointer (&self->index, civic_case_index_free);
  self->index = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const CivicCaseIndex *
civic_case_layer_get_index (CivicCaseLayer *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_LAYER (self), NULL);
  return self->index;
}

void
civic_case_layer_set_heat_map (CivicCaseLayer *self,
                               gboolean        heat_map)
{
  g_return_if_fail (CIVIC_IS_CASE_LAYER (self));

  self->heat_map = !!heat_map;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
civic_case_layer_get_heat_map (CivicCaseLayer *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_LAYER (self), FALSE);
  return self->heat_map;
}

void
civic_case_layer_set_highlight (CivicCaseLayer *self,
                                gint64          id,
                                double          lat,
                                double          lon)
{
  g_return_if_fail (CIVIC_IS_CASE_LAYER (self));

  self->highlight = id;
  civic_world_from_location (lat, lon, &self->highlight_x, &self->highlight_y);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
civic_case_layer_get_highlight (CivicCaseLayer *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_LAYER (self), 0);
  return self->highlight;
}

void
civic_case_layer_set_band (CivicCaseLayer        *self,
                           const graphene_rect_t *band)
{
  g_return_if_fail (CIVIC_IS_CASE_LAYER (self));

  self->has_band = band != NULL;
  if (band != NULL)
    graphene_rect_normalize_r (band, &self->band);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
civic_case_layer_get_drawn_cases (CivicCaseLayer *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_LAYER (self), 0);
  return self->drawn_cases;
}

guint
civic_case_layer_get_drawn_marks (CivicCaseLayer *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_LAYER (self), 0);
  return self->drawn_marks;
}

double
civic_case_layer_get_snapshot_ms (CivicCaseLayer *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_LAYER (self), 0);
  return self->snapshot_ms;
}

guint
civic_case_layer_get_heat_cells (CivicCaseLayer *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_LAYER (self), 0);
  return self->heat_cells;
}

void
civic_case_layer_to_world (CivicCaseLayer *self,
                           double          x,
                           double          y,
                           double         *wx,
                           double         *wy)
{
  View v;

  get_view (self, &v);
  *wx = v.cx + (x - v.width / 2.0) / v.scale;
  *wy = v.cy + (y - v.height / 2.0) / v.scale;
}

void
civic_case_layer_from_world (CivicCaseLayer *self,
                             double          wx,
                             double          wy,
                             double         *x,
                             double         *y)
{
  View v;

  get_view (self, &v);
  *x = px_x (&v, wx);
  *y = px_y (&v, wy);
}

typedef struct
{
  const CivicCaseIndex *index;
  const View           *view;
  int                   level;
  double                x, y;
  double                best;     /* squared px distance */
  guint                 found;
  gboolean              any;
} Pick;

static void
pick_run (guint    first,
          guint    n,
          gpointer data)
{
  Pick *p = data;

  for (guint i = first; i < first + n; i++)
    {
      double wx = p->level < 0 ? p->index->x[i] : p->index->clusters[p->level][i].x;
      double wy = p->level < 0 ? p->index->y[i] : p->index->clusters[p->level][i].y;
      double dx = px_x (p->view, wx) - p->x, dy = px_y (p->view, wy) - p->y;
      double d = dx * dx + dy * dy;
      double radius = 8;

      if (p->level >= 0 && p->index->clusters[p->level][i].count > 1)
        radius = civic_cluster_radius (p->index->clusters[p->level][i].count) + 2;
      if (d <= radius * radius && (!p->any || d < p->best))
        {
          p->best = d;
          p->found = i;
          p->any = TRUE;
        }
    }
}

gboolean
civic_case_layer_pick (CivicCaseLayer *self,
                       double          x,
                       double          y,
                       gint64         *id,
                       double         *lat,
                       double         *lon)
{
  View v;
  Pick p = { 0 };
  double r;

  g_return_val_if_fail (CIVIC_IS_CASE_LAYER (self), FALSE);

  if (self->index == NULL || self->index->n_points == 0)
    return FALSE;
  get_view (self, &v);
  /* a dense street frame drew screen clusters: a click means those */
  for (guint i = 0; i < self->cells->len && !self->heat_map; i++)
    {
      const ScreenCell *c = &g_array_index (self->cells, ScreenCell, i);
      double dx = c->sx / c->count - x, dy = c->sy / c->count - y;
      double radius = c->count > 1 ? civic_cluster_radius (c->count) + 2 : 8;

      if (c->count > 1 && dx * dx + dy * dy <= radius * radius)
        {
          *id = 0;
          civic_world_to_location (c->wx / c->count, c->wy / c->count, lat, lon);
          return TRUE;
        }
    }
  p.index = self->index;
  p.view = &v;
  p.level = level_for (&v, CIVIC_CASE_LAYER_CLUSTER_LEVELS);
  p.x = x;
  p.y = y;
  r = 30 / v.scale;
  civic_case_index_query (self->index, p.level,
                          v.cx + (x - v.width / 2.0) / v.scale - r,
                          v.cy + (y - v.height / 2.0) / v.scale - r,
                          v.cx + (x - v.width / 2.0) / v.scale + r,
                          v.cy + (y - v.height / 2.0) / v.scale + r,
                          pick_run, &p);
  if (!p.any)
    return FALSE;
  if (self->heat_map)
    {
      /* the heat map shows no single case: a click on a warm spot is a
       * cluster there, to zoom into */
      *id = 0;
      civic_world_to_location (v.cx + (x - v.width / 2.0) / v.scale,
                               v.cy + (y - v.height / 2.0) / v.scale, lat, lon);
      return TRUE;
    }
  if (p.level < 0 || self->index->clusters[p.level][p.found].count == 1)
    {
      guint point = p.level < 0 ? p.found : self->index->clusters[p.level][p.found].first;

      *id = self->index->id[point];
      civic_world_to_location (self->index->x[point], self->index->y[point], lat, lon);
    }
  else
    {
      *id = 0;
      civic_world_to_location (self->index->clusters[p.level][p.found].x,
                               self->index->clusters[p.level][p.found].y, lat, lon);
    }
  return TRUE;
}
