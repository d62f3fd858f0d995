/* test-store.c: the local store keeps what it is given, refuses what it
 * cannot read in words a clerk understands, and its queue filters return
 * exactly the rows they should.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "civic-error.h"
#include "civic-store.h"
#include "civic-store-private.h"
#include "civic-synth.h"
#include "civic-test-util.h"

/* ---- helpers --------------------------------------------------------- */

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = civic_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "store.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  civic_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static char *
raw_text (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* FTS5's own check that the search index matches the cases table */
static void
assert_search_index_intact (const char *path)
{
  raw_exec (path, "INSERT INTO cases_fts (cases_fts, rank) VALUES ('integrity-check', 1)");
}

static CivicCase *
make_case (const char *tracking,
           const char *service_code,
           const char *description)
{
  CivicCase *c = civic_case_new ();

  civic_case_set_service_request_id (c, tracking);
  civic_case_set_service_code (c, service_code);
  civic_case_set_service_name (c, service_code);
  civic_case_set_description (c, description);
  civic_case_set_requested_datetime (c, 1770000000);
  civic_case_set_department (c, "DOT");
  return c;
}

/* ---- migration and version checks ------------------------------------ */

/* The version 1 layout exactly as it shipped */
static const char v1_sql[] =
  "CREATE TABLE cases ("
  "  id INTEGER PRIMARY KEY,"
  "  service_request_id TEXT NOT NULL UNIQUE,"
  "  state INTEGER NOT NULL DEFAULT 0,"
  "  status_notes TEXT, service_code TEXT, service_name TEXT,"
  "  description TEXT, agency_responsible TEXT, service_notice TEXT,"
  "  requested INTEGER, updated INTEGER, expected INTEGER, closed INTEGER,"
  "  address TEXT, address_id TEXT, zipcode TEXT, lat REAL, lon REAL,"
  "  media_url TEXT, department TEXT, assignee TEXT,"
  "  priority INTEGER NOT NULL DEFAULT 3, channel INTEGER NOT NULL DEFAULT 0,"
  "  reporter_name TEXT, reporter_email TEXT, reporter_phone TEXT,"
  "  tags TEXT, duplicate_of TEXT, version INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE case_events ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id TEXT NOT NULL REFERENCES cases (service_request_id)"
  "    ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,"
  "  kind TEXT NOT NULL, author TEXT, body TEXT, created INTEGER NOT NULL,"
  "  old_value TEXT, new_value TEXT);"
  "CREATE INDEX case_events_case ON case_events (case_id, id);"
  "CREATE TABLE services ("
  "  code TEXT PRIMARY KEY, name TEXT, description TEXT, grp TEXT,"
  "  keywords TEXT, metadata INTEGER NOT NULL DEFAULT 0, type TEXT,"
  "  department TEXT, sla_hours INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE departments (id TEXT PRIMARY KEY, name TEXT);"
  "CREATE TABLE users ("
  "  username TEXT PRIMARY KEY, display_name TEXT, department TEXT, role TEXT);"
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  method TEXT NOT NULL, path TEXT NOT NULL, body TEXT,"
  "  created INTEGER NOT NULL);"
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
  "PRAGMA application_id = 1128879684;"
  "PRAGMA user_version = 1;"
  "INSERT INTO cases (service_request_id, state, service_code, service_name,"
  "  description, department, assignee, channel, tags, requested, expected)"
  "  VALUES ('311-2025-000001', 2, 'pothole', 'Pothole',"
  "  'Deep pothole outside the library', 'DOT', 'mdiaz', 1, 'heat\nrepeat',"
  "  1760000000, 1760086400);"
  "INSERT INTO cases (service_request_id, state, service_code, description, department)"
  "  VALUES ('311-2025-000002', 4, 'graffiti', 'Graffiti on the bridge', 'DSNY');"
  "INSERT INTO case_events (case_id, kind, author, body, created)"
  "  VALUES ('311-2025-000001', 'internal_note', 'mdiaz', 'Crew sent', 1760001000);"
  "INSERT INTO outbox (idempotency_key, method, path, body, created)"
  "  VALUES ('6f1c1b9e-7f43-4a55-9a53-0c3e0b9a1d11', 'PATCH',"
  "  '/api/v1/cases/311-2025-000001', '{}', 1760001000);"
  "INSERT INTO meta (key, value) VALUES ('sync_cursor', '4242');";

static void
test_migrate_from_v1 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = NULL;
  g_autoptr(CivicCase) kase = NULL;
  g_autoptr(CivicCaseFilter) filter = civic_case_filter_new ();
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *cursor = NULL;
  const char * const *tags;

  raw_exec (f->path, v1_sql);

  store = civic_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  /* the data kept … */
  kase = civic_store_get_case (store, "311-2025-000001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (civic_case_get_description (kase), ==, "Deep pothole outside the library");
  g_assert_cmpint (civic_case_get_state (kase), ==, CIVIC_CASE_STATE_IN_PROGRESS);
  g_assert_cmpint (civic_case_get_channel (kase), ==, CIVIC_CHANNEL_WEB);
  tags = civic_case_get_tags (kase);
  g_assert_nonnull (tags);
  g_assert_cmpstr (tags[0], ==, "heat");
  g_assert_cmpstr (tags[1], ==, "repeat");

  events = civic_store_list_events (store, "311-2025-000001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (civic_case_event_get_kind (g_ptr_array_index (events, 0)), ==,
                   CIVIC_CASE_EVENT_INTERNAL_NOTE);

  outbox = civic_store_outbox_peek (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);

  cursor = civic_store_get_meta (store, "sync_cursor", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "4242");

  /* … and what version 2 adds was built from it */
  filter->text = g_strdup ("pothole");
  g_assert_cmpint (civic_store_count_cases (store, filter, &error), ==, 1);
  g_assert_no_error (error);
  g_clear_pointer (&filter->text, g_free);
  filter->tag = g_strdup ("repeat");
  g_assert_cmpint (civic_store_count_cases (store, filter, &error), ==, 1);
  ids = civic_store_query_case_ids (store, filter, NULL, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, civic_case_get_id (kase));
  g_clear_pointer (&filter->tag, g_free);
  filter->department = g_strdup ("DSNY");
  g_assert_cmpint (civic_store_count_cases (store, filter, &error), ==, 1);
  g_assert_no_error (error);

  g_clear_object (&store);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, CIVIC_STORE_SCHEMA_VERSION);

  /* a version 3 store made before the channel index existed gets it (v4;
   * the later steps are safe to run again) */
  raw_exec (f->path, "DROP INDEX cases_channel; PRAGMA user_version = 3;");
  store = civic_store_open (f->path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, CIVIC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                     "AND name = 'cases_channel'"), ==, 1);
}

