/* civic-store-schema.c: the versioned schema of the local store
 *
 * PRAGMA user_version is the schema version. Each migration takes the
 * file one version up; all pending ones run in a single transaction, so a
 * file is either at its old version or fully upgraded.
 *
 * "Derived" objects (secondary indexes, maintained counts, the search
 * index and the triggers that keep them) are built by one function, so a
 * migration, a bulk fill and a repair after a crash all build them the
 * same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-store-private.h"
#include "civic-store-feed-private.h"

#include "civic-error.h"

/* Version 1: the first released layout. Tests create it by hand to check
 * upgrades, so it is never edited. */
static const char schema_v1[] =
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
  /* events may arrive in a sync page before their case: the check waits
   * for the end of the transaction */
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
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;";

/* Version 2: the feed, and what the queue needs to answer fast on a
 * million cases: tags as rows, maintained counts, full-text search. */
static const char schema_v2[] =
  /* Department, service and assignee as small integers too: indexes on
   * integers are a third the size of the same on text, and build three
   * times faster after a bulk fill. The text stays in cases for reading. */
  "CREATE TABLE case_values ("
  "  id INTEGER PRIMARY KEY, dim INTEGER NOT NULL, value TEXT NOT NULL,"
  "  UNIQUE (dim, value));"
  "INSERT INTO case_values (dim, value)"
  "  SELECT DISTINCT 1, department FROM cases WHERE department IS NOT NULL;"
  "INSERT INTO case_values (dim, value)"
  "  SELECT DISTINCT 2, service_code FROM cases WHERE service_code IS NOT NULL;"
  "INSERT INTO case_values (dim, value)"
  "  SELECT DISTINCT 3, assignee FROM cases WHERE assignee IS NOT NULL;"
  /* 0, not NULL, for "none": SQLite sorts integers on a fast path that
   * NULLs fall off, and a third of cases have no assignee */
  "ALTER TABLE cases ADD COLUMN department_id INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE cases ADD COLUMN service_id INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE cases ADD COLUMN assignee_id INTEGER NOT NULL DEFAULT 0;"
  "UPDATE cases SET"
  "  department_id = ifnull ((SELECT id FROM case_values WHERE dim = 1 AND value = department), 0),"
  "  service_id = ifnull ((SELECT id FROM case_values WHERE dim = 2 AND value = service_code), 0),"
  "  assignee_id = ifnull ((SELECT id FROM case_values WHERE dim = 3 AND value = assignee), 0);"
  /* no foreign key to cases: a cascade would need a second index on
   * case_id, and the store deletes a case's tags itself */
  "CREATE TABLE case_tags ("
  "  tag TEXT NOT NULL, case_id INTEGER NOT NULL, state INTEGER NOT NULL,"
  "  PRIMARY KEY (tag, case_id)) WITHOUT ROWID;"
  "CREATE TABLE case_counts ("
  "  dim INTEGER NOT NULL, value TEXT NOT NULL, state INTEGER NOT NULL,"
  "  n INTEGER NOT NULL, PRIMARY KEY (dim, value, state)) WITHOUT ROWID;"
  /* external content: the text lives once, in cases; the rowid is the
   * case id, so matches come out in arrival order for free. The queue
   * filters on words and sorts by id, never by relevance: without
   * positions and sizes (detail=none, columnsize=0) the index builds in
   * half the time and is a third the size, and counting a common word
   * reads less. The price: no phrase or NEAR queries. */
  "CREATE VIRTUAL TABLE cases_fts USING fts5 ("
  "  service_request_id, service_name, description, address,"
  "  content='cases', content_rowid='id', detail=none, columnsize=0,"
  "  tokenize='unicode61 remove_diacritics 2');"
  "CREATE TABLE posts ("
  "  id INTEGER PRIMARY KEY, author TEXT, body TEXT NOT NULL DEFAULT '',"
  "  created INTEGER NOT NULL DEFAULT 0, edited INTEGER NOT NULL DEFAULT 0,"
  "  parent_id INTEGER NOT NULL DEFAULT 0,"
  "  pinned_until INTEGER NOT NULL DEFAULT 0,"
  "  like_count INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX posts_thread ON posts (parent_id, id) WHERE parent_id <> 0;"
  "CREATE VIRTUAL TABLE posts_fts USING fts5 ("
  "  body, content='posts', content_rowid='id',"
  "  tokenize='unicode61 remove_diacritics 2');"
  "CREATE TRIGGER posts_fts_ai AFTER INSERT ON posts BEGIN"
  "  INSERT INTO posts_fts (rowid, body) VALUES (new.id, new.body);"
  "END;"
  "CREATE TRIGGER posts_fts_ad AFTER DELETE ON posts BEGIN"
  "  INSERT INTO posts_fts (posts_fts, rowid, body) VALUES ('delete', old.id, old.body);"
  "END;"
  "CREATE TRIGGER posts_fts_au AFTER UPDATE OF body ON posts BEGIN"
  "  INSERT INTO posts_fts (posts_fts, rowid, body) VALUES ('delete', old.id, old.body);"
  "  INSERT INTO posts_fts (rowid, body) VALUES (new.id, new.body);"
  "END;";

