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

#define CASE_VALUES \
  "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, " \
  "?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28"

static const char insert_sql[] =
  "INSERT INTO cases (" CASE_COLUMNS ") VALUES (" CASE_VALUES ")";

static const char upsert_sql[] =
  "INSERT INTO cases (" CASE_COLUMNS ") VALUES (" CASE_VALUES ") "
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
  "duplicate_of = excluded.duplicate_of, version = excluded.version "
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

static void
bind_case (sqlite3_stmt *stmt,
           CivicCase    *c,
           const char   *tags)
{
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
  if (stmt == NULL)
    return FALSE;
  bind_case (stmt, c, tags);
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

/* The deferred bulk path: a plain insert, nothing derived. A tracking
 * number seen twice falls back to the general path for that case. */
static gboolean
insert_one_deferred (CivicStore  *store,
                     CivicCase   *c,
                     GError     **error)
{
  g_autofree char *tags = join_tags (c);
  sqlite3_stmt *stmt = civic_store_prepare (store, insert_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  bind_case (stmt, c, tags);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      c->id = sqlite3_last_insert_rowid (store->db);
      return TRUE;
    }
  if (rc == SQLITE_CONSTRAINT_UNIQUE && c->service_request_id != NULL)
    return put_one (store, c, error);

  civic_store_set_error (store, rc, error);
  return FALSE;
}

static gboolean
put_cases (CivicStore  *store,
           GPtrArray   *cases,
           gboolean     deferred,
           GError     **error)
{
  if (!civic_store_write_begin (store, error))
    return FALSE;

  for (guint i = 0; i < cases->len; i++)
    {
      CivicCase *c = g_ptr_array_index (cases, i);
      gboolean ok = deferred && c->service_request_id != NULL
                      ? insert_one_deferred (store, c, error)
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

  if (!civic_store_write_begin (store, error))
    return FALSE;

  stmt = civic_store_prepare (store, "SELECT NOT EXISTS (SELECT 1 FROM cases)", error);
  if (stmt == NULL)
    return civic_store_write_end (store, FALSE, NULL);
  rc = sqlite3_step (stmt);
  empty = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      civic_store_set_error (store, rc, error);
      return civic_store_write_end (store, FALSE, NULL);
    }

  /* Only an empty store defers: rebuilding the derived data of a large
   * store for a page of changes would cost more than keeping it in step.
   * The marker makes the next open finish the job after a crash. */
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
  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (store->bulk, FALSE);

  store->bulk = FALSE;
  if (!store->bulk_deferred)
    return TRUE;
  store->bulk_deferred = FALSE;

  if (!civic_store_write_begin (store, error))
    return FALSE;
  if (!civic_store_schema_build_derived (store, error) ||
      !civic_store_exec (store, "DELETE FROM meta WHERE key = 'bulk_pending'", error))
    return civic_store_write_end (store, FALSE, NULL);
  if (!civic_store_write_end (store, TRUE, error))
    return FALSE;

  /* fold the WAL back now, while we are the one waiting anyway, so the
   * next open does not start with a WAL the size of the database */
  sqlite3_wal_checkpoint_v2 (store->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  return TRUE;
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
