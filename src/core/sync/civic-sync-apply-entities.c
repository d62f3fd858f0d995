/* civic-sync-apply-entities.c: one change of each entity into the replica
 *
 * Each is keyed by the server's identity (ids, usernames, codes), so a
 * change applied twice leaves the replica as once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-sync-apply.h"

#include <string.h>

#include "civic-error.h"
#include "civic-store-private.h"
#include "civic-sync-private.h"

/* Lists a case the page touched, up to one more than the summary keeps
 * (the summary then says "too many" with NULL). */
void
civic_sync_touch (GPtrArray  *touched,
                  const char *request_id)
{
  if (touched->len <= CIVIC_SYNC_MAX_LISTED_CASES)
    g_ptr_array_add (touched, g_strdup (request_id));
}

static gboolean
step (CivicStore    *store,
      sqlite3_stmt  *stmt,
      GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  civic_store_set_error (store, rc, error);
  return FALSE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           i,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

static const char *
event_kind (const char *kind,
            gboolean    is_public)
{
  int v;

  /* the server's notes are one kind with a flag; the timeline shows two */
  if (g_strcmp0 (kind, "note") == 0)
    return is_public ? "public_note" : "internal_note";
  if (civic_enum_from_nick (CIVIC_TYPE_CASE_EVENT_KIND, kind, &v))
    return kind;
  return kind;
}

gboolean
civic_sync_apply_event (CivicStore    *store,
                        CivicApplyCtx *ctx,
                        JsonObject    *o,
                        GPtrArray     *touched)
{
  const char *request_id, *kind, *author, *body, *old_value, *new_value;
  CivicParsedEvent ev = { 0 };

  if (!civic_sync_get_int (ctx, o, "id", TRUE, &ev.id) ||
      !civic_sync_get_str (ctx, o, "service_request_id", FALSE, &request_id) ||
      !civic_sync_get_str (ctx, o, "kind", TRUE, &kind) ||
      !civic_sync_get_str (ctx, o, "author", FALSE, &author) ||
      !civic_sync_get_str (ctx, o, "body", FALSE, &body) ||
      !civic_sync_get_str (ctx, o, "old_value", FALSE, &old_value) ||
      !civic_sync_get_str (ctx, o, "new_value", FALSE, &new_value) ||
      !civic_sync_get_bool (ctx, o, "public", &ev.is_public) ||
      !civic_sync_get_time (ctx, o, "created", &ev.created))
    return FALSE;
  /* borrowed from @o for the call */
  ev.request_id = (char *) request_id;
  ev.kind = (char *) kind;
  ev.author = (char *) author;
  ev.body = (char *) body;
  ev.old_value = (char *) old_value;
  ev.new_value = (char *) new_value;
  return civic_sync_apply_parsed_event (store, ctx, &ev, NULL, touched);
}

/* @stmts (3, NULL at first) keeps the statements across a page's events:
 * looking one up hashes its whole SQL text, twice per event otherwise. */
gboolean
civic_sync_apply_parsed_event (CivicStore             *store,
                               CivicApplyCtx          *ctx,
                               const CivicParsedEvent *ev,
                               sqlite3_stmt          **stmts,
                               GPtrArray              *touched)
{
  sqlite3_stmt *local[3] = { NULL, NULL, NULL };
  sqlite3_stmt *stmt;
  gboolean exists;
  int rc;

  if (stmts == NULL)
    stmts = local;
  /* an event of a case the server no longer has: nothing to hang it on */
  if (ev->request_id == NULL)
    return TRUE;

  if (stmts[0] == NULL &&
      (stmts[0] = civic_store_prepare (store, "SELECT 1 FROM cases WHERE service_request_id = ?", ctx->error)) == NULL)
    return FALSE;
  stmt = stmts[0];
  sqlite3_bind_text (stmt, 1, ev->request_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, ctx->error);
      return FALSE;
    }
  exists = rc == SQLITE_ROW;

  if (stmts[exists ? 1 : 2] == NULL)
    stmts[exists ? 1 : 2] =
      civic_store_prepare (store,
                           exists
                           ? "INSERT INTO case_events (server_id, case_id, kind, author, body, created,"
                             " old_value, new_value, public) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                             " ON CONFLICT (server_id) WHERE server_id IS NOT NULL DO UPDATE SET"
                             " case_id = excluded.case_id, kind = excluded.kind, author = excluded.author,"
                             " body = excluded.body, created = excluded.created,"
                             " old_value = excluded.old_value, new_value = excluded.new_value,"
                             " public = excluded.public"
                           : "INSERT OR REPLACE INTO case_events_pending (server_id, case_id, kind, author,"
                             " body, created, old_value, new_value, public)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                           ctx->error);
  stmt = stmts[exists ? 1 : 2];
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ev->id);
  bind_text (stmt, 2, ev->request_id);
  bind_text (stmt, 3, event_kind (ev->kind, ev->is_public));
  bind_text (stmt, 4, ev->author);
  bind_text (stmt, 5, ev->body);
  sqlite3_bind_int64 (stmt, 6, ev->created);
  bind_text (stmt, 7, ev->old_value);
  bind_text (stmt, 8, ev->new_value);
  sqlite3_bind_int (stmt, 9, ev->is_public);
  if (!step (store, stmt, ctx->error))
    return FALSE;

  civic_sync_touch (touched, ev->request_id);
  return TRUE;
}

