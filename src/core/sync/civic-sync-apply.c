/* civic-sync-apply.c: one page of the changes feed into the replica
 *
 * The whole page and the cursor go in one transaction. Cases are
 * gathered first and written in one batch through the store's own put
 * path (bulk when the engine opened a bulk fill), so tag rows, counts and
 * the search index stay right; the other entities follow in feed order.
 * Everything is keyed by the server's identity, so applying a page twice
 * changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-sync-apply.h"

#include "civic-case-private.h"
#include "civic-error.h"
#include "civic-local-private.h"
#include "civic-store-private.h"
#include "civic-sync-private.h"

/* ---- the page -------------------------------------------------------- */

void
civic_apply_summary_clear (CivicApplySummary *summary)
{
  g_return_if_fail (summary != NULL);

  g_clear_pointer (&summary->request_ids, g_ptr_array_unref);
  summary->n_applied = 0;
  summary->kinds = 0;
}

typedef enum
{
  E_UNKNOWN,
  E_CASE,
  E_CASE_EVENT,
  E_POST,
  E_LIKE,
  E_FOLLOW,
  E_NOTIFICATION,
  E_USER,
  E_DEPARTMENT,
  E_SERVICE,
  E_SAVED_VIEW,
  E_TOMBSTONE,
} Entity;

static const struct { const char *name; Entity entity; guint kind; } entities[] = {
  { "case", E_CASE, CIVIC_SYNC_KIND_CASES },
  { "case_event", E_CASE_EVENT, CIVIC_SYNC_KIND_EVENTS },
  { "post", E_POST, CIVIC_SYNC_KIND_POSTS },
  { "like", E_LIKE, CIVIC_SYNC_KIND_SOCIAL },
  { "follow", E_FOLLOW, CIVIC_SYNC_KIND_SOCIAL },
  { "notification", E_NOTIFICATION, CIVIC_SYNC_KIND_SOCIAL },
  { "user", E_USER, CIVIC_SYNC_KIND_CATALOG },
  { "department", E_DEPARTMENT, CIVIC_SYNC_KIND_CATALOG },
  { "service", E_SERVICE, CIVIC_SYNC_KIND_CATALOG },
  { "saved_view", E_SAVED_VIEW, CIVIC_SYNC_KIND_CATALOG },
  { "tombstone", E_TOMBSTONE, 0 },
};

static Entity
entity_of (const char *name,
           guint      *kind)
{
  /* "case" is nearly every row of a big pull: compare it first */
  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (g_str_equal (name, entities[i].name))
      {
        *kind = entities[i].kind;
        return entities[i].entity;
      }
  *kind = 0;
  return E_UNKNOWN;
}

/* Reads {"entity", "seq", "data"}; FALSE on a malformed envelope. */
static gboolean
read_envelope (CivicApplyCtx  *ctx,
               JsonNode       *node,
               guint           index,
               JsonObject    **data)
{
  JsonObject *o;
  JsonNode *d;
  const char *entity;

  ctx->entity = NULL;
  ctx->seq = 0;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return civic_sync_malformed (ctx, "item %u of the page is not an object", index);
  o = json_node_get_object (node);
  if (!civic_sync_get_str (ctx, o, "entity", TRUE, &entity))
    return FALSE;
  ctx->entity = entity;
  if (!civic_sync_get_int (ctx, o, "seq", TRUE, &ctx->seq))
    return FALSE;
  d = json_object_get_member (o, "data");
  if (d == NULL || !JSON_NODE_HOLDS_OBJECT (d))
    return civic_sync_malformed (ctx, "“data” is not an object");
  *data = json_node_get_object (d);
  return TRUE;
}

/* Local case edits still in the outbox, by case: the body of each, in
 * queue order. NULL when there are none (the usual case). */