/* Version 3: what the sync engine replicates beyond cases and posts. The
 * server's own ids are kept (events, notifications, saved views) so a
 * page applied twice changes nothing; posts keep what the feed shows;
 * an outbox entry keeps its context (the base of a case edit, the local
 * id of a post) so a 409 can be merged and an answer put in place. */
static const char schema_v3[] =
  "CREATE TABLE likes ("
  "  post_id INTEGER NOT NULL, username TEXT NOT NULL,"
  "  created INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (post_id, username)) WITHOUT ROWID;"
  "CREATE TABLE follows ("
  "  username TEXT NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL,"
  "  created INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (username, kind, target)) WITHOUT ROWID;"
  "CREATE TABLE notifications ("
  "  id INTEGER PRIMARY KEY, username TEXT, kind TEXT, actor TEXT,"
  "  post_id INTEGER, case_id INTEGER, body TEXT,"
  "  created INTEGER NOT NULL DEFAULT 0, read INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE saved_views ("
  "  id INTEGER PRIMARY KEY, name TEXT, owner TEXT, filter TEXT,"
  "  created INTEGER NOT NULL DEFAULT 0);"
  "ALTER TABLE case_events ADD COLUMN server_id INTEGER;"
  "ALTER TABLE case_events ADD COLUMN public INTEGER NOT NULL DEFAULT 0;"
  "CREATE UNIQUE INDEX case_events_server ON case_events (server_id)"
  "  WHERE server_id IS NOT NULL;"
  "ALTER TABLE posts ADD COLUMN case_id TEXT;"
  "ALTER TABLE posts ADD COLUMN tags TEXT;"
  "ALTER TABLE posts ADD COLUMN mentions TEXT;"
  "ALTER TABLE posts ADD COLUMN case_refs TEXT;"
  "ALTER TABLE posts ADD COLUMN reply_count INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE posts ADD COLUMN author_display_name TEXT;"
  "ALTER TABLE services ADD COLUMN uses_token INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE services ADD COLUMN attributes TEXT;"
  "ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE users ADD COLUMN created INTEGER NOT NULL DEFAULT 0;"
  /* a page can carry an event whose case comes on a later page (the
   * case changed since and moved up the sequence): the event waits
   * here, out of reach of the foreign key, until its case arrives */
  "CREATE TABLE case_events_pending ("
  "  server_id INTEGER PRIMARY KEY, case_id TEXT NOT NULL, kind TEXT NOT NULL,"
  "  author TEXT, body TEXT, created INTEGER NOT NULL DEFAULT 0,"
  "  old_value TEXT, new_value TEXT, public INTEGER NOT NULL DEFAULT 0);"
  "ALTER TABLE outbox ADD COLUMN context TEXT;";

/* Version 4 (queue): the channel index joined the derived indexes after
 * version 3 shipped; a store made before has every other one. */
static const char schema_v4[] =
  "CREATE INDEX IF NOT EXISTS cases_channel ON cases (channel);";

/* What keeps derived data in step, row by row. A bulk fill into an
 * empty store drops it and builds it once at its end: the triggers, and
 * the indexes over every case, which CREATE INDEX builds from one sorted
 * pass faster than a million single inserts. The partial indexes over
 * open cases stay: few rows touch them. */
