/* civic-local-push.c: what a pushed outbox entry leaves in the replica
 *
 * CivicSync calls these after the service answered an outbox entry.
 * Each runs in one transaction with the entry's removal (or rewrite), so
 * a crash in between only replays the push, which the Idempotency-Key
 * makes harmless.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-local-write.h"

#include <string.h>

#include "civic-case-private.h"
#include "civic-error.h"
#include "civic-local-merge.h"
#include "civic-local-private.h"
#include "civic-store-private.h"
#include "civic-sync-apply.h"
#include "civic-sync-private.h"

static gboolean
exec_int (CivicStore  *store,
          const char  *sql,
          gint64       a,
          gint64       b,
          GError     **error)
{
  sqlite3_stmt *stmt = civic_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, b);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Reads one text column of the outbox entry; FALSE when it is gone. */
static gboolean
outbox_text (CivicStore  *store,
             gint64       outbox_id,
             const char  *column_sql,
             char       **text,
             GError     **error)
{
  sqlite3_stmt *stmt = civic_store_prepare (store, column_sql, error);
  int rc;

  *text = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, outbox_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND,
                   "That change is no longer waiting to be sent.");
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

JsonObject *
civic_local_get_context (CivicStore  *store,
                         gint64       outbox_id,
                         GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  if (!outbox_text (store, outbox_id, "SELECT context FROM outbox WHERE id = ?", &text, error))
    return NULL;
  return parse_object (text);
}

static const char *
context_kind (JsonObject *context)
{
  return context != NULL ? json_object_get_string_member_with_default (context, "kind", "") : "";
}

/* The object under @member of an answer, or the answer itself. */
static JsonObject *
answer_object (JsonNode   *answer,
               const char *member)
{
  JsonObject *o;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    return NULL;
  o = json_node_get_object (answer);
  if (json_object_has_member (o, member))
    {
      JsonNode *inner = json_object_get_member (o, member);

      return JSON_NODE_HOLDS_OBJECT (inner) ? json_node_get_object (inner) : NULL;
    }
  return o;
}

/* Whether a later outbox entry edits the same case: then the replica
 * keeps showing the desk's edits until they are pushed too. */