/* Events that waited for their case, moved once the case is here. */
gboolean
civic_sync_settle_pending_events (CivicStore  *store,
                                  GError     **error)
{
  sqlite3_stmt *stmt = civic_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM case_events_pending)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 0)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  sqlite3_reset (stmt);

  return civic_store_exec (store,
                           "INSERT INTO case_events (server_id, case_id, kind, author, body, created,"
                           " old_value, new_value, public)"
                           " SELECT p.server_id, p.case_id, p.kind, p.author, p.body, p.created,"
                           " p.old_value, p.new_value, p.public FROM case_events_pending p"
                           " WHERE p.case_id IN (SELECT service_request_id FROM cases) AND true"
                           " ON CONFLICT (server_id) WHERE server_id IS NOT NULL DO NOTHING;"
                           "DELETE FROM case_events_pending"
                           " WHERE case_id IN (SELECT service_request_id FROM cases);",
                           error);
}

gboolean
civic_sync_apply_post (CivicStore    *store,
                       CivicApplyCtx *ctx,
                       JsonObject    *o)
{
  const char *author, *display_name, *body, *request_id;
  gint64 id, created, edited, parent_id, like_count, reply_count, pinned_until;
  g_autofree char *tags = NULL, *mentions = NULL, *case_refs = NULL;
  sqlite3_stmt *stmt;

  if (!civic_sync_get_int (ctx, o, "id", TRUE, &id) ||
      !civic_sync_get_str (ctx, o, "author", FALSE, &author) ||
      !civic_sync_get_str (ctx, o, "author_display_name", FALSE, &display_name) ||
      !civic_sync_get_str (ctx, o, "body", FALSE, &body) ||
      !civic_sync_get_time (ctx, o, "created", &created) ||
      !civic_sync_get_time (ctx, o, "edited", &edited) ||
      !civic_sync_get_int (ctx, o, "parent_id", FALSE, &parent_id) ||
      !civic_sync_get_str (ctx, o, "case", FALSE, &request_id) ||
      !civic_sync_get_int (ctx, o, "like_count", FALSE, &like_count) ||
      !civic_sync_get_int (ctx, o, "reply_count", FALSE, &reply_count) ||
      !civic_sync_get_time (ctx, o, "pinned_until", &pinned_until))
    return FALSE;
  tags = civic_sync_get_json_text (o, "tags");
  mentions = civic_sync_get_json_text (o, "mentions");
  case_refs = civic_sync_get_json_text (o, "case_refs");

  /* an upsert, not REPLACE: the search index's delete trigger must see
   * the old body */
  stmt = civic_store_prepare (store,
                              "INSERT INTO posts (id, author, body, created, edited, parent_id, pinned_until,"
                              " like_count, case_id, tags, mentions, case_refs, reply_count, author_display_name)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
                              " ON CONFLICT (id) DO UPDATE SET author = excluded.author, body = excluded.body,"
                              " created = excluded.created, edited = excluded.edited,"
                              " parent_id = excluded.parent_id, pinned_until = excluded.pinned_until,"
                              " like_count = excluded.like_count, case_id = excluded.case_id,"
                              " tags = excluded.tags, mentions = excluded.mentions,"
                              " case_refs = excluded.case_refs, reply_count = excluded.reply_count,"
                              " author_display_name = excluded.author_display_name",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, author);
  bind_text (stmt, 3, body != NULL ? body : "");
  sqlite3_bind_int64 (stmt, 4, created);
  sqlite3_bind_int64 (stmt, 5, edited);
  sqlite3_bind_int64 (stmt, 6, parent_id);
  sqlite3_bind_int64 (stmt, 7, pinned_until);
  sqlite3_bind_int64 (stmt, 8, like_count);
  bind_text (stmt, 9, request_id);
  bind_text (stmt, 10, tags);
  bind_text (stmt, 11, mentions);
  bind_text (stmt, 12, case_refs);
  sqlite3_bind_int64 (stmt, 13, reply_count);
  bind_text (stmt, 14, display_name);
  return step (store, stmt, ctx->error);
}

