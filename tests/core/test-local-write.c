/* test-local-write.c: local writes, their outbox entries and the push hooks
 *
 * The replica is filled from a real civicdesk-server; each outbox entry
 * is then sent to that server as CivicSync would (method, path, body,
 * If-Match from the context, Idempotency-Key), so a wrong body fails
 * here and not in the field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <string.h>

#include "civic-error.h"
#include "civic-local-write.h"
#include "civic-store.h"
#include "civic-sync-apply.h"
#include "civic-test-util.h"

static CivicTestServer *server;
static char *token;
static char *dir;
static char *server_db;

typedef struct
{
  char *path;
  CivicStore *store;
} Fixture;

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

/* Pulls everything after the replica's cursor. */
static void
pull (CivicStore *store)
{
  g_autofree char *cursor = civic_store_get_meta (store, "sync.cursor", NULL);
  gint64 after = cursor != NULL ? g_ascii_strtoll (cursor, NULL, 10) : 0;

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?after=%" G_GINT64_FORMAT "&limit=1000", after);
      guint status = 0;
      g_autoptr(JsonNode) root = civic_test_request (server, "GET", path, token, NULL, NULL, &status, NULL);
      g_autoptr(GError) error = NULL;
      JsonObject *o;

      g_assert_cmpuint (status, ==, 200);
      o = json_node_get_object (root);
      after = json_object_get_int_member (o, "next");
      g_assert_true (civic_sync_apply_page (store, json_object_get_array_member (o, "changes"), after, NULL, &error));
      g_assert_no_error (error);
      if (!json_object_get_boolean_member (o, "more"))
        break;
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint n;

  f->path = g_strdup_printf ("%s/desk-%u.db", dir, n++);
  f->store = civic_store_open (f->path, NULL);
  g_assert_nonnull (f->store);
  pull (f->store);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->path);
}

static GPtrArray *
outbox (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = civic_store_outbox_peek (f->store, 0, &error);

  g_assert_no_error (error);
  return items;
}

/* Sends one outbox entry as the engine would; returns the answer. */
static JsonNode *
push (Fixture         *f,
      CivicOutboxItem *item,
      guint           *status)
{
  g_autoptr(JsonObject) context = civic_local_get_context (f->store, item->id, NULL);
  const char *if_match = context != NULL ? json_object_get_string_member_with_default (context, "if_match", NULL)
                                         : NULL;

  if (if_match != NULL)
    return civic_test_request (server, item->method, item->path, token, item->body, NULL, status,
                               "Idempotency-Key", item->idempotency_key, "If-Match", if_match, NULL);
  return civic_test_request (server, item->method, item->path, token, item->body, NULL, status,
                             "Idempotency-Key", item->idempotency_key, NULL);
}

/* A case the signed-in manager may edit, as the replica has it. */
static CivicCase *
some_case (Fixture *f,
           guint    nth)
{
  g_autofree char *sql = g_strdup_printf ("SELECT service_request_id FROM cases WHERE state <> 4"
                                          " ORDER BY id LIMIT 1 OFFSET %u", nth);
  g_autofree char *id = raw_text (f->path, sql);

  g_assert_nonnull (id);
  return civic_store_get_case (f->store, id, NULL);
}

static void
assert_json (const char *text,
             const char *want)
{
  g_autoptr(JsonNode) a = json_from_string (text, NULL);
  g_autoptr(JsonNode) b = json_from_string (want, NULL);

  if (a == NULL || b == NULL || !json_node_equal (a, b))
    g_error ("JSON %s, want %s", text, want);
}

