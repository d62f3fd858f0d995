/* civic-briefing-view.c: the Daily Briefing tab
 *
 * Until issue #9 fills it, the tab says honestly what will live here
 * instead of showing a mock-up that looks like it works.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-briefing-view.h"

struct _CivicBriefingView
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (CivicBriefingView, civic_briefing_view, ADW_TYPE_BIN)

static void
civic_briefing_view_class_init (CivicBriefingViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-briefing-view.ui");
}

static void
civic_briefing_view_init (CivicBriefingView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
civic_briefing_view_new (void)
{
  return g_object_new (CIVIC_TYPE_BRIEFING_VIEW, NULL);
}
