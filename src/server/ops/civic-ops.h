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

/* Opens the database named by --db for an operator command, printing a
 * plain error on failure. */
CivicDb  *civic_ops_open_db     (const char *path);

G_END_DECLS
