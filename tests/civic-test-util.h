/* civic-test-util.h: a real civicdesk-server for tests, and temp dirs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *base_url;   /* "http://127.0.0.1:PORT/" */
  guint        port;
} CivicTestServer;

/* Starts the civicdesk-server binary ($CIVIC_SERVER_BIN) on 127.0.0.1
 * port 0 with @db_path, reads the port from its first line. Aborts the
 * test on failure. Extra arguments may follow, NULL-terminated. */
CivicTestServer *civic_test_server_start (const char *db_path,
                                          ...) G_GNUC_NULL_TERMINATED;
void             civic_test_server_stop  (CivicTestServer *server);

/* A fresh directory under the system temp dir, removed by
 * civic_test_rm_rf(). */
char            *civic_test_mkdtemp      (void);
void             civic_test_rm_rf        (const char *path);

G_END_DECLS
