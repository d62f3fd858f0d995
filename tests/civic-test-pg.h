/* civic-test-pg.h: PostgreSQL for tests, started by the tests themselves
 *
 * With CIVIC_TEST_BACKEND=postgresql (meson's suite "server-pg") every
 * test database path given to civic-test-util maps to its own database in
 * one private cluster per test program; tests of the scale-out itself
 * start clusters of their own with civic_test_pg_start().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _CivicTestPg CivicTestPg;

/* Whether this run is against PostgreSQL (CIVIC_TEST_BACKEND=postgresql). */
gboolean     civic_test_backend_is_pg (void);
/* Debian's PostgreSQL programs folder ($CIVIC_PG_BIN overrides), or NULL. */
char        *civic_test_pg_bin_dir    (void);

/* initdb into a temporary folder and start it; aborts the test on failure. */
CivicTestPg *civic_test_pg_start      (void);
void         civic_test_pg_stop       (CivicTestPg *pg);
/* Stops the postmaster (fast: clients are cut off) and starts it again. */
void         civic_test_pg_restart    (CivicTestPg *pg);
/* The program's one cluster, started on first use, stopped at exit. */
CivicTestPg *civic_test_pg_shared     (void);
/* CREATE DATABASE @name (once) and its URI for --db. */
char        *civic_test_pg_create_db  (CivicTestPg *pg,
                                       const char  *name);
char        *civic_test_pg_conninfo   (CivicTestPg *pg,
                                       const char  *database);

/* What a test's database path means for this run: the path itself for
 * SQLite, a database of the shared cluster for PostgreSQL. */
char        *civic_test_db_uri        (const char  *db_path);
/* Runs @sql (statements separated by ;) on @uri; the first column of the
 * first row any statement gives, or NULL. */
char        *civic_test_pg_sql        (const char  *uri,
                                       const char  *sql);

G_END_DECLS
