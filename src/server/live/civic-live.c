/* civic-live.c: fan-out of the change sequence to WebSocket clients
 *
 * Each worker thread owns the clients its SoupServer accepted; only that
 * thread touches them. civic_live_publish() (any thread) records the new
 * number in each worker's mailbox and, unless one is already due, attaches
 * one flush source to the worker's main context. The flush sends the
 * newest number to every client at most once per CIVIC_LIVE_COALESCE_MS,
 * so a bulk of writes costs one message per client, not one per write.
 *
 * Sending never blocks: libsoup queues frames and writes them when the
 * socket is writable. A client whose socket stays full (it stopped
 * reading, or its network vanished) is dropped, so its queue cannot grow
 * without bound and the others never wait for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include "civic-live.h"
#include "civic-live-pg.h"
#include "auth/civic-auth.h"
#include "civic-write.h"

/* Writes from other processes (the command line, imports) reach SQLite
 * without passing through our seq listener; a cheap read of the sequence
 * catches them. On PostgreSQL, LISTEN/NOTIFY (civic-live-pg.c) brings
 * other processes' writes at once; the poll stays, slower, as a backstop
 * for a notification lost while that connection was being reopened. */
#define POLL_INTERVAL_MS    250
#define PG_POLL_INTERVAL_MS 2000
#define USER_KEY "civic-live-user"

typedef struct _LiveWorker LiveWorker;

typedef struct
{
  LiveWorker              *lw;
  SoupWebsocketConnection *conn;
  char                    *username;
  gulong                   closed_id;
  gulong                   message_id;
  gint64                   sent_seq;
  gint64                   stalled_since;  /* monotonic µs; 0 when the socket takes data */
} LiveClient;

struct _LiveWorker
{
  CivicLive    *hub;
  CivicWorker  *worker;
  GMainContext *context;
  GPtrArray    *clients;      /* LiveClient; the worker thread only */
  GSource      *poll;         /* worker 0 only */
  CivicLivePg  *listener;     /* worker 0 only, PostgreSQL only */

  GMutex        lock;         /* guards the mailbox below */
  gint64        pending;
  gboolean      scheduled;
  gboolean      gone;
  gint64        last_flush;   /* monotonic µs */
};

struct _CivicLive
{
  CivicServer *server;
  GMutex       lock;
  GPtrArray   *workers;       /* LiveWorker, one reference each */
  gint64       latest;
  gint         n_clients;     /* atomic */
};

/* ---- workers' lifetime -------------------------------------------------- */

static void
live_worker_clear (gpointer data)
{
  LiveWorker *lw = data;

  g_clear_pointer (&lw->clients, g_ptr_array_unref);
  g_main_context_unref (lw->context);
  g_mutex_clear (&lw->lock);
}

static LiveWorker *
live_worker_ref (LiveWorker *lw)
{
  return g_atomic_rc_box_acquire (lw);
}

static void
live_worker_unref (gpointer lw)
{
  g_atomic_rc_box_release_full (lw, live_worker_clear);
}

/* ---- clients ------------------------------------------------------------ */

static void
client_free (gpointer data)
{
  LiveClient *client = data;

  g_clear_signal_handler (&client->closed_id, client->conn);
  g_clear_signal_handler (&client->message_id, client->conn);
  if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  g_object_unref (client->conn);
  g_free (client->username);
  g_atomic_int_dec_and_test (&client->lw->hub->n_clients);
  g_free (client);
}

static void
client_closed_cb (SoupWebsocketConnection *conn,
                  gpointer                 user_data)
{
  LiveClient *client = user_data;

  g_ptr_array_remove_fast (client->lw->clients, client);
}

/* The socket is only for us to speak; anything a client says is ignored
 * (libsoup answers pings and closes itself). */
static void
client_message_cb (SoupWebsocketConnection *conn,
                   gint                     type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
}

/* FALSE when the client has not taken data for too long. */
static gboolean
client_keeps_up (LiveClient *client,
                 gint64      now)
{
  GIOStream *io = soup_websocket_connection_get_io_stream (client->conn);
  GOutputStream *out = io != NULL ? g_io_stream_get_output_stream (io) : NULL;

  if (out == NULL || !G_IS_POLLABLE_OUTPUT_STREAM (out) ||
      g_pollable_output_stream_is_writable (G_POLLABLE_OUTPUT_STREAM (out)))
    {
      client->stalled_since = 0;
      return TRUE;
    }
  if (client->stalled_since == 0)
    client->stalled_since = now;
  return now - client->stalled_since < CIVIC_LIVE_STALL_LIMIT_S * G_USEC_PER_SEC;
}

