/* test-live.c: the /api/v1/live WebSocket against the real server
 *
 * A desk connects, hears the current sequence at once and a new one soon
 * after any write, whichever worker thread its socket landed on; a desk
 * that stops reading does not hold the others up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>

#include "civic-test-util.h"
#include "test-changes-helper.h"

/* A write made through the API reaches every desk within 200 ms. Writes
 * made by another process (these tests' helper, like the command-line
 * tools) are noticed by the server's sequence poll, every 250 ms. */
#define API_BOUND_MS       200
#define EXTERNAL_BOUND_MS  (200 + 250)

typedef struct
{
  HelperServer  s;
  SoupSession  *session;
} Fixture;

typedef struct
{
  SoupWebsocketConnection *ws;
  GError                  *error;
  GArray                  *seqs;       /* gint64, in arrival order */
  GArray                  *times;      /* gint64 monotonic µs of each */
  gboolean                 done;
  gboolean                 closed;
} Desk;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  helper_server_setup (&f->s, "staff", TRUE, "2");
  f->session = soup_session_new ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->session);
  helper_server_teardown (&f->s);
}

static void
desk_message_cb (SoupWebsocketConnection *ws,
                 gint                     type,
                 GBytes                  *message,
                 gpointer                 user_data)
{
  Desk *desk = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 now = g_get_monotonic_time ();
  gint64 seq;
  JsonObject *o;

  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (message, NULL),
                                             g_bytes_get_size (message), NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (o), ==, 1);   /* nothing but the sequence */
  seq = json_object_get_int_member (o, "seq");
  g_array_append_val (desk->seqs, seq);
  g_array_append_val (desk->times, now);
}

static void
desk_closed_cb (SoupWebsocketConnection *ws,
                gpointer                 user_data)
{
  ((Desk *) user_data)->closed = TRUE;
}

static void
desk_connected_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Desk *desk = user_data;

  desk->ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &desk->error);
  if (desk->ws != NULL)
    {
      g_signal_connect (desk->ws, "message", G_CALLBACK (desk_message_cb), desk);
      g_signal_connect (desk->ws, "closed", G_CALLBACK (desk_closed_cb), desk);
    }
  desk->done = TRUE;
}

static void
iterate_until (gboolean *flag,
               guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (!*flag && g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    }
}

/* Connects with the token in a header, or as ?token= when @in_query. */
static Desk *
desk_connect (Fixture    *f,
              const char *token,
              gboolean    in_query)
{
  g_autofree char *url = in_query
    ? g_strdup_printf ("ws://127.0.0.1:%u/api/v1/live?token=%s", f->s.server->port, token)
    : g_strdup_printf ("ws://127.0.0.1:%u/api/v1/live", f->s.server->port);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  Desk *desk = g_new0 (Desk, 1);

  desk->seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  desk->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!in_query && token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  soup_session_websocket_connect_async (f->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        desk_connected_cb, desk);
  iterate_until (&desk->done, 5000);
  g_assert_true (desk->done);
  return desk;
}

