/* civic-api-feed-posts.c: posting, replying, editing, deleting, pinning
 *
 * POST   /api/v1/posts                 {body, parent_id?, case?}
 * GET    /api/v1/posts                 ?filter=all|following|mentions|department&tag=&before=&limit=
 * GET    /api/v1/posts/{id}            the post and its thread
 * PATCH  /api/v1/posts/{id}            {body}: the author only
 * DELETE /api/v1/posts/{id}            the author, or a manager
 * POST   /api/v1/posts/{id}/pin        {until}: managers; ≤ 30 days ahead
 * DELETE /api/v1/posts/{id}/pin
 * GET    /api/v1/announcements         posts pinned now
 *
 * Threads are one level deep: a reply to a reply joins the top-level
 * thread, so a desk can show a thread without recursion.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-api-feed-private.h"
#include "auth/civic-auth.h"
#include "civic-error.h"
#include "model/civic-case-record.h"
#include "model/civic-notify.h"
#include "model/civic-post-record.h"

#define MAX_PIN_SECONDS (30 * 24 * 3600)

typedef struct
{
  gint64      id;          /* the post acted on; set by create */
  const char *body;
  gint64      parent_id;
  const char *case_ref;
  gint64      until;
} PostEdit;

/* Checks a body from a request: text, 1..2,000 characters, something
 * other than spaces. Replies 400 and returns NULL otherwise. */
static const char *
checked_body (CivicRequest *req,
              JsonObject   *obj)
{
  JsonNode *node = json_object_get_member (obj, "body");
  const char *body;
  glong chars;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "A post needs a body (text)");
      return NULL;
    }
  body = json_node_get_string (node);
  if (!g_utf8_validate (body, -1, NULL))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "The post is not valid UTF-8 text");
      return NULL;
    }
  chars = g_utf8_strlen (body, -1);
  if (chars > CIVIC_POST_MAX_CHARS)
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                         "A post may have at most %d characters; this one has %ld",
                         CIVIC_POST_MAX_CHARS, chars);
      return NULL;
    }
  for (const char *p = body; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return body;
  civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "The post is empty; write something first");
  return NULL;
}

static gboolean
write_post_body (CivicWrite  *w,
                 gint64       id,
                 GError     **error)
{
  CivicJsonWriter jw;

  g_string_truncate (w->body, 0);
  civic_json_writer_init (&jw, w->body);
  return civic_feed_write_post (w->conn, &jw, id, w->actor, FALSE, error);
}

/* Reads what a write needs to know about post @id. */
static gboolean
load_post (CivicWrite  *w,
           gint64       id,
           char       **author,
           gint64      *parent_id,
           gint64      *created,
           GError     **error)
{
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "SELECT author, parent_id, created FROM posts WHERE id = ?1",
                                        error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, id);
  if (!civic_db_step (stmt, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND, "There is no post %" G_GINT64_FORMAT, id);
      return FALSE;
    }
  if (author != NULL)
    *author = g_strdup (civic_db_column_text (stmt, 0));
  if (parent_id != NULL)
    *parent_id = civic_db_column_is_null (stmt, 1) ? 0 : civic_db_column_int64 (stmt, 1);
  if (created != NULL)
    *created = civic_db_column_int64 (stmt, 2);
  civic_db_done (stmt);
  return TRUE;
}

