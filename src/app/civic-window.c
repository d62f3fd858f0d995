/* civic-window.c: the main window, four views of the same cases
 *
 * With no connection yet it shows the first-run page instead. The header
 * bar's sync indicator mirrors the active connection's CivicSync, and a
 * conflict the engine reports becomes a toast that can put the local
 * value back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-briefing-view.h"
#include "civic-error.h"
#include "civic-feed-view.h"
#include "civic-local-write.h"
#include "civic-sync-apply.h"
#include "civic-map-view.h"
#include "civic-map-queue.h"
#include "open311/civic-open311-request-dialog.h"
#include "civic-queue-view.h"
#include "civic-setup-page.h"
#include "civic-window.h"

struct _CivicWindow
{
  AdwApplicationWindow    parent_instance;

  GSettings              *settings;
  CivicConnectionManager *manager;

  /* the engine the indicator shows (a CivicSync, or for Open311 a
   * CivicOpen311Engine with the same properties), and what binds it */
  GObject                *engine;
  CivicSync              *sync;
  GBinding               *bindings[5];
  gulong                  conflict_handler;

  GtkStack               *pages;
  CivicSetupPage         *setup_page;
  AdwViewStack           *stack;
  CivicQueueView         *queue_view;
  CivicBriefingView      *briefing_view;
  CivicFeedView          *feed_view;
  AdwViewStackPage       *feed_page;
  CivicMapView           *map_view;
  CivicSyncIndicator     *sync_indicator;
  AdwToastOverlay        *toast_overlay;
  AdwViewSwitcherTitle   *switcher_title;

  char                   *last_toast;   /* what the last New Request said */
};

G_DEFINE_FINAL_TYPE (CivicWindow, civic_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_MANAGER,
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

static void
active_changed_cb (CivicWindow *self)
{
  CivicConnection *active = civic_connection_manager_get_active (self->manager);

  gtk_stack_set_visible_child_name (self->pages, active != NULL ? "desk" : "setup");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-in-again",
                                 active != NULL && civic_connection_get_kind (active) == CIVIC_CONNECTION_SERVICE);
  civic_sync_indicator_set_can_sign_in (self->sync_indicator,
                                        active == NULL || civic_connection_get_kind (active) == CIVIC_CONNECTION_SERVICE);
  if (active != NULL)
    {
      g_autofree char *subtitle = civic_connection_dup_subtitle (active);

      /* TRANSLATORS: the window title, %s names the connection, e.g. "Demo city" */
      g_autofree char *title = g_strdup_printf (_("Civic Desk — %s"), civic_connection_get_title (active));
      gtk_window_set_title (GTK_WINDOW (self), title);
      /* shown when the window is narrow and the switcher moves down */
      adw_view_switcher_title_set_subtitle (self->switcher_title, civic_connection_get_title (active));
      civic_sync_indicator_set_connection (self->sync_indicator, subtitle);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Civic Desk"));
    }
}

static void
setup_connected_cb (CivicWindow     *self,
                    CivicConnection *connection)
{
  /* the manager made it active; notify::active already turned the page */
  gtk_stack_set_visible_child_name (self->pages, "desk");
}

static void
unbind_sync (CivicWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->bindings); i++)
    if (self->bindings[i] != NULL)
      {
        g_binding_unbind (self->bindings[i]);
        self->bindings[i] = NULL;
      }
  if (self->sync != NULL)
    g_clear_signal_handler (&self->conflict_handler, self->sync);
  g_clear_object (&self->sync);
  g_clear_object (&self->engine);
}

/* The field names of the engine's "conflict" signal, in the words of the
 * case form. */
static const char *
field_label (const char *field)
{
  static const struct { const char *field; const char *label; } labels[] = {
    { "state", N_("the state") },
    { "assignee", N_("the assignee") },
    { "department", N_("the department") },
    { "priority", N_("the priority") },
    { "tags", N_("the tags") },
    { "status_notes", N_("the status notes") },
    { "description", N_("the description") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].field, field) == 0)
      return _(labels[i].label);
  return field;
}

static void
conflict_cb (CivicSync   *sync,
             const char  *request_id,
             const char  *field,
             const char  *local_value,
             const char  *server_value,
             CivicWindow *self)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* TRANSLATORS: "Your change to the assignee on 311-000123 was replaced by a newer one" */
  title = g_strdup_printf (_("Your change to %s on %s was replaced by a newer one"),
                           field_label (field), request_id);
  toast = adw_toast_new (title);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);   /* stays until read: the user decides */
  adw_toast_set_button_label (toast, _("_Reapply"));
  adw_toast_set_action_name (toast, "win.reapply");
  adw_toast_set_action_target_value (toast, g_variant_new ("(sss)", request_id, field,
                                                           local_value ? local_value : ""));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
