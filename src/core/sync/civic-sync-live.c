/* civic-sync-live.c: the /api/v1/live WebSocket
 *
 * The socket only carries nudges ({"seq": N}); the data always comes
 * through a pull, so a lost message costs nothing but latency and a lost
 * socket only means we fall back to the next nudge we get after
 * reconnecting (which always starts with a catch-up pull). Reconnects back
 * off 1 s, 2 s, 4 s … 60 s and reset once a socket opens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-sync-engine-private.h"

static void live_schedule_reconnect (CivicSync *self);

static void
live_message_cb (SoupWebsocketConnection *ws,
                 gint                     type,
                 GBytes                  *message,
                 CivicSync               *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  gint64 seq;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;
  /* a few bytes: parsing here costs nothing */
  if (!json_parser_load_from_data (parser, g_bytes_get_data (message, NULL),
                                   (gssize) g_bytes_get_size (message), NULL))
    return;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  seq = json_object_get_int_member_with_default (json_node_get_object (root), "seq", -1);
  if (seq >= 0)
    civic_sync_server_seq (self, seq);
}

static void
live_closed_cb (SoupWebsocketConnection *ws,
                CivicSync               *self)
{
  if (self->live != ws)
    return;
  g_signal_handlers_disconnect_by_data (ws, self);
  g_clear_object (&self->live);
  civic_sync_live_state (self, FALSE);
  live_schedule_reconnect (self);
  /* the service may be gone: a run tells offline from a dropped socket */
  civic_sync_schedule_run (self, 0);
}

static void
live_connected_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) ws = NULL;
  guint64 *generation = user_data;
  CivicSync *self;

  ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_free (generation);
      return;
    }
  /* the session outlives nothing it serves: its user data is the sync */
  self = g_object_get_data (source, "civic-sync");
  if (self == NULL || *generation != self->live_generation)
    {
      g_free (generation);
      if (ws != NULL)
        soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      return;
    }
  g_free (generation);
  self->live_connecting = FALSE;

  if (ws == NULL)
    {
      g_debug ("live socket: %s", error->message);
      live_schedule_reconnect (self);
      return;
    }

  self->live = g_steal_pointer (&ws);
  self->live_backoff_s = CIVIC_SYNC_BACKOFF_MIN_S;
  /* the server pings every 30 s; drop a socket silent for twice that */
  soup_websocket_connection_set_keepalive_interval (self->live, 30);
  g_signal_connect (self->live, "message", G_CALLBACK (live_message_cb), self);
  g_signal_connect (self->live, "closed", G_CALLBACK (live_closed_cb), self);
  civic_sync_live_state (self, TRUE);
}

static gboolean
live_reconnect_cb (gpointer data)
{
  CivicSync *self = data;

  self->live_source = 0;
  civic_sync_live_connect (self);
  return G_SOURCE_REMOVE;
}

static void
live_schedule_reconnect (CivicSync *self)
{
  guint delay = self->live_backoff_s;

  if (!self->started || self->token == NULL || self->live_source != 0)
    return;
  self->live_backoff_s = MIN (self->live_backoff_s * 2, CIVIC_SYNC_BACKOFF_MAX_S);
  self->live_source = g_timeout_add_seconds (MAX (delay, CIVIC_SYNC_BACKOFF_MIN_S), live_reconnect_cb, self);
}

void
civic_sync_live_connect (CivicSync *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  g_autofree char *bearer = NULL;
  guint64 *generation;

  if (!self->started || self->token == NULL || self->live != NULL || self->live_connecting)
    return;

  url = g_strconcat (self->base_url, "api/v1/live", NULL);
  msg = soup_message_new (SOUP_METHOD_GET, url);
  if (msg == NULL)
    return;
  bearer = g_strconcat ("Bearer ", self->token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);

  g_object_set_data (G_OBJECT (self->session), "civic-sync", self);
  self->live_connecting = TRUE;
  generation = g_new (guint64, 1);
  *generation = ++self->live_generation;
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, live_connected_cb, generation);
}

void
civic_sync_live_close (CivicSync *self)
{
  g_clear_handle_id (&self->live_source, g_source_remove);
  /* a connect in flight finds a newer generation and closes itself */
  self->live_generation++;
  self->live_connecting = FALSE;
  if (self->live != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->live, self);
      if (soup_websocket_connection_get_state (self->live) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->live, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->live);
    }
}