static void
test_too_new (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  gsize before_len, after_len;

  raw_exec (f->path, "CREATE TABLE future (x); INSERT INTO future VALUES (1);"
                     "PRAGMA user_version = 99;");
  g_assert_true (g_file_get_contents (f->path, &before, &before_len, NULL));

  store = civic_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_TOO_NEW);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "newer version"));

  g_assert_true (g_file_get_contents (f->path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* ---- damaged, missing, read-only ------------------------------------- */

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (311);
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = NULL;
  guint8 junk[65536];

  for (gsize i = 0; i < sizeof junk; i++)
    junk[i] = g_rand_int (rand) & 0xff;
  g_assert_true (g_file_set_contents (f->path, (const char *) junk, sizeof junk, NULL));

  store = civic_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_CORRUPT);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_test_message ("corrupt: %s", error->message);
  g_clear_error (&error);

  /* a real header over damaged pages: SQLite itself must notice */
  memcpy (junk, "SQLite format 3", 16);
  junk[16] = 0x10, junk[17] = 0x00;             /* page size 4096 */
  g_assert_true (g_file_set_contents (f->path, (const char *) junk, sizeof junk, NULL));
  store = civic_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_CORRUPT);
}

static void
test_missing_folder (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "no-such-folder", "store.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = NULL;

  store = civic_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_MISSING);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "does not exist"));
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = NULL;
  g_autoptr(CivicCase) kase = make_case ("311-2026-000001", "pothole", "Deep pothole");
  g_autoptr(CivicCase) other = make_case ("311-2026-000002", "pothole", "Another");
  g_autoptr(CivicCase) back = NULL;

  store = civic_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (civic_store_put_case (store, kase, &error));
  g_clear_object (&store);

  store = civic_store_open_full (f->path, CIVIC_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  back = civic_store_get_case (store, "311-2026-000001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (civic_case_get_description (back), ==, "Deep pothole");

  g_assert_false (civic_store_put_case (store, other, &error));
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_READ_ONLY);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_clear_error (&error);
  g_assert_cmpint (civic_store_outbox_enqueue (store, "POST", "/x", NULL, &error), ==, 0);
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_READ_ONLY);
  g_clear_error (&error);
  g_clear_object (&store);

  /* a write-protected file, as a user without root meets it */
  if (geteuid () == 0)
    {
      g_test_message ("running as root: file permissions do not stop root, "
                      "so only the read-only open flag is checked");
      return;
    }
  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);
  store = civic_store_open (f->path, &error);
  g_chmod (f->dir, 0755);
  g_assert_null (store);
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_READ_ONLY);
}

