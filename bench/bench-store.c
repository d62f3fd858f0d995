/* bench-store.c: how fast the local store fills and answers the queue
 *
 * tools/bench store [--cases N] [--db PATH]
 *
 * stdout carries only `figure: NAME VALUE UNIT` lines; progress goes to
 * stderr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "civic-case-private.h"
#include "civic-store.h"
#include "civic-synth.h"

#define BATCH 10000
#define SEED  20260311
#define PAGE  100

static gint64 opt_cases = 100000;
static char *opt_db = NULL;

static const GOptionEntry entries[] = {
  { "cases", 0, 0, G_OPTION_ARG_INT64, &opt_cases, "Number of cases (default 100000)", "N" },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, "Database file (default: a temporary one)", "PATH" },
  { NULL }
};

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* CPU time of this process: shows on stderr next to the wall clock, so a
 * slow run on a busy machine can be told from a slow store */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static CivicSynth *
make_synth (gint64 now)
{
  CivicSynth *synth = civic_synth_new (SEED, g_getenv ("CIVIC_SHARED_DATA"));

  civic_synth_set_now (synth, now);
  civic_synth_set_n_cases (synth, (guint) opt_cases);
  return synth;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, values->len / 2);
}

/* Fills with the store's bulk API; only store calls are timed, the
 * generator's work is not the store's. */
static double
fill_store (CivicStore *store,
            gint64      now,
            double     *cpu_out)
{
  g_autoptr(CivicSynth) synth = make_synth (now);
  g_autoptr(GPtrArray) services = civic_synth_get_services (synth);
  g_autoptr(GPtrArray) departments = civic_synth_get_departments (synth);
  g_autoptr(GPtrArray) users = civic_synth_get_users (synth);
  g_autoptr(GError) error = NULL;
  double spent = 0, t0, cpu = 0, c0;
  guint open = 0, overdue = 0;

  g_printerr ("synth: %s\n", civic_synth_uses_sample (synth) ? "NYC sample CSV" : "built-in table");

  t0 = now_ms ();
  if (!civic_store_put_services (store, services, &error) ||
      !civic_store_put_departments (store, departments, &error) ||
      !civic_store_put_users (store, users, &error) ||
      !civic_store_bulk_begin (store, &error))
    g_error ("fill: %s", error->message);
  spent += now_ms () - t0;

  for (gint64 done = 0; done < opt_cases; done += BATCH)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      civic_synth_fill (synth, batch, (guint) MIN (BATCH, opt_cases - done));
      for (guint i = 0; i < batch->len; i++)
        {
          CivicCase *c = g_ptr_array_index (batch, i);

          if (c->state != CIVIC_CASE_STATE_CLOSED)
            {
              open++;
              overdue += c->expected_datetime < now;
            }
        }

      t0 = now_ms ();
      c0 = cpu_ms ();
      if (!civic_store_bulk_put_cases (store, batch, &error))
        g_error ("fill: %s", error->message);
      spent += now_ms () - t0;
      cpu += cpu_ms () - c0;

      if ((done / BATCH) % 20 == 0)
        g_printerr ("fill: %" G_GINT64_FORMAT " cases, %.1f s\r", done, spent / 1000);
    }

  g_printerr ("\nfill: rows in %.1f s (cpu %.1f s); building indexes and search\n",
              spent / 1000, cpu / 1000);
  t0 = now_ms ();
  c0 = cpu_ms ();
  if (!civic_store_bulk_end (store, &error))
    g_error ("fill: %s", error->message);
  g_printerr ("fill: derived data in %.1f s (cpu %.1f s)\n", (now_ms () - t0) / 1000,
              (cpu_ms () - c0) / 1000);
  spent += now_ms () - t0;
  *cpu_out = cpu + cpu_ms () - c0;

  g_printerr ("synth: %u open (%.1f%%), %u of them overdue (%.1f%%)\n",
              open, 100.0 * open / opt_cases, overdue, open ? 100.0 * overdue / open : 0.0);

  return spent;
}

