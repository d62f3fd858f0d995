/* civic-store-feed-rows.c: the feed's post list, rows, threads and
 * notifications, read from the local replica
 *
 * The list is one query for ids (a GArray of 100,000 ids is ~1 MB and a
 * few ms); rows are read page by page as the list shows them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-store-feed.h"
#include "civic-store-private.h"

#include "civic-error.h"

static gboolean
finish (CivicStore    *store,
        sqlite3_stmt  *stmt,
        int            rc,
        GError       **error)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  civic_store_set_error (store, rc, error);
  return FALSE;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

static gboolean
append_ids (CivicStore    *store,
            sqlite3_stmt  *stmt,
            GArray        *ids,
            GHashTable    *skip,
            GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (skip == NULL || !g_hash_table_contains (skip, &id))
        g_array_append_val (ids, id);
    }
  return finish (store, stmt, rc, error);
}

/* ?1 me (lower-case for mentions), ?2 my department, ?3 tag key, ?4 now.
 * @few: the statement reads a handful of posts (the pins), where testing
 * each against the follows beats listing all that is followed. */
static const char *
filter_sql (const CivicFeedQuery *query,
            gboolean              few)
{
  switch (query->filter)
    {
    case CIVIC_FEED_FOLLOWING:
      if (few)
        return " AND (p.author IN (SELECT target FROM follows WHERE username = ?1 AND kind = 'user')"
               " OR EXISTS (SELECT 1 FROM post_tags t JOIN follows f ON f.username = ?1 AND f.kind = 'tag'"
               " AND f.target = t.tag_key WHERE t.post_id = p.id)"
               " OR p.case_id IN (SELECT target FROM follows WHERE username = ?1 AND kind = 'case'))";
      /* the posts of what I follow, found from the follows through the
       * indexes: that test for every post read all of them (313 ms at
       * 500,000 posts, tools/bench feed) */
      return " AND p.id IN (SELECT id FROM posts WHERE author IN"
             " (SELECT target FROM follows WHERE username = ?1 AND kind = 'user')"
             " UNION SELECT t.post_id FROM follows f JOIN post_tags t ON t.tag_key = f.target"
             " WHERE f.username = ?1 AND f.kind = 'tag'"
             " UNION SELECT id FROM posts WHERE case_id IN"
             " (SELECT target FROM follows WHERE username = ?1 AND kind = 'case'))";
    case CIVIC_FEED_MENTIONS:
      return " AND p.id IN (SELECT post_id FROM post_mentions WHERE target = lower (?1)"
             " OR target = lower (?2))";
    case CIVIC_FEED_DEPARTMENT:
      return " AND p.author IN (SELECT username FROM users WHERE department = ?2)";
    case CIVIC_FEED_ALL:
    default:
      return "";
    }
}

