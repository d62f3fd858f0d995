/* civic-feed-sparkline.c: a tag's 14 days as a small line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-feed-sparkline.h"

#define MAX_VALUES 64

struct _CivicFeedSparkline
{
  GtkWidget parent_instance;

  gint      values[MAX_VALUES];
  guint     n;
};

G_DEFINE_FINAL_TYPE (CivicFeedSparkline, civic_feed_sparkline, GTK_TYPE_WIDGET)

static void
civic_feed_sparkline_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  CivicFeedSparkline *self = CIVIC_FEED_SPARKLINE (widget);
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);
  GdkRGBA color;
  cairo_t *cr;
  gint top = 1;
  double step, pad = 2.5;

  if (self->n < 2 || w < 4 || h < 4)
    return;
  for (guint i = 0; i < self->n; i++)
    top = MAX (top, self->values[i]);
  /* the theme's colour: readable in dark and high-contrast styles */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  step = (w - 2 * pad) / (self->n - 1);

  cairo_set_line_width (cr, 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->n; i++)
    {
      double x = pad + i * step;
      double y = h - pad - (h - 2 * pad) * self->values[i] / top;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.55 * color.alpha);
  cairo_stroke_preserve (cr);
  /* a faint fill under the line */
  cairo_line_to (cr, w - pad, h - pad);
  cairo_line_to (cr, pad, h - pad);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.12 * color.alpha);
  cairo_fill (cr);
  /* today, the point judged */
  cairo_arc (cr, w - pad, h - pad - (h - 2 * pad) * self->values[self->n - 1] / top, 2.5, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 1.0);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static void
civic_feed_sparkline_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 42 : 16;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 70 : 20;
}

static void
civic_feed_sparkline_class_init (CivicFeedSparklineClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = civic_feed_sparkline_snapshot;
  widget_class->measure = civic_feed_sparkline_measure;
  gtk_widget_class_set_css_name (widget_class, "sparkline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
civic_feed_sparkline_init (CivicFeedSparkline *self)
{
}

GtkWidget *
civic_feed_sparkline_new (void)
{
  return g_object_new (CIVIC_TYPE_FEED_SPARKLINE, NULL);
}

void
civic_feed_sparkline_set_values (CivicFeedSparkline *self,
                                 const gint         *values,
                                 guint               n)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (CIVIC_IS_FEED_SPARKLINE (self));

  self->n = MIN (n, MAX_VALUES);
  for (guint i = 0; i < self->n; i++)
    {
      self->values[i] = MAX (values[i], 0);
      g_string_append_printf (text, "%s%d", i > 0 ? ", " : "", self->values[i]);
    }
  /* what a screen reader says instead of the picture */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
