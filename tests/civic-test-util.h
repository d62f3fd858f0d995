/* civic-test-util.h: a real civicdesk-server for tests, and temp dirs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *base_url;   /* "http://127.0.0.1:PORT/" (https with TLS) */
  guint        port;
} CivicTestServer;

/* Starts the civicdesk-server binary ($CIVIC_SERVER_BIN) on 127.0.0.1
 * port 0 with @db_path, reads the port from its first line. Aborts the
 * test on failure. Extra arguments may follow, NULL-terminated. */
CivicTestServer *civic_test_server_start (const char *db_path,
                                          ...) G_GNUC_NULL_TERMINATED;
void             civic_test_server_stop  (CivicTestServer *server);

/* Runs the civicdesk-server binary ($CIVIC_SERVER_BIN) with the
 * NULL-terminated arguments and waits for it; returns its exit status,
 * with its standard output in @out and its standard error in @err (each
 * may be NULL). */
int              civic_test_run_cli      (char           **out,
                                          char           **err,
                                          ...) G_GNUC_NULL_TERMINATED;
int              civic_test_run_cliv     (char           **out,
                                          char           **err,
                                          va_list          args);

/* Adds a staff user to @db_path with the real `civicdesk-server user add`
 * (the server may be running: SQLite WAL lets both write). */
void             civic_test_add_user     (const char *db_path,
                                          const char *username,
                                          const char *role,
                                          const char *department,
                                          const char *password);

/* One HTTP request against @server. @body (may be NULL) is sent with
 * @content_type (NULL: application/json); extra headers as NULL-terminated
 * name, value pairs. Returns the parsed JSON answer (NULL when the body is
 * not JSON) and sets @status. */
JsonNode        *civic_test_request      (CivicTestServer *server,
                                          const char      *method,
                                          const char      *path,
                                          const char      *token,
                                          const char      *body,
                                          const char      *content_type,
                                          guint           *status,
                                          ...) G_GNUC_NULL_TERMINATED;
/* civic_test_request() that does not fail the test when the server
 * cannot be reached (status 0, NULL): for tests that stop a process. */
JsonNode        *civic_test_request_soft (CivicTestServer *server,
                                          const char      *method,
                                          const char      *path,
                                          const char      *token,
                                          const char      *body,
                                          guint           *status,
                                          ...) G_GNUC_NULL_TERMINATED;
/* civic_test_request() without a body or extra headers, asserting the
 * answer's status is @expected; returns the parsed JSON answer. */
JsonNode        *civic_test_call         (CivicTestServer *server,
                                          const char      *method,
                                          const char      *path,
                                          const char      *token,
                                          const char      *body,
                                          guint            expected);
/* civic_test_call() for a request whose answer only matters by status. */
void             civic_test_expect       (CivicTestServer *server,
                                          const char      *method,
                                          const char      *path,
                                          const char      *token,
                                          const char      *body,
                                          guint            expected);
/* The raw body of the last civic_test_request() on this thread. */
const char      *civic_test_last_body    (void);
/* Signs in; asserts success; returns the bearer token. */
char            *civic_test_login        (CivicTestServer *server,
                                          const char      *username,
                                          const char      *password);

/* Runs @sql (one or more statements) on the test database @db_path
 * straight through SQLite (the server may be running: WAL); fails the
 * test on an error. Returns the first column of the first row a
 * statement gives, as text (NULL: none). */
char            *civic_test_sql          (const char      *db_path,
                                          const char      *sql);
/* After rows were inserted with explicit ids: moves @table's id counter
 * past them (PostgreSQL's sequences do not follow explicit ids; SQLite's
 * INTEGER PRIMARY KEY does, so there this does nothing). */
void        civic_test_sql_sync_ids (const char *db_path,
                                     const char *table);
/* The same for a query giving one integer (-1: no row). */
gint64           civic_test_sql_int      (const char      *db_path,
                                          const char      *sql);

/* A fresh directory under the system temp dir, removed by
 * civic_test_rm_rf(). */
char            *civic_test_mkdtemp      (void);
void             civic_test_rm_rf        (const char *path);

G_END_DECLS
