/* civic-case-layer.c: the cases on the map in one image per frame
 *
 * A frame asks the index for the runs of clusters (or, from street zoom,
 * points) that meet the view, blits a sprite per mark into an image the
 * size of the layer and hands that image over as one cairo node. The work
 * grows with what is visible, not with the number of cases.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <math.h>
#include <string.h>

#include "civic-case-layer.h"
#include "civic-case-sprites.h"

#define HEAT_CELL 8      /* px: the heat map's grid */
#define MARGIN    30     /* px: marks just outside still show their edge */

struct _CivicCaseLayer
{
  ShumateLayer     parent_instance;

  CivicCaseIndex  *index;
  CivicSpriteSet  *sprites;
  cairo_surface_t *canvas;
  gboolean         heat_map;
  gint64           highlight;
  double           highlight_x, highlight_y;
  gboolean         has_band;
  graphene_rect_t  band;

  guint            drawn_cases, drawn_marks, heat_cells;
};

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
  guint8         *data;
  int             stride;
} Frame;

static void
format_count (guint  count,
              char  *text,
              gsize  size)
{
  if (count < 1000)
    g_snprintf (text, size, "%u", count);
  else if (count < 10000)
    g_snprintf (text, size, "%u.%uk", count / 1000, count % 1000 / 100);
  else if (count < 1000000)
    g_snprintf (text, size, "%uk", count / 1000);
  else
    g_snprintf (text, size, "%u.%uM", count / 1000000, count % 1000000 / 100000);
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

      if (x < -MARGIN || y < -MARGIN || x > v->width + MARGIN || y > v->height + MARGIN)
        continue;
      civic_sprite_blit (&f->self->sprites->points[index->mark[i]], f->data, f->stride,
                         v->width, v->height, x, y);
      f->self->drawn_cases++;
      f->self->drawn_marks++;
    }
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
      const CivicSprite *sprite;
      char text[16];

      if (x < -MARGIN || y < -MARGIN || x > v->width + MARGIN || y > v->height + MARGIN)
        continue;
      self->drawn_cases += c->count;
      self->drawn_marks++;
      if (c->count == 1)
        {
          civic_sprite_blit (&self->sprites->points[c->mark], f->data, f->stride,
                             v->width, v->height, x, y);
          continue;
        }
      sprite = &self->sprites->clusters[c->mark][civic_cluster_bucket (c->count)];
      civic_sprite_blit (sprite, f->data, f->stride, v->width, v->height, x, y);
      if (c->marks[CIVIC_MARK_OVERDUE] > 0 && c->mark != CIVIC_MARK_OVERDUE)
        civic_sprite_blit (&self->sprites->badge, f->data, f->stride, v->width, v->height,
                           x + sprite->width * 3 / 8, y - sprite->height * 3 / 8);
      format_count (c->count, text, sizeof text);
      civic_sprite_text (self->sprites, text, f->data, f->stride, v->width, v->height, x, y);
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
static guint32
heat_color (float t)
{
  float r, g, b, a = 0.25f + 0.6f * t;

  if (t < 0.5f)
    r = 2 * t, g = 2 * t, b = 1 - 2 * t;
  else
    r = 1, g = 2 - 2 * t, b = 0;
  return ((guint32) (a * 255) << 24) | ((guint32) (r * a * 255) << 16) |
         ((guint32) (g * a * 255) << 8) | (guint32) (b * a * 255);
}

