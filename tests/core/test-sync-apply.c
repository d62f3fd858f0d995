/* test-sync-apply.c: pages of the real server's changes feed into a replica
 *
 * A real civicdesk-server with a seeded demo city; the pages are fetched
 * from its /api/v1/changes and applied as the engine would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "civic-error.h"
#include "civic-store.h"
#include "civic-sync-apply.h"
#include "civic-test-util.h"

#define N_CASES 500

static CivicTestServer *server;
static char *token;
static char *dir;
static char *server_db;

typedef struct
{
  JsonNode *root;
  JsonArray *changes;
  gint64 next;
} Page;

static void
page_free (Page *page)
{
  json_node_unref (page->root);
  g_free (page);
}

/* every page from @after to the end */
static GPtrArray *
fetch_pages (gint64 after,
             guint  limit)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?after=%" G_GINT64_FORMAT "&limit=%u",
                                               after, limit);
      guint status = 0;
      JsonNode *root = civic_test_request (server, "GET", path, token, NULL, NULL, &status, NULL);
      JsonObject *o;
      Page *page;

      g_assert_cmpuint (status, ==, 200);
      g_assert_nonnull (root);
      o = json_node_get_object (root);
      page = g_new0 (Page, 1);
      page->root = root;
      page->changes = json_object_get_array_member (o, "changes");
      page->next = json_object_get_int_member (o, "next");
      g_ptr_array_add (pages, page);
      after = page->next;
      if (!json_object_get_boolean_member (o, "more"))
        break;
    }
  return pages;
}

static gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