static gboolean
later_edit_pending (CivicStore  *store,
                    gint64       outbox_id,
                    const char  *request_id,
                    gboolean    *pending,
                    GError     **error)
{
  sqlite3_stmt *stmt = civic_store_prepare (store,
                                            "SELECT EXISTS (SELECT 1 FROM outbox WHERE id > ?1"
                                            " AND json_extract (context, '$.kind') = 'case_update'"
                                            " AND json_extract (context, '$.request_id') = ?2)",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, outbox_id);
  sqlite3_bind_text (stmt, 2, request_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *pending = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* The server's case from an answer, in the replica unless a later local
 * edit of it still waits. */
static gboolean
take_server_case (CivicStore  *store,
                  gint64       outbox_id,
                  JsonObject  *server_case,
                  GError     **error)
{
  g_autoptr(CivicCase) c = NULL;
  gboolean pending = FALSE;

  if (server_case == NULL || !json_object_has_member (server_case, "service_request_id"))
    return TRUE;
  c = civic_case_from_staff_json (server_case, error);
  if (c == NULL)
    return FALSE;
  if (!later_edit_pending (store, outbox_id, c->service_request_id, &pending, error))
    return FALSE;
  return pending || civic_store_put_case (store, c, error);
}

/* Edits the clerk made to a case before its create reached the server
 * were made against version 0: they now apply to the version the
 * server made (no 409 for a case nobody else has seen yet). */
static gboolean
adopt_created_version (CivicStore  *store,
                       const char  *request_id,
                       JsonObject  *server_case,
                       GError     **error)
{
  g_autofree char *version = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (server_case == NULL || !json_object_has_member (server_case, "version"))
    return TRUE;
  version = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (server_case, "version"));
  stmt = civic_store_prepare (store,
                              "UPDATE outbox SET context = json_set (context, '$.if_match', ?1)"
                              " WHERE json_extract (context, '$.kind') = 'case_update'"
                              " AND json_extract (context, '$.request_id') = ?2"
                              " AND json_extract (context, '$.if_match') = '0'",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, version, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, request_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* A bulk answer: {"count": N, "cases": [case, …]}. */
static gboolean
take_server_cases (CivicStore  *store,
                   gint64       outbox_id,
                   JsonNode    *answer,
                   GError     **error)
{
  JsonObject *o = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  JsonArray *cases = o != NULL && json_object_has_member (o, "cases") ? json_object_get_array_member (o, "cases")
                                                                       : NULL;

  for (guint i = 0; cases != NULL && i < json_array_get_length (cases); i++)
    if (!take_server_case (store, outbox_id, json_array_get_object_element (cases, i), error))
      return FALSE;
  return TRUE;
}

static gboolean
drop_local_events (CivicStore  *store,
                   JsonObject  *context,
                   GError     **error)
{
  JsonArray *events = json_object_has_member (context, "local_event_ids")
                        ? json_object_get_array_member (context, "local_event_ids") : NULL;

  for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
    if (!exec_int (store, "DELETE FROM case_events WHERE id = ? AND server_id IS NULL",
                   json_array_get_int_element (events, i), 0, error))
      return FALSE;
  return TRUE;
}

/* The provisional note becomes the server's (or goes, if a pull brought
 * the server's first). */
static gboolean
confirm_note (CivicStore  *store,
              gint64       local_event_id,
              JsonObject  *event,
              GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 server_id;
  gboolean known;
  int rc;

  if (event == NULL || !json_object_has_member (event, "id"))
    return TRUE;
  server_id = json_object_get_int_member (event, "id");
  stmt = civic_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM case_events WHERE server_id = ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, server_id);
  rc = sqlite3_step (stmt);
  known = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }
  if (known)
    return exec_int (store, "DELETE FROM case_events WHERE id = ? AND server_id IS NULL", local_event_id, 0, error);
  return exec_int (store, "UPDATE case_events SET server_id = ?2 WHERE id = ?1", local_event_id, server_id, error);
}

static gboolean
confirm_post_in_txn (CivicStore  *store,
                     gint64       local_id,
                     JsonObject  *server_post,
                     GError     **error)
{
  CivicApplyCtx ctx = { "post", 0, error };
  gint64 id;

  if (server_post == NULL || !json_object_has_member (server_post, "id"))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "The service’s answer for the new post has no id.");
      return FALSE;
    }
  id = json_object_get_int_member (server_post, "id");
  return exec_int (store, "DELETE FROM posts WHERE id = ?", local_id, 0, error) &&
         civic_sync_apply_post (store, &ctx, server_post) &&
         exec_int (store, "UPDATE posts SET parent_id = ?2 WHERE parent_id = ?1", local_id, id, error) &&
         exec_int (store, "UPDATE OR IGNORE likes SET post_id = ?2 WHERE post_id = ?1", local_id, id, error) &&
         exec_int (store, "DELETE FROM likes WHERE post_id = ?", local_id, 0, error);
}

/* A saved view the service took: its row replaces the local one. */
static gboolean
confirm_view (CivicStore  *store,
              gint64       local_id,
              JsonObject  *server_view,
              GError     **error)
{
  CivicApplyCtx ctx = { "saved_view", 0, error };

  if (!exec_int (store, "DELETE FROM saved_views WHERE id = ?", local_id, 0, error))
    return FALSE;
  /* no view in the answer: the next pull brings it */
  return server_view == NULL || !json_object_has_member (server_view, "id") ||
         civic_sync_apply_saved_view (store, &ctx, server_view);
}

gboolean
civic_local_confirm_post (CivicStore  *store,
                          gint64       local_id,
                          JsonObject  *server_post,
                          GError     **error)
{
  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);

  if (!civic_store_begin (store, error))
    return FALSE;
  if (!confirm_post_in_txn (store, local_id, server_post, error))
    {
      civic_store_rollback (store);
      return FALSE;
    }
  return civic_store_commit (store, error);
}

