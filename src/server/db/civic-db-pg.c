/* civic-db-pg.c: the scale-out backend, one PostgreSQL database over libpq
 *
 * Several civicdesk-server processes share one database; each server
 * thread holds its own connection. Statements are written once with
 * SQLite's numbered parameters (?1, ?2, …) and rewritten here to $1, $2,
 * then prepared once per connection (civic-db.c caches them by SQL text).
 *
 * Values travel as text both ways: libpq's text format is what every
 * column type prints, and it spares a type table per statement. Results
 * are read whole (no single-row mode) because handlers often run another
 * statement on the same connection while stepping through a result.
 *
 * Writes: civic_db_begin takes one transaction-level advisory lock
 * (CIVIC_PG_WRITE_LOCK) before anything else, so write transactions of
 * every process are serialised as SQLite's BEGIN IMMEDIATE serialises
 * them. The change sequence is bumped under that lock and the lock is
 * released only after the commit is visible, so sequence order is commit
 * order: see DESIGN.md §3 "Change sequence under concurrency".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libpq-fe.h>
#include <string.h>

#include "civic-db-private.h"
#include "civic-db-pg.h"
#include "civic-db-schema.h"
#include "civic-error.h"

typedef struct
{
  char *conninfo;
  char *display;       /* the URI without its password, for messages */
} PgDb;

typedef struct
{
  PGconn *pg;
  char   *display;
  guint   next_id;      /* prepared statement names */
  guint   epoch;        /* bumped when the connection was opened again */
  gint64  changes;      /* rows touched by the last statement */
} PgConn;

typedef struct
{
  PgConn    *conn;
  char      *name;
  char      *text;      /* the rewritten SQL, to prepare again */
  Oid       *types;     /* declared parameter types (0: inferred) */
  guint      epoch;     /* the connection's epoch it was prepared in */
  int        n_params;
  char     **values;    /* n_params bound values, NULL = SQL NULL */
  PGresult  *res;
  int        row;
  int        n_rows;
  int        n_fields;  /* -1 until known */
} PgStmt;

char *
civic_db_pg_display_uri (const char *uri)
{
  g_autoptr(GString) out = g_string_new (uri);
  const char *scheme_end = strstr (uri, "://");
  const char *at;
  const char *colon;

  /* postgresql://user:secret@host/db → postgresql://user:***@host/db */
  if (scheme_end == NULL)
    return g_string_free (g_steal_pointer (&out), FALSE);
  at = strchr (scheme_end + 3, '@');
  colon = strchr (scheme_end + 3, ':');
  if (at != NULL && colon != NULL && colon < at)
    {
      gsize start = colon - uri + 1;

      g_string_erase (out, start, at - colon - 1);
      g_string_insert (out, start, "***");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static int
map_sqlstate (const char *state)
{
  if (state == NULL)
    return CIVIC_ERROR_FAILED;
  if (g_str_has_prefix (state, "23"))          /* integrity constraint */
    return CIVIC_ERROR_INVALID;
  if (g_str_equal (state, "22P02") || g_str_equal (state, "22003") ||
      g_str_equal (state, "22001"))            /* bad number, out of range, too long */
    return CIVIC_ERROR_INVALID;
  if (g_str_equal (state, "40001") || g_str_equal (state, "40P01") ||
      g_str_equal (state, "55P03"))            /* serialization, deadlock, lock */
    return CIVIC_ERROR_STORE_LOCKED;
  if (g_str_has_prefix (state, "53"))          /* disk full, out of memory */
    return CIVIC_ERROR_STORE_FULL;
  if (g_str_equal (state, "25006"))            /* read-only transaction */
    return CIVIC_ERROR_STORE_READ_ONLY;
  return CIVIC_ERROR_FAILED;
}

static void
set_error_from_pg (GError         **error,
                   PgConn          *conn,
                   const PGresult  *res,
                   const char      *what)
{
  const char *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  const char *detail = res != NULL ? PQresultErrorMessage (res) : PQerrorMessage (conn->pg);
  int code = map_sqlstate (state);
  g_autofree char *message = g_strstrip (g_strdup (detail != NULL && *detail ? detail
                                                                            : PQerrorMessage (conn->pg)));

  if (PQstatus (conn->pg) == CONNECTION_BAD)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_LOCKED,
                   "The database %s cannot be reached (%s); try again", conn->display, message);
      return;
    }
  switch (code)
    {
    case CIVIC_ERROR_STORE_FULL:
      g_set_error (error, CIVIC_ERROR, code,
                   "The database %s has no room left; nothing was changed", conn->display);
      return;
    case CIVIC_ERROR_STORE_LOCKED:
      g_set_error (error, CIVIC_ERROR, code,
                   "The database %s was busy with another change; try again", conn->display);
      return;
    case CIVIC_ERROR_STORE_READ_ONLY:
      g_set_error (error, CIVIC_ERROR, code,
                   "The database %s cannot be written (read-only)", conn->display);
      return;
    default:
      g_set_error (error, CIVIC_ERROR, code, "%s failed: %s", what, message);
    }
}