gboolean
civic_sync_apply_like (CivicStore    *store,
                       CivicApplyCtx *ctx,
                       JsonObject    *o)
{
  const char *username;
  gint64 post_id, created;
  sqlite3_stmt *stmt;

  if (!civic_sync_get_int (ctx, o, "post_id", TRUE, &post_id) ||
      !civic_sync_get_str (ctx, o, "username", TRUE, &username) ||
      !civic_sync_get_time (ctx, o, "created", &created))
    return FALSE;
  stmt = civic_store_prepare (store,
                              "INSERT OR REPLACE INTO likes (post_id, username, created) VALUES (?, ?, ?)",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, post_id);
  bind_text (stmt, 2, username);
  sqlite3_bind_int64 (stmt, 3, created);
  return step (store, stmt, ctx->error);
}

gboolean
civic_sync_apply_follow (CivicStore    *store,
                         CivicApplyCtx *ctx,
                         JsonObject    *o)
{
  const char *username, *kind, *target;
  gint64 created;
  sqlite3_stmt *stmt;

  if (!civic_sync_get_str (ctx, o, "username", TRUE, &username) ||
      !civic_sync_get_str (ctx, o, "kind", TRUE, &kind) ||
      !civic_sync_get_str (ctx, o, "target", TRUE, &target) ||
      !civic_sync_get_time (ctx, o, "created", &created))
    return FALSE;
  stmt = civic_store_prepare (store,
                              "INSERT OR REPLACE INTO follows (username, kind, target, created) VALUES (?, ?, ?, ?)",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, username);
  bind_text (stmt, 2, kind);
  bind_text (stmt, 3, target);
  sqlite3_bind_int64 (stmt, 4, created);
  return step (store, stmt, ctx->error);
}

