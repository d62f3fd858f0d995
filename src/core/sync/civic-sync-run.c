/* civic-sync-run.c: one sync run, in a worker thread
 *
 * A run pushes the outbox, oldest first, then pulls change pages until
 * the service says there are no more. It opens its OWN store connection
 * and its own HTTP session: the UI's connection is never touched from
 * here, and blocking calls only block this thread. Everything the UI
 * must hear goes back through civic_sync_post_*().
 *
 * Exactly once, whatever dies when:
 *  - an outbox entry is removed only after the service answered it; a
 *    write sent again after a crash carries the same Idempotency-Key, and
 *    the service answers it with its first answer without applying it;
 *  - a page and the cursor that follows it commit in one transaction
 *    (civic_sync_apply_page), so a page is applied fully or not at all,
 *    and applying one twice changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "civic-conflict.h"
#include "civic-local-write.h"
#include "civic-error.h"
#include "civic-store-private.h"
#include "civic-sync-apply.h"
#include "civic-sync-engine-private.h"

typedef struct
{
  CivicRun     *run;
  SoupSession  *session;
  CivicStore   *store;
  GCancellable *cancellable;
} Ctx;

void
civic_run_free (CivicRun *run)
{
  g_clear_object (&run->self);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_free (run->base_url);
  g_free (run->token);
  g_free (run->username);
  g_free (run->store_path);
  g_free (run->detail);
  g_free (run);
}

gint64
civic_sync_read_cursor (CivicStore *store)
{
  g_autofree char *text = civic_store_get_meta (store, CIVIC_SYNC_CURSOR_KEY, NULL);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

guint
civic_sync_count_outbox (CivicStore *store)
{
  sqlite3_stmt *stmt = civic_store_prepare (store, "SELECT count(*) FROM outbox", NULL);
  guint n = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gboolean G_GNUC_PRINTF (4, 5)
fail (Ctx             *ctx,
      CivicRunOutcome  outcome,
      guint            status,
      const char      *format,
      ...)
{
  va_list ap;

  ctx->run->outcome = outcome;
  ctx->run->status = status;
  g_free (ctx->run->detail);
  va_start (ap, format);
  ctx->run->detail = g_strdup_vprintf (format, ap);
  va_end (ap);
  return FALSE;
}

static SoupMessage *
new_request (Ctx        *ctx,
             const char *method,
             const char *path,
             const char *body)
{
  g_autofree char *url = NULL;
  g_autofree char *bearer = g_strconcat ("Bearer ", ctx->run->token, NULL);
  SoupMessage *msg;

  while (*path == '/')
    path++;
  url = g_strconcat (ctx->run->base_url, path, NULL);
  msg = soup_message_new (method, url);
  if (msg == NULL)
    return NULL;
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

/* NULL when nothing came back (and the outcome says why). */
static GBytes *
send (Ctx         *ctx,
      SoupMessage *msg,
      guint       *status)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = soup_session_send_and_read (ctx->session, msg, ctx->cancellable, &error);

  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (ctx, CIVIC_RUN_CANCELLED, 0, "%s", error->message);
      else
        fail (ctx, CIVIC_RUN_OFFLINE, 0, "%s", error->message);
      return NULL;
    }
  *status = soup_message_get_status (msg);
  return bytes;
}

static char *
server_message (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonNode *error;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  error = json_object_get_member (json_node_get_object (root), "error");
  if (error == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (error))
    return g_strdup (json_node_get_string (error));
  if (JSON_NODE_HOLDS_OBJECT (error))
    return g_strdup (json_object_get_string_member_with_default (json_node_get_object (error), "message", NULL));
  return NULL;
}

/* An answer that is not 2xx: FALSE with the outcome set when the run must
 * stop (and the write stays queued). */
static gboolean
check_status (Ctx    *ctx,
              guint   status,
              GBytes *body)
{
  g_autofree char *says = NULL;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return TRUE;
  says = server_message (body);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    return fail (ctx, CIVIC_RUN_AUTH, status, "%s", says != NULL ? says : "401 Unauthorized");
  return fail (ctx, CIVIC_RUN_SERVER, status, "HTTP %u %s", status,
               says != NULL ? says : soup_status_get_phrase (status));
}

