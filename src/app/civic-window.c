/* civic-window.c: the main window, four views of the same cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-briefing-view.h"
#include "civic-feed-view.h"
#include "civic-map-view.h"
#include "civic-queue-view.h"
#include "civic-window.h"

struct _CivicWindow
{
  AdwApplicationWindow    parent_instance;

  GSettings              *settings;
  CivicConnectionMonitor *monitor;

  AdwViewStack           *stack;
  CivicSyncIndicator     *sync_indicator;
  AdwToastOverlay        *toast_overlay;
};

G_DEFINE_FINAL_TYPE (CivicWindow, civic_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_MONITOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const view_names[] = { "queue", "map", "feed", "briefing" };

static void
restore_geometry (CivicWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_geometry (CivicWindow *self)
{
  int width, height;
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  /* the default size follows the window except while maximized, so this
   * keeps the size to return to when the user unmaximizes */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  civic_window_set_view (CIVIC_WINDOW (widget), g_variant_get_string (param, NULL));
}

static gboolean
civic_window_close_request (GtkWindow *window)
{
  save_geometry (CIVIC_WINDOW (window));

  return GTK_WINDOW_CLASS (civic_window_parent_class)->close_request (window);
}

static void
civic_window_constructed (GObject *object)
{
  CivicWindow *self = CIVIC_WINDOW (object);

  G_OBJECT_CLASS (civic_window_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));
  g_assert (CIVIC_IS_CONNECTION_MONITOR (self->monitor));

  restore_geometry (self);

  /* the enum key maps to the page names one to one, so the binding both
   * restores the last view and keeps it saved */
  g_settings_bind (self->settings, "last-view",
                   self->stack, "visible-child-name",
                   G_SETTINGS_BIND_DEFAULT);

  g_object_bind_property (self->monitor, "state",
                          self->sync_indicator, "state",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->monitor, "message",
                          self->sync_indicator, "message",
                          G_BINDING_SYNC_CREATE);
}

static void
civic_window_dispose (GObject *object)
{
  CivicWindow *self = CIVIC_WINDOW (object);

  if (self->settings != NULL)
    g_settings_unbind (self->stack, "visible-child-name");

  G_OBJECT_CLASS (civic_window_parent_class)->dispose (object);
}

static void
civic_window_finalize (GObject *object)
{
  CivicWindow *self = CIVIC_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (civic_window_parent_class)->finalize (object);
}

static void
civic_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CivicWindow *self = CIVIC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CivicWindow *self = CIVIC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_window_class_init (CivicWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = civic_window_constructed;
  object_class->dispose = civic_window_dispose;
  object_class->finalize = civic_window_finalize;
  object_class->get_property = civic_window_get_property;
  object_class->set_property = civic_window_set_property;

  window_class->close_request = civic_window_close_request;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL, CIVIC_TYPE_CONNECTION_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CIVIC_TYPE_SYNC_INDICATOR);
  g_type_ensure (CIVIC_TYPE_QUEUE_VIEW);
  g_type_ensure (CIVIC_TYPE_MAP_VIEW);
  g_type_ensure (CIVIC_TYPE_FEED_VIEW);
  g_type_ensure (CIVIC_TYPE_BRIEFING_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CivicWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CivicWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, CivicWindow, toast_overlay);

  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "win.show-view", "s", view_names[i]);
}

static void
civic_window_init (CivicWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CivicWindow *
civic_window_new (GtkApplication         *application,
                  GSettings              *settings,
                  CivicConnectionMonitor *monitor)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (CIVIC_IS_CONNECTION_MONITOR (monitor), NULL);

  return g_object_new (CIVIC_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       "monitor", monitor,
                       NULL);
}

AdwViewStack *
civic_window_get_stack (CivicWindow *self)
{
  g_return_val_if_fail (CIVIC_IS_WINDOW (self), NULL);

  return self->stack;
}

CivicSyncIndicator *
civic_window_get_sync_indicator (CivicWindow *self)
{
  g_return_val_if_fail (CIVIC_IS_WINDOW (self), NULL);

  return self->sync_indicator;
}

AdwToastOverlay *
civic_window_get_toast_overlay (CivicWindow *self)
{
  g_return_val_if_fail (CIVIC_IS_WINDOW (self), NULL);

  return self->toast_overlay;
}

const char *
civic_window_get_view (CivicWindow *self)
{
  g_return_val_if_fail (CIVIC_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

/* Unknown names are ignored: a stale setting must not blank the window. */
void
civic_window_set_view (CivicWindow *self,
                       const char  *name)
{
  g_return_if_fail (CIVIC_IS_WINDOW (self));

  if (name != NULL && adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}