GArray *
civic_store_query_feed_ids (CivicStore            *store,
                            const CivicFeedQuery  *query,
                            GError               **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) pinned = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree char *pin_sql = NULL;
  g_autofree char *list_sql = NULL;
  g_autofree char *extra = NULL;
  const char *scope;
  gint64 now;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!civic_store_check_open (store, FALSE, error))
    return NULL;
  now = query->now > 0 ? query->now : g_get_real_time () / G_USEC_PER_SEC;
  /* a mention in a reply matters as much as in a post, and a tag page
   * lists every use of the tag; the plain list shows threads by their
   * first post */
  scope = query->filter == CIVIC_FEED_MENTIONS || query->tag_key != NULL || query->author != NULL
          ? "1" : "p.parent_id = 0";
  extra = g_strconcat (query->tag_key != NULL ? " AND p.id IN (SELECT post_id FROM post_tags WHERE tag_key = ?3)" : "",
                       query->author != NULL ? " AND p.author = ?5" : "", NULL);

  /* the few pins through their index, whatever the filter: without the
   * index's own condition ("> 0", which SQLite cannot infer from "> ?4")
   * it read every thread, 25 ms at 500,000 posts each time a feed was
   * listed, and a filter's set of ids could draw it away again */
  pin_sql = g_strdup_printf ("SELECT p.id FROM posts p INDEXED BY posts_pinned"
                             " WHERE p.parent_id = 0 AND p.pinned_until > 0 AND p.pinned_until > ?4%s%s"
                             " ORDER BY p.pinned_until DESC, p.id DESC",
                             filter_sql (query, TRUE), extra);
  stmt = civic_store_prepare (store, pin_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, query->username != NULL ? query->username : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, query->department != NULL ? query->department : "", -1, SQLITE_TRANSIENT);
  if (query->tag_key != NULL)
    sqlite3_bind_text (stmt, 3, query->tag_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, now);
  if (query->author != NULL)
    sqlite3_bind_text (stmt, 5, query->author, -1, SQLITE_TRANSIENT);
  if (!append_ids (store, stmt, ids, NULL, error))
    return NULL;
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (pinned, &g_array_index (ids, gint64, i));

  list_sql = g_strdup_printf ("SELECT p.id FROM posts p WHERE %s%s%s"
                              " ORDER BY p.created DESC, p.id DESC",
                              scope, filter_sql (query, FALSE), extra);
  stmt = civic_store_prepare (store, list_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, query->username != NULL ? query->username : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, query->department != NULL ? query->department : "", -1, SQLITE_TRANSIENT);
  if (query->tag_key != NULL)
    sqlite3_bind_text (stmt, 3, query->tag_key, -1, SQLITE_TRANSIENT);
  if (query->author != NULL)
    sqlite3_bind_text (stmt, 5, query->author, -1, SQLITE_TRANSIENT);
  /* the copy of pinned keys points into ids: take them before growing */
  {
    g_autoptr(GArray) rest = g_array_new (FALSE, FALSE, sizeof (gint64));

    if (!append_ids (store, stmt, rest, pinned, error))
      return NULL;
    g_hash_table_remove_all (pinned);
    g_array_append_vals (ids, rest->data, rest->len);
  }
  return g_steal_pointer (&ids);
}

void
civic_post_row_free (CivicPostRow *row)
{
  if (row == NULL)
    return;
  g_free (row->author);
  g_free (row->author_name);
  g_free (row->author_department);
  g_free (row->body);
  g_free (row->case_id);
  g_free (row);
}

#define ROW_COLUMNS \
  "SELECT p.id, p.author, coalesce (p.author_display_name, u.display_name, p.author), u.department," \
  " p.body, p.created, p.edited, p.parent_id, p.pinned_until, p.like_count," \
  " max (p.reply_count, (SELECT count(*) FROM posts r WHERE r.parent_id = p.id AND r.parent_id <> 0))," \
  " EXISTS (SELECT 1 FROM likes l WHERE l.post_id = p.id AND l.username = ?1), p.case_id" \
  " FROM posts p LEFT JOIN users u ON u.username = p.author "

static CivicPostRow *
read_row (sqlite3_stmt *stmt)
{
  CivicPostRow *row = g_new0 (CivicPostRow, 1);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->author = dup_column (stmt, 1);
  row->author_name = dup_column (stmt, 2);
  row->author_department = dup_column (stmt, 3);
  row->body = dup_column (stmt, 4);
  row->created = sqlite3_column_int64 (stmt, 5);
  row->edited = sqlite3_column_int64 (stmt, 6);
  row->parent_id = sqlite3_column_int64 (stmt, 7);
  row->pinned_until = sqlite3_column_int64 (stmt, 8);
  row->like_count = sqlite3_column_int (stmt, 9);
  row->reply_count = sqlite3_column_int (stmt, 10);
  row->liked = sqlite3_column_int (stmt, 11) != 0;
  row->case_id = dup_column (stmt, 12);
  if (row->body == NULL)
    row->body = g_strdup ("");
  return row;
}

