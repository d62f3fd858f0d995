/* civic-local-feed.c: editing, deleting and pinning posts and reading
 * notifications, offline first (see civic-local-feed.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-local-feed.h"

#include <json-glib/json-glib.h>

#include "civic-error.h"
#include "civic-local-private.h"
#include "civic-store-private.h"

static gboolean
run (CivicStore  *store,
     const char  *sql,
     gint64       id,
     const char  *text,
     gint64       number,
     GError     **error)
{
  sqlite3_stmt *stmt = civic_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (text != NULL)
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 2, number);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_sent (gint64       post_id,
            const char  *what,
            GError     **error)
{
  if (post_id > 0)
    return TRUE;
  g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
               "That post has not reached the service yet; %s it once it has.", what);
  return FALSE;
}

/* Queues one request (context kind @kind, the pull brings the truth) and
 * commits the caller's transaction. */
static gboolean
queue (CivicStore  *store,
       const char  *method,
       const char  *path,
       JsonObject  *body,
       const char  *kind,
       gint64       post_id,
       GError     **error)
{
  g_autoptr(JsonObject) context = json_object_new ();

  json_object_set_string_member (context, "kind", kind);
  json_object_set_int_member (context, "post_id", post_id);
  if (civic_local_enqueue (store, method, path, body, context, error) == 0)
    {
      civic_store_rollback (store);
      return FALSE;
    }
  return civic_store_commit (store, error);
}

gboolean
civic_local_edit_post (CivicStore  *store,
                       gint64       post_id,
                       const char  *body,
                       GError     **error)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autofree char *path = g_strdup_printf ("/api/v1/posts/%" G_GINT64_FORMAT, post_id);
  g_autofree char *stripped = g_strstrip (g_strdup (body != NULL ? body : ""));

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);

  if (*stripped == '\0')
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "The post is empty; write something first.");
      return FALSE;
    }
  if (g_utf8_strlen (body, -1) > 2000)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "A post is at most 2,000 characters.");
      return FALSE;
    }
  if (!check_sent (post_id, "edit", error))
    return FALSE;
  json_object_set_string_member (request, "body", body);
  if (!civic_store_begin (store, error))
    return FALSE;
  /* tags and mentions NULL: the store reads them from the new body until
   * the service's answer comes with the pull */
  if (!run (store, "UPDATE posts SET body = ?2, tags = NULL, mentions = NULL,"
                   " edited = CAST (strftime ('%s', 'now') AS INTEGER) WHERE id = ?1",
            post_id, body, 0, error))
    {
      civic_store_rollback (store);
      return FALSE;
    }
  return queue (store, "PATCH", path, request, "post_edit", post_id, error);
}

gboolean
civic_local_delete_post (CivicStore  *store,
                         gint64       post_id,
                         GError     **error)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/posts/%" G_GINT64_FORMAT, post_id);

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);

  if (!check_sent (post_id, "delete", error))
    return FALSE;
  if (!civic_store_begin (store, error))
    return FALSE;
  /* (an unused ?2 is bound and ignored) */
  if (!run (store, "DELETE FROM likes WHERE post_id = ?1 OR post_id IN"
                   " (SELECT id FROM posts WHERE parent_id = ?1)", post_id, NULL, 0, error) ||
      !run (store, "DELETE FROM posts WHERE parent_id = ?1 OR id = ?1", post_id, NULL, 0, error))
    {
      civic_store_rollback (store);
      return FALSE;
    }
  return queue (store, "DELETE", path, NULL, "post_delete", post_id, error);
}

gboolean
civic_local_pin_post (CivicStore  *store,
                      gint64       post_id,
                      gint64       until,
                      GError     **error)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/posts/%" G_GINT64_FORMAT "/pin", post_id);
  g_autoptr(JsonObject) request = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);

  if (!check_sent (post_id, "pin", error))
    return FALSE;
  if (until != 0 && (until <= now || until > now + 30 * 86400))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   until <= now ? "The pin must end in the future."
                                : "A pin lasts at most 30 days.");
      return FALSE;
    }
  if (until != 0)
    {
      g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (until);
      g_autofree char *text = g_date_time_format_iso8601 (t);

      request = json_object_new ();
      json_object_set_string_member (request, "until", text);
    }
  if (!civic_store_begin (store, error))
    return FALSE;
  if (!run (store, "UPDATE posts SET pinned_until = ?2 WHERE id = ?1", post_id, NULL, until, error))
    {
      civic_store_rollback (store);
      return FALSE;
    }
  return queue (store, until != 0 ? "POST" : "DELETE", path, request, "pin", post_id, error);
}

gboolean
civic_local_mark_all_read (CivicStore  *store,
                           const char  *username,
                           GError     **error)
{
  g_autoptr(JsonObject) request = json_object_new ();

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  json_object_set_boolean_member (request, "all", TRUE);
  if (!civic_store_begin (store, error))
    return FALSE;
  if (!run (store, "UPDATE notifications SET read = 1 WHERE read = 0 AND username = ?2",
            0, username, 0, error))
    {
      civic_store_rollback (store);
      return FALSE;
    }
  return queue (store, "POST", "/api/v1/notifications/read", request, "notifications_read", 0, error);
}

gboolean
civic_local_mark_read (CivicStore  *store,
                       const char  *username,
                       gint64       id,
                       GError     **error)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonArray) ids = json_array_new ();
  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  json_array_add_int_element (ids, id);
  json_object_set_array_member (request, "ids", g_steal_pointer (&ids));
  if (!civic_store_begin (store, error))
    return FALSE;
  if (!run (store, "UPDATE notifications SET read = 1 WHERE id = ?1 AND username = ?2", id, username, 0, error))
    {
      civic_store_rollback (store);
      return FALSE;
    }
  return queue (store, "POST", "/api/v1/notifications/read", request, "notifications_read", 0, error);
}
