/* civic-map-queue.c: what the map hands to the queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-map-queue.h"

guint
civic_map_select_in_queue (CivicQueueView *queue,
                           GArray         *ids)
{
  CivicCaseListModel *model = civic_queue_view_get_model (queue);
  GtkSelectionModel *selection = civic_queue_view_get_selection (queue);
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GtkBitset) selected = gtk_bitset_new_empty ();
  g_autoptr(GtkBitset) mask = NULL;
  guint n;

  g_return_val_if_fail (CIVIC_IS_QUEUE_VIEW (queue), 0);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    g_hash_table_add (wanted, &g_array_index (ids, gint64, i));
  /* one walk over the listed ids (in memory), not a search per case */
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint position = 0; position < n; position++)
    {
      gint64 id = civic_case_list_model_get_id (model, position);

      if (g_hash_table_contains (wanted, &id))
        gtk_bitset_add (selected, position);
    }
  mask = gtk_bitset_new_range (0, n);
  gtk_selection_model_set_selection (selection, selected, mask);
  return (guint) gtk_bitset_get_size (selected);
}
