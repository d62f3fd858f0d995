/* test-queue-list.c: the case queue's list, filters, sort and search on a
 * real store file in a real window
 *
 * Counts and orders are checked against SQL run on the same file through
 * a separate sqlite3 connection, not through the store's own queries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "civic-case-private.h"
#include "civic-local-write.h"
#include "civic-queue-view.h"
#include "civic-synth.h"
#include "civic-ui-test-util.h"

#define N_CASES 3000

static CivicApplication *app;

typedef struct
{
  char           *dir;
  char           *path;
  CivicStore     *store;
  GtkWindow      *window;
  CivicQueueView *view;
  sqlite3        *db;
} Fixture;

static gint64
sql_int (Fixture    *f,
         const char *sql,
         const char *text)
{
  sqlite3_stmt *stmt;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
sql_text (Fixture    *f,
          const char *sql)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}


static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-queue-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "replica.db", NULL);
  f->store = civic_store_open (f->path, &error);
  g_assert_no_error (error);

  civic_ui_test_fill_store (f->store, 42, N_CASES);

  g_assert_cmpint (sqlite3_open_v2 (f->path, &f->db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1200, 800);
  f->view = CIVIC_QUEUE_VIEW (civic_queue_view_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  civic_queue_view_set_store (f->view, f->store, NULL);
  gtk_window_present (f->window);
  civic_ui_test_iterate (200);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  civic_ui_test_iterate (50);
  sqlite3_close (f->db);
  g_clear_object (&f->store);
  {
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

    g_unlink (f->path);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static guint
n_items (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (civic_queue_view_get_model (f->view)));
}

static void
test_filters_match_sql (Fixture       *f,
                        gconstpointer  data)
{
  CivicQueueFilter *filter = civic_queue_view_get_filter (f->view);
  g_autofree char *department = sql_text (f, "SELECT department FROM cases GROUP BY department ORDER BY count(*) DESC");
  g_autofree char *assignee = sql_text (f, "SELECT assignee FROM cases WHERE assignee IS NOT NULL GROUP BY assignee ORDER BY count(*) DESC");
  g_autofree char *tag = sql_text (f, "SELECT tag FROM case_tags GROUP BY tag ORDER BY count(*) DESC");
  gint64 expected;

  /* the queue opens on open cases */
  g_assert_cmpuint (n_items (f), ==, sql_int (f, "SELECT count(*) FROM cases WHERE state <> 4", NULL));
  civic_queue_filter_reset (filter);
  g_assert_cmpuint (n_items (f), ==, sql_int (f, "SELECT count(*) FROM cases", NULL));

  g_object_set (filter, "states", (guint) CIVIC_CASE_STATES_OPEN, NULL);
  g_assert_cmpuint (n_items (f), ==, sql_int (f, "SELECT count(*) FROM cases WHERE state <> 4", NULL));

  /* filters combine */
  g_object_set (filter, "department", department, NULL);
  expected = sql_int (f, "SELECT count(*) FROM cases WHERE state <> 4 AND department = ?", department);
  g_assert_cmpint (expected, >, 0);
  g_assert_cmpuint (n_items (f), ==, expected);

  civic_queue_filter_reset (filter);
  g_object_set (filter, "assignee", assignee, NULL);
  g_assert_cmpuint (n_items (f), ==, sql_int (f, "SELECT count(*) FROM cases WHERE assignee = ?", assignee));
  g_object_set (filter, "assignee", "", NULL);
  g_assert_cmpuint (n_items (f), ==, sql_int (f, "SELECT count(*) FROM cases WHERE assignee IS NULL OR assignee = ''", NULL));

  civic_queue_filter_reset (filter);
  g_object_set (filter, "channels", (guint) CIVIC_CHANNEL_BIT (CIVIC_CHANNEL_PHONE), NULL);
  g_assert_cmpuint (n_items (f), ==, sql_int (f, "SELECT count(*) FROM cases WHERE channel = 0", NULL));

  civic_queue_filter_reset (filter);
  if (tag != NULL)
    {
      g_object_set (filter, "tag", tag, NULL);
      g_assert_cmpuint (n_items (f), ==,
                        sql_int (f, "SELECT count(DISTINCT case_id) FROM case_tags WHERE tag = ?", tag));
    }

  civic_queue_filter_reset (filter);
  g_object_set (filter, "overdue-only", TRUE, NULL);
  {
    g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);

    g_assert_cmpuint (n_items (f), ==,
                      sql_int (f, "SELECT count(*) FROM cases WHERE state <> 4 AND expected IS NOT NULL "
                                  "AND expected < CAST (? AS INTEGER)", now));
  }
  civic_queue_filter_reset (filter);
  g_assert_cmpuint (n_items (f), ==, N_CASES);
}

