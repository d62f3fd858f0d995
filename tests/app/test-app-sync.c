/* test-app-sync.c: the header bar's sync indicator against a real
 * civicdesk-server: online, offline once it stops, and the words a clerk
 * reads in each case.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-test-util.h"
#include "civic-ui-test-util.h"

static CivicApplication *app;

typedef struct
{
  CivicSyncIndicator *indicator;
  CivicSyncState      state;
} StateWait;

static gboolean
indicator_reached (gpointer data)
{
  StateWait *wait = data;

  return civic_sync_indicator_get_state (wait->indicator) == wait->state;
}

static void
wait_for_state (CivicWindow    *window,
                CivicSyncState  state)
{
  StateWait wait = { civic_window_get_sync_indicator (window), state };

  if (!civic_ui_test_wait (indicator_reached, &wait, 15000))
    g_error ("sync indicator stuck in state %d (“%s”), wanted %d",
             civic_sync_indicator_get_state (wait.indicator),
             civic_sync_indicator_get_message (wait.indicator), state);
}

static void
test_online_then_offline (void)
{
  g_autofree char *dir = civic_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  CivicTestServer *server = civic_test_server_start (db, NULL);
  GSettings *settings = civic_application_get_settings (app);
  g_autofree char *online = g_strdup_printf ("Connected to 127.0.0.1:%u", server->port);
  g_autofree char *unreachable = g_strdup_printf ("cannot reach 127.0.0.1:%u", server->port);
  CivicSyncIndicator *indicator;
  CivicWindow *window;
  const char *message;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  indicator = civic_window_get_sync_indicator (window);

  /* what Preferences writes is what the monitor checks */
  g_settings_set_string (settings, "server-url", server->base_url);
  wait_for_state (window, CIVIC_SYNC_STATE_ONLINE);
  g_assert_cmpstr (civic_sync_indicator_get_message (indicator), ==, online);
  g_assert_cmpstr (civic_sync_indicator_get_label (indicator), ==, "Online");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (indicator), "online"));

  civic_test_server_stop (server);

  /* Ctrl+R / the menu item: check now instead of in 30 s */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.sync-now", NULL));
  wait_for_state (window, CIVIC_SYNC_STATE_OFFLINE);
  message = civic_sync_indicator_get_message (indicator);
  g_test_message ("offline message: %s", message);
  g_assert_true (g_str_has_prefix (message, "Offline since "));
  g_assert_nonnull (strstr (message, unreachable));
  g_assert_cmpstr (civic_sync_indicator_get_label (indicator), ==, "Offline");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (indicator), "offline"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (indicator), "online"));

  civic_ui_test_window_close (window);
  civic_test_rm_rf (dir);
}

static void
test_service_error (void)
{
  g_autofree char *dir = civic_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  CivicTestServer *server = civic_test_server_start (db, NULL);
  GSettings *settings = civic_application_get_settings (app);
  g_autofree char *wrong = g_strconcat (server->base_url, "no-such-desk/", NULL);
  CivicSyncIndicator *indicator;
  CivicWindow *window;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  indicator = civic_window_get_sync_indicator (window);

  /* the server is there but this is not a Civic Desk service root */
  g_settings_set_string (settings, "server-url", wrong);
  wait_for_state (window, CIVIC_SYNC_STATE_ERROR);
  g_assert_cmpstr (civic_sync_indicator_get_message (indicator), ==,
                   "The service answered with an error: 404 Not Found");
  g_assert_cmpstr (civic_sync_indicator_get_label (indicator), ==, "Sync Error");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (indicator), "error"));

  civic_ui_test_window_close (window);
  civic_test_server_stop (server);
  civic_test_rm_rf (dir);
}

static void
test_no_service_configured (void)
{
  GSettings *settings = civic_application_get_settings (app);
  CivicSyncIndicator *indicator;
  CivicWindow *window;

  civic_ui_test_reset_settings (app);
  g_settings_set_string (settings, "server-url", "https://311.example.gov/");
  g_settings_set_string (settings, "server-url", "");
  window = civic_ui_test_window_new (app);
  indicator = civic_window_get_sync_indicator (window);

  wait_for_state (window, CIVIC_SYNC_STATE_OFFLINE);
  g_assert_cmpstr (civic_sync_indicator_get_message (indicator), ==,
                   "No service configured — set one in Preferences");

  /* nonsense in the setting is an error that says what to type instead */
  g_settings_set_string (settings, "server-url", "311.example.gov");
  wait_for_state (window, CIVIC_SYNC_STATE_ERROR);
  g_assert_cmpstr (civic_sync_indicator_get_message (indicator), ==,
                   "“311.example.gov” is not a service address — use one like https://311.example.gov/");

  civic_ui_test_window_close (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = civic_ui_test_init (&argc, &argv);

  g_test_add_func ("/app/sync/online-then-offline", test_online_then_offline);
  g_test_add_func ("/app/sync/service-error", test_service_error);
  g_test_add_func ("/app/sync/no-service", test_no_service_configured);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
