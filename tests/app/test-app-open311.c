/* test-app-open311.c: a desk on a plain Open311 endpoint — the real
 * civicdesk-server's own /open311/v2/ with 200 requests — read at start
 * into the local store with the header saying so, offline since HH:MM
 * once the server stops and Ctrl+R, and the New Request dialog: a service
 * with questions, filled and submitted, reaching the server with the
 * number in a toast; a required answer missing stays in the dialog and
 * sends nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "civic-test-util.h"
#include "civic-ui-test-util.h"

static CivicApplication *app;

static gboolean
page_not_busy (gpointer data)
{
  return !civic_setup_page_get_busy (data);
}

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

  if (!civic_ui_test_wait (indicator_reached, &wait, 60000))
    g_error ("sync indicator stuck in state %d (“%s”), wanted %d",
             civic_sync_indicator_get_state (wait.indicator),
             civic_sync_indicator_get_message (wait.indicator), state);
}

static gboolean
pages_settled (gpointer data)
{
  GtkStack *pages = GTK_STACK (gtk_widget_get_template_child (data, CIVIC_TYPE_WINDOW, "pages"));

  return !gtk_stack_get_transition_running (pages);
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
  /* the first-run page fades out; the shot is of the desk */
  g_assert_true (civic_ui_test_wait (pages_settled, window, 5000));
  civic_ui_test_shoot (GTK_WIDGET (window), name);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  gtk_popover_popup (popover);
  civic_ui_test_shoot (GTK_WIDGET (popover), popover_name);
  gtk_popover_popdown (popover);
}

/* `civicdesk-server api-key add`: the key is printed once. */
static char *
add_api_key (CivicUiCity *city)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                           g_getenv ("CIVIC_SERVER_BIN"), "api-key", "add", "--db", city->db,
                           "--name", "desk-test", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  return g_strstrip (g_steal_pointer (&out));
}

/* A service whose definition asks at least one required question. */
static char *
service_with_required (CivicOpen311Client *client,
                       CivicStore         *store)
{
  g_autoptr(GPtrArray) services = civic_store_list_services (store, NULL);

  g_assert_nonnull (services);
  for (guint i = 0; i < services->len; i++)
    {
      CivicService *service = g_ptr_array_index (services, i);
      g_autoptr(CivicOpen311Definition) def = NULL;

      if (!civic_service_get_metadata (service))
        continue;
      def = civic_open311_client_lookup_definition (client, civic_service_get_code (service), NULL);
      if (def == NULL)
        continue;
      for (guint j = 0; j < def->attributes->len; j++)
        {
          CivicOpen311Attribute *attr = g_ptr_array_index (def->attributes, j);

          if (attr->variable && attr->required)
            return g_strdup (civic_service_get_code (service));
        }
    }
  return NULL;
}

/* Answers every question the way a clerk would. */
static void
answer_all (CivicOpen311RequestForm *form)
{
  const CivicOpen311Definition *def = civic_open311_request_form_get_definition (form);

  for (guint j = 0; j < def->attributes->len; j++)
    {
      CivicOpen311Attribute *attr = g_ptr_array_index (def->attributes, j);
      const char *value = "Near the bus stop";

      if (!attr->variable)
        continue;
      switch (attr->datatype)
        {
        case CIVIC_OPEN311_DATATYPE_NUMBER:
          value = "3";
          break;
        case CIVIC_OPEN311_DATATYPE_DATETIME:
          value = "2026-05-04 09:30";
          break;
        case CIVIC_OPEN311_DATATYPE_SINGLEVALUELIST:
        case CIVIC_OPEN311_DATATYPE_MULTIVALUELIST:
          value = ((CivicOpen311Value *) g_ptr_array_index (attr->values, 0))->key;
          break;
        default:
          break;
        }
      g_assert_true (civic_open311_request_form_set_answer (form, attr->code, value));
    }
}

static gboolean
dialog_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
dialog_idle (gpointer data)
{
  return *(gpointer *) data == NULL || !civic_open311_request_dialog_get_busy (*(gpointer *) data);
}

static void
waiting_seen_cb (CivicOpen311Client        *client,
                 const char                *token,
                 CivicOpen311RequestDialog *dialog)
{
  /* the dialog's own handler ran first (no shot here: iterating the
   * main loop would let the submission finish under it) */
  g_test_message ("waiting on token %s: %s", token, civic_open311_request_dialog_get_status (dialog));
  g_assert_cmpstr (civic_open311_request_dialog_get_status (dialog), ==,
                   "Waiting for the city to assign a number…");
  g_object_set_data (G_OBJECT (client), "civic-test-waited", GINT_TO_POINTER (TRUE));
}