/* ---- push ------------------------------------------------------------- */

static JsonNode *
parse_body (GBytes  *body,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), error))
    return NULL;
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, "empty answer");
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

/* A refusal that sending again cannot change (a case that no longer
 * exists, a role that may not do this): keeping it would block every
 * write behind it forever, so the provisional change is undone, the clerk
 * is told in words, and the entry goes. */
static gboolean
drop_item (Ctx                   *ctx,
           const CivicOutboxItem *item,
           JsonObject            *context,
           guint                  status,
           GBytes                *body)
{
  g_autofree char *says = body != NULL ? server_message (body) : NULL;
  g_autofree char *what = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  what = g_strdup_printf (_("A change could not be sent and was set aside: %s (%s %s, answer %u)"),
                          says != NULL ? says : soup_status_get_phrase (status),
                          item->method, item->path, status);
  g_message ("%s", what);
  if (context != NULL)
    ok = civic_local_push_rejected (ctx->store, item->id, &error);
  else
    ok = civic_store_outbox_remove (ctx->store, item->id, &error);
  if (!ok)
    return fail (ctx, CIVIC_RUN_STORE, 0, "%s", error->message);
  civic_sync_post_dropped (ctx->run, what);
  return TRUE;
}

/* A 409 on a case edit: the answer has the case as it is now. The hook
 * merges field by field and rewrites the entry in place (a fresh key,
 * the server's version), so the caller's next peek sends what is left;
 * the fields both sides changed keep the server's value and come back
 * here as conflicts for the UI. */
static gboolean
push_conflict (Ctx                   *ctx,
               const CivicOutboxItem *item,
               JsonObject            *context,
               GBytes                *answer,
               guint                 *n_merges)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) civic_conflict_free);
  JsonObject *server_case = NULL;
  const char *request_id;
  guint i;

  root = parse_body (answer, &error);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    server_case = json_object_get_object_member (json_node_get_object (root), "case");
  if (server_case == NULL)
    return fail (ctx, CIVIC_RUN_INVALID, SOUP_STATUS_CONFLICT, "409 answer without the current case: %s",
                 error != NULL ? error->message : "no “case”");
  if (++(*n_merges) > CIVIC_SYNC_MAX_MERGES)
    return fail (ctx, CIVIC_RUN_SERVER, SOUP_STATUS_CONFLICT, "the case kept changing while we merged");

  request_id = json_object_get_string_member_with_default (server_case, "service_request_id",
                                                           json_object_get_string_member_with_default (context, "request_id", NULL));
  if (!civic_local_push_conflict (ctx->store, item->id, server_case, ctx->run->username, conflicts, &error))
    return fail (ctx, CIVIC_RUN_STORE, 0, "%s", error->message);
  for (i = 0; i < conflicts->len; i++)
    {
      CivicConflict *c = g_ptr_array_index (conflicts, i);

      civic_sync_post_conflict (ctx->run, request_id, c->field, c->local_value, c->server_value);
    }
  {
    g_autoptr(GPtrArray) ids = g_ptr_array_new ();

    /* the replica now holds the server's case (plus what we send again) */
    if (request_id != NULL)
      g_ptr_array_add (ids, (gpointer) request_id);
    civic_sync_post_changed (ctx->run, ids, CIVIC_SYNC_KIND_CASES | CIVIC_SYNC_KIND_EVENTS, -1);
  }
  return TRUE;
}

