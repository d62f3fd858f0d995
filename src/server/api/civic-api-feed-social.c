/* civic-api-feed-social.c: likes, follows and notifications
 *
 * PUT/DELETE /api/v1/posts/{id}/like
 * PUT/DELETE /api/v1/follows/{kind}/{target}   kind: tag, case, user
 * GET        /api/v1/follows
 * GET        /api/v1/notifications             ?unread=true&before=&limit=
 * POST       /api/v1/notifications/read        {ids: [...]} or {all: true}
 *
 * Likes and follows are idempotent (a desk replaying its queue must not
 * double-count); taking one back leaves a tombstone so other desks drop
 * their copy, and giving it again removes that tombstone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-api-feed-private.h"
#include "civic-error.h"

#define MAX_READ_IDS 1000

static gboolean
run_stmt (CivicDbStmt  *stmt,
          GError      **error)
{
  return stmt != NULL && civic_db_run (stmt, error);
}

static gboolean
drop_tombstone (CivicWrite  *w,
                const char  *entity,
                const char  *entity_id,
                GError     **error)
{
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "DELETE FROM tombstones WHERE entity = ?1 AND entity_id = ?2",
                                        error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, entity);
  civic_db_bind_text (stmt, 2, entity_id);
  return civic_db_run (stmt, error);
}

/* ---- likes ------------------------------------------------------------ */

typedef struct
{
  gint64   post_id;
  gboolean like;
} LikeChange;

static gboolean
like_func (CivicWrite  *w,
           gpointer     user_data,
           GError     **error)
{
  LikeChange *c = user_data;
  g_autofree char *like_id = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", c->post_id, w->actor);
  CivicDbStmt *stmt = civic_db_prepare (w->conn, "SELECT 1 FROM posts WHERE id = ?1", error);
  CivicJsonWriter jw;

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, c->post_id);
  if (!civic_db_step (stmt, error))
    {
      if (*error == NULL)
        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND, "There is no post %" G_GINT64_FORMAT, c->post_id);
      return FALSE;
    }
  civic_db_done (stmt);

  if (c->like)
    stmt = civic_db_prepare (w->conn,
                             "INSERT INTO likes (post_id, username, created, seq) VALUES (?1, ?2, ?3, ?4) "
                             "ON CONFLICT (post_id, username) DO NOTHING",
                             error);
  else
    stmt = civic_db_prepare (w->conn, "DELETE FROM likes WHERE post_id = ?1 AND username = ?2", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, c->post_id);
  civic_db_bind_text (stmt, 2, w->actor);
  if (c->like)
    {
      civic_db_bind_int64 (stmt, 3, w->now);
      civic_db_bind_int64 (stmt, 4, w->seq);
    }
  if (!civic_db_run (stmt, error))
    return FALSE;

  /* only a real change moves the count: a repeat is a no-op */
  if (civic_db_changes (w->conn) > 0)
    {
      stmt = civic_db_prepare (w->conn,
                               c->like ? "UPDATE posts SET like_count = like_count + 1, seq = ?2 WHERE id = ?1"
                                       : "UPDATE posts SET like_count = like_count - 1, seq = ?2 WHERE id = ?1",
                               error);
      if (stmt == NULL)
        return FALSE;
      civic_db_bind_int64 (stmt, 1, c->post_id);
      civic_db_bind_int64 (stmt, 2, w->seq);
      if (!run_stmt (stmt, error))
        return FALSE;
      if (c->like ? !drop_tombstone (w, "like", like_id, error)
                  : (civic_write_tombstone (w, "like", like_id, error), *error != NULL))
        return FALSE;
      civic_write_audit (w, c->like ? "like" : "unlike", "like", like_id, NULL, NULL);
    }

  civic_json_writer_init (&jw, w->body);
  return civic_feed_write_post (w->conn, &jw, c->post_id, w->actor, FALSE, error);
}

static void
like_change (CivicRequest *req,
             gboolean      like)
{
  LikeChange c = { 0, like };

  if (civic_feed_param_id (req, 0, &c.post_id))
    civic_write_run_request (req, like_func, &c);
}

static void
post_like (CivicRequest *req)
{
  like_change (req, TRUE);
}

static void
post_unlike (CivicRequest *req)
{
  like_change (req, FALSE);
}

/* ---- follows ---------------------------------------------------------- */

typedef struct
{
  const char *kind;
  char       *target;    /* normalised: tag key, tracking number, username */
  char       *display;
  gboolean    follow;
} FollowChange;

static void
follow_change_clear (FollowChange *c)
{
  g_free (c->target);
  g_free (c->display);
}

/* Normalises the route's kind and target; replies 400 when they make no
 * sense. A tag is whatever the post scanner would read after a '#'. */