static void
test_open311_mode (void)
{
  CivicUiCity *city = civic_ui_city_new (200);
  CivicConnectionManager *manager = civic_application_get_connection_manager (app);
  g_autofree char *endpoint = g_strconcat (civic_ui_city_url (city), "open311/v2/", NULL);
  g_autofree char *key = add_api_key (city);
  g_autofree char *code = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected_toast = NULL;
  CivicOpen311RequestDialog *dialog;
  CivicOpen311Client *client;
  CivicSyncIndicator *indicator;
  CivicSetupPage *page;
  CivicWindow *window;
  CivicStore *store;
  const char *message;
  guint sent_before;
  guint status = 0;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  indicator = civic_window_get_sync_indicator (window);
  page = civic_window_get_setup_page (window);

  /* no Open311 connection yet: no New Request, Ctrl+N does nothing */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "new-open311-request"));

  civic_setup_page_fill_open311 (page, endpoint, "", key);
  civic_setup_page_connect (page);
  g_assert_true (civic_ui_test_wait (page_not_busy, page, 20000));
  g_assert_null (civic_setup_page_get_error (page));
  g_assert_null (civic_connection_manager_get_sync (manager));
  g_assert_nonnull (civic_connection_manager_get_open311 (manager));

  /* at start: services, definitions, then every request */
  wait_for_state (window, CIVIC_SYNC_STATE_ONLINE);
  store = civic_connection_manager_get_store (manager);
  g_assert_cmpint (civic_store_count_cases (store, NULL, NULL), ==, 200);
  message = civic_sync_indicator_get_message (indicator);
  g_test_message ("online: %s", message);
  g_assert_true (g_str_has_prefix (message, "Open311 at 127.0.0.1:"));
  g_assert_nonnull (strstr (message, " — updated "));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (indicator), "online"));
  shoot_with_popover (window, "open311-online");

  /* Ctrl+N opens New Request here */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "new-open311-request"));
  client = civic_open311_engine_get_client (civic_connection_manager_get_open311 (manager));
  code = service_with_required (client, store);
  g_assert_nonnull (code);

  /* a required answer missing: said in the dialog, nothing sent */
  dialog = civic_window_new_open311_request (window);
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  civic_open311_request_dialog_set_search (dialog, "zzz-no-such-service");
  g_assert_cmpuint (civic_open311_request_dialog_count_shown (dialog), ==, 0);
  civic_open311_request_dialog_set_search (dialog, "");
  g_assert_cmpuint (civic_open311_request_dialog_count_shown (dialog), >, 1);
  g_assert_true (civic_open311_request_dialog_select_service (dialog, code));
  g_assert_cmpstr (civic_open311_request_dialog_get_service (dialog), ==, code);
  civic_open311_request_dialog_set_address (dialog, "1 Centre Street");
  civic_open311_request_dialog_set_description (dialog, "Deep pothole in the right lane, about a foot wide.");
  sent_before = civic_open311_client_get_requests_made (client);
  civic_open311_request_dialog_submit (dialog);
  g_assert_true (civic_ui_test_wait (dialog_idle, &dialog, 1000));
  g_assert_nonnull (dialog);
  g_test_message ("missing: %s", civic_open311_request_dialog_get_error (dialog));
  g_assert_nonnull (civic_open311_request_dialog_get_error (dialog));
  g_assert_cmpuint (civic_open311_client_get_requests_made (client), ==, sent_before);
  /* nothing typed is lost */
  g_assert_cmpstr (civic_open311_request_dialog_get_service (dialog), ==, code);
  civic_ui_test_shoot (GTK_WIDGET (dialog), "open311-new-request-missing");

  /* answered: sent, the number in a toast, the dialog closed */
  answer_all (civic_open311_request_dialog_get_form (dialog));
  civic_open311_request_dialog_set_contact (dialog, "Ana", "Lopez", "ana@example.org", "212-555-0100");
  civic_ui_test_shoot (GTK_WIDGET (dialog), "open311-new-request");
  civic_open311_request_dialog_submit (dialog);
  g_assert_true (civic_ui_test_wait (dialog_idle, &dialog, 30000));
  /* a destroyed dialog may be finalized a little later */
  if (dialog != NULL && civic_open311_request_dialog_get_error (dialog) != NULL)
    g_error ("submit failed: %s", civic_open311_request_dialog_get_error (dialog));
  g_assert_true (civic_ui_test_wait (dialog_gone, &dialog, 10000));
  g_test_message ("toast: %s", civic_window_get_last_request_toast (window));
  g_assert_true (g_str_has_prefix (civic_window_get_last_request_toast (window),
                                   "Request sent — tracking number "));
  civic_ui_test_shoot (GTK_WIDGET (window), "open311-request-sent");

  /* the server has it */
  path = g_strdup_printf ("/open311/v2/requests/%s.json",
                          civic_window_get_last_request_toast (window) + strlen ("Request sent — tracking number "));
  {
    g_autoptr(JsonNode) answer = civic_test_request (city->server, "GET", path, NULL, NULL, NULL, &status, NULL);

    g_assert_cmpuint (status, ==, 200);
    g_assert_nonnull (strstr (civic_test_last_body (), "Deep pothole in the right lane"));
    g_assert_nonnull (strstr (civic_test_last_body (), code));
  }

  /* a service that answers with a token: the dialog says it waits for
   * the number, and the toast has the number in the end */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE services SET uses_token = 1 WHERE code = '%s'", code);
    g_autofree char *before = g_strdup (civic_window_get_last_request_toast (window));
    gulong handler;

    g_free (civic_test_sql (city->db, sql));
    dialog = civic_window_new_open311_request (window);
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    g_assert_true (civic_open311_request_dialog_select_service (dialog, code));
    answer_all (civic_open311_request_dialog_get_form (dialog));
    civic_open311_request_dialog_set_location (dialog, "40.7128", "-74.0060");
    civic_open311_request_dialog_set_description (dialog, "Water pooling at the corner after rain.");
    handler = g_signal_connect (client, "waiting-for-number", G_CALLBACK (waiting_seen_cb), dialog);
    civic_open311_request_dialog_submit (dialog);
    g_assert_cmpstr (civic_open311_request_dialog_get_status (dialog), ==, "Sending the request to the city…");
    g_assert_true (civic_ui_test_wait (dialog_idle, &dialog, 30000));
    if (dialog != NULL && civic_open311_request_dialog_get_error (dialog) != NULL)
      g_error ("token submit failed: %s", civic_open311_request_dialog_get_error (dialog));
    g_assert_true (civic_ui_test_wait (dialog_gone, &dialog, 10000));
    /* the dialog takes handlers with itself as data along when it goes */
    if (g_signal_handler_is_connected (client, handler))
      g_signal_handler_disconnect (client, handler);
    g_assert_true (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (client), "civic-test-waited")));
    g_test_message ("toast: %s", civic_window_get_last_request_toast (window));
    g_assert_cmpstr (civic_window_get_last_request_toast (window), !=, before);
    g_assert_true (g_str_has_prefix (civic_window_get_last_request_toast (window),
                                     "Request sent — tracking number 311-"));
  }

  /* the server stops; Ctrl+R: offline since HH:MM */
  civic_ui_city_stop (city);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.sync-now", NULL));
  wait_for_state (window, CIVIC_SYNC_STATE_OFFLINE);
  message = civic_sync_indicator_get_label (indicator);
  g_test_message ("offline: %s", message);
  g_assert_true (g_str_has_prefix (message, "Offline since "));
  g_assert_cmpuint (strlen (message), ==, strlen ("Offline since 14:02"));
  /* the replica stays */
  g_assert_cmpint (civic_store_count_cases (store, NULL, NULL), ==, 202);
  shoot_with_popover (window, "open311-offline");

  civic_ui_test_window_close (window);
  civic_ui_city_free (city);
}

