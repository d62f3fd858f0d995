/* civic-ops-user.c: `civicdesk-server user add|list`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "civic-ops.h"
#include "auth/civic-auth.h"
#include "civic-error.h"
#include "civic-write.h"
#include "model/civic-user-record.h"

static gboolean
insert_user (CivicWrite  *w,
             gpointer     data,
             GError     **error)
{
  const CivicUserDraft *u = data;
  CivicDbStmt *stmt;

  if (u->department != NULL)
    {
      /* a department named on the command line exists from then on */
      stmt = civic_db_prepare (w->conn,
                               "INSERT INTO departments (id, name, seq) VALUES (?1, ?1, ?2) "
                               "ON CONFLICT (id) DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      civic_db_bind_text (stmt, 1, u->department);
      civic_db_bind_int64 (stmt, 2, w->seq);
      if (!civic_db_run (stmt, error))
        return FALSE;
    }

  if (!civic_user_insert (w, u, CIVIC_USER_INSERT_OR_REPLACE, error))
    return FALSE;
  civic_write_audit (w, "user-add", "user", u->username, NULL, NULL);
  return TRUE;
}

static int
user_add (int argc, char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *username = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *department = NULL;
  g_autofree char *role = NULL;
  g_autofree char *password = NULL;
  gboolean password_stdin = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicDb) db = NULL;
  g_autoptr(CivicDbConn) conn = NULL;
  g_autofree char *hash = NULL;
  CivicUserDraft u;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database file", "PATH" },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username, "Sign-in name (letters, digits, . _ -)", "NAME" },
    { "display-name", 0, 0, G_OPTION_ARG_STRING, &display_name, "Name shown to colleagues", "TEXT" },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, "Department id", "ID" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, "admin, manager, advocate or staff", "ROLE" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &password, "Password (prefer --password-stdin)", "TEXT" },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, "Read the password from standard input", NULL },
    { NULL }
  };

  if (!civic_ops_parse_options ("user add", "— add a staff user (or update one)", entries, argc, argv))
    return 2;
  if (!civic_id_is_valid (username))
    {
      g_printerr ("civicdesk-server user add: --username is required: letters, digits, “.”, “_” or “-”, at most 64\n");
      return 2;
    }
  if (!civic_auth_role_is_valid (role))
    {
      g_printerr ("civicdesk-server user add: --role must be admin, manager, advocate or staff\n");
      return 2;
    }
  if (password_stdin)
    {
      char line[1025];

      if (fgets (line, sizeof line, stdin) == NULL)
        {
          g_printerr ("civicdesk-server user add: no password on standard input\n");
          return 2;
        }
      line[strcspn (line, "\r\n")] = '\0';
      g_free (password);
      password = g_strdup (line);
    }
  if (password == NULL || strlen (password) < 8)
    {
      g_printerr ("civicdesk-server user add: the password must have at least 8 characters\n");
      return 2;
    }
  if (!civic_auth_init ())
    return 1;

  conn = civic_ops_connect ("user add", db_path, &db);
  if (conn == NULL)
    return 1;
  hash = civic_auth_hash_password (password);
  if (hash == NULL)
    {
      g_printerr ("civicdesk-server user add: out of memory\n");
      return 1;
    }

  u.username = username;
  u.display_name = display_name != NULL ? display_name : username;
  u.department = department;
  u.role = role;
  u.password_hash = hash;
  if (!civic_write_run (NULL, conn, "admin-cli", insert_user, &u, &error))
    {
      g_printerr ("civicdesk-server user add: %s\n", error->message);
      return 1;
    }
  printf ("user %s (%s) saved\n", username, role);
  return 0;
}

static int
user_list (int argc, char **argv)
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

  if (!civic_ops_parse_options ("user list", "— list staff users", entries, argc, argv))
    return 2;
  conn = civic_ops_connect ("user list", db_path, &db);
  if (conn == NULL)
    return 1;
  stmt = civic_db_prepare (conn,
                           "SELECT username, role, COALESCE(department_id, ''), display_name, disabled "
                           "FROM users ORDER BY username", &error);
  if (stmt == NULL)
    {
      g_printerr ("civicdesk-server user list: %s\n", error->message);
      return 1;
    }
  printf ("%-20s %-9s %-16s %s\n", "USERNAME", "ROLE", "DEPARTMENT", "NAME");
  while (civic_db_step (stmt, &error))
    printf ("%-20s %-9s %-16s %s%s\n",
            civic_db_column_text (stmt, 0), civic_db_column_text (stmt, 1),
            civic_db_column_text (stmt, 2), civic_db_column_text (stmt, 3),
            civic_db_column_int64 (stmt, 4) ? " (disabled)" : "");
  if (error != NULL)
    {
      g_printerr ("civicdesk-server user list: %s\n", error->message);
      return 1;
    }
  return 0;
}

int
civic_ops_user (int argc, char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return user_add (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return user_list (argc - 1, argv + 1);
  g_printerr ("usage: civicdesk-server user add|list --db PATH …\n");
  return 2;
}