static gboolean
parse_follow (CivicRequest *req,
              FollowChange *c)
{
  const char *kind = civic_request_param (req, 0);
  const char *target = civic_request_param (req, 1);

  if (target == NULL || *target == '\0' || strlen (target) > 200 || !g_utf8_validate (target, -1, NULL))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "Say what to follow: a tag, a case number or a username");
      return FALSE;
    }
  if (g_strcmp0 (kind, "tag") == 0)
    {
      if (!civic_feed_parse_tag (target, &c->display, &c->target))
        {
          civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                             "“%s” is not a tag: use letters, digits and _ with at least one letter", target);
          return FALSE;
        }
      c->kind = "tag";
    }
  else if (g_strcmp0 (kind, "case") == 0 || g_strcmp0 (kind, "user") == 0)
    {
      c->kind = g_str_equal (kind, "case") ? "case" : "user";
      c->target = g_strdup (target);
      c->display = g_strdup (target);
    }
  else
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                         "You can follow a tag, a case or a user, not a “%s”", kind != NULL ? kind : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
target_exists (CivicWrite    *w,
               FollowChange  *c,
               GError       **error)
{
  const char *sql;

  if (g_str_equal (c->kind, "tag"))
    return TRUE;   /* a tag can be followed before anyone uses it */
  sql = g_str_equal (c->kind, "case") ? "SELECT 1 FROM cases WHERE request_id = ?1"
                                      : "SELECT 1 FROM users WHERE username = ?1";
  if (!civic_db_exists (w->conn, sql, c->target, error))
    {
      if (*error == NULL)
        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND,
                     g_str_equal (c->kind, "case") ? "There is no case %s" : "There is no user %s", c->target);
      return FALSE;
    }
  return TRUE;
}

static gboolean
follow_func (CivicWrite  *w,
             gpointer     user_data,
             GError     **error)
{
  FollowChange *c = user_data;
  g_autofree char *follow_id = g_strdup_printf ("%s:%s:%s", w->actor, c->kind, c->target);
  CivicDbStmt *stmt;
  CivicJsonWriter jw;
  gboolean changed;

  if (c->follow && !target_exists (w, c, error))
    return FALSE;
  if (c->follow)
    stmt = civic_db_prepare (w->conn,
                             "INSERT INTO follows (username, kind, target, created, seq) VALUES (?1, ?2, ?3, ?4, ?5) "
                             "ON CONFLICT (username, kind, target) DO NOTHING",
                             error);
  else
    stmt = civic_db_prepare (w->conn, "DELETE FROM follows WHERE username = ?1 AND kind = ?2 AND target = ?3", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, w->actor);
  civic_db_bind_text (stmt, 2, c->kind);
  civic_db_bind_text (stmt, 3, c->target);
  if (c->follow)
    {
      civic_db_bind_int64 (stmt, 4, w->now);
      civic_db_bind_int64 (stmt, 5, w->seq);
    }
  if (!civic_db_run (stmt, error))
    return FALSE;
  changed = civic_db_changes (w->conn) > 0;
  if (changed)
    {
      if (c->follow ? !drop_tombstone (w, "follow", follow_id, error)
                    : (civic_write_tombstone (w, "follow", follow_id, error), *error != NULL))
        return FALSE;
      civic_write_audit (w, c->follow ? "follow" : "unfollow", "follow", follow_id, NULL, NULL);
    }

  civic_json_writer_init (&jw, w->body);
  civic_json_begin_object (&jw);
  civic_json_member_string (&jw, "kind", c->kind);
  civic_json_member_string (&jw, "target", c->target);
  civic_json_member_string (&jw, "display", c->display);
  civic_json_member_bool (&jw, "following", c->follow);
  civic_json_member_bool (&jw, "changed", changed);
  civic_json_end_object (&jw);
  return TRUE;
}

static void
follow_change (CivicRequest *req,
               gboolean      follow)
{
  FollowChange c = { .follow = follow };

  if (parse_follow (req, &c))
    civic_write_run_request (req, follow_func, &c);
  follow_change_clear (&c);
}

static void
follow_put (CivicRequest *req)
{
  follow_change (req, TRUE);
}

static void
follow_delete (CivicRequest *req)
{
  follow_change (req, FALSE);
}