static gboolean
n_items_is (Fixture *f,
            guint    expected)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (n_items (f) != expected && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  return n_items (f) == expected;
}

/* Results past the first 2,000 ids come from a thread, in the snapshot
 * the first ones came from: a date range (counted at once) and a text
 * search (counted by listing: the list grows) both end with every row,
 * in order, and a filter changed while a listing runs wins over it. */
static void
test_big_results_arrive_whole (Fixture       *f,
                               gconstpointer  data)
{
  CivicQueueFilter *filter = civic_queue_view_get_filter (f->view);
  CivicCaseListModel *model = civic_queue_view_get_model (f->view);
  g_autofree char *department = sql_text (f, "SELECT department FROM cases GROUP BY department ORDER BY count(*) DESC");
  gint64 all = sql_int (f, "SELECT count(*) FROM cases", NULL);
  gint64 oldest = sql_int (f, "SELECT min(id) FROM cases", NULL);
  guint first;

  g_assert_cmpint (all, >, 2000);
  civic_queue_filter_reset (filter);

  /* a date range: the whole count at once */
  g_object_set (filter, "requested-from", (gint64) 1, NULL);
  g_assert_cmpuint (n_items (f), ==, all);
  g_assert_cmpint (civic_case_list_model_get_id (model, all - 1), ==, oldest);
  g_assert_true (n_items_is (f, all));

  /* every tracking number holds "311": a search the list grows into */
  civic_queue_filter_reset (filter);
  g_object_set (filter, "text", "311", NULL);
  first = n_items (f);
  g_assert_cmpuint (first, >=, 2000);
  g_assert_cmpuint (first, <=, all);
  g_assert_true (n_items_is (f, all));
  g_assert_cmpint (civic_case_list_model_get_id (model, all - 1), ==, oldest);
  g_assert_cmpint (civic_case_list_model_get_id (model, 0), ==,
                   sql_int (f, "SELECT max(id) FROM cases", NULL));

  /* a search, then at once a department: the department's rows stay */
  civic_queue_filter_reset (filter);
  g_object_set (filter, "text", "311", NULL);
  g_object_set (filter, "text", NULL, "department", department, NULL);
  civic_ui_test_iterate (300);
  g_assert_cmpuint (n_items (f), ==, sql_int (f, "SELECT count(*) FROM cases WHERE department = ?", department));
}

static void
test_sort_by_header (Fixture       *f,
                     gconstpointer  data)
{
  GtkColumnView *cv = civic_queue_view_get_column_view (f->view);
  CivicCaseListModel *model = civic_queue_view_get_model (f->view);
  GListModel *columns = gtk_column_view_get_columns (cv);
  g_autoptr(GtkColumnViewColumn) service = g_list_model_get_item (columns, 1);
  sqlite3_stmt *stmt;
  guint i = 0;

  civic_queue_filter_reset (civic_queue_view_get_filter (f->view));
  g_assert_cmpstr (gtk_column_view_column_get_title (service), ==, "Service");
  gtk_column_view_sort_by_column (cv, service, GTK_SORT_ASCENDING);
  civic_ui_test_iterate (50);

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT id FROM cases ORDER BY service_name ASC, id ASC LIMIT 200",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_assert_cmpint (civic_case_list_model_get_id (model, i++), ==, sqlite3_column_int64 (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (i, ==, 200);

  gtk_column_view_sort_by_column (cv, service, GTK_SORT_DESCENDING);
  civic_ui_test_iterate (50);
  g_assert_cmpint (civic_case_list_model_get_id (model, 0), ==,
                   sql_int (f, "SELECT id FROM cases ORDER BY service_name DESC, id DESC LIMIT 1", NULL));
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *changes)
{
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, ==, 5);
  (*changes)++;
}