GPtrArray *
civic_store_get_post_rows (CivicStore    *store,
                           const gint64  *ids,
                           guint          n_ids,
                           const char    *viewer,
                           GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_full (n_ids, (GDestroyNotify) civic_post_row_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  if (!civic_store_check_open (store, FALSE, error))
    return NULL;
  stmt = civic_store_prepare (store, ROW_COLUMNS "WHERE p.id = ?2", error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < n_ids; i++)
    {
      int rc;

      sqlite3_bind_text (stmt, 1, viewer != NULL ? viewer : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, ids[i]);
      rc = sqlite3_step (stmt);
      g_ptr_array_add (rows, rc == SQLITE_ROW ? read_row (stmt) : NULL);
      if (rc == SQLITE_ROW)
        rc = SQLITE_DONE;
      if (!finish (store, stmt, rc, error))
        return NULL;
    }
  return g_steal_pointer (&rows);
}

GPtrArray *
civic_store_list_replies (CivicStore  *store,
                          gint64       parent_id,
                          const char  *viewer,
                          GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) civic_post_row_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  if (!civic_store_check_open (store, FALSE, error))
    return NULL;
  stmt = civic_store_prepare (store, ROW_COLUMNS "WHERE p.parent_id = ?2 ORDER BY p.created, p.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, viewer != NULL ? viewer : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, parent_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  if (!finish (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&rows);
}

static gboolean
query_one_int (CivicStore  *store,
               const char  *sql,
               const char  *text,
               gint64      *value,
               GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *value = 0;
  if (!civic_store_check_open (store, FALSE, error))
    return FALSE;
  stmt = civic_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = sqlite3_column_int64 (stmt, 0);
      rc = SQLITE_DONE;
    }
  return finish (store, stmt, rc, error);
}

gint64
civic_store_post_for_case (CivicStore  *store,
                           const char  *request_id,
                           GError     **error)
{
  gint64 id = 0;

  g_return_val_if_fail (CIVIC_IS_STORE (store), 0);
  query_one_int (store, "SELECT id FROM posts WHERE case_id = ?1 ORDER BY parent_id <> 0, id LIMIT 1",
                 request_id, &id, error);
  return id;
}

gboolean
civic_store_is_following (CivicStore  *store,
                          const char  *username,
                          const char  *kind,
                          const char  *target,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean found;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);

  if (!civic_store_check_open (store, FALSE, error))
    return FALSE;
  stmt = civic_store_prepare (store,
                              "SELECT 1 FROM follows WHERE username = ? AND kind = ? AND target = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, username != NULL ? username : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, target, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  found = rc == SQLITE_ROW;
  if (found)
    rc = SQLITE_DONE;
  return finish (store, stmt, rc, error) && found;
}

void
civic_notification_row_free (CivicNotificationRow *row)
{
  if (row == NULL)
    return;
  g_free (row->kind);
  g_free (row->actor);
  g_free (row->body);
  g_free (row);
}

GPtrArray *
civic_store_list_notifications (CivicStore  *store,
                                const char  *username,
                                guint        limit,
                                GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) civic_notification_row_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  if (!civic_store_check_open (store, FALSE, error))
    return NULL;
  stmt = civic_store_prepare (store,
                              "SELECT id, kind, actor, post_id, case_id, body, created, read"
                              " FROM notifications WHERE username = ? ORDER BY id DESC LIMIT ?",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, username != NULL ? username : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, (int) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CivicNotificationRow *row = g_new0 (CivicNotificationRow, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->kind = dup_column (stmt, 1);
      row->actor = dup_column (stmt, 2);
      row->post_id = sqlite3_column_int64 (stmt, 3);
      row->case_id = sqlite3_column_int64 (stmt, 4);
      row->body = dup_column (stmt, 5);
      row->created = sqlite3_column_int64 (stmt, 6);
      row->read = sqlite3_column_int (stmt, 7) != 0;
      g_ptr_array_add (rows, row);
    }
  if (!finish (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&rows);
}

gint64
civic_store_count_unread_notifications (CivicStore  *store,
                                        const char  *username,
                                        GError     **error)
{
  gint64 n = 0;

  g_return_val_if_fail (CIVIC_IS_STORE (store), 0);
  query_one_int (store, "SELECT count(*) FROM notifications WHERE username = ?1 AND read = 0",
                 username, &n, error);
  return n;
}

gint64
civic_store_last_notification_id (CivicStore  *store,
                                  const char  *username,
                                  GError     **error)
{
  gint64 n = 0;

  g_return_val_if_fail (CIVIC_IS_STORE (store), 0);
  query_one_int (store, "SELECT coalesce (max (id), 0) FROM notifications WHERE username = ?1",
                 username, &n, error);
  return n;
}

gint64
civic_store_next_pin_expiry (CivicStore  *store,
                             gint64       now,
                             GError     **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  gint64 n = 0;

  g_return_val_if_fail (CIVIC_IS_STORE (store), 0);
  query_one_int (store, "SELECT coalesce (min (pinned_until), 0) FROM posts"
                        " WHERE pinned_until > CAST (?1 AS INTEGER)",
                 text, &n, error);
  return n;
}
