/* civic-preferences-window.c: connections and the map tiles
 *
 * The Connections page lists every service this desk syncs with: a click
 * switches to one, the trash button removes one (after asking, since its
 * local copy and unsent changes go with it), "Add" opens the same form as
 * the first-run page. The tile template row is bound to its key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-preferences-window.h"
#include "civic-setup-page.h"

struct _CivicPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings              *settings;
  CivicConnectionManager *manager;
  GCancellable           *cancellable;

  GtkListBox             *connections_list;
  GtkButton              *add_button;
  AdwEntryRow            *tile_url_row;
};

G_DEFINE_FINAL_TYPE (CivicPreferencesWindow, civic_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_MANAGER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CivicPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!civic_connection_manager_remove_finish (CIVIC_CONNECTION_MANAGER (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
}

static void
remove_response_cb (AdwMessageDialog       *dialog,
                    const char             *response,
                    CivicPreferencesWindow *self)
{
  CivicConnection *connection = g_object_get_data (G_OBJECT (dialog), "connection");

  if (g_strcmp0 (response, "remove") == 0)
    civic_connection_manager_remove_async (self->manager, connection, self->cancellable,
                                           removed_cb, g_object_ref (self));
}

static void
remove_clicked_cb (GtkButton              *button,
                   CivicPreferencesWindow *self)
{
  CivicConnection *connection = g_object_get_data (G_OBJECT (button), "connection");

  civic_preferences_window_ask_remove (self, connection);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  CivicPreferencesWindow *self = user_data;
  CivicConnection *connection = item;
  CivicConnection *active = civic_connection_manager_get_active (self->manager);
  g_autofree char *subtitle = civic_connection_dup_subtitle (connection);
  g_autofree char *remove_label = NULL;
  GtkWidget *row, *check, *remove;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), civic_connection_get_title (connection));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "connection", g_object_ref (connection), g_object_unref);

  /* always there, shown only for the active one, so titles line up */
  check = gtk_image_new_from_icon_name ("object-select-symbolic");
  gtk_widget_set_opacity (check, connection == active ? 1.0 : 0.0);
  gtk_widget_set_tooltip_text (check, connection == active ? _("In use") : NULL);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  remove_label = g_strdup_printf (_("Remove %s"), civic_connection_get_title (connection));
  gtk_widget_set_tooltip_text (remove, remove_label);
  g_object_set_data_full (G_OBJECT (remove), "connection", g_object_ref (connection), g_object_unref);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  return row;
}

static void
bind_list (CivicPreferencesWindow *self)
{
  /* rebinding remakes every row: cheap for a handful, and the check mark
   * follows the active connection without per-row bookkeeping */
  gtk_list_box_bind_model (self->connections_list, G_LIST_MODEL (self->manager),
                           create_row, self, NULL);
}

static void
row_activated_cb (CivicPreferencesWindow *self,
                  GtkListBoxRow          *row)
{
  CivicConnection *connection = g_object_get_data (G_OBJECT (row), "connection");

  if (connection != NULL)
    civic_connection_manager_set_active (self->manager, connection);
}

static void
add_clicked_cb (CivicPreferencesWindow *self)
{
  civic_setup_dialog_present (GTK_WINDOW (self), self->manager, NULL);
}

static void
civic_preferences_window_dispose (GObject *object)
{
  CivicPreferencesWindow *self = CIVIC_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  /* the list box may outlive this window (a dialog still points at it);
   * its rows must stop being made from a manager we no longer hold */
  if (self->connections_list != NULL)
    gtk_list_box_bind_model (self->connections_list, NULL, NULL, NULL, NULL);
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);

  G_OBJECT_CLASS (civic_preferences_window_parent_class)->dispose (object);
}

static void
civic_preferences_window_constructed (GObject *object)
{
  CivicPreferencesWindow *self = CIVIC_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (civic_preferences_window_parent_class)->constructed (object);

  bind_list (self);
  g_signal_connect_object (self->manager, "notify::active",
                           G_CALLBACK (bind_list), self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "tile-url-template",
                   self->tile_url_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
civic_preferences_window_finalize (GObject *object)
{
  CivicPreferencesWindow *self = CIVIC_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->manager);
  g_clear_object (&self->cancellable);

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
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
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
    case PROP_MANAGER:
      self->manager = g_value_dup_object (value);
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
  object_class->dispose = civic_preferences_window_dispose;
  object_class->finalize = civic_preferences_window_finalize;
  object_class->get_property = civic_preferences_window_get_property;
  object_class->set_property = civic_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, CIVIC_TYPE_CONNECTION_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CivicPreferencesWindow, connections_list);
  gtk_widget_class_bind_template_child (widget_class, CivicPreferencesWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, CivicPreferencesWindow, tile_url_row);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
civic_preferences_window_init (CivicPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

CivicPreferencesWindow *
civic_preferences_window_new (GtkWindow              *parent,
                              GSettings              *settings,
                              CivicConnectionManager *manager)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (CIVIC_IS_CONNECTION_MANAGER (manager), NULL);

  return g_object_new (CIVIC_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       "settings", settings,
                       "manager", manager,
                       NULL);
}

/* The confirmation the trash button shows; returned for tests. */
AdwMessageDialog *
civic_preferences_window_ask_remove (CivicPreferencesWindow *self,
                                     CivicConnection        *connection)
{
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (CIVIC_IS_PREFERENCES_WINDOW (self), NULL);
  g_return_val_if_fail (CIVIC_IS_CONNECTION (connection), NULL);

  /* TRANSLATORS: %s names a connection, e.g. "Demo city" */
  heading = g_strdup_printf (_("Remove %s?"), civic_connection_get_title (connection));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Its cases on this desk, any changes not yet sent and its saved "
                                     "password are deleted. Other connections are not touched, and "
                                     "the service keeps everything it already has."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "connection", g_object_ref (connection), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  return ADW_MESSAGE_DIALOG (dialog);
}