static void
test_update_case (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CivicCase) before = some_case (f, 3);
  const char *id = civic_case_get_service_request_id (before);
  const char * const tags[] = { "pothole", "school", NULL };
  CivicCaseChange change = {
    .fields = CIVIC_CASE_FIELD_PRIORITY | CIVIC_CASE_FIELD_TAGS | CIVIC_CASE_FIELD_ASSIGNEE,
    .priority = 5, .tags = tags, .assignee = NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(CivicCase) after = NULL;
  g_autoptr(JsonObject) context = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *want_path = g_strdup_printf ("/api/v1/cases/%s", id);
  g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, civic_case_get_version (before));
  CivicOutboxItem *item;
  guint status = 0;

  g_assert_true (civic_local_update_case (f->store, id, &change, "manager", &error));
  g_assert_no_error (error);

  /* the replica shows it at once */
  after = civic_store_get_case (f->store, id, NULL);
  g_assert_cmpint (civic_case_get_priority (after), ==, 5);
  g_assert_null (civic_case_get_assignee (after));
  g_assert_cmpstr (civic_case_get_tags (after)[1], ==, "school");

  /* and it survives a restart, queued exactly once */
  g_clear_object (&f->store);
  f->store = civic_store_open (f->path, NULL);
  items = outbox (f);
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->method, ==, "PATCH");
  g_assert_cmpstr (item->path, ==, want_path);
  assert_json (item->body, "{\"priority\":\"urgent\",\"tags\":[\"pothole\",\"school\"],\"assignee\":null}");
  g_assert_cmpuint (strlen (item->idempotency_key), ==, 36);
  context = civic_local_get_context (f->store, item->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (context, "if_match"), ==, version);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (context, "base"), "priority"), ==,
                   civic_priority_to_name (civic_case_get_priority (before)));
  g_clear_object (&after);
  after = civic_store_get_case (f->store, id, NULL);
  g_assert_cmpint (civic_case_get_priority (after), ==, 5);

  /* the server takes the body as it is */
  answer = push (f, item, &status);
  if (status != 200)
    g_error ("PATCH: %u %s", status, civic_test_last_body ());
  g_assert_true (civic_local_push_done (f->store, item->id, answer, &error));
  g_assert_no_error (error);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = outbox (f);
  g_assert_cmpuint (items->len, ==, 0);
  g_clear_object (&after);
  after = civic_store_get_case (f->store, id, NULL);
  g_assert_cmpint (civic_case_get_version (after), ==, civic_case_get_version (before) + 1);
  g_assert_cmpint (civic_case_get_priority (after), ==, 5);
}

static void
test_close_needs_note (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CivicCase) before = some_case (f, 4);
  const char *id = civic_case_get_service_request_id (before);
  CivicCaseChange change = { .fields = CIVIC_CASE_FIELD_STATE, .state = CIVIC_CASE_STATE_CLOSED };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(CivicCase) after = NULL;
  g_autoptr(JsonNode) answer = NULL;
  CivicOutboxItem *item;
  guint status = 0;

  g_assert_false (civic_local_update_case (f->store, id, &change, "manager", &error));
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "resolution note"));
  items = outbox (f);
  g_assert_cmpuint (items->len, ==, 0);
  after = civic_store_get_case (f->store, id, NULL);
  g_assert_cmpint (civic_case_get_state (after), ==, civic_case_get_state (before));

  g_clear_error (&error);
  change.note = "Filled and rolled";
  g_assert_true (civic_local_update_case (f->store, id, &change, "manager", &error));
  g_assert_no_error (error);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = outbox (f);
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  assert_json (item->body, "{\"state\":\"closed\",\"note\":\"Filled and rolled\"}");
  g_clear_object (&after);
  after = civic_store_get_case (f->store, id, NULL);
  g_assert_cmpint (civic_case_get_state (after), ==, CIVIC_CASE_STATE_CLOSED);
  g_assert_cmpint (civic_case_get_closed_datetime (after), >, 0);

  answer = push (f, item, &status);
  if (status != 200)
    g_error ("PATCH: %u %s", status, civic_test_last_body ());
  g_assert_true (civic_local_push_done (f->store, item->id, answer, &error));
  pull (f->store);
  {
    g_autoptr(GPtrArray) events = civic_store_list_events (f->store, id, NULL);
    guint notes = 0;

    for (guint i = 0; i < events->len; i++)
      if (g_strcmp0 (civic_case_event_get_body (g_ptr_array_index (events, i)), "Filled and rolled") == 0)
        notes++;
    /* the provisional note gave way to the server's: one, not two */
    g_assert_cmpuint (notes, ==, 1);
  }
}

