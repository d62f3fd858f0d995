/* civic-ops.c: what every operator command does before its own work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-ops.h"

CivicDb *
civic_ops_open_db (const char *path)
{
  g_autoptr(GError) error = NULL;
  CivicDb *db;

  if (path == NULL)
    {
      g_printerr ("civicdesk-server: give the database with --db PATH\n");
      return NULL;
    }
  db = civic_db_open (path, &error);
  if (db == NULL)
    g_printerr ("civicdesk-server: %s\n", error->message);
  return db;
}

gboolean
civic_ops_parse_options (const char         *command,
                         const char         *summary,
                         const GOptionEntry *entries,
                         int                 argc,
                         char              **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (summary);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("civicdesk-server %s: %s\n", command, error->message);
      return FALSE;
    }
  return TRUE;
}

CivicDbConn *
civic_ops_connect (const char  *command,
                   const char  *path,
                   CivicDb    **db)
{
  g_autoptr(GError) error = NULL;
  CivicDbConn *conn;

  *db = civic_ops_open_db (path);
  if (*db == NULL)
    return NULL;
  conn = civic_db_connect (*db, &error);
  if (conn == NULL)
    g_printerr ("civicdesk-server %s: %s\n", command, error->message);
  return conn;
}