static char *
raw_text (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *v = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

/* Everything a desk shows, as one text: equal texts, equal replicas. */
static char *
dump (const char *path)
{
  static const char * const queries[] = {
    "SELECT * FROM cases ORDER BY id",
    "SELECT * FROM case_tags ORDER BY tag, case_id",
    "SELECT * FROM case_counts WHERE n <> 0 ORDER BY dim, value, state",
    "SELECT * FROM case_events ORDER BY id",
    "SELECT * FROM posts ORDER BY id",
    "SELECT * FROM likes ORDER BY post_id, username",
    "SELECT * FROM follows ORDER BY username, kind, target",
    "SELECT * FROM notifications ORDER BY id",
    "SELECT * FROM users ORDER BY username",
    "SELECT * FROM departments ORDER BY id",
    "SELECT * FROM services ORDER BY code",
    "SELECT * FROM saved_views ORDER BY id",
    "SELECT * FROM meta WHERE key = 'sync.cursor'",
  };
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int i = 0; i < sqlite3_column_count (stmt); i++)
            g_string_append_printf (out, "%s|", (const char *) sqlite3_column_text (stmt, i));
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static gint64
cursor_of (CivicStore *store)
{
  g_autofree char *text = civic_store_get_meta (store, "sync.cursor", NULL);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* How many of each thing the server has, counted in its own file. */
static gint64
server_count (const char *sql)
{
  return raw_int (server_db, sql);
}

static void
apply_pages (CivicStore *store,
             GPtrArray  *pages)
{
  for (guint i = 0; i < pages->len; i++)
    {
      Page *page = g_ptr_array_index (pages, i);
      CivicApplySummary summary = { 0, };
      g_autoptr(GError) error = NULL;

      g_assert_true (civic_sync_apply_page (store, page->changes, page->next, &summary, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (summary.n_applied, <=, json_array_get_length (page->changes));
      civic_apply_summary_clear (&summary);
    }
}

static void
test_full_pull (void)
{
  g_autofree char *path = g_build_filename (dir, "full.db", NULL);
  g_autoptr(GPtrArray) pages = fetch_pages (0, 300);
  g_autoptr(CivicStore) store = civic_store_open (path, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  Page *last = g_ptr_array_index (pages, pages->len - 1);

  g_assert_nonnull (store);
  g_assert_cmpuint (pages->len, >, 1);
  apply_pages (store, pages);

  g_assert_cmpint (cursor_of (store), ==, last->next);
  g_assert_cmpint (civic_store_count_cases (store, NULL, &error), ==, server_count ("SELECT count(*) FROM cases"));
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM cases"), ==, N_CASES);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM case_events"), ==,
                   server_count ("SELECT count(*) FROM case_events"));
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM case_events_pending"), ==, 0);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM posts"), ==, server_count ("SELECT count(*) FROM posts"));
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM users"), ==, server_count ("SELECT count(*) FROM users"));
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM services"), ==, server_count ("SELECT count(*) FROM services"));
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM departments"), ==,
                   server_count ("SELECT count(*) FROM departments"));
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM case_tags"), ==,
                   server_count ("SELECT count(*) FROM case_tags"));
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM services WHERE attributes IS NOT NULL"), >, 0);
  /* the open count the queue shows is the server's */
  {
    g_autoptr(CivicCaseFilter) filter = civic_case_filter_new ();

    filter->states = CIVIC_CASE_STATES_OPEN;
    g_assert_cmpint (civic_store_count_cases (store, filter, NULL), ==,
                     server_count ("SELECT count(*) FROM cases WHERE state <> 'closed'"));
  }
  /* one case, field by field */
  {
    g_autoptr(CivicCase) c = civic_store_get_case (store, "311-2026-000001", NULL);
    guint status = 0;
    g_autoptr(JsonNode) answer = NULL;
    JsonObject *o;

    if (c == NULL)
      {
        g_autofree char *id = NULL;
        sqlite3 *db = NULL;
        sqlite3_stmt *stmt = NULL;

        sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
        sqlite3_prepare_v2 (db, "SELECT service_request_id FROM cases ORDER BY id LIMIT 1", -1, &stmt, NULL);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
        sqlite3_finalize (stmt);
        sqlite3_close (db);
        c = civic_store_get_case (store, id, NULL);
      }
    g_assert_nonnull (c);
    {
      g_autofree char *p = g_strdup_printf ("/api/v1/cases/%s", civic_case_get_service_request_id (c));

      answer = civic_test_request (server, "GET", p, token, NULL, NULL, &status, NULL);
    }
    g_assert_cmpuint (status, ==, 200);
    o = json_node_get_object (answer);
    if (json_object_has_member (o, "case"))
      o = json_object_get_object_member (o, "case");
    g_assert_cmpstr (civic_case_get_description (c), ==, json_object_get_string_member (o, "description"));
    g_assert_cmpint (civic_case_get_version (c), ==, json_object_get_int_member (o, "version"));
    g_assert_cmpstr (civic_priority_to_name (civic_case_get_priority (c)), ==,
                     json_object_get_string_member (o, "priority"));
  }

  /* the same pages again change nothing */
  store = (civic_store_close (store), g_object_unref (store), civic_store_open (path, NULL));
  before = dump (path);
  apply_pages (store, pages);
  after = dump (path);
  g_assert_cmpstr (before, ==, after);
}

/* The engine fills an empty replica in bulk mode; the same pages give the
 * same replica. */
