/* civic-ops-api-key.c: `civicdesk-server api-key add|list|remove`
 *
 * A key is shown once, when it is made; only its hash is stored, so a
 * stolen database does not hand out working keys.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "civic-ops.h"
#include "civic-ops-open311.h"
#include "auth/civic-auth.h"
#include "civic-write.h"

typedef struct
{
  const char *name;
  const char *hash;
  gboolean    remove;
  gint64      removed;
} KeyChange;

static gboolean
change_key (CivicWrite  *w,
            gpointer     data,
            GError     **error)
{
  KeyChange *k = data;
  CivicDbStmt *stmt;

  if (k->remove)
    {
      stmt = civic_db_prepare (w->conn, "DELETE FROM api_keys WHERE name = ?1", error);
      if (stmt == NULL)
        return FALSE;
      civic_db_bind_text (stmt, 1, k->name);
      if (!civic_db_run (stmt, error))
        return FALSE;
      k->removed = civic_db_changes (w->conn);
      civic_write_audit (w, "api-key-remove", "api_key", k->name, NULL, NULL);
      return TRUE;
    }
  stmt = civic_db_prepare (w->conn, "INSERT INTO api_keys (key_hash, name, created) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, k->hash);
  civic_db_bind_text (stmt, 2, k->name);
  civic_db_bind_int64 (stmt, 3, w->now);
  if (!civic_db_run (stmt, error))
    return FALSE;
  civic_write_audit (w, "api-key-add", "api_key", k->name, NULL, NULL);
  return TRUE;
}

static int
key_change (int argc, char **argv, gboolean remove)
{
  g_autofree char *db_path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicDb) db = NULL;
  g_autoptr(CivicDbConn) conn = NULL;
  KeyChange k = { 0, };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database file", "PATH" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Who the key is for (an app or a partner)", "NAME" },
    { NULL }
  };
  const char *cmd = remove ? "api-key remove" : "api-key add";

  if (!civic_ops_parse_options (cmd,
                                remove ? "— revoke the keys with this name"
                                       : "— issue an Open311 api_key (printed once)",
                                entries, argc, argv))
    return 2;
  if (name == NULL || *name == '\0' || g_utf8_strlen (name, -1) > 100)
    {
      g_printerr ("civicdesk-server %s: --name is required (at most 100 characters)\n", cmd);
      return 2;
    }
  if (!civic_auth_init ())
    return 1;
  conn = civic_ops_connect (cmd, db_path, &db);
  if (conn == NULL)
    return 1;
  if (!remove)
    {
      key = civic_auth_new_token ();
      hash = civic_auth_token_hash (key);
    }
  k.name = name;
  k.hash = hash;
  k.remove = remove;
  if (!civic_write_run (NULL, conn, "admin-cli", change_key, &k, &error))
    {
      g_printerr ("civicdesk-server %s: %s\n", cmd, error->message);
      return 1;
    }
  if (remove)
    {
      if (k.removed == 0)
        {
          g_printerr ("civicdesk-server %s: no key is named “%s”\n", cmd, name);
          return 1;
        }
      printf ("removed %" G_GINT64_FORMAT " key(s) named %s\n", k.removed, name);
    }
  else
    printf ("%s\n", key);
  return 0;
}

static int
key_list (int argc, char **argv)
{
  g_autofree char *db_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicDb) db = NULL;
  g_autoptr(CivicDbConn) conn = NULL;
  CivicDbStmt *stmt;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database file", "PATH" },
    { NULL }
  };

  if (!civic_ops_parse_options ("api-key list", "— list Open311 api keys (names only)", entries, argc, argv))
    return 2;
  conn = civic_ops_connect ("api-key list", db_path, &db);
  if (conn == NULL)
    return 1;
  stmt = civic_db_prepare (conn, "SELECT name, created FROM api_keys ORDER BY created, name", &error);
  if (stmt == NULL)
    {
      g_printerr ("civicdesk-server api-key list: %s\n", error->message);
      return 1;
    }
  printf ("%-32s %s\n", "NAME", "CREATED");
  while (civic_db_step (stmt, &error))
    {
      g_autoptr(GDateTime) created = g_date_time_new_from_unix_local (civic_db_column_int64 (stmt, 1));
      g_autofree char *when = created != NULL ? g_date_time_format (created, "%Y-%m-%d %H:%M") : g_strdup ("");

      printf ("%-32s %s\n", civic_db_column_text (stmt, 0), when);
    }
  if (error != NULL)
    {
      g_printerr ("civicdesk-server api-key list: %s\n", error->message);
      return 1;
    }
  return 0;
}

int
civic_ops_api_key (int argc, char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return key_change (argc - 1, argv + 1, FALSE);
  if (argc >= 2 && g_str_equal (argv[1], "remove"))
    return key_change (argc - 1, argv + 1, TRUE);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return key_list (argc - 1, argv + 1);
  g_printerr ("usage: civicdesk-server api-key add|list|remove --db PATH [--name NAME]\n");
  return 2;
}
