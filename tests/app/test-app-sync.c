/* test-app-sync.c: the header bar's sync indicator, driven by the real
 * CivicSync against a real civicdesk-server: online, offline since HH:MM
 * once the server stops, online again after it returns and Ctrl+R, and the
 * outbox count while writes wait.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-local-write.h"
#include "civic-sync-apply.h"
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

    /* what the feed's Follow button will do */
    g_assert_true (civic_local_set_follow (store, "tag", "potholes", "advocate", TRUE, &error));
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
  /* and it reached the service, once */
  {
    g_autofree char *token = civic_test_login (city->server, "advocate", "civicdesk-demo");
    guint status = 0;
    g_autoptr(JsonNode) follows = civic_test_request (city->server, "GET", "/api/v1/follows", token,
                                                      NULL, NULL, &status, NULL);

    g_assert_cmpuint (status, ==, 200);
    g_assert_nonnull (strstr (civic_test_last_body (), "potholes"));
  }

  civic_ui_test_window_close (window);
  civic_ui_city_free (city);
}

/* One case from the server's own list: its id and version. */
static char *
first_case (CivicTestServer *server,
            const char      *token,
            gint64          *version)
{
  guint status = 0;
  g_autoptr(JsonNode) root = civic_test_request (server, "GET", "/api/v1/cases?limit=1", token,
                                                 NULL, NULL, &status, NULL);
  JsonObject *kase;

  g_assert_cmpuint (status, ==, 200);
  kase = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "cases"), 0);
  *version = json_object_get_int_member (kase, "version");
  return g_strdup (json_object_get_string_member (kase, "service_request_id"));
}

static char *
server_priority (CivicTestServer *server,
                 const char      *token,
                 const char      *id)
{
  g_autofree char *path = g_strconcat ("/api/v1/cases/", id, NULL);
  guint status = 0;
  g_autoptr(JsonNode) root = civic_test_request (server, "GET", path, token, NULL, NULL, &status, NULL);
  JsonObject *object;

  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (root);
  if (json_object_has_member (object, "case"))
    object = json_object_get_object_member (object, "case");
  return g_strdup (json_object_get_string_member (object, "priority"));
}

static void
conflict_seen_cb (CivicSync  *sync,
                  const char *request_id,
                  const char *field,
                  const char *local_value,
                  const char *server_value,
                  gpointer    data)
{
  g_test_message ("conflict: %s %s local %s server %s", request_id, field, local_value, server_value);
  *(guint *) data += 1;
}

/* Two desks change the same field: the server's value stands, the toast
 * says so in words, and Reapply puts the desk's value back. */
