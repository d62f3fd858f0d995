/* civic-local-write.c: every change a clerk makes, offline first
 *
 * The replica changes at once and the staff-API request waits in the
 * outbox, both in one store transaction. The outbox entry's context
 * remembers what the push hooks (civic-local-push.c) need to put the
 * server's answer in place, merge a 409 or undo a refusal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-local-write.h"

#include <string.h>

#include "civic-case-private.h"
#include "civic-error.h"
#include "civic-local-private.h"
#include "civic-store-private.h"
#include "civic-sync-apply.h"
#include "civic-sync-private.h"
#include "civic-text.h"

static const char * const field_names[] = {
  "state", "assignee", "department", "priority", "tags", "status_notes", "description",
};

G_STATIC_ASSERT (G_N_ELEMENTS (field_names) == 7);

/* ---- case fields as JSON --------------------------------------------- */

JsonNode *
civic_local_case_field (CivicCase  *c,
                        const char *field)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  const char *text = NULL;

  if (g_str_equal (field, "state"))
    text = civic_enum_to_nick (CIVIC_TYPE_CASE_STATE, c->state);
  else if (g_str_equal (field, "priority"))
    text = civic_priority_to_name (c->priority);
  else if (g_str_equal (field, "assignee"))
    text = c->assignee;
  else if (g_str_equal (field, "department"))
    text = c->department;
  else if (g_str_equal (field, "status_notes"))
    text = c->status_notes;
  else if (g_str_equal (field, "description"))
    text = c->description;
  else if (g_str_equal (field, "tags"))
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; c->tags != NULL && c->tags[i] != NULL; i++)
        json_array_add_string_element (array, c->tags[i]);
      json_node_init_array (node, array);
      json_array_unref (array);
      return node;
    }
  else
    {
      json_node_unref (node);
      return NULL;
    }

  if (text == NULL)
    json_node_init_null (node);
  else
    json_node_set_string (node, text);
  return node;
}

char *
civic_sync_case_field_json (CivicCase  *kase,
                            const char *field)
{
  g_autoptr(JsonNode) node = civic_local_case_field (kase, field);

  return node != NULL ? json_to_string (node, FALSE) : NULL;
}

gboolean
civic_local_set_case_field (CivicCase   *c,
                            const char  *field,
                            JsonNode    *value,
                            GError     **error)
{
  const char *text = NULL;

  if (value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    text = json_node_get_string (value);
  else if (value != NULL && !JSON_NODE_HOLDS_NULL (value) && !g_str_equal (field, "tags"))
    goto bad;

  if (g_str_equal (field, "state"))
    {
      int state;

      if (text == NULL || !civic_enum_from_nick (CIVIC_TYPE_CASE_STATE, text, &state))
        goto bad;
      civic_case_set_state (c, state);
    }
  else if (g_str_equal (field, "priority"))
    {
      int priority = civic_priority_from_name (text);

      if (priority == 0)
        goto bad;
      civic_case_set_priority (c, priority);
    }
  else if (g_str_equal (field, "assignee"))
    civic_case_set_assignee (c, text);
  else if (g_str_equal (field, "department"))
    civic_case_set_department (c, text);
  else if (g_str_equal (field, "status_notes"))
    civic_case_set_status_notes (c, text);
  else if (g_str_equal (field, "description"))
    civic_case_set_description (c, text);
  else if (g_str_equal (field, "tags"))
    {
      g_autoptr(GPtrArray) tags = g_ptr_array_new ();

      if (value != NULL && JSON_NODE_HOLDS_ARRAY (value))
        for (guint i = 0; i < json_array_get_length (json_node_get_array (value)); i++)
          {
            const char *tag = json_array_get_string_element (json_node_get_array (value), i);

            if (tag != NULL)
              g_ptr_array_add (tags, (gpointer) tag);
          }
      else if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
        goto bad;
      g_ptr_array_add (tags, NULL);
      civic_case_set_tags (c, tags->len > 1 ? (const char * const *) tags->pdata : NULL);
    }
  /* "note" and fields this desk does not keep change nothing here */
  return TRUE;

bad:
  g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
               "The value for “%s” of case %s cannot be read.", field,
               c->service_request_id != NULL ? c->service_request_id : "");
  return FALSE;
}

/* ---- the outbox with its context ------------------------------------- */

