/* civic-store-rows.c: what the desk's lists read by id — a page of case
 * summaries for the queue, the saved views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-store-private.h"

void
civic_case_summary_free (CivicCaseSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->service_request_id);
  g_free (summary->service_code);
  g_free (summary->service_name);
  g_free (summary->department);
  g_free (summary->department_name);
  g_free (summary->assignee);
  g_free (summary->assignee_name);
  g_free (summary->address);
  g_free (summary);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

GPtrArray *
civic_store_get_case_summaries (CivicStore    *store,
                                const gint64  *ids,
                                guint          n_ids,
                                GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_full (n_ids, (GDestroyNotify) civic_case_summary_free);
  g_autoptr(GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  g_ptr_array_set_size (rows, n_ids);
  if (n_ids == 0)
    return g_steal_pointer (&rows);

  /* the ids are integers we hold, so they go into the text; a page is
   * one statement whatever its size */
  g_string_append (sql,
                   "SELECT c.id, c.service_request_id, c.state, c.service_code, c.service_name,"
                   " c.department, ifnull (d.name, c.department), c.assignee,"
                   " ifnull (u.display_name, c.assignee), c.priority, c.requested,"
                   " c.expected, c.closed, c.address, c.channel"
                   " FROM cases c"
                   " LEFT JOIN departments d ON d.id = c.department"
                   " LEFT JOIN users u ON u.username = c.assignee"
                   " WHERE c.id IN (");
  for (guint i = 0; i < n_ids; i++)
    {
      g_string_append_printf (sql, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", ids[i]);
      g_hash_table_insert (index, (gpointer) &ids[i], GUINT_TO_POINTER (i + 1));
    }
  g_string_append_c (sql, ')');

  if (sqlite3_prepare_v2 (store->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      civic_store_set_error (store, sqlite3_errcode (store->db), error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CivicCaseSummary *s = g_new0 (CivicCaseSummary, 1);
      guint slot;

      s->id = sqlite3_column_int64 (stmt, 0);
      s->service_request_id = column_text (stmt, 1);
      s->state = sqlite3_column_int (stmt, 2);
      s->service_code = column_text (stmt, 3);
      s->service_name = column_text (stmt, 4);
      s->department = column_text (stmt, 5);
      s->department_name = column_text (stmt, 6);
      s->assignee = column_text (stmt, 7);
      s->assignee_name = column_text (stmt, 8);
      s->priority = sqlite3_column_int (stmt, 9);
      s->requested = sqlite3_column_int64 (stmt, 10);
      s->expected = sqlite3_column_int64 (stmt, 11);
      s->closed = sqlite3_column_int64 (stmt, 12);
      s->address = column_text (stmt, 13);
      s->channel = sqlite3_column_int (stmt, 14);

      slot = GPOINTER_TO_UINT (g_hash_table_lookup (index, &s->id));
      if (slot == 0 || g_ptr_array_index (rows, slot - 1) != NULL)
        civic_case_summary_free (s);
      else
        rows->pdata[slot - 1] = s;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

void
civic_saved_view_free (CivicSavedView *view)
{
  if (view == NULL)
    return;
  g_free (view->name);
  g_free (view->owner);
  g_free (view->filter);
  g_free (view);
}

GPtrArray *
civic_store_list_saved_views (CivicStore  *store,
                              GError     **error)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new_with_free_func ((GDestroyNotify) civic_saved_view_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  stmt = civic_store_prepare (store,
                              "SELECT id, name, owner, filter FROM saved_views"
                              " ORDER BY name COLLATE NOCASE, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CivicSavedView *v = g_new0 (CivicSavedView, 1);

      v->id = sqlite3_column_int64 (stmt, 0);
      v->name = column_text (stmt, 1);
      v->owner = column_text (stmt, 2);
      v->filter = column_text (stmt, 3);
      g_ptr_array_add (views, v);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&views);
}