static void
test_note (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CivicCase) c = some_case (f, 5);
  const char *id = civic_case_get_service_request_id (c);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *want_path = g_strdup_printf ("/api/v1/cases/%s/notes", id);
  g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM case_events WHERE case_id = '%s'"
                                                " AND body = 'Called the reporter back'", id);
  CivicOutboxItem *item;
  guint status = 0;

  g_assert_false (civic_local_add_note (f->store, id, "  ", FALSE, "manager", &error));
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (civic_local_add_note (f->store, id, "Called the reporter back", TRUE, "manager", &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (f->path, count_sql), ==, 1);
  items = outbox (f);
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->method, ==, "POST");
  g_assert_cmpstr (item->path, ==, want_path);
  assert_json (item->body, "{\"body\":\"Called the reporter back\",\"public\":true}");

  answer = push (f, item, &status);
  if (status != 201 && status != 200)
    g_error ("POST note: %u %s", status, civic_test_last_body ());
  g_assert_true (civic_local_push_done (f->store, item->id, answer, &error));
  g_assert_no_error (error);
  pull (f->store);
  g_assert_cmpint (raw_int (f->path, count_sql), ==, 1);
}

static void
test_post_like_follow (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(CivicPost) post = NULL;
  gint64 local_id = 0, second_id = 0, server_id;
  CivicOutboxItem *item;
  guint status = 0;
  gint64 some_post = raw_int (f->path, "SELECT min (id) FROM posts WHERE id > 0");
  gint64 likes_before = raw_int (f->path, "SELECT like_count FROM posts WHERE id = (SELECT min (id) FROM posts WHERE id > 0)");
  g_autofree char *like_path = g_strdup_printf ("/api/v1/posts/%" G_GINT64_FORMAT "/like", some_post);

  g_assert_true (civic_local_create_post (f->store, "Crews out on #flooding tonight", 0, "manager", &local_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (local_id, ==, -1);
  g_assert_true (civic_local_create_post (f->store, "Second", 0, "manager", &second_id, &error));
  g_assert_cmpint (second_id, ==, -2);
  post = civic_store_get_post (f->store, local_id, &error);
  g_assert_cmpstr (civic_post_get_body (post), ==, "Crews out on #flooding tonight");
  g_assert_false (civic_local_set_like (f->store, local_id, "manager", TRUE, &error));
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
  g_clear_error (&error);

  /* likes and follows toggle at once; a repeat queues nothing */
  g_assert_true (civic_local_set_like (f->store, some_post, "manager", TRUE, &error));
  g_assert_true (civic_local_set_like (f->store, some_post, "manager", TRUE, &error));
  g_assert_cmpint (raw_int (f->path, "SELECT like_count FROM posts WHERE id = (SELECT min (id) FROM posts WHERE id > 0)"),
                   ==, likes_before + 1);
  g_assert_true (civic_local_set_follow (f->store, "tag", "#Flooding", "manager", TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM follows WHERE username = 'manager' AND kind = 'tag'"
                                     " AND target = 'flooding'"), ==, 1);
  g_assert_false (civic_local_set_follow (f->store, "planet", "mars", "manager", TRUE, &error));
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
  g_clear_error (&error);

  /* exactly one entry each, surviving a restart, in order */
  g_clear_object (&f->store);
  f->store = civic_store_open (f->path, NULL);
  items = outbox (f);
  g_assert_cmpuint (items->len, ==, 4);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->method, ==, "POST");
  g_assert_cmpstr (item->path, ==, "/api/v1/posts");
  assert_json (item->body, "{\"body\":\"Crews out on #flooding tonight\"}");
  item = g_ptr_array_index (items, 2);
  g_assert_cmpstr (item->method, ==, "PUT");
  g_assert_cmpstr (item->path, ==, like_path);
  g_assert_null (item->body);
  item = g_ptr_array_index (items, 3);
  g_assert_cmpstr (item->method, ==, "PUT");
  g_assert_cmpstr (item->path, ==, "/api/v1/follows/tag/flooding");

  /* every one of them is what the server expects */
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(JsonNode) a = NULL;

      item = g_ptr_array_index (items, i);
      a = push (f, item, &status);
      if (status != 200 && status != 201)
        g_error ("%s %s: %u %s", item->method, item->path, status, civic_test_last_body ());
      g_assert_true (civic_local_push_done (f->store, item->id, a, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM posts WHERE id < 0"), ==, 0);
  server_id = raw_int (f->path, "SELECT id FROM posts WHERE body = 'Crews out on #flooding tonight'");
  g_assert_cmpint (server_id, >, 0);
  pull (f->store);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM posts WHERE body = 'Crews out on #flooding tonight'"), ==, 1);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM likes WHERE username = 'manager'"), >=, 1);

  /* a refused like flips back */
  g_clear_pointer (&items, g_ptr_array_unref);
  g_assert_true (civic_local_set_like (f->store, some_post, "manager", FALSE, &error));
  items = outbox (f);
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->method, ==, "DELETE");
  g_assert_true (civic_local_push_rejected (f->store, item->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM outbox"), ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM likes WHERE username = 'manager' AND post_id = %"
                                            G_GINT64_FORMAT, some_post);

    g_assert_cmpint (raw_int (f->path, sql), ==, 1);
  }
}