gint64
civic_local_enqueue (CivicStore   *store,
                     const char   *method,
                     const char   *path,
                     JsonObject   *body,
                     JsonObject   *context,
                     GError      **error)
{
  g_autofree char *body_text = NULL;
  g_autofree char *context_text = NULL;
  sqlite3_stmt *stmt;
  gint64 id;
  int rc;

  if (body != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);

      body_text = json_to_string (node, FALSE);
    }
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), context);

    context_text = json_to_string (node, FALSE);
  }

  id = civic_store_outbox_enqueue (store, method, path, body_text, error);
  if (id == 0)
    return 0;
  stmt = civic_store_prepare (store, "UPDATE outbox SET context = ? WHERE id = ?", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, context_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return 0;
    }
  return id;
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static char *
case_path (const char *request_id,
           const char *tail)
{
  g_autofree char *escaped = g_uri_escape_string (request_id, NULL, FALSE);

  return g_strconcat ("/api/v1/cases/", escaped, tail, NULL);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* A provisional timeline entry; its id, or 0 on error. */
gint64
civic_local_add_event (CivicStore          *store,
                       const char          *request_id,
                       CivicCaseEventKind   kind,
                       const char          *author,
                       const char          *body,
                       const char          *old_value,
                       const char          *new_value,
                       GError             **error)
{
  g_autoptr(CivicCaseEvent) event = civic_case_event_new ();

  civic_case_event_set_case_id (event, request_id);
  civic_case_event_set_kind (event, kind);
  civic_case_event_set_author (event, author);
  civic_case_event_set_body (event, body);
  civic_case_event_set_created (event, now_seconds ());
  civic_case_event_set_old_value (event, old_value);
  civic_case_event_set_new_value (event, new_value);
  if (!civic_store_append_event (store, event, error))
    return 0;
  return civic_case_event_get_id (event);
}

/* ---- cases ----------------------------------------------------------- */

static JsonNode *
change_value (const CivicCaseChange *change,
              guint                  bit)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  const char *text = NULL;

  switch (1u << bit)
    {
    case CIVIC_CASE_FIELD_STATE:
      text = civic_enum_to_nick (CIVIC_TYPE_CASE_STATE, change->state);
      break;
    case CIVIC_CASE_FIELD_ASSIGNEE:
      text = change->assignee;
      break;
    case CIVIC_CASE_FIELD_DEPARTMENT:
      text = change->department;
      break;
    case CIVIC_CASE_FIELD_PRIORITY:
      text = civic_priority_to_name (change->priority);
      break;
    case CIVIC_CASE_FIELD_TAGS:
      {
        JsonArray *array = json_array_new ();

        for (guint i = 0; change->tags != NULL && change->tags[i] != NULL; i++)
          json_array_add_string_element (array, change->tags[i]);
        json_node_init_array (node, array);
        json_array_unref (array);
        return node;
      }
    case CIVIC_CASE_FIELD_STATUS_NOTES:
      text = change->status_notes;
      break;
    case CIVIC_CASE_FIELD_DESCRIPTION:
      text = change->description;
      break;
    default:
      g_assert_not_reached ();
    }
  if (text == NULL)
    json_node_init_null (node);
  else
    json_node_set_string (node, text);
  return node;
}

static gboolean
check_change (CivicCase              *c,
              const CivicCaseChange  *change,
              GError                **error)
{
  if ((change->fields & ~(CIVIC_CASE_FIELD_STATE | CIVIC_CASE_FIELD_ASSIGNEE | CIVIC_CASE_FIELD_DEPARTMENT |
                          CIVIC_CASE_FIELD_PRIORITY | CIVIC_CASE_FIELD_TAGS | CIVIC_CASE_FIELD_STATUS_NOTES |
                          CIVIC_CASE_FIELD_DESCRIPTION)) != 0 ||
      (change->fields == 0 && is_blank (change->note)))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "There is nothing to change in case %s.",
                   c->service_request_id);
      return FALSE;
    }
  /* the server's own rule, checked here so the clerk hears it now and
   * not after the push */
  if ((change->fields & CIVIC_CASE_FIELD_STATE) && change->state == CIVIC_CASE_STATE_CLOSED &&
      c->state != CIVIC_CASE_STATE_CLOSED && is_blank (change->note) &&
      (!(change->fields & CIVIC_CASE_FIELD_STATUS_NOTES) || is_blank (change->status_notes)))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "Closing %s needs a resolution note: say what was done in the status notes or a note.",
                   c->service_request_id);
      return FALSE;
    }
  if ((change->fields & CIVIC_CASE_FIELD_STATE) &&
      ((int) change->state < 0 || change->state > CIVIC_CASE_STATE_LAST))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "That is not a state a case can be in.");
      return FALSE;
    }
  if ((change->fields & CIVIC_CASE_FIELD_DEPARTMENT) && is_blank (change->department))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "A case always belongs to a department; choose one.");
      return FALSE;
    }
  if ((change->fields & CIVIC_CASE_FIELD_PRIORITY) && (change->priority < 1 || change->priority > 5))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "The priority must be low, normal, high or urgent.");
      return FALSE;
    }
  return TRUE;
}

