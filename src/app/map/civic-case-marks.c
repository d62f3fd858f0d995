/* civic-case-marks.c: how a case or a cluster looks, as render nodes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <math.h>

#include "civic-case-marks.h"

/* whole pixels: an aligned box is a plain fill, a box on half pixels an
 * antialiased path (measured: 4 µs a case against well under 1) */
#define POINT_HALF     4     /* half the side of a case's square */
#define POINT_RIM      1
#define DIAMOND_HALF   5.5   /* half the side of the overdue square */
#define RIM            1.5

void
civic_mark_color (CivicMark  mark,
                  GdkRGBA   *rgba)
{
  /* GNOME palette; overdue is the only red, and the only diamond */
  static const char * const colors[CIVIC_N_MARKS] = {
    "#1c71d8",   /* new: blue */
    "#813d9c",   /* acknowledged: purple */
    "#26a269",   /* in progress: green */
    "#e5a50a",   /* waiting: amber */
    "#77767b",   /* closed: grey */
    "#c01c28",   /* overdue: red */
  };

  gdk_rgba_parse (rgba, colors[CLAMP ((int) mark, 0, CIVIC_N_MARKS - 1)]);
}

double
civic_cluster_radius (guint count)
{
  /* 12 px for a pair, growing with the number's digits, 26 px at most */
  return MIN (12 + 3.5 * log10 (MAX (count, 1)), 26);
}

static void
diamond (GtkSnapshot   *snapshot,
         double         x,
         double         y,
         double         half,
         const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_rotate (snapshot, 45);
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (-half, -half, 2 * half, 2 * half));
  gtk_snapshot_restore (snapshot);
}

static const GdkRGBA white = { 1, 1, 1, 0.95f };

void
civic_mark_point (GtkSnapshot *snapshot,
                  CivicMark    mark,
                  double       x,
                  double       y)
{
  GdkRGBA color;

  civic_mark_color (mark, &color);
  if (mark == CIVIC_MARK_OVERDUE)
    {
      diamond (snapshot, x, y, DIAMOND_HALF + RIM, &white);
      diamond (snapshot, x, y, DIAMOND_HALF, &color);
    }
  else
    {
      /* squares: a colour node is a plain fill on every renderer, a
       * rounded one a path (measured: twice the frame at street zoom) */
      x = round (x), y = round (y);
      gtk_snapshot_append_color (snapshot, &white,
                                 &GRAPHENE_RECT_INIT (x - POINT_HALF - POINT_RIM, y - POINT_HALF - POINT_RIM,
                                                      2 * (POINT_HALF + POINT_RIM), 2 * (POINT_HALF + POINT_RIM)));
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (x - POINT_HALF, y - POINT_HALF,
                                                      2 * POINT_HALF, 2 * POINT_HALF));
    }
}

static void
box (GtkSnapshot   *snapshot,
     double         x,
     double         y,
     double         half,
     const GdkRGBA *color)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x - half, y - half, 2 * half, 2 * half));
}

void
civic_mark_cluster (GtkSnapshot *snapshot,
                    CivicMark    mark,
                    guint        count,
                    gboolean     any_overdue,
                    double       x,
                    double       y)
{
  /* whole pixels throughout: a cluster is three or four plain fills */
  double half = round (civic_cluster_radius (count) * 0.85);
  GdkRGBA color, red;

  x = round (x), y = round (y);
  civic_mark_color (mark, &color);
  color.alpha = 0.92f;
  box (snapshot, x, y, half + 2, &white);
  box (snapshot, x, y, half, &color);
  if (any_overdue && mark != CIVIC_MARK_OVERDUE)
    {
      civic_mark_color (CIVIC_MARK_OVERDUE, &red);
      box (snapshot, x + half, y - half, 5, &white);
      box (snapshot, x + half, y - half, 4, &red);
    }
}

void
civic_mark_format_count (guint  count,
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

GdkTexture *
civic_mark_texture (CivicMark mark)
{
  const int size = 16;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GBytes) bytes = NULL;
  GdkRGBA color;
  double c = size / 2.0;
  GdkTexture *texture;

  /* the same shapes as the nodes above, for a GtkImage */
  civic_mark_color (mark, &color);
  if (mark == CIVIC_MARK_OVERDUE)
    {
      double h = (DIAMOND_HALF + RIM) * G_SQRT2;

      cairo_move_to (cr, c, c - h);
      cairo_line_to (cr, c + h, c);
      cairo_line_to (cr, c, c + h);
      cairo_line_to (cr, c - h, c);
      cairo_close_path (cr);
    }
  else
    cairo_rectangle (cr, c - POINT_HALF - POINT_RIM / 2.0, c - POINT_HALF - POINT_RIM / 2.0,
                     2 * POINT_HALF + POINT_RIM, 2 * POINT_HALF + POINT_RIM);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
  cairo_set_line_width (cr, RIM);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * size);
  texture = gdk_memory_texture_new (size, size,
                                    G_BYTE_ORDER == G_LITTLE_ENDIAN ? GDK_MEMORY_B8G8R8A8_PREMULTIPLIED
                                                                    : GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
                                    bytes, cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  return texture;
}
