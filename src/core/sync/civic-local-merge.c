/* civic-local-merge.c: merging a duplicate case, offline first
 *
 * Mirrors POST /api/v1/cases/{id}/merge (src/server/api/
 * civic-api-cases-merge.c) in the replica, so the clerk sees the merge
 * at once; the push answer (both cases as the service has them) and the
 * next pull (the service's events) replace the provisional rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-local-merge.h"

#include "civic-case-private.h"
#include "civic-error.h"
#include "civic-local-private.h"
#include "civic-store-private.h"

/* the server's words, so the note reads the same before and after sync */
static char *
reporter_line (CivicCase *dup)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const char *name = civic_case_get_reporter_name (dup);
  const char *email = civic_case_get_reporter_email (dup);
  const char *phone = civic_case_get_reporter_phone (dup);

  if (name != NULL && *name != '\0')
    g_string_append (s, name);
  if (email != NULL && *email != '\0')
    g_string_append_printf (s, "%s<%s>", s->len > 0 ? " " : "", email);
  if (phone != NULL && *phone != '\0')
    g_string_append_printf (s, "%s%s", s->len > 0 ? ", " : "", phone);
  if (s->len == 0)
    return NULL;
  return g_strdup_printf ("Also reported by %s (from %s, merged into this case)", s->str,
                          civic_case_get_service_request_id (dup));
}

static gboolean
check_merge (CivicCase  *dup,
             CivicCase  *into,
             GError    **error)
{
  const char *dup_id = civic_case_get_service_request_id (dup);
  const char *into_id = civic_case_get_service_request_id (into);

  if (g_str_equal (dup_id, into_id))
    g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "A case cannot be merged into itself.");
  else if (civic_case_get_duplicate_of (dup) != NULL)
    g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "%s was already merged into %s.", dup_id,
                 civic_case_get_duplicate_of (dup));
  else if (civic_case_get_duplicate_of (into) != NULL)
    g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "%s was itself merged into %s; merge into %s instead.",
                 into_id, civic_case_get_duplicate_of (into), civic_case_get_duplicate_of (into));
  else if (civic_case_get_state (into) == CIVIC_CASE_STATE_CLOSED)
    g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "%s is closed; merge into a case that is still open.",
                 into_id);
  else
    return TRUE;
  return FALSE;
}

gboolean
civic_local_merge_case (CivicStore  *store,
                        const char  *duplicate_id,
                        const char  *original_id,
                        const char  *author,
                        GError     **error)
{
  g_autoptr(CivicCase) dup = NULL;
  g_autoptr(CivicCase) into = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) context = json_object_new ();
  g_autoptr(JsonObject) base = json_object_new ();
  g_autoptr(JsonArray) events = json_array_new ();
  g_autofree char *notes = NULL;
  g_autofree char *reporter = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  const char *old_state;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (duplicate_id != NULL && original_id != NULL, FALSE);

  dup = civic_store_get_case (store, duplicate_id, error);
  if (dup == NULL)
    return FALSE;
  into = civic_store_get_case (store, original_id, error);
  if (into == NULL || !check_merge (dup, into, error))
    return FALSE;

  old_state = civic_enum_to_nick (CIVIC_TYPE_CASE_STATE, civic_case_get_state (dup));
  json_object_set_member (base, "state", civic_local_case_field (dup, "state"));
  json_object_set_member (base, "status_notes", civic_local_case_field (dup, "status_notes"));
  notes = g_strdup_printf ("Duplicate of %s", original_id);
  reporter = reporter_line (dup);

  civic_case_set_state (dup, CIVIC_CASE_STATE_CLOSED);
  civic_case_set_status_notes (dup, notes);
  civic_case_set_duplicate_of (dup, original_id);
  json_object_set_int_member (context, "base_closed", civic_case_get_closed_datetime (dup));
  if (civic_case_get_closed_datetime (dup) == 0)
    civic_case_set_closed_datetime (dup, now);
  civic_case_set_updated_datetime (dup, now);
  civic_case_set_updated_datetime (into, now);

  escaped = g_uri_escape_string (duplicate_id, NULL, FALSE);
  path = g_strconcat ("/api/v1/cases/", escaped, "/merge", NULL);
  json_object_set_string_member (body, "into", original_id);
  json_object_set_string_member (context, "kind", "merge");
  json_object_set_string_member (context, "request_id", duplicate_id);
  json_object_set_string_member (context, "into", original_id);
  json_object_set_object_member (context, "base", json_object_ref (base));

  if (!civic_store_begin (store, error))
    return FALSE;
  if (!civic_store_put_case (store, dup, error) || !civic_store_put_case (store, into, error))
    goto fail;
  if ((id = civic_local_add_event (store, duplicate_id, CIVIC_CASE_EVENT_MERGED, author, notes, old_state, original_id,
                       error)) == 0)
    goto fail;
  json_array_add_int_element (events, id);
  if ((id = civic_local_add_event (store, original_id, CIVIC_CASE_EVENT_MERGED, author, "", duplicate_id, original_id,
                       error)) == 0)
    goto fail;
  json_array_add_int_element (events, id);
  if (reporter != NULL)
    {
      if ((id = civic_local_add_event (store, original_id, CIVIC_CASE_EVENT_INTERNAL_NOTE, author, reporter, NULL, NULL,
                           error)) == 0)
        goto fail;
      json_array_add_int_element (events, id);
    }
  json_object_set_array_member (context, "local_event_ids", json_array_ref (events));
  if (civic_local_enqueue (store, "POST", path, body, context, error) == 0)
    goto fail;
  return civic_store_commit (store, error);

fail:
  civic_store_rollback (store);
  return FALSE;
}

gboolean
civic_local_merge_undo (CivicStore  *store,
                        JsonObject  *context,
                        GError     **error)
{
  const char *request_id = json_object_get_string_member_with_default (context, "request_id", NULL);
  JsonObject *base = json_object_has_member (context, "base") ? json_object_get_object_member (context, "base")
                                                               : NULL;
  JsonArray *events = json_object_has_member (context, "local_event_ids")
                        ? json_object_get_array_member (context, "local_event_ids") : NULL;
  g_autoptr(CivicCase) c = NULL;

  for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
    {
      sqlite3_stmt *stmt = civic_store_prepare (store, "DELETE FROM case_events WHERE id = ? AND server_id IS NULL",
                                                error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, json_array_get_int_element (events, i));
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          civic_store_set_error (store, rc, error);
          return FALSE;
        }
    }
  if (request_id == NULL || base == NULL || (c = civic_store_get_case (store, request_id, NULL)) == NULL)
    return TRUE;
  if (!civic_local_set_case_field (c, "state", json_object_get_member (base, "state"), error) ||
      !civic_local_set_case_field (c, "status_notes", json_object_get_member (base, "status_notes"), error))
    return FALSE;
  civic_case_set_duplicate_of (c, NULL);
  civic_case_set_closed_datetime (c, json_object_get_int_member_with_default (context, "base_closed", 0));
  return civic_store_put_case (store, c, error);
}
