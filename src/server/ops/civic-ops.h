/* civic-ops.h: the operator's subcommands of civicdesk-server
 *
 * Each takes the arguments after its name (argv[0] is the command name)
 * and returns the process exit status: 0 done, 1 failed, 2 bad usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-db.h"

G_BEGIN_DECLS

int       civic_ops_user        (int argc, char **argv);
int       civic_ops_seed_demo   (int argc, char **argv);
int       civic_ops_import_csv  (int argc, char **argv);
int       civic_ops_migrate     (int argc, char **argv);

/* Opens the database named by --db for an operator command, printing a
 * plain error on failure. */
CivicDb  *civic_ops_open_db     (const char *path);

/* Parses the command's options (@entries, NULL-terminated) under the
 * --help line @summary. On bad usage prints “civicdesk-server @command:
 * reason” and returns FALSE (exit status 2). */
gboolean  civic_ops_parse_options (const char         *command,
                                   const char         *summary,
                                   const GOptionEntry *entries,
                                   int                 argc,
                                   char              **argv);

/* Opens --db @path and connects to it, printing a plain error (prefixed
 * with @command for a failed connection) and returning NULL on failure
 * (exit status 1). *@db is set to the database, which must outlive the
 * connection. */
CivicDbConn *civic_ops_connect  (const char  *command,
                                 const char  *path,
                                 CivicDb    **db);

G_END_DECLS