static gboolean
create_func (CivicWrite  *w,
             gpointer     user_data,
             GError     **error)
{
  PostEdit *e = user_data;
  g_autoptr(GHashTable) told = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *parent_author = NULL;
  g_autofree char *excerpt = civic_feed_excerpt (e->body);
  gint64 thread_id = 0;
  gint64 case_id = 0;
  CivicDbStmt *stmt;

  if (e->parent_id > 0)
    {
      gint64 grandparent = 0;

      if (!load_post (w, e->parent_id, &parent_author, &grandparent, NULL, error))
        {
          if (g_error_matches (*error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND))
            {
              g_clear_error (error);
              g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                           "There is no post %" G_GINT64_FORMAT " to reply to", e->parent_id);
            }
          return FALSE;
        }
      thread_id = grandparent > 0 ? grandparent : e->parent_id;
    }
  if (e->case_ref != NULL)
    {
      if (!civic_case_find_id (w->conn, e->case_ref, &case_id, error))
        return FALSE;
      if (case_id == 0)
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "There is no case %s", e->case_ref);
          return FALSE;
        }
    }

  stmt = civic_db_prepare (w->conn,
                           "INSERT INTO posts (author, body, parent_id, created, seq) "
                           "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, w->actor);
  civic_db_bind_text (stmt, 2, e->body);
  if (thread_id > 0)
    civic_db_bind_int64 (stmt, 3, thread_id);
  else
    civic_db_bind_null (stmt, 3);
  civic_db_bind_int64 (stmt, 4, w->now);
  civic_db_bind_int64 (stmt, 5, w->seq);
  if (!civic_db_step (stmt, error))
    return FALSE;
  e->id = civic_db_column_int64 (stmt, 0);
  civic_db_done (stmt);

  if (thread_id > 0)
    {
      g_autofree char *note = g_strdup_printf ("%s replied: %s", w->actor, excerpt);
      g_autofree char *thread_author = NULL;

      stmt = civic_db_prepare (w->conn,
                               "UPDATE posts SET reply_count = reply_count + 1, seq = ?2 WHERE id = ?1",
                               error);
      if (stmt == NULL)
        return FALSE;
      civic_db_bind_int64 (stmt, 1, thread_id);
      civic_db_bind_int64 (stmt, 2, w->seq);
      if (!civic_db_run (stmt, error))
        return FALSE;
      /* the one replied to, and whoever started the thread */
      if (!civic_notify_user_once (w, told, parent_author, "reply", e->id, 0, note, error))
        return FALSE;
      if (thread_id != e->parent_id &&
          (!load_post (w, thread_id, &thread_author, NULL, NULL, error) ||
           !civic_notify_user_once (w, told, thread_author, "reply", e->id, 0, note, error)))
        return FALSE;
    }

  if (!civic_feed_store_links (w, e->id, e->body, w->now, case_id, told, error) ||
      !write_post_body (w, e->id, error))
    return FALSE;
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, e->id);

    civic_write_audit (w, "create", "post", id, NULL, w->body->str);
  }
  w->status = SOUP_STATUS_CREATED;
  return TRUE;
}

gboolean
civic_feed_case_from_post (CivicWrite  *w,
                           gint64       post_id,
                           gint64       case_id,
                           const char  *request_id,
                           GError     **error)
{
  g_autofree char *author = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *post_ref = g_strdup_printf ("%" G_GINT64_FORMAT, post_id);
  CivicDbStmt *stmt;
  PostEdit e = { 0, };

  if (!load_post (w, post_id, &author, NULL, NULL, error))
    {
      if (g_error_matches (*error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND))
        {
          g_clear_error (error);
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                       "There is no post %" G_GINT64_FORMAT " to make a case from", post_id);
        }
      return FALSE;
    }
  stmt = civic_db_prepare (w->conn,
                           "SELECT c.request_id FROM posts p JOIN cases c ON c.id = p.case_id WHERE p.id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, post_id);
  if (civic_db_step (stmt, error))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_CONFLICT,
                   "This post is already case %s", civic_db_column_text (stmt, 0));
      civic_db_done (stmt);
      return FALSE;
    }
  if (*error != NULL)
    return FALSE;

  /* the post points at its case… */
  stmt = civic_db_prepare (w->conn, "UPDATE posts SET case_id = ?2, seq = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, post_id);
  civic_db_bind_int64 (stmt, 2, case_id);
  civic_db_bind_int64 (stmt, 3, w->seq);
  if (!civic_db_run (stmt, error))
    return FALSE;
  stmt = civic_db_prepare (w->conn,
                           "INSERT INTO post_cases (post_id, case_id, request_id) VALUES (?1, ?2, ?3) "
                           "ON CONFLICT DO NOTHING",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, post_id);
  civic_db_bind_int64 (stmt, 2, case_id);
  civic_db_bind_text (stmt, 3, request_id);
  if (!civic_db_run (stmt, error))
    return FALSE;
  /* …the case's timeline points back at the post… */
  if (!civic_case_add_event (w, case_id, "linked_post", "made from a feed post", NULL, post_ref, FALSE, error))
    return FALSE;
  /* …and whoever posted hears the number, as @KCMO311 answered a tweet */
  reply = g_strdup_printf ("Thank you — this is now case #%s; follow it with that tracking number.", request_id);
  e.body = reply;
  e.parent_id = post_id;
  return create_func (w, &e, error);
}