gboolean
civic_local_update_case (CivicStore             *store,
                         const char             *request_id,
                         const CivicCaseChange  *change,
                         const char             *author,
                         GError                **error)
{
  g_autoptr(CivicCase) c = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) base = json_object_new ();
  g_autoptr(JsonObject) context = json_object_new ();
  g_autoptr(JsonArray) events = json_array_new ();
  g_autofree char *path = NULL;
  g_autofree char *if_match = NULL;
  CivicCaseState old_state;
  gint64 now = now_seconds ();

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (request_id != NULL && change != NULL, FALSE);

  c = civic_store_get_case (store, request_id, error);
  if (c == NULL || !check_change (c, change, error))
    return FALSE;

  old_state = c->state;
  for (guint bit = 0; bit < G_N_ELEMENTS (field_names); bit++)
    {
      JsonNode *value;

      if (!(change->fields & (1u << bit)))
        continue;
      /* the value replaced, for merging a 409 field by field */
      json_object_set_member (base, field_names[bit], civic_local_case_field (c, field_names[bit]));
      value = change_value (change, bit);
      if (!civic_local_set_case_field (c, field_names[bit], value, error))
        {
          json_node_unref (value);
          return FALSE;
        }
      json_object_set_member (body, field_names[bit], value);
    }
  if (!is_blank (change->note))
    json_object_set_string_member (body, "note", change->note);

  civic_case_set_updated_datetime (c, now);
  if (c->state == CIVIC_CASE_STATE_CLOSED && old_state != CIVIC_CASE_STATE_CLOSED)
    civic_case_set_closed_datetime (c, now);
  else if (c->state != CIVIC_CASE_STATE_CLOSED)
    civic_case_set_closed_datetime (c, 0);

  path = case_path (request_id, "");
  if_match = g_strdup_printf ("%" G_GINT64_FORMAT, c->version);
  json_object_set_string_member (context, "kind", "case_update");
  json_object_set_string_member (context, "request_id", request_id);
  json_object_set_string_member (context, "if_match", if_match);
  json_object_set_object_member (context, "base", json_object_ref (base));

  if (!civic_store_begin (store, error))
    return FALSE;
  if (!civic_store_put_case (store, c, error))
    goto fail;
  if (!is_blank (change->note))
    {
      gint64 id = civic_local_add_event (store, request_id, CIVIC_CASE_EVENT_INTERNAL_NOTE, author, change->note,
                             NULL, NULL, error);

      if (id == 0)
        goto fail;
      json_array_add_int_element (events, id);
    }
  json_object_set_array_member (context, "local_event_ids", json_array_ref (events));
  if (civic_local_enqueue (store, "PATCH", path, body, context, error) == 0)
    goto fail;
  return civic_store_commit (store, error);

fail:
  civic_store_rollback (store);
  return FALSE;
}

gboolean
civic_local_add_note (CivicStore  *store,
                      const char  *request_id,
                      const char  *body,
                      gboolean     is_public,
                      const char  *author,
                      GError     **error)
{
  g_autoptr(CivicCase) c = NULL;
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonObject) context = json_object_new ();
  g_autofree char *path = NULL;
  gint64 event_id;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (request_id != NULL, FALSE);

  if (is_blank (body))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "A note needs some text.");
      return FALSE;
    }
  c = civic_store_get_case (store, request_id, error);
  if (c == NULL)
    return FALSE;

  path = case_path (request_id, "/notes");
  json_object_set_string_member (request, "body", body);
  json_object_set_boolean_member (request, "public", is_public);

  if (!civic_store_begin (store, error))
    return FALSE;
  event_id = civic_local_add_event (store, request_id,
                        is_public ? CIVIC_CASE_EVENT_PUBLIC_NOTE : CIVIC_CASE_EVENT_INTERNAL_NOTE,
                        author, body, NULL, NULL, error);
  if (event_id == 0)
    goto fail;
  json_object_set_string_member (context, "kind", "note");
  json_object_set_string_member (context, "request_id", request_id);
  json_object_set_int_member (context, "local_event_id", event_id);
  if (civic_local_enqueue (store, "POST", path, request, context, error) == 0)
    goto fail;
  return civic_store_commit (store, error);

