/* civic-briefing-charts.c: the briefing's small charts on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-briefing-charts.h"

#include <math.h>

#include <glib/gi18n.h>

#define METRES_PER_DEGREE 111320.0

static void
draw_sparkline (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        data)
{
  GArray *values = data;
  gint64 max = 1;
  guint n = values->len;
  GdkRGBA color;

  if (n < 2)
    return;
  for (guint i = 0; i < n; i++)
    max = MAX (max, g_array_index (values, gint64, i));
  /* GNOME's blue reads on light and dark backgrounds */
  gdk_rgba_parse (&color, "#3584e4");
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < n; i++)
    {
      double x = 2 + (width - 6) * i / (double) (n - 1);
      double y = height - 2 - (height - 4) * g_array_index (values, gint64, i) / (double) max;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
  cairo_arc (cr, width - 4, height - 2 - (height - 4) * g_array_index (values, gint64, n - 1) / (double) max,
             2.2, 0, 2 * G_PI);
  cairo_fill (cr);
}

GtkWidget *
civic_briefing_sparkline_new (const gint64 *values,
                              guint         n)
{
  GtkWidget *area = gtk_drawing_area_new ();
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  g_array_append_vals (copy, values, n);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 84);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 24);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_sparkline, copy,
                                  (GDestroyNotify) g_array_unref);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The last 14 days"), -1);
  return area;
}

void
civic_briefing_draw_hot_spots (cairo_t             *cr,
                               double               width,
                               double               height,
                               const CivicBriefing *b)
{
  double lat0 = G_MAXDOUBLE, lat1 = -G_MAXDOUBLE, lon0 = G_MAXDOUBLE, lon1 = -G_MAXDOUBLE;
  double scale, ox, oy, kx, km;
  PangoLayout *layout;

  cairo_set_source_rgb (cr, 0.93, 0.94, 0.92);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  layout = pango_cairo_create_layout (cr);
  {
    PangoFontDescription *font = pango_font_description_from_string ("Sans 9");

    pango_layout_set_font_description (layout, font);
    pango_font_description_free (font);
  }
  if (b == NULL || b->hot_spots->len == 0)
    {
      pango_layout_set_text (layout, _("No hot spot on this day"), -1);
      cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
      cairo_move_to (cr, 12, height / 2 - 8);
      pango_cairo_show_layout (cr, layout);
      g_object_unref (layout);
      return;
    }
  for (guint i = 0; i < b->hot_spots->len; i++)
    {
      CivicBriefingHotSpot *s = g_ptr_array_index (b->hot_spots, i);

      lat0 = MIN (lat0, s->lat_min), lat1 = MAX (lat1, s->lat_max);
      lon0 = MIN (lon0, s->lon_min), lon1 = MAX (lon1, s->lon_max);
    }
  kx = cos ((lat0 + lat1) / 2 * G_PI / 180);
  lat0 -= 0.01, lat1 += 0.01, lon0 -= 0.01 / kx, lon1 += 0.01 / kx;
  scale = MIN ((width - 20) / ((lon1 - lon0) * kx), (height - 20) / (lat1 - lat0));
  ox = (width - (lon1 - lon0) * kx * scale) / 2;
  oy = (height - (lat1 - lat0) * scale) / 2;

  /* a scale bar of a round length at least 40 px long */
  km = scale / (METRES_PER_DEGREE / 1000.0);
  {
    static const int lengths[] = { 1, 2, 5, 10, 20, 50 };
    int n_km = 50;
    g_autofree char *text = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
      if (lengths[i] * km >= 40)
        {
          n_km = lengths[i];
          break;
        }
    cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
    cairo_set_line_width (cr, 1.5);
    cairo_move_to (cr, 10, height - 10);
    cairo_line_to (cr, 10 + n_km * km, height - 10);
    cairo_stroke (cr);
    text = g_strdup_printf (_("%d km"), n_km);
    pango_layout_set_text (layout, text, -1);
    cairo_move_to (cr, 10, height - 28);
    pango_cairo_show_layout (cr, layout);
  }

  for (guint i = b->hot_spots->len; i-- > 0;)
    {
      CivicBriefingHotSpot *s = g_ptr_array_index (b->hot_spots, i);
      double cx = ox + ((s->lon_min + s->lon_max) / 2 - lon0) * kx * scale;
      double cy = oy + (lat1 - (s->lat_min + s->lat_max) / 2) * scale;
      double r = MAX (8, MIN (16, 5 + 2 * sqrt ((double) s->count)));
      char label[8];
      int lw, lh;

      cairo_new_path (cr);
      cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 0.4 + 0.5 * (b->hot_spots->len - i) / b->hot_spots->len);
      cairo_fill (cr);
      g_snprintf (label, sizeof label, "%u", i + 1);
      pango_layout_set_text (layout, label, -1);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, cx - lw / 2.0, cy - lh / 2.0);
      pango_cairo_show_layout (cr, layout);
    }
  g_object_unref (layout);
}
