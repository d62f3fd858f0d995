/* test-queue-workflow.c: the queue's work reaching a second desk
 *
 * A real window signed in to a real civicdesk-server, and a second desk
 * (its own store file and sync engine, signed in as someone else) that
 * must see what the first one did:
 *  - a case made with the New Case button shows at the top of the queue
 *    with its number, and arrives on the second desk;
 *  - 500 cases selected in the list and assigned through the bulk bar's
 *    dialog are one outbox entry and one toast; the server and the second
 *    desk have all 500; the toast's Undo puts every one back, there too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include "civic-local-write.h"
#include "civic-new-case-dialog.h"
#include "civic-store-detail.h"
#include "civic-test-util.h"
#include "civic-ui-test-util.h"

#define N_CASES 700
#define N_BULK  500

static CivicApplication *app;

typedef struct
{
  CivicStore *store;
  CivicSync  *sync;
  gboolean    logged_in;
  GError     *error;
} Desk;

static void
desk_login_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Desk *desk = data;
  g_autofree char *token = civic_sync_login_finish (CIVIC_SYNC (source), result, &desk->error);

  desk->logged_in = TRUE;
}

static gboolean
desk_logged_in (gpointer data)
{
  return ((Desk *) data)->logged_in;
}

/* The second desk: the core engine alone, as another clerk's machine. */
static Desk *
desk_new (CivicUiCity *city,
          const char  *username)
{
  g_autofree char *path = g_build_filename (city->dir, "second-desk.store", NULL);
  Desk *desk = g_new0 (Desk, 1);
  g_autoptr(GError) error = NULL;

  desk->store = civic_store_open (path, &error);
  g_assert_no_error (error);
  desk->sync = civic_sync_new (desk->store, civic_ui_city_url (city));
  civic_sync_login_async (desk->sync, username, "civicdesk-demo", NULL, desk_login_cb, desk);
  g_assert_true (civic_ui_test_wait (desk_logged_in, desk, 20000));
  g_assert_no_error (desk->error);
  civic_sync_start (desk->sync);
  civic_ui_test_wait_idle (desk->sync);
  return desk;
}

static void
desk_free (Desk *desk)
{
  civic_sync_stop (desk->sync);
  g_clear_object (&desk->sync);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&desk->store);
  g_free (desk);
}



/* The toplevel of @type other than @except, presented last. */
static GtkWidget *
find_toplevel (GType      type,
               GtkWidget *except)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWidget *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && w != except && gtk_widget_get_visible (w))
        found = w;
    }
  return found;
}



typedef struct
{
  CivicStore *store;
  const char *request_id;
} CaseWait;

static gboolean
case_arrived (gpointer data)
{
  CaseWait *w = data;
  g_autoptr(CivicCase) c = civic_store_get_case (w->store, w->request_id, NULL);

  return c != NULL;
}