fail:
  civic_store_rollback (store);
  return FALSE;
}

/* ---- the feed -------------------------------------------------------- */

static gboolean
query_int (CivicStore   *store,
           const char   *sql,
           gint64        arg,
           const char   *text_arg,
           gint64       *value,
           GError      **error)
{
  sqlite3_stmt *stmt = civic_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, arg);
  if (text_arg != NULL)
    sqlite3_bind_text (stmt, 2, text_arg, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Queues the POST for a row just made under local @id and commits the
 * caller's transaction, rolling it back if the queueing fails. */
static gboolean
enqueue_created (CivicStore  *store,
                 const char  *kind,
                 const char  *path,
                 gint64       id,
                 JsonObject  *request,
                 JsonObject  *context,
                 gint64      *local_id,
                 GError     **error)
{
  json_object_set_string_member (context, "kind", kind);
  json_object_set_int_member (context, "local_id", id);
  if (civic_local_enqueue (store, "POST", path, request, context, error) == 0)
    {
      civic_store_rollback (store);
      return FALSE;
    }
  if (!civic_store_commit (store, error))
    return FALSE;
  if (local_id != NULL)
    *local_id = id;
  return TRUE;
}

gboolean
civic_local_create_post (CivicStore  *store,
                         const char  *body,
                         gint64       parent_id,
                         const char  *author,
                         gint64      *local_id,
                         GError     **error)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonObject) context = json_object_new ();
  g_autoptr(CivicPost) post = civic_post_new ();
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  gint64 lowest = 0;
  gint64 id;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);

  if (is_blank (body))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "The post is empty; write something first.");
      return FALSE;
    }
  if (parent_id < 0)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "That post has not reached the service yet; reply once it has.");
      return FALSE;
    }

  json_object_set_string_member (request, "body", body);
  if (parent_id > 0)
    json_object_set_int_member (request, "parent_id", parent_id);

  if (!civic_store_begin (store, error))
    return FALSE;
  /* local ids count down from -1, never meeting the server's */
  if (!query_int (store, "SELECT min (min (id), 0) FROM posts WHERE id < ?", 0, NULL, &lowest, error))
    goto fail;
  id = lowest - 1;
  civic_post_set_id (post, id);
  civic_post_set_author (post, author);
  civic_post_set_body (post, body);
  civic_post_set_created (post, now_seconds ());
  civic_post_set_parent_id (post, parent_id);
  g_ptr_array_add (one, post);
  if (!civic_store_put_posts (store, one, error))
    goto fail;
  return enqueue_created (store, "post", "/api/v1/posts", id, request, context, local_id, error);

fail:
  civic_store_rollback (store);
  return FALSE;
}