static void
test_conflict_toast_and_reapply (void)
{
  CivicUiCity *city = civic_ui_city_new (10);
  CivicConnectionManager *manager = civic_application_get_connection_manager (app);
  CivicTestServer *server;
  g_autofree char *other = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *if_match = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *priority = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  CivicCaseChange change = { 0 };
  GtkWidget *toast_widget = NULL;
  CivicSync *sync;
  CivicWindow *window;
  gint64 version = 0;
  guint status = 0;
  guint n_conflicts = 0;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  /* the same clerk on two desks: both may change any field */
  g_assert_null (civic_ui_test_sign_in (window, civic_ui_city_url (city), "admin", "civicdesk-demo"));
  sync = civic_connection_manager_get_sync (manager);
  civic_ui_test_wait_idle (sync);

  server = city->server;
  other = civic_test_login (server, "admin", "civicdesk-demo");
  id = first_case (server, other, &version);

  /* this desk edits offline (engine stopped) while another desk sets the
   * same field on the server */
  civic_sync_stop (sync);
  path = g_strconcat ("/api/v1/cases/", id, NULL);
  if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
  answer = civic_test_request (server, "PATCH", path, other, "{\"priority\": \"urgent\"}", NULL,
                               &status, "If-Match", if_match, NULL);
  g_assert_cmpuint (status, ==, 200);

  change.fields = CIVIC_CASE_FIELD_PRIORITY;
  change.priority = civic_priority_from_name ("low");
  g_assert_true (civic_local_update_case (civic_connection_manager_get_store (manager), id, &change,
                                          "admin", &error));
  g_assert_no_error (error);
  g_signal_connect (sync, "conflict", G_CALLBACK (conflict_seen_cb), &n_conflicts);
  civic_sync_start (sync);
  civic_sync_now (sync);
  civic_ui_test_wait_idle (sync);
  g_assert_cmpuint (n_conflicts, ==, 1);

  /* the toast, in words, with its button */
  expected = g_strdup_printf ("Your change to the priority on %s was replaced by a newer one", id);
  {
    GtkWidget *overlay = GTK_WIDGET (civic_window_get_toast_overlay (window));
    guint spins = 0;

    while (toast_widget == NULL && spins++ < 300)
      {
        for (GtkWidget *child = gtk_widget_get_first_child (overlay); child != NULL;
             child = gtk_widget_get_next_sibling (child))
          if (g_strcmp0 (G_OBJECT_TYPE_NAME (child), "AdwToastWidget") == 0)
            toast_widget = child;
        if (toast_widget == NULL)
          {
            g_main_context_iteration (NULL, FALSE);
            g_usleep (50000);
          }
      }
  }
  g_assert_nonnull (toast_widget);
  {
    AdwToast *toast = NULL;
    g_object_get (toast_widget, "toast", &toast, NULL);
    g_assert_nonnull (toast);
    g_assert_cmpstr (adw_toast_get_title (toast), ==, expected);
    g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Reapply");
    civic_ui_test_shoot (GTK_WIDGET (window), "conflict-toast");

    civic_ui_test_wait_idle (sync);
    priority = server_priority (server, other, id);
    g_assert_cmpstr (priority, ==, "urgent");
    g_clear_pointer (&priority, g_free);

    /* what the Reapply button does; the engine waits, so the outbox can
     * be looked at before a push takes the entry */
    civic_sync_stop (sync);
    g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), adw_toast_get_action_name (toast),
                                                       adw_toast_get_action_target_value (toast)));
    g_object_unref (toast);
  }
  /* Reapply is a new local write: the replica shows the desk's value at
   * once and the outbox holds the PATCH for it */
  {
    g_autoptr(CivicCase) local = civic_store_get_case (civic_connection_manager_get_store (manager), id, &error);
    g_autoptr(GPtrArray) items = civic_store_outbox_peek (civic_connection_manager_get_store (manager), 5, &error);
    CivicOutboxItem *item;

    g_assert_no_error (error);
    g_assert_cmpint (civic_case_get_priority (local), ==, civic_priority_from_name ("low"));
    g_assert_cmpuint (items->len, ==, 1);
    item = g_ptr_array_index (items, 0);
    g_assert_cmpstr (item->method, ==, "PATCH");
    g_assert_cmpstr (item->path, ==, path);
    g_assert_cmpstr (item->body, ==, "{\"priority\":\"low\"}");
  }

  civic_sync_start (sync);
  civic_sync_now (sync);
  civic_ui_test_wait_idle (sync);
  priority = server_priority (server, other, id);
  g_assert_cmpstr (priority, ==, "low");

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

/* The states the engine reports, as the header shows them: its line,
 * the outbox count, the progress of a long pull one click away. */
static void
test_indicator_states (void)
{
  CivicSyncIndicator *indicator;
  CivicWindow *window;
  GtkWidget *progress;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  indicator = civic_window_get_sync_indicator (window);
  progress = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (indicator), CIVIC_TYPE_SYNC_INDICATOR,
                                                          "progress_bar");
  /* no connection here: show the desk's header anyway, for the shots */
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), CIVIC_TYPE_WINDOW,
                                                                              "pages")), "desk");

  civic_sync_indicator_set_state (indicator, CIVIC_SYNC_STATE_SYNCING);
  civic_sync_indicator_set_message (indicator, "Syncing 12,400 of 100,000");
  civic_sync_indicator_set_progress (indicator, 0.124);
  civic_sync_indicator_set_pending (indicator, 3);
  g_assert_cmpstr (civic_sync_indicator_get_label (indicator), ==, "Syncing 12,400 of 100,000");
  g_assert_cmpstr (civic_sync_indicator_get_pending_label (indicator), ==, "3 changes waiting");
  g_assert_true (gtk_widget_get_visible (progress));
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (progress)), 0.124, 1e-6);
  shoot_with_popover (window, "syncing");

  /* an error keeps its reason in words, the detail behind it */
  civic_sync_indicator_set_state (indicator, CIVIC_SYNC_STATE_ERROR);
  civic_sync_indicator_set_message (indicator, "Your session has expired — sign in again");
  civic_sync_indicator_set_detail (indicator, "GET /api/v1/changes: 401 Unauthorized");
  civic_sync_indicator_set_progress (indicator, -1);
  civic_sync_indicator_set_pending (indicator, 0);
  g_assert_cmpstr (civic_sync_indicator_get_label (indicator), ==, "Your session has expired — sign in again");
  g_assert_null (civic_sync_indicator_get_pending_label (indicator));
  g_assert_false (gtk_widget_get_visible (progress));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (indicator), "error"));
  shoot_with_popover (window, "error");

  civic_ui_test_window_close (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = civic_ui_test_init (&argc, &argv);

  g_test_add_func ("/app/sync/offline-then-online", test_offline_then_online);
  g_test_add_func ("/app/sync/conflict", test_conflict_toast_and_reapply);
  g_test_add_func ("/app/sync/no-connection", test_no_connection);
  g_test_add_func ("/app/sync/indicator-states", test_indicator_states);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