static void
test_new_case_reaches_second_desk (void)
{
  CivicUiCity *city = civic_ui_city_new (60);
  CivicConnectionManager *manager = civic_application_get_connection_manager (app);
  CivicWindow *window;
  CivicQueueView *queue;
  CivicNewCaseDialog *dialog;
  CivicStore *store;
  CivicSync *sync;
  Desk *second;
  g_autoptr(CivicCaseRow) top = NULL;
  g_autoptr(GPtrArray) services = NULL;
  const char *number;
  CaseWait wait;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  g_assert_null (civic_ui_test_sign_in (window, civic_ui_city_url (city), "advocate", "civicdesk-demo"));
  store = civic_connection_manager_get_store (manager);
  sync = civic_connection_manager_get_sync (manager);
  civic_ui_test_wait_idle (sync);
  g_assert_true (civic_ui_test_wait (civic_ui_test_numbers_leased, store, 20000));
  second = desk_new (city, "staff");
  queue = civic_window_get_queue_view (window);

  /* the New Case button, as a clerk on the phone presses it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (queue), "queue.new-case", NULL));
  dialog = CIVIC_NEW_CASE_DIALOG (find_toplevel (CIVIC_TYPE_NEW_CASE_DIALOG, NULL));
  g_assert_nonnull (dialog);
  services = civic_store_list_services (store, NULL);
  g_assert_true (civic_new_case_dialog_select_service (dialog, civic_service_get_code (g_ptr_array_index (services, 0))));
  civic_new_case_dialog_set_prefill (dialog, CIVIC_CHANNEL_PHONE, "Streetlight out in front of the library",
                                     "200 Main Street");
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (dialog), CIVIC_TYPE_NEW_CASE_DIALOG,
                                                        "create_button"), "clicked");
  number = civic_new_case_dialog_get_request_id (dialog);
  g_assert_nonnull (number);
  g_assert_true (g_str_has_prefix (number, "311-"));

  /* at the top of the queue, with its number, and open in the detail */
  top = g_list_model_get_item (G_LIST_MODEL (civic_queue_view_get_model (queue)), 0);
  g_assert_cmpstr (civic_case_row_get_request_id (top), ==, number);
  g_assert_cmpstr (civic_queue_view_get_open_case (queue), ==, number);

  /* on the second desk once it is pushed */
  g_assert_true (civic_ui_test_wait (civic_ui_test_outbox_empty, sync, 30000));
  wait.store = second->store;
  wait.request_id = number;
  g_assert_true (civic_ui_test_wait (case_arrived, &wait, 30000));
  {
    g_autoptr(CivicCase) there = civic_store_get_case (second->store, number, NULL);

    g_assert_cmpstr (civic_case_get_description (there), ==, "Streetlight out in front of the library");
    g_assert_cmpint (civic_case_get_channel (there), ==, CIVIC_CHANNEL_PHONE);
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  desk_free (second);
  civic_ui_test_window_close (window);
  civic_ui_city_free (city);
}

typedef struct
{
  CivicStore  *store;
  GStrv        ids;
  const char  *assignee;   /* NULL: as in @before */
  GStrv        before;
} AssignWait;

static gboolean
assigned_as_expected (gpointer data)
{
  AssignWait *w = data;

  for (guint i = 0; w->ids[i] != NULL; i++)
    {
      g_autoptr(CivicCase) c = civic_store_get_case (w->store, w->ids[i], NULL);
      const char *now = c != NULL ? civic_case_get_assignee (c) : NULL;
      const char *want = w->assignee != NULL ? w->assignee : w->before[i];

      if (g_strcmp0 (now != NULL ? now : "", want) != 0)
        {
          g_test_message ("%s: assigned to “%s”, expected “%s”", w->ids[i], now != NULL ? now : "", want);
          return FALSE;
        }
    }
  return TRUE;
}

static gint64
server_count_assigned (CivicUiCity *city,
                       GStrv        ids,
                       const char  *assignee)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM cases WHERE coalesce (assignee, '') = '");
  g_autofree char *answer = NULL;

  g_string_append_printf (sql, "%s' AND request_id IN (", assignee);
  for (guint i = 0; ids[i] != NULL; i++)
    g_string_append_printf (sql, "%s'%s'", i > 0 ? "," : "", ids[i]);
  g_string_append (sql, ")");
  answer = civic_test_sql (city->db, sql->str);
  return g_ascii_strtoll (answer, NULL, 10);
}