static void
draw_heat (CivicCaseLayer *self,
           const View     *v,
           double          x0,
           double          y0,
           double          x1,
           double          y1)
{
  Heat h = { self->index, v, level_for (v, 5), v->width / HEAT_CELL + 3, v->height / HEAT_CELL + 3, NULL };
  g_autofree float *grid = g_new0 (float, h.gw * h.gh);
  cairo_surface_t *small;
  guint32 *pixels;
  float max = 0;
  cairo_t *cr;
  int stride;

  h.grid = grid;
  civic_case_index_query (self->index, h.level, x0, y0, x1, y1, heat_run, &h);
  for (int i = 0; i < h.gw * h.gh; i++)
    if (grid[i] > 0)
      self->heat_cells++;
  blur (grid, h.gw, h.gh);
  for (int i = 0; i < h.gw * h.gh; i++)
    max = MAX (max, grid[i]);
  if (max <= 0)
    return;

  small = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, h.gw, h.gh);
  stride = cairo_image_surface_get_stride (small);
  pixels = (guint32 *) (void *) cairo_image_surface_get_data (small);
  for (int y = 0; y < h.gh; y++)
    for (int x = 0; x < h.gw; x++)
      {
        float value = grid[y * h.gw + x];
        /* log scale: a quiet street still shows next to a busy avenue */
        float t = value > 0.02f ? logf (1 + value) / logf (1 + max) : 0;

        pixels[y * (stride / 4) + x] = t > 0.05f ? heat_color (MIN (t, 1)) : 0;
      }
  cairo_surface_mark_dirty (small);

  cr = cairo_create (self->canvas);
  cairo_translate (cr, -1.5 * HEAT_CELL, -1.5 * HEAT_CELL);
  cairo_scale (cr, HEAT_CELL, HEAT_CELL);
  cairo_set_source_surface (cr, small, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (small);
}

/* ---- the frame ------------------------------------------------------- */

static void
civic_case_layer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  CivicCaseLayer *self = CIVIC_CASE_LAYER (widget);
  View v;
  double x0, y0, x1, y1;
  cairo_t *cr;

  self->drawn_cases = self->drawn_marks = self->heat_cells = 0;
  get_view (self, &v);
  if (v.width <= 0 || v.height <= 0)
    return;

  if (self->index != NULL && self->index->n_points > 0)
    {
      if (self->sprites == NULL)
        self->sprites = civic_sprite_set_new (gtk_widget_get_pango_context (widget));
      if (self->canvas == NULL ||
          cairo_image_surface_get_width (self->canvas) != v.width ||
          cairo_image_surface_get_height (self->canvas) != v.height)
        {
          g_clear_pointer (&self->canvas, cairo_surface_destroy);
          self->canvas = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, v.width, v.height);
        }
      cairo_surface_flush (self->canvas);
      memset (cairo_image_surface_get_data (self->canvas), 0,
              (gsize) cairo_image_surface_get_stride (self->canvas) * v.height);

      x0 = v.cx - (v.width / 2.0 + MARGIN) / v.scale;
      x1 = v.cx + (v.width / 2.0 + MARGIN) / v.scale;
      y0 = v.cy - (v.height / 2.0 + MARGIN) / v.scale;
      y1 = v.cy + (v.height / 2.0 + MARGIN) / v.scale;

      if (self->heat_map)
        draw_heat (self, &v, x0, y0, x1, y1);
      else
        {
          Frame f = { self, &v, level_for (&v, 2),
                      cairo_image_surface_get_data (self->canvas),
                      cairo_image_surface_get_stride (self->canvas) };

          civic_case_index_query (self->index, f.level, x0, y0, x1, y1,
                                  f.level < 0 ? draw_point_run : draw_cluster_run, &f);
        }
      cairo_surface_mark_dirty (self->canvas);

      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, v.width, v.height));
      cairo_set_source_surface (cr, self->canvas, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
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
  g_clear_pointer (&self->sprites, civic_sprite_set_free);
  g_clear_pointer (&self->canvas, cairo_surface_destroy);

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
        radius = 12 + 4 * civic_cluster_bucket (p->index->clusters[p->level][i].count);
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

  if (self->index == NULL || self->index->n_points == 0 || self->heat_map)
    return FALSE;
  get_view (self, &v);
  p.index = self->index;
  p.view = &v;
  p.level = level_for (&v, 2);
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

GdkTexture *
civic_case_layer_mark_texture (CivicMark mark)
{
  static CivicSpriteSet *set;

  /* the legend's marks are the same pixels the layer blits */
  if (set == NULL)
    {
      PangoFontMap *map = pango_cairo_font_map_get_default ();
      PangoContext *context = pango_font_map_create_context (map);

      set = civic_sprite_set_new (context);
      g_object_unref (context);
    }
  return civic_sprite_texture (&set->points[mark]);
}
