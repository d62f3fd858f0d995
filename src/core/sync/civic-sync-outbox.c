/* civic-sync-outbox.c: reading an outbox entry's context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "civic-conflict.h"
#include "civic-error.h"
#include "civic-sync-engine-private.h"

void
civic_sync_item_prepare (const CivicOutboxItem *item,
                         SoupMessage           *msg)
{
}

gboolean
civic_sync_item_answered (CivicStore            *store,
                          const CivicOutboxItem *item,
                          JsonNode              *answer,
                          GError               **error)
{
  return TRUE;
}

gboolean
civic_sync_item_conflict_inputs (const CivicOutboxItem *item,
                                 JsonObject           **ours,
                                 JsonObject           **base,
                                 GError               **error)
{
  g_set_error_literal (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "no context");
  return FALSE;
}

gboolean
civic_sync_record_conflicts (CivicStore  *store,
                             const char  *request_id,
                             GPtrArray   *conflicts,
                             const char  *author,
                             GError     **error)
{
  guint i;

  for (i = 0; i < conflicts->len; i++)
    {
      CivicConflict *c = g_ptr_array_index (conflicts, i);
      g_autoptr(CivicCaseEvent) event = civic_case_event_new ();
      g_autofree char *body = g_strdup_printf (_("Your change to %s was not applied: someone else changed it first"),
                                               c->field);

      civic_case_event_set_case_id (event, request_id);
      civic_case_event_set_kind (event, CIVIC_CASE_EVENT_CONFLICT);
      civic_case_event_set_author (event, author);
      civic_case_event_set_body (event, body);
      civic_case_event_set_created (event, g_get_real_time () / G_USEC_PER_SEC);
      civic_case_event_set_old_value (event, c->server_value);
      civic_case_event_set_new_value (event, c->local_value);
      if (!civic_store_append_event (store, event, error))
        return FALSE;
    }
  return TRUE;
}