static void
follow_list (CivicRequest *req)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  CivicDbStmt *stmt = civic_db_prepare (req->conn,
                                        "SELECT f.kind, f.target, f.created, CASE WHEN f.kind = 'tag' THEN "
                                        "(SELECT t.tag FROM post_tags t WHERE t.tag_key = f.target "
                                        "ORDER BY t.created, t.post_id LIMIT 1) ELSE NULL END "
                                        "FROM follows f WHERE f.username = ?1 ORDER BY f.kind, f.target",
                                        &error);
  CivicJsonWriter jw;

  if (stmt == NULL)
    {
      civic_feed_reply_error (req, error);
      return;
    }
  civic_db_bind_text (stmt, 1, req->user->username);
  civic_json_writer_init (&jw, out);
  civic_json_begin_object (&jw);
  civic_json_key (&jw, "follows");
  civic_json_begin_array (&jw);
  while (civic_db_step (stmt, &error))
    {
      g_autofree char *created = civic_format_time (civic_db_column_int64 (stmt, 2));

      civic_json_begin_object (&jw);
      civic_json_member_string (&jw, "kind", civic_db_column_text (stmt, 0));
      civic_json_member_string (&jw, "target", civic_db_column_text (stmt, 1));
      civic_json_member_string (&jw, "display", civic_db_column_is_null (stmt, 3)
                                ? civic_db_column_text (stmt, 1) : civic_db_column_text (stmt, 3));
      civic_json_member_string (&jw, "created", created);
      civic_json_end_object (&jw);
    }
  if (error != NULL)
    {
      civic_feed_reply_error (req, error);
      return;
    }
  civic_json_end_array (&jw);
  civic_json_end_object (&jw);
  civic_reply_string (req, SOUP_STATUS_OK, out);
}

/* ---- notifications ---------------------------------------------------- */

static gint64
unread_count (CivicDbConn  *conn,
              const char   *username,
              GError      **error)
{
  return civic_feed_count (conn, "SELECT COUNT(*) FROM notifications WHERE username = ?1 AND read = 0",
                           username, 0, error);
}

static void
notification_list (CivicRequest *req)
{
  const char *unread = civic_request_query (req, "unread");
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean only_unread = FALSE;
  CivicJsonWriter jw;
  CivicDbStmt *stmt;
  gint64 before = 0;
  gint64 n_unread;
  guint limit;

  if (unread != NULL && !g_str_equal (unread, "true") && !g_str_equal (unread, "false"))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "unread must be true or false, not “%s”", unread);
      return;
    }
  only_unread = g_strcmp0 (unread, "true") == 0;
  if (!civic_feed_query_limit (req, &limit) || !civic_feed_query_id (req, "before", &before))
    return;

  n_unread = unread_count (req->conn, req->user->username, &error);
  stmt = error != NULL ? NULL : civic_db_prepare (req->conn,
    only_unread
    ? "SELECT n.id, n.kind, n.actor, n.post_id, (SELECT c.request_id FROM cases c WHERE c.id = n.case_id),"
      " n.body, n.created, n.read FROM notifications n WHERE n.username = ?1 AND n.id < ?2 AND n.read = 0"
      " ORDER BY n.id DESC LIMIT ?3"
    : "SELECT n.id, n.kind, n.actor, n.post_id, (SELECT c.request_id FROM cases c WHERE c.id = n.case_id),"
      " n.body, n.created, n.read FROM notifications n WHERE n.username = ?1 AND n.id < ?2"
      " ORDER BY n.id DESC LIMIT ?3",
    &error);
  if (stmt == NULL)
    {
      civic_feed_reply_error (req, error);
      return;
    }
  civic_db_bind_text (stmt, 1, req->user->username);
  civic_db_bind_int64 (stmt, 2, before > 0 ? before : G_MAXINT64);
  civic_db_bind_int64 (stmt, 3, limit);

  civic_json_writer_init (&jw, out);
  civic_json_begin_object (&jw);
  civic_json_member_int (&jw, "unread", n_unread);
  civic_json_key (&jw, "notifications");
  civic_json_begin_array (&jw);
  while (civic_db_step (stmt, &error))
    {
      g_autofree char *created = civic_format_time (civic_db_column_int64 (stmt, 6));

      civic_json_begin_object (&jw);
      civic_json_member_int (&jw, "id", civic_db_column_int64 (stmt, 0));
      civic_json_member_string (&jw, "kind", civic_db_column_text (stmt, 1));
      civic_json_member_string (&jw, "actor", civic_db_column_text (stmt, 2));
      civic_json_key (&jw, "post_id");
      if (civic_db_column_is_null (stmt, 3))
        civic_json_null (&jw);
      else
        civic_json_int (&jw, civic_db_column_int64 (stmt, 3));
      civic_json_member_string (&jw, "case", civic_db_column_text (stmt, 4));
      civic_json_member_string (&jw, "body", civic_db_column_text (stmt, 5));
      civic_json_member_string (&jw, "created", created);
      civic_json_member_bool (&jw, "read", civic_db_column_int64 (stmt, 7) != 0);
      civic_json_end_object (&jw);
    }
  if (error != NULL)
    {
      civic_feed_reply_error (req, error);
      return;
    }
  civic_json_end_array (&jw);
  civic_json_end_object (&jw);
  civic_reply_string (req, SOUP_STATUS_OK, out);
}

