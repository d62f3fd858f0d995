/* civic-map-view.c: the Case Map tab
 *
 * Until issue #7 fills it, the tab says honestly what will live here
 * instead of showing a mock-up that looks like it works.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-map-view.h"

struct _CivicMapView
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (CivicMapView, civic_map_view, ADW_TYPE_BIN)

static void
civic_map_view_class_init (CivicMapViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-map-view.ui");
}

static void
civic_map_view_init (CivicMapView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
civic_map_view_new (void)
{
  return g_object_new (CIVIC_TYPE_MAP_VIEW, NULL);
}