gboolean
civic_sync_apply_notification (CivicStore    *store,
                               CivicApplyCtx *ctx,
                               JsonObject    *o)
{
  const char *username, *kind, *actor, *body;
  gint64 id, post_id, case_id, created;
  gboolean read;
  sqlite3_stmt *stmt;

  if (!civic_sync_get_int (ctx, o, "id", TRUE, &id) ||
      !civic_sync_get_str (ctx, o, "username", FALSE, &username) ||
      !civic_sync_get_str (ctx, o, "kind", FALSE, &kind) ||
      !civic_sync_get_str (ctx, o, "actor", FALSE, &actor) ||
      !civic_sync_get_int (ctx, o, "post_id", FALSE, &post_id) ||
      !civic_sync_get_int (ctx, o, "case_id", FALSE, &case_id) ||
      !civic_sync_get_str (ctx, o, "body", FALSE, &body) ||
      !civic_sync_get_time (ctx, o, "created", &created) ||
      !civic_sync_get_bool (ctx, o, "read", &read))
    return FALSE;
  stmt = civic_store_prepare (store,
                              "INSERT OR REPLACE INTO notifications"
                              " (id, username, kind, actor, post_id, case_id, body, created, read)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, username);
  bind_text (stmt, 3, kind);
  bind_text (stmt, 4, actor);
  if (post_id != 0)
    sqlite3_bind_int64 (stmt, 5, post_id);
  if (case_id != 0)
    sqlite3_bind_int64 (stmt, 6, case_id);
  bind_text (stmt, 7, body);
  sqlite3_bind_int64 (stmt, 8, created);
  sqlite3_bind_int (stmt, 9, read);
  return step (store, stmt, ctx->error);
}

gboolean
civic_sync_apply_user (CivicStore    *store,
                       CivicApplyCtx *ctx,
                       JsonObject    *o)
{
  const char *username, *display_name, *department, *role;
  gboolean disabled;
  gint64 created;
  sqlite3_stmt *stmt;

  if (!civic_sync_get_str (ctx, o, "username", TRUE, &username) ||
      !civic_sync_get_str (ctx, o, "display_name", FALSE, &display_name) ||
      !civic_sync_get_str (ctx, o, "department", FALSE, &department) ||
      !civic_sync_get_str (ctx, o, "role", FALSE, &role) ||
      !civic_sync_get_bool (ctx, o, "disabled", &disabled) ||
      !civic_sync_get_time (ctx, o, "created", &created))
    return FALSE;
  stmt = civic_store_prepare (store,
                              "INSERT OR REPLACE INTO users (username, display_name, department, role,"
                              " disabled, created) VALUES (?, ?, ?, ?, ?, ?)",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, username);
  bind_text (stmt, 2, display_name);
  bind_text (stmt, 3, department);
  bind_text (stmt, 4, role);
  sqlite3_bind_int (stmt, 5, disabled);
  sqlite3_bind_int64 (stmt, 6, created);
  return step (store, stmt, ctx->error);
}

gboolean
civic_sync_apply_department (CivicStore    *store,
                             CivicApplyCtx *ctx,
                             JsonObject    *o)
{
  const char *id, *name;
  sqlite3_stmt *stmt;

  if (!civic_sync_get_str (ctx, o, "id", TRUE, &id) ||
      !civic_sync_get_str (ctx, o, "name", FALSE, &name))
    return FALSE;
  stmt = civic_store_prepare (store, "INSERT OR REPLACE INTO departments (id, name) VALUES (?, ?)",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, name);
  return step (store, stmt, ctx->error);
}

/* "a, b ,c" → "a\nb\nc": the store keeps keywords one a line */
static char *
keywords_lines (const char *keywords)
{
  g_auto(GStrv) split = NULL;
  g_autoptr(GPtrArray) kept = NULL;

  if (keywords == NULL || *keywords == '\0')
    return NULL;
  split = g_strsplit_set (keywords, ",\n", -1);
  kept = g_ptr_array_new ();
  for (guint i = 0; split[i] != NULL; i++)
    if (*g_strstrip (split[i]) != '\0')
      g_ptr_array_add (kept, split[i]);
  g_ptr_array_add (kept, NULL);
  return g_strjoinv ("\n", (char **) kept->pdata);
}

gboolean
civic_sync_apply_service (CivicStore    *store,
                          CivicApplyCtx *ctx,
                          JsonObject    *o)
{
  const char *code, *name, *description, *group, *keywords, *type, *department;
  g_autofree char *lines = NULL;
  g_autofree char *attributes = NULL;
  gboolean metadata, uses_token;
  gint64 sla_hours;
  sqlite3_stmt *stmt;

  if (!civic_sync_get_str (ctx, o, "service_code", TRUE, &code) ||
      !civic_sync_get_str (ctx, o, "service_name", FALSE, &name) ||
      !civic_sync_get_str (ctx, o, "description", FALSE, &description) ||
      !civic_sync_get_str (ctx, o, "group", FALSE, &group) ||
      !civic_sync_get_str (ctx, o, "keywords", FALSE, &keywords) ||
      !civic_sync_get_bool (ctx, o, "metadata", &metadata) ||
      !civic_sync_get_str (ctx, o, "type", FALSE, &type) ||
      !civic_sync_get_str (ctx, o, "department", FALSE, &department) ||
      !civic_sync_get_int (ctx, o, "sla_hours", FALSE, &sla_hours) ||
      !civic_sync_get_bool (ctx, o, "uses_token", &uses_token))
    return FALSE;
  lines = keywords_lines (keywords);
  /* the definition stays as the service wrote it: the form is built from it */
  attributes = civic_sync_get_json_text (o, "attributes");

  stmt = civic_store_prepare (store,
                              "INSERT OR REPLACE INTO services (code, name, description, grp, keywords,"
                              " metadata, type, department, sla_hours, uses_token, attributes)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, code);
  bind_text (stmt, 2, name);
  bind_text (stmt, 3, description);
  bind_text (stmt, 4, group);
  bind_text (stmt, 5, lines);
  sqlite3_bind_int (stmt, 6, metadata);
  bind_text (stmt, 7, type);
  bind_text (stmt, 8, department);
  sqlite3_bind_int64 (stmt, 9, sla_hours);
  sqlite3_bind_int (stmt, 10, uses_token);
  bind_text (stmt, 11, attributes);
  return step (store, stmt, ctx->error);
}

gboolean
civic_sync_apply_saved_view (CivicStore    *store,
                             CivicApplyCtx *ctx,
                             JsonObject    *o)
{
  const char *name, *owner;
  g_autofree char *filter = NULL;
  gint64 id, created;
  sqlite3_stmt *stmt;

  if (!civic_sync_get_int (ctx, o, "id", TRUE, &id) ||
      !civic_sync_get_str (ctx, o, "name", FALSE, &name) ||
      !civic_sync_get_str (ctx, o, "owner", FALSE, &owner) ||
      !civic_sync_get_time (ctx, o, "created", &created))
    return FALSE;
  filter = civic_sync_get_json_text (o, "filter");
  stmt = civic_store_prepare (store,
                              "INSERT OR REPLACE INTO saved_views (id, name, owner, filter, created)"
                              " VALUES (?, ?, ?, ?, ?)",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, name);
  bind_text (stmt, 3, owner);
  bind_text (stmt, 4, filter);
  sqlite3_bind_int64 (stmt, 5, created);
  return step (store, stmt, ctx->error);
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  *id = g_ascii_strtoll (text, &end, 10);
  return end != NULL && *end == '\0';
}

gboolean
civic_sync_apply_tombstone (CivicStore    *store,
                            CivicApplyCtx *ctx,
                            JsonObject    *o,
                            guint         *kinds)
{
  const char *entity, *id;
  sqlite3_stmt *stmt;
  gint64 n;

  if (!civic_sync_get_str (ctx, o, "entity", TRUE, &entity) ||
      !civic_sync_get_str (ctx, o, "id", TRUE, &id))
    return FALSE;

  if (g_str_equal (entity, "post") || g_str_equal (entity, "saved_view"))
    {
      gboolean post = g_str_equal (entity, "post");

      if (!parse_id (id, &n))
        return civic_sync_malformed (ctx, "“%s” is not the id of a %s", id, entity);
      stmt = civic_store_prepare (store,
                                  post ? "DELETE FROM posts WHERE id = ?" : "DELETE FROM saved_views WHERE id = ?",
                                  ctx->error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, n);
      if (!step (store, stmt, ctx->error))
        return FALSE;
      if (post)
        {
          stmt = civic_store_prepare (store, "DELETE FROM likes WHERE post_id = ?", ctx->error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, n);
          if (!step (store, stmt, ctx->error))
            return FALSE;
        }
      *kinds |= post ? CIVIC_SYNC_KIND_POSTS : CIVIC_SYNC_KIND_CATALOG;
    }
  else if (g_str_equal (entity, "like"))
    {
      const char *colon = strchr (id, ':');
      g_autofree char *post_text = colon != NULL ? g_strndup (id, (gsize) (colon - id)) : NULL;

      if (colon == NULL || !parse_id (post_text, &n))
        return civic_sync_malformed (ctx, "“%s” does not name a like (post:user)", id);
      stmt = civic_store_prepare (store, "DELETE FROM likes WHERE post_id = ? AND username = ?", ctx->error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, n);
      bind_text (stmt, 2, colon + 1);
      if (!step (store, stmt, ctx->error))
        return FALSE;
      *kinds |= CIVIC_SYNC_KIND_SOCIAL;
    }
  else if (g_str_equal (entity, "follow"))
    {
      /* user:kind:target; a target may itself hold colons, the user and
       * kind never do */
      g_auto(GStrv) parts = g_strsplit (id, ":", 3);

      if (g_strv_length (parts) != 3)
        return civic_sync_malformed (ctx, "“%s” does not name a follow (user:kind:target)", id);
      stmt = civic_store_prepare (store, "DELETE FROM follows WHERE username = ? AND kind = ? AND target = ?",
                                  ctx->error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, parts[0]);
      bind_text (stmt, 2, parts[1]);
      bind_text (stmt, 3, parts[2]);
      if (!step (store, stmt, ctx->error))
        return FALSE;
      *kinds |= CIVIC_SYNC_KIND_SOCIAL;
    }
  /* other tombstones are for things this desk does not keep */
  return TRUE;
}
