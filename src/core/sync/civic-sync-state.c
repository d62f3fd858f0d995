/* civic-sync-state.c: reading the engine's state, and waiting for it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-sync-engine-private.h"

CivicSyncState
civic_sync_get_state (CivicSync *self)
{
  g_return_val_if_fail (CIVIC_IS_SYNC (self), CIVIC_SYNC_STATE_OFFLINE);
  return self->state;
}

const char *
civic_sync_get_message (CivicSync *self)
{
  g_return_val_if_fail (CIVIC_IS_SYNC (self), NULL);
  return self->message;
}

const char *
civic_sync_get_detail (CivicSync *self)
{
  g_return_val_if_fail (CIVIC_IS_SYNC (self), NULL);
  return self->detail;
}

double
civic_sync_get_progress (CivicSync *self)
{
  g_return_val_if_fail (CIVIC_IS_SYNC (self), -1);
  return self->progress;
}

guint
civic_sync_get_pending (CivicSync *self)
{
  g_return_val_if_fail (CIVIC_IS_SYNC (self), 0);
  return self->pending;
}

gint64
civic_sync_get_cursor (CivicSync *self)
{
  g_return_val_if_fail (CIVIC_IS_SYNC (self), 0);
  return self->cursor;
}

CivicStore *
civic_sync_get_store (CivicSync *self)
{
  g_return_val_if_fail (CIVIC_IS_SYNC (self), NULL);
  return self->store;
}

static gboolean
is_idle (CivicSync *self)
{
  if (self->running || self->live_connecting)
    return FALSE;
  if (self->state == CIVIC_SYNC_STATE_OFFLINE || self->state == CIVIC_SYNC_STATE_ERROR)
    return TRUE;
  return self->state == CIVIC_SYNC_STATE_ONLINE && self->run_source == 0 &&
         self->pending == 0 && self->cursor >= self->server_seq;
}

static gboolean
wait_timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
civic_sync_wait_idle (CivicSync *self,
                      guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  GSource *timeout;

  g_return_val_if_fail (CIVIC_IS_SYNC (self), FALSE);

  timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (timeout, wait_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, self->context);
  while (!timed_out && !is_idle (self))
    g_main_context_iteration (self->context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  return !timed_out;
}