static void
desk_free (Desk *desk)
{
  if (desk->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (desk->ws, desk);
      if (soup_websocket_connection_get_state (desk->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (desk->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (desk->ws);
    }
  g_clear_error (&desk->error);
  g_array_unref (desk->seqs);
  g_array_unref (desk->times);
  g_free (desk);
}

/* Waits until @desk has heard @seq or more; returns when (µs), or 0. */
static gint64
desk_wait_for (Desk   *desk,
               gint64  seq,
               guint   timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  for (;;)
    {
      guint i;

      for (i = 0; i < desk->seqs->len; i++)
        if (g_array_index (desk->seqs, gint64, i) >= seq)
          return g_array_index (desk->times, gint64, i);
      if (g_get_monotonic_time () >= end)
        return 0;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (200);
    }
}

static gint64
current_seq (Fixture *f)
{
  g_autoptr(JsonNode) health = NULL;
  guint status = 0;

  health = civic_test_request (f->s.server, "GET", "/health", NULL, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  return json_object_get_int_member (json_node_get_object (health), "seq");
}

static void
test_refused_without_token (Fixture *f, gconstpointer data)
{
  Desk *desk = desk_connect (f, NULL, FALSE);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  g_assert_null (desk->ws);
  g_assert_error (desk->error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_ERROR_NOT_WEBSOCKET);
  desk_free (desk);

  desk = desk_connect (f, "forged-token", TRUE);
  g_assert_null (desk->ws);
  desk_free (desk);

  reply = civic_test_request (f->s.server, "GET", "/api/v1/live", NULL, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  g_assert_nonnull (strstr (civic_test_last_body (), "Sign in"));
  g_clear_pointer (&reply, json_node_unref);

  /* a signed-in plain GET is told what the address is for */
  reply = civic_test_request (f->s.server, "GET", "/api/v1/live", f->s.token, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (civic_test_last_body (), "WebSocket"));
  g_clear_pointer (&reply, json_node_unref);

  reply = civic_test_request (f->s.server, "POST", "/api/v1/live", f->s.token, "{}", NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 405);
}

static void
test_current_seq_on_connect (Fixture *f, gconstpointer data)
{
  gint64 seq;
  Desk *header_desk, *query_desk;

  helper_insert_cases (f->s.db, 3, 2, NULL);
  seq = current_seq (f);
  g_assert_cmpint (seq, >, 0);

  header_desk = desk_connect (f, f->s.token, FALSE);
  g_assert_no_error (header_desk->error);
  query_desk = desk_connect (f, f->s.token, TRUE);
  g_assert_no_error (query_desk->error);
  g_assert_cmpint (desk_wait_for (header_desk, seq, 2000), >, 0);
  g_assert_cmpint (desk_wait_for (query_desk, seq, 2000), >, 0);
  g_assert_cmpint (g_array_index (header_desk->seqs, gint64, 0), ==, seq);
  g_assert_cmpint (g_array_index (query_desk->seqs, gint64, 0), ==, seq);
  desk_free (header_desk);
  desk_free (query_desk);
}

/* Eight desks, spread by the kernel over both worker threads, all hear a
 * write made by another process; a burst of writes arrives coalesced. */
static void
test_new_seq_reaches_every_desk (Fixture *f, gconstpointer data)
{
  Desk *desks[8];
  gint64 seq, written;
  guint i, round;

  for (i = 0; i < G_N_ELEMENTS (desks); i++)
    {
      desks[i] = desk_connect (f, f->s.token, i % 2 == 1);
      g_assert_no_error (desks[i]->error);
    }
  seq = current_seq (f);
  for (i = 0; i < G_N_ELEMENTS (desks); i++)
    g_assert_cmpint (desk_wait_for (desks[i], seq, 2000), >, 0);

  for (round = 0; round < 3; round++)
    {
      gint64 t0;

      written = helper_insert_cases (f->s.db, 1, 1, NULL);
      t0 = g_get_monotonic_time ();
      for (i = 0; i < G_N_ELEMENTS (desks); i++)
        {
          gint64 at = desk_wait_for (desks[i], written, 3000);

          g_assert_cmpint (at, >, 0);
          if (at > t0)
            g_assert_cmpint ((at - t0) / 1000, <=, EXTERNAL_BOUND_MS);
        }
    }

  /* a burst of 40 writes: far fewer than 40 messages, the last one is the newest */
  {
    guint before = desks[0]->seqs->len;

    written = helper_insert_cases (f->s.db, 40, 1, NULL);
    g_assert_cmpint (desk_wait_for (desks[0], written, 3000), >, 0);
    g_assert_cmpuint (desks[0]->seqs->len - before, <, 20);
    g_assert_cmpint (g_array_index (desks[0]->seqs, gint64, desks[0]->seqs->len - 1), ==, written);
  }

  for (i = 0; i < G_N_ELEMENTS (desks); i++)
    desk_free (desks[i]);
}

/* A desk that completed the handshake and then never reads, and a client
 * that sent half a handshake, do not hold up the others. */
static void
test_stuck_client_does_not_block (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) stuck = NULL;
  g_autoptr(GSocketConnection) half = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *handshake = g_strdup_printf (
    "GET /api/v1/live HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
    "Authorization: Bearer %s\r\n\r\n", f->s.token);
  Desk *desk;
  gint64 written;
  guint i;

  for (i = 0; i < 2; i++)
    {
      GSocketConnection **conn = i == 0 ? &stuck : &half;

      *conn = g_socket_client_connect_to_host (client, "127.0.0.1", f->s.server->port, NULL, &error);
      g_assert_no_error (error);
    }
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (stuck)), handshake,
                             strlen (handshake), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (half)), handshake, 40,
                             NULL, NULL, &error);
  g_assert_no_error (error);

  desk = desk_connect (f, f->s.token, FALSE);
  g_assert_no_error (desk->error);
  for (i = 0; i < 5; i++)
    {
      written = helper_insert_cases (f->s.db, 1, 1, NULL);
      g_assert_cmpint (desk_wait_for (desk, written, 3000), >, 0);
    }
  g_assert_cmpint (current_seq (f), ==, written);
  desk_free (desk);
}

static gint64
api_write (Fixture    *f,
           const char *token,
           guint       n)
{
  g_autofree char *key = g_strdup_printf ("live-%u-%" G_GINT64_FORMAT, n, g_get_real_time ());
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;
  JsonObject *c;

  reply = civic_test_request (f->s.server, "POST", "/api/v1/cases", token,
                              "{\"service_code\": \"pothole\", \"description\": \"live\", \"lat\": 40.7, \"long\": -74}",
                              NULL, &status, "Idempotency-Key", key, NULL);
  g_assert_cmpuint (status, ==, 201);
  c = json_object_get_object_member (json_node_get_object (reply), "case");
  return json_object_get_int_member (c, "seq");
}

/* A write through the API, on another connection (and so, often, another
 * worker thread), reaches every desk within 200 ms; a burst of writes
 * arrives as a few messages, the last one the newest. */
static void
test_api_write_within_200ms (Fixture *f, gconstpointer data)
{
  g_autofree char *bob = civic_test_login (f->s.server, "bob", "battery staple");
  Desk *desks[6];
  gint64 seq;
  guint i, round;

  for (i = 0; i < G_N_ELEMENTS (desks); i++)
    {
      desks[i] = desk_connect (f, f->s.token, i % 2 == 0);
      g_assert_no_error (desks[i]->error);
      g_assert_cmpint (desk_wait_for (desks[i], 0, 2000), >, 0);
    }

  for (round = 0; round < 5; round++)
    {
      gint64 t0 = g_get_monotonic_time ();

      seq = api_write (f, bob, round);
      for (i = 0; i < G_N_ELEMENTS (desks); i++)
        {
          gint64 at = desk_wait_for (desks[i], seq, 2000);

          g_assert_cmpint (at, >, 0);
          if ((at - t0) / 1000 > API_BOUND_MS)
            g_error ("desk %u heard seq %" G_GINT64_FORMAT " after %" G_GINT64_FORMAT " ms", i, seq,
                     (at - t0) / 1000);
        }
    }

  {
    guint before = desks[0]->seqs->len;
    gint64 t0 = g_get_monotonic_time ();
    gint64 burst_ms;

    for (round = 0; round < 30; round++)
      seq = api_write (f, bob, 100 + round);
    g_assert_cmpint (desk_wait_for (desks[0], seq, 2000), >, 0);
    /* at most one message per 20 ms while the burst lasted, and one after */
    burst_ms = (g_get_monotonic_time () - t0) / 1000;
    g_assert_cmpuint (desks[0]->seqs->len - before, <=, burst_ms / 20 + 2);
    /* nothing after the newest, and it arrives */
    g_assert_cmpint (g_array_index (desks[0]->seqs, gint64, desks[0]->seqs->len - 1), ==, seq);
  }
  for (i = 0; i < G_N_ELEMENTS (desks); i++)
    desk_free (desks[i]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/live/refused-without-token", Fixture, NULL, fixture_setup, test_refused_without_token, fixture_teardown);
  g_test_add ("/live/current-seq-on-connect", Fixture, NULL, fixture_setup, test_current_seq_on_connect, fixture_teardown);
  g_test_add ("/live/new-seq-reaches-every-desk", Fixture, NULL, fixture_setup, test_new_seq_reaches_every_desk, fixture_teardown);
  g_test_add ("/live/stuck-client-does-not-block", Fixture, NULL, fixture_setup, test_stuck_client_does_not_block, fixture_teardown);
  g_test_add ("/live/api-write-within-200ms", Fixture, NULL, fixture_setup, test_api_write_within_200ms,
              fixture_teardown);
  return g_test_run ();
}