gboolean
civic_local_push_done (CivicStore  *store,
                       gint64       outbox_id,
                       JsonNode    *answer,
                       GError     **error)
{
  g_autoptr(JsonObject) context = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *kind;
  gboolean ok = TRUE;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);

  if (!civic_store_begin (store, error))
    return FALSE;
  context = civic_local_get_context (store, outbox_id, &local_error);
  if (local_error != NULL)
    {
      civic_store_rollback (store);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  kind = context_kind (context);
  if (g_str_equal (kind, "case_update"))
    /* the server's events (the note among them) come with the next pull */
    ok = drop_local_events (store, context, error) &&
         take_server_case (store, outbox_id, answer_object (answer, "case"), error);
  else if (g_str_equal (kind, "bulk"))
    ok = take_server_cases (store, outbox_id, answer, error);
  else if (g_str_equal (kind, "case_merge"))
    ok = take_server_case (store, outbox_id, answer_object (answer, "case"), error) &&
         (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer) ||
          !json_object_has_member (json_node_get_object (answer), "into") ||
          take_server_case (store, outbox_id, answer_object (answer, "into"), error));
  else if (g_str_equal (kind, "case_create"))
    /* the server's case, with its "created" event at the next pull */
    ok = drop_local_events (store, context, error) &&
         take_server_case (store, outbox_id, answer_object (answer, "case"), error) &&
         adopt_created_version (store, json_object_get_string_member_with_default (context, "request_id", ""),
                                answer_object (answer, "case"), error);
  else if (g_str_equal (kind, "note"))
    ok = confirm_note (store, json_object_get_int_member_with_default (context, "local_event_id", 0),
                       answer_object (answer, "event"), error) &&
         take_server_case (store, outbox_id,
                           answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) &&
                           json_object_has_member (json_node_get_object (answer), "case")
                             ? answer_object (answer, "case") : NULL,
                           error);
  else if (g_str_equal (kind, "merge"))
    /* both cases as the service has them; its events come with the pull */
    ok = drop_local_events (store, context, error) &&
         take_server_case (store, outbox_id, answer_object (answer, "case"), error) &&
         take_server_case (store, outbox_id, answer_object (answer, "into"), error);
  else if (g_str_equal (kind, "post"))
    ok = confirm_post_in_txn (store, json_object_get_int_member_with_default (context, "local_id", 0),
                              answer_object (answer, "post"), error);
  else if (g_str_equal (kind, "view"))
    ok = confirm_view (store, json_object_get_int_member_with_default (context, "local_id", 0),
                       answer_object (answer, "view"), error);

  ok = ok && civic_store_outbox_remove (store, outbox_id, error);
  if (!ok)
    {
      civic_store_rollback (store);
      return FALSE;
    }
  return civic_store_commit (store, error);
}

/* ---- 409 ------------------------------------------------------------- */

/* A value as a clerk reads it: text without quotes, lists joined. */
static char *
readable (const char *json_text)
{
  g_autoptr(JsonNode) node = json_text != NULL ? json_from_string (json_text, NULL) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("nothing");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup_printf ("“%s”", json_node_get_string (node));
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GString) s = g_string_new (NULL);

      if (json_array_get_length (array) == 0)
        return g_strdup ("no tags");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *item = json_array_get_string_element (array, i);

          g_string_append_printf (s, "%s#%s", i > 0 ? " " : "", item != NULL ? item : "");
        }
      return g_string_free (g_steal_pointer (&s), FALSE);
    }
  return g_strdup (json_text);
}

gboolean
civic_local_record_conflict (CivicStore           *store,
                             const char           *request_id,
                             const CivicConflict  *conflict,
                             const char           *author,
                             GError              **error)
{
  g_autoptr(CivicCaseEvent) event = civic_case_event_new ();
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *body = NULL;
  g_autofree char *field = NULL;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (request_id != NULL && conflict != NULL, FALSE);

  mine = readable (conflict->local_value);
  theirs = readable (conflict->server_value);
  field = g_strdelimit (g_strdup (conflict->field), "_", ' ');
  body = g_strdup_printf ("Your change of the %s to %s was not applied: someone else had already set it to %s. "
                          "You can apply yours again.", field, mine, theirs);
  civic_case_event_set_case_id (event, request_id);
  civic_case_event_set_kind (event, CIVIC_CASE_EVENT_CONFLICT);
  civic_case_event_set_author (event, author);
  civic_case_event_set_body (event, body);
  civic_case_event_set_created (event, g_get_real_time () / G_USEC_PER_SEC);
  civic_case_event_set_old_value (event, conflict->local_value);
  civic_case_event_set_new_value (event, conflict->server_value);
  return civic_store_append_event (store, event, error);
}

