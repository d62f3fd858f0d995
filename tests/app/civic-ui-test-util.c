/* civic-ui-test-util.c: a registered CivicApplication and main-loop waits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-screenshot.h"
#include "civic-test-util.h"
#include "civic-ui-test-util.h"
#include "civic-local-write.h"
#include "civic-synth.h"

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
civic_ui_test_wait (CivicTestCondition condition,
                    gpointer           data,
                    guint              timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return condition (data);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

CivicApplication *
civic_ui_test_init (int    *argc,
                    char ***argv)
{
  g_autoptr(GError) error = NULL;
  CivicApplication *app;

  /* the same as G_DEBUG=fatal-warnings, whatever the environment says */
  g_setenv ("G_DEBUG", "fatal-warnings", TRUE);
  g_test_init (argc, argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
  gtk_init ();

  /* non-unique: registering needs no session bus, and GtkApplication
   * accepts windows only once registered (startup has run) */
  app = civic_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  return app;
}

CivicWindow *
civic_ui_test_window_new (CivicApplication *app)
{
  CivicWindow *window;

  window = civic_window_new (GTK_APPLICATION (app), civic_application_get_settings (app),
                             civic_application_get_connection_manager (app));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (civic_ui_test_wait (is_mapped, window, 5000));

  return window;
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  civic_connection_manager_remove_finish (CIVIC_CONNECTION_MANAGER (object), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

void
civic_ui_test_reset_settings (CivicApplication *app)
{
  CivicConnectionManager *manager = civic_application_get_connection_manager (app);
  GSettings *settings = civic_application_get_settings (app);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  while (g_list_model_get_n_items (G_LIST_MODEL (manager)) > 0)
    {
      g_autoptr(CivicConnection) connection = g_list_model_get_item (G_LIST_MODEL (manager), 0);
      gboolean done = FALSE;

      civic_connection_manager_remove_async (manager, connection, NULL, removed_cb, &done);
      g_assert_true (civic_ui_test_wait (is_true, &done, 10000));
    }

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

void
civic_ui_test_window_close (CivicWindow *window)
{
  /* close, like a user, so close-request saves the geometry */
  gtk_window_close (GTK_WINDOW (window));
}

CivicUiCity *
civic_ui_city_new (guint n_cases)
{
  CivicUiCity *city = g_new0 (CivicUiCity, 1);
  g_autofree char *cases = g_strdup_printf ("%u", n_cases);
  g_autoptr(GSubprocess) seed = NULL;
  g_autoptr(GError) error = NULL;

  city->dir = civic_test_mkdtemp ();
  city->db = g_build_filename (city->dir, "server.db", NULL);
  seed = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                           g_getenv ("CIVIC_SERVER_BIN"), "seed-demo", "--db", city->db,
                           "--cases", cases, "--posts", "5",
                           "--data", g_getenv ("CIVIC_FIXTURES"), NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (seed, NULL, &error);
  g_assert_no_error (error);

  city->server = civic_test_server_start (city->db, NULL);
  return city;
}

void
civic_ui_city_stop (CivicUiCity *city)
{
  CivicTestServer *server = city->server;

  if (server == NULL)
    return;
  /* keep the port for the restart */
  city->port = server->port;
  civic_test_server_stop (server);
  city->server = NULL;
}

void
civic_ui_city_restart (CivicUiCity *city)
{
  g_autofree char *port = NULL;
  CivicTestServer *server;

  civic_ui_city_stop (city);
  port = g_strdup_printf ("%u", city->port);
  /* the last --port wins */
  server = civic_test_server_start (city->db, "--port", port, NULL);
  g_assert_cmpuint (server->port, ==, city->port);
  city->server = server;
}

const char *
civic_ui_city_url (CivicUiCity *city)
{
  g_assert_nonnull (city->server);
  return ((CivicTestServer *) city->server)->base_url;
}

void
civic_ui_city_free (CivicUiCity *city)
{
  civic_ui_city_stop (city);
  civic_test_rm_rf (city->dir);
  g_free (city->dir);
  g_free (city->db);
  g_free (city);
}

static gboolean
not_busy (gpointer data)
{
  return !civic_setup_page_get_busy (data);
}

const char *
civic_ui_test_sign_in (CivicWindow *window,
                       const char  *url,
                       const char  *username,
                       const char  *password)
{
  CivicSetupPage *page = civic_window_get_setup_page (window);

  civic_setup_page_fill_service (page, NULL, url, username, password);
  civic_setup_page_connect (page);
  g_assert_true (civic_setup_page_get_busy (page));
  g_assert_true (civic_ui_test_wait (not_busy, page, 20000));

  return civic_setup_page_get_error (page);
}

void
civic_ui_test_wait_idle (CivicSync *sync)
{
  g_assert_true (civic_sync_wait_idle (sync, 20000));
}

/* CIVIC_TEST_SHOTS=DIR saves what the header shows at each step, to look
 * at (states no --screenshot run reaches). */
void
civic_ui_test_shoot (GtkWidget  *native,
             const char *name)
{
  const char *dir = g_getenv ("CIVIC_TEST_SHOTS");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  guint frames = 0;

  if (dir == NULL)
    return;
  /* let the last change reach the screen */
  gtk_widget_queue_draw (native);
  while (frames++ < 20)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (100000);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  if (!civic_screenshot_save_window (native, path, &error))
    g_test_message ("no shot %s: %s", name, error->message);
}

gboolean
civic_ui_test_outbox_empty (gpointer sync)
{
  return civic_sync_get_pending (sync) == 0 && civic_sync_get_state (sync) == CIVIC_SYNC_STATE_ONLINE;
}

gboolean
civic_ui_test_numbers_leased (gpointer store)
{
  return civic_local_numbers_left (store) > 0;
}

GtkWidget *
civic_ui_test_find_type (GtkWidget *root,
                         GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = civic_ui_test_find_type (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
civic_ui_test_find_button (GtkWidget  *root,
                           const char *label)
{
  /* an icon button has no label: its tooltip names it */
  if (GTK_IS_BUTTON (root) && (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0 ||
                               g_strcmp0 (gtk_widget_get_tooltip_text (root), label) == 0))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = civic_ui_test_find_button (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
civic_ui_test_iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

void
civic_ui_test_fill_store (CivicStore *store,
                          guint       seed,
                          guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicSynth) synth = civic_synth_new (seed, NULL);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) users = NULL;

  civic_synth_set_n_cases (synth, n);
  services = civic_synth_get_services (synth);
  departments = civic_synth_get_departments (synth);
  users = civic_synth_get_users (synth);
  g_assert_true (civic_store_put_services (store, services, &error));
  g_assert_true (civic_store_put_departments (store, departments, &error));
  g_assert_true (civic_store_put_users (store, users, &error));
  civic_synth_fill (synth, cases, n);
  g_assert_true (civic_store_put_cases (store, cases, &error));
  g_assert_no_error (error);
}
