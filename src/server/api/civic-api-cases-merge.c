/* civic-api-cases-merge.c: merge a duplicate, change many cases at once
 *
 * Who may merge: a manager or admin, any case; an advocate, a case that
 * is still open (advocates take reports in and spot duplicates first; a
 * closed case has been dealt with and only a manager rewrites that).
 * Staff may not merge. The target must exist, be open and not itself a
 * duplicate, so merges never form chains or loops.
 *
 * Bulk: the same rules as PATCH for every case, in one transaction; the
 * first unknown or forbidden case refuses the whole request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-api-cases-private.h"
#include "auth/civic-auth.h"
#include "civic-error.h"
#include "model/civic-case-record.h"
#include "model/civic-notify.h"

/* ---- POST /api/v1/cases/{id}/merge ----------------------------------- */

typedef struct
{
  const char *request_id;
  const char *into;
} Merge;

static gboolean
touch_case (CivicWrite  *w,
            gint64       id,
            GError     **error)
{
  CivicDbStmt *stmt = civic_db_prepare (w->conn, "UPDATE cases SET updated = ?2, seq = ?3 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, id);
  civic_db_bind_int64 (stmt, 2, w->now);
  civic_db_bind_int64 (stmt, 3, w->seq);
  return civic_db_run (stmt, error);
}

static char *
reporter_line (const CivicCaseRow *dup)
{
  g_autoptr(GString) s = g_string_new (NULL);

  if (dup->reporter_name != NULL && *dup->reporter_name != '\0')
    g_string_append (s, dup->reporter_name);
  if (dup->reporter_email != NULL && *dup->reporter_email != '\0')
    g_string_append_printf (s, "%s<%s>", s->len > 0 ? " " : "", dup->reporter_email);
  if (dup->reporter_phone != NULL && *dup->reporter_phone != '\0')
    g_string_append_printf (s, "%s%s", s->len > 0 ? ", " : "", dup->reporter_phone);
  if (s->len == 0)
    return NULL;
  return g_strdup_printf ("Also reported by %s (from %s, merged into this case)", s->str, dup->request_id);
}

static char *
merge_audit (const char *state,
             const char *status_notes,
             const char *duplicate_of)
{
  GString *s = g_string_new (NULL);
  CivicJsonWriter jw;

  civic_json_writer_init (&jw, s);
  civic_json_begin_object (&jw);
  civic_json_member_string (&jw, "state", state);
  civic_json_member_string (&jw, "status_notes", status_notes);
  civic_json_member_string (&jw, "duplicate_of", duplicate_of);
  civic_json_end_object (&jw);
  return g_string_free (s, FALSE);
}

static gboolean
merge_write (CivicWrite  *w,
             gpointer     data,
             GError     **error)
{
  Merge *m = data;
  g_autoptr(CivicCaseRow) dup = civic_case_row_load (w->conn, m->request_id, error);
  g_autoptr(CivicCaseRow) into = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *reporter = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *summary = NULL;
  CivicDbStmt *stmt;
  CivicJsonWriter jw;

  if (dup == NULL || !civic_case_may (w->req->user, dup, CIVIC_CASE_ACT_MERGE, NULL, error))
    return FALSE;
  if (g_str_equal (dup->request_id, m->into))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "A case cannot be merged into itself");
      return FALSE;
    }
  if (dup->duplicate_of != NULL)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "%s was already merged into %s",
                   dup->request_id, dup->duplicate_of);
      return FALSE;
    }
  into = civic_case_row_load (w->conn, m->into, &local_error);
  if (into == NULL)
    {
      if (g_error_matches (local_error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND))
        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "There is no case %s to merge into", m->into);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (into->duplicate_of != NULL)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "%s was itself merged into %s; merge into %s instead", into->request_id, into->duplicate_of,
                   into->duplicate_of);
      return FALSE;
    }
  if (g_strcmp0 (into->state, "closed") == 0)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "%s is closed; merge into a case that is still open",
                   into->request_id);
      return FALSE;
    }

  notes = g_strdup_printf ("Duplicate of %s", into->request_id);
  stmt = civic_db_prepare (w->conn,
                           "UPDATE cases SET state = 'closed', status_notes = ?2, duplicate_of = ?3,"
                           " closed = COALESCE(closed, ?4), updated = ?4, seq = ?5, version = version + 1 "
                           "WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, dup->id);
  civic_db_bind_text (stmt, 2, notes);
  civic_db_bind_text (stmt, 3, into->request_id);
  civic_db_bind_int64 (stmt, 4, w->now);
  civic_db_bind_int64 (stmt, 5, w->seq);
  if (!civic_db_run (stmt, error) ||
      !civic_case_add_event (w, dup->id, "merged", notes, dup->state, into->request_id, TRUE, error) ||
      !civic_case_add_event (w, into->id, "merged", "", dup->request_id, into->request_id, FALSE, error) ||
      !touch_case (w, into->id, error))
    return FALSE;
  /* the original's team must be able to call the second reporter back */
  reporter = reporter_line (dup);
  if (reporter != NULL && !civic_case_add_event (w, into->id, "note", reporter, NULL, NULL, FALSE, error))
    return FALSE;

  before = merge_audit (dup->state, dup->status_notes, NULL);
  after = merge_audit ("closed", notes, into->request_id);
  civic_write_audit (w, "merge", "case", dup->request_id, before, after);
  civic_write_audit (w, "merge-into", "case", into->request_id, NULL, NULL);
  summary = g_strdup_printf ("merged into %s by %s", into->request_id, w->actor);
  if (!civic_notify_case_change (w, dup->id, dup->request_id, summary, error))
    return FALSE;
  g_free (summary);
  summary = g_strdup_printf ("%s merged into it by %s", dup->request_id, w->actor);
  if (!civic_notify_case_change (w, into->id, into->request_id, summary, error))
    return FALSE;

  civic_json_writer_init (&jw, w->body);
  civic_json_begin_object (&jw);
  civic_json_key (&jw, "case");
  if (!civic_case_write_current (w->conn, &jw, dup->request_id, error))
    return FALSE;
  civic_json_key (&jw, "into");
  if (!civic_case_write_current (w->conn, &jw, into->request_id, error))
    return FALSE;
  civic_json_end_object (&jw);
  return TRUE;
}

