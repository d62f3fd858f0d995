/* civic-db.c: dispatch to the backend, statement cache, transactions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-db-private.h"
#include "civic-db-pg.h"

#include "civic-error.h"

struct _CivicDb
{
  gatomicrefcount        ref_count;
  const CivicDbBackend  *backend;
  gpointer               data;
};

struct _CivicDbConn
{
  CivicDb    *db;
  gpointer    data;
  GHashTable *stmts;         /* SQL text → CivicDbStmt */
  gboolean    in_transaction;
};

struct _CivicDbStmt
{
  CivicDbConn *conn;
  gpointer     data;
  gboolean     dirty;        /* stepped since the last reset */
};

static void
stmt_free (gpointer data)
{
  CivicDbStmt *stmt = data;

  stmt->conn->db->backend->finalize (stmt->data);
  g_free (stmt);
}

CivicDb *
civic_db_open (const char  *uri,
               GError     **error)
{
  const CivicDbBackend *backend = &civic_db_sqlite_backend;
  const char *location = uri;
  g_autoptr(CivicDb) db = NULL;
  CivicDbConn *conn;
  gboolean ok;

  g_return_val_if_fail (uri != NULL, NULL);

  if (g_str_has_prefix (uri, "sqlite:"))
    location = uri + strlen ("sqlite:");
  else if (civic_db_uri_is_postgres (uri))
    backend = &civic_db_pg_backend;

  db = g_new0 (CivicDb, 1);
  g_atomic_ref_count_init (&db->ref_count);
  db->backend = backend;
  db->data = backend->open (location, error);
  if (db->data == NULL)
    return NULL;

  conn = civic_db_connect (db, error);
  if (conn == NULL)
    return NULL;
  ok = backend->migrate (conn->data, error);
  civic_db_conn_free (conn);
  if (!ok)
    return NULL;

  return g_steal_pointer (&db);
}

CivicDb *
civic_db_ref (CivicDb *db)
{
  g_atomic_ref_count_inc (&db->ref_count);
  return db;
}

void
civic_db_unref (CivicDb *db)
{
  if (db == NULL || !g_atomic_ref_count_dec (&db->ref_count))
    return;
  if (db->data != NULL)
    db->backend->close (db->data);
  g_free (db);
}

const char *
civic_db_get_backend_name (CivicDb *db)
{
  return db->backend->name;
}

CivicDbConn *
civic_db_connect (CivicDb  *db,
                  GError  **error)
{
  gpointer data = db->backend->connect (db->data, error);
  CivicDbConn *conn;

  if (data == NULL)
    return NULL;
  conn = g_new0 (CivicDbConn, 1);
  conn->db = civic_db_ref (db);
  conn->data = data;
  conn->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stmt_free);
  return conn;
}

void
civic_db_conn_free (CivicDbConn *conn)
{
  if (conn == NULL)
    return;
  if (conn->in_transaction)
    civic_db_rollback (conn);
  g_hash_table_destroy (conn->stmts);
  conn->db->backend->disconnect (conn->data);
  civic_db_unref (conn->db);
  g_free (conn);
}

CivicDb *
civic_db_conn_get_db (CivicDbConn *conn)
{
  return conn->db;
}

gboolean
civic_db_exec (CivicDbConn  *conn,
               const char   *sql,
               GError      **error)
{
  return conn->db->backend->exec (conn->data, sql, error);
}

gboolean
civic_db_begin (CivicDbConn  *conn,
                GError      **error)
{
  g_return_val_if_fail (!conn->in_transaction, FALSE);
  if (!civic_db_exec (conn, conn->db->backend->begin_sql, error))
    return FALSE;
  conn->in_transaction = TRUE;
  return TRUE;
}

gboolean
civic_db_commit (CivicDbConn  *conn,
                 GError      **error)
{
  g_return_val_if_fail (conn->in_transaction, FALSE);
  if (!civic_db_exec (conn, "COMMIT", error))
    {
      civic_db_rollback (conn);
      return FALSE;
    }
  conn->in_transaction = FALSE;
  return TRUE;
}

void
civic_db_rollback (CivicDbConn *conn)
{
  if (!conn->in_transaction)
    return;
  /* Statements still stepping would keep the transaction open. */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, conn->stmts);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        CivicDbStmt *stmt = value;

        if (stmt->dirty)
          {
            conn->db->backend->reset (stmt->data);
            stmt->dirty = FALSE;
          }
      }
  }
  civic_db_exec (conn, "ROLLBACK", NULL);
  conn->in_transaction = FALSE;
}

