/* civic-queue-bulk.c: bulk actions on the queue's multi-selection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-queue-bulk.h"

#include <glib/gi18n.h>

CivicBulkUndo *
civic_queue_bulk_apply (CivicStore             *store,
                        CivicSync              *sync,
                        GStrv                   request_ids,
                        const CivicBulkChange  *change,
                        const char             *author,
                        GError                **error)
{
  CivicBulkUndo *undo;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);
  g_return_val_if_fail (sync == NULL || CIVIC_IS_SYNC (sync), NULL);

  undo = civic_local_bulk_change (store, (const char * const *) request_ids, change, author, error);
  if (undo != NULL && sync != NULL)
    civic_sync_outbox_changed (sync);
  return undo;
}

gboolean
civic_queue_bulk_undo (CivicStore     *store,
                       CivicSync      *sync,
                       CivicBulkUndo  *undo,
                       const char     *author,
                       GError        **error)
{
  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);

  if (!civic_local_bulk_undo (store, undo, author, error))
    return FALSE;
  if (sync != NULL)
    civic_sync_outbox_changed (sync);
  return TRUE;
}

typedef struct
{
  AdwToastOverlay *overlay;   /* weak */
  CivicStore      *store;
  CivicSync       *sync;
  CivicBulkUndo   *undo;
  char            *author;
} ToastData;

static void
toast_data_free (gpointer data)
{
  ToastData *d = data;

  g_clear_weak_pointer (&d->overlay);
  g_clear_object (&d->store);
  g_clear_object (&d->sync);
  civic_bulk_undo_free (d->undo);
  g_free (d->author);
  g_free (d);
}

static void
undo_clicked_cb (AdwToast *toast,
                 gpointer  user_data)
{
  ToastData *d = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (civic_queue_bulk_undo (d->store, d->sync, d->undo, d->author, &error))
    title = g_strdup_printf (_("Undone: %s"), civic_bulk_undo_get_summary (d->undo));
  else
    title = g_strdup_printf (_("Could not undo: %s"), error->message);
  if (d->overlay != NULL)
    adw_toast_overlay_add_toast (d->overlay, adw_toast_new (title));
}

AdwToast *
civic_queue_bulk_toast_new (AdwToastOverlay *overlay,
                            CivicStore      *store,
                            CivicSync       *sync,
                            CivicBulkUndo   *undo,
                            const char      *author)
{
  AdwToast *toast;
  ToastData *d;

  g_return_val_if_fail (undo != NULL, NULL);

  toast = adw_toast_new (civic_bulk_undo_get_summary (undo));
  adw_toast_set_timeout (toast, 10);
  if (!civic_bulk_undo_can_undo (undo))
    {
      civic_bulk_undo_free (undo);
      return toast;
    }
  d = g_new0 (ToastData, 1);
  g_set_weak_pointer (&d->overlay, overlay);
  d->store = g_object_ref (store);
  d->sync = sync != NULL ? g_object_ref (sync) : NULL;
  d->undo = undo;
  d->author = g_strdup (author);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), d,
                         (GClosureNotify) (void (*) (void)) toast_data_free, 0);
  return toast;
}