static void
test_bulk_pull (void)
{
  g_autofree char *path = g_build_filename (dir, "bulk.db", NULL);
  g_autofree char *ref_path = g_build_filename (dir, "ref.db", NULL);
  g_autoptr(GPtrArray) pages = fetch_pages (0, 200);
  g_autoptr(CivicStore) store = civic_store_open (path, NULL);
  g_autoptr(CivicStore) ref = civic_store_open (ref_path, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_true (civic_store_bulk_begin (store, &error));
  apply_pages (store, pages);
  g_assert_true (civic_store_bulk_end (store, &error));
  g_assert_no_error (error);
  apply_pages (ref, pages);
  civic_store_close (store);
  civic_store_close (ref);
  a = dump (path);
  b = dump (ref_path);
  g_assert_cmpstr (a, ==, b);
}

static void
test_priority_names (void)
{
  g_assert_cmpint (civic_priority_from_name ("low"), ==, 2);
  g_assert_cmpint (civic_priority_from_name ("normal"), ==, 3);
  g_assert_cmpint (civic_priority_from_name ("high"), ==, 4);
  g_assert_cmpint (civic_priority_from_name ("urgent"), ==, 5);
  g_assert_cmpint (civic_priority_from_name ("bogus"), ==, 0);
  g_assert_cmpint (civic_priority_from_name (NULL), ==, 0);
  g_assert_cmpstr (civic_priority_to_name (1), ==, "low");
  g_assert_cmpstr (civic_priority_to_name (2), ==, "low");
  g_assert_cmpstr (civic_priority_to_name (3), ==, "normal");
  g_assert_cmpstr (civic_priority_to_name (4), ==, "high");
  g_assert_cmpstr (civic_priority_to_name (5), ==, "urgent");
}

static void
test_case_from_json (void)
{
  g_autoptr(JsonNode) node = json_from_string (
    "{\"service_request_id\":\"311-2026-000042\",\"status\":\"open\",\"state\":\"in_progress\","
    "\"status_notes\":null,\"service_name\":\"Pothole\",\"service_code\":\"POT\","
    "\"description\":\"Deep hole\",\"requested_datetime\":\"2026-03-01T09:30:00-05:00\","
    "\"updated_datetime\":\"2026-03-01T14:30:00Z\",\"expected_datetime\":null,"
    "\"lat\":40.7,\"long\":-73.9,\"department\":\"DOT\",\"assignee\":\"staff\","
    "\"priority\":\"urgent\",\"channel\":\"web\",\"tags\":[\"flooding\",\"school\"],"
    "\"attributes\":{},\"version\":7,\"seq\":99,\"future_field\":1}", NULL);
  g_autoptr(JsonNode) bad = json_from_string ("{\"service_request_id\":\"x\",\"priority\":\"sky-high\"}", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicCase) c = civic_case_from_staff_json (json_node_get_object (node), &error);
  g_autoptr(CivicCase) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (civic_case_get_service_request_id (c), ==, "311-2026-000042");
  g_assert_cmpint (civic_case_get_state (c), ==, CIVIC_CASE_STATE_IN_PROGRESS);
  g_assert_cmpint (civic_case_get_requested_datetime (c), ==, 1772375400);
  g_assert_cmpint (civic_case_get_updated_datetime (c), ==, 1772375400);
  g_assert_cmpint (civic_case_get_expected_datetime (c), ==, 0);
  g_assert_cmpint (civic_case_get_priority (c), ==, 5);
  g_assert_cmpint (civic_case_get_channel (c), ==, CIVIC_CHANNEL_WEB);
  g_assert_cmpint (civic_case_get_version (c), ==, 7);
  g_assert_cmpstr (civic_case_get_tags (c)[1], ==, "school");
  g_assert_cmpfloat (civic_case_get_long (c), ==, -73.9);

  none = civic_case_from_staff_json (json_node_get_object (bad), &error);
  g_assert_null (none);
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
}

/* A page with one bad entity is refused whole: rows and cursor as before. */
static void
test_malformed (void)
{
  g_autofree char *path = g_build_filename (dir, "malformed.db", NULL);
  g_autoptr(GPtrArray) pages = fetch_pages (0, 300);
  g_autoptr(CivicStore) store = civic_store_open (path, NULL);
  Page *second = NULL;
  gint64 cursor = -1;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) copy = NULL;
  JsonArray *changes;
  guint n;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *want = NULL;
  JsonObject *victim = NULL;
  gint64 victim_seq = 0;

  /* the pages before the first with cases are applied as usual */
  for (guint i = 0; i < pages->len && second == NULL; i++)
    {
      Page *page = g_ptr_array_index (pages, i);

      for (guint k = 0; k < json_array_get_length (page->changes) && second == NULL; k++)
        if (g_str_equal (json_object_get_string_member (json_array_get_object_element (page->changes, k), "entity"),
                         "case"))
          second = page;
      if (second == NULL)
        {
          g_assert_true (civic_sync_apply_page (store, page->changes, page->next, NULL, NULL));
          cursor = page->next;
        }
    }
  if (second == NULL)
    g_error ("no page with a case");
  text = json_to_string (second->root, FALSE);
  copy = json_from_string (text, NULL);
  changes = json_object_get_array_member (json_node_get_object (copy), "changes");
  n = json_array_get_length (changes);
  before = dump (path);

  /* the last case of the page gets a version that is not a number */
  for (guint i = n; i-- > 0 && victim == NULL;)
    {
      JsonObject *o = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (o, "entity"), "case"))
        {
          victim = json_object_get_object_member (o, "data");
          victim_seq = json_object_get_int_member (o, "seq");
        }
    }
  g_assert_nonnull (victim);
  json_object_set_string_member (victim, "version", "seven");

  g_assert_false (civic_sync_apply_page (store, changes, second->next, NULL, &error));
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
  want = g_strdup_printf ("change %" G_GINT64_FORMAT, victim_seq);
  g_assert_nonnull (strstr (error->message, "case"));
  g_assert_nonnull (strstr (error->message, want));
  g_assert_cmpint (cursor_of (store), ==, cursor);
  after = dump (path);
  g_assert_cmpstr (before, ==, after);

  /* an item that is not even a change */
  g_clear_error (&error);
  {
    g_autoptr(JsonNode) junk = json_from_string ("[{\"entity\":\"post\",\"seq\":5,\"data\":{\"id\":\"x\"}}]", NULL);
    g_autoptr(JsonNode) junk2 = json_from_string ("[3]", NULL);

    g_assert_false (civic_sync_apply_page (store, json_node_get_array (junk), 99, NULL, &error));
    g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "post"));
    g_assert_nonnull (strstr (error->message, "change 5"));
    g_clear_error (&error);
    g_assert_false (civic_sync_apply_page (store, json_node_get_array (junk2), 99, NULL, &error));
    g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
  }
  g_assert_cmpint (cursor_of (store), ==, cursor);

  /* an entity from a newer server is skipped, the rest applied */
  g_clear_error (&error);
  {
    g_autoptr(JsonNode) newer = json_from_string (
      "[{\"entity\":\"hologram\",\"seq\":1000000,\"data\":{\"x\":1}},"
      " {\"entity\":\"department\",\"seq\":1000001,\"data\":{\"id\":\"NEW\",\"name\":\"New Dept\"}},"
      " {\"entity\":\"tombstone\",\"seq\":1000002,\"data\":{\"entity\":\"hologram\",\"id\":\"1\"}}]", NULL);
    CivicApplySummary summary = { 0, };

    g_assert_true (civic_sync_apply_page (store, json_node_get_array (newer), 1000002, &summary, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (summary.kinds & CIVIC_SYNC_KIND_CATALOG, !=, 0);
    civic_apply_summary_clear (&summary);
    g_assert_cmpint (raw_int (path, "SELECT count(*) FROM departments WHERE id = 'NEW'"), ==, 1);
    g_assert_cmpint (cursor_of (store), ==, 1000002);
  }
}

static JsonNode *
call (const char *method,
      const char *path,
      const char *body,
      guint       expect)
{
  guint status = 0;
  g_autofree char *key = g_uuid_string_random ();
  JsonNode *answer = civic_test_request (server, method, path, token, body, NULL, &status,
                                         "Idempotency-Key", key, NULL);

  if (status != expect)
    g_error ("%s %s: %u %s", method, path, status, civic_test_last_body ());
  return answer;
}

static void
test_tombstones (void)
{
  g_autofree char *path = g_build_filename (dir, "tomb.db", NULL);
  g_autoptr(GPtrArray) pages = fetch_pages (0, 5000);
  g_autoptr(CivicStore) store = civic_store_open (path, NULL);
  Page *last = g_ptr_array_index (pages, pages->len - 1);
  g_autoptr(JsonNode) post = NULL;
  g_autoptr(JsonNode) view = NULL;
  g_autoptr(GPtrArray) more = NULL;
  g_autoptr(GPtrArray) gone = NULL;
  g_autofree char *post_path = NULL;
  g_autofree char *like_path = NULL;
  g_autofree char *view_path = NULL;
  g_autofree char *q = NULL;
  JsonObject *po;
  gint64 post_id, view_id;

  apply_pages (store, pages);

  post = call ("POST", "/api/v1/posts", "{\"body\":\"Tombstone test #sweep\"}", 201);
  po = json_node_get_object (post);
  if (json_object_has_member (po, "post"))
    po = json_object_get_object_member (po, "post");
  post_id = json_object_get_int_member (po, "id");
  like_path = g_strdup_printf ("/api/v1/posts/%" G_GINT64_FORMAT "/like", post_id);
  json_node_unref (call ("PUT", like_path, NULL, 200));
  json_node_unref (call ("PUT", "/api/v1/follows/tag/sweep", NULL, 200));
  view = call ("POST", "/api/v1/views", "{\"name\":\"Mine\",\"filter\":{\"assignee\":\"advocate\"}}", 201);
  {
    JsonObject *vo = json_node_get_object (view);

    if (json_object_has_member (vo, "view"))
      vo = json_object_get_object_member (vo, "view");
    /* the views API names a view by text */
    if (json_node_get_value_type (json_object_get_member (vo, "id")) == G_TYPE_STRING)
      view_id = g_ascii_strtoll (json_object_get_string_member (vo, "id"), NULL, 10);
    else
      view_id = json_object_get_int_member (vo, "id");
  }

  more = fetch_pages (last->next, 5000);
  apply_pages (store, more);
  q = g_strdup_printf ("SELECT count(*) FROM posts WHERE id = %" G_GINT64_FORMAT, post_id);
  g_assert_cmpint (raw_int (path, q), ==, 1);
  g_clear_pointer (&q, g_free);
  q = g_strdup_printf ("SELECT count(*) FROM likes WHERE post_id = %" G_GINT64_FORMAT " AND username = 'advocate'", post_id);
  g_assert_cmpint (raw_int (path, q), ==, 1);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM follows WHERE username = 'advocate' AND kind = 'tag' AND target = 'sweep'"), ==, 1);
  g_clear_pointer (&q, g_free);
  q = g_strdup_printf ("SELECT count(*) FROM saved_views WHERE id = %" G_GINT64_FORMAT, view_id);
  g_assert_cmpint (raw_int (path, q), ==, 1);

  /* take them all back on the server */
  json_node_unref (call ("DELETE", like_path, NULL, 200));
  json_node_unref (call ("DELETE", "/api/v1/follows/tag/sweep", NULL, 200));
  view_path = g_strdup_printf ("/api/v1/views/%" G_GINT64_FORMAT, view_id);
  json_node_unref (call ("DELETE", view_path, NULL, 200));
  {
    g_autofree char *p2 = g_strdup_printf ("SELECT count(*) FROM likes WHERE post_id = %" G_GINT64_FORMAT, post_id);

    last = g_ptr_array_index (more, more->len - 1);
    gone = fetch_pages (last->next, 5000);
    apply_pages (store, gone);
    g_assert_cmpint (raw_int (path, p2), ==, 0);
  }
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM follows WHERE username = 'advocate' AND target = 'sweep'"), ==, 0);
  g_assert_cmpint (raw_int (path, q), ==, 0);

  post_path = g_strdup_printf ("/api/v1/posts/%" G_GINT64_FORMAT, post_id);
  {
    guint status = 0;
    g_autofree char *key = g_uuid_string_random ();
    g_autoptr(JsonNode) a = civic_test_request (server, "DELETE", post_path, token, NULL, NULL, &status,
                                                "Idempotency-Key", key, NULL);
    g_autofree char *p3 = g_strdup_printf ("SELECT count(*) FROM posts WHERE id = %" G_GINT64_FORMAT, post_id);
    g_autoptr(GPtrArray) final = NULL;

    g_assert_true (status == 200 || status == 204);
    last = g_ptr_array_index (gone, gone->len - 1);
    final = fetch_pages (last->next, 5000);
    apply_pages (store, final);
    g_assert_cmpint (raw_int (path, p3), ==, 0);
  }
}

/* kill -9 in the middle of applying: the file holds whole pages only. */
static void
test_kill_during_apply (gconstpointer data)
{
  /* bulk: the engine's first pull into an empty replica */
  gboolean bulk = GPOINTER_TO_INT (data);
  g_autoptr(GPtrArray) pages = fetch_pages (0, 100);
  g_autofree char *kdir = g_build_filename (dir, bulk ? "kill-bulk" : "kill", NULL);
  g_autoptr(GHashTable) cases_upto = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int status = 0;
  gint64 last_round = -1;
  g_autofree char *path = NULL;
  g_autoptr(CivicStore) store = NULL;
  gint64 cursor;
  gpointer expected;
  pid_t pid;

  g_mkdir_with_parents (kdir, 0700);
  /* how many distinct cases a replica holds after each page */
  for (guint i = 0; i < pages->len; i++)
    {
      Page *page = g_ptr_array_index (pages, i);

      for (guint k = 0; k < json_array_get_length (page->changes); k++)
        {
          JsonObject *o = json_array_get_object_element (page->changes, k);

          if (g_str_equal (json_object_get_string_member (o, "entity"), "case"))
            g_hash_table_add (seen, g_strdup (json_object_get_string_member (json_object_get_object_member (o, "data"),
                                                                             "service_request_id")));
        }
      g_hash_table_insert (cases_upto, GSIZE_TO_POINTER ((gsize) page->next),
                           GSIZE_TO_POINTER ((gsize) g_hash_table_size (seen)));
    }

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      /* a fresh replica per round, forever: the kill lands somewhere */
      for (gint64 round = 0;; round++)
        {
          g_autofree char *p = g_strdup_printf ("%s/round-%06" G_GINT64_FORMAT ".db", kdir, round);
          CivicStore *s = civic_store_open (p, NULL);

          if (s == NULL || (bulk && !civic_store_bulk_begin (s, NULL)))
            _exit (2);
          for (guint i = 0; i < pages->len; i++)
            {
              Page *page = g_ptr_array_index (pages, i);

              if (!civic_sync_apply_page (s, page->changes, page->next, NULL, NULL))
                _exit (3);
            }
          if (bulk && !civic_store_bulk_end (s, NULL))
            _exit (4);
          civic_store_close (s);
          g_object_unref (s);
        }
    }

  /* one whole round first, so the kill lands in a later one at a
   * random point, whatever the load of the machine */
  {
    g_autofree char *second_round = g_strdup_printf ("%s/round-000001.db", kdir);

    for (int waited = 0; waited < 30000 && !g_file_test (second_round, G_FILE_TEST_EXISTS); waited += 10)
      g_usleep (10 * 1000);
  }
  g_usleep (g_random_int_range (0, 150) * 1000);
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));

  {
    g_autoptr(GDir) d = g_dir_open (kdir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      if (g_str_has_prefix (name, "round-") && g_str_has_suffix (name, ".db"))
        last_round = MAX (last_round, g_ascii_strtoll (name + 6, NULL, 10));
  }
  g_assert_cmpint (last_round, >=, 1);
  g_test_message ("killed during round %" G_GINT64_FORMAT, last_round);

  path = g_strdup_printf ("%s/round-%06" G_GINT64_FORMAT ".db", kdir, last_round);
  store = civic_store_open (path, NULL);
  g_assert_nonnull (store);
  cursor = cursor_of (store);
  g_test_message ("reopened at cursor %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT, cursor,
                  ((Page *) g_ptr_array_index (pages, pages->len - 1))->next);
  if (cursor < 0)
    g_assert_cmpint (civic_store_count_cases (store, NULL, NULL), ==, 0);
  else
    {
      g_assert_true (g_hash_table_lookup_extended (cases_upto, GSIZE_TO_POINTER ((gsize) cursor), NULL, &expected));
      g_assert_cmpint (raw_int (path, "SELECT count(*) FROM cases"), ==, GPOINTER_TO_SIZE (expected));
      /* the maintained count agrees with the rows */
      g_assert_cmpint (civic_store_count_cases (store, NULL, NULL), ==, GPOINTER_TO_SIZE (expected));
    }
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), ==, 0);

  /* and the pull goes on from there */
  for (guint i = 0; i < pages->len; i++)
    {
      Page *page = g_ptr_array_index (pages, i);

      if (page->next > cursor)
        g_assert_true (civic_sync_apply_page (store, page->changes, page->next, NULL, NULL));
    }
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM cases"), ==, N_CASES);
}