/* Another desk changed the case first: a 409, merged field by field. */
static void
test_conflict_push (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CivicCase) before = some_case (f, 6);
  g_autofree char *id = g_strdup (civic_case_get_service_request_id (before));
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s", id);
  g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, civic_case_get_version (before));
  g_autofree char *key = g_uuid_string_random ();
  CivicCaseChange change = {
    .fields = CIVIC_CASE_FIELD_PRIORITY | CIVIC_CASE_FIELD_DESCRIPTION,
    .priority = 2, .description = "Hole is now two metres wide",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) civic_conflict_free);
  g_autoptr(JsonNode) other = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(CivicCase) after = NULL;
  g_autoptr(GPtrArray) events = NULL;
  CivicOutboxItem *item;
  guint status = 0;
  gboolean found = FALSE;
  gint64 first_id;
  g_autofree char *first_key = NULL;

  g_assert_true (civic_local_update_case (f->store, id, &change, "manager", &error));
  g_assert_no_error (error);

  /* the other desk sets the priority first */
  other = civic_test_request (server, "PATCH", path, token, "{\"priority\":\"urgent\"}", NULL, &status,
                              "If-Match", version, "Idempotency-Key", key, NULL);
  g_assert_cmpuint (status, ==, 200);

  items = outbox (f);
  item = g_ptr_array_index (items, 0);
  answer = push (f, item, &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_true (civic_local_push_conflict (f->store, item->id,
                                            json_object_get_object_member (json_node_get_object (answer), "case"),
                                            "manager", conflicts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((CivicConflict *) g_ptr_array_index (conflicts, 0))->field, ==, "priority");
  g_assert_cmpstr (((CivicConflict *) g_ptr_array_index (conflicts, 0))->local_value, ==, "\"low\"");
  g_assert_cmpstr (((CivicConflict *) g_ptr_array_index (conflicts, 0))->server_value, ==, "\"urgent\"");

  /* the replica: the server's priority, the desk's description */
  after = civic_store_get_case (f->store, id, NULL);
  g_assert_cmpint (civic_case_get_priority (after), ==, 5);
  g_assert_cmpstr (civic_case_get_description (after), ==, "Hole is now two metres wide");
  events = civic_store_list_events (f->store, id, NULL);
  for (guint i = 0; i < events->len; i++)
    {
      CivicCaseEvent *e = g_ptr_array_index (events, i);

      if (civic_case_event_get_kind (e) == CIVIC_CASE_EVENT_CONFLICT)
        {
          found = TRUE;
          g_assert_nonnull (strstr (civic_case_event_get_body (e), "priority"));
          g_assert_nonnull (strstr (civic_case_event_get_body (e), "“low”"));
          g_assert_nonnull (strstr (civic_case_event_get_body (e), "“urgent”"));
        }
    }
  g_assert_true (found);

  /* the entry was rewritten in place: the description only, new version, new key */
  first_id = item->id;
  first_key = g_strdup (item->idempotency_key);
  g_clear_pointer (&items, g_ptr_array_unref);
  g_clear_pointer (&answer, json_node_unref);
  items = outbox (f);
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpint (item->id, ==, first_id);
  g_assert_cmpstr (item->idempotency_key, !=, first_key);
  assert_json (item->body, "{\"description\":\"Hole is now two metres wide\"}");
  answer = push (f, item, &status);
  if (status != 200)
    g_error ("PATCH after merge: %u %s", status, civic_test_last_body ());
  g_assert_true (civic_local_push_done (f->store, item->id, answer, &error));
  pull (f->store);
  g_clear_object (&after);
  after = civic_store_get_case (f->store, id, NULL);
  g_assert_cmpint (civic_case_get_priority (after), ==, 5);
  g_assert_cmpstr (civic_case_get_description (after), ==, "Hole is now two metres wide");
}

/* A pull while an edit waits: the server's news, the desk's edit on top. */
static void
test_pull_keeps_local_edit (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(CivicCase) before = some_case (f, 8);
  g_autofree char *id = g_strdup (civic_case_get_service_request_id (before));
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s", id);
  g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, civic_case_get_version (before));
  g_autofree char *key = g_uuid_string_random ();
  CivicCaseChange change = { .fields = CIVIC_CASE_FIELD_PRIORITY, .priority = 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) other = NULL;
  g_autoptr(CivicCase) after = NULL;
  guint status = 0;

  g_assert_true (civic_local_update_case (f->store, id, &change, "manager", &error));
  other = civic_test_request (server, "PATCH", path, token, "{\"status_notes\":\"Crew booked\"}", NULL, &status,
                              "If-Match", version, "Idempotency-Key", key, NULL);
  g_assert_cmpuint (status, ==, 200);
  pull (f->store);
  after = civic_store_get_case (f->store, id, NULL);
  g_assert_cmpstr (civic_case_get_status_notes (after), ==, "Crew booked");
  g_assert_cmpint (civic_case_get_priority (after), ==, 2);
  g_assert_cmpint (civic_case_get_version (after), ==, civic_case_get_version (before) + 1);
}