static const char derived_drop[] =
  "DROP INDEX IF EXISTS cases_department;"
  "DROP INDEX IF EXISTS cases_service;"
  "DROP INDEX IF EXISTS cases_assignee;"
  "DROP INDEX IF EXISTS cases_requested;"
  "DROP INDEX IF EXISTS cases_channel;"
  "DROP INDEX IF EXISTS cases_closed_at;"
  "DROP INDEX IF EXISTS cases_new_at;"
  "DROP TRIGGER IF EXISTS cases_counts_ai;"
  "DROP TRIGGER IF EXISTS cases_counts_ad;"
  "DROP TRIGGER IF EXISTS cases_counts_au;"
  "DROP TRIGGER IF EXISTS case_tags_counts_ai;"
  "DROP TRIGGER IF EXISTS case_tags_counts_ad;"
  "DROP TRIGGER IF EXISTS cases_fts_ai;"
  "DROP TRIGGER IF EXISTS cases_fts_ad;"
  "DROP TRIGGER IF EXISTS cases_fts_au;";

/* the briefing (v5): closed during a day, and open at a past instant
 * (still open, or closed since), each a range read that never touches
 * the table — the state is a column too: a query naming it reads it from
 * the table otherwise, whatever the partial index's WHERE says */
#define BRIEFING_CLOSED_INDEX \
  "CREATE INDEX IF NOT EXISTS cases_closed_at ON cases" \
  "  (closed, requested, expected, department_id, state) WHERE state = 4;"
#define BRIEFING_OPEN_INDEX \
  "CREATE INDEX IF NOT EXISTS cases_open_at ON cases" \
  "  (requested, expected, department_id, state) WHERE state <> 4;"
/* … and the new cases of 29 days with where they are (hot spots and
 * their baseline): 320,000 rows at a million, 440 ms through the table,
 * a fraction of that from the index alone */
#define BRIEFING_NEW_INDEX \
  "CREATE INDEX IF NOT EXISTS cases_new_at ON cases" \
  "  (requested, department_id, service_id, lat, lon);"

static const char * const derived_indexes[] = {
  /* each lists its rows in id order within one value, so "newest first"
   * under a filter is a backwards walk that stops after a page */
  "CREATE INDEX IF NOT EXISTS cases_department ON cases (department_id);",
  "CREATE INDEX IF NOT EXISTS cases_service ON cases (service_id);",
  "CREATE INDEX IF NOT EXISTS cases_assignee ON cases (assignee_id);",
  /* the queue's channel filter over all states: six values, so without
   * it "mobile, newest first" reads every case */
  "CREATE INDEX IF NOT EXISTS cases_channel ON cases (channel);",
  /* the same for open cases only: the queue's usual view is "open cases
   * of X", and open cases are a small share of a city's history */
  "CREATE INDEX IF NOT EXISTS cases_open ON cases (id) WHERE state <> 4;",
  "CREATE INDEX IF NOT EXISTS cases_open_department ON cases (department_id) WHERE state <> 4;",
  "CREATE INDEX IF NOT EXISTS cases_open_service ON cases (service_id) WHERE state <> 4;",
  "CREATE INDEX IF NOT EXISTS cases_open_assignee ON cases (assignee_id) WHERE state <> 4;",
  "CREATE INDEX IF NOT EXISTS cases_open_channel ON cases (channel) WHERE state <> 4;",
  /* with the state, a date range counts by states without the table */
  "CREATE INDEX IF NOT EXISTS cases_requested ON cases (requested, state);",
  /* overdue = open and due in the past: only open cases are indexed, so
   * counting them is a short range scan whatever the size of history */
  "CREATE INDEX IF NOT EXISTS cases_overdue ON cases (expected, state) WHERE state <> 4;",
  BRIEFING_CLOSED_INDEX,
  BRIEFING_OPEN_INDEX,
  BRIEFING_NEW_INDEX,
};