sync_changed_cb (CivicWindow *self)
{
  static const char * const props[] = { "state", "message", "detail", "progress", "pending" };
  GObject *engine = civic_connection_manager_get_engine (self->manager);
  CivicSync *sync = civic_connection_manager_get_sync (self->manager);
  CivicConnection *active = civic_connection_manager_get_active (self->manager);

  if (engine == self->engine && engine != NULL)
    return;

  unbind_sync (self);
  if (engine == NULL)
    {
      const char *error = civic_connection_manager_get_error (self->manager);

      civic_sync_indicator_set_progress (self->sync_indicator, -1);
      civic_sync_indicator_set_pending (self->sync_indicator, 0);
      civic_sync_indicator_set_detail (self->sync_indicator, error);
      if (error != NULL)
        {
          civic_sync_indicator_set_state (self->sync_indicator, CIVIC_SYNC_STATE_ERROR);
          civic_sync_indicator_set_message (self->sync_indicator, error);
        }
      else if (active != NULL && civic_connection_get_kind (active) == CIVIC_CONNECTION_OPEN311)
        {
          g_autofree char *subtitle = civic_connection_dup_subtitle (active);

          civic_sync_indicator_set_state (self->sync_indicator, CIVIC_SYNC_STATE_OFFLINE);
          civic_sync_indicator_set_message (self->sync_indicator, subtitle);
        }
      else
        {
          civic_sync_indicator_set_state (self->sync_indicator, CIVIC_SYNC_STATE_OFFLINE);
          civic_sync_indicator_set_message (self->sync_indicator, NULL);
        }
      return;
    }

  self->engine = g_object_ref (engine);
  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    self->bindings[i] = g_object_bind_property (engine, props[i], self->sync_indicator, props[i],
                                                G_BINDING_SYNC_CREATE);
  if (sync != NULL)
    {
      self->sync = g_object_ref (sync);
      self->conflict_handler = g_signal_connect (sync, "conflict", G_CALLBACK (conflict_cb), self);
    }
}

/* The engine reports values as JSON text ("\"closed\"", "null",
 * "[\"pothole\"]"); @strings keeps what the change points into. */
static gboolean
change_from_field (CivicCaseChange *change,
                   const char      *field,
                   const char      *value,
                   GPtrArray       *strings)
{
  g_autoptr(JsonNode) node = json_from_string (value, NULL);
  const char *text = NULL;
  int state;

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      text = g_strdup (json_node_get_string (node));
      g_ptr_array_add (strings, (gpointer) text);
    }

  if (g_strcmp0 (field, "state") == 0 &&
      civic_enum_from_nick (CIVIC_TYPE_CASE_STATE, text, &state))
    {
      change->fields = CIVIC_CASE_FIELD_STATE;
      change->state = state;
    }
  else if (g_strcmp0 (field, "assignee") == 0 && (text != NULL || JSON_NODE_HOLDS_NULL (node)))
    {
      change->fields = CIVIC_CASE_FIELD_ASSIGNEE;
      change->assignee = text;
    }
  else if (g_strcmp0 (field, "department") == 0 && text != NULL)
    {
      change->fields = CIVIC_CASE_FIELD_DEPARTMENT;
      change->department = text;
    }
  else if (g_strcmp0 (field, "priority") == 0 &&
           (text != NULL ? civic_priority_from_name (text) : json_node_get_int (node)) > 0)
    {
      change->fields = CIVIC_CASE_FIELD_PRIORITY;
      change->priority = text != NULL ? civic_priority_from_name (text) : (int) json_node_get_int (node);
    }
  else if (g_strcmp0 (field, "tags") == 0 && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GStrvBuilder *builder = g_strv_builder_new ();
      char **tags;

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (json_array_get_string_element (array, i) != NULL)
          g_strv_builder_add (builder, json_array_get_string_element (array, i));
      tags = g_strv_builder_end (builder);
      g_strv_builder_unref (builder);
      /* freed with the other strings: the vector, then each tag */
      for (guint i = 0; tags[i] != NULL; i++)
        g_ptr_array_add (strings, tags[i]);
      g_ptr_array_add (strings, tags);
      change->fields = CIVIC_CASE_FIELD_TAGS;
      change->tags = (const char * const *) tags;
    }
  else if (g_strcmp0 (field, "status_notes") == 0 && text != NULL)
    {
      change->fields = CIVIC_CASE_FIELD_STATUS_NOTES;
      change->status_notes = text;
    }
  else if (g_strcmp0 (field, "description") == 0 && text != NULL)
    {
      change->fields = CIVIC_CASE_FIELD_DESCRIPTION;
      change->description = text;
    }
  else
    {
      return FALSE;
    }
  return TRUE;
}