static gboolean
rewrite_entry (CivicStore  *store,
               gint64       outbox_id,
               JsonObject  *body,
               JsonObject  *context,
               GError     **error)
{
  g_autoptr(JsonNode) body_node = json_node_init_object (json_node_alloc (), body);
  g_autoptr(JsonNode) context_node = json_node_init_object (json_node_alloc (), context);
  g_autofree char *body_text = json_to_string (body_node, FALSE);
  g_autofree char *context_text = json_to_string (context_node, FALSE);
  /* a fresh key: the server keeps its 409 under the old one */
  g_autofree char *key = g_uuid_string_random ();
  sqlite3_stmt *stmt = civic_store_prepare (store,
                                            "UPDATE outbox SET idempotency_key = ?, body = ?, context = ? WHERE id = ?",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, body_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, context_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, outbox_id);
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
civic_local_push_conflict (CivicStore  *store,
                           gint64       outbox_id,
                           JsonObject  *server_case,
                           const char  *author,
                           GPtrArray   *conflicts,
                           GError     **error)
{
  g_autoptr(JsonObject) context = NULL;
  g_autoptr(JsonObject) ours = NULL;
  g_autoptr(JsonObject) resend = NULL;
  g_autoptr(JsonObject) new_base = json_object_new ();
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) civic_conflict_free);
  g_autoptr(CivicCase) c = NULL;
  g_autoptr(GList) fields = NULL;
  g_autofree char *body_text = NULL;
  g_autofree char *if_match = NULL;
  JsonObject *base;
  gboolean ok = TRUE;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (server_case != NULL, FALSE);

  c = civic_case_from_staff_json (server_case, error);
  if (c == NULL)
    return FALSE;

  if (!civic_store_begin (store, error))
    return FALSE;
  context = civic_local_get_context (store, outbox_id, error);
  if (context == NULL || !g_str_equal (context_kind (context), "case_update") ||
      !outbox_text (store, outbox_id, "SELECT body FROM outbox WHERE id = ?", &body_text, error) ||
      (ours = parse_object (body_text)) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "That queued change is not a case edit.");
      civic_store_rollback (store);
      return FALSE;
    }
  base = json_object_has_member (context, "base") ? json_object_get_object_member (context, "base") : NULL;

  resend = civic_conflict_merge (ours, base, server_case, found);

  /* the replica: the server's case, the desk's surviving fields on top */
  fields = json_object_get_members (resend);
  for (GList *l = fields; l != NULL && ok; l = l->next)
    {
      g_autoptr(JsonNode) was = civic_local_case_field (c, l->data);

      if (was != NULL)
        json_object_set_member (new_base, l->data, g_steal_pointer (&was));
      ok = civic_local_set_case_field (c, l->data, json_object_get_member (resend, l->data), error);
    }
  ok = ok && civic_store_put_case (store, c, error);
  for (guint i = 0; ok && i < found->len; i++)
    ok = civic_local_record_conflict (store, c->service_request_id, g_ptr_array_index (found, i), author, error);

  if (ok && json_object_get_size (resend) > 0)
    {
      if_match = g_strdup_printf ("%" G_GINT64_FORMAT, c->version);
      json_object_set_string_member (context, "if_match", if_match);
      json_object_set_object_member (context, "base", json_object_ref (new_base));
      ok = rewrite_entry (store, outbox_id, resend, context, error);
    }
  else if (ok)
    ok = drop_local_events (store, context, error) && civic_store_outbox_remove (store, outbox_id, error);

  if (!ok || !civic_store_commit (store, error))
    {
      if (!ok)
        civic_store_rollback (store);
      return FALSE;
    }

  for (guint i = 0; conflicts != NULL && i < found->len; i++)
    g_ptr_array_add (conflicts, g_ptr_array_steal_index (found, i--));
  return TRUE;
}

/* ---- refusals -------------------------------------------------------- */

static gboolean
undo_case_update (CivicStore  *store,
                  JsonObject  *context,
                  GError     **error)
{
  const char *request_id = json_object_get_string_member_with_default (context, "request_id", NULL);
  JsonObject *base = json_object_has_member (context, "base") ? json_object_get_object_member (context, "base")
                                                               : NULL;
  g_autoptr(CivicCase) c = NULL;
  g_autoptr(GList) fields = NULL;

  if (request_id == NULL || base == NULL)
    return TRUE;
  c = civic_store_get_case (store, request_id, NULL);
  if (c == NULL)
    return TRUE;
  fields = json_object_get_members (base);
  for (GList *l = fields; l != NULL; l = l->next)
    if (!civic_local_set_case_field (c, l->data, json_object_get_member (base, l->data), error))
      return FALSE;
  return drop_local_events (store, context, error) && civic_store_put_case (store, c, error);
}

/* A create the service refused: the case never existed there, so it
 * goes from the replica too (unless a pull already brought it). */
static gboolean
drop_provisional_case (CivicStore  *store,
                       const char  *request_id,
                       GError     **error)
{
  static const char *const sql[] = {
    "DELETE FROM case_events WHERE case_id = ?1 AND server_id IS NULL"
    " AND NOT EXISTS (SELECT 1 FROM case_events WHERE case_id = ?1 AND server_id IS NOT NULL)",
    "DELETE FROM case_tags WHERE case_id = (SELECT rowid FROM cases WHERE service_request_id = ?1 AND version = 0)",
    "DELETE FROM cases WHERE service_request_id = ?1 AND version = 0",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = civic_store_prepare (store, sql[i], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, request_id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          civic_store_set_error (store, rc, error);
          return FALSE;
        }
    }
  return TRUE;
}