static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) holder = civic_store_open (f->path, &error);
  g_autoptr(CivicStore) other = NULL;
  g_autoptr(CivicCase) mine = make_case ("311-2026-000401", "pothole", "Mine");
  g_autoptr(CivicCase) theirs = make_case ("311-2026-000402", "pothole", "Theirs");

  g_assert_no_error (error);
  other = civic_store_open (f->path, &error);
  g_assert_no_error (error);
  civic_store_set_busy_timeout (other, 50);

  /* another program in the middle of a write */
  g_assert_true (civic_store_begin (holder, &error));
  g_assert_true (civic_store_put_case (holder, mine, &error));

  g_assert_false (civic_store_put_case (other, theirs, &error));
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_LOCKED);
  g_assert_nonnull (strstr (error->message, f->path));
  g_test_message ("locked: %s", error->message);
  g_clear_error (&error);

  /* readers are not blocked by a writer (WAL), and the write goes
   * through once the other one is done */
  g_assert_cmpint (civic_store_count_cases (other, NULL, &error), ==, 0);
  g_assert_true (civic_store_commit (holder, &error));
  g_assert_true (civic_store_put_case (other, theirs, &error));
  g_assert_cmpint (civic_store_count_cases (other, NULL, &error), ==, 2);
  g_assert_no_error (error);
}

/* A full disk cannot be made on demand in a test; the mapping of
 * SQLite's result codes to what the clerk reads is checked directly. */
