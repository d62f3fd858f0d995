/* civic-store-cases.c: cases, their tags, the bulk fill and the timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-store-private.h"

#include "civic-case-private.h"
#include "civic-error.h"

#define CASE_COLUMNS \
  "service_request_id, state, status_notes, service_code, service_name, " \
  "description, agency_responsible, service_notice, requested, updated, " \
  "expected, closed, address, address_id, zipcode, lat, lon, media_url, " \
  "department, assignee, priority, channel, reporter_name, reporter_email, " \
  "reporter_phone, tags, duplicate_of, version"

/* … and the integer codes the indexes use */
#define CASE_CODE_COLUMNS "department_id, service_id, assignee_id"

#define CASE_VALUES \
  "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, " \
  "?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31"

static const char insert_sql[] =
  "INSERT INTO cases (" CASE_COLUMNS ", " CASE_CODE_COLUMNS ") VALUES (" CASE_VALUES ")";

static const char upsert_sql[] =
  "INSERT INTO cases (" CASE_COLUMNS ", " CASE_CODE_COLUMNS ") VALUES (" CASE_VALUES ") "
  "ON CONFLICT (service_request_id) DO UPDATE SET "
  "state = excluded.state, status_notes = excluded.status_notes, "
  "service_code = excluded.service_code, service_name = excluded.service_name, "
  "description = excluded.description, "
  "agency_responsible = excluded.agency_responsible, "
  "service_notice = excluded.service_notice, requested = excluded.requested, "
  "updated = excluded.updated, expected = excluded.expected, "
  "closed = excluded.closed, address = excluded.address, "
  "address_id = excluded.address_id, zipcode = excluded.zipcode, "
  "lat = excluded.lat, lon = excluded.lon, media_url = excluded.media_url, "
  "department = excluded.department, assignee = excluded.assignee, "
  "priority = excluded.priority, channel = excluded.channel, "
  "reporter_name = excluded.reporter_name, "
  "reporter_email = excluded.reporter_email, "
  "reporter_phone = excluded.reporter_phone, tags = excluded.tags, "
  "duplicate_of = excluded.duplicate_of, version = excluded.version, "
  "department_id = excluded.department_id, service_id = excluded.service_id, "
  "assignee_id = excluded.assignee_id "
  "RETURNING id";

static void
bind_text (sqlite3_stmt *stmt,
           int           i,
           const char   *text)
{
  /* the case outlives the step: no copy */
  if (text != NULL)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, i);
}

static void
bind_time (sqlite3_stmt *stmt,
           int           i,
           gint64        t)
{
  /* NULL, not 0, so that "due before now" never matches an unset date */
  if (t != 0)
    sqlite3_bind_int64 (stmt, i, t);
  else
    sqlite3_bind_null (stmt, i);
}