/* A refused bulk change or merge: every case gets its replaced values back. */
static gboolean
undo_bulk (CivicStore  *store,
           JsonObject  *bases,
           gboolean     merge,
           GError     **error)
{
  g_autoptr(GList) ids = bases != NULL ? json_object_get_members (bases) : NULL;

  for (GList *l = ids; l != NULL; l = l->next)
    {
      JsonObject *base = json_object_get_object_member (bases, l->data);
      g_autoptr(CivicCase) c = civic_store_get_case (store, l->data, NULL);
      g_autoptr(GList) fields = NULL;

      if (c == NULL || base == NULL)
        continue;
      fields = json_object_get_members (base);
      for (GList *f = fields; f != NULL; f = f->next)
        if (!civic_local_set_case_field (c, f->data, json_object_get_member (base, f->data), error))
          return FALSE;
      if (merge)
        civic_case_set_duplicate_of (c, NULL);
      if (c->state != CIVIC_CASE_STATE_CLOSED)
        civic_case_set_closed_datetime (c, 0);
      if (!civic_store_put_case (store, c, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
civic_local_push_rejected (CivicStore  *store,
                           gint64       outbox_id,
                           GError     **error)
{
  g_autoptr(JsonObject) context = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *kind;
  gboolean changed = FALSE;
  gboolean ok = TRUE;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);

  if (!civic_store_begin (store, error))
    return FALSE;
  context = civic_local_get_context (store, outbox_id, &local_error);
  if (local_error != NULL)
    {
      civic_store_rollback (store);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  kind = context_kind (context);
  if (g_str_equal (kind, "case_update"))
    ok = undo_case_update (store, context, error);
  else if (g_str_equal (kind, "bulk"))
    ok = undo_bulk (store, json_object_has_member (context, "base") ? json_object_get_object_member (context, "base")
                                                                     : NULL, FALSE, error);
  else if (g_str_equal (kind, "case_merge"))
    {
      g_autoptr(JsonObject) one = json_object_new ();

      if (json_object_has_member (context, "base"))
        json_object_set_object_member (one, json_object_get_string_member_with_default (context, "request_id", ""),
                                       json_object_ref (json_object_get_object_member (context, "base")));
      ok = undo_bulk (store, one, TRUE, error);
    }
  else if (g_str_equal (kind, "case_create"))
    ok = drop_provisional_case (store, json_object_get_string_member_with_default (context, "request_id", ""),
                                error);
  else if (g_str_equal (kind, "merge"))
    ok = civic_local_merge_undo (store, context, error);
  else if (g_str_equal (kind, "note"))
    ok = exec_int (store, "DELETE FROM case_events WHERE id = ? AND server_id IS NULL",
                   json_object_get_int_member_with_default (context, "local_event_id", 0), 0, error);
  else if (g_str_equal (kind, "post"))
    {
      gint64 id = json_object_get_int_member_with_default (context, "local_id", 0);

      /* only a provisional post: a server post goes by its tombstone */
      if (id < 0)
        ok = exec_int (store, "DELETE FROM posts WHERE id = ?", id, 0, error) &&
             exec_int (store, "DELETE FROM likes WHERE post_id = ?", id, 0, error);
    }
  else if (g_str_equal (kind, "view"))
    ok = exec_int (store, "DELETE FROM saved_views WHERE id = ?",
                   json_object_get_int_member_with_default (context, "local_id", 0), 0, error);
  else if (g_str_equal (kind, "like"))
    ok = civic_local_like_row (store, json_object_get_int_member_with_default (context, "post_id", 0),
                               json_object_get_string_member_with_default (context, "username", ""),
                               !json_object_get_boolean_member_with_default (context, "liked", TRUE),
                               &changed, error);
  else if (g_str_equal (kind, "follow"))
    ok = civic_local_follow_row (store, json_object_get_string_member_with_default (context, "username", ""),
                                 json_object_get_string_member_with_default (context, "follow_kind", ""),
                                 json_object_get_string_member_with_default (context, "target", ""),
                                 !json_object_get_boolean_member_with_default (context, "following", TRUE),
                                 &changed, error);

  ok = ok && civic_store_outbox_remove (store, outbox_id, error);
  if (!ok)
    {
      civic_store_rollback (store);
      return FALSE;
    }
  return civic_store_commit (store, error);
}