static const char derived_triggers[] =
  "CREATE TRIGGER IF NOT EXISTS cases_counts_ai AFTER INSERT ON cases BEGIN"
  "  INSERT INTO case_counts (dim, value, state, n) VALUES"
  "    (0, '', new.state, 1),"
  "    (1, ifnull (new.department, ''), new.state, 1),"
  "    (2, ifnull (new.service_code, ''), new.state, 1),"
  "    (3, ifnull (new.assignee, ''), new.state, 1),"
  "    (4, new.channel, new.state, 1)"
  "  ON CONFLICT (dim, value, state) DO UPDATE SET n = n + 1;"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS cases_counts_ad AFTER DELETE ON cases BEGIN"
  "  UPDATE case_counts SET n = n - 1 WHERE state = old.state AND (dim, value) IN"
  "    (VALUES (0, ''), (1, ifnull (old.department, '')),"
  "            (2, ifnull (old.service_code, '')), (3, ifnull (old.assignee, '')),"
  "            (4, CAST (old.channel AS TEXT)));"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS cases_counts_au"
  "  AFTER UPDATE OF state, department, service_code, assignee, channel ON cases BEGIN"
  "  UPDATE case_counts SET n = n - 1 WHERE state = old.state AND (dim, value) IN"
  "    (VALUES (0, ''), (1, ifnull (old.department, '')),"
  "            (2, ifnull (old.service_code, '')), (3, ifnull (old.assignee, '')),"
  "            (4, CAST (old.channel AS TEXT)));"
  "  INSERT INTO case_counts (dim, value, state, n) VALUES"
  "    (0, '', new.state, 1),"
  "    (1, ifnull (new.department, ''), new.state, 1),"
  "    (2, ifnull (new.service_code, ''), new.state, 1),"
  "    (3, ifnull (new.assignee, ''), new.state, 1),"
  "    (4, new.channel, new.state, 1)"
  "  ON CONFLICT (dim, value, state) DO UPDATE SET n = n + 1;"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS case_tags_counts_ai AFTER INSERT ON case_tags BEGIN"
  "  INSERT INTO case_counts (dim, value, state, n) VALUES (5, new.tag, new.state, 1)"
  "  ON CONFLICT (dim, value, state) DO UPDATE SET n = n + 1;"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS case_tags_counts_ad AFTER DELETE ON case_tags BEGIN"
  "  UPDATE case_counts SET n = n - 1"
  "  WHERE dim = 5 AND value = old.tag AND state = old.state;"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS cases_fts_ai AFTER INSERT ON cases BEGIN"
  "  INSERT INTO cases_fts (rowid, service_request_id, service_name, description, address)"
  "  VALUES (new.id, new.service_request_id, new.service_name, new.description, new.address);"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS cases_fts_ad AFTER DELETE ON cases BEGIN"
  "  INSERT INTO cases_fts (cases_fts, rowid, service_request_id, service_name, description, address)"
  "  VALUES ('delete', old.id, old.service_request_id, old.service_name, old.description, old.address);"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS cases_fts_au"
  "  AFTER UPDATE OF service_request_id, service_name, description, address ON cases BEGIN"
  "  INSERT INTO cases_fts (cases_fts, rowid, service_request_id, service_name, description, address)"
  "  VALUES ('delete', old.id, old.service_request_id, old.service_name, old.description, old.address);"
  "  INSERT INTO cases_fts (rowid, service_request_id, service_name, description, address)"
  "  VALUES (new.id, new.service_request_id, new.service_name, new.description, new.address);"
  "END;";

typedef gboolean (*MigrateFunc) (CivicStore *store, GError **error);

typedef struct
{
  const char  *sql;
  MigrateFunc  after;   /* backfill in C, may be NULL */
} Migration;

static const Migration migrations[] = {
  { schema_v1, NULL },
  { schema_v2, civic_store_schema_build_derived },
  { schema_v3, NULL },
  /* v4 "queue" (issue 6): the channel index */
  { schema_v4, NULL },
  /* v5 "feed" (issue 8): post_tags, post_mentions, civic-store-feed.c */
  { civic_store_feed_schema, civic_store_feed_backfill },
  /* v6 "briefing" (issue 9): three covering indexes, also among the
   * derived ones so a bulk fill builds them once at its end */
  { BRIEFING_CLOSED_INDEX BRIEFING_OPEN_INDEX BRIEFING_NEW_INDEX "PRAGMA analysis_limit = 400; ANALYZE cases;", NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CIVIC_STORE_SCHEMA_VERSION);

int
civic_store_schema_read_version (CivicStore  *store,
                                 GError     **error)
{
  sqlite3_stmt *stmt = civic_store_prepare (store, "PRAGMA user_version", error);
  int rc;

  if (stmt == NULL)
    return -1;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      civic_store_set_error (store, rc, error);
      sqlite3_reset (stmt);
      return -1;
    }

  rc = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  return rc;
}

