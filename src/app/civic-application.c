/* civic-application.c: the Civic Desk application
 *
 * Owns the settings and the connection manager (and through it the
 * active connection's replica and sync engine) and hands them to each
 * window, so no widget reaches for the global application object.
 *
 * `--server URL` is a run against that service: its connection is used
 * when there is one; otherwise the first-run page offers it. tools/demo
 * also sets CIVICDESK_DEMO_USER and CIVICDESK_DEMO_PASSWORD (in the
 * environment, never on the command line, where `ps` shows it) and the
 * desk signs in as them into a "Demo city" connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "civic-application.h"
#include "civic-preferences-window.h"
#include "civic-resources.h"
#include "civic-screenshot.h"
#include "civic-window.h"

struct _CivicApplication
{
  AdwApplication          parent_instance;

  GSettings              *settings;
  CivicConnectionManager *manager;

  char                   *server_override;   /* --server */
  char                   *screenshot_dir;    /* --screenshot */
  int                     exit_status;
};

/* FIXME: the project has no public home yet; put the real one here */
#define CIVIC_WEBSITE "https://civicdesk.org/"

G_DEFINE_FINAL_TYPE (CivicApplication, civic_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "server", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Use this Civic Desk service for this run instead of the one in Preferences"), N_("URL") },
  { "screenshot", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL,
    N_("Save each view as a PNG into DIR, then quit"), N_("DIR") },
  { NULL }
};

static GtkWindow *
get_or_create_window (CivicApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (civic_window_new (GTK_APPLICATION (self), self->settings, self->manager));

  return window;
}

static void
screenshot_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CivicApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!civic_screenshot_run_finish (result, &error))
    {
      g_printerr ("civicdesk: screenshot failed: %s\n", error->message);
      self->exit_status = 1;
    }

  g_application_quit (G_APPLICATION (self));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  CivicApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  CivicPreferencesWindow *preferences = civic_preferences_window_new (parent, self->settings,
                                                                     self->manager);

  gtk_window_present (GTK_WINDOW (preferences));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  CivicApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* GtkApplication made this window action from gtk/help-overlay.ui */
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  CivicApplication *self = user_data;
  static const char *developers[] = { "The Civic Desk contributors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (parent,
                         "application-name", _("Civic Desk"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("The collaboration desk of a city’s 311 team: cases, map, feed and the daily briefing"),
                         "developer-name", _("The Civic Desk contributors"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", CIVIC_WEBSITE,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
sync_now_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  CivicApplication *self = user_data;

  civic_connection_manager_sync_now (self->manager);
}

static void
new_open311_request_action (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (CIVIC_IS_WINDOW (window))
    civic_window_new_open311_request (CIVIC_WINDOW (window));
}

/* New Request (and Ctrl+N) only where it can be sent: an Open311
 * connection. Disabled, the menu item hides and the accelerator does
 * nothing, so Ctrl+N stays free for a service's own dialog. */
static void
update_new_request (CivicApplication *self)
{
  CivicConnection *active = civic_connection_manager_get_active (self->manager);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "new-open311-request");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               active != NULL && civic_connection_get_kind (active) == CIVIC_CONNECTION_OPEN311);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  CivicApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* close, not destroy, so each window saves its size and view */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
  { "about", about_action },
  { "sync-now", sync_now_action },
  { "new-open311-request", new_open311_request_action },
  { "quit", quit_action },
};

static int
civic_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  CivicApplication *self = CIVIC_APPLICATION (application);

  g_variant_dict_lookup (options, "server", "s", &self->server_override);
  g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot_dir);

  /* A run pointed at another service, or a screenshot run, is a desk of
   * its own: it must not hand its arguments to an instance already open. */
  if (self->server_override != NULL || self->screenshot_dir != NULL)
    g_application_set_flags (application,
                             g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

/* Ctrl+C in the terminal (tools/demo) closes the window the same way the
 * close button does, so its size and view are saved. */
static gboolean
quit_on_signal_cb (gpointer user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (app);

  if (window != NULL)
    gtk_window_close (window);
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_CONTINUE;
}

static void
civic_application_startup (GApplication *application)
{
  CivicApplication *self = CIVIC_APPLICATION (application);
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *preferences_accels[] = { "<Primary>comma", NULL };
  static const char *shortcuts_accels[] = { "<Primary>question", NULL };
  static const char *sync_accels[] = { "<Primary>r", NULL };
  static const char *new_request_accels[] = { "<Primary>n", NULL };

  /* the resource object lives in a static library: naming it keeps the
   * linker from dropping it (and with it the templates and style.css) */
  g_assert (civic_get_resource () != NULL);

  G_APPLICATION_CLASS (civic_application_parent_class)->startup (application);

  g_unix_signal_add (SIGINT, quit_on_signal_cb, application);
  g_unix_signal_add (SIGTERM, quit_on_signal_cb, application);

  if (self->screenshot_dir != NULL)
    {
      /* screenshots are reproducible and leave the user's settings alone */
      g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
      self->settings = g_settings_new_with_backend (APP_ID, backend);
    }
  else
    {
      self->settings = g_settings_new (APP_ID);
    }

  self->manager = civic_connection_manager_new (self->settings);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.sync-now", sync_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-open311-request", new_request_accels);
  g_signal_connect_object (self->manager, "notify::active",
                           G_CALLBACK (update_new_request), self, G_CONNECT_SWAPPED);
  update_new_request (self);
}