/* From the indicator's popover when the engine needs the user (an
 * expired session): the same form, this connection's address and
 * username filled in; a successful sign-in keeps its replica. */
static void
sign_in_again_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  CivicWindow *self = CIVIC_WINDOW (widget);
  CivicConnection *active = civic_connection_manager_get_active (self->manager);

  if (active != NULL && civic_connection_get_kind (active) == CIVIC_CONNECTION_SERVICE)
    civic_setup_dialog_present (GTK_WINDOW (self), self->manager, active);
}

/* Re-issues the lost local value as a new local write: it goes through
 * the outbox against the server's current version like any edit. */
static void
reapply_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  CivicWindow *self = CIVIC_WINDOW (widget);
  CivicStore *store = civic_connection_manager_get_store (self->manager);
  CivicConnection *active = civic_connection_manager_get_active (self->manager);
  CivicCaseChange change = { 0 };
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *request_id, *field, *value;

  g_variant_get (param, "(&s&s&s)", &request_id, &field, &value);
  if (store == NULL || active == NULL)
    return;

  if (!change_from_field (&change, field, value, strings))
    error = g_error_new (CIVIC_ERROR, CIVIC_ERROR_INVALID,
                         _("This change cannot be reapplied from here; edit the case instead."));
  else if (civic_local_update_case (store, request_id, &change,
                                    civic_connection_get_username (active), &error) &&
           self->sync != NULL)
    civic_sync_outbox_changed (self->sync);

  if (error != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
feed_open_case_cb (CivicFeedView *feed,
                   const char    *request_id,
                   CivicWindow   *self)
{
  if (civic_queue_view_open_case (self->queue_view, request_id))
    adw_view_stack_set_visible_child_name (self->stack, "queue");
  else
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 adw_toast_new (_("That case is not in this desk’s copy yet.")));
}

static void
request_submitted_cb (CivicOpen311RequestDialog *dialog,
                      CivicCase                 *kase,
                      CivicWindow               *self)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* TRANSLATORS: %s is the city's tracking number, e.g. "311-000123" */
  title = g_strdup_printf (_("Request sent — tracking number %s"), civic_case_get_service_request_id (kase));
  g_free (self->last_toast);
  self->last_toast = g_strdup (title);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

CivicQueueView *
civic_window_get_queue_view (CivicWindow *self)
{
  g_return_val_if_fail (CIVIC_IS_WINDOW (self), NULL);
  return self->queue_view;
}

/* app.new-open311-request: only an Open311 connection has an engine to
 * send with; a Civic Desk service gets its own new-case dialog. */