/* Sends @seq unless the client has it; FALSE when the client was dropped. */
static gboolean
client_send (LiveClient *client,
             gint64      seq,
             gint64      now)
{
  char text[48];

  if (client->sent_seq >= seq)
    return TRUE;
  if (soup_websocket_connection_get_state (client->conn) != SOUP_WEBSOCKET_STATE_OPEN)
    return FALSE;
  if (!client_keeps_up (client, now))
    {
      g_message ("live: dropping %s, who has read nothing for %d s",
                 client->username, CIVIC_LIVE_STALL_LIMIT_S);
      return FALSE;
    }
  g_snprintf (text, sizeof text, "{\"seq\": %" G_GINT64_FORMAT "}", seq);
  soup_websocket_connection_send_text (client->conn, text);
  client->sent_seq = seq;
  return TRUE;
}

/* ---- fan-out ------------------------------------------------------------ */

static gboolean
flush_cb (gpointer data)
{
  LiveWorker *lw = data;
  gint64 now = g_get_monotonic_time ();
  gint64 seq;
  guint i;

  g_mutex_lock (&lw->lock);
  seq = lw->pending;
  lw->scheduled = FALSE;
  lw->last_flush = now;
  g_mutex_unlock (&lw->lock);

  for (i = 0; lw->clients != NULL && i < lw->clients->len;)
    {
      LiveClient *client = g_ptr_array_index (lw->clients, i);

      if (client_send (client, seq, now))
        i++;
      else
        g_ptr_array_remove_index_fast (lw->clients, i);
    }
  return G_SOURCE_REMOVE;
}

/* Any thread. The lock order is hub, then worker. */
static void
live_worker_post (LiveWorker *lw,
                  gint64      seq)
{
  gint64 delay_us = -1;

  g_mutex_lock (&lw->lock);
  if (seq > lw->pending)
    lw->pending = seq;
  if (!lw->scheduled && !lw->gone)
    {
      lw->scheduled = TRUE;
      delay_us = MAX (0, lw->last_flush + CIVIC_LIVE_COALESCE_MS * 1000 - g_get_monotonic_time ());
    }
  g_mutex_unlock (&lw->lock);

  if (delay_us >= 0)
    {
      g_autoptr(GSource) source = delay_us > 0 ? g_timeout_source_new ((guint) ((delay_us + 999) / 1000))
                                               : g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (source, "civic-live flush");
      g_source_set_callback (source, flush_cb, live_worker_ref (lw), live_worker_unref);
      g_source_attach (source, lw->context);
    }
}

void
civic_live_publish (CivicLive *hub,
                    gint64     seq)
{
  guint i;

  g_mutex_lock (&hub->lock);
  if (seq > hub->latest)
    {
      hub->latest = seq;
      for (i = 0; i < hub->workers->len; i++)
        live_worker_post (g_ptr_array_index (hub->workers, i), seq);
    }
  g_mutex_unlock (&hub->lock);
}

guint
civic_live_get_n_clients (CivicLive *hub)
{
  return (guint) g_atomic_int_get (&hub->n_clients);
}

static gint64
hub_latest (CivicLive *hub)
{
  gint64 latest;

  g_mutex_lock (&hub->lock);
  latest = hub->latest;
  g_mutex_unlock (&hub->lock);
  return latest;
}

static void
seq_listener (CivicServer *server,
              gint64       seq,
              gpointer     user_data)
{
  civic_live_publish (user_data, seq);
}

static gboolean
poll_cb (gpointer data)
{
  LiveWorker *lw = data;
  gint64 seq = civic_write_current_seq (civic_worker_get_conn (lw->worker), NULL);

  if (seq > 0)
    civic_live_publish (lw->hub, seq);
  return G_SOURCE_CONTINUE;
}

/* ---- the endpoint ------------------------------------------------------- */

/* This path has its own libsoup handler, so the server's early body check
 * does not run here: a WebSocket upgrade has no body, and anything that
 * brings one is refused before it is read. */
static void
live_early_cb (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED ||
      (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
       soup_message_headers_get_content_length (headers) > 0))
    civic_http_refuse_connection (msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                  CIVIC_LIVE_PATH " takes no request body; open it as a WebSocket (GET)");
}

/* Plain HTTP part of the upgrade: checks the token before libsoup answers
 * the handshake. Browsers cannot set headers on a WebSocket, so the token
 * may also come as ?token=. */
static void
live_http_cb (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  LiveWorker *lw = user_data;
  CivicRequest req = {
    .msg = msg,
    .method = soup_server_message_get_method (msg),
    .path = path,
    .query = query,
    .server = lw->hub->server,
    .worker = lw->worker,
    .conn = civic_worker_get_conn (lw->worker),
  };
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(CivicAuthUser) user = NULL;
  const char *token = civic_request_query (&req, "token");
  const char *upgrade;

  if (g_strcmp0 (path, CIVIC_LIVE_PATH) != 0)
    {
      civic_reply_error (&req, SOUP_STATUS_NOT_FOUND, "Nothing is served at %s", path);
      return;
    }
  if (g_strcmp0 (req.method, "GET") != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET");
      civic_reply_error (&req, SOUP_STATUS_METHOD_NOT_ALLOWED,
                         "%s is not allowed on %s; open it as a WebSocket", req.method, path);
      return;
    }
  if (soup_message_headers_get_one (headers, "Authorization") == NULL && token != NULL &&
      strlen (token) <= 128)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (!civic_auth_authenticate (&req, &user))
    return;   /* replied 401 */

  upgrade = soup_message_headers_get_one (headers, "Upgrade");
  if (upgrade == NULL || g_ascii_strcasecmp (upgrade, "websocket") != 0)
    {
      civic_reply_error (&req, SOUP_STATUS_BAD_REQUEST,
                         "%s sends live updates over a WebSocket; connect with “Upgrade: websocket”",
                         path);
      return;
    }
  /* libsoup completes the handshake after this returns */
  g_object_set_data_full (G_OBJECT (msg), USER_KEY, g_strdup (user->username), g_free);
}