static gboolean
pending_edits (CivicStore  *store,
               GHashTable **pending,
               GError     **error)
{
  sqlite3_stmt *stmt = civic_store_prepare (store,
                                            "SELECT json_extract (context, '$.request_id'), body,"
                                            " json_extract (context, '$.kind') FROM outbox"
                                            " WHERE json_extract (context, '$.kind')"
                                            "  IN ('case_update', 'bulk', 'case_merge')"
                                            " ORDER BY id",
                                            error);
  int rc;

  *pending = NULL;
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *request_id = (const char *) sqlite3_column_text (stmt, 0);
      const char *body = (const char *) sqlite3_column_text (stmt, 1);
      const char *kind = (const char *) sqlite3_column_text (stmt, 2);
      g_autoptr(JsonNode) node = body != NULL ? json_from_string (body, NULL) : NULL;
      g_autoptr(JsonObject) merged = NULL;
      JsonObject *edit;
      JsonArray *ids = NULL;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      edit = json_node_get_object (node);
      /* a bulk change (civic-local-bulk.c): the same edit for every id */
      if (g_strcmp0 (kind, "bulk") == 0)
        {
          JsonNode *changes = json_object_get_member (edit, "changes");
          JsonNode *list = json_object_get_member (edit, "ids");

          if (changes == NULL || !JSON_NODE_HOLDS_OBJECT (changes) || list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
            continue;
          ids = json_node_get_array (list);
          edit = json_node_get_object (changes);
        }
      /* a merge: the duplicate closes */
      else if (g_strcmp0 (kind, "case_merge") == 0)
        {
          g_autofree char *notes = g_strdup_printf ("Duplicate of %s",
                                                    json_object_get_string_member_with_default (edit, "into", ""));

          merged = json_object_new ();
          json_object_set_string_member (merged, "state", "closed");
          json_object_set_string_member (merged, "status_notes", notes);
          edit = merged;
        }
      for (guint i = 0; ids != NULL ? i < json_array_get_length (ids) : i < 1; i++)
        {
          const char *id = ids != NULL ? json_array_get_string_element (ids, i) : request_id;
          GPtrArray *bodies;

          if (id == NULL)
            continue;
          if (*pending == NULL)
            *pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
          bodies = g_hash_table_lookup (*pending, id);
          if (bodies == NULL)
            {
              bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
              g_hash_table_insert (*pending, g_strdup (id), bodies);
            }
          g_ptr_array_add (bodies, json_object_ref (edit));
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (pending, g_hash_table_unref);
      civic_store_set_error (store, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* A bulk change's add_tags / remove_tags on one case. */
static void
overlay_tags (CivicCase *c,
              JsonArray *tags,
              gboolean   add)
{
  /* copies: setting the tags frees the old ones */
  g_autoptr(GPtrArray) next = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; c->tags != NULL && c->tags[i] != NULL; i++)
    {
      gboolean named = FALSE;

      for (guint j = 0; tags != NULL && j < json_array_get_length (tags); j++)
        named = named || g_ascii_strcasecmp (c->tags[i], json_array_get_string_element (tags, j)) == 0;
      if (!named)
        g_ptr_array_add (next, g_strdup (c->tags[i]));
    }
  for (guint j = 0; add && tags != NULL && j < json_array_get_length (tags); j++)
    g_ptr_array_add (next, g_strdup (json_array_get_string_element (tags, j)));
  g_ptr_array_add (next, NULL);
  civic_case_set_tags (c, next->len > 1 ? (const char * const *) next->pdata : NULL);
}

/* Offline first: a case the clerk edited keeps showing the edit until it
 * is pushed (and merged, if the server moved on meanwhile). */
static gboolean
overlay_edits (GHashTable  *pending,
               CivicCase   *c,
               GError     **error)
{
  GPtrArray *bodies = g_hash_table_lookup (pending, c->service_request_id);

  for (guint i = 0; bodies != NULL && i < bodies->len; i++)
    {
      JsonObject *body = g_ptr_array_index (bodies, i);
      g_autoptr(GList) fields = json_object_get_members (body);

      for (GList *l = fields; l != NULL; l = l->next)
        if (g_str_equal (l->data, "add_tags") || g_str_equal (l->data, "remove_tags"))
          overlay_tags (c, json_object_get_array_member (body, l->data), g_str_equal (l->data, "add_tags"));
        else if (!civic_local_set_case_field (c, l->data, json_object_get_member (body, l->data), error))
          return FALSE;
    }
  return TRUE;
}

CivicParsedPage *
civic_parsed_page_new (void)
{
  CivicParsedPage *page = g_new0 (CivicParsedPage, 1);

  page->cases = g_ptr_array_new_with_free_func (g_object_unref);
  page->others = g_ptr_array_new ();
  return page;
}

void
civic_parsed_page_free (CivicParsedPage *page)
{
  if (page == NULL)
    return;
  for (guint i = 0; i < page->others->len; i++)
    {
      CivicParsedChange *change = g_ptr_array_index (page->others, i);

      g_free (change->entity);
      g_clear_pointer (&change->data, json_object_unref);
      if (change->event != NULL)
        {
          g_free (change->event->request_id);
          g_free (change->event->kind);
          g_free (change->event->author);
          g_free (change->event->body);
          g_free (change->event->old_value);
          g_free (change->event->new_value);
          g_free (change->event);
        }
      g_free (change);
    }
  g_ptr_array_unref (page->others);
  g_ptr_array_unref (page->cases);
  g_free (page);
}

/* Every envelope checked and every case read: a page that fails here
 * fails before anything is written. */
gboolean
civic_sync_parse_changes (JsonArray        *changes,
                          CivicParsedPage  *page,
                          GError          **error)
{
  guint n = json_array_get_length (changes);
  CivicApplyCtx ctx = { NULL, 0, error };

  for (guint i = 0; i < n; i++)
    {
      JsonObject *data = NULL;
      guint kind;

      if (!read_envelope (&ctx, json_array_get_element (changes, i), i, &data))
        return FALSE;
      if (entity_of (ctx.entity, &kind) == E_CASE)
        {
          CivicCase *c = civic_case_new ();

          g_ptr_array_add (page->cases, c);
          if (!civic_sync_case_from_json (&ctx, data, c))
            return FALSE;
        }
      else
        {
          CivicParsedChange *change = g_new0 (CivicParsedChange, 1);

          change->entity = g_strdup (ctx.entity);
          change->seq = ctx.seq;
          change->data = json_object_ref (data);
          g_ptr_array_add (page->others, change);
        }
    }
  return TRUE;
}

static gboolean
apply_all (CivicStore         *store,
           CivicParsedPage    *page,
           CivicApplySummary  *summary,
           GPtrArray          *touched,
           GError            **error)
{
  GPtrArray *cases = page->cases;
  g_autoptr(GHashTable) pending = NULL;
  CivicApplyCtx ctx = { NULL, 0, error };
  sqlite3_stmt *event_stmts[3] = { NULL, NULL, NULL };

  if (!pending_edits (store, &pending, error))
    return FALSE;

  /* cases first, so events and posts below find them */
  for (guint i = 0; i < cases->len; i++)
    {
      CivicCase *c = g_ptr_array_index (cases, i);

      if (pending != NULL && !overlay_edits (pending, c, error))
        return FALSE;
      civic_sync_touch (touched, c->service_request_id);
    }
  if (cases->len > 0)
    {
      if (!(store->bulk ? civic_store_bulk_put_cases (store, cases, error)
                        : civic_store_put_cases (store, cases, error)))
        return FALSE;
      summary->kinds |= CIVIC_SYNC_KIND_CASES;
      summary->n_applied += cases->len;
    }

  for (guint i = 0; i < page->others->len; i++)
    {
      CivicParsedChange *change = g_ptr_array_index (page->others, i);
      JsonObject *data = change->data;
      Entity entity;
      guint kind;
      gboolean ok = TRUE;

      ctx.entity = change->entity;
      ctx.seq = change->seq;
      entity = entity_of (ctx.entity, &kind);
      switch (entity)
        {
        case E_UNKNOWN:
          /* a newer server: what this desk cannot show it skips */
          g_debug ("sync: skipping a “%s” change (seq %" G_GINT64_FORMAT ")", ctx.entity, ctx.seq);
          continue;
        case E_CASE:
          continue;
        case E_CASE_EVENT:
          ok = change->event != NULL
                 ? civic_sync_apply_parsed_event (store, &ctx, change->event, event_stmts, touched)
                 : civic_sync_apply_event (store, &ctx, data, touched);
          break;
        case E_POST:
          ok = civic_sync_apply_post (store, &ctx, data);
          break;
        case E_LIKE:
          ok = civic_sync_apply_like (store, &ctx, data);
          break;
        case E_FOLLOW:
          ok = civic_sync_apply_follow (store, &ctx, data);
          break;
        case E_NOTIFICATION:
          ok = civic_sync_apply_notification (store, &ctx, data);
          break;
        case E_USER:
          ok = civic_sync_apply_user (store, &ctx, data);
          break;
        case E_DEPARTMENT:
          ok = civic_sync_apply_department (store, &ctx, data);
          break;
        case E_SERVICE:
          ok = civic_sync_apply_service (store, &ctx, data);
          break;
        case E_SAVED_VIEW:
          ok = civic_sync_apply_saved_view (store, &ctx, data);
          break;
        case E_TOMBSTONE:
          ok = civic_sync_apply_tombstone (store, &ctx, data, &summary->kinds);
          break;
        default:
          g_assert_not_reached ();
        }
      if (!ok)
        return FALSE;
      summary->kinds |= kind;
      summary->n_applied++;
    }

  return civic_sync_settle_pending_events (store, error);
}

gboolean
civic_sync_apply_page (CivicStore         *store,
                       JsonArray          *changes,
                       gint64              next,
                       CivicApplySummary  *summary,
                       GError            **error)
{
  CivicParsedPage *page;
  gboolean ok;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (summary != NULL)
    civic_apply_summary_clear (summary);
  page = civic_parsed_page_new ();
  ok = civic_sync_parse_changes (changes, page, error) &&
       civic_sync_apply_parsed (store, page, next, summary, error);
  civic_parsed_page_free (page);
  return ok;
}

gboolean
civic_sync_apply_parsed (CivicStore         *store,
                         CivicParsedPage    *page,
                         gint64              next,
                         CivicApplySummary  *summary,
                         GError            **error)
{
  CivicApplySummary local = { 0, };
  g_autoptr(GPtrArray) touched = g_ptr_array_new_with_free_func (g_free);
  char cursor[32];
  gboolean flat, ok;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (page != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (summary == NULL)
    summary = &local;
  civic_apply_summary_clear (summary);

  if (!civic_store_begin (store, error))
    return FALSE;

  g_snprintf (cursor, sizeof cursor, "%" G_GINT64_FORMAT, next);
  /* any failure below rolls back the whole page, so the store's own
   * writes need no savepoints of their own (see flat_nesting) */
  flat = store->flat_nesting;
  store->flat_nesting = TRUE;
  ok = apply_all (store, page, summary, touched, error) &&
       civic_store_set_meta (store, CIVIC_SYNC_CURSOR_KEY, cursor, error);
  store->flat_nesting = flat;
  if (!ok)
    {
      civic_store_rollback (store);
      civic_apply_summary_clear (summary);
      return FALSE;
    }

  if (!civic_store_commit (store, error))
    {
      civic_apply_summary_clear (summary);
      return FALSE;
    }

  if (touched->len <= CIVIC_SYNC_MAX_LISTED_CASES)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      summary->request_ids = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < touched->len; i++)
        {
          char *id = g_ptr_array_index (touched, i);

          if (g_hash_table_add (seen, id))
            g_ptr_array_add (summary->request_ids, g_strdup (id));
        }
    }
  if (summary == &local)
    civic_apply_summary_clear (&local);
  return TRUE;
}