/* A broken connection (PostgreSQL restarted, a proxy dropped it) is
 * opened again before the next statement; its prepared statements are
 * gone with it, so each statement notices the new epoch and prepares
 * itself again. */
static void
ensure_connected (PgConn *conn)
{
  if (PQstatus (conn->pg) == CONNECTION_BAD)
    {
      PQreset (conn->pg);
      conn->epoch++;
    }
}

static gpointer
pg_open (const char  *location,
         GError     **error)
{
  PgDb *db;

  if (location == NULL || *location == '\0')
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "No database address was given");
      return NULL;
    }
  db = g_new0 (PgDb, 1);
  /* libpq knows "postgresql://" and "postgres://" both. */
  db->conninfo = g_strdup (location);
  db->display = civic_db_pg_display_uri (location);
  return db;
}

static void
pg_close (gpointer data)
{
  PgDb *db = data;

  g_free (db->conninfo);
  g_free (db->display);
  g_free (db);
}

static gboolean
check_result (PgConn      *conn,
              PGresult    *res,
              const char  *what,
              GError     **error)
{
  ExecStatusType status = PQresultStatus (res);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    {
      const char *n = PQcmdTuples (res);

      conn->changes = n != NULL && *n ? g_ascii_strtoll (n, NULL, 10) : 0;
      return TRUE;
    }
  set_error_from_pg (error, conn, res, what);
  return FALSE;
}

static gboolean
pg_exec (gpointer     conn_data,
         const char  *sql,
         GError     **error)
{
  PgConn *conn = conn_data;
  PGresult *res;
  gboolean ok;
  gboolean idle;

  ensure_connected (conn);
  idle = PQtransactionStatus (conn->pg) == PQTRANS_IDLE;
  res = PQexec (conn->pg, sql);
  if (idle && PQstatus (conn->pg) == CONNECTION_BAD)
    {
      /* e.g. a BEGIN on a connection PostgreSQL dropped: once more */
      PQclear (res);
      ensure_connected (conn);
      res = PQexec (conn->pg, sql);
    }
  ok = check_result (conn, res, "A database command", error);
  PQclear (res);
  return ok;
}

static void
ignore_notice (void       *arg,
               const char *message)
{
  /* NOTICEs ("relation already exists, skipping") are not for clerks. */
}

static gpointer
pg_connect (gpointer   backend_data,
            GError   **error)
{
  PgDb *db = backend_data;
  PgConn *conn = g_new0 (PgConn, 1);

  conn->display = g_strdup (db->display);
  conn->pg = PQconnectdb (db->conninfo);
  if (PQstatus (conn->pg) != CONNECTION_OK)
    {
      g_autofree char *message = g_strstrip (g_strdup (PQerrorMessage (conn->pg)));

      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_MISSING,
                   "The database %s cannot be opened: %s", db->display, message);
      PQfinish (conn->pg);
      g_free (conn->display);
      g_free (conn);
      return NULL;
    }
  PQsetNoticeProcessor (conn->pg, ignore_notice, NULL);
  /* Times are Unix seconds in BIGINT columns; nothing depends on the
   * session's zone, but keep it fixed so that no query ever does. */
  if (!pg_exec (conn, "SET TIME ZONE 'UTC'", error))
    {
      PQfinish (conn->pg);
      g_free (conn->display);
      g_free (conn);
      return NULL;
    }
  return conn;
}