static void
post_create (CivicRequest *req)
{
  g_autoptr(JsonObject) obj = civic_request_json_object (req);
  PostEdit e = { 0, };
  JsonNode *node;

  if (obj == NULL || (e.body = checked_body (req, obj)) == NULL)
    return;
  if ((node = json_object_get_member (obj, "parent_id")) != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) <= 0)
        {
          civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "parent_id must be the id of the post to reply to");
          return;
        }
      e.parent_id = json_node_get_int (node);
    }
  if ((node = json_object_get_member (obj, "case")) != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          *json_node_get_string (node) == '\0' || strlen (json_node_get_string (node)) > 64)
        {
          civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "case must be a case's tracking number, e.g. 311-2026-004213");
          return;
        }
      e.case_ref = json_node_get_string (node);
    }
  civic_write_run_request (req, create_func, &e);
}

/* ---- reading ---------------------------------------------------------- */

static void
post_list (CivicRequest *req)
{
  const char *filter = civic_request_query (req, "filter");
  const char *tag = civic_request_query (req, "tag");
  g_autofree char *tag_key = NULL;
  g_autofree char *columns = civic_feed_post_columns_sql (1);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *department = req->user->department;
  gboolean include_replies = FALSE;
  CivicJsonWriter jw;
  CivicDbStmt *stmt;
  gint64 before = 0;
  guint limit;

  if (!civic_feed_query_limit (req, &limit) || !civic_feed_query_id (req, "before", &before))
    return;
  if (tag != NULL && *tag != '\0')
    {
      g_autofree char *spelling = NULL;

      if (!civic_feed_parse_tag (tag, &spelling, &tag_key))
        {
          civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "“%s” is not a tag", tag);
          return;
        }
    }

  /* ?1 viewer, ?2 before, ?3 limit, ?4 tag key, ?5 department: each
   * filter adds a fixed clause, so the statement cache stays small */
  g_string_append_printf (sql, "SELECT %s FROM posts p WHERE p.id < ?2", columns);
  if (filter == NULL || *filter == '\0' || g_str_equal (filter, "all"))
    ;
  else if (g_str_equal (filter, "following"))
    g_string_append (sql,
                     /* from the follows through the indexes, not a test
                      * per post: a page of a sparse Following read most
                      * of the table (the desk's replica: 254 → 23 ms) */
                     " AND p.id IN (SELECT p2.id FROM follows f JOIN posts p2 ON p2.author = f.target"
                     " WHERE f.username = ?1 AND f.kind = 'user'"
                     " UNION SELECT t.post_id FROM follows f JOIN post_tags t ON t.tag_key = f.target"
                     " WHERE f.username = ?1 AND f.kind = 'tag'"
                     " UNION SELECT pc.post_id FROM follows f JOIN post_cases pc ON pc.request_id = f.target"
                     " WHERE f.username = ?1 AND f.kind = 'case')");
  else if (g_str_equal (filter, "mentions"))
    {
      /* a reply that names me matters as much as a post */
      include_replies = TRUE;
      g_string_append (sql, department != NULL
                       ? " AND EXISTS (SELECT 1 FROM post_mentions m WHERE m.post_id = p.id"
                         " AND (m.target = ?1 OR m.target = ?5))"
                       : " AND EXISTS (SELECT 1 FROM post_mentions m WHERE m.post_id = p.id AND m.target = ?1)");
    }
  else if (g_str_equal (filter, "department"))
    {
      if (department == NULL)
        {
          civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                             "You are not in a department, so there is no department feed to show");
          return;
        }
      g_string_append (sql, " AND p.author IN (SELECT u.username FROM users u WHERE u.department_id = ?5)");
    }
  else
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                         "filter must be all, following, mentions or department, not “%s”", filter);
      return;
    }
  if (!include_replies)
    g_string_append (sql, " AND p.parent_id IS NULL");
  if (tag_key != NULL)
    g_string_append (sql, " AND EXISTS (SELECT 1 FROM post_tags t2 WHERE t2.post_id = p.id AND t2.tag_key = ?4)");
  g_string_append (sql, " ORDER BY p.id DESC LIMIT ?3");

  stmt = civic_db_prepare (req->conn, sql->str, &error);
  if (stmt == NULL)
    {
      civic_feed_reply_error (req, error);
      return;
    }
  civic_db_bind_text (stmt, 1, req->user->username);
  civic_db_bind_int64 (stmt, 2, before > 0 ? before : G_MAXINT64);
  civic_db_bind_int64 (stmt, 3, limit);
  if (tag_key != NULL)
    civic_db_bind_text (stmt, 4, tag_key);
  if (strstr (sql->str, "?5") != NULL)
    civic_db_bind_text (stmt, 5, department);

  civic_json_writer_init (&jw, out);
  civic_json_begin_object (&jw);
  civic_json_key (&jw, "posts");
  if (!civic_feed_write_post_rows (stmt, &jw, &error))
    {
      civic_feed_reply_error (req, error);
      return;
    }
  civic_json_end_object (&jw);
  civic_reply_string (req, SOUP_STATUS_OK, out);
}