gboolean
civic_db_in_transaction (CivicDbConn *conn)
{
  return conn->in_transaction;
}

CivicDbStmt *
civic_db_prepare (CivicDbConn  *conn,
                  const char   *sql,
                  GError      **error)
{
  CivicDbStmt *stmt = g_hash_table_lookup (conn->stmts, sql);

  if (stmt == NULL)
    {
      gpointer data = conn->db->backend->prepare (conn->data, sql, error);

      if (data == NULL)
        return NULL;
      stmt = g_new0 (CivicDbStmt, 1);
      stmt->conn = conn;
      stmt->data = data;
      g_hash_table_insert (conn->stmts, g_strdup (sql), stmt);
    }
  else if (stmt->dirty)
    {
      conn->db->backend->reset (stmt->data);
      stmt->dirty = FALSE;
    }

  return stmt;
}

void
civic_db_bind_text (CivicDbStmt *stmt,
                    int          index,
                    const char  *value)
{
  if (value == NULL)
    stmt->conn->db->backend->bind_null (stmt->data, index);
  else
    stmt->conn->db->backend->bind_text (stmt->data, index, value);
}

void
civic_db_bind_int64 (CivicDbStmt *stmt,
                     int          index,
                     gint64       value)
{
  stmt->conn->db->backend->bind_int64 (stmt->data, index, value);
}

void
civic_db_bind_double (CivicDbStmt *stmt,
                      int          index,
                      double       value)
{
  stmt->conn->db->backend->bind_double (stmt->data, index, value);
}

void
civic_db_bind_null (CivicDbStmt *stmt,
                    int          index)
{
  stmt->conn->db->backend->bind_null (stmt->data, index);
}

gboolean
civic_db_step (CivicDbStmt  *stmt,
               GError      **error)
{
  int rc;

  stmt->dirty = TRUE;
  rc = stmt->conn->db->backend->step (stmt->data, error);
  if (rc <= 0)
    {
      /* Reset at once so a finished read never pins a snapshot. */
      stmt->conn->db->backend->reset (stmt->data);
      stmt->dirty = FALSE;
    }
  return rc == 1;
}

void
civic_db_done (CivicDbStmt *stmt)
{
  if (stmt->dirty)
    {
      stmt->conn->db->backend->reset (stmt->data);
      stmt->dirty = FALSE;
    }
}

gboolean
civic_db_run (CivicDbStmt  *stmt,
              GError      **error)
{
  GError *local_error = NULL;

  while (civic_db_step (stmt, &local_error))
    ;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

gboolean
civic_db_exists (CivicDbConn  *conn,
                 const char   *sql,
                 const char   *value,
                 GError      **error)
{
  CivicDbStmt *stmt = civic_db_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, value);
  if (!civic_db_step (stmt, error))
    return FALSE;
  civic_db_done (stmt);
  return TRUE;
}

int
civic_db_column_count (CivicDbStmt *stmt)
{
  return stmt->conn->db->backend->column_count (stmt->data);
}

gboolean
civic_db_column_is_null (CivicDbStmt *stmt,
                         int          column)
{
  return stmt->conn->db->backend->column_is_null (stmt->data, column);
}

const char *
civic_db_column_text (CivicDbStmt *stmt,
                      int          column)
{
  return stmt->conn->db->backend->column_text (stmt->data, column);
}

gint64
civic_db_column_int64 (CivicDbStmt *stmt,
                       int          column)
{
  return stmt->conn->db->backend->column_int64 (stmt->data, column);
}

double
civic_db_column_double (CivicDbStmt *stmt,
                        int          column)
{
  return stmt->conn->db->backend->column_double (stmt->data, column);
}

gint64
civic_db_changes (CivicDbConn *conn)
{
  return conn->db->backend->changes (conn->data);
}

gboolean
civic_db_notify (CivicDbConn  *conn,
                 const char   *channel,
                 const char   *payload,
                 GError      **error)
{
  CivicDbStmt *stmt;

  /* SQLite has no other process to tell: they poll the sequence. */
  if (conn->db->backend != &civic_db_pg_backend)
    return TRUE;
  stmt = civic_db_prepare (conn, "SELECT pg_notify(?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, channel);
  civic_db_bind_text (stmt, 2, payload);
  return civic_db_run (stmt, error);
}