static gboolean
push_item (Ctx                   *ctx,
           const CivicOutboxItem *item,
           guint                 *n_merges)
{
  g_autoptr(SoupMessage) msg = new_request (ctx, item->method, item->path, item->body);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) context = civic_local_get_context (ctx->store, item->id, &error);
  const char *if_match;
  guint status = 0;

  if (error != NULL)
    return fail (ctx, CIVIC_RUN_STORE, 0, "%s", error->message);
  if (msg == NULL)
    return drop_item (ctx, item, context, SOUP_STATUS_BAD_REQUEST, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key",
                                item->idempotency_key);
  if (context != NULL &&
      (if_match = json_object_get_string_member_with_default (context, "if_match", NULL)) != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-Match", if_match);

  answer = send (ctx, msg, &status);
  if (answer == NULL)
    return FALSE;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autoptr(JsonNode) root = parse_body (answer, &error);
      gboolean ok;

      /* a 2xx we cannot read is not proof of delivery: keep the write;
       * sending it again with its key is harmless */
      if (root == NULL && g_bytes_get_size (answer) > 0)
        return fail (ctx, CIVIC_RUN_INVALID, status, "%s %s: %s", item->method, item->path, error->message);
      g_clear_error (&error);
      *n_merges = 0;
      if (context != NULL)
        ok = civic_local_push_done (ctx->store, item->id, root, &error);
      else
        ok = civic_store_outbox_remove (ctx->store, item->id, &error);
      if (!ok)
        return fail (ctx, CIVIC_RUN_STORE, 0, "%s", error->message);
      return TRUE;
    }
  if (status == SOUP_STATUS_CONFLICT && context != NULL &&
      g_strcmp0 (json_object_get_string_member_with_default (context, "kind", NULL), "case_update") == 0)
    return push_conflict (ctx, item, context, answer, n_merges);
  /* retry later: the session, the service's load, a timeout, a 409 on
   * anything but a case edit (the service's state may change), 5xx */
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_REQUEST_TIMEOUT ||
      status == CIVIC_SYNC_STATUS_TOO_MANY_REQUESTS || status == SOUP_STATUS_CONFLICT ||
      !SOUP_STATUS_IS_CLIENT_ERROR (status))
    {
      check_status (ctx, status, answer);
      return FALSE;
    }
  return drop_item (ctx, item, context, status, answer);
}

static gboolean
push_outbox (Ctx *ctx)
{
  guint n_merges = 0;
  guint merged_before;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) items = civic_store_outbox_peek (ctx->store, 100, &error);
      guint i;

      if (items == NULL)
        return fail (ctx, CIVIC_RUN_STORE, 0, "%s", error->message);
      if (items->len == 0)
        return TRUE;
      for (i = 0; i < items->len; i++)
        {
          const CivicOutboxItem *item = g_ptr_array_index (items, i);
          gboolean rewritten;

          if (g_cancellable_is_cancelled (ctx->cancellable))
            return fail (ctx, CIVIC_RUN_CANCELLED, 0, "cancelled");
          merged_before = n_merges;
          if (!push_item (ctx, item, &n_merges))
            return FALSE;
          /* a merged entry was rewritten in place: peek again, in order */
          rewritten = n_merges > merged_before;
          if (rewritten)
            break;
        }
    }
}

/* ---- pull --------------------------------------------------------------- */

/* The number of cases on the service, for "Syncing 12,400 of 100,000" on
 * a first sync; 0 when it cannot be had (the pull goes on without). */