static void
post_get (CivicRequest *req)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  CivicJsonWriter jw;
  gint64 id;

  if (!civic_feed_param_id (req, 0, &id))
    return;
  civic_json_writer_init (&jw, out);
  if (!civic_feed_write_post (req->conn, &jw, id, req->user->username, TRUE, &error))
    civic_feed_reply_error (req, error);
  else
    civic_reply_string (req, SOUP_STATUS_OK, out);
}

static void
announcements (CivicRequest *req)
{
  g_autofree char *columns = civic_feed_post_columns_sql (1);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM posts p WHERE p.pinned_until > ?2 "
                                          "ORDER BY p.id DESC LIMIT 200", columns);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  CivicDbStmt *stmt = civic_db_prepare (req->conn, sql, &error);
  CivicJsonWriter jw;

  if (stmt == NULL)
    {
      civic_feed_reply_error (req, error);
      return;
    }
  civic_db_bind_text (stmt, 1, req->user->username);
  civic_db_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  civic_json_writer_init (&jw, out);
  civic_json_begin_object (&jw);
  civic_json_key (&jw, "posts");
  if (!civic_feed_write_post_rows (stmt, &jw, &error))
    {
      civic_feed_reply_error (req, error);
      return;
    }
  civic_json_end_object (&jw);
  civic_reply_string (req, SOUP_STATUS_OK, out);
}

/* ---- editing and deleting ---------------------------------------------- */

