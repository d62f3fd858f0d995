/* test-app-connections.c: connecting the desk, with a real server and a
 * real keyring (run-with-keyring.sh): the first-run page, the errors a
 * clerk can meet, where the token goes (the keyring, and nowhere else),
 * and two connections that never mix or lose each other's replica.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "civic-preferences-window.h"
#include "civic-secrets.h"
#include "civic-test-util.h"
#include "civic-ui-test-util.h"

static CivicApplication *app;

static char *
lookup_secret (const char *connection_id,
               const char *kind)
{
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_sync (civic_secrets_get_schema (), NULL, &error,
                                        "connection", connection_id, "kind", kind, NULL);
  g_assert_no_error (error);
  return secret;
}

/* any secret of ours at all */
static char *
lookup_any_secret (void)
{
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_sync (civic_secrets_get_schema (), NULL, &error, NULL);
  g_assert_no_error (error);
  return secret;
}

static char *
store_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "civicdesk", NULL);
}

static guint
count_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* every file under the data dir, and every settings value */
static void
assert_nowhere_but_keyring (const char *token)
{
  GSettings *settings = civic_application_get_settings (app);
  g_autofree char *dir_path = store_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_null (memmem (contents, length, token, strlen (token)));
    }

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, token));
    }
}

static void
test_first_run (void)
{
  CivicWindow *window;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);

  g_assert_cmpstr (civic_window_get_page (window), ==, "setup");
  g_assert_null (civic_connection_manager_get_active (civic_application_get_connection_manager (app)));

  civic_ui_test_window_close (window);
}

static void
test_wrong_password (void)
{
  CivicUiCity *city = civic_ui_city_new (10);
  GSettings *settings = civic_application_get_settings (app);
  g_autoptr(GVariant) connections = NULL;
  g_autofree char *active = NULL;
  g_autofree char *dir = store_dir ();
  g_autofree char *secret = NULL;
  CivicWindow *window;
  const char *error;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);

  error = civic_ui_test_sign_in (window, civic_ui_city_url (city), "advocate", "not-the-password");
  g_assert_cmpstr (error, ==, "Wrong username or password");
  g_assert_cmpstr (civic_window_get_page (window), ==, "setup");
  civic_ui_test_shoot (GTK_WIDGET (window), "setup-wrong-password");

  /* nothing kept: no connection, no replica, no secret */
  connections = g_settings_get_value (settings, "connections");
  g_assert_cmpuint (g_variant_n_children (connections), ==, 0);
  active = g_settings_get_string (settings, "active-connection");
  g_assert_cmpstr (active, ==, "");
  g_assert_cmpuint (count_files (dir), ==, 0);
  secret = lookup_any_secret ();
  g_assert_null (secret);

  civic_ui_test_window_close (window);
  civic_ui_city_free (city);
}

static void
test_unreachable_and_not_a_service (void)
{
  CivicUiCity *city = civic_ui_city_new (10);
  g_autofree char *open311 = g_strconcat (civic_ui_city_url (city), "open311/v2/", NULL);
  g_autofree char *expected = NULL;
  CivicWindow *window;
  const char *error;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);

  /* the Open311 endpoint of the same server is not the staff service */
  error = civic_ui_test_sign_in (window, open311, "advocate", "civicdesk-demo");
  expected = g_strdup_printf ("%s is not a Civic Desk service. Check the address, or use "
                              "“City Open311 Endpoint” for a city’s Open311 address.", open311);
  g_assert_cmpstr (error, ==, expected);
  civic_ui_test_shoot (GTK_WIDGET (window), "setup-not-a-service");

  error = civic_ui_test_sign_in (window, "http://127.0.0.1:1/", "advocate", "civicdesk-demo");
  g_assert_true (g_str_has_prefix (error, "Cannot reach http://127.0.0.1:1/."));

  error = civic_ui_test_sign_in (window, "311.example.gov", "advocate", "civicdesk-demo");
  g_assert_cmpstr (error, ==, "Enter an address that starts with https:// or http://");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (civic_application_get_connection_manager (app))), ==, 0);

  civic_ui_test_window_close (window);
  civic_ui_city_free (city);
}

