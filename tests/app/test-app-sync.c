/* test-app-sync.c: the header bar's sync indicator, driven by the real
 * CivicSync against a real civicdesk-server: online, offline since HH:MM
 * once the server stops, online again after it returns and Ctrl+R, and the
 * outbox count while writes wait.
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

  if (!civic_ui_test_wait (indicator_reached, &wait, 30000))
    g_error ("sync indicator stuck in state %d (“%s”), wanted %d",
             civic_sync_indicator_get_state (wait.indicator),
             civic_sync_indicator_get_label (wait.indicator), state);
}

static void
shoot_with_popover (CivicWindow *window,
                    const char  *name)
{
  CivicSyncIndicator *indicator = civic_window_get_sync_indicator (window);
  GtkWidget *button = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (indicator), CIVIC_TYPE_SYNC_INDICATOR, "button");
  g_autofree char *popover_name = g_strconcat (name, "-popover", NULL);
  GtkPopover *popover;

  if (g_getenv ("CIVIC_TEST_SHOTS") == NULL)
    return;
  civic_ui_test_shoot (GTK_WIDGET (window), name);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  gtk_popover_popup (popover);
  civic_ui_test_shoot (GTK_WIDGET (popover), popover_name);
  gtk_popover_popdown (popover);
}

static gboolean
pending_shown (gpointer data)
{
  return civic_sync_indicator_get_pending_label (data) != NULL;
}

static gboolean
pending_gone (gpointer data)
{
  return civic_sync_indicator_get_pending_label (data) == NULL;
}

static void
test_offline_then_online (void)
{
  CivicUiCity *city = civic_ui_city_new (15);
  CivicConnectionManager *manager = civic_application_get_connection_manager (app);
  CivicSyncIndicator *indicator;
  CivicWindow *window;
  const char *label;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  indicator = civic_window_get_sync_indicator (window);
  g_assert_null (civic_ui_test_sign_in (window, civic_ui_city_url (city), "advocate", "civicdesk-demo"));

  wait_for_state (window, CIVIC_SYNC_STATE_ONLINE);
  g_assert_cmpstr (civic_sync_indicator_get_label (indicator), ==, "Online");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (indicator), "online"));
  g_assert_null (civic_sync_indicator_get_pending_label (indicator));
  shoot_with_popover (window, "online");

  civic_ui_city_stop (city);
  /* Ctrl+R: sync now instead of waiting for the socket to notice */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.sync-now", NULL));
  wait_for_state (window, CIVIC_SYNC_STATE_OFFLINE);
  label = civic_sync_indicator_get_label (indicator);
  g_test_message ("offline: %s", label);
  g_assert_true (g_str_has_prefix (label, "Offline since "));
  /* HH:MM */
  g_assert_cmpuint (strlen (label), ==, strlen ("Offline since 14:02"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (indicator), "offline"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (indicator), "online"));

  /* a write made while offline waits in the outbox, and the header says so */
  {
    CivicStore *store = civic_connection_manager_get_store (manager);
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (civic_store_outbox_enqueue (store, "PUT", "/api/v1/follows/tag/potholes", "", &error), >, 0);
    g_assert_no_error (error);
    civic_sync_outbox_changed (civic_connection_manager_get_sync (manager));
  }
  g_assert_true (civic_ui_test_wait (pending_shown, indicator, 10000));
  g_assert_cmpstr (civic_sync_indicator_get_pending_label (indicator), ==, "1 change waiting");
  shoot_with_popover (window, "offline-pending");

  civic_ui_city_restart (city);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.sync-now", NULL));
  wait_for_state (window, CIVIC_SYNC_STATE_ONLINE);
  g_assert_true (civic_ui_test_wait (pending_gone, indicator, 20000));
  g_assert_cmpstr (civic_sync_indicator_get_label (indicator), ==, "Online");

  civic_ui_test_window_close (window);
  civic_ui_city_free (city);
}

static void
test_no_connection (void)
{
  CivicConnectionManager *manager = civic_application_get_connection_manager (app);
  CivicSyncIndicator *indicator;
  CivicWindow *window;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  indicator = civic_window_get_sync_indicator (window);

  /* with no connection the indicator still reads sensibly */
  g_assert_null (civic_connection_manager_get_sync (manager));
  g_assert_cmpint (civic_sync_indicator_get_state (indicator), ==, CIVIC_SYNC_STATE_OFFLINE);
  g_assert_cmpstr (civic_sync_indicator_get_label (indicator), ==, "Offline");

  civic_ui_test_window_close (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = civic_ui_test_init (&argc, &argv);

  g_test_add_func ("/app/sync/offline-then-online", test_offline_then_online);
  g_test_add_func ("/app/sync/no-connection", test_no_connection);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