static void
pg_disconnect (gpointer conn_data)
{
  PgConn *conn = conn_data;

  PQfinish (conn->pg);
  g_free (conn->display);
  g_free (conn);
}

char *
civic_db_pg_rewrite_params (const char *sql,
                            int        *n_params,
                            guint64    *used)
{
  GString *out = g_string_sized_new (strlen (sql) + 8);
  int max = 0;
  int bare = 0;
  const char *p = sql;

  while (*p != '\0')
    {
      if (*p == '\'' || *p == '"')
        {
          /* a literal or a quoted name, with doubled quotes inside */
          char quote = *p;

          g_string_append_c (out, *p++);
          while (*p != '\0')
            {
              if (*p == quote && p[1] == quote)
                {
                  g_string_append_len (out, p, 2);
                  p += 2;
                  continue;
                }
              if (*p == quote)
                break;
              g_string_append_c (out, *p++);
            }
          if (*p != '\0')
            g_string_append_c (out, *p++);
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          while (*p != '\0' && *p != '\n')
            g_string_append_c (out, *p++);
        }
      else if (*p == '?')
        {
          int n = 0;

          p++;
          if (g_ascii_isdigit (*p))
            {
              while (g_ascii_isdigit (*p))
                n = n * 10 + (*p++ - '0');
            }
          else
            n = ++bare;
          max = MAX (max, n);
          if (used != NULL && n >= 1 && n <= 64)
            *used |= G_GUINT64_CONSTANT (1) << (n - 1);
          g_string_append_printf (out, "$%d", n);
        }
      else
        g_string_append_c (out, *p++);
    }
  if (n_params != NULL)
    *n_params = max;
  return g_string_free (out, FALSE);
}

static gpointer
pg_prepare (gpointer     conn_data,
            const char  *sql,
            GError     **error)
{
  PgConn *conn = conn_data;
  g_autofree char *text = NULL;
  g_autofree Oid *types = NULL;
  PgStmt *stmt;
  PGresult *res;
  int n_params = 0;
  guint64 used = 0;
  int i;

  ensure_connected (conn);
  text = civic_db_pg_rewrite_params (sql, &n_params, &used);
  /* A handler may bind a parameter its SQL does not use this time (an
   * optional filter left out); PostgreSQL cannot guess its type, so it
   * is declared text. The others are left for the server to infer. */
  types = g_new0 (Oid, MAX (n_params, 1));
  for (i = 0; i < n_params && i < 64; i++)
    if ((used & (G_GUINT64_CONSTANT (1) << i)) == 0)
      types[i] = 25;   /* TEXTOID */
  stmt = g_new0 (PgStmt, 1);
  stmt->conn = conn;
  stmt->name = g_strdup_printf ("civic_%u", ++conn->next_id);
  stmt->epoch = conn->epoch;
  stmt->n_params = n_params;
  stmt->values = g_new0 (char *, MAX (n_params, 1));
  stmt->row = -1;
  stmt->n_fields = -1;
  stmt->types = g_steal_pointer (&types);
  res = PQprepare (conn->pg, stmt->name, text, n_params, stmt->types);
  if (PQstatus (conn->pg) == CONNECTION_BAD && PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      /* PostgreSQL restarted since the last statement: a new connection
       * (whose epoch makes the cached statements prepare again) */
      PQclear (res);
      ensure_connected (conn);
      stmt->epoch = conn->epoch;
      res = PQprepare (conn->pg, stmt->name, text, n_params, stmt->types);
    }
  if (!check_result (conn, res, "Preparing a query", error))
    {
      PQclear (res);
      g_free (stmt->types);
      g_free (stmt->values);
      g_free (stmt->name);
      g_free (stmt);
      return NULL;
    }
  PQclear (res);
  stmt->text = g_steal_pointer (&text);
  return stmt;
}

static void
clear_values (PgStmt *stmt)
{
  int i;

  for (i = 0; i < stmt->n_params; i++)
    g_clear_pointer (&stmt->values[i], g_free);
}

static void
pg_reset (gpointer data)
{
  PgStmt *stmt = data;

  g_clear_pointer (&stmt->res, PQclear);
  stmt->row = -1;
  stmt->n_rows = 0;
  clear_values (stmt);
}