gboolean
civic_local_like_row (CivicStore  *store,
                      gint64       post_id,
                      const char  *username,
                      gboolean     liked,
                      gboolean    *changed,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = civic_store_prepare (store,
                              liked ? "INSERT OR IGNORE INTO likes (post_id, username, created) VALUES (?1, ?2, ?3)"
                                    : "DELETE FROM likes WHERE post_id = ?1 AND username = ?2",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, post_id);
  sqlite3_bind_text (stmt, 2, username, -1, SQLITE_STATIC);
  if (liked)
    sqlite3_bind_int64 (stmt, 3, now_seconds ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }
  *changed = sqlite3_changes (store->db) > 0;
  if (!*changed)
    return TRUE;

  /* the count shows the click at once; the next pull brings the truth */
  stmt = civic_store_prepare (store, "UPDATE posts SET like_count = max (0, like_count + ?) WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, liked ? 1 : -1);
  sqlite3_bind_int64 (stmt, 2, post_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
civic_local_set_like (CivicStore  *store,
                      gint64       post_id,
                      const char  *username,
                      gboolean     liked,
                      GError     **error)
{
  g_autoptr(JsonObject) context = json_object_new ();
  g_autofree char *path = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  if (post_id < 0)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "That post has not reached the service yet; like it once it has.");
      return FALSE;
    }

  path = g_strdup_printf ("/api/v1/posts/%" G_GINT64_FORMAT "/like", post_id);
  json_object_set_string_member (context, "kind", "like");
  json_object_set_int_member (context, "post_id", post_id);
  json_object_set_string_member (context, "username", username);
  json_object_set_boolean_member (context, "liked", liked);

  if (!civic_store_begin (store, error))
    return FALSE;
  if (!civic_local_like_row (store, post_id, username, liked, &changed, error))
    goto fail;
  /* already so (as far as this desk knows): nothing to send */
  if (changed && civic_local_enqueue (store, liked ? "PUT" : "DELETE", path, NULL, context, error) == 0)
    goto fail;
  return civic_store_commit (store, error);

fail:
  civic_store_rollback (store);
  return FALSE;
}

gboolean
civic_local_follow_row (CivicStore  *store,
                        const char  *username,
                        const char  *kind,
                        const char  *target,
                        gboolean     following,
                        gboolean    *changed,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = civic_store_prepare (store,
                              following ? "INSERT OR IGNORE INTO follows (username, kind, target, created)"
                                          " VALUES (?1, ?2, ?3, ?4)"
                                        : "DELETE FROM follows WHERE username = ?1 AND kind = ?2 AND target = ?3",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, target, -1, SQLITE_STATIC);
  if (following)
    sqlite3_bind_int64 (stmt, 4, now_seconds ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }
  *changed = sqlite3_changes (store->db) > 0;
  return TRUE;
}

gboolean
civic_local_set_follow (CivicStore  *store,
                        const char  *kind,
                        const char  *target,
                        const char  *username,
                        gboolean     following,
                        GError     **error)
{
  g_autoptr(JsonObject) context = json_object_new ();
  g_autofree char *key = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  if (g_strcmp0 (kind, "tag") != 0 && g_strcmp0 (kind, "case") != 0 && g_strcmp0 (kind, "user") != 0)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "You can follow a tag, a case or a person.");
      return FALSE;
    }
  if (is_blank (target))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "Say what to follow.");
      return FALSE;
    }
  /* the server keeps a tag by its key ("#Flooding" and "flooding" are one) */
  if (g_str_equal (kind, "tag"))
    {
      key = civic_text_tag_key (target[0] == '#' ? target + 1 : target);
      if (key == NULL || *key == '\0')
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                       "“%s” is not a tag: use letters, digits and _ with at least one letter.", target);
          return FALSE;
        }
    }
  else
    key = g_strdup (target);

  escaped = g_uri_escape_string (key, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/follows/%s/%s", kind, escaped);
  json_object_set_string_member (context, "kind", "follow");
  json_object_set_string_member (context, "follow_kind", kind);
  json_object_set_string_member (context, "target", key);
  json_object_set_string_member (context, "username", username);
  json_object_set_boolean_member (context, "following", following);

  if (!civic_store_begin (store, error))
    return FALSE;
  if (!civic_local_follow_row (store, username, kind, key, following, &changed, error))
    goto fail;
  if (changed && civic_local_enqueue (store, following ? "PUT" : "DELETE", path, NULL, context, error) == 0)
    goto fail;
  return civic_store_commit (store, error);

fail:
  civic_store_rollback (store);
  return FALSE;
}

gboolean
civic_local_save_view (CivicStore   *store,
                       const char   *name,
                       JsonObject   *params,
                       const char   *sort,
                       const char   *owner,
                       gint64       *local_id,
                       GError      **error)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonObject) context = json_object_new ();
  g_autoptr(JsonObject) stored = json_object_new ();
  g_autoptr(JsonNode) stored_node = NULL;
  g_autofree char *stored_text = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  sqlite3_stmt *stmt;
  gint64 lowest = 0;
  gint64 id;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (params != NULL, FALSE);

  if (*trimmed == '\0')
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "The view needs a name.");
      return FALSE;
    }
  if (sort == NULL)
    sort = "-requested";

  json_object_set_string_member (request, "name", trimmed);
  json_object_set_object_member (request, "filter", json_object_ref (params));
  json_object_set_string_member (request, "sort", sort);
  json_object_set_object_member (stored, "filter", json_object_ref (params));
  json_object_set_string_member (stored, "sort", sort);
  stored_node = json_node_init_object (json_node_alloc (), stored);
  stored_text = json_to_string (stored_node, FALSE);

  if (!civic_store_begin (store, error))
    return FALSE;
  if (!query_int (store, "SELECT min (min (id), 0) FROM saved_views WHERE id < ?", 0, NULL, &lowest, error))
    goto fail;
  id = lowest - 1;
  stmt = civic_store_prepare (store,
                              "INSERT INTO saved_views (id, name, owner, filter, created)"
                              " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, trimmed, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, owner, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, stored_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, now_seconds ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      goto fail;
    }
  return enqueue_created (store, "view", "/api/v1/views", id, request, context, local_id, error);

fail:
  civic_store_rollback (store);
  return FALSE;
}