static void
test_error_words (void)
{
  static const struct { int rc; CivicErrorCode code; const char *words; } cases[] = {
    { SQLITE_FULL, CIVIC_ERROR_STORE_FULL, "full" },
    { SQLITE_IOERR_WRITE, CIVIC_ERROR_FAILED, "failed" },
    { SQLITE_BUSY, CIVIC_ERROR_STORE_LOCKED, "another program" },
    { SQLITE_READONLY, CIVIC_ERROR_STORE_READ_ONLY, "read-only" },
    { SQLITE_CORRUPT, CIVIC_ERROR_STORE_CORRUPT, "damaged" },
    { SQLITE_NOTADB, CIVIC_ERROR_STORE_CORRUPT, "damaged" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      civic_store_path_error ("/home/clerk/desk.db", cases[i].rc, NULL, &error);
      g_assert_error (error, CIVIC_ERROR, (int) cases[i].code);
      g_assert_nonnull (strstr (error->message, "/home/clerk/desk.db"));
      g_assert_nonnull (strstr (error->message, cases[i].words));
    }
}

/* ---- crash safety ---------------------------------------------------- */

/* Child mode: writes cases one transaction each, each with its outbox
 * entry, and says so after each commit, until killed. */
static int
run_writer (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = civic_store_open (path, &error);

  if (store == NULL)
    {
      g_printerr ("writer: %s\n", error->message);
      return 1;
    }

  for (guint i = 1; ; i++)
    {
      g_autofree char *tracking = g_strdup_printf ("311-2026-%06u", i);
      g_autofree char *description = g_strdup_printf ("Case number %u %s", i,
                                                      "with a long enough description to fill pages");
      g_autoptr(CivicCase) kase = make_case (tracking, "pothole", description);
      g_autoptr(GPtrArray) tags = g_ptr_array_new ();

      g_ptr_array_add (tags, (gpointer) (i % 2 ? "heat" : "rats"));
      g_ptr_array_add (tags, NULL);
      civic_case_set_tags (kase, (const char * const *) tags->pdata);
      if (!civic_store_update_case_and_enqueue (store, kase, "POST", "/api/v1/cases",
                                                "{}", NULL, &error))
        {
          g_printerr ("writer: %s\n", error->message);
          return 1;
        }
      g_print ("committed %u\n", i);
      fflush (stdout);
    }

  return 0;
}

static void
test_kill_writer (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(CivicStore) store = NULL;
  g_autoptr(CivicCaseFilter) filter = civic_case_filter_new ();
  g_autoptr(GPtrArray) outbox = NULL;
  /* this very binary, in its writer mode */
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *integrity = NULL;
  guint committed = 0;
  char *line;

  writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             self, "--writer", f->path, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (writer));

  while (committed < 300 &&
         (line = g_data_input_stream_read_line (lines, NULL, NULL, &error)) != NULL)
    {
      committed = (guint) g_ascii_strtoull (line + strlen ("committed "), NULL, 10);
      g_free (line);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (committed, ==, 300);

  /* mid-write, no chance to clean up */
  g_subprocess_send_signal (writer, SIGKILL);
  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, NULL)) != NULL)
    {
      committed = (guint) g_ascii_strtoull (line + strlen ("committed "), NULL, 10);
      g_free (line);
    }
  g_subprocess_wait (writer, NULL, NULL);
  g_assert_false (g_subprocess_get_if_exited (writer));
  g_test_message ("writer killed after %u commits", committed);

  store = civic_store_open (f->path, &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= committed; i++)
    {
      g_autofree char *tracking = g_strdup_printf ("311-2026-%06u", i);
      g_autoptr(CivicCase) kase = civic_store_get_case (store, tracking, &error);

      g_assert_no_error (error);
      g_assert_nonnull (kase);
    }

  /* the case and its outbox entry landed together, or neither did */
  outbox = civic_store_outbox_peek (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (civic_store_count_cases (store, NULL, &error), ==, outbox->len);
  g_assert_cmpuint (outbox->len, >=, committed);
  /* and the maintained counts agree with the rows */
  filter->tag = g_strdup ("heat");
  g_assert_cmpint (civic_store_count_cases (store, filter, &error), ==, (outbox->len + 1) / 2);
  g_clear_object (&store);

  integrity = raw_text (f->path, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  assert_search_index_intact (f->path);
}

/* ---- search and outbox ----------------------------------------------- */

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = civic_store_open (f->path, &error);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CivicCaseFilter) filter = civic_case_filter_new ();
  g_autoptr(CivicPost) post = civic_post_new ();
  g_autoptr(GArray) ids = NULL;
  CivicCase *graffiti;

  g_assert_no_error (error);
  g_ptr_array_add (cases, make_case ("311-2026-000101", "pothole", "Deep pothole on Elm Street"));
  g_ptr_array_add (cases, make_case ("311-2026-000102", "graffiti", "Graffiti on the café wall"));
  g_ptr_array_add (cases, make_case ("311-2026-000103", "noise", "Loud music after midnight"));
  civic_case_set_address (g_ptr_array_index (cases, 2), "12 Elm Street");
  g_assert_true (civic_store_put_cases (store, cases, &error));
  g_assert_no_error (error);
  graffiti = g_ptr_array_index (cases, 1);

  filter->text = g_strdup ("graffiti");
  ids = civic_store_query_case_ids (store, filter, NULL, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, civic_case_get_id (graffiti));
  g_clear_pointer (&ids, g_array_unref);

  /* accents folded, words in any column, all words needed */
  g_free (filter->text);
  filter->text = g_strdup ("CAFE wall");
  g_assert_cmpint (civic_store_count_cases (store, filter, &error), ==, 1);
  g_free (filter->text);
  filter->text = g_strdup ("elm");
  g_assert_cmpint (civic_store_count_cases (store, filter, &error), ==, 2);
  g_free (filter->text);
  filter->text = g_strdup ("elm music");
  g_assert_cmpint (civic_store_count_cases (store, filter, &error), ==, 1);
  /* a tracking number, and text that is FTS syntax must not break */
  g_free (filter->text);
  filter->text = g_strdup ("311-2026-000102");
  ids = civic_store_query_case_ids (store, filter, NULL, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, civic_case_get_id (graffiti));
  g_clear_pointer (&ids, g_array_unref);
  g_free (filter->text);
  filter->text = g_strdup ("\"elm\" OR * NEAR(");
  g_assert_cmpint (civic_store_count_cases (store, filter, &error), ==, 0);
  g_assert_no_error (error);

  /* an edit reaches the index */
  civic_case_set_description (graffiti, "Paint on the wall");
  g_assert_true (civic_store_put_case (store, graffiti, &error));
  g_free (filter->text);
  filter->text = g_strdup ("graffiti");
  g_assert_cmpint (civic_store_count_cases (store, filter, &error), ==, 1);  /* service name */
  g_free (filter->text);
  filter->text = g_strdup ("paint");
  g_assert_cmpint (civic_store_count_cases (store, filter, &error), ==, 1);

  civic_post_set_id (post, 7);
  civic_post_set_author (post, "mdiaz");
  civic_post_set_body (post, "Water main break on #Elm, crews on site");
  civic_post_set_created (post, 1770000000);
  g_ptr_array_add (posts, g_object_ref (post));
  g_assert_true (civic_store_put_posts (store, posts, &error));
  ids = civic_store_search_posts (store, "water crews", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 7);
}

