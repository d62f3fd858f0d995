/* civic-test-scale.c: concurrent writers against several server processes
 * and a desk following the changes feed — the gap check the scale-out
 * test and `tools/bench scale` share.
 *
 * Writers post to the feed (one logical write each, with its own
 * Idempotency-Key, so a retry after a dropped connection cannot make a
 * second post) and keep each acknowledged post's id and seq. The reader
 * pages GET /api/v1/changes?after=next the way a desk does, alternating
 * between the processes, and notes every post it is sent. Once the
 * writers stop it catches up to the end; then every acknowledged post
 * must have arrived exactly once, at the seq its writer was told.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <string.h>

#include "civic-test-scale.h"

typedef struct
{
  CivicScaleGaps *g;
  guint           index;
} Writer;

struct _CivicScaleState
{
  GMutex      lock;
  GHashTable *acked;       /* post id → seq (gint64 in a pointer-sized box) */
  GHashTable *seen;        /* post id → seq, from the feed */
  gint64      deadline;    /* monotonic µs */
  gint        writers_done;
  guint       failed;
  guint       duplicated;
  guint       out_of_order;
};

static gint64 *
boxed (gint64 v)
{
  gint64 *p = g_new (gint64, 1);

  *p = v;
  return p;
}

static gpointer
writer_thread (gpointer data)
{
  Writer *wr = data;
  CivicScaleGaps *g = wr->g;
  CivicTestServer *server = g->servers[wr->index % g->n_servers];
  guint n;

  for (n = 0; g_get_monotonic_time () < g->state->deadline; n++)
    {
      g_autofree char *body = g_strdup_printf ("{\"body\": \"scale writer %u post %u\"}", wr->index, n);
      g_autofree char *key = g_uuid_string_random ();
      g_autoptr(JsonNode) reply = NULL;
      guint status = 0;
      guint attempt;

      /* a write whose answer was lost is retried with the same key */
      for (attempt = 0; attempt < 5; attempt++)
        {
          g_clear_pointer (&reply, json_node_unref);
          reply = civic_test_request_soft (server, "POST", "/api/v1/posts", g->token, body,
                                           &status, "Idempotency-Key", key, NULL);
          if (status == 201 || status == 200 || (status >= 400 && status < 500 && status != 409))
            break;
          g_usleep (20 * 1000);
        }
      if ((status == 201 || status == 200) && reply != NULL && JSON_NODE_HOLDS_OBJECT (reply))
        {
          JsonObject *o = json_node_get_object (reply);
          gint64 id = json_object_get_int_member (o, "id");
          gint64 seq = json_object_get_int_member (o, "seq");

          g_mutex_lock (&g->state->lock);
          g_hash_table_insert (g->state->acked, boxed (id), boxed (seq));
          g_mutex_unlock (&g->state->lock);
        }
      else
        {
          g_mutex_lock (&g->state->lock);
          g->state->failed++;
          g_mutex_unlock (&g->state->lock);
        }
    }
  g_atomic_int_inc (&g->state->writers_done);
  g_free (wr);
  return NULL;
}

/* One page of the feed from @server; returns FALSE when the request
 * failed (the process may be down: the caller tries the other). */
static gboolean
read_page (CivicScaleGaps  *g,
           CivicTestServer *server,
           gint64          *next,
           gboolean        *more)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/changes?after=%" G_GINT64_FORMAT "&limit=500", *next);
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *o;
  JsonArray *changes;
  gint64 last = *next;
  guint status = 0;
  guint i;

  reply = civic_test_request_soft (server, "GET", path, g->token, NULL, &status, NULL);
  if (status != 200 || reply == NULL || !JSON_NODE_HOLDS_OBJECT (reply))
    return FALSE;
  o = json_node_get_object (reply);
  changes = json_object_get_array_member (o, "changes");
  for (i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *item = json_array_get_object_element (changes, i);
      gint64 seq = json_object_get_int_member (item, "seq");
      gint64 id;

      if (seq < last || seq <= *next)
        g->state->out_of_order++;
      last = seq;
      if (g_strcmp0 (json_object_get_string_member (item, "entity"), "post") != 0)
        continue;
      id = json_object_get_int_member (json_object_get_object_member (item, "data"), "id");
      g_mutex_lock (&g->state->lock);
      if (g_hash_table_contains (g->state->seen, &id))
        g->state->duplicated++;
      else
        g_hash_table_insert (g->state->seen, boxed (id), boxed (seq));
      g_mutex_unlock (&g->state->lock);
    }
  *next = json_object_get_int_member (o, "next");
  *more = json_object_get_boolean_member (o, "more");
  return TRUE;
}