typedef struct
{
  GArray   *ids;    /* gint64 */
  gboolean  all;
} ReadMark;

static gboolean
read_func (CivicWrite  *w,
           gpointer     user_data,
           GError     **error)
{
  ReadMark *m = user_data;
  gint64 marked = 0;
  CivicDbStmt *stmt;
  CivicJsonWriter jw;
  g_autofree char *after = NULL;
  guint i;

  if (m->all)
    {
      stmt = civic_db_prepare (w->conn,
                               "UPDATE notifications SET read = 1, seq = ?2 WHERE username = ?1 AND read = 0",
                               error);
      if (stmt == NULL)
        return FALSE;
      civic_db_bind_text (stmt, 1, w->actor);
      civic_db_bind_int64 (stmt, 2, w->seq);
      if (!civic_db_run (stmt, error))
        return FALSE;
      marked = civic_db_changes (w->conn);
    }
  for (i = 0; !m->all && i < m->ids->len; i++)
    {
      /* only my own: someone else's ids are silently not mine to mark */
      stmt = civic_db_prepare (w->conn,
                               "UPDATE notifications SET read = 1, seq = ?3 "
                               "WHERE id = ?2 AND username = ?1 AND read = 0",
                               error);
      if (stmt == NULL)
        return FALSE;
      civic_db_bind_text (stmt, 1, w->actor);
      civic_db_bind_int64 (stmt, 2, g_array_index (m->ids, gint64, i));
      civic_db_bind_int64 (stmt, 3, w->seq);
      if (!civic_db_run (stmt, error))
        return FALSE;
      marked += civic_db_changes (w->conn);
    }

  after = g_strdup_printf ("{\"marked_read\": %" G_GINT64_FORMAT "}", marked);
  civic_write_audit (w, "read", "notifications", w->actor, NULL, after);
  civic_json_writer_init (&jw, w->body);
  civic_json_begin_object (&jw);
  civic_json_member_int (&jw, "marked", marked);
  civic_json_member_int (&jw, "unread", unread_count (w->conn, w->actor, error));
  civic_json_end_object (&jw);
  return *error == NULL;
}

static void
notification_read (CivicRequest *req)
{
  g_autoptr(JsonObject) obj = civic_request_json_object (req);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  ReadMark m = { ids, FALSE };
  JsonNode *all;
  JsonNode *list;

  if (obj == NULL)
    return;
  all = json_object_get_member (obj, "all");
  list = json_object_get_member (obj, "ids");
  if (all != NULL && JSON_NODE_HOLDS_VALUE (all) && json_node_get_value_type (all) == G_TYPE_BOOLEAN &&
      json_node_get_boolean (all))
    m.all = TRUE;
  else if (list != NULL && JSON_NODE_HOLDS_ARRAY (list) &&
           json_array_get_length (json_node_get_array (list)) <= MAX_READ_IDS)
    {
      JsonArray *array = json_node_get_array (list);
      guint i;

      for (i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *n = json_array_get_element (array, i);
          gint64 id;

          if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64 ||
              (id = json_node_get_int (n)) <= 0)
            {
              civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "ids must be notification ids (whole numbers)");
              return;
            }
          g_array_append_val (ids, id);
        }
    }
  else
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                         "Send {\"ids\": [...]} (at most %d) or {\"all\": true}", MAX_READ_IDS);
      return;
    }
  civic_write_run_request (req, read_func, &m);
}

static const CivicRoute routes[] = {
  { "PUT", "/api/v1/posts/{}/like", post_like, CIVIC_ROUTE_STAFF },
  { "DELETE", "/api/v1/posts/{}/like", post_unlike, CIVIC_ROUTE_STAFF },
  { "GET", "/api/v1/follows", follow_list, CIVIC_ROUTE_STAFF },
  { "PUT", "/api/v1/follows/{}/{}", follow_put, CIVIC_ROUTE_STAFF },
  { "DELETE", "/api/v1/follows/{}/{}", follow_delete, CIVIC_ROUTE_STAFF },
  { "GET", "/api/v1/notifications", notification_list, CIVIC_ROUTE_STAFF },
  { "POST", "/api/v1/notifications/read", notification_read, CIVIC_ROUTE_STAFF },
};

void
civic_api_feed_social_register (CivicServer *server)
{
  civic_server_add_routes (server, routes, G_N_ELEMENTS (routes));
}
