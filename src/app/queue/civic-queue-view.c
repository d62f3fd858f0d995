/* civic-queue-view.c: the Case Queue tab
 *
 * Until issue #6 fills it, the tab says honestly what will live here
 * instead of showing a mock-up that looks like it works.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-queue-view.h"

struct _CivicQueueView
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (CivicQueueView, civic_queue_view, ADW_TYPE_BIN)

static void
civic_queue_view_class_init (CivicQueueViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-queue-view.ui");
}

static void
civic_queue_view_init (CivicQueueView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
civic_queue_view_new (void)
{
  return g_object_new (CIVIC_TYPE_QUEUE_VIEW, NULL);
}