/* tools/demo starts its server on a new port each run: the demo cities of
 * earlier runs are unreachable copies of throwaway data, and would pile up
 * in Preferences. Only connections the demo itself made are touched. */
static void
forget_old_demo_cities (CivicApplication *self,
                        const char       *url)
{
  GListModel *list = G_LIST_MODEL (self->manager);

  for (guint i = g_list_model_get_n_items (list); i > 0; i--)
    {
      g_autoptr(CivicConnection) c = g_list_model_get_item (list, i - 1);

      if (g_strcmp0 (civic_connection_get_title (c), _("Demo city")) == 0 &&
          g_strcmp0 (civic_connection_get_url (c), url) != 0)
        civic_connection_manager_remove_async (self->manager, c, NULL, NULL, NULL);
    }
}

/* --server, the demo's credentials and the old server-url key, applied to
 * a new window. */
static void
choose_connection (CivicApplication *self,
                   CivicWindow      *window)
{
  CivicSetupPage *page = civic_window_get_setup_page (window);
  const char *user = g_getenv ("CIVICDESK_DEMO_USER");
  g_autofree char *password = g_strdup (g_getenv ("CIVICDESK_DEMO_PASSWORD"));
  g_autofree char *url = NULL;
  g_autofree char *legacy = NULL;

  /* read once; nothing started from this desk inherits it */
  g_unsetenv ("CIVICDESK_DEMO_PASSWORD");

  if (self->server_override == NULL)
    {
      /* before connections existed, the address was this key */
      legacy = g_settings_get_string (self->settings, "server-url");
      if (civic_connection_manager_get_active (self->manager) == NULL && *legacy != '\0')
        civic_setup_page_set_service_url (page, legacy);
      return;
    }

  url = civic_connection_normalize_url (self->server_override, NULL);
  civic_setup_page_set_service_url (page, url ? url : self->server_override);
  if (url == NULL)
    return;

  if (user != NULL && *user != '\0' && password != NULL && *password != '\0')
    {
      forget_old_demo_cities (self, url);
      /* a fresh sign-in every time: the demo city may have been seeded
       * again since the last token */
      civic_setup_page_fill_service (page, _("Demo city"), url, user, password);
      civic_setup_page_connect (page);
      return;
    }

  civic_connection_manager_set_active (self->manager,
                                       civic_connection_manager_find (self->manager,
                                                                      CIVIC_CONNECTION_SERVICE,
                                                                      url, NULL));
}

static void
civic_application_activate (GApplication *application)
{
  CivicApplication *self = CIVIC_APPLICATION (application);
  gboolean is_new = gtk_application_get_active_window (GTK_APPLICATION (self)) == NULL;
  GtkWindow *window = get_or_create_window (self);

  if (is_new)
    choose_connection (self, CIVIC_WINDOW (window));

  if (self->screenshot_dir != NULL)
    {
      gtk_window_unmaximize (window);
      gtk_window_set_default_size (window, 1280, 800);
      civic_screenshot_run_async (CIVIC_WINDOW (window), self->manager, self->screenshot_dir,
                                  NULL, screenshot_done_cb, g_object_ref (self));
      /* keep the screenshot run going even if a step closes the window */
      g_clear_pointer (&self->screenshot_dir, g_free);
    }

  gtk_window_present (window);
}

static void
civic_application_shutdown (GApplication *application)
{
  CivicApplication *self = CIVIC_APPLICATION (application);

  /* stops the engine and closes the replica before the process goes */
  if (self->manager != NULL)
    g_object_run_dispose (G_OBJECT (self->manager));

  G_APPLICATION_CLASS (civic_application_parent_class)->shutdown (application);
}

static void
civic_application_finalize (GObject *object)
{
  CivicApplication *self = CIVIC_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->manager);
  g_clear_pointer (&self->server_override, g_free);
  g_clear_pointer (&self->screenshot_dir, g_free);

  G_OBJECT_CLASS (civic_application_parent_class)->finalize (object);
}

static void
civic_application_class_init (CivicApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = civic_application_finalize;

  app_class->handle_local_options = civic_application_handle_local_options;
  app_class->startup = civic_application_startup;
  app_class->activate = civic_application_activate;
  app_class->shutdown = civic_application_shutdown;
}

static void
civic_application_init (CivicApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

CivicApplication *
civic_application_new (void)
{
  return g_object_new (CIVIC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       /* style.css and gtk/help-overlay.ui are found here */
                       "resource-base-path", "/org/civicdesk/CivicDesk",
                       NULL);
}

GSettings *
civic_application_get_settings (CivicApplication *self)
{
  g_return_val_if_fail (CIVIC_IS_APPLICATION (self), NULL);

  return self->settings;
}

CivicConnectionManager *
civic_application_get_connection_manager (CivicApplication *self)
{
  g_return_val_if_fail (CIVIC_IS_APPLICATION (self), NULL);

  return self->manager;
}

/* Non-zero when a --screenshot run failed; main() returns it. */
int
civic_application_get_exit_status (CivicApplication *self)
{
  g_return_val_if_fail (CIVIC_IS_APPLICATION (self), 1);

  return self->exit_status;
}