/* The references: the same rows, all 31 columns of the store's cases
 * table with the same types (the text, and the integer codes of
 * department, service and assignee the store's indexes use), into a
 * plain file with one prepared statement in one transaction.
 *
 * Bare: no index, no search, no uniqueness. Indexed: the store's cases
 * table as it is (UNIQUE tracking number), then the same indexes and the
 * same FTS5 table, built with raw SQL at the end. What the store spends
 * beyond "indexed" is its own code (tag rows, counts, batching, crash
 * marker); the gap between bare and indexed is the schema's. */
static const char bare_table[] =
  "CREATE TABLE cases (id INTEGER PRIMARY KEY, service_request_id TEXT%s, "
  "state INTEGER, status_notes TEXT, service_code TEXT, service_name TEXT, "
  "description TEXT, agency_responsible TEXT, service_notice TEXT, "
  "requested INTEGER, updated INTEGER, expected INTEGER, closed INTEGER, "
  "address TEXT, address_id TEXT, zipcode TEXT, lat REAL, lon REAL, "
  "media_url TEXT, department TEXT, assignee TEXT, priority INTEGER, "
  "channel INTEGER, reporter_name TEXT, reporter_email TEXT, "
  "reporter_phone TEXT, tags TEXT, duplicate_of TEXT, version INTEGER, "
  "department_id INTEGER, service_id INTEGER, assignee_id INTEGER);";

/* the store's derived objects on cases (civic-store-schema.c), by hand */
static const char bare_derived[] =
  "CREATE VIRTUAL TABLE cases_fts USING fts5 ("
  "  service_request_id, service_name, description, address,"
  "  content='cases', content_rowid='id', detail=none, columnsize=0,"
  "  tokenize='unicode61 remove_diacritics 2');"
  "INSERT INTO cases_fts (cases_fts) VALUES ('rebuild');"
  "CREATE INDEX cases_department ON cases (department_id);"
  "CREATE INDEX cases_service ON cases (service_id);"
  "CREATE INDEX cases_assignee ON cases (assignee_id);"
  "CREATE INDEX cases_open ON cases (id) WHERE state <> 4;"
  "CREATE INDEX cases_open_department ON cases (department_id) WHERE state <> 4;"
  "CREATE INDEX cases_open_service ON cases (service_id) WHERE state <> 4;"
  "CREATE INDEX cases_open_assignee ON cases (assignee_id) WHERE state <> 4;"
  "CREATE INDEX cases_open_channel ON cases (channel) WHERE state <> 4;"
  "CREATE INDEX cases_requested ON cases (requested, state);"
  "CREATE INDEX cases_overdue ON cases (expected, state) WHERE state <> 4;";

static gint64
bare_code (GHashTable *codes,
           const char *value)
{
  gpointer id;

  if (value == NULL)
    return 0;
  id = g_hash_table_lookup (codes, value);
  if (id == NULL)
    {
      id = GSIZE_TO_POINTER (g_hash_table_size (codes) + 1);
      g_hash_table_insert (codes, (gpointer) g_intern_string (value), id);
    }
  return GPOINTER_TO_SIZE (id);
}