static void
test_outbox (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = civic_store_open (f->path, &error);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(CivicCase) kase = make_case ("311-2026-000201", "pothole", "Pothole");
  gint64 ids[5];

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/cases/%u", i);

      ids[i] = civic_store_outbox_enqueue (store, "PATCH", path, "{\"state\":\"closed\"}", &error);
      g_assert_no_error (error);
      g_assert_cmpint (ids[i], >, 0);
    }
  g_assert_true (civic_store_outbox_remove (store, ids[1], &error));

  /* a change and its entry in one transaction, or neither */
  g_assert_true (civic_store_begin (store, &error));
  g_assert_true (civic_store_put_case (store, kase, &error));
  g_assert_cmpint (civic_store_outbox_enqueue (store, "POST", "/api/v1/cases", "{}", &error), >, 0);
  civic_store_rollback (store);
  g_clear_object (&store);

  store = civic_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_null (civic_store_get_case (store, "311-2026-000201", &error));
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  items = civic_store_outbox_peek (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 4);
  for (guint i = 0, expected = 0; i < items->len; i++, expected++)
    {
      CivicOutboxItem *item = g_ptr_array_index (items, i);
      g_autofree char *path = NULL;

      if (expected == 1)
        expected++;
      path = g_strdup_printf ("/api/v1/cases/%u", expected);
      g_assert_cmpint (item->id, ==, ids[expected]);
      g_assert_cmpstr (item->path, ==, path);
      g_assert_cmpstr (item->method, ==, "PATCH");
      g_assert_true (g_uuid_string_is_valid (item->idempotency_key));
      if (i > 0)
        g_assert_cmpstr (item->idempotency_key, !=,
                         ((CivicOutboxItem *) g_ptr_array_index (items, i - 1))->idempotency_key);
    }
  g_clear_pointer (&items, g_ptr_array_unref);

  items = civic_store_outbox_peek (store, 2, &error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpint (((CivicOutboxItem *) g_ptr_array_index (items, 0))->id, ==, ids[0]);
}

static void
test_events_and_catalogue (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = civic_store_open (f->path, &error);
  g_autoptr(CivicSynth) synth = civic_synth_new (7, NULL);
  g_autoptr(GPtrArray) services = civic_synth_get_services (synth);
  g_autoptr(GPtrArray) departments = civic_synth_get_departments (synth);
  g_autoptr(GPtrArray) users = civic_synth_get_users (synth);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(CivicCase) kase = make_case ("311-2026-000301", "pothole", "Pothole");

  g_assert_no_error (error);
  g_assert_true (civic_store_put_services (store, services, &error));
  g_assert_true (civic_store_put_departments (store, departments, &error));
  g_assert_true (civic_store_put_users (store, users, &error));
  g_assert_true (civic_store_put_case (store, kase, &error));
  g_assert_no_error (error);

  listed = civic_store_list_services (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, services->len);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = civic_store_list_departments (store, &error);
  g_assert_cmpuint (listed->len, ==, departments->len);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(CivicCaseEvent) event = civic_case_event_new ();

      civic_case_event_set_case_id (event, "311-2026-000301");
      civic_case_event_set_kind (event, i == 0 ? CIVIC_CASE_EVENT_CREATED : CIVIC_CASE_EVENT_PUBLIC_NOTE);
      civic_case_event_set_author (event, "mdiaz");
      civic_case_event_set_body (event, i == 2 ? "Crew on the way" : NULL);
      civic_case_event_set_created (event, 1770000000 + i);
      g_assert_true (civic_store_append_event (store, event, &error));
      g_assert_cmpint (civic_case_event_get_id (event), >, 0);
    }
  events = civic_store_list_events (store, "311-2026-000301", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpint (civic_case_event_get_kind (g_ptr_array_index (events, 0)), ==, CIVIC_CASE_EVENT_CREATED);
  g_assert_cmpstr (civic_case_event_get_body (g_ptr_array_index (events, 2)), ==, "Crew on the way");
}