static void
test_selection_kept_when_rows_arrive_above (Fixture       *f,
                                            gconstpointer  data)
{
  GtkSelectionModel *selection = civic_queue_view_get_selection (f->view);
  CivicCaseListModel *model = civic_queue_view_get_model (f->view);
  g_autoptr(CivicSynth) synth = civic_synth_new (7, NULL);
  g_autoptr(GPtrArray) more = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkBitset) set = NULL;
  g_autoptr(CivicCaseRow) row = NULL;
  g_autofree char *selected_id = NULL;
  guint changes = 0;

  civic_queue_filter_reset (civic_queue_view_get_filter (f->view));
  gtk_selection_model_select_item (selection, 10, TRUE);
  row = g_list_model_get_item (G_LIST_MODEL (model), 10);
  selected_id = g_strdup (civic_case_row_get_request_id (row));
  g_clear_object (&row);

  /* five cases arrive as a sync would bring them: newer, so above */
  civic_synth_set_n_cases (synth, 5);
  civic_synth_fill (synth, more, 5);
  for (guint i = 0; i < more->len; i++)
    {
      g_autofree char *id = g_strdup_printf ("311-2099-%06u", i + 1);

      civic_case_set_service_request_id (g_ptr_array_index (more, i), id);
    }
  g_assert_true (civic_store_put_cases (f->store, more, &error));
  g_assert_no_error (error);
  {
    gulong handler = g_signal_connect (model, "items-changed", G_CALLBACK (count_changes_cb), &changes);

    civic_case_list_model_refresh (model, NULL);
    g_signal_handler_disconnect (model, handler);
  }
  /* one precise change: five added at the top, nothing removed */
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (n_items (f), ==, N_CASES + 5);

  set = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (set), ==, 1);
  g_assert_cmpuint (gtk_bitset_get_nth (set, 0), ==, 15);
  row = g_list_model_get_item (G_LIST_MODEL (model), 15);
  g_assert_cmpstr (civic_case_row_get_request_id (row), ==, selected_id);
  g_clear_object (&row);
  row = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (g_str_has_prefix (civic_case_row_get_request_id (row), "311-2099-"));
}

static void
test_tracking_number_opens_case (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *number = sql_text (f, "SELECT service_request_id FROM cases WHERE state = 4 ORDER BY id LIMIT 1 OFFSET 123");
  g_auto(GStrv) selected = NULL;

  /* a closed case, while the queue shows open ones: the number still
   * finds it */
  civic_queue_view_search (f->view, number);
  civic_ui_test_iterate (50);
  g_assert_cmpstr (civic_queue_view_get_open_case (f->view), ==, number);
  selected = civic_queue_view_get_selected_request_ids (f->view);
  g_assert_cmpuint (g_strv_length (selected), ==, 1);
  g_assert_cmpstr (selected[0], ==, number);
}

static void
test_local_write_moves_rows (Fixture       *f,
                             gconstpointer  data)
{
  CivicQueueFilter *filter = civic_queue_view_get_filter (f->view);
  CivicCaseListModel *model = civic_queue_view_get_model (f->view);
  g_autoptr(CivicCaseRow) row = NULL;
  g_autoptr(GError) error = NULL;
  CivicCaseChange change = { .fields = CIVIC_CASE_FIELD_STATE, .state = CIVIC_CASE_STATE_CLOSED,
                             .note = "Fixed" };
  const char *ids[2] = { NULL, NULL };
  guint before;

  g_object_set (filter, "states", (guint) CIVIC_CASE_STATES_OPEN, NULL);
  before = n_items (f);
  row = g_list_model_get_item (G_LIST_MODEL (model), 3);
  ids[0] = civic_case_row_get_request_id (row);
  g_assert_true (civic_local_update_case (f->store, ids[0], &change, "staff", &error));
  g_assert_no_error (error);
  civic_case_list_model_refresh (model, ids);
  g_assert_cmpuint (n_items (f), ==, before - 1);
  g_assert_cmpuint (n_items (f), ==, sql_int (f, "SELECT count(*) FROM cases WHERE state <> 4", NULL));
  /* the row object itself shows the new state */
  g_assert_cmpstr (civic_case_row_get_due (row), ==, "Closed");
}

