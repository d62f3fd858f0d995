/* civic-api-feed.c: helpers the feed's route files share, and registration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-api-feed.h"
#include "civic-api-feed-private.h"
#include "civic-error.h"
#include "model/civic-post-record.h"

/* Made on first use, so command-line writers (seed-demo) that never
 * register routes read posts the same way. */
CivicTextScanner *
civic_feed_scanner (void)
{
  static gsize once = 0;
  static CivicTextScanner *scanner;

  if (g_once_init_enter (&once))
    {
      scanner = civic_text_scanner_new (NULL, NULL);
      g_once_init_leave (&once, 1);
    }
  return scanner;
}

static gboolean
parse_positive (const char *text,
                gint64      max,
                gint64     *value)
{
  guint64 v = 0;

  if (text == NULL || *text == '\0' || strlen (text) > 19 ||
      !g_ascii_string_to_unsigned (text, 10, 1, (guint64) max, &v, NULL))
    return FALSE;
  *value = (gint64) v;
  return TRUE;
}

gboolean
civic_feed_query_limit (CivicRequest *req,
                        guint        *limit)
{
  const char *text = civic_request_query (req, "limit");
  gint64 v = 0;

  *limit = CIVIC_FEED_DEFAULT_LIMIT;
  if (text == NULL)
    return TRUE;
  if (!parse_positive (text, G_MAXINT64, &v) || v > CIVIC_FEED_MAX_LIMIT)
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                         "limit must be a whole number from 1 to %d, not “%s”",
                         CIVIC_FEED_MAX_LIMIT, text);
      return FALSE;
    }
  *limit = (guint) v;
  return TRUE;
}

gboolean
civic_feed_query_id (CivicRequest *req,
                     const char   *name,
                     gint64       *value)
{
  const char *text = civic_request_query (req, name);

  *value = 0;
  if (text == NULL || *text == '\0')
    return TRUE;
  if (!parse_positive (text, G_MAXINT64, value))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                         "%s must be a post id (a positive whole number), not “%s”", name, text);
      return FALSE;
    }
  return TRUE;
}

gboolean
civic_feed_param_id (CivicRequest *req,
                     guint         index,
                     gint64       *id)
{
  const char *text = civic_request_param (req, index);

  if (!parse_positive (text, G_MAXINT64, id))
    {
      civic_reply_error (req, SOUP_STATUS_NOT_FOUND, "There is no post “%s”", text != NULL ? text : "");
      return FALSE;
    }
  return TRUE;
}

char *
civic_feed_post_columns_sql (int viewer_param)
{
  return g_strdup_printf ("%s, CASE WHEN EXISTS (SELECT 1 FROM likes l WHERE l.post_id = p.id"
                          " AND l.username = ?%d) THEN 1 ELSE 0 END",
                          civic_post_select_columns (), viewer_param);
}

gboolean
civic_feed_write_post_rows (CivicDbStmt     *stmt,
                            CivicJsonWriter *w,
                            GError         **error)
{
  int liked = civic_post_n_columns ();

  civic_json_begin_array (w);
  while (civic_db_step (stmt, error))
    {
      civic_json_begin_object (w);
      civic_post_write_members (w, stmt, 0);
      civic_json_member_bool (w, "liked_by_me", civic_db_column_int64 (stmt, liked) != 0);
      civic_json_end_object (w);
    }
  civic_json_end_array (w);
  return error == NULL || *error == NULL;
}

gboolean
civic_feed_write_post (CivicDbConn     *conn,
                       CivicJsonWriter *w,
                       gint64           id,
                       const char      *viewer,
                       gboolean         with_replies,
                       GError         **error)
{
  g_autofree char *columns = civic_feed_post_columns_sql (2);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM posts p WHERE p.id = ?1", columns);
  g_autofree char *replies_sql = g_strdup_printf ("SELECT %s FROM posts p WHERE p.parent_id = ?1 "
                                                  "ORDER BY p.id", columns);
  CivicDbStmt *stmt = civic_db_prepare (conn, sql, error);
  gboolean is_reply;

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, id);
  civic_db_bind_text (stmt, 2, viewer);
  if (!civic_db_step (stmt, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND, "There is no post %" G_GINT64_FORMAT, id);
      return FALSE;
    }
  civic_json_begin_object (w);
  civic_post_write_members (w, stmt, 0);
  civic_json_member_bool (w, "liked_by_me", civic_db_column_int64 (stmt, civic_post_n_columns ()) != 0);
  is_reply = civic_post_row_parent_id (stmt, 0) != 0;
  civic_db_done (stmt);

  if (with_replies && !is_reply)
    {
      stmt = civic_db_prepare (conn, replies_sql, error);
      if (stmt == NULL)
        return FALSE;
      civic_db_bind_int64 (stmt, 1, id);
      civic_db_bind_text (stmt, 2, viewer);
      civic_json_key (w, "replies");
      if (!civic_feed_write_post_rows (stmt, w, error))
        return FALSE;
    }
  civic_json_end_object (w);
  return TRUE;
}

void
civic_feed_reply_error (CivicRequest *req,
                        const GError *error)
{
  guint status = SOUP_STATUS_SERVICE_UNAVAILABLE;

  if (error->domain == CIVIC_ERROR && error->code == CIVIC_ERROR_NOT_FOUND)
    status = SOUP_STATUS_NOT_FOUND;
  else if (error->domain == CIVIC_ERROR && error->code == CIVIC_ERROR_INVALID)
    status = SOUP_STATUS_BAD_REQUEST;
  civic_reply_error (req, status, "%s", error->message);
}

gint64
civic_feed_count (CivicDbConn  *conn,
                  const char   *sql,
                  const char   *text,
                  gint64        number,
                  GError      **error)
{
  CivicDbStmt *stmt = civic_db_prepare (conn, sql, error);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  civic_db_bind_text (stmt, 1, text);
  if (strstr (sql, "?2") != NULL)
    civic_db_bind_int64 (stmt, 2, number);
  if (civic_db_step (stmt, error))
    {
      n = civic_db_column_int64 (stmt, 0);
      civic_db_done (stmt);
    }
  return n;
}

gboolean
civic_feed_parse_tag (const char  *text,
                      char       **display,
                      char       **key)
{
  g_autofree char *hashed = NULL;
  g_autoptr(GPtrArray) tags = NULL;

  if (text == NULL || *text == '\0' || strlen (text) > 200 || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  hashed = g_strconcat ("#", text[0] == '#' ? text + 1 : text, NULL);
  tags = civic_text_collect_tags (civic_feed_scanner (), hashed, -1);
  /* the whole text must be the tag: "#pot holes" is not one */
  if (tags->len != 1 || strlen (g_ptr_array_index (tags, 0)) + 1 != strlen (hashed))
    return FALSE;
  *display = g_strdup (g_ptr_array_index (tags, 0));
  *key = civic_text_tag_key (*display);
  return TRUE;
}

char *
civic_feed_excerpt (const char *body)
{
  const glong max_chars = 80;
  const char *end;

  if (g_utf8_strlen (body, -1) <= max_chars)
    return g_strdup (body);
  end = g_utf8_offset_to_pointer (body, max_chars);
  return g_strdup_printf ("%.*s…", (int) (end - body), body);
}

void
civic_api_feed_register (CivicServer *server)
{
  civic_api_feed_posts_register (server);
  civic_api_feed_social_register (server);
  civic_api_feed_tags_register (server);
}