static void
pg_finalize (gpointer data)
{
  PgStmt *stmt = data;
  g_autofree char *sql = g_strdup_printf ("DEALLOCATE %s", stmt->name);

  pg_reset (stmt);
  if (PQstatus (stmt->conn->pg) == CONNECTION_OK &&
      PQtransactionStatus (stmt->conn->pg) == PQTRANS_IDLE)
    PQclear (PQexec (stmt->conn->pg, sql));
  g_free (stmt->values);
  g_free (stmt->name);
  g_free (stmt->text);
  g_free (stmt->types);
  g_free (stmt);
}

static void
bind_value (PgStmt *stmt,
            int     index,
            char   *value)
{
  if (index < 1 || index > stmt->n_params)
    {
      g_free (value);
      return;
    }
  g_free (stmt->values[index - 1]);
  stmt->values[index - 1] = value;
}

static void
pg_bind_text (gpointer data, int index, const char *value)
{
  bind_value (data, index, g_strdup (value));
}

static void
pg_bind_int64 (gpointer data, int index, gint64 value)
{
  bind_value (data, index, g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

static void
pg_bind_double (gpointer data, int index, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  bind_value (data, index, g_strdup (g_ascii_dtostr (buf, sizeof buf, value)));
}

static void
pg_bind_null (gpointer data, int index)
{
  bind_value (data, index, NULL);
}

static gboolean
execute (PgStmt  *stmt,
         GError **error)
{
  PgConn *conn = stmt->conn;

  ensure_connected (conn);
  if (stmt->epoch != conn->epoch)
    {
      PGresult *res = PQprepare (conn->pg, stmt->name, stmt->text, stmt->n_params, stmt->types);
      gboolean ok = check_result (conn, res, "Preparing a query", error);

      PQclear (res);
      if (!ok)
        return FALSE;
      stmt->epoch = conn->epoch;
    }
  stmt->res = PQexecPrepared (conn->pg, stmt->name, stmt->n_params,
                              (const char * const *) stmt->values, NULL, NULL, 0);
  if (!check_result (conn, stmt->res, "A database query", error))
    {
      g_clear_pointer (&stmt->res, PQclear);
      return FALSE;
    }
  return TRUE;
}

static int
pg_step (gpointer   data,
         GError   **error)
{
  PgStmt *stmt = data;

  if (stmt->res == NULL)
    {
      PgConn *conn = stmt->conn;
      gboolean idle = PQtransactionStatus (conn->pg) == PQTRANS_IDLE;
      GError *local_error = NULL;

      /* A statement outside a transaction that finds the connection
       * broken (PostgreSQL restarted since) runs once more on a new one;
       * inside a transaction the whole write is retried instead. */
      if (!execute (stmt, &local_error))
        {
          if (!idle || PQstatus (conn->pg) != CONNECTION_BAD)
            {
              g_propagate_error (error, local_error);
              return -1;
            }
          g_clear_error (&local_error);
          if (!execute (stmt, error))
            return -1;
        }
      stmt->n_rows = PQresultStatus (stmt->res) == PGRES_TUPLES_OK ? PQntuples (stmt->res) : 0;
      stmt->n_fields = PQnfields (stmt->res);
      stmt->row = -1;
    }
  stmt->row++;
  return stmt->row < stmt->n_rows ? 1 : 0;
}

static int
pg_column_count (gpointer data)
{
  PgStmt *stmt = data;

  if (stmt->n_fields < 0)
    {
      PGresult *res = PQdescribePrepared (stmt->conn->pg, stmt->name);

      stmt->n_fields = PQresultStatus (res) == PGRES_COMMAND_OK ? PQnfields (res) : 0;
      PQclear (res);
    }
  return stmt->n_fields;
}

static gboolean
pg_column_is_null (gpointer data, int column)
{
  PgStmt *stmt = data;

  if (stmt->res == NULL || stmt->row < 0 || stmt->row >= stmt->n_rows || column >= stmt->n_fields)
    return TRUE;
  return PQgetisnull (stmt->res, stmt->row, column);
}

static const char *
pg_column_text (gpointer data, int column)
{
  PgStmt *stmt = data;

  if (pg_column_is_null (stmt, column))
    return NULL;
  return PQgetvalue (stmt->res, stmt->row, column);
}

static gint64
pg_column_int64 (gpointer data, int column)
{
  const char *text = pg_column_text (data, column);

  if (text == NULL)
    return 0;
  /* a boolean expression prints as t / f */
  if (text[0] == 't' && text[1] == '\0')
    return 1;
  if (text[0] == 'f' && text[1] == '\0')
    return 0;
  return g_ascii_strtoll (text, NULL, 10);
}

static double
pg_column_double (gpointer data, int column)
{
  const char *text = pg_column_text (data, column);

  return text != NULL ? g_ascii_strtod (text, NULL) : 0.0;
}

static gint64
pg_changes (gpointer conn_data)
{
  return ((PgConn *) conn_data)->changes;
}

static gint64
query_int (PgConn      *conn,
           const char  *sql,
           GError     **error)
{
  PGresult *res = PQexec (conn->pg, sql);
  gint64 value = -1;

  if (check_result (conn, res, "Reading the schema version", error) && PQntuples (res) > 0 &&
      !PQgetisnull (res, 0, 0))
    value = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  else if (error != NULL && *error == NULL)
    value = 0;
  PQclear (res);
  return value;
}

/* Two processes started together against an empty database must not
 * both create the tables: a session-level advisory lock makes the second
 * wait and then find the schema current. */
static gboolean
pg_migrate (gpointer   conn_data,
            GError   **error)
{
  PgConn *conn = conn_data;
  gint64 version;
  gboolean ok = FALSE;

  if (!pg_exec (conn, "SELECT pg_advisory_lock(" G_STRINGIFY (CIVIC_PG_MIGRATE_LOCK) ")", error))
    return FALSE;
  if (!pg_exec (conn, "CREATE TABLE IF NOT EXISTS civic_schema (version INTEGER NOT NULL)", error))
    goto out;
  version = query_int (conn, "SELECT COALESCE(MAX(version), 0) FROM civic_schema", error);
  if (version < 0)
    goto out;
  if (version > CIVIC_DB_SCHEMA_VERSION)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_TOO_NEW,
                   "The database %s was written by a newer civicdesk-server (schema %d, this one knows %d); "
                   "it was left untouched", conn->display, (int) version, CIVIC_DB_SCHEMA_VERSION);
      goto out;
    }
  for (; version < CIVIC_DB_SCHEMA_VERSION; version++)
    {
      g_autofree char *sql = civic_db_schema_sql (CIVIC_DB_DIALECT_POSTGRES, (int) version + 1);
      g_autofree char *bump = g_strdup_printf ("DELETE FROM civic_schema; INSERT INTO civic_schema VALUES (%d)",
                                               (int) version + 1);

      if (!pg_exec (conn, "BEGIN", error))
        goto out;
      if (!pg_exec (conn, sql, error) || !pg_exec (conn, bump, error))
        {
          pg_exec (conn, "ROLLBACK", NULL);
          goto out;
        }
      if (!pg_exec (conn, "COMMIT", error))
        goto out;
    }
  ok = TRUE;
out:
  pg_exec (conn, "SELECT pg_advisory_unlock(" G_STRINGIFY (CIVIC_PG_MIGRATE_LOCK) ")", NULL);
  return ok;
}

const CivicDbBackend civic_db_pg_backend = {
  .name = "postgres",
  .open = pg_open,
  .close = pg_close,
  .connect = pg_connect,
  .disconnect = pg_disconnect,
  .exec = pg_exec,
  .begin_sql = "BEGIN; SELECT pg_advisory_xact_lock(" G_STRINGIFY (CIVIC_PG_WRITE_LOCK) ")",
  .prepare = pg_prepare,
  .finalize = pg_finalize,
  .reset = pg_reset,
  .bind_text = pg_bind_text,
  .bind_int64 = pg_bind_int64,
  .bind_double = pg_bind_double,
  .bind_null = pg_bind_null,
  .step = pg_step,
  .column_count = pg_column_count,
  .column_is_null = pg_column_is_null,
  .column_text = pg_column_text,
  .column_int64 = pg_column_int64,
  .column_double = pg_column_double,
  .changes = pg_changes,
  .migrate = pg_migrate,
};