static gboolean
edit_func (CivicWrite  *w,
           gpointer     user_data,
           GError     **error)
{
  PostEdit *e = user_data;
  g_autoptr(GHashTable) told = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) before = g_string_new (NULL);
  g_autofree char *author = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, e->id);
  gint64 created = 0;
  gint64 case_id = 0;
  CivicJsonWriter jw;
  CivicDbStmt *stmt;

  if (!load_post (w, e->id, &author, NULL, &created, error))
    return FALSE;
  if (g_strcmp0 (author, w->actor) != 0)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FORBIDDEN,
                   "Only %s, who wrote this post, may edit it", author);
      return FALSE;
    }
  civic_json_writer_init (&jw, before);
  if (!civic_feed_write_post (w->conn, &jw, e->id, w->actor, FALSE, error))
    return FALSE;

  /* a post linked to a case stays linked, whatever the new text: the
   * case's timeline already points at it */
  stmt = civic_db_prepare (w->conn, "SELECT case_id FROM posts WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, e->id);
  if (civic_db_step (stmt, error))
    {
      case_id = civic_db_column_is_null (stmt, 0) ? 0 : civic_db_column_int64 (stmt, 0);
      civic_db_done (stmt);
    }
  if (*error != NULL)
    return FALSE;

  stmt = civic_db_prepare (w->conn, "UPDATE posts SET body = ?2, edited = ?3, seq = ?4 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, e->id);
  civic_db_bind_text (stmt, 2, e->body);
  civic_db_bind_int64 (stmt, 3, w->now);
  civic_db_bind_int64 (stmt, 4, w->seq);
  if (!civic_db_run (stmt, error) ||
      !civic_feed_store_links (w, e->id, e->body, created, case_id, told, error) ||
      !write_post_body (w, e->id, error))
    return FALSE;
  civic_write_audit (w, "edit", "post", id, before->str, w->body->str);
  return TRUE;
}

static void
post_edit (CivicRequest *req)
{
  g_autoptr(JsonObject) obj = NULL;
  PostEdit e = { 0, };

  if (!civic_feed_param_id (req, 0, &e.id))
    return;
  obj = civic_request_json_object (req);
  if (obj == NULL || (e.body = checked_body (req, obj)) == NULL)
    return;
  civic_write_run_request (req, edit_func, &e);
}

/* Removes one post row and what hangs off it, leaving tombstones. */
static gboolean
delete_one (CivicWrite  *w,
            gint64       id,
            GError     **error)
{
  static const char *const cleanup[] = {
    "DELETE FROM post_tags WHERE post_id = ?1",
    "DELETE FROM post_mentions WHERE post_id = ?1",
    "DELETE FROM post_cases WHERE post_id = ?1",
    "DELETE FROM likes WHERE post_id = ?1",
    "DELETE FROM posts WHERE id = ?1",
  };
  g_autoptr(GPtrArray) likers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *post_ref = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  CivicDbStmt *stmt;
  guint i;

  stmt = civic_db_prepare (w->conn, "SELECT username FROM likes WHERE post_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, id);
  while (civic_db_step (stmt, error))
    g_ptr_array_add (likers, g_strdup (civic_db_column_text (stmt, 0)));
  if (*error != NULL)
    return FALSE;
  for (i = 0; i < likers->len; i++)
    {
      g_autofree char *like_id = g_strdup_printf ("%s:%s", post_ref, (char *) g_ptr_array_index (likers, i));

      civic_write_tombstone (w, "like", like_id, error);
      if (*error != NULL)
        return FALSE;
    }
  for (i = 0; i < G_N_ELEMENTS (cleanup); i++)
    {
      stmt = civic_db_prepare (w->conn, cleanup[i], error);
      if (stmt == NULL)
        return FALSE;
      civic_db_bind_int64 (stmt, 1, id);
      if (!civic_db_run (stmt, error))
        return FALSE;
    }
  civic_write_tombstone (w, "post", post_ref, error);
  return *error == NULL;
}

static gboolean
delete_func (CivicWrite  *w,
             gpointer     user_data,
             GError     **error)
{
  PostEdit *e = user_data;
  g_autoptr(GString) before = g_string_new (NULL);
  g_autoptr(GArray) replies = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *author = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, e->id);
  gint64 parent_id = 0;
  CivicJsonWriter jw;
  CivicDbStmt *stmt;
  guint i;

  if (!load_post (w, e->id, &author, &parent_id, NULL, error))
    return FALSE;
  if (g_strcmp0 (author, w->actor) != 0 && !civic_auth_has_role (w->req->user, "manager"))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FORBIDDEN,
                   "Only %s, who wrote this post, or a manager may delete it", author);
      return FALSE;
    }
  civic_json_writer_init (&jw, before);
  if (!civic_feed_write_post (w->conn, &jw, e->id, w->actor, FALSE, error))
    return FALSE;

  /* a thread goes with its first post */
  stmt = civic_db_prepare (w->conn, "SELECT id FROM posts WHERE parent_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, e->id);
  while (civic_db_step (stmt, error))
    {
      gint64 reply = civic_db_column_int64 (stmt, 0);

      g_array_append_val (replies, reply);
    }
  if (*error != NULL)
    return FALSE;
  for (i = 0; i < replies->len; i++)
    if (!delete_one (w, g_array_index (replies, gint64, i), error))
      return FALSE;
  if (!delete_one (w, e->id, error))
    return FALSE;

  if (parent_id > 0)
    {
      stmt = civic_db_prepare (w->conn,
                               "UPDATE posts SET reply_count = reply_count - 1, seq = ?2 "
                               "WHERE id = ?1 AND reply_count > 0",
                               error);
      if (stmt == NULL)
        return FALSE;
      civic_db_bind_int64 (stmt, 1, parent_id);
      civic_db_bind_int64 (stmt, 2, w->seq);
      if (!civic_db_run (stmt, error))
        return FALSE;
    }
  civic_write_audit (w, "delete", "post", id, before->str, NULL);
  g_string_printf (w->body, "{\"deleted\": %" G_GINT64_FORMAT ", \"replies_deleted\": %u}", e->id, replies->len);
  return TRUE;
}