static double
fill_bare (const char *path,
           gint64      now,
           gboolean    indexed,
           double     *cpu_out)
{
  static const char *sql =
    "INSERT INTO cases (service_request_id, state, status_notes, service_code, service_name, "
    "description, agency_responsible, service_notice, requested, updated, expected, closed, "
    "address, address_id, zipcode, lat, lon, media_url, department, assignee, priority, channel, "
    "reporter_name, reporter_email, reporter_phone, tags, duplicate_of, version, "
    "department_id, service_id, assignee_id) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
    "?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)";
  g_autoptr(CivicSynth) synth = make_synth (now);
  g_autoptr(GHashTable) departments = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) services = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) assignees = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *table = g_strdup_printf (bare_table, indexed ? " NOT NULL UNIQUE" : "");
  sqlite3 *db;
  sqlite3_stmt *stmt;
  double spent = 0, t0, cpu = 0, c0;

  t0 = now_ms ();
  c0 = cpu_ms ();
  if (sqlite3_open (path, &db) != SQLITE_OK ||
      sqlite3_exec (db, table, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("bare: %s", sqlite3_errmsg (db));
  spent += now_ms () - t0;
  cpu += cpu_ms () - c0;

  for (gint64 done = 0; done < opt_cases; done += BATCH)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      civic_synth_fill (synth, batch, (guint) MIN (BATCH, opt_cases - done));
      t0 = now_ms ();
      c0 = cpu_ms ();
      for (guint i = 0; i < batch->len; i++)
        {
          CivicCase *c = g_ptr_array_index (batch, i);
          g_autofree char *tags = c->tags ? g_strjoinv ("\n", c->tags) : NULL;

          sqlite3_bind_text (stmt, 1, c->service_request_id, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 2, c->state);
          sqlite3_bind_text (stmt, 3, c->status_notes, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, c->service_code, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 5, c->service_name, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 6, c->description, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 7, c->agency_responsible, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 8, c->service_notice, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 9, c->requested_datetime);
          sqlite3_bind_int64 (stmt, 10, c->updated_datetime);
          sqlite3_bind_int64 (stmt, 11, c->expected_datetime);
          sqlite3_bind_int64 (stmt, 12, c->closed_datetime);
          sqlite3_bind_text (stmt, 13, c->address, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 14, c->address_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 15, c->zipcode, -1, SQLITE_STATIC);
          sqlite3_bind_double (stmt, 16, c->lat);
          sqlite3_bind_double (stmt, 17, c->lon);
          sqlite3_bind_text (stmt, 18, c->media_url, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 19, c->department, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 20, c->assignee, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 21, c->priority);
          sqlite3_bind_int (stmt, 22, c->channel);
          sqlite3_bind_text (stmt, 23, c->reporter_name, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 24, c->reporter_email, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 25, c->reporter_phone, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 26, tags, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 27, c->duplicate_of, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 28, c->version);
          sqlite3_bind_int64 (stmt, 29, bare_code (departments, c->department));
          sqlite3_bind_int64 (stmt, 30, bare_code (services, c->service_code));
          sqlite3_bind_int64 (stmt, 31, bare_code (assignees, c->assignee));
          if (sqlite3_step (stmt) != SQLITE_DONE)
            g_error ("bare: %s", sqlite3_errmsg (db));
          sqlite3_reset (stmt);
        }
      spent += now_ms () - t0;
      cpu += cpu_ms () - c0;
    }

  t0 = now_ms ();
  c0 = cpu_ms ();
  sqlite3_finalize (stmt);
  if (indexed)
    {
      g_printerr ("bare: indexed rows in %.1f s\n", spent / 1000);
      if (sqlite3_exec (db, bare_derived, NULL, NULL, NULL) != SQLITE_OK)
        g_error ("bare: %s", sqlite3_errmsg (db));
      g_printerr ("bare: indexes and search in %.1f s\n", (now_ms () - t0) / 1000);
    }
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("bare: %s", sqlite3_errmsg (db));
  sqlite3_close (db);
  spent += now_ms () - t0;
  *cpu_out = cpu + cpu_ms () - c0;

  return spent;
}

typedef void (*VaryFunc) (CivicCaseFilter *filter,
                          guint            run,
                          gpointer         data);

/* count + first page, for several values of one filter; the median */
static void
time_filter (CivicStore *store,
             const char *name,
             guint       runs,
             VaryFunc    vary,
             gpointer    data)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint run = 0; run < runs; run++)
    {
      g_autoptr(CivicCaseFilter) filter = civic_case_filter_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = NULL;
      double t0, spent;
      gint64 count;

      vary (filter, run, data);
      t0 = now_ms ();
      count = civic_store_count_cases (store, filter, &error);
      if (count >= 0)
        ids = civic_store_query_case_ids (store, filter, NULL, 0, PAGE, &error);
      spent = now_ms () - t0;
      if (error != NULL)
        g_error ("%s: %s", name, error->message);
      if (ids->len != MIN (count, PAGE))
        g_error ("%s: count %" G_GINT64_FORMAT " but a page of %u", name, count, ids->len);
      g_printerr ("%s run %u: %" G_GINT64_FORMAT " rows, %.2f ms\n", name, run, count, spent);
      g_array_append_val (times, spent);
    }

  printf ("figure: query_ms_%s %.2f ms\n", name, median (times));
  fflush (stdout);
}