static void
test_bulk_assign_500 (void)
{
  CivicUiCity *city = civic_ui_city_new (N_CASES);
  CivicConnectionManager *manager = civic_application_get_connection_manager (app);
  CivicWindow *window;
  CivicQueueView *queue;
  GtkSelectionModel *selection;
  GtkWidget *dialog, *dropdown, *undo;
  GListModel *choices;
  CivicStore *store;
  CivicSync *sync;
  Desk *second;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) before = NULL;
  AssignWait wait;
  guint staff = G_MAXUINT;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  g_assert_null (civic_ui_test_sign_in (window, civic_ui_city_url (city), "manager", "civicdesk-demo"));
  store = civic_connection_manager_get_store (manager);
  sync = civic_connection_manager_get_sync (manager);
  civic_ui_test_wait_idle (sync);
  second = desk_new (city, "staff");
  queue = civic_window_get_queue_view (window);

  /* 500 rows selected in the list, as Shift+End would */
  civic_queue_filter_reset (civic_queue_view_get_filter (queue));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (civic_queue_view_get_model (queue))), ==, N_CASES);
  selection = civic_queue_view_get_selection (queue);
  g_assert_true (gtk_selection_model_select_range (selection, 0, N_BULK, TRUE));
  ids = civic_queue_view_get_selected_request_ids (queue);
  g_assert_cmpuint (g_strv_length (ids), ==, N_BULK);
  before = g_new0 (char *, N_BULK + 1);
  for (guint i = 0; i < N_BULK; i++)
    {
      g_autoptr(CivicCase) c = civic_store_get_case (store, ids[i], NULL);

      before[i] = g_strdup (civic_case_get_assignee (c) != NULL ? civic_case_get_assignee (c) : "");
    }

  /* the bulk bar's "Assign To…": a dialog with the people of the city */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (queue), "queue.bulk-ask", "s", "assign"));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Assign 500 Cases");
  dropdown = civic_ui_test_find_type (dialog, GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (dropdown);
  choices = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  {
    g_autoptr(GPtrArray) users = civic_store_list_users (store, NULL);

    for (guint i = 0; i < users->len; i++)
      if (g_str_equal (civic_user_get_username (g_ptr_array_index (users, i)), "staff"))
        staff = i + 1;   /* after "Nobody" */
    g_assert_cmpuint (g_list_model_get_n_items (choices), ==, users->len + 1);
  }
  g_assert_cmpuint (staff, !=, G_MAXUINT);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), staff);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "apply");

  /* one action: every case changed here at once, ONE outbox entry */
  wait.store = store;
  wait.ids = ids;
  wait.assignee = "staff";
  wait.before = before;
  g_assert_true (assigned_as_expected (&wait));
  {
    g_autoptr(GPtrArray) queued = civic_store_outbox_peek (store, 100, NULL);

    g_assert_cmpuint (queued->len, ==, 1);
  }
  undo = civic_ui_test_find_button (GTK_WIDGET (civic_window_get_toast_overlay (window)), "_Undo");
  g_assert_nonnull (undo);

  /* the server and the second desk have all 500 */
  g_assert_true (civic_ui_test_wait (civic_ui_test_outbox_empty, sync, 30000));
  g_assert_cmpint (server_count_assigned (city, ids, "staff"), ==, N_BULK);
  wait.store = second->store;
  g_assert_true (civic_ui_test_wait (assigned_as_expected, &wait, 30000));

  /* Undo: every case back as it was, there too */
  g_signal_emit_by_name (undo, "clicked");
  wait.store = store;
  wait.assignee = NULL;
  g_assert_true (assigned_as_expected (&wait));
  g_assert_true (civic_ui_test_wait (civic_ui_test_outbox_empty, sync, 30000));
  {
    gint64 had_staff = 0;

    for (guint i = 0; before[i] != NULL; i++)
      had_staff += g_str_equal (before[i], "staff");
    g_assert_cmpint (server_count_assigned (city, ids, "staff"), ==, had_staff);
  }
  wait.store = second->store;
  g_assert_true (civic_ui_test_wait (assigned_as_expected, &wait, 30000));

  desk_free (second);
  civic_ui_test_window_close (window);
  civic_ui_city_free (city);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = civic_ui_test_init (&argc, &argv);

  g_test_add_func ("/queue/workflow/new-case-reaches-second-desk", test_new_case_reaches_second_desk);
  g_test_add_func ("/queue/workflow/bulk-assign-500", test_bulk_assign_500);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