/* ---- the queue's filters against brute force ------------------------- */

static gboolean
has_token (const char *text,
           const char *word)
{
  g_autofree char *lower = NULL;
  g_auto(GStrv) tokens = NULL;

  if (text == NULL)
    return FALSE;
  lower = g_ascii_strdown (text, -1);
  for (char *p = lower; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      *p = ' ';
  tokens = g_strsplit (lower, " ", -1);
  return g_strv_contains ((const char * const *) tokens, word);
}

static gboolean
brute_match (CivicCase             *c,
             const CivicCaseFilter *f)
{
  CivicCaseState state = civic_case_get_state (c);
  gint64 requested = civic_case_get_requested_datetime (c);

  if (f->states != 0 && (f->states & CIVIC_CASE_STATE_BIT (state)) == 0)
    return FALSE;
  if (f->channels != 0 && (f->channels & CIVIC_CHANNEL_BIT (civic_case_get_channel (c))) == 0)
    return FALSE;
  if (f->department != NULL && g_strcmp0 (f->department, civic_case_get_department (c)) != 0)
    return FALSE;
  if (f->service_code != NULL && g_strcmp0 (f->service_code, civic_case_get_service_code (c)) != 0)
    return FALSE;
  if (f->assignee != NULL && g_strcmp0 (f->assignee, civic_case_get_assignee (c)) != 0)
    return FALSE;
  if (f->tag != NULL && (civic_case_get_tags (c) == NULL ||
                         !g_strv_contains (civic_case_get_tags (c), f->tag)))
    return FALSE;
  if (f->overdue_only && (state == CIVIC_CASE_STATE_CLOSED ||
                          civic_case_get_expected_datetime (c) == 0 ||
                          civic_case_get_expected_datetime (c) >= f->now))
    return FALSE;
  if (f->requested_from != 0 && (requested == 0 || requested < f->requested_from))
    return FALSE;
  if (f->requested_to != 0 && (requested == 0 || requested >= f->requested_to))
    return FALSE;
  if (f->text != NULL)
    {
      g_auto(GStrv) words = g_strsplit (f->text, " ", -1);

      for (guint i = 0; words[i] != NULL; i++)
        {
          g_autofree char *word = g_ascii_strdown (words[i], -1);

          if (!has_token (civic_case_get_service_request_id (c), word) &&
              !has_token (civic_case_get_service_name (c), word) &&
              !has_token (civic_case_get_description (c), word) &&
              !has_token (civic_case_get_address (c), word))
            return FALSE;
        }
    }
  return TRUE;
}

static void
check_filter (CivicStore            *store,
              GPtrArray             *cases,
              const CivicCaseFilter *filter,
              const char            *what)
{
  static const CivicCaseSort by_priority = { CIVIC_CASE_SORT_PRIORITY, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) page = NULL;
  g_autoptr(GArray) sorted = NULL;
  gint64 count;

  /* newest arrival first */
  for (guint i = cases->len; i-- > 0;)
    {
      CivicCase *c = g_ptr_array_index (cases, i);

      if (brute_match (c, filter))
        {
          gint64 id = civic_case_get_id (c);

          g_array_append_val (expected, id);
        }
    }

  count = civic_store_count_cases (store, filter, &error);
  g_assert_no_error (error);
  if (count != (gint64) expected->len)
    g_error ("%s: counted %" G_GINT64_FORMAT ", expected %u", what, count, expected->len);

  all = civic_store_query_case_ids (store, filter, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (all->data, all->len * sizeof (gint64), expected->data, expected->len * sizeof (gint64));

  page = civic_store_query_case_ids (store, filter, NULL, 5, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, CLAMP ((gint) expected->len - 5, 0, 10));
  if (page->len > 0)
    g_assert_cmpmem (page->data, page->len * sizeof (gint64),
                     &g_array_index (expected, gint64, 5), page->len * sizeof (gint64));

  /* another order returns the same rows */
  sorted = civic_store_query_case_ids (store, filter, &by_priority, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sorted->len, ==, expected->len);
  g_test_message ("%s: %u rows", what, expected->len);
}

static void
check_all_filters (CivicStore *store,
                   GPtrArray  *cases,
                   gint64      now,
                   const char *label)
{
  const guint state_sets[] = {
    0, CIVIC_CASE_STATES_OPEN, CIVIC_CASE_STATE_BIT (CIVIC_CASE_STATE_CLOSED),
    CIVIC_CASE_STATE_BIT (CIVIC_CASE_STATE_WAITING) | CIVIC_CASE_STATE_BIT (CIVIC_CASE_STATE_NEW),
  };
  CivicCase *sample = g_ptr_array_index (cases, cases->len / 3);
  CivicCase *assigned = NULL;

  for (guint i = 0; i < cases->len && assigned == NULL; i++)
    if (civic_case_get_assignee (g_ptr_array_index (cases, i)) != NULL)
      assigned = g_ptr_array_index (cases, i);
  g_assert_nonnull (assigned);

  for (guint s = 0; s < G_N_ELEMENTS (state_sets); s++)
    {
      g_autoptr(CivicCaseFilter) f = civic_case_filter_new ();
      g_autofree char *what = NULL;

      f->now = now;
      f->states = state_sets[s];
#define CHECK(name) \
      what = g_strdup_printf ("%s/states %x/%s", label, f->states, name); \
      check_filter (store, cases, f, what); \
      g_clear_pointer (&what, g_free)

      CHECK ("states");
      f->department = g_strdup (civic_case_get_department (sample));
      CHECK ("department");
      f->channels = CIVIC_CHANNEL_BIT (CIVIC_CHANNEL_WEB) | CIVIC_CHANNEL_BIT (CIVIC_CHANNEL_SOCIAL);
      CHECK ("department+channel");
      g_clear_pointer (&f->department, g_free);
      CHECK ("channel");
      f->channels = 0;
      f->service_code = g_strdup (civic_case_get_service_code (sample));
      CHECK ("service");
      g_clear_pointer (&f->service_code, g_free);
      f->assignee = g_strdup (civic_case_get_assignee (assigned));
      CHECK ("assignee");
      g_clear_pointer (&f->assignee, g_free);
      f->assignee = g_strdup ("nobody.here");
      CHECK ("unknown assignee");
      g_clear_pointer (&f->assignee, g_free);
      f->overdue_only = TRUE;
      CHECK ("overdue");
      f->tag = g_strdup ("rats");
      CHECK ("overdue+tag");
      f->overdue_only = FALSE;
      CHECK ("tag");
      f->text = g_strdup ("noise");
      CHECK ("tag+text");
      g_clear_pointer (&f->tag, g_free);
      CHECK ("text");
      g_clear_pointer (&f->text, g_free);
      f->text = g_strdup ("loud music");
      CHECK ("two words");
      g_clear_pointer (&f->text, g_free);
      f->requested_from = now - 30 * 24 * 3600;
      f->requested_to = now - 20 * 24 * 3600;
      CHECK ("date range");
      f->department = g_strdup (civic_case_get_department (sample));
      CHECK ("date range+department");
#undef CHECK
    }
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  const gint64 now = 1772323200;   /* 2026-03-01 */
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicSynth) synth = civic_synth_new (42, g_getenv ("CIVIC_SHARED_DATA"));
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  g_autoptr(CivicStore) bulk = NULL;
  g_autoptr(CivicStore) plain = NULL;
  g_autofree char *plain_path = g_build_filename (f->dir, "plain.db", NULL);

  civic_synth_set_now (synth, now);
  civic_synth_set_n_cases (synth, 4000);
  civic_synth_fill (synth, cases, 4000);

  /* the same cases through both write paths: the bulk fill that builds
   * derived data at the end, and batches kept in step by triggers */
  bulk = civic_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (civic_store_bulk_begin (bulk, &error));
  first = g_ptr_array_new ();
  rest = g_ptr_array_new ();
  for (guint i = 0; i < cases->len; i++)
    g_ptr_array_add (i < 2000 ? first : rest, g_ptr_array_index (cases, i));
  g_assert_true (civic_store_bulk_put_cases (bulk, first, &error));
  g_assert_true (civic_store_bulk_put_cases (bulk, rest, &error));
  g_assert_true (civic_store_bulk_end (bulk, &error));
  g_assert_no_error (error);
  check_all_filters (bulk, cases, now, "bulk");

  plain = civic_store_open (plain_path, &error);
  g_assert_no_error (error);
  g_assert_true (civic_store_put_cases (plain, first, &error));
  g_assert_true (civic_store_put_cases (plain, rest, &error));
  g_assert_no_error (error);
  check_all_filters (plain, cases, now, "plain");

  /* edits move cases between filters: counts and indexes follow */
  for (guint i = 0; i < cases->len; i += 7)
    {
      CivicCase *c = g_ptr_array_index (cases, i);
      const char *tags[] = { "rats", "heat", NULL };

      civic_case_set_state (c, (civic_case_get_state (c) + 2) % (CIVIC_CASE_STATE_LAST + 1));
      civic_case_set_department (c, i % 2 ? "DSNY" : civic_case_get_department (c));
      civic_case_set_assignee (c, i % 3 ? NULL : "mdiaz.dot");
      civic_case_set_tags (c, i % 5 ? tags : NULL);
      civic_case_set_description (c, i % 11 ? civic_case_get_description (c) : "Loud music noise");
      g_assert_true (civic_store_put_case (plain, c, &error));
      g_assert_true (civic_store_put_case (bulk, c, &error));
    }
  check_all_filters (plain, cases, now, "plain edited");
  check_all_filters (bulk, cases, now, "bulk edited");

  g_clear_object (&plain);
  g_clear_object (&bulk);
  assert_search_index_intact (f->path);
  assert_search_index_intact (plain_path);
}

static void
test_bulk_interrupted (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicSynth) synth = civic_synth_new (5, NULL);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CivicStore) store = NULL;
  g_autoptr(CivicCaseFilter) filter = civic_case_filter_new ();
  g_autofree char *pending = NULL;

  civic_synth_set_n_cases (synth, 500);
  civic_synth_fill (synth, cases, 500);

  store = civic_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (civic_store_bulk_begin (store, &error));
  g_assert_true (civic_store_bulk_put_cases (store, cases, &error));

  /* a second connection while the fill runs leaves it alone */
  {
    g_autoptr(CivicStore) reader = civic_store_open (f->path, &error);
    g_autofree char *marker = NULL;

    g_assert_no_error (error);
    marker = civic_store_get_meta (reader, "bulk_pending", &error);
    g_assert_nonnull (marker);
  }

  /* gone before bulk_end: no counts, no search index yet */
  civic_store_close (store);
  g_clear_object (&store);

  store = civic_store_open (f->path, &error);
  g_assert_no_error (error);
  pending = civic_store_get_meta (store, "bulk_pending", &error);
  g_assert_null (pending);
  g_assert_cmpint (civic_store_count_cases (store, NULL, &error), ==, 500);
  filter->text = g_strdup (civic_case_get_service_request_id (g_ptr_array_index (cases, 17)));
  g_assert_cmpint (civic_store_count_cases (store, filter, &error), ==, 1);
  g_assert_no_error (error);
  g_clear_object (&store);
  assert_search_index_intact (f->path);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2]);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/migrate-from-v1", test_migrate_from_v1);
  ADD ("/store/too-new", test_too_new);
  ADD ("/store/corrupt", test_corrupt);
  ADD ("/store/missing-folder", test_missing_folder);
  ADD ("/store/read-only", test_read_only);
  ADD ("/store/locked", test_locked);
  ADD ("/store/kill-writer", test_kill_writer);
  ADD ("/store/search", test_search);
  ADD ("/store/outbox", test_outbox);
  ADD ("/store/events-and-catalogue", test_events_and_catalogue);
  ADD ("/store/filters", test_filters);
  ADD ("/store/bulk-interrupted", test_bulk_interrupted);
#undef ADD
  g_test_add_func ("/store/error-words", test_error_words);

  return g_test_run ();
}