void
civic_api_cases_merge (CivicRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  Merge m = { .request_id = civic_request_param (req, 0) };

  if (!civic_auth_require_role (req, "advocate", "merge duplicate cases"))
    return;
  body = civic_request_json_object (req);
  if (body == NULL)
    return;
  if (!civic_body_string (body, "into", 100, &m.into, &error))
    {
      civic_reply_gerror (req, error);
      return;
    }
  if (m.into == NULL || *m.into == '\0')
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "Say which case this one duplicates: {\"into\": \"311-…\"}");
      return;
    }
  civic_write_run_request (req, merge_write, &m);
}

/* ---- POST /api/v1/cases/bulk ----------------------------------------- */

typedef struct
{
  GPtrArray        *ids;
  CivicCaseChanges  changes;
} Bulk;

static gboolean
bulk_write (CivicWrite  *w,
            gpointer     data,
            GError     **error)
{
  Bulk *b = data;
  CivicJsonWriter jw;
  guint i;

  for (i = 0; i < b->ids->len; i++)
    {
      const char *id = g_ptr_array_index (b->ids, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(CivicCaseRow) row = civic_case_row_load (w->conn, id, &local_error);

      if (row == NULL && g_error_matches (local_error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND))
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "There is no case %s; nothing was changed", id);
          return FALSE;
        }
      if (row == NULL || !civic_case_apply_changes (w, w->req->user, row, &b->changes, &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "Nothing was changed: ");
          return FALSE;
        }
    }

  civic_json_writer_init (&jw, w->body);
  civic_json_begin_object (&jw);
  civic_json_member_int (&jw, "count", b->ids->len);
  civic_json_key (&jw, "cases");
  civic_json_begin_array (&jw);
  for (i = 0; i < b->ids->len; i++)
    if (!civic_case_write_current (w->conn, &jw, g_ptr_array_index (b->ids, i), error))
      return FALSE;
  civic_json_end_array (&jw);
  civic_json_end_object (&jw);
  return TRUE;
}

static gboolean
parse_bulk (JsonObject  *body,
            Bulk        *b,
            GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (body);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *ids = json_object_get_member (body, "ids");
  JsonNode *changes = json_object_get_member (body, "changes");
  JsonArray *array;

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "ids") && !g_str_equal (l->data, "changes"))
      {
        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                     "“%s” is not part of a bulk change; send {\"ids\": [...], \"changes\": {...}}",
                     (const char *) l->data);
        return FALSE;
      }
  if (ids == NULL || !JSON_NODE_HOLDS_ARRAY (ids) || json_array_get_length (json_node_get_array (ids)) == 0)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "List the cases to change in “ids”");
      return FALSE;
    }
  array = json_node_get_array (ids);
  if (json_array_get_length (array) > CIVIC_CASE_MAX_BULK)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "A bulk change takes at most %d cases; this one lists %u",
                   CIVIC_CASE_MAX_BULK, json_array_get_length (array));
      return FALSE;
    }
  b->ids = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *id;

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING ||
          *(id = json_node_get_string (item)) == '\0' || strlen (id) > 100)
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "Every item of “ids” must be a case number like 311-2026-000123");
          return FALSE;
        }
      if (g_hash_table_add (seen, (gpointer) id))
        g_ptr_array_add (b->ids, (gpointer) id);
    }
  if (changes == NULL || !JSON_NODE_HOLDS_OBJECT (changes) ||
      json_object_get_size (json_node_get_object (changes)) == 0)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "Say what to change in “changes”");
      return FALSE;
    }
  return civic_case_changes_parse (json_node_get_object (changes), TRUE, &b->changes, error);
}

void
civic_api_cases_bulk (CivicRequest *req)
{
  g_autoptr(JsonObject) body = civic_request_json_object (req);
  g_autoptr(GError) error = NULL;
  Bulk b = { NULL, };

  if (body == NULL)
    return;
  if (parse_bulk (body, &b, &error))
    civic_write_run_request (req, bulk_write, &b);
  else
    civic_reply_gerror (req, error);
  g_clear_pointer (&b.ids, g_ptr_array_unref);
  civic_case_changes_clear (&b.changes);
}
