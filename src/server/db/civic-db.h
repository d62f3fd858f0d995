/* civic-db.h: the server's storage backend interface
 *
 * Handlers never see SQLite or PostgreSQL: they open a per-thread
 * connection, prepare SQL written once in the dialect both understand
 * (numbered parameters `?1`, `?2`, …; `ON CONFLICT … DO UPDATE`;
 * `RETURNING`), bind, step and read columns. A backend implements the small
 * vtable in civic-db-private.h. DDL differs and lives in each backend.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CivicDb     CivicDb;      /* shared, thread-safe: a database */
typedef struct _CivicDbConn CivicDbConn;  /* one thread's connection */
typedef struct _CivicDbStmt CivicDbStmt;  /* a prepared statement, owned by its conn */

CivicDb     *civic_db_open               (const char   *uri,
                                          GError      **error);
CivicDb     *civic_db_ref                (CivicDb      *db);
void         civic_db_unref              (CivicDb      *db);
const char  *civic_db_get_backend_name   (CivicDb      *db);

CivicDbConn *civic_db_connect            (CivicDb      *db,
                                          GError      **error);
void         civic_db_conn_free          (CivicDbConn  *conn);
CivicDb     *civic_db_conn_get_db        (CivicDbConn  *conn);

/* Runs statements without parameters or results (DDL, PRAGMA). */
gboolean     civic_db_exec               (CivicDbConn  *conn,
                                          const char   *sql,
                                          GError      **error);

/* A write transaction takes the write lock up front (SQLite: BEGIN
 * IMMEDIATE) so two writers never deadlock on an upgrade. */
gboolean     civic_db_begin              (CivicDbConn  *conn,
                                          GError      **error);
gboolean     civic_db_commit             (CivicDbConn  *conn,
                                          GError      **error);
void         civic_db_rollback           (CivicDbConn  *conn);
gboolean     civic_db_in_transaction     (CivicDbConn  *conn);

/* Statements are cached per connection by SQL text and reset on reuse. */
CivicDbStmt *civic_db_prepare            (CivicDbConn  *conn,
                                          const char   *sql,
                                          GError      **error);
void         civic_db_bind_text          (CivicDbStmt  *stmt,
                                          int           index,
                                          const char   *value);
void         civic_db_bind_int64         (CivicDbStmt  *stmt,
                                          int           index,
                                          gint64        value);
void         civic_db_bind_double        (CivicDbStmt  *stmt,
                                          int           index,
                                          double        value);
void         civic_db_bind_null          (CivicDbStmt  *stmt,
                                          int           index);
/* TRUE with a row to read; FALSE at the end (error unset) or on error. */
gboolean     civic_db_step               (CivicDbStmt  *stmt,
                                          GError      **error);
/* Done reading before the end: releases the statement's read snapshot. */
void         civic_db_done               (CivicDbStmt  *stmt);
/* Runs a statement to its end, for writes. */
gboolean     civic_db_run                (CivicDbStmt  *stmt,
                                          GError      **error);
int          civic_db_column_count       (CivicDbStmt  *stmt);
gboolean     civic_db_column_is_null     (CivicDbStmt  *stmt,
                                          int           column);
const char  *civic_db_column_text        (CivicDbStmt  *stmt,
                                          int           column);
gint64       civic_db_column_int64       (CivicDbStmt  *stmt,
                                          int           column);
double       civic_db_column_double      (CivicDbStmt  *stmt,
                                          int           column);
/* Whether @sql (a query with one text parameter ?1 = @value) gives a
 * row. FALSE with @error set on a database error, FALSE with it unset
 * when there is no row. */
gboolean     civic_db_exists             (CivicDbConn  *conn,
                                          const char   *sql,
                                          const char   *value,
                                          GError      **error);
/* Inside a write transaction: tells every server process LISTENing on
 * @channel @payload when the transaction commits (PostgreSQL NOTIFY);
 * nothing on SQLite. */
gboolean     civic_db_notify             (CivicDbConn  *conn,
                                          const char   *channel,
                                          const char   *payload,
                                          GError      **error);
/* Rows changed by the last write statement. */
gint64       civic_db_changes            (CivicDbConn  *conn);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicDb, civic_db_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicDbConn, civic_db_conn_free)

G_END_DECLS