static void
test_save_and_apply_view (Fixture       *f,
                          gconstpointer  data)
{
  CivicQueueFilter *filter = civic_queue_view_get_filter (f->view);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *params;
  gint64 view_id;
  guint overdue_open;

  GtkColumnView *cv = civic_queue_view_get_column_view (f->view);
  CivicCaseListModel *model = civic_queue_view_get_model (f->view);
  g_autoptr(GtkColumnViewColumn) address = g_list_model_get_item (gtk_column_view_get_columns (cv), 7);

  g_object_set (filter, "overdue-only", TRUE, "channels", (guint) CIVIC_CHANNEL_BIT (CIVIC_CHANNEL_WEB), NULL);
  overdue_open = n_items (f);
  /* sorted by address, Z to A: the view keeps that too */
  g_assert_cmpstr (gtk_column_view_column_get_title (address), ==, "Address");
  gtk_column_view_sort_by_column (cv, address, GTK_SORT_DESCENDING);
  civic_ui_test_iterate (50);
  g_assert_true (civic_queue_view_save_view (f->view, "Web overdue", &error));
  g_assert_no_error (error);

  /* the replica shows it at once; the outbox carries what the service takes */
  view_id = sql_int (f, "SELECT id FROM saved_views WHERE name = 'Web overdue'", NULL);
  g_assert_cmpint (view_id, <, 0);
  outbox = civic_store_outbox_peek (f->store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);
  g_assert_cmpstr (((CivicOutboxItem *) outbox->pdata[0])->method, ==, "POST");
  g_assert_cmpstr (((CivicOutboxItem *) outbox->pdata[0])->path, ==, "/api/v1/views");
  body = json_from_string (((CivicOutboxItem *) outbox->pdata[0])->body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "name"), ==, "Web overdue");
  params = json_object_get_object_member (json_node_get_object (body), "filter");
  g_assert_cmpstr (json_object_get_string_member (params, "overdue"), ==, "true");
  g_assert_cmpstr (json_object_get_string_member (params, "channel"), ==, "web");
  g_assert_cmpstr (json_object_get_string_member (params, "state"), ==, "new,acknowledged,in_progress,waiting");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "sort"), ==, "-address");

  /* applying it from the Views menu brings the same cases back, in the
   * same order */
  civic_queue_filter_reset (filter);
  gtk_column_view_sort_by_column (cv, NULL, GTK_SORT_ASCENDING);
  civic_ui_test_iterate (50);
  g_assert_cmpuint (n_items (f), ==, N_CASES);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "queue.apply-view", "x", view_id));
  civic_ui_test_iterate (50);
  g_assert_true (civic_queue_filter_get (filter)->overdue_only);
  g_assert_cmpuint (n_items (f), ==, overdue_open);
  g_assert_cmpint (civic_case_list_model_get_sort (model)->column, ==, CIVIC_CASE_SORT_ADDRESS);
  g_assert_true (civic_case_list_model_get_sort (model)->descending);
}

/* The queue fits a phone-sized window: its minimum width is at most
 * 360 px, and at 360 px it still lists the cases. */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  int minimum = 0, natural = 0;

  gtk_widget_measure (GTK_WIDGET (f->view), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  gtk_window_set_default_size (f->window, 360, 700);
  civic_ui_test_iterate (200);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->view)), <=, 360);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (civic_queue_view_get_column_view (f->view))));
  if (g_getenv ("CIVIC_TEST_SHOTS") != NULL)
    civic_ui_test_shoot (GTK_WIDGET (f->window), "queue-narrow");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = civic_ui_test_init (&argc, &argv);

  g_test_add ("/queue/list/filters-match-sql", Fixture, NULL,
              fixture_set_up, test_filters_match_sql, fixture_tear_down);
  g_test_add ("/queue/list/big-results", Fixture, NULL,
              fixture_set_up, test_big_results_arrive_whole, fixture_tear_down);
  g_test_add ("/queue/list/sort-by-header", Fixture, NULL,
              fixture_set_up, test_sort_by_header, fixture_tear_down);
  g_test_add ("/queue/list/selection-kept", Fixture, NULL,
              fixture_set_up, test_selection_kept_when_rows_arrive_above, fixture_tear_down);
  g_test_add ("/queue/list/tracking-number", Fixture, NULL,
              fixture_set_up, test_tracking_number_opens_case, fixture_tear_down);
  g_test_add ("/queue/list/local-write", Fixture, NULL,
              fixture_set_up, test_local_write_moves_rows, fixture_tear_down);

  g_test_add ("/queue/list/narrow", Fixture, NULL,
              fixture_set_up, test_narrow, fixture_tear_down);
  g_test_add ("/queue/list/saved-view", Fixture, NULL,
              fixture_set_up, test_save_and_apply_view, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
