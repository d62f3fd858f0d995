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
civic_notify_case_change (CivicWrite  *w,
                          gint64       case_id,
                          const char  *request_id,
                          const char  *summary,
                          GError     **error)
{
  g_autoptr(GPtrArray) followers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *body = g_strdup_printf ("%s: %s", request_id, summary);
  CivicDbStmt *stmt;
  guint i;

  /* collect first: the insert below reuses the connection */
  stmt = civic_db_prepare (w->conn,
                           "SELECT username FROM follows WHERE kind = 'case' AND target = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, request_id);
  while (civic_db_step (stmt, error))
    g_ptr_array_add (followers, g_strdup (civic_db_column_text (stmt, 0)));
  if (error != NULL && *error != NULL)
    return FALSE;

  for (i = 0; i < followers->len; i++)
    if (!civic_notify_user (w, g_ptr_array_index (followers, i), "case", 0, case_id, body, error))
      return FALSE;
  return TRUE;
}