gboolean
civic_store_schema_migrate (CivicStore  *store,
                            GError     **error)
{
  int version;

  /* IMMEDIATE: two processes opening an old file at once must not both
   * start upgrading it */
  if (!civic_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* read again inside the lock: the other process may have won */
  version = civic_store_schema_read_version (store, error);
  if (version < 0)
    goto fail;

  for (int v = version; v < CIVIC_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *set_version = NULL;

      if (v == 0 && !civic_store_exec (store, "PRAGMA application_id = " G_STRINGIFY (CIVIC_STORE_APPLICATION_ID) "", error))
        goto fail;
      if (!civic_store_exec (store, migrations[v].sql, error))
        goto fail;
      if (migrations[v].after != NULL && !migrations[v].after (store, error))
        goto fail;

      set_version = g_strdup_printf ("PRAGMA user_version = %d", v + 1);
      if (!civic_store_exec (store, set_version, error))
        goto fail;
    }

  if (!civic_store_exec (store, "COMMIT", error))
    goto fail;

  return TRUE;

fail:
  sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

gboolean
civic_store_schema_drop_derived (CivicStore  *store,
                                 GError     **error)
{
  return civic_store_exec (store, derived_drop, error);
}

static void
tally (GHashTable *counts,
       int         dim,
       const char *value,
       int         state)
{
  char *key = g_strdup_printf ("%d\037%d\037%s", dim, state, value ? value : "");
  gpointer old = g_hash_table_lookup (counts, key);

  g_hash_table_replace (counts, key, GSIZE_TO_POINTER (GPOINTER_TO_SIZE (old) + 1));
}

/* One pass over cases fills case_tags and case_counts: cheaper than one
 * GROUP BY per column on a million rows, and correct whatever was there. */
static gboolean
rebuild_tags_and_counts (CivicStore  *store,
                         GError     **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *scan;
  sqlite3_stmt *put_tag;
  sqlite3_stmt *put_count;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  if (!civic_store_exec (store, "DELETE FROM case_tags; DELETE FROM case_counts;", error))
    return FALSE;

  scan = civic_store_prepare (store,
                              "SELECT id, state, department, service_code, assignee, channel, tags "
                              "FROM cases", error);
  if (scan == NULL)
    return FALSE;
  put_tag = civic_store_prepare (store,
                                 "INSERT OR IGNORE INTO case_tags (tag, case_id, state) "
                                 "VALUES (?, ?, ?)", error);
  if (put_tag == NULL)
    return FALSE;

  while ((rc = sqlite3_step (scan)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (scan, 0);
      int state = sqlite3_column_int (scan, 1);
      const char *tags = (const char *) sqlite3_column_text (scan, 6);
      char channel[16];

      g_snprintf (channel, sizeof channel, "%d", sqlite3_column_int (scan, 5));
      tally (counts, CIVIC_COUNT_ALL, "", state);
      tally (counts, CIVIC_COUNT_DEPARTMENT, (const char *) sqlite3_column_text (scan, 2), state);
      tally (counts, CIVIC_COUNT_SERVICE, (const char *) sqlite3_column_text (scan, 3), state);
      tally (counts, CIVIC_COUNT_ASSIGNEE, (const char *) sqlite3_column_text (scan, 4), state);
      tally (counts, CIVIC_COUNT_CHANNEL, channel, state);

      if (tags != NULL && *tags != '\0')
        {
          g_auto(GStrv) split = g_strsplit (tags, "\n", -1);

          for (guint i = 0; split[i] != NULL; i++)
            {
              if (*split[i] == '\0')
                continue;
              sqlite3_bind_text (put_tag, 1, split[i], -1, SQLITE_STATIC);
              sqlite3_bind_int64 (put_tag, 2, id);
              sqlite3_bind_int (put_tag, 3, state);
              rc = sqlite3_step (put_tag);
              sqlite3_reset (put_tag);
              if (rc != SQLITE_DONE)
                {
                  sqlite3_reset (scan);
                  civic_store_set_error (store, rc, error);
                  return FALSE;
                }
              /* INSERT OR IGNORE: a tag listed twice counts once */
              if (sqlite3_changes (store->db) > 0)
                tally (counts, CIVIC_COUNT_TAG, split[i], state);
            }
          sqlite3_clear_bindings (put_tag);
        }
    }
  sqlite3_reset (scan);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }

  put_count = civic_store_prepare (store,
                                   "INSERT INTO case_counts (dim, value, state, n) "
                                   "VALUES (?, ?, ?, ?)", error);
  if (put_count == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\037", 3);

      sqlite3_bind_int (put_count, 1, (int) g_ascii_strtoll (parts[0], NULL, 10));
      sqlite3_bind_text (put_count, 2, parts[2], -1, SQLITE_STATIC);
      sqlite3_bind_int (put_count, 3, (int) g_ascii_strtoll (parts[1], NULL, 10));
      sqlite3_bind_int64 (put_count, 4, GPOINTER_TO_SIZE (value));
      rc = sqlite3_step (put_count);
      sqlite3_reset (put_count);
      if (rc != SQLITE_DONE)
        {
          civic_store_set_error (store, rc, error);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
put_count (CivicStore    *store,
           sqlite3_stmt  *stmt,
           CivicCountDim  dim,
           const char    *value,
           const gint64  *by_state,
           GError       **error)
{
  for (int state = 0; state < CIVIC_N_STATES; state++)
    {
      int rc;

      if (by_state[state] == 0)
        continue;
      sqlite3_bind_int (stmt, 1, dim);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, state);
      sqlite3_bind_int64 (stmt, 4, by_state[state]);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          civic_store_set_error (store, rc, error);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
put_counts (CivicStore    *store,
            sqlite3_stmt  *stmt,
            CivicCountDim  dim,
            GHashTable    *values,
            GError       **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!put_count (store, stmt, dim, key, value, error))
      return FALSE;
  return TRUE;
}

/* The bulk fill counted as it went; its tag rows are already in. */
static gboolean
write_tally (CivicStore       *store,
             CivicStoreTally  *tally,
             GError          **error)
{
  sqlite3_stmt *stmt;

  if (!civic_store_exec (store, "DELETE FROM case_counts", error))
    return FALSE;

  stmt = civic_store_prepare (store,
                              "INSERT INTO case_counts (dim, value, state, n) "
                              "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  if (!put_count (store, stmt, CIVIC_COUNT_ALL, "", tally->all, error))
    return FALSE;
  for (int channel = 0; channel < CIVIC_N_CHANNELS; channel++)
    {
      char value[16];

      g_snprintf (value, sizeof value, "%d", channel);
      if (!put_count (store, stmt, CIVIC_COUNT_CHANNEL, value, tally->channel[channel], error))
        return FALSE;
    }

  return put_counts (store, stmt, CIVIC_COUNT_DEPARTMENT, tally->department, error) &&
         put_counts (store, stmt, CIVIC_COUNT_SERVICE, tally->service, error) &&
         put_counts (store, stmt, CIVIC_COUNT_ASSIGNEE, tally->assignee, error) &&
         put_counts (store, stmt, CIVIC_COUNT_TAG, tally->tag, error);
}

gboolean
civic_store_schema_build_derived (CivicStore  *store,
                                  GError     **error)
{
  gint64 t0 = g_get_monotonic_time ();

  if (!civic_store_schema_drop_derived (store, error))
    return FALSE;
  if (store->tally != NULL ? !write_tally (store, store->tally, error)
                           : !rebuild_tags_and_counts (store, error))
    return FALSE;
  g_debug ("store: tags and counts in %.0f ms", (g_get_monotonic_time () - t0) / 1000.0);

  /* no merging while the whole index is written at once: the merges would
   * rewrite most of it several times; later writes merge as usual */
  if (!civic_store_exec (store,
                         "INSERT INTO cases_fts (cases_fts, rank) VALUES ('automerge', 0);"
                         "INSERT INTO cases_fts (cases_fts) VALUES ('rebuild');"
                         "INSERT INTO cases_fts (cases_fts, rank) VALUES ('automerge', 4);"
                         "INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');", error))
    return FALSE;
  g_debug ("store: search index in %.0f ms", (g_get_monotonic_time () - t0) / 1000.0);

  /* SQLite's sorter merges runs as large as the page cache; smaller runs
   * sort faster in the cache of the CPU (measured: a fifth less time) */
  if (!civic_store_exec (store, "PRAGMA cache_size = -16384", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (derived_indexes); i++)
    {
      gint64 t1 = g_get_monotonic_time ();

      if (!civic_store_exec (store, derived_indexes[i], error))
        return FALSE;
      g_debug ("store: %.0f ms for %s", (g_get_monotonic_time () - t1) / 1000.0, derived_indexes[i]);
    }
  if (!civic_store_exec (store, "PRAGMA cache_size = -65536", error) ||
      !civic_store_exec (store, derived_triggers, error))
    return FALSE;
  g_debug ("store: indexes in %.0f ms", (g_get_monotonic_time () - t0) / 1000.0);

  /* fresh statistics so the planner picks the narrow index; a sample is
   * enough and keeps this from reading every row again */
  if (!civic_store_exec (store, "PRAGMA analysis_limit = 400; ANALYZE;", error))
    return FALSE;
  g_debug ("store: derived data in %.0f ms", (g_get_monotonic_time () - t0) / 1000.0);

  return TRUE;
}