static guint64
count_server_cases (Ctx *ctx)
{
  g_autoptr(SoupMessage) msg = new_request (ctx, "GET", "api/v1/cases?limit=1", NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status = 0;
  CivicRunOutcome saved = ctx->run->outcome;

  body = send (ctx, msg, &status);
  ctx->run->outcome = saved;
  if (body == NULL || !SOUP_STATUS_IS_SUCCESSFUL (status))
    return 0;
  root = parse_body (body, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  return (guint64) MAX (0, json_object_get_int_member_with_default (json_node_get_object (root), "total", 0));
}

static guint
count_cases (JsonArray *changes)
{
  guint n = json_array_get_length (changes);
  guint cases = 0;
  guint i;

  for (i = 0; i < n; i++)
    {
      JsonObject *o = json_array_get_object_element (changes, i);

      if (o != NULL && g_strcmp0 (json_object_get_string_member_with_default (o, "entity", NULL), "case") == 0)
        cases++;
    }
  return cases;
}

static gboolean pull_pages (Ctx *ctx);

/* A first sync into an empty replica is a bulk fill: the store builds its
 * indexes, search index and counts once at the end instead of row by row
 * (several times faster for 100,000 cases). Pages still commit one by
 * one with their cursor; a crash in between is repaired by the next open. */
static gboolean
pull (Ctx *ctx)
{
  g_autoptr(GError) error = NULL;
  gboolean bulk = FALSE;
  gboolean ok;

  if (civic_sync_read_cursor (ctx->store) == 0 && civic_store_count_cases (ctx->store, NULL, NULL) == 0)
    bulk = civic_store_bulk_begin (ctx->store, NULL);
  ok = pull_pages (ctx);
  if (bulk && !civic_store_bulk_end (ctx->store, &error) && ok)
    ok = fail (ctx, CIVIC_RUN_STORE, 0, "%s", error->message);
  return ok;
}

/* ---- the page pipeline ---------------------------------------------------
 *
 * Parsing a page of 7,500 changes into JSON nodes costs about as much as
 * applying it, so a fetcher thread downloads and parses page k+1 while
 * this thread applies page k. At most PIPELINE_DEPTH parsed pages wait,
 * which bounds memory. Pages are still applied strictly in order, each in
 * its own transaction with its cursor.
 */
#define PIPELINE_DEPTH 2

typedef struct
{
  JsonNode        *root;       /* NULL when this is the end or an error */
  JsonArray       *changes;
  gint64           after;
  gint64           next;
  gint64           current;
  gboolean         more;
  CivicRunOutcome  outcome;
  guint            status;
  char            *detail;
  gint64           fetch_us;
  gint64           parse_us;
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->root, json_node_unref);
  g_free (page->detail);
  g_free (page);
}

typedef struct
{
  CivicRun      run;           /* a shadow: base_url and token borrowed, results its own */
  GCancellable *cancellable;
  GAsyncQueue  *pages;         /* Page*, in order */
  GAsyncQueue  *slots;         /* a spent Page* (or a dummy token) per page the fetcher may run ahead */
  gint64        start;
} Fetcher;

static Page *
fetch_page (Ctx    *fctx,
            gint64  cursor)
{
  g_autofree char *path = g_strdup_printf ("api/v1/changes?after=%" G_GINT64_FORMAT "&limit=%d",
                                           cursor, CIVIC_SYNC_PAGE_LIMIT);
  g_autoptr(SoupMessage) msg = new_request (fctx, "GET", path, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  Page *page = g_new0 (Page, 1);
  JsonObject *o;
  gint64 t0 = g_get_monotonic_time ();
  guint status = 0;

  page->after = cursor;
  fctx->run->outcome = CIVIC_RUN_OK;
  body = send (fctx, msg, &status);
  if (body != NULL && check_status (fctx, status, body))
    {
      page->fetch_us = g_get_monotonic_time () - t0;
      page->root = parse_body (body, &error);
      page->parse_us = g_get_monotonic_time () - t0 - page->fetch_us;
      if (page->root == NULL)
        fail (fctx, CIVIC_RUN_INVALID, status, "changes after %" G_GINT64_FORMAT ": %s",
              cursor, error->message);
      else if (!JSON_NODE_HOLDS_OBJECT (page->root) ||
               (o = json_node_get_object (page->root)) == NULL ||
               (page->changes = json_object_get_array_member (o, "changes")) == NULL ||
               !json_object_has_member (o, "next") || !json_object_has_member (o, "more"))
        fail (fctx, CIVIC_RUN_INVALID, status, "changes after %" G_GINT64_FORMAT ": not a page of changes",
              cursor);
      else
        {
          page->next = json_object_get_int_member (o, "next");
          page->more = json_object_get_boolean_member (o, "more");
          page->current = json_object_get_int_member_with_default (o, "current", page->next);
          if (page->next < cursor)
            fail (fctx, CIVIC_RUN_INVALID, status, "changes after %" G_GINT64_FORMAT ": next %"
                  G_GINT64_FORMAT " goes backwards", cursor, page->next);
        }
    }
  page->outcome = fctx->run->outcome;
  if (page->outcome != CIVIC_RUN_OK)
    {
      page->status = fctx->run->status;
      page->detail = g_steal_pointer (&fctx->run->detail);
      g_clear_pointer (&page->root, json_node_unref);
      page->changes = NULL;
    }
  return page;
}

static gpointer
fetcher_thread (gpointer data)
{
  Fetcher *f = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  Ctx fctx = { .run = &f->run, .session = session, .cancellable = f->cancellable };
  gint64 cursor = f->start;

  /* its own session: a SoupSession is used from one thread */
  for (;;)
    {
      Page *page;

      Page *spent = g_async_queue_pop (f->slots);

      /* freeing a page of JSON nodes costs tens of milliseconds: done
       * here, off the thread that applies */
      if (spent != GINT_TO_POINTER (1))
        page_free (spent);
      if (g_cancellable_is_cancelled (f->cancellable))
        {
          page = g_new0 (Page, 1);
          page->outcome = CIVIC_RUN_CANCELLED;
          page->detail = g_strdup ("cancelled");
        }
      else
        page = fetch_page (&fctx, cursor);
      g_async_queue_push (f->pages, page);
      if (page->outcome != CIVIC_RUN_OK || !page->more)
        break;
      cursor = page->next;
    }
  g_free (f->run.detail);
  f->run.detail = NULL;
  return NULL;
}

static void
cancel_fetcher_cb (GCancellable *parent,
                   GCancellable *child)
{
  g_cancellable_cancel (child);
}

static gboolean
pull_pages (Ctx *ctx)
{
  CivicRun *run = ctx->run;
  gint64 cursor = civic_sync_read_cursor (ctx->store);
  gint64 start = cursor;
  guint64 total = 0;
  guint64 done = 0;
  g_autoptr(GCancellable) fetch_cancel = g_cancellable_new ();
  GThread *thread;
  Fetcher f = { 0 };
  gulong handler = 0;
  gboolean ok = TRUE;
  Page *page;
  guint i;

  if (cursor == 0)
    total = count_server_cases (ctx);

  f.run.base_url = run->base_url;
  f.run.token = run->token;
  f.cancellable = fetch_cancel;
  f.pages = g_async_queue_new ();
  f.slots = g_async_queue_new ();
  f.start = cursor;
  for (i = 0; i < PIPELINE_DEPTH; i++)
    g_async_queue_push (f.slots, GINT_TO_POINTER (1));
  if (ctx->cancellable != NULL)
    handler = g_cancellable_connect (ctx->cancellable, G_CALLBACK (cancel_fetcher_cb), fetch_cancel, NULL);
  thread = g_thread_new ("civic-sync-fetch", fetcher_thread, &f);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      CivicApplySummary summary = { 0 };
      gboolean more;
      gint64 t0 = g_get_monotonic_time ();
      gint64 wait_us;

      page = g_async_queue_pop (f.pages);
      wait_us = g_get_monotonic_time () - t0;
      t0 = g_get_monotonic_time ();
      if (page->outcome != CIVIC_RUN_OK)
        {
          ok = fail (ctx, page->outcome, page->status, "%s", page->detail);
          page_free (page);
          break;
        }
      done += count_cases (page->changes);
      if (json_array_get_length (page->changes) > 0 || page->next != cursor)
        {
          if (!civic_sync_apply_page (ctx->store, page->changes, page->next, &summary, &error))
            {
              civic_apply_summary_clear (&summary);
              if (g_error_matches (error, CIVIC_ERROR, CIVIC_ERROR_INVALID))
                ok = fail (ctx, CIVIC_RUN_INVALID, 200, "%s", error->message);
              else
                ok = fail (ctx, CIVIC_RUN_STORE, 0, "%s", error->message);
              page_free (page);
              break;
            }
          if (summary.n_applied > 0 || page->next != cursor)
            civic_sync_post_changed (run, summary.request_ids, summary.kinds, page->next);
          civic_apply_summary_clear (&summary);
        }
      g_debug ("page after %" G_GINT64_FORMAT ": %u changes, fetch %.0f ms, parse %.0f ms, "
               "waited %.0f ms, apply %.0f ms",
               cursor, json_array_get_length (page->changes), page->fetch_us / 1000.0,
               page->parse_us / 1000.0, wait_us / 1000.0, (g_get_monotonic_time () - t0) / 1000.0);
      cursor = page->next;
      run->cursor = page->next;
      run->current = page->current;
      more = page->more;
      if (more)
        civic_sync_post_progress (run, done, total,
                                  page->current > start
                                    ? (double) (page->next - start) / (double) (page->current - start) : -1);
      /* its slot back, with the page to free: the fetcher may start the
       * page after next */
      g_async_queue_push (f.slots, page);
      if (!more)
        break;
    }

  /* stop the fetcher wherever it is, wait for it, drop what it read ahead */
  g_cancellable_cancel (fetch_cancel);
  g_async_queue_push (f.slots, GINT_TO_POINTER (1));
  g_thread_join (thread);
  if (handler != 0)
    g_cancellable_disconnect (ctx->cancellable, handler);
  while ((page = g_async_queue_try_pop (f.pages)) != NULL)
    page_free (page);
  while ((page = g_async_queue_try_pop (f.slots)) != NULL)
    if (page != GINT_TO_POINTER (1))
      page_free (page);
  g_async_queue_unref (f.pages);
  g_async_queue_unref (f.slots);
  return ok;
}

/* Tracking numbers for new cases made offline (civic-local-create.c):
 * below half a block, lease another. A failure only waits for the next
 * run; the desk still has what is left. */
static void
refill_numbers (Ctx *ctx)
{
  guint wanted = civic_local_numbers_wanted (ctx->store);
  g_autofree char *body = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  CivicRunOutcome saved = ctx->run->outcome;
  JsonObject *o;
  guint status = 0;

  if (wanted == 0)
    return;
  body = g_strdup_printf ("{\"count\": %u}", wanted);
  msg = new_request (ctx, "POST", "api/v1/numbers", body);
  if (msg == NULL)
    return;
  answer = send (ctx, msg, &status);
  ctx->run->outcome = saved;
  if (answer == NULL || !SOUP_STATUS_IS_SUCCESSFUL (status) || (root = parse_body (answer, NULL)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("no tracking numbers leased this time (answer %u)", status);
      return;
    }
  o = json_node_get_object (root);
  if (!civic_local_numbers_add (ctx->store, json_object_get_int_member_with_default (o, "year", 0),
                                json_object_get_int_member_with_default (o, "first", 0),
                                json_object_get_int_member_with_default (o, "last", 0), &error))
    g_message ("Tracking numbers from the service could not be kept: %s", error->message);
}

void
civic_sync_run_thread (GTask        *task,
                       gpointer      source,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  CivicRun *run = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = NULL;
  g_autoptr(SoupSession) session = NULL;
  Ctx ctx = { .run = run, .cancellable = cancellable };

  run->outcome = CIVIC_RUN_OK;
  store = civic_store_open (run->store_path, &error);
  if (store == NULL)
    {
      fail (&ctx, CIVIC_RUN_STORE, 0, "%s", error->message);
      g_task_return_boolean (task, FALSE);
      return;
    }
  /* the UI thread's writes are short; wait them out rather than fail */
  civic_store_set_busy_timeout (store, 30000);
  session = soup_session_new_with_options ("timeout", 60, NULL);
  ctx.store = store;
  ctx.session = session;

  if (push_outbox (&ctx))
    {
      refill_numbers (&ctx);
      pull (&ctx);
    }
  if (run->outcome == CIVIC_RUN_OK && g_cancellable_is_cancelled (cancellable))
    run->outcome = CIVIC_RUN_CANCELLED;
  g_task_return_boolean (task, run->outcome == CIVIC_RUN_OK);
}