static gboolean
bind_case (CivicStore    *store,
           sqlite3_stmt  *stmt,
           CivicCase     *c,
           const char    *tags,
           GError       **error)
{
  gint64 department, service, assignee;

  if (!civic_store_value_id (store, CIVIC_COUNT_DEPARTMENT, c->department, TRUE, &department, error) ||
      !civic_store_value_id (store, CIVIC_COUNT_SERVICE, c->service_code, TRUE, &service, error) ||
      !civic_store_value_id (store, CIVIC_COUNT_ASSIGNEE, c->assignee, TRUE, &assignee, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 29, department);
  sqlite3_bind_int64 (stmt, 30, service);
  sqlite3_bind_int64 (stmt, 31, assignee);

  bind_text (stmt, 1, c->service_request_id);
  sqlite3_bind_int (stmt, 2, c->state);
  bind_text (stmt, 3, c->status_notes);
  bind_text (stmt, 4, c->service_code);
  bind_text (stmt, 5, c->service_name);
  bind_text (stmt, 6, c->description);
  bind_text (stmt, 7, c->agency_responsible);
  bind_text (stmt, 8, c->service_notice);
  bind_time (stmt, 9, c->requested_datetime);
  bind_time (stmt, 10, c->updated_datetime);
  bind_time (stmt, 11, c->expected_datetime);
  bind_time (stmt, 12, c->closed_datetime);
  bind_text (stmt, 13, c->address);
  bind_text (stmt, 14, c->address_id);
  bind_text (stmt, 15, c->zipcode);
  /* Open311 endpoints send 0,0 for "no location": keep it as no location */
  if (c->lat != 0.0 || c->lon != 0.0)
    {
      sqlite3_bind_double (stmt, 16, c->lat);
      sqlite3_bind_double (stmt, 17, c->lon);
    }
  else
    {
      sqlite3_bind_null (stmt, 16);
      sqlite3_bind_null (stmt, 17);
    }
  bind_text (stmt, 18, c->media_url);
  bind_text (stmt, 19, c->department);
  bind_text (stmt, 20, c->assignee);
  sqlite3_bind_int (stmt, 21, c->priority);
  sqlite3_bind_int (stmt, 22, c->channel);
  bind_text (stmt, 23, c->reporter_name);
  bind_text (stmt, 24, c->reporter_email);
  bind_text (stmt, 25, c->reporter_phone);
  bind_text (stmt, 26, tags);
  bind_text (stmt, 27, c->duplicate_of);
  sqlite3_bind_int64 (stmt, 28, c->version);

  return TRUE;
}

/* Tags travel as one newline-separated column (for reading a case back in
 * one row) and as case_tags rows (for the filter and its counts). */
static char *
join_tags (CivicCase *c)
{
  if (c->tags == NULL || c->tags[0] == NULL)
    return NULL;
  return g_strjoinv ("\n", c->tags);
}

static gboolean
write_tags (CivicStore  *store,
            const char  *sql,
            const char  *tags,
            gint64       case_id,
            int          state,
            GError     **error)
{
  g_auto(GStrv) split = NULL;
  sqlite3_stmt *stmt;

  if (tags == NULL || *tags == '\0')
    return TRUE;

  stmt = civic_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  split = g_strsplit (tags, "\n", -1);
  for (guint i = 0; split[i] != NULL; i++)
    {
      int rc;

      if (*split[i] == '\0')
        continue;
      sqlite3_bind_text (stmt, 1, split[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, case_id);
      if (sqlite3_bind_parameter_count (stmt) >= 3)
        sqlite3_bind_int (stmt, 3, state);
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

/* The general path: replaces a case by tracking number, keeping its tag
 * rows and (through triggers) counts and search index in step. */
static gboolean
put_one (CivicStore  *store,
         CivicCase   *c,
         GError     **error)
{
  g_autofree char *tags = join_tags (c);
  g_autofree char *old_tags = NULL;
  sqlite3_stmt *stmt;
  gint64 old_id = 0;
  int old_state = -1;
  int rc;

  if (c->service_request_id == NULL || *c->service_request_id == '\0')
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "A case without a tracking number cannot be saved.");
      return FALSE;
    }

  stmt = civic_store_prepare (store,
                              "SELECT id, state, tags FROM cases WHERE service_request_id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->service_request_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      old_id = sqlite3_column_int64 (stmt, 0);
      old_state = sqlite3_column_int (stmt, 1);
      old_tags = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }

  stmt = civic_store_prepare (store, upsert_sql, error);
  if (stmt == NULL || !bind_case (store, stmt, c, tags, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    c->id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }

  if (old_id != 0 && old_state == (int) c->state && g_strcmp0 (old_tags, tags) == 0)
    return TRUE;

  /* a tag row carries the case's state, so the per-state tag counts stay
   * right: rewrite them when either changes */
  return write_tags (store, "DELETE FROM case_tags WHERE tag = ?1 AND case_id = ?2",
                     old_tags, old_id, old_state, error) &&
         write_tags (store, "INSERT OR IGNORE INTO case_tags (tag, case_id, state) VALUES (?1, ?2, ?3)",
                     tags, c->id, c->state, error);
}

static CivicStoreTally *
tally_new (void)
{
  CivicStoreTally *tally = g_new0 (CivicStoreTally, 1);

  tally->department = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  tally->service = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  tally->assignee = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  tally->tag = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return tally;
}

void
civic_store_tally_free (CivicStoreTally *tally)
{
  if (tally == NULL)
    return;

  g_hash_table_unref (tally->department);
  g_hash_table_unref (tally->service);
  g_hash_table_unref (tally->assignee);
  g_hash_table_unref (tally->tag);
  g_free (tally);
}

static void
tally_add (GHashTable *table,
           const char *value,
           int         state)
{
  gint64 *by_state = g_hash_table_lookup (table, value != NULL ? value : "");

  if (by_state == NULL)
    {
      by_state = g_new0 (gint64, CIVIC_N_STATES);
      g_hash_table_insert (table, g_strdup (value != NULL ? value : ""), by_state);
    }
  by_state[state]++;
}

/* The deferred bulk path: a plain insert, its tag rows, and counts kept
 * in memory. A tracking number seen twice falls back to the general path
 * for that case, and the counts are then made from the table at the end. */
static gboolean
insert_one_deferred (CivicStore    *store,
                     sqlite3_stmt  *stmt,
                     CivicCase     *c,
                     GError       **error)
{
  g_autofree char *tags = join_tags (c);
  CivicStoreTally *tally = store->tally;
  int rc;

  if (!bind_case (store, stmt, c, tags, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      g_clear_pointer (&store->tally, civic_store_tally_free);
      return put_one (store, c, error);
    }
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }

  c->id = sqlite3_last_insert_rowid (store->db);
  if (tags != NULL &&
      !write_tags (store, "INSERT OR IGNORE INTO case_tags (tag, case_id, state) VALUES (?1, ?2, ?3)",
                   tags, c->id, c->state, error))
    return FALSE;

  if (tally != NULL)
    {
      tally->all[c->state]++;
      tally->channel[c->channel][c->state]++;
      tally_add (tally->department, c->department, c->state);
      tally_add (tally->service, c->service_code, c->state);
      tally_add (tally->assignee, c->assignee, c->state);
      /* a tag listed twice on one case is one row, counted once */
      for (guint i = 0; c->tags != NULL && c->tags[i] != NULL; i++)
        if (*c->tags[i] != '\0' &&
            !g_strv_contains ((const char * const *) c->tags + i + 1, c->tags[i]))
          tally_add (tally->tag, c->tags[i], c->state);
    }

  return TRUE;
}

static gboolean
put_cases (CivicStore  *store,
           GPtrArray   *cases,
           gboolean     deferred,
           GError     **error)
{
  sqlite3_stmt *insert = NULL;

  if (!civic_store_write_begin (store, error))
    return FALSE;

  /* looked up once per batch, not once per row: the statement cache
   * hashes the whole SQL text */
  if (deferred && (insert = civic_store_prepare (store, insert_sql, error)) == NULL)
    return civic_store_write_end (store, FALSE, NULL);

  for (guint i = 0; i < cases->len; i++)
    {
      CivicCase *c = g_ptr_array_index (cases, i);
      gboolean ok = deferred && c->service_request_id != NULL
                      ? insert_one_deferred (store, insert, c, error)
                      : put_one (store, c, error);

      if (!ok)
        return civic_store_write_end (store, FALSE, NULL);
    }

  return civic_store_write_end (store, TRUE, error);
}

gboolean
civic_store_put_cases (CivicStore  *store,
                       GPtrArray   *cases,
                       GError     **error)
{
  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (cases != NULL, FALSE);

  return put_cases (store, cases, FALSE, error);
}

gboolean
civic_store_put_case (CivicStore  *store,
                      CivicCase   *kase,
                      GError     **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_return_val_if_fail (CIVIC_IS_CASE (kase), FALSE);

  g_ptr_array_add (one, kase);
  return civic_store_put_cases (store, one, error);
}

/* ---- bulk ------------------------------------------------------------ */

gboolean
civic_store_bulk_begin (CivicStore  *store,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean empty;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (!store->bulk, FALSE);

  if (!civic_store_check_open (store, TRUE, error))
    return FALSE;

  stmt = civic_store_prepare (store, "SELECT NOT EXISTS (SELECT 1 FROM cases)", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  empty = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }

  /* Only an empty store defers: rebuilding the derived data of a large
   * store for a page of changes would cost more than keeping it in step. */
  if (empty && store->txn_depth == 0)
    {
      /* In WAL mode every page is written twice, once to the log and once
       * by the checkpoint. A rollback journal never copies pages the file
       * did not have when the transaction began, so filling an empty file
       * writes each page once. Only possible when no other connection is
       * open: otherwise the mode stays WAL, which is merely slower. */
      sqlite3_stmt *mode = civic_store_prepare (store, "PRAGMA journal_mode = DELETE", NULL);

      if (mode != NULL && sqlite3_step (mode) == SQLITE_ROW)
        store->bulk_journal = g_strcmp0 ((const char *) sqlite3_column_text (mode, 0), "delete") == 0;
      if (mode != NULL)
        sqlite3_reset (mode);
      civic_store_exec (store, "PRAGMA cache_size = -131072", NULL);
      g_debug ("store: bulk fill in %s mode", store->bulk_journal ? "rollback journal" : "WAL");
    }

  if (!civic_store_write_begin (store, error))
    return FALSE;

  /* The marker makes the next open finish the job after a crash. */
  if (empty)
    {
      if (!civic_store_schema_drop_derived (store, error) ||
          !civic_store_exec (store, "INSERT OR REPLACE INTO meta (key, value) "
                                    "VALUES ('bulk_pending', '1')", error))
        return civic_store_write_end (store, FALSE, NULL);
    }

  if (!civic_store_write_end (store, TRUE, error))
    return FALSE;

  store->bulk = TRUE;
  store->bulk_deferred = empty;
  if (empty)
    store->tally = tally_new ();
  return TRUE;
}

gboolean
civic_store_bulk_put_cases (CivicStore  *store,
                            GPtrArray   *cases,
                            GError     **error)
{
  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (store->bulk, FALSE);

  return put_cases (store, cases, store->bulk_deferred, error);
}

gboolean
civic_store_bulk_end (CivicStore  *store,
                      GError     **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (store->bulk, FALSE);

  store->bulk = FALSE;
  if (store->bulk_deferred)
    {
      store->bulk_deferred = FALSE;

      ok = civic_store_write_begin (store, error);
      if (ok && (!civic_store_schema_build_derived (store, error) ||
                 !civic_store_exec (store, "DELETE FROM meta WHERE key = 'bulk_pending'", error)))
        ok = civic_store_write_end (store, FALSE, NULL);
      else if (ok)
        ok = civic_store_write_end (store, TRUE, error);

      g_clear_pointer (&store->tally, civic_store_tally_free);
    }

  if (store->bulk_journal)
    {
      store->bulk_journal = FALSE;
      civic_store_exec (store, "PRAGMA cache_size = -65536", NULL);
      /* back to WAL even after a failure: readers rely on it */
      if (!civic_store_exec (store, "PRAGMA journal_mode = WAL", ok ? error : NULL))
        ok = FALSE;
    }

  return ok;
}

/* ---- reading --------------------------------------------------------- */

static char *
column_dup (sqlite3_stmt *stmt,
            int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

static CivicCase *
case_from_row (sqlite3_stmt *stmt)
{
  CivicCase *c = civic_case_new ();
  const char *tags;

  /* straight into the struct: a fresh object has no one to notify */
  c->id = sqlite3_column_int64 (stmt, 0);
  c->service_request_id = column_dup (stmt, 1);
  c->state = CLAMP (sqlite3_column_int (stmt, 2), 0, CIVIC_CASE_STATE_LAST);
  c->status_notes = column_dup (stmt, 3);
  c->service_code = column_dup (stmt, 4);
  c->service_name = column_dup (stmt, 5);
  c->description = column_dup (stmt, 6);
  c->agency_responsible = column_dup (stmt, 7);
  c->service_notice = column_dup (stmt, 8);
  c->requested_datetime = sqlite3_column_int64 (stmt, 9);
  c->updated_datetime = sqlite3_column_int64 (stmt, 10);
  c->expected_datetime = sqlite3_column_int64 (stmt, 11);
  c->closed_datetime = sqlite3_column_int64 (stmt, 12);
  c->address = column_dup (stmt, 13);
  c->address_id = column_dup (stmt, 14);
  c->zipcode = column_dup (stmt, 15);
  c->lat = sqlite3_column_double (stmt, 16);
  c->lon = sqlite3_column_double (stmt, 17);
  c->media_url = column_dup (stmt, 18);
  c->department = column_dup (stmt, 19);
  c->assignee = column_dup (stmt, 20);
  c->priority = CLAMP (sqlite3_column_int (stmt, 21), 1, 5);
  c->channel = CLAMP (sqlite3_column_int (stmt, 22), 0, CIVIC_CHANNEL_LAST);
  c->reporter_name = column_dup (stmt, 23);
  c->reporter_email = column_dup (stmt, 24);
  c->reporter_phone = column_dup (stmt, 25);
  tags = (const char *) sqlite3_column_text (stmt, 26);
  c->tags = tags != NULL && *tags != '\0' ? g_strsplit (tags, "\n", -1) : NULL;
  c->duplicate_of = column_dup (stmt, 27);
  c->version = sqlite3_column_int64 (stmt, 28);

  return c;
}

static CivicCase *
get_case (CivicStore  *store,
          const char  *sql,
          const char  *key,
          gint64       id,
          GError     **error)
{
  sqlite3_stmt *stmt = civic_store_prepare (store, sql, error);
  CivicCase *c = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  if (key != NULL)
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    c = case_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND,
                 "There is no case %s in this desk’s copy.",
                 key != NULL ? key : "with that number");
  else
    civic_store_set_error (store, rc, error);
  sqlite3_reset (stmt);

  return c;
}

CivicCase *
civic_store_get_case (CivicStore  *store,
                      const char  *service_request_id,
                      GError     **error)
{
  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);
  g_return_val_if_fail (service_request_id != NULL, NULL);

  return get_case (store, "SELECT id, " CASE_COLUMNS " FROM cases WHERE service_request_id = ?",
                   service_request_id, 0, error);
}

CivicCase *
civic_store_get_case_by_id (CivicStore  *store,
                            gint64       id,
                            GError     **error)
{
  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  return get_case (store, "SELECT id, " CASE_COLUMNS " FROM cases WHERE id = ?",
                   NULL, id, error);
}

/* ---- the timeline ---------------------------------------------------- */

gboolean
civic_store_append_event (CivicStore      *store,
                          CivicCaseEvent  *event,
                          GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (CIVIC_IS_CASE_EVENT (event), FALSE);

  if (civic_case_event_get_case_id (event) == NULL)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "A timeline entry must belong to a case.");
      return FALSE;
    }

  if (!civic_store_write_begin (store, error))
    return FALSE;

  stmt = civic_store_prepare (store,
                              "INSERT INTO case_events "
                              "(case_id, kind, author, body, created, old_value, new_value) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return civic_store_write_end (store, FALSE, NULL);

  bind_text (stmt, 1, civic_case_event_get_case_id (event));
  bind_text (stmt, 2, civic_enum_to_nick (CIVIC_TYPE_CASE_EVENT_KIND,
                                          civic_case_event_get_kind (event)));
  bind_text (stmt, 3, civic_case_event_get_author (event));
  bind_text (stmt, 4, civic_case_event_get_body (event));
  sqlite3_bind_int64 (stmt, 5, civic_case_event_get_created (event));
  bind_text (stmt, 6, civic_case_event_get_old_value (event));
  bind_text (stmt, 7, civic_case_event_get_new_value (event));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return civic_store_write_end (store, FALSE, NULL);
    }

  civic_case_event_set_id (event, sqlite3_last_insert_rowid (store->db));
  if (civic_store_write_end (store, TRUE, error))
    return TRUE;

  civic_case_event_set_id (event, 0);
  return FALSE;
}

GPtrArray *
civic_store_list_events (CivicStore  *store,
                         const char  *case_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  stmt = civic_store_prepare (store,
                              "SELECT id, kind, author, body, created, old_value, new_value "
                              "FROM case_events WHERE case_id = ? ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CivicCaseEvent *event = civic_case_event_new ();
      int kind = CIVIC_CASE_EVENT_INTERNAL_NOTE;

      civic_enum_from_nick (CIVIC_TYPE_CASE_EVENT_KIND,
                            (const char *) sqlite3_column_text (stmt, 1), &kind);
      civic_case_event_set_id (event, sqlite3_column_int64 (stmt, 0));
      civic_case_event_set_case_id (event, case_id);
      civic_case_event_set_kind (event, kind);
      civic_case_event_set_author (event, (const char *) sqlite3_column_text (stmt, 2));
      civic_case_event_set_body (event, (const char *) sqlite3_column_text (stmt, 3));
      civic_case_event_set_created (event, sqlite3_column_int64 (stmt, 4));
      civic_case_event_set_old_value (event, (const char *) sqlite3_column_text (stmt, 5));
      civic_case_event_set_new_value (event, (const char *) sqlite3_column_text (stmt, 6));
      g_ptr_array_add (events, event);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&events);
}
