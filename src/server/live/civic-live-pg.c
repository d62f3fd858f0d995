/* civic-live-pg.c: hearing other processes' writes through LISTEN/NOTIFY
 *
 * Every write transaction on PostgreSQL ends with
 * pg_notify('civic_changes', seq) (civic-write.c), which the database
 * delivers at commit to every connection LISTENing on the channel. Each
 * server process keeps one such connection; its socket is watched from a
 * worker's main context (g_unix_fd_add), and each notification becomes a
 * civic_live_publish() — so a desk whose WebSocket is held by process B
 * hears a write handled by process A.
 *
 * When the connection drops (PostgreSQL restarted) it is opened again
 * every second; meanwhile the hub's slow poll of the sequence still
 * brings desks up to date, only later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib-unix.h>
#include <libpq-fe.h>

#include "civic-live-pg.h"

#define RECONNECT_MS 1000

struct _CivicLivePg
{
  CivicLive    *hub;
  char         *conninfo;
  GMainContext *context;
  PGconn       *pg;
  GSource      *watch;
  GSource      *retry;
};

static void schedule_retry (CivicLivePg *self);

static void
drop_connection (CivicLivePg *self)
{
  if (self->watch != NULL)
    {
      g_source_destroy (self->watch);
      g_clear_pointer (&self->watch, g_source_unref);
    }
  g_clear_pointer (&self->pg, PQfinish);
}

static gboolean
readable_cb (gint         fd,
             GIOCondition condition,
             gpointer     user_data)
{
  CivicLivePg *self = user_data;
  PGnotify *note;
  gint64 newest = 0;

  if (!PQconsumeInput (self->pg) || PQstatus (self->pg) != CONNECTION_OK)
    {
      g_warning ("The database connection that hears other processes' changes dropped (%s); "
                 "opening it again", PQerrorMessage (self->pg));
      g_clear_pointer (&self->watch, g_source_unref);
      g_clear_pointer (&self->pg, PQfinish);
      schedule_retry (self);
      return G_SOURCE_REMOVE;
    }
  while ((note = PQnotifies (self->pg)) != NULL)
    {
      gint64 seq = g_ascii_strtoll (note->extra, NULL, 10);

      newest = MAX (newest, seq);
      PQfreemem (note);
    }
  if (newest > 0)
    civic_live_publish (self->hub, newest);
  return G_SOURCE_CONTINUE;
}

static gboolean
try_connect (CivicLivePg *self)
{
  PGresult *res;

  self->pg = PQconnectdb (self->conninfo);
  if (PQstatus (self->pg) != CONNECTION_OK)
    {
      g_clear_pointer (&self->pg, PQfinish);
      return FALSE;
    }
  res = PQexec (self->pg, "LISTEN " CIVIC_LIVE_PG_CHANNEL);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      PQclear (res);
      g_clear_pointer (&self->pg, PQfinish);
      return FALSE;
    }
  PQclear (res);
  PQsetnonblocking (self->pg, 1);
  self->watch = g_unix_fd_source_new (PQsocket (self->pg), G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_static_name (self->watch, "civic-live LISTEN");
  g_source_set_callback (self->watch, (GSourceFunc) (void (*) (void)) readable_cb, self, NULL);
  g_source_attach (self->watch, self->context);
  return TRUE;
}

static gboolean
retry_cb (gpointer user_data)
{
  CivicLivePg *self = user_data;

  if (try_connect (self))
    {
      g_clear_pointer (&self->retry, g_source_unref);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
schedule_retry (CivicLivePg *self)
{
  if (self->retry != NULL)
    return;
  self->retry = g_timeout_source_new (RECONNECT_MS);
  g_source_set_static_name (self->retry, "civic-live LISTEN retry");
  g_source_set_callback (self->retry, retry_cb, self, NULL);
  g_source_attach (self->retry, self->context);
}

CivicLivePg *
civic_live_pg_start (CivicLive    *hub,
                     const char   *conninfo,
                     GMainContext *context)
{
  CivicLivePg *self = g_new0 (CivicLivePg, 1);

  self->hub = hub;
  self->conninfo = g_strdup (conninfo);
  self->context = g_main_context_ref (context);
  if (!try_connect (self))
    {
      g_warning ("Cannot LISTEN for other processes' changes yet; trying again every second");
      schedule_retry (self);
    }
  return self;
}

void
civic_live_pg_stop (CivicLivePg *self)
{
  if (self == NULL)
    return;
  drop_connection (self);
  if (self->retry != NULL)
    {
      g_source_destroy (self->retry);
      g_clear_pointer (&self->retry, g_source_unref);
    }
  g_main_context_unref (self->context);
  g_free (self->conninfo);
  g_free (self);
}
