/* civic-db-pg.h: the PostgreSQL backend's few public helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Advisory lock keys (pg_advisory_*): one for every write transaction of
 * every process, one around schema migrations. */
#define CIVIC_PG_WRITE_LOCK   310311
#define CIVIC_PG_MIGRATE_LOCK 310312

/* Whether @uri names a PostgreSQL database (postgresql:// or postgres://). */
#define civic_db_uri_is_postgres(uri) \
  (g_str_has_prefix ((uri), "postgresql:") || g_str_has_prefix ((uri), "postgres:"))

/* SQL with ?1, ?2 … (or bare ?) rewritten to $1, $2 …, leaving quoted
 * text and comments alone; @n_params gets the highest number, @used
 * (may be NULL) a bit for each of ?1…?64 that occurs. */
char *civic_db_pg_rewrite_params (const char *sql,
                                  int        *n_params,
                                  guint64    *used);
/* @uri with any password replaced by ***, for messages and logs. */
char *civic_db_pg_display_uri    (const char *uri);

G_END_DECLS