static void
websocket_cb (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  LiveWorker *lw = user_data;
  LiveClient *client = g_new0 (LiveClient, 1);
  gint64 seq;

  client->lw = lw;
  client->conn = g_object_ref (conn);
  client->username = g_strdup (g_object_get_data (G_OBJECT (msg), USER_KEY));
  client->sent_seq = -1;
  soup_websocket_connection_set_keepalive_interval (conn, CIVIC_LIVE_KEEPALIVE_S);
  soup_websocket_connection_set_max_incoming_payload_size (conn, 4096);
  client->closed_id = g_signal_connect (conn, "closed", G_CALLBACK (client_closed_cb), client);
  client->message_id = g_signal_connect (conn, "message", G_CALLBACK (client_message_cb), client);
  g_atomic_int_inc (&lw->hub->n_clients);
  g_ptr_array_add (lw->clients, client);

  /* The newest of what the database says and what was announced: a write
   * committed a moment ago may not have been published yet, or the other
   * way round. */
  seq = MAX (civic_write_current_seq (civic_worker_get_conn (lw->worker), NULL), hub_latest (lw->hub));
  if (!client_send (client, MAX (seq, 0), g_get_monotonic_time ()))
    g_ptr_array_remove_fast (lw->clients, client);
}

/* The worker's SoupServer is gone (the server stops): its clients go too. */
static void
soup_gone_cb (gpointer  data,
              GObject  *where_the_object_was)
{
  LiveWorker *lw = live_worker_ref (data);
  CivicLive *hub = lw->hub;

  g_mutex_lock (&hub->lock);
  g_mutex_lock (&lw->lock);
  lw->gone = TRUE;
  g_mutex_unlock (&lw->lock);
  g_ptr_array_remove (hub->workers, lw);
  g_mutex_unlock (&hub->lock);

  if (lw->poll != NULL)
    {
      g_source_destroy (lw->poll);
      g_clear_pointer (&lw->poll, g_source_unref);
    }
  g_clear_pointer (&lw->listener, civic_live_pg_stop);
  g_ptr_array_set_size (lw->clients, 0);
  live_worker_unref (lw);
}

/* On the worker's thread, before it listens. */
static void
worker_hook (CivicServer *server,
             CivicWorker *worker,
             SoupServer  *soup,
             gpointer     user_data)
{
  CivicLive *hub = user_data;
  LiveWorker *lw = g_atomic_rc_box_new0 (LiveWorker);

  lw->hub = hub;
  lw->worker = worker;
  lw->context = g_main_context_ref (civic_worker_get_context (worker));
  lw->clients = g_ptr_array_new_with_free_func (client_free);
  g_mutex_init (&lw->lock);

  soup_server_add_early_handler (soup, CIVIC_LIVE_PATH, live_early_cb, lw, NULL);
  soup_server_add_handler (soup, CIVIC_LIVE_PATH, live_http_cb, lw, NULL);
  soup_server_add_websocket_handler (soup, CIVIC_LIVE_PATH, NULL, NULL, websocket_cb, lw, NULL);
  g_object_weak_ref (G_OBJECT (soup), soup_gone_cb, lw);

  if (civic_worker_get_index (worker) == 0)
    {
      gboolean pg = g_strcmp0 (civic_db_get_backend_name (civic_server_get_db (server)), "postgres") == 0;

      if (pg)
        lw->listener = civic_live_pg_start (hub, civic_server_get_config (server)->db_uri, lw->context);
      lw->poll = g_timeout_source_new (pg ? PG_POLL_INTERVAL_MS : POLL_INTERVAL_MS);
      g_source_set_static_name (lw->poll, "civic-live poll");
      g_source_set_callback (lw->poll, poll_cb, lw, NULL);
      g_source_attach (lw->poll, lw->context);
    }

  g_mutex_lock (&hub->lock);
  g_ptr_array_add (hub->workers, lw);   /* the hub holds the first reference */
  g_mutex_unlock (&hub->lock);
}

CivicLive *
civic_live_register (CivicServer *server)
{
  CivicLive *hub = g_new0 (CivicLive, 1);

  hub->server = server;
  g_mutex_init (&hub->lock);
  hub->workers = g_ptr_array_new_with_free_func (live_worker_unref);
  civic_server_add_worker_hook (server, worker_hook, hub);
  civic_server_add_seq_listener (server, seq_listener, hub);
  return hub;
}