void
civic_scale_gaps_run (CivicScaleGaps *g)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  CivicScaleState state = { 0 };
  GHashTableIter iter;
  gpointer key, value;
  gint64 next = g->start_after;
  gint64 started;
  gboolean more = FALSE;
  guint page = 0;
  guint i;

  g_mutex_init (&state.lock);
  state.acked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  state.seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  started = g_get_monotonic_time ();
  state.deadline = started + (gint64) (g->seconds * G_USEC_PER_SEC);
  g->state = &state;

  for (i = 0; i < g->n_writers; i++)
    {
      Writer *wr = g_new0 (Writer, 1);

      wr->g = g;
      wr->index = i;
      g_ptr_array_add (threads, g_thread_new ("scale-writer", writer_thread, wr));
    }

  /* follow the feed while they write, then catch up to the end */
  for (;;)
    {
      gboolean done = g_atomic_int_get (&state.writers_done) == (gint) g->n_writers;
      CivicTestServer *server = g->servers[page++ % g->n_servers];

      if (!read_page (g, server, &next, &more))
        {
          g_usleep (10 * 1000);
          continue;
        }
      if (done && !more)
        break;
      if (!more)
        g_usleep (2 * 1000);
    }

  for (i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

  g->acked = g_hash_table_size (state.acked);
  g->failed = state.failed;
  g->duplicated = state.duplicated;
  g->out_of_order = state.out_of_order;
  g->missed = 0;
  g_hash_table_iter_init (&iter, state.acked);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 *seen_seq = g_hash_table_lookup (state.seen, key);

      /* not sent, or sent at another seq than its write was told */
      if (seen_seq == NULL || *seen_seq != *(gint64 *) value)
        g->missed++;
    }
  g->writes_per_s = g->acked / g->seconds;
  g->last_next = next;
  g->state = NULL;
  g_hash_table_unref (state.acked);
  g_hash_table_unref (state.seen);
  g_mutex_clear (&state.lock);
}

/* ---- live across processes ---------------------------------------------- */

typedef struct
{
  SoupWebsocketConnection *ws;
  GError                  *error;
  gboolean                 done;
  gint64                   heard;     /* newest seq heard */
  gint64                   heard_at;  /* monotonic µs */
} LiveDesk;

static void
live_message_cb (SoupWebsocketConnection *ws,
                 gint                     type,
                 GBytes                  *message,
                 gpointer                 user_data)
{
  LiveDesk *desk = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 seq;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (message, NULL), g_bytes_get_size (message), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  seq = json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "seq");
  if (seq > desk->heard)
    {
      desk->heard = seq;
      desk->heard_at = g_get_monotonic_time ();
    }
}

static void
live_connected_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LiveDesk *desk = user_data;

  desk->ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &desk->error);
  if (desk->ws != NULL)
    g_signal_connect (desk->ws, "message", G_CALLBACK (live_message_cb), desk);
  desk->done = TRUE;
}

static gboolean
live_iterate_until (LiveDesk *desk,
                    gint64    seq,
                    guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while ((seq < 0 ? !desk->done : desk->heard < seq) && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (200);
  return seq < 0 ? desk->done : desk->heard >= seq;
}

gboolean
civic_scale_live_latencies (CivicTestServer *writer,
                            CivicTestServer *holder,
                            const char      *token,
                            guint            rounds,
                            GArray          *ms)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/api/v1/live", holder->port);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  LiveDesk desk = { 0 };
  gboolean ok = TRUE;
  guint round;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        live_connected_cb, &desk);
  if (!live_iterate_until (&desk, -1, 5000) || desk.ws == NULL)
    {
      g_printerr ("the live WebSocket did not open: %s\n", desk.error != NULL ? desk.error->message : "timeout");
      g_clear_error (&desk.error);
      return FALSE;
    }
  /* the hub sends the current seq on connect */
  live_iterate_until (&desk, 1, 2000);

  for (round = 0; round < rounds && ok; round++)
    {
      g_autofree char *body = g_strdup_printf ("{\"body\": \"live round %u\"}", round);
      g_autoptr(JsonNode) reply = NULL;
      gint64 t0 = g_get_monotonic_time ();
      gint64 seq;
      guint status = 0;
      double elapsed;

      reply = civic_test_request_soft (writer, "POST", "/api/v1/posts", token, body, &status, NULL);
      if (status != 201 || reply == NULL)
        {
          ok = FALSE;
          break;
        }
      seq = json_object_get_int_member (json_node_get_object (reply), "seq");
      if (!live_iterate_until (&desk, seq, 3000))
        {
          g_printerr ("process B's desk never heard seq %" G_GINT64_FORMAT "\n", seq);
          ok = FALSE;
          break;
        }
      elapsed = (desk.heard_at - t0) / 1000.0;
      g_array_append_val (ms, elapsed);
      /* spaced out, so each write is heard on its own */
      g_usleep (30 * 1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_signal_handlers_disconnect_by_data (desk.ws, &desk);
  if (soup_websocket_connection_get_state (desk.ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (desk.ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_object_unref (desk.ws);
  return ok;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
civic_scale_median (GArray *values)
{
  if (values->len == 0)
    return -1;
  g_array_sort (values, compare_double);
  return g_array_index (values, double, values->len / 2);
}