/* The apply rate, cases/s, on copies of the server's own case JSON. */
/* CPU time of this process: the machine running the tests is shared */
static gint64
cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static double
measure (gboolean  bulk,
         guint     n_cases,
         guint     page_size,
         double   *cpu_rate)
{
  g_autoptr(GPtrArray) pages = fetch_pages (0, 5000);
  g_autoptr(GPtrArray) templates = g_ptr_array_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_strdup_printf ("%s/rate-%d.db", dir, bulk);
  g_autoptr(CivicStore) store = civic_store_open (path, NULL);
  g_autoptr(GPtrArray) big = g_ptr_array_new_with_free_func ((GDestroyNotify) json_array_unref);
  gint64 t0, c0, elapsed = 0;

  for (guint i = 0; i < pages->len; i++)
    {
      Page *page = g_ptr_array_index (pages, i);

      for (guint k = 0; k < json_array_get_length (page->changes); k++)
        {
          JsonObject *o = json_array_get_object_element (page->changes, k);

          if (g_str_equal (json_object_get_string_member (o, "entity"), "case"))
            g_ptr_array_add (templates, json_object_get_object_member (o, "data"));
        }
    }
  g_assert_cmpuint (templates->len, >, 0);
  for (guint i = 0; i < templates->len; i++)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), g_ptr_array_index (templates, i));

      g_ptr_array_add (texts, json_to_string (node, FALSE));
    }

  /* pages as the engine gets them, parsed before the clock starts */
  for (guint i = 0; i < n_cases; i += page_size)
    {
      JsonArray *array = json_array_new ();

      for (guint k = i; k < MIN (n_cases, i + page_size); k++)
        {
          JsonNode *copy_node = json_from_string (g_ptr_array_index (texts, k % texts->len), NULL);
          JsonObject *change = json_object_new ();
          g_autofree char *id = g_strdup_printf ("311-2020-%07u", k);

          json_object_set_string_member (json_node_get_object (copy_node), "service_request_id", id);
          json_object_set_string_member (change, "entity", "case");
          json_object_set_int_member (change, "seq", k + 1);
          json_object_set_member (change, "data", copy_node);
          json_array_add_object_element (array, change);
        }
      g_ptr_array_add (big, array);
    }

  t0 = g_get_monotonic_time ();
  c0 = cpu_usec ();
  if (bulk)
    g_assert_true (civic_store_bulk_begin (store, NULL));
  for (guint i = 0; i < big->len; i++)
    g_assert_true (civic_sync_apply_page (store, g_ptr_array_index (big, i), (i + 1) * page_size, NULL, NULL));
  if (bulk)
    g_assert_true (civic_store_bulk_end (store, NULL));
  elapsed = g_get_monotonic_time () - t0;
  *cpu_rate = n_cases / ((cpu_usec () - c0) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (civic_store_count_cases (store, NULL, NULL), ==, n_cases);

  return n_cases / (elapsed / (double) G_USEC_PER_SEC);
}

