/* civic-feed-view.c: the Hashtag Feed tab
 *
 * Until issue #8 fills it, the tab says honestly what will live here
 * instead of showing a mock-up that looks like it works.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-feed-view.h"

struct _CivicFeedView
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (CivicFeedView, civic_feed_view, ADW_TYPE_BIN)

static void
civic_feed_view_class_init (CivicFeedViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-feed-view.ui");
}

static void
civic_feed_view_init (CivicFeedView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
civic_feed_view_new (void)
{
  return g_object_new (CIVIC_TYPE_FEED_VIEW, NULL);
}