/* A city endpoint that lists its services but fails on requests: the
 * header says so in words, with the city's own reason. */
#define BROKEN_BODY "[{\"code\":500,\"description\":\"database is down\"}]"

static void
broken_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  if (g_str_has_suffix (path, "/services.json"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "[]", 2);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    BROKEN_BODY, strlen (BROKEN_BODY));
}

static void
test_open311_error (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *detail = NULL;
  CivicSyncIndicator *indicator;
  CivicSetupPage *page;
  CivicWindow *window;
  const char *message;

  soup_server_add_handler (server, NULL, broken_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  endpoint = g_strdup_printf ("http://127.0.0.1:%d/open311/v2/", g_uri_get_port (uris->data));

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  indicator = civic_window_get_sync_indicator (window);
  page = civic_window_get_setup_page (window);
  civic_setup_page_fill_open311 (page, endpoint, "", NULL);
  civic_setup_page_connect (page);
  g_assert_true (civic_ui_test_wait (page_not_busy, page, 20000));
  g_assert_null (civic_setup_page_get_error (page));

  wait_for_state (window, CIVIC_SYNC_STATE_ERROR);
  message = civic_sync_indicator_get_message (indicator);
  g_test_message ("error: %s", message);
  g_assert_cmpstr (message, ==, "The city's endpoint answered with an error");
  g_assert_nonnull (strstr (civic_sync_indicator_get_label (indicator), "answered with an error"));
  /* the whole reason, with the city's own words, one click away */
  g_object_get (indicator, "detail", &detail, NULL);
  g_assert_nonnull (strstr (detail, "database is down"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (indicator), "error"));
  shoot_with_popover (window, "open311-error");

  civic_ui_test_window_close (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = civic_ui_test_init (&argc, &argv);

  g_test_add_func ("/app/open311/mode", test_open311_mode);
  g_test_add_func ("/app/open311/error", test_open311_error);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