static const guint state_masks[] = {
  CIVIC_CASE_STATES_OPEN,
  CIVIC_CASE_STATE_BIT (CIVIC_CASE_STATE_CLOSED),
  CIVIC_CASE_STATE_BIT (CIVIC_CASE_STATE_NEW),
  CIVIC_CASE_STATE_BIT (CIVIC_CASE_STATE_IN_PROGRESS),
  CIVIC_CASE_STATE_BIT (CIVIC_CASE_STATE_WAITING),
};

static void
vary_state (CivicCaseFilter *f, guint run, gpointer data)
{
  f->states = state_masks[run % G_N_ELEMENTS (state_masks)];
}

static void
vary_department (CivicCaseFilter *f, guint run, gpointer data)
{
  GPtrArray *departments = data;

  f->department = g_strdup (civic_department_get_id (g_ptr_array_index (departments, run % departments->len)));
  f->states = CIVIC_CASE_STATES_OPEN;
}

static void
vary_service (CivicCaseFilter *f, guint run, gpointer data)
{
  GPtrArray *services = data;

  f->service_code = g_strdup (civic_service_get_code (g_ptr_array_index (services, (run * 7) % services->len)));
}

static void
vary_assignee (CivicCaseFilter *f, guint run, gpointer data)
{
  GPtrArray *users = data;

  f->assignee = g_strdup (civic_user_get_username (g_ptr_array_index (users, (run * 11) % users->len)));
}

static void
vary_channel (CivicCaseFilter *f, guint run, gpointer data)
{
  f->channels = CIVIC_CHANNEL_BIT (run % (CIVIC_CHANNEL_LAST + 1));
}

static void
vary_overdue (CivicCaseFilter *f, guint run, gpointer data)
{
  f->overdue_only = TRUE;
  f->now = *(gint64 *) data - run * 12 * 3600;
}

static void
vary_tag (CivicCaseFilter *f, guint run, gpointer data)
{
  const char * const *tags = data;

  f->tag = g_strdup (tags[run % g_strv_length ((char **) tags)]);
}

static void
vary_date_range (CivicCaseFilter *f, guint run, gpointer data)
{
  gint64 now = *(gint64 *) data;

  f->requested_to = now - run * 9 * 24 * 3600;
  f->requested_from = f->requested_to - 7 * 24 * 3600;
}

