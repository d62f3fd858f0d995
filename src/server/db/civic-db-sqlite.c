/* civic-db-sqlite.c: the embedded backend, one SQLite file in WAL mode
 *
 * Each server thread holds its own connection; WAL lets readers run beside
 * the one writer, and BEGIN IMMEDIATE plus a busy timeout queue writers
 * instead of failing them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <sqlite3.h>

#include "civic-db-private.h"
#include "civic-db-schema.h"
#include "civic-error.h"

typedef struct
{
  char *path;
} SqliteDb;

typedef struct
{
  sqlite3 *handle;
  char    *path;
} SqliteConn;

typedef struct
{
  sqlite3_stmt *stmt;
  SqliteConn   *conn;
} SqliteStmt;

static void
set_error_from_sqlite (GError     **error,
                       sqlite3     *handle,
                       int          rc,
                       const char  *path,
                       const char  *what)
{
  int code = CIVIC_ERROR_FAILED;
  const char *detail = handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_FULL,
                   "The disk holding the database %s is full; nothing was changed", path);
      return;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_LOCKED,
                   "The database %s stayed busy too long; try again", path);
      return;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_READ_ONLY,
                   "The database %s cannot be written (read-only file or folder)", path);
      return;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_CORRUPT,
                   "The database %s is damaged or is not a Civic Desk database", path);
      return;
    case SQLITE_CANTOPEN:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_MISSING,
                   "The database %s cannot be opened: its folder is missing or not accessible", path);
      return;
    case SQLITE_CONSTRAINT:
      code = CIVIC_ERROR_INVALID;
      break;
    default:
      break;
    }
  g_set_error (error, CIVIC_ERROR, code, "%s failed: %s", what, detail);
}

static gpointer
sqlite_open (const char  *location,
             GError     **error)
{
  SqliteDb *db;

  if (location == NULL || *location == '\0')
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "No database file was given");
      return NULL;
    }
  db = g_new0 (SqliteDb, 1);
  db->path = g_strdup (location);
  return db;
}

static void
sqlite_close (gpointer data)
{
  SqliteDb *db = data;

  g_free (db->path);
  g_free (db);
}

static gboolean
sqlite_exec (gpointer     conn_data,
             const char  *sql,
             GError     **error)
{
  SqliteConn *conn = conn_data;
  int rc = sqlite3_exec (conn->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_error_from_sqlite (error, conn->handle, rc, conn->path, "A database command");
      return FALSE;
    }
  return TRUE;
}

static gpointer
sqlite_connect (gpointer   backend_data,
                GError   **error)
{
  SqliteDb *db = backend_data;
  SqliteConn *conn = g_new0 (SqliteConn, 1);
  int rc;

  conn->path = g_strdup (db->path);
  rc = sqlite3_open_v2 (db->path, &conn->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_error_from_sqlite (error, NULL, rc, db->path, "Opening the database");
      sqlite3_close (conn->handle);
      g_free (conn->path);
      g_free (conn);
      return NULL;
    }
  sqlite3_extended_result_codes (conn->handle, 1);
  sqlite3_busy_timeout (conn->handle, 5000);
  if (!sqlite_exec (conn, "PRAGMA journal_mode=WAL;"
                          "PRAGMA synchronous=NORMAL;"
                          "PRAGMA foreign_keys=ON;"
                          "PRAGMA temp_store=MEMORY;"
                          "PRAGMA cache_size=-32768;", error))
    {
      sqlite3_close (conn->handle);
      g_free (conn->path);
      g_free (conn);
      return NULL;
    }
  return conn;
}

static void
sqlite_disconnect (gpointer conn_data)
{
  SqliteConn *conn = conn_data;

  sqlite3_close_v2 (conn->handle);
  g_free (conn->path);
  g_free (conn);
}

static gpointer
sqlite_prepare (gpointer     conn_data,
                const char  *sql,
                GError     **error)
{
  SqliteConn *conn = conn_data;
  SqliteStmt *stmt = g_new0 (SqliteStmt, 1);
  int rc = sqlite3_prepare_v3 (conn->handle, sql, -1, SQLITE_PREPARE_PERSISTENT,
                               &stmt->stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_error_from_sqlite (error, conn->handle, rc, conn->path, "Preparing a query");
      g_free (stmt);
      return NULL;
    }
  stmt->conn = conn;
  return stmt;
}

static void
sqlite_finalize (gpointer data)
{
  SqliteStmt *stmt = data;

  sqlite3_finalize (stmt->stmt);
  g_free (stmt);
}

static void
sqlite_reset (gpointer data)
{
  SqliteStmt *stmt = data;

  sqlite3_reset (stmt->stmt);
  sqlite3_clear_bindings (stmt->stmt);
}

static void
sqlite_bind_text (gpointer data, int index, const char *value)
{
  sqlite3_bind_text (((SqliteStmt *) data)->stmt, index, value, -1, SQLITE_TRANSIENT);
}

static void
sqlite_bind_int64 (gpointer data, int index, gint64 value)
{
  sqlite3_bind_int64 (((SqliteStmt *) data)->stmt, index, value);
}

static void
sqlite_bind_double (gpointer data, int index, double value)
{
  sqlite3_bind_double (((SqliteStmt *) data)->stmt, index, value);
}

static void
sqlite_bind_null (gpointer data, int index)
{
  sqlite3_bind_null (((SqliteStmt *) data)->stmt, index);
}

static int
sqlite_step (gpointer   data,
             GError   **error)
{
  SqliteStmt *stmt = data;
  int rc = sqlite3_step (stmt->stmt);

  if (rc == SQLITE_ROW)
    return 1;
  if (rc == SQLITE_DONE)
    return 0;
  set_error_from_sqlite (error, stmt->conn->handle, rc, stmt->conn->path, "A database query");
  return -1;
}

static int
sqlite_column_count (gpointer data)
{
  return sqlite3_column_count (((SqliteStmt *) data)->stmt);
}

static gboolean
sqlite_column_is_null (gpointer data, int column)
{
  return sqlite3_column_type (((SqliteStmt *) data)->stmt, column) == SQLITE_NULL;
}

static const char *
sqlite_column_text (gpointer data, int column)
{
  return (const char *) sqlite3_column_text (((SqliteStmt *) data)->stmt, column);
}

static gint64
sqlite_column_int64 (gpointer data, int column)
{
  return sqlite3_column_int64 (((SqliteStmt *) data)->stmt, column);
}

static double
sqlite_column_double (gpointer data, int column)
{
  return sqlite3_column_double (((SqliteStmt *) data)->stmt, column);
}

static gint64
sqlite_changes (gpointer conn_data)
{
  return sqlite3_changes64 (((SqliteConn *) conn_data)->handle);
}

static gboolean
sqlite_migrate (gpointer   conn_data,
                GError   **error)
{
  SqliteConn *conn = conn_data;
  sqlite3_stmt *stmt = NULL;
  int version = 0;
  int rc;

  rc = sqlite3_prepare_v2 (conn->handle, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_error_from_sqlite (error, conn->handle, rc, conn->path, "Reading the schema version");
      return FALSE;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version > CIVIC_DB_SCHEMA_VERSION)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_TOO_NEW,
                   "The database %s was written by a newer civicdesk-server (schema %d, this one knows %d); "
                   "it was left untouched", conn->path, version, CIVIC_DB_SCHEMA_VERSION);
      return FALSE;
    }

  for (; version < CIVIC_DB_SCHEMA_VERSION; version++)
    {
      g_autofree char *sql = civic_db_schema_sql (CIVIC_DB_DIALECT_SQLITE, version + 1);
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!sqlite_exec (conn, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!sqlite_exec (conn, sql, error) || !sqlite_exec (conn, bump, error))
        {
          sqlite_exec (conn, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!sqlite_exec (conn, "COMMIT", error))
        return FALSE;
    }
  return TRUE;
}

const CivicDbBackend civic_db_sqlite_backend = {
  .name = "sqlite",
  .open = sqlite_open,
  .close = sqlite_close,
  .connect = sqlite_connect,
  .disconnect = sqlite_disconnect,
  .exec = sqlite_exec,
  .begin_sql = "BEGIN IMMEDIATE",
  .prepare = sqlite_prepare,
  .finalize = sqlite_finalize,
  .reset = sqlite_reset,
  .bind_text = sqlite_bind_text,
  .bind_int64 = sqlite_bind_int64,
  .bind_double = sqlite_bind_double,
  .bind_null = sqlite_bind_null,
  .step = sqlite_step,
  .column_count = sqlite_column_count,
  .column_is_null = sqlite_column_is_null,
  .column_text = sqlite_column_text,
  .column_int64 = sqlite_column_int64,
  .column_double = sqlite_column_double,
  .changes = sqlite_changes,
  .migrate = sqlite_migrate,
};
