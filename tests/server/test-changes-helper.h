/* test-changes-helper.h: writes for the changes and live tests
 *
 * They go through the real write path (civic_write_run on the server's
 * database file, as the command-line tools do), so the rows carry the
 * sequence exactly as an API write would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-test-util.h"

G_BEGIN_DECLS

/* The real server on a fresh database, and maria's token. */
typedef struct
{
  char            *dir;
  char            *db;
  CivicTestServer *server;
  char            *token;
} HelperServer;

/* maria (@maria_role, streets), with @with_bob bob (manager, streets),
 * the catalogue below, and a server with @workers workers; signs maria
 * in. */
void    helper_server_setup    (HelperServer *s,
                                const char   *maria_role,
                                gboolean      with_bob,
                                const char   *workers);
void    helper_server_teardown (HelperServer *s);

/* A department "streets" and a service "pothole" in it. */
void    helper_add_catalogue   (const char *db_path);
/* Inserts @n_writes writes of @per_write cases each; returns the seq of
 * the last write. Request ids go to @request_ids when not NULL. */
gint64  helper_insert_cases    (const char *db_path,
                                guint       n_writes,
                                guint       per_write,
                                GPtrArray  *request_ids);
/* Inserts a post by @author in one write and deletes it in another,
 * returning its id; the deletion leaves a tombstone. */
gint64  helper_post_and_delete (const char *db_path,
                                const char *author);
/* A notification for @username. */
void    helper_notify          (const char *db_path,
                                const char *username,
                                const char *body);

G_END_DECLS