/* A refused case edit gives back the values it replaced. */
static void
test_rejected_update (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CivicCase) before = some_case (f, 7);
  const char *id = civic_case_get_service_request_id (before);
  CivicCaseChange change = { .fields = CIVIC_CASE_FIELD_ASSIGNEE, .assignee = "nobody-by-that-name" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(CivicCase) after = NULL;

  g_assert_true (civic_local_update_case (f->store, id, &change, "manager", &error));
  items = outbox (f);
  g_assert_true (civic_local_push_rejected (f->store, ((CivicOutboxItem *) g_ptr_array_index (items, 0))->id, &error));
  g_assert_no_error (error);
  after = civic_store_get_case (f->store, id, NULL);
  g_assert_cmpstr (civic_case_get_assignee (after), ==, civic_case_get_assignee (before));
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM outbox"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GSubprocess) seed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);

  dir = civic_test_mkdtemp ();
  server_db = g_build_filename (dir, "city.db", NULL);
  seed = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           g_getenv ("CIVIC_SERVER_BIN"), "seed-demo", "--db", server_db,
                           "--cases", "200", "--data", g_getenv ("CIVIC_FIXTURES"), NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (seed, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (seed) != 0)
    g_error ("seed-demo failed: %s", err);
  server = civic_test_server_start (server_db, NULL);
  /* a manager may edit every case */
  token = civic_test_login (server, "manager", "civicdesk-demo");

  g_test_add ("/local-write/update-case", Fixture, NULL, fixture_set_up, test_update_case, fixture_tear_down);
  g_test_add ("/local-write/close-needs-note", Fixture, NULL, fixture_set_up, test_close_needs_note, fixture_tear_down);
  g_test_add ("/local-write/note", Fixture, NULL, fixture_set_up, test_note, fixture_tear_down);
  g_test_add ("/local-write/post-like-follow", Fixture, NULL, fixture_set_up, test_post_like_follow, fixture_tear_down);
  g_test_add ("/local-write/conflict", Fixture, NULL, fixture_set_up, test_conflict_push, fixture_tear_down);
  g_test_add ("/local-write/pull-keeps-local-edit", Fixture, NULL, fixture_set_up, test_pull_keeps_local_edit,
              fixture_tear_down);
  g_test_add ("/local-write/rejected-update", Fixture, NULL, fixture_set_up, test_rejected_update, fixture_tear_down);

  rc = g_test_run ();

  civic_test_server_stop (server);
  civic_test_rm_rf (dir);
  g_free (token);
  g_free (server_db);
  g_free (dir);
  return rc;
}