static void
vary_fts (CivicCaseFilter *f, guint run, gpointer data)
{
  static const char * const words[] = {
    "noise", "parking", "loud", "driveway", "exemption", "broadway", "taxi", "music",
  };

  f->text = g_strdup (words[run % G_N_ELEMENTS (words)]);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- fill and query the local store");
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = NULL;
  g_autoptr(GArray) open_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *tmpdir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *bare = NULL;
  g_autoptr(CivicSynth) synth = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) users = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC / 3600 * 3600;
  double store_ms, bare_ms, indexed_ms;
  double store_cpu, bare_cpu, indexed_cpu;

  /* stdout carries only figure lines, whatever G_MESSAGES_DEBUG says */
  g_log_writer_default_set_use_stderr (TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_cases <= 0)
    opt_cases = 1;

  tmpdir = g_dir_make_tmp ("bench-store-XXXXXX", &error);
  if (tmpdir == NULL)
    g_error ("%s", error->message);
  db = opt_db != NULL ? g_strdup (opt_db) : g_build_filename (tmpdir, "store.db", NULL);
  bare = g_build_filename (tmpdir, "bare.db", NULL);

  store = civic_store_open (db, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  store_ms = fill_store (store, now, &store_cpu);
  printf ("figure: fill_rate %.0f cases/s\n", opt_cases / (store_ms / 1000));
  fflush (stdout);

  /* close and reopen, as the app does at start: the schema version check
   * and the check for an unfinished bulk fill are part of it */
  for (guint i = 0; i < 3; i++)
    {
      double t0;

      t0 = now_ms ();
      g_clear_object (&store);
      store = civic_store_open (db, &error);
      if (store == NULL)
        g_error ("%s", error->message);
      t0 = now_ms () - t0;
      g_array_append_val (open_times, t0);
    }
  printf ("figure: open_ms %.2f ms\n", median (open_times));
  fflush (stdout);

  synth = make_synth (now);
  departments = civic_synth_get_departments (synth);
  services = civic_synth_get_services (synth);
  users = civic_synth_get_users (synth);

  time_filter (store, "state", 5, vary_state, NULL);
  time_filter (store, "department", 7, vary_department, departments);
  time_filter (store, "service", 9, vary_service, services);
  time_filter (store, "assignee", 9, vary_assignee, users);
  time_filter (store, "channel", 6, vary_channel, NULL);
  time_filter (store, "overdue", 5, vary_overdue, &now);
  time_filter (store, "tag", 10, vary_tag, (gpointer) civic_synth_get_tags (synth));
  time_filter (store, "date_range", 7, vary_date_range, &now);
  time_filter (store, "fts", 8, vary_fts, NULL);

  /* not a figure: what a list model holding every matching id would pay,
   * and a page deep in the list */
  {
    g_autoptr(CivicCaseFilter) open_cases = civic_case_filter_new ();
    g_autoptr(GArray) all = NULL;
    g_autoptr(GArray) deep = NULL;
    double t0;

    t0 = now_ms ();
    all = civic_store_query_case_ids (store, NULL, NULL, 0, 0, &error);
    g_printerr ("info: all %u ids in %.1f ms\n", all ? all->len : 0, now_ms () - t0);
    open_cases->states = CIVIC_CASE_STATES_OPEN;
    g_clear_pointer (&all, g_array_unref);
    t0 = now_ms ();
    all = civic_store_query_case_ids (store, open_cases, NULL, 0, 0, &error);
    g_printerr ("info: all %u open ids in %.1f ms\n", all ? all->len : 0, now_ms () - t0);
    t0 = now_ms ();
    deep = civic_store_query_case_ids (store, NULL, NULL, (guint) opt_cases / 2, PAGE, &error);
    g_printerr ("info: a page at offset %u in %.1f ms\n", (guint) opt_cases / 2, now_ms () - t0);
  }
  g_clear_object (&store);

  bare_ms = fill_bare (bare, now, FALSE, &bare_cpu);
  g_printerr ("bare: %.0f cases/s\n", opt_cases / (bare_ms / 1000));
  printf ("figure: bare_sqlite_ratio %.2f ratio\n", bare_ms / store_ms);
  fflush (stdout);
  g_unlink (bare);

  indexed_ms = fill_bare (bare, now, TRUE, &indexed_cpu);
  g_printerr ("bare: indexed %.0f cases/s\n", opt_cases / (indexed_ms / 1000));
  printf ("figure: bare_sqlite_indexed_ratio %.2f ratio\n", indexed_ms / store_ms);
  /* not figures: the same ratios in CPU time, which a busy machine moves
   * far less than the wall clock (all three fills are single-threaded) */
  g_printerr ("info: cpu s: store %.2f, bare %.2f, bare indexed %.2f; "
              "cpu ratios: bare %.2f, bare indexed %.2f\n",
              store_cpu / 1000, bare_cpu / 1000, indexed_cpu / 1000,
              bare_cpu / store_cpu, indexed_cpu / store_cpu);

  if (opt_db == NULL)
    {
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_unlink (db);
      g_unlink (wal);
      g_unlink (shm);
    }
  g_unlink (bare);
  g_rmdir (tmpdir);

  return 0;
}
