/* civic-notify.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-notify.h"

gboolean
civic_notify_user (CivicWrite  *w,
                   const char  *username,
                   const char  *kind,
                   gint64       post_id,
                   gint64       case_id,
                   const char  *body,
                   GError     **error)
{
  CivicDbStmt *stmt;

  if (g_strcmp0 (username, w->actor) == 0)
    return TRUE;
  stmt = civic_db_prepare (w->conn,
                           "INSERT INTO notifications (username, kind, actor, post_id, case_id, body, created, seq) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, username);
  civic_db_bind_text (stmt, 2, kind);
  civic_db_bind_text (stmt, 3, w->actor);
  if (post_id > 0)
    civic_db_bind_int64 (stmt, 4, post_id);
  else
    civic_db_bind_null (stmt, 4);
  if (case_id > 0)
    civic_db_bind_int64 (stmt, 5, case_id);
  else
    civic_db_bind_null (stmt, 5);
  civic_db_bind_text (stmt, 6, body != NULL ? body : "");
  civic_db_bind_int64 (stmt, 7, w->now);
  civic_db_bind_int64 (stmt, 8, w->seq);
  return civic_db_run (stmt, error);
}

gboolean
civic_notify_user_once (CivicWrite  *w,
                        GHashTable  *told,
                        const char  *username,
                        const char  *kind,
                        gint64       post_id,
                        gint64       case_id,
                        const char  *body,
                        GError     **error)
{
  if (told != NULL)
    {
      if (g_hash_table_contains (told, username))
        return TRUE;
      g_hash_table_add (told, g_strdup (username));
    }
  return civic_notify_user (w, username, kind, post_id, case_id, body, error);
}

/* Runs @stmt (already bound) and notifies each username in its first
 * column. The names are read first: the inserts reuse the connection. */
static gboolean
notify_rows (CivicWrite   *w,
             GHashTable   *told,
             CivicDbStmt  *stmt,
             const char   *kind,
             gint64        post_id,
             gint64        case_id,
             const char   *body,
             GError      **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GError *local_error = NULL;
  guint i;

  while (civic_db_step (stmt, &local_error))
    g_ptr_array_add (names, g_strdup (civic_db_column_text (stmt, 0)));
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  for (i = 0; i < names->len; i++)
    if (!civic_notify_user_once (w, told, g_ptr_array_index (names, i), kind, post_id, case_id, body, error))
      return FALSE;
  return TRUE;
}

gboolean
civic_notify_case_change (CivicWrite  *w,
                          gint64       case_id,
                          const char  *request_id,
                          const char  *summary,
                          GError     **error)
{
  g_autofree char *body = g_strdup_printf ("%s: %s", request_id, summary);
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "SELECT username FROM follows WHERE kind = 'case' AND target = ?1",
                                        error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, request_id);
  return notify_rows (w, NULL, stmt, "case", 0, case_id, body, error);
}

gboolean
civic_notify_followers (CivicWrite  *w,
                        GHashTable  *told,
                        const char  *follow_kind,
                        const char  *target,
                        const char  *kind,
                        gint64       post_id,
                        gint64       case_id,
                        const char  *body,
                        GError     **error)
{
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "SELECT username FROM follows WHERE kind = ?1 AND target = ?2 "
                                        "ORDER BY username",
                                        error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, follow_kind);
  civic_db_bind_text (stmt, 2, target);
  return notify_rows (w, told, stmt, kind, post_id, case_id, body, error);
}

gboolean
civic_notify_department (CivicWrite  *w,
                         GHashTable  *told,
                         const char  *department,
                         const char  *kind,
                         gint64       post_id,
                         const char  *body,
                         GError     **error)
{
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "SELECT username FROM users WHERE department_id = ?1 AND disabled = 0 "
                                        "ORDER BY username",
                                        error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, department);
  return notify_rows (w, told, stmt, kind, post_id, 0, body, error);
}