static void
test_rate (void)
{
  guint n = g_test_perf () ? 100000 : 20000;
  double bulk_cpu, plain_cpu;
  double bulk = measure (TRUE, n, 5000, &bulk_cpu);
  double plain = measure (FALSE, n, 5000, &plain_cpu);

  /* wall and CPU time: the second is what the code costs when the
   * machine is shared */
  g_test_message ("apply: %u cases in pages of 5,000: empty replica in bulk mode %.0f cases/s wall, "
                  "%.0f cases/s CPU; row by row %.0f cases/s wall, %.0f cases/s CPU",
                  n, bulk, bulk_cpu, plain, plain_cpu);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GSubprocess) seed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *manager = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);

  dir = civic_test_mkdtemp ();
  server_db = g_build_filename (dir, "city.db", NULL);
  seed = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           g_getenv ("CIVIC_SERVER_BIN"), "seed-demo", "--db", server_db,
                           "--cases", G_STRINGIFY (N_CASES), "--data", g_getenv ("CIVIC_FIXTURES"), NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (seed, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (seed) != 0)
    g_error ("seed-demo failed: %s", err);
  server = civic_test_server_start (server_db, NULL);
  token = civic_test_login (server, "advocate", "civicdesk-demo");
  manager = civic_test_login (server, "manager", "civicdesk-demo");

  /* a few cases changed after seeding move up the sequence: their first
   * events then come on an earlier page than the case itself */
  for (int i = 1; i <= 5; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM cases ORDER BY id LIMIT 1 OFFSET %d", i * 37);
      gint64 id = raw_int (server_db, sql);
      g_autofree char *vsql = g_strdup_printf ("SELECT version FROM cases WHERE id = %" G_GINT64_FORMAT, id);
      g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, raw_int (server_db, vsql));
      g_autofree char *rsql = g_strdup_printf ("SELECT request_id FROM cases WHERE id = %" G_GINT64_FORMAT, id);
      g_autofree char *request_id = raw_text (server_db, rsql);
      g_autofree char *p = g_strdup_printf ("/api/v1/cases/%s", request_id);
      g_autofree char *key = g_uuid_string_random ();
      g_autoptr(JsonNode) answer = NULL;
      guint status = 0;

      answer = civic_test_request (server, "PATCH", p, manager, "{\"priority\":\"urgent\",\"tags\":[\"synced\"]}",
                                   NULL, &status, "If-Match", version, "Idempotency-Key", key, NULL);
      if (status != 200)
        g_error ("PATCH %s: %u %s", p, status, civic_test_last_body ());
    }

  g_test_add_func ("/sync-apply/priority-names", test_priority_names);
  g_test_add_func ("/sync-apply/case-from-json", test_case_from_json);
  g_test_add_func ("/sync-apply/full-pull", test_full_pull);
  g_test_add_func ("/sync-apply/bulk-pull", test_bulk_pull);
  g_test_add_func ("/sync-apply/malformed", test_malformed);
  g_test_add_func ("/sync-apply/tombstones", test_tombstones);
  g_test_add_data_func ("/sync-apply/kill-during-apply", GINT_TO_POINTER (FALSE), test_kill_during_apply);
  g_test_add_data_func ("/sync-apply/kill-during-bulk-apply", GINT_TO_POINTER (TRUE), test_kill_during_apply);
  g_test_add_func ("/sync-apply/rate", test_rate);

  rc = g_test_run ();

  civic_test_server_stop (server);
  civic_test_rm_rf (dir);
  g_free (token);
  g_free (server_db);
  g_free (dir);
  return rc;
}