CivicOpen311RequestDialog *
civic_window_new_open311_request (CivicWindow *self)
{
  CivicOpen311Engine *engine;
  CivicOpen311Client *client;
  CivicOpen311RequestDialog *dialog;

  g_return_val_if_fail (CIVIC_IS_WINDOW (self), NULL);

  engine = civic_connection_manager_get_open311 (self->manager);
  client = engine != NULL ? civic_open311_engine_get_client (engine) : NULL;
  if (client == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("The city's endpoint is still being read; try again in a moment.")));
      return NULL;
    }

  dialog = civic_open311_request_dialog_new (GTK_WINDOW (self), client,
                                             civic_connection_manager_get_store (self->manager));
  g_signal_connect_object (dialog, "submitted", G_CALLBACK (request_submitted_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* the map (issue 7): a point opens its case in the queue, a box selects
 * there, and "show on map" from a case turns to the map */
static void
map_case_activated_cb (CivicWindow *self,
                       const char  *request_id)
{
  civic_window_set_view (self, "queue");
  civic_queue_view_open_case (self->queue_view, request_id);
}

static void
map_selection_changed_cb (CivicWindow *self)
{
  civic_window_set_view (self, "queue");
  civic_map_select_in_queue (self->queue_view, civic_map_view_get_selected_ids (self->map_view));
}

static void
show_on_map_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  CivicWindow *self = CIVIC_WINDOW (widget);

  civic_window_set_view (self, "map");
  civic_map_view_show_case (self->map_view, g_variant_get_string (param, NULL));
}

static gboolean
civic_window_close_request (GtkWindow *window)
{
  save_geometry (CIVIC_WINDOW (window));

  return GTK_WINDOW_CLASS (civic_window_parent_class)->close_request (window);
}

/* A briefing figure was clicked: the queue lists exactly its cases. */
static void
briefing_show_cases_cb (CivicWindow           *self,
                        const CivicCaseFilter *filter,
                        const char            *what)
{
  g_autofree char *title = g_markup_escape_text (what != NULL ? what : "", -1);

  civic_queue_filter_set (civic_queue_view_get_filter (self->queue_view), filter);
  civic_window_set_view (self, "queue");
  /* the filter bar has no control for these conditions: say what is shown
   * (a toast's title is markup; department names may hold "&") */
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
civic_window_constructed (GObject *object)
{
  CivicWindow *self = CIVIC_WINDOW (object);

  G_OBJECT_CLASS (civic_window_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));
  g_assert (CIVIC_IS_CONNECTION_MANAGER (self->manager));

  restore_geometry (self);

  /* the enum key maps to the page names one to one, so the binding both
   * restores the last view and keeps it saved */
  g_settings_bind (self->settings, "last-view",
                   self->stack, "visible-child-name",
                   G_SETTINGS_BIND_DEFAULT);

  civic_setup_page_set_manager (self->setup_page, self->manager);
  civic_queue_view_set_manager (self->queue_view, self->manager);
  civic_briefing_view_set_manager (self->briefing_view, self->manager);
  g_signal_connect_object (self->briefing_view, "show-cases",
                           G_CALLBACK (briefing_show_cases_cb), self, G_CONNECT_SWAPPED);
  /* the feed: a case link opens the case in the queue; unread
   * notifications are the feed tab's badge */
  civic_feed_view_set_manager (self->feed_view, self->manager);
  g_signal_connect_object (self->feed_view, "open-case", G_CALLBACK (feed_open_case_cb), self, 0);
  g_object_bind_property (self->feed_view, "unread-count", self->feed_page, "badge-number", G_BINDING_SYNC_CREATE);
  civic_map_view_set_settings (self->map_view, self->settings);
  civic_map_view_set_filter (self->map_view, civic_queue_view_get_filter (self->queue_view));
  civic_map_view_set_manager (self->map_view, self->manager);
  g_signal_connect_object (self->map_view, "case-activated",
                           G_CALLBACK (map_case_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map_view, "selection-changed",
                           G_CALLBACK (map_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->manager, "notify::active",
                           G_CALLBACK (active_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->manager, "notify::sync",
                           G_CALLBACK (sync_changed_cb), self, G_CONNECT_SWAPPED);
  active_changed_cb (self);
  sync_changed_cb (self);
}

static void
civic_window_dispose (GObject *object)
{
  CivicWindow *self = CIVIC_WINDOW (object);

  if (self->settings != NULL)
    g_settings_unbind (self->stack, "visible-child-name");
  unbind_sync (self);

  G_OBJECT_CLASS (civic_window_parent_class)->dispose (object);
}

static void
civic_window_finalize (GObject *object)
{
  CivicWindow *self = CIVIC_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->manager);
  g_clear_pointer (&self->last_toast, g_free);

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
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
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
    case PROP_MANAGER:
      self->manager = g_value_dup_object (value);
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
  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, CIVIC_TYPE_CONNECTION_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CIVIC_TYPE_SYNC_INDICATOR);
  g_type_ensure (CIVIC_TYPE_SETUP_PAGE);
  g_type_ensure (CIVIC_TYPE_QUEUE_VIEW);
  g_type_ensure (CIVIC_TYPE_MAP_VIEW);
  g_type_ensure (CIVIC_TYPE_FEED_VIEW);
  g_type_ensure (CIVIC_TYPE_BRIEFING_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CivicWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, CivicWindow, setup_page);
  gtk_widget_class_bind_template_child (widget_class, CivicWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CivicWindow, queue_view);
  gtk_widget_class_bind_template_child (widget_class, CivicWindow, briefing_view);
  gtk_widget_class_bind_template_child (widget_class, CivicWindow, feed_view);
  gtk_widget_class_bind_template_child (widget_class, CivicWindow, feed_page);
  gtk_widget_class_bind_template_child (widget_class, CivicWindow, map_view);
  gtk_widget_class_bind_template_callback (widget_class, setup_connected_cb);
  gtk_widget_class_bind_template_child (widget_class, CivicWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, CivicWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CivicWindow, switcher_title);

  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.reapply", "(sss)", reapply_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in-again", NULL, sign_in_again_action);
  gtk_widget_class_install_action (widget_class, "win.show-on-map", "s", show_on_map_action);
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
                  CivicConnectionManager *manager)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (CIVIC_IS_CONNECTION_MANAGER (manager), NULL);

  return g_object_new (CIVIC_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       "manager", manager,
                       NULL);
}

CivicSetupPage *
civic_window_get_setup_page (CivicWindow *self)
{
  g_return_val_if_fail (CIVIC_IS_WINDOW (self), NULL);

  return self->setup_page;
}

/* "setup" or "desk" */
const char *
civic_window_get_page (CivicWindow *self)
{
  g_return_val_if_fail (CIVIC_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->pages);
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

const char *
civic_window_get_last_request_toast (CivicWindow *self)
{
  g_return_val_if_fail (CIVIC_IS_WINDOW (self), NULL);
  return self->last_toast;
}
