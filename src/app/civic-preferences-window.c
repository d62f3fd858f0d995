/* civic-preferences-window.c: the service address and the map tiles
 *
 * Both rows are bound to their GSettings keys. The server address is only
 * written when the user applies it (Enter or the apply button): every
 * written value starts a connection check, and half-typed addresses
 * should not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-preferences-window.h"

struct _CivicPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  AdwEntryRow          *server_url_row;
  AdwEntryRow          *tile_url_row;
};

G_DEFINE_FINAL_TYPE (CivicPreferencesWindow, civic_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_service_address (const char *text)
{
  g_autoptr(GUri) uri = NULL;

  if (*text == '\0')
    return TRUE;  /* empty means: work offline, no service */

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  return uri != NULL &&
         (g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 ||
          g_strcmp0 (g_uri_get_scheme (uri), "http") == 0) &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

static void
server_url_applied_cb (CivicPreferencesWindow *self,
                       AdwEntryRow            *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (!is_service_address (text))
    {
      g_autoptr(AdwToast) toast = NULL;

      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      toast = adw_toast_new (_("Enter an address that starts with https:// or http://"));
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), g_steal_pointer (&toast));
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (self->settings, "server-url", text);
}

static void
server_url_changed_cb (CivicPreferencesWindow *self,
                       AdwEntryRow            *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
civic_preferences_window_constructed (GObject *object)
{
  CivicPreferencesWindow *self = CIVIC_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (civic_preferences_window_parent_class)->constructed (object);

  g_settings_bind (self->settings, "server-url",
                   self->server_url_row, "text",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "tile-url-template",
                   self->tile_url_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
civic_preferences_window_finalize (GObject *object)
{
  CivicPreferencesWindow *self = CIVIC_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (civic_preferences_window_parent_class)->finalize (object);
}

static void
civic_preferences_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  CivicPreferencesWindow *self = CIVIC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_preferences_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  CivicPreferencesWindow *self = CIVIC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_preferences_window_class_init (CivicPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = civic_preferences_window_constructed;
  object_class->finalize = civic_preferences_window_finalize;
  object_class->get_property = civic_preferences_window_get_property;
  object_class->set_property = civic_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CivicPreferencesWindow, server_url_row);
  gtk_widget_class_bind_template_child (widget_class, CivicPreferencesWindow, tile_url_row);
  gtk_widget_class_bind_template_callback (widget_class, server_url_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_url_changed_cb);
}

static void
civic_preferences_window_init (CivicPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CivicPreferencesWindow *
civic_preferences_window_new (GtkWindow *parent,
                              GSettings *settings)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (CIVIC_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       "settings", settings,
                       NULL);
}