static void
test_token_in_keyring_only (void)
{
  CivicUiCity *city = civic_ui_city_new (20);
  CivicConnectionManager *manager = civic_application_get_connection_manager (app);
  g_autofree char *token = NULL;
  CivicConnection *connection;
  CivicWindow *window;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);

  g_assert_null (civic_ui_test_sign_in (window, civic_ui_city_url (city), "advocate", "civicdesk-demo"));
  g_assert_cmpstr (civic_window_get_page (window), ==, "desk");

  connection = civic_connection_manager_get_active (manager);
  g_assert_nonnull (connection);
  g_assert_cmpstr (civic_connection_get_username (connection), ==, "advocate");
  token = lookup_secret (civic_connection_get_id (connection), CIVIC_SECRET_TOKEN);
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), >=, 16);

  civic_ui_test_wait_idle (civic_connection_manager_get_sync (manager));
  g_assert_cmpint (civic_store_count_cases (civic_connection_manager_get_store (manager), NULL, NULL), ==, 20);
  assert_nowhere_but_keyring (token);

  civic_ui_test_window_close (window);
  civic_ui_city_free (city);
}

static gint64
count_cases_in (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = civic_store_open_full (path, CIVIC_STORE_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return civic_store_count_cases (store, NULL, NULL);
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (civic_connection_manager_remove_finish (CIVIC_CONNECTION_MANAGER (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_switch_and_remove (void)
{
  CivicUiCity *east = civic_ui_city_new (12);
  CivicUiCity *west = civic_ui_city_new (30);
  CivicConnectionManager *manager = civic_application_get_connection_manager (app);
  g_autoptr(CivicConnection) a = NULL;
  g_autoptr(CivicConnection) b = NULL;
  g_autofree char *a_path = NULL;
  g_autofree char *b_path = NULL;
  g_autofree char *a_token = NULL;
  g_autofree char *b_token = NULL;
  g_autofree char *heading = NULL;
  CivicPreferencesWindow *preferences;
  AdwMessageDialog *dialog;
  CivicWindow *window;
  gboolean done = FALSE;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);

  g_assert_null (civic_ui_test_sign_in (window, civic_ui_city_url (east), "advocate", "civicdesk-demo"));
  a = g_object_ref (civic_connection_manager_get_active (manager));
  civic_ui_test_wait_idle (civic_connection_manager_get_sync (manager));

  /* the second one, from Preferences' form: the same page */
  manager = civic_application_get_connection_manager (app);
  civic_connection_manager_set_active (manager, NULL);
  g_assert_cmpstr (civic_window_get_page (window), ==, "setup");
  g_assert_null (civic_ui_test_sign_in (window, civic_ui_city_url (west), "manager", "civicdesk-demo"));
  b = g_object_ref (civic_connection_manager_get_active (manager));
  civic_ui_test_wait_idle (civic_connection_manager_get_sync (manager));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 2);

  a_path = civic_connection_dup_store_path (a);
  b_path = civic_connection_dup_store_path (b);
  g_assert_cmpstr (a_path, !=, b_path);

  /* back and forth: each replica keeps its own city */
  civic_connection_manager_set_active (manager, a);
  civic_ui_test_wait_idle (civic_connection_manager_get_sync (manager));
  g_assert_cmpint (civic_store_count_cases (civic_connection_manager_get_store (manager), NULL, NULL), ==, 12);
  g_assert_cmpint (count_cases_in (b_path), ==, 30);
  civic_connection_manager_set_active (manager, b);
  civic_ui_test_wait_idle (civic_connection_manager_get_sync (manager));
  g_assert_cmpint (civic_store_count_cases (civic_connection_manager_get_store (manager), NULL, NULL), ==, 30);
  g_assert_cmpint (count_cases_in (a_path), ==, 12);

  a_token = lookup_secret (civic_connection_get_id (a), CIVIC_SECRET_TOKEN);
  b_token = lookup_secret (civic_connection_get_id (b), CIVIC_SECRET_TOKEN);
  g_assert_nonnull (a_token);
  g_assert_nonnull (b_token);
  g_assert_cmpstr (a_token, !=, b_token);

  /* Preferences asks first; cancelling removes nothing */
  preferences = civic_preferences_window_new (GTK_WINDOW (window), civic_application_get_settings (app), manager);
  gtk_window_present (GTK_WINDOW (preferences));
  civic_ui_test_shoot (GTK_WIDGET (preferences), "preferences-connections");
  dialog = civic_preferences_window_ask_remove (preferences, b);
  civic_ui_test_shoot (GTK_WIDGET (dialog), "preferences-remove");
  heading = g_strdup_printf ("Remove 127.0.0.1:%u?", ((CivicTestServer *) west->server)->port);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 2);
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* removing the active one deletes only its replica and its secrets,
   * and the desk moves on to the other */
  civic_connection_manager_remove_async (manager, b, NULL, removed_cb, &done);
  g_assert_true (civic_ui_test_wait (is_true, &done, 10000));
  g_assert_false (g_file_test (b_path, G_FILE_TEST_EXISTS));
  g_assert_null (lookup_secret (civic_connection_get_id (b), CIVIC_SECRET_TOKEN));
  g_assert_true (civic_connection_manager_get_active (manager) == a);
  g_assert_cmpint (civic_store_count_cases (civic_connection_manager_get_store (manager), NULL, NULL), ==, 12);
  g_clear_pointer (&a_token, g_free);
  a_token = lookup_secret (civic_connection_get_id (a), CIVIC_SECRET_TOKEN);
  g_assert_nonnull (a_token);
  g_assert_cmpstr (civic_window_get_page (window), ==, "desk");

  civic_ui_test_window_close (window);
  civic_ui_city_free (east);
  civic_ui_city_free (west);
}

static gboolean
page_not_busy (gpointer data)
{
  return !civic_setup_page_get_busy (data);
}

/* A city's plain Open311 endpoint (here the server's own /open311/v2/):
 * checked with services.json, its api_key in the keyring only. */
static void
test_open311 (void)
{
  CivicUiCity *city = civic_ui_city_new (10);
  CivicConnectionManager *manager = civic_application_get_connection_manager (app);
  g_autofree char *endpoint = g_strconcat (civic_ui_city_url (city), "open311/v2/", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *key = NULL;
  CivicSetupPage *page;
  CivicConnection *connection;
  CivicWindow *window;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  page = civic_window_get_setup_page (window);

  /* the staff root is not an Open311 endpoint */
  civic_setup_page_fill_open311 (page, civic_ui_city_url (city), NULL, "secret-key-1");
  civic_setup_page_connect (page);
  g_assert_true (civic_ui_test_wait (page_not_busy, page, 20000));
  expected = g_strdup_printf ("%s does not look like an Open311 endpoint: its services.json answered “404 Not Found”.",
                              civic_ui_city_url (city));
  g_assert_cmpstr (civic_setup_page_get_error (page), ==, expected);
  civic_ui_test_shoot (GTK_WIDGET (window), "setup-open311-error");
  g_assert_null (civic_connection_manager_get_active (manager));

  civic_setup_page_fill_open311 (page, endpoint, "", "secret-key-1");
  civic_setup_page_connect (page);
  g_assert_true (civic_ui_test_wait (page_not_busy, page, 20000));
  g_assert_null (civic_setup_page_get_error (page));

  connection = civic_connection_manager_get_active (manager);
  g_assert_nonnull (connection);
  g_assert_cmpint (civic_connection_get_kind (connection), ==, CIVIC_CONNECTION_OPEN311);
  g_assert_cmpstr (civic_window_get_page (window), ==, "desk");
  /* its own replica, no Civic Desk engine */
  g_assert_nonnull (civic_connection_manager_get_store (manager));
  g_assert_null (civic_connection_manager_get_sync (manager));
  key = lookup_secret (civic_connection_get_id (connection), CIVIC_SECRET_API_KEY);
  g_assert_cmpstr (key, ==, "secret-key-1");
  assert_nowhere_but_keyring ("secret-key-1");

  civic_ui_test_window_close (window);
  civic_ui_city_free (city);
}

static gboolean
sync_in_error (gpointer data)
{
  CivicConnectionManager *manager = data;
  CivicSync *sync = civic_connection_manager_get_sync (manager);

  return sync != NULL && civic_sync_get_state (sync) == CIVIC_SYNC_STATE_ERROR;
}

static gboolean
sync_online (gpointer data)
{
  CivicConnectionManager *manager = data;
  CivicSync *sync = civic_connection_manager_get_sync (manager);

  return sync != NULL && civic_sync_get_state (sync) == CIVIC_SYNC_STATE_ONLINE;
}

/* The session ends on the server (signed out elsewhere, expired): the
 * header says so, and signing in again from its popover keeps the same
 * connection and replica with a fresh token in the keyring. */
static void
test_sign_in_again (void)
{
  CivicUiCity *city = civic_ui_city_new (10);
  CivicConnectionManager *manager = civic_application_get_connection_manager (app);
  g_autofree char *old_token = NULL;
  g_autofree char *new_token = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) answer = NULL;
  CivicConnection *connection;
  CivicSyncIndicator *indicator;
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *dialog = NULL;
  CivicWindow *window;
  guint status = 0;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  indicator = civic_window_get_sync_indicator (window);
  g_assert_null (civic_ui_test_sign_in (window, civic_ui_city_url (city), "advocate", "civicdesk-demo"));
  connection = civic_connection_manager_get_active (manager);
  path = civic_connection_dup_store_path (connection);
  civic_ui_test_wait_idle (civic_connection_manager_get_sync (manager));
  old_token = lookup_secret (civic_connection_get_id (connection), CIVIC_SECRET_TOKEN);

  answer = civic_test_request (city->server, "DELETE", "/api/v1/session", old_token, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status / 100, ==, 2);
  civic_sync_now (civic_connection_manager_get_sync (manager));
  g_assert_true (civic_ui_test_wait (sync_in_error, manager, 20000));
  g_assert_cmpstr (civic_sync_indicator_get_label (indicator), ==, "Your session has expired — sign in again");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (indicator), "error"));
  civic_ui_test_shoot (GTK_WIDGET (window), "session-expired");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in-again", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (w) == GTK_WINDOW (window))
        dialog = w;
    }
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_window_get_title (dialog), ==, "Sign In Again");
  {
    /* held: the dialog closes itself once signed in */
    g_autoptr(CivicSetupPage) page = g_object_ref (CIVIC_SETUP_PAGE (gtk_widget_get_last_child (GTK_WIDGET (adw_window_get_content (ADW_WINDOW (dialog))))));

    civic_ui_test_shoot (GTK_WIDGET (dialog), "sign-in-again");
    /* address and username are there; only the password is asked */
    civic_setup_page_fill_service (page, NULL, civic_ui_city_url (city), "advocate", "civicdesk-demo");
    civic_setup_page_connect (page);
    g_assert_true (civic_ui_test_wait (page_not_busy, page, 20000));
    if (civic_setup_page_get_error (page) != NULL)
      g_error ("sign-in again: %s", civic_setup_page_get_error (page));
  }
  if (!civic_ui_test_wait (sync_online, manager, 20000))
    g_error ("not online: %s (%s)", civic_sync_get_message (civic_connection_manager_get_sync (manager)),
             civic_sync_get_detail (civic_connection_manager_get_sync (manager)));

  /* the same connection and replica, a new token */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 1);
  g_assert_true (civic_connection_manager_get_active (manager) == connection);
  g_assert_cmpint (count_cases_in (path), ==, 10);
  new_token = lookup_secret (civic_connection_get_id (connection), CIVIC_SECRET_TOKEN);
  g_assert_nonnull (new_token);
  g_assert_cmpstr (new_token, !=, old_token);
  g_assert_cmpstr (civic_sync_indicator_get_label (indicator), ==, "Online");

  civic_ui_test_window_close (window);
  civic_ui_city_free (city);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = civic_ui_test_init (&argc, &argv);

  g_test_add_func ("/app/connections/first-run", test_first_run);
  g_test_add_func ("/app/connections/wrong-password", test_wrong_password);
  g_test_add_func ("/app/connections/unreachable", test_unreachable_and_not_a_service);
  g_test_add_func ("/app/connections/token-in-keyring-only", test_token_in_keyring_only);
  g_test_add_func ("/app/connections/switch-and-remove", test_switch_and_remove);
  g_test_add_func ("/app/connections/open311", test_open311);
  g_test_add_func ("/app/connections/sign-in-again", test_sign_in_again);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