static void
post_delete (CivicRequest *req)
{
  PostEdit e = { 0, };

  if (civic_feed_param_id (req, 0, &e.id))
    civic_write_run_request (req, delete_func, &e);
}

/* ---- pins --------------------------------------------------------------- */

static gboolean
pin_func (CivicWrite  *w,
          gpointer     user_data,
          GError     **error)
{
  PostEdit *e = user_data;
  g_autoptr(GString) before = g_string_new (NULL);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, e->id);
  CivicJsonWriter jw;
  CivicDbStmt *stmt;

  if (e->until > 0 && (e->until <= w->now || e->until > w->now + MAX_PIN_SECONDS))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   e->until <= w->now ? "The pin must end in the future"
                                      : "An announcement may stay pinned for at most 30 days");
      return FALSE;
    }
  civic_json_writer_init (&jw, before);
  if (!civic_feed_write_post (w->conn, &jw, e->id, w->actor, FALSE, error))
    return FALSE;
  stmt = civic_db_prepare (w->conn, "UPDATE posts SET pinned_until = ?2, seq = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, e->id);
  if (e->until > 0)
    civic_db_bind_int64 (stmt, 2, e->until);
  else
    civic_db_bind_null (stmt, 2);
  civic_db_bind_int64 (stmt, 3, w->seq);
  if (!civic_db_run (stmt, error) || !write_post_body (w, e->id, error))
    return FALSE;
  civic_write_audit (w, e->until > 0 ? "pin" : "unpin", "post", id, before->str, w->body->str);
  return TRUE;
}

static void
post_pin (CivicRequest *req)
{
  g_autoptr(JsonObject) obj = NULL;
  PostEdit e = { 0, };
  const char *until;

  if (!civic_feed_param_id (req, 0, &e.id) ||
      !civic_auth_require_role (req, "manager", "pin announcements"))
    return;
  obj = civic_request_json_object (req);
  if (obj == NULL)
    return;
  until = json_object_get_string_member_with_default (obj, "until", NULL);
  if (until == NULL || !civic_parse_time (until, &e.until))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                         "until must be a date and time such as 2026-05-01T17:00:00-05:00");
      return;
    }
  if (e.until <= 0)
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "The pin must end in the future");
      return;
    }
  civic_write_run_request (req, pin_func, &e);
}

static void
post_unpin (CivicRequest *req)
{
  PostEdit e = { 0, };

  if (civic_feed_param_id (req, 0, &e.id) &&
      civic_auth_require_role (req, "manager", "unpin announcements"))
    civic_write_run_request (req, pin_func, &e);
}

static const CivicRoute routes[] = {
  { "POST", "/api/v1/posts", post_create, CIVIC_ROUTE_STAFF },
  { "GET", "/api/v1/posts", post_list, CIVIC_ROUTE_STAFF },
  { "GET", "/api/v1/posts/{}", post_get, CIVIC_ROUTE_STAFF },
  { "PATCH", "/api/v1/posts/{}", post_edit, CIVIC_ROUTE_STAFF },
  { "DELETE", "/api/v1/posts/{}", post_delete, CIVIC_ROUTE_STAFF },
  { "POST", "/api/v1/posts/{}/pin", post_pin, CIVIC_ROUTE_STAFF },
  { "DELETE", "/api/v1/posts/{}/pin", post_unpin, CIVIC_ROUTE_STAFF },
  { "GET", "/api/v1/announcements", announcements, CIVIC_ROUTE_STAFF },
};

void
civic_api_feed_posts_register (CivicServer *server)
{
  civic_server_add_routes (server, routes, G_N_ELEMENTS (routes));
}
