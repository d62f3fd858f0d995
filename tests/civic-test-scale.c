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
