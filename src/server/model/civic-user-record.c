/* civic-user-record.c: staff users as rows, for the API and the CLI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-user-record.h"
#include "civic-error.h"

gboolean
civic_id_is_valid (const char *id)
{
  const char *p;

  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

gboolean
civic_user_insert (CivicWrite            *w,
                   const CivicUserDraft  *draft,
                   CivicUserInsertMode    mode,
                   GError               **error)
{
  CivicDbStmt *stmt;
  const char *sql;

  if (mode == CIVIC_USER_INSERT_OR_REPLACE)
    sql = "INSERT INTO users (username, display_name, department_id, role, password_hash, created, seq) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
          "ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name, "
          "department_id = excluded.department_id, role = excluded.role, "
          "password_hash = excluded.password_hash, seq = excluded.seq, disabled = 0";
  else
    sql = "INSERT INTO users (username, display_name, department_id, role, password_hash, created, seq) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (username) DO NOTHING";

  stmt = civic_db_prepare (w->conn, sql, error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, draft->username);
  civic_db_bind_text (stmt, 2, draft->display_name);
  civic_db_bind_text (stmt, 3, draft->department);
  civic_db_bind_text (stmt, 4, draft->role);
  civic_db_bind_text (stmt, 5, draft->password_hash);
  civic_db_bind_int64 (stmt, 6, w->now);
  civic_db_bind_int64 (stmt, 7, w->seq);
  if (!civic_db_run (stmt, error))
    return FALSE;
  if (mode == CIVIC_USER_INSERT_NEW && civic_db_changes (w->conn) == 0)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_CONFLICT, "There is already a user “%s”", draft->username);
      return FALSE;
    }
  return TRUE;
}
