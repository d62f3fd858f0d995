/* civic-api-cases-update.c: who may change a case, and changing it
 *
 * PATCH /api/v1/cases/{id} and POST …/notes. The optimistic-concurrency
 * check (If-Match: <version>) runs inside the write transaction, so two
 * desks editing the same case cannot both win.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-api-cases-private.h"
#include "auth/civic-auth.h"
#include "civic-error.h"
#include "model/civic-case-record.h"
#include "model/civic-notify.h"

static const char *const priorities[] = { "low", "normal", "high", "urgent", NULL };

/* ---- changes ---------------------------------------------------------- */

void
civic_case_changes_clear (CivicCaseChanges *c)
{
  g_clear_pointer (&c->tags, g_ptr_array_unref);
  g_clear_pointer (&c->add_tags, g_ptr_array_unref);
  g_clear_pointer (&c->remove_tags, g_ptr_array_unref);
}

gboolean
civic_case_changes_parse (JsonObject        *obj,
                          gboolean           bulk,
                          CivicCaseChanges  *c,
                          GError           **error)
{
  static const char *const patch_keys[] = {
    "state", "assignee", "department", "priority", "tags", "status_notes", "description", "note", NULL
  };
  static const char *const bulk_keys[] = {
    "state", "assignee", "department", "priority", "add_tags", "remove_tags", "status_notes", "note", NULL
  };
  const char *const *keys = bulk ? bulk_keys : patch_keys;
  g_autoptr(GList) members = json_object_get_members (obj);
  JsonNode *assignee;

  memset (c, 0, sizeof *c);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (keys, l->data))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) keys);

        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                     "“%s” cannot be changed here; the fields are %s", (const char *) l->data, list);
        return FALSE;
      }
  if (!civic_body_string (obj, "state", 32, &c->state, error) ||
      !civic_body_string (obj, "department", 100, &c->department, error) ||
      !civic_body_string (obj, "priority", 16, &c->priority, error) ||
      !civic_body_string (obj, "status_notes", CIVIC_CASE_MAX_NOTE, &c->status_notes, error) ||
      !civic_body_string (obj, "description", CIVIC_CASE_MAX_DESCRIPTION, &c->description, error) ||
      !civic_body_string (obj, "note", CIVIC_CASE_MAX_NOTE, &c->note, error))
    return FALSE;
  assignee = json_object_get_member (obj, "assignee");
  if (assignee != NULL)
    {
      c->has_assignee = TRUE;
      if (!civic_body_string (obj, "assignee", 64, &c->assignee, error))
        return FALSE;
      if (c->assignee != NULL && (*c->assignee == '\0' || g_str_equal (c->assignee, "none")))
        c->assignee = NULL;
    }
  if (c->state != NULL && !civic_case_state_is_valid (c->state))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "“%s” is not a case state; use new, acknowledged, in_progress, waiting or closed", c->state);
      return FALSE;
    }
  if (c->priority != NULL && !g_strv_contains (priorities, c->priority))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "“%s” is not a priority; use low, normal, high or urgent", c->priority);
      return FALSE;
    }
  if (json_object_has_member (obj, "department") && c->department == NULL)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "A case always belongs to a department; name one");
      return FALSE;
    }
  if (!civic_body_tags (obj, "tags", &c->tags, error) ||
      !civic_body_tags (obj, "add_tags", &c->add_tags, error) ||
      !civic_body_tags (obj, "remove_tags", &c->remove_tags, error))
    return FALSE;
  return TRUE;
}

static gboolean
tags_contain (GPtrArray  *tags,
              const char *tag)
{
  g_autofree char *key = g_utf8_casefold (tag, -1);

  for (guint i = 0; i < tags->len; i++)
    {
      g_autofree char *k = g_utf8_casefold (g_ptr_array_index (tags, i), -1);

      if (g_str_equal (k, key))
        return TRUE;
    }
  return FALSE;
}

static char *
tags_to_json (GPtrArray *tags)
{
  GString *s = g_string_new (NULL);
  CivicJsonWriter jw;

  civic_json_writer_init (&jw, s);
  civic_json_begin_array (&jw);
  for (guint i = 0; i < tags->len; i++)
    civic_json_string (&jw, g_ptr_array_index (tags, i));
  civic_json_end_array (&jw);
  return g_string_free (s, FALSE);
}

static gboolean
set_tag_row (CivicWrite  *w,
             gint64       case_id,
             const char  *tag,
             gboolean     add,
             GError     **error)
{
  g_autofree char *key = g_utf8_casefold (tag, -1);
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        add ? "INSERT INTO case_tags (case_id, tag_key, tag) VALUES (?1, ?2, ?3) "
                                              "ON CONFLICT DO NOTHING"
                                            : "DELETE FROM case_tags WHERE case_id = ?1 AND tag_key = ?2",
                                        error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, case_id);
  civic_db_bind_text (stmt, 2, key);
  if (add)
    civic_db_bind_text (stmt, 3, tag);
  return civic_db_run (stmt, error);
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/* Records one changed field in the audit's before/after objects and the
 * followers' summary line. */
static void
note_change (CivicJsonWriter *before,
             CivicJsonWriter *after,
             GString         *summary,
             const char      *field,
             const char      *old_value,
             const char      *new_value)
{
  civic_json_member_string (before, field, old_value);
  civic_json_member_string (after, field, new_value);
  if (summary->len > 0)
    g_string_append (summary, "; ");
  /* followers read one line; long texts are in the timeline */
  if (g_str_equal (field, "description") || g_str_equal (field, "status_notes"))
    g_string_append_printf (summary, "%s edited", field);
  else
    g_string_append_printf (summary, "%s %s → %s", field,
                            old_value != NULL ? old_value : "none", new_value != NULL ? new_value : "none");
}

gboolean
civic_case_apply_changes (CivicWrite              *w,
                          CivicAuthUser           *user,
                          CivicCaseRow            *row,
                          const CivicCaseChanges  *c,
                          GError                 **error)
{
  g_autoptr(GString) before_s = g_string_new (NULL);
  g_autoptr(GString) after_s = g_string_new (NULL);
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(GPtrArray) new_tags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  g_autoptr(GPtrArray) removed = g_ptr_array_new ();
  CivicJsonWriter before, after;
  const char *state = row->state;
  const char *department = row->department;
  const char *assignee = row->assignee;
  const char *priority = row->priority;
  const char *status_notes = row->status_notes;
  const char *description = row->description;
  const char *duplicate_of = row->duplicate_of;
  gint64 closed = row->closed;
  gboolean state_changed, changed;
  g_autofree char *tags_json = NULL;
  CivicDbStmt *stmt;

  /* the new tag list: a full replacement, or the bulk's additions and removals */
  for (guint i = 0; i < row->tags->len; i++)
    {
      const char *t = g_ptr_array_index (row->tags, i);

      if (c->tags != NULL ? !tags_contain (c->tags, t)
                          : (c->remove_tags != NULL && tags_contain (c->remove_tags, t)))
        g_ptr_array_add (removed, (gpointer) t);
      else
        g_ptr_array_add (new_tags, g_strdup (t));
    }
  {
    GPtrArray *adding = c->tags != NULL ? c->tags : c->add_tags;

    for (guint i = 0; adding != NULL && i < adding->len; i++)
      if (!tags_contain (new_tags, g_ptr_array_index (adding, i)))
        {
          g_ptr_array_add (new_tags, g_strdup (g_ptr_array_index (adding, i)));
          g_ptr_array_add (added, g_ptr_array_index (adding, i));
        }
  }
  if (new_tags->len > CIVIC_CASE_MAX_TAGS)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "%s would have %u tags; at most %d are allowed",
                   row->request_id, new_tags->len, CIVIC_CASE_MAX_TAGS);
      return FALSE;
    }

  /* permission for every field that really changes, before anything is written */
  if (c->state != NULL && g_strcmp0 (c->state, row->state) != 0)
    {
      if (!civic_case_may (user, row, CIVIC_CASE_ACT_STATE, c->state, error))
        return FALSE;
      state = c->state;
    }
  if (c->status_notes != NULL && g_strcmp0 (c->status_notes, row->status_notes) != 0)
    {
      if (state == row->state && !civic_case_may (user, row, CIVIC_CASE_ACT_STATE, NULL, error))
        return FALSE;
      status_notes = c->status_notes;
    }
  if (c->has_assignee && g_strcmp0 (c->assignee, row->assignee) != 0)
    {
      if (!civic_case_may (user, row, CIVIC_CASE_ACT_ASSIGN, NULL, error))
        return FALSE;
      if (c->assignee != NULL && !civic_case_check_assignee (w->conn, c->assignee, error))
        return FALSE;
      assignee = c->assignee;
    }
  if (c->priority != NULL && g_strcmp0 (c->priority, row->priority) != 0)
    {
      if (!civic_case_may (user, row, CIVIC_CASE_ACT_PRIORITY, NULL, error))
        return FALSE;
      priority = c->priority;
    }
  if (c->department != NULL && g_strcmp0 (c->department, row->department) != 0)
    {
      if (!civic_case_may (user, row, CIVIC_CASE_ACT_DEPARTMENT, NULL, error))
        return FALSE;
      if (!civic_case_check_department (w->conn, c->department, error))
        return FALSE;
      department = c->department;
    }
  if (c->description != NULL && g_strcmp0 (c->description, row->description) != 0)
    {
      if (!civic_case_may (user, row, CIVIC_CASE_ACT_DESCRIPTION, NULL, error))
        return FALSE;
      description = c->description;
    }
  if ((added->len > 0 || removed->len > 0) && !civic_case_may (user, row, CIVIC_CASE_ACT_TAG, NULL, error))
    return FALSE;
  if (c->note != NULL && *c->note != '\0' && !civic_case_may (user, row, CIVIC_CASE_ACT_NOTE, NULL, error))
    return FALSE;

  state_changed = state != row->state;
  if (state_changed && g_str_equal (state, "closed"))
    {
      if (is_blank (c->status_notes) && is_blank (c->note))
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                       "Closing %s needs a resolution note: say what was done in status_notes (or note)",
                       row->request_id);
          return FALSE;
        }
      closed = w->now;
    }
  else if (state_changed && g_str_equal (row->state, "closed"))
    {
      /* reopened: no longer closed, and no longer somebody's duplicate */
      closed = 0;
      duplicate_of = NULL;
    }

  changed = state_changed || status_notes != row->status_notes || assignee != row->assignee ||
            priority != row->priority || department != row->department || description != row->description ||
            added->len > 0 || removed->len > 0;
  if (!changed)
    {
      g_autofree char *line = NULL;

      if (c->note == NULL || *c->note == '\0')
        return TRUE;
      /* a note alone is news on the case without making open edits stale */
      stmt = civic_db_prepare (w->conn, "UPDATE cases SET updated = ?2, seq = ?3 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      civic_db_bind_int64 (stmt, 1, row->id);
      civic_db_bind_int64 (stmt, 2, w->now);
      civic_db_bind_int64 (stmt, 3, w->seq);
      if (!civic_db_run (stmt, error) ||
          !civic_case_add_event (w, row->id, "note", c->note, NULL, NULL, FALSE, error))
        return FALSE;
      civic_write_audit (w, "note", "case", row->request_id, NULL, NULL);
      line = g_strdup_printf ("internal note by %s", w->actor);
      return civic_notify_case_change (w, row->id, row->request_id, line, error);
    }

  tags_json = tags_to_json (new_tags);
  stmt = civic_db_prepare (w->conn,
                           "UPDATE cases SET state = ?2, status_notes = ?3, department_id = ?4, assignee = ?5,"
                           " priority = ?6, description = ?7, tags = ?8, closed = ?9, duplicate_of = ?10,"
                           " updated = ?11, seq = ?12, version = version + 1 WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, row->id);
  civic_db_bind_text (stmt, 2, state);
  civic_db_bind_text (stmt, 3, status_notes);
  civic_db_bind_text (stmt, 4, department);
  civic_db_bind_text (stmt, 5, assignee);
  civic_db_bind_text (stmt, 6, priority);
  civic_db_bind_text (stmt, 7, description);
  civic_db_bind_text (stmt, 8, tags_json);
  if (closed > 0)
    civic_db_bind_int64 (stmt, 9, closed);
  else
    civic_db_bind_null (stmt, 9);
  civic_db_bind_text (stmt, 10, duplicate_of);
  civic_db_bind_int64 (stmt, 11, w->now);
  civic_db_bind_int64 (stmt, 12, w->seq);
  if (!civic_db_run (stmt, error))
    return FALSE;

  civic_json_writer_init (&before, before_s);
  civic_json_writer_init (&after, after_s);
  civic_json_begin_object (&before);
  civic_json_begin_object (&after);

  /* the timeline, one event per change; status changes are public (they
   * are the update history Open311 clients see), the rest internal */
  if (state_changed)
    {
      note_change (&before, &after, summary, "state", row->state, state);
      /* public: the status history Open311 clients read; the internal
       * `note` never goes here */
      if (!civic_case_add_event (w, row->id, "status_changed", c->status_notes != NULL ? c->status_notes : "",
                                 row->state, state, TRUE, error))
        return FALSE;
    }
  if (status_notes != row->status_notes)
    {
      note_change (&before, &after, summary, "status_notes", row->status_notes, status_notes);
      if (!state_changed &&
          !civic_case_add_event (w, row->id, "status_notes", status_notes, row->status_notes, status_notes, TRUE, error))
        return FALSE;
    }
  if (c->note != NULL && *c->note != '\0' &&
      !civic_case_add_event (w, row->id, "note", c->note, NULL, NULL, FALSE, error))
    return FALSE;
  if (assignee != row->assignee)
    {
      note_change (&before, &after, summary, "assignee", row->assignee, assignee);
      if (!civic_case_add_event (w, row->id, "assigned", "", row->assignee, assignee, FALSE, error))
        return FALSE;
      if (assignee != NULL)
        {
          g_autofree char *body = g_strdup_printf ("%s was assigned to you by %s", row->request_id, w->actor);

          if (!civic_notify_user (w, assignee, "case", 0, row->id, body, error))
            return FALSE;
        }
    }
  if (priority != row->priority)
    {
      note_change (&before, &after, summary, "priority", row->priority, priority);
      if (!civic_case_add_event (w, row->id, "priority_changed", "", row->priority, priority, FALSE, error))
        return FALSE;
    }
  if (department != row->department)
    {
      note_change (&before, &after, summary, "department", row->department, department);
      if (!civic_case_add_event (w, row->id, "department_changed", "", row->department, department, FALSE, error))
        return FALSE;
    }
  if (description != row->description)
    {
      note_change (&before, &after, summary, "description", row->description, description);
      if (!civic_case_add_event (w, row->id, "description_changed", "", row->description, description, FALSE, error))
        return FALSE;
    }
  if (closed != row->closed)
    {
      civic_json_member_int (&before, "closed", row->closed);
      civic_json_member_int (&after, "closed", closed);
    }
  if (duplicate_of != row->duplicate_of)
    {
      civic_json_member_string (&before, "duplicate_of", row->duplicate_of);
      civic_json_member_string (&after, "duplicate_of", duplicate_of);
    }
  for (guint i = 0; i < added->len; i++)
    if (!set_tag_row (w, row->id, g_ptr_array_index (added, i), TRUE, error) ||
        !civic_case_add_event (w, row->id, "tag_added", "", NULL, g_ptr_array_index (added, i), FALSE, error))
      return FALSE;
  for (guint i = 0; i < removed->len; i++)
    if (!set_tag_row (w, row->id, g_ptr_array_index (removed, i), FALSE, error) ||
        !civic_case_add_event (w, row->id, "tag_removed", "", g_ptr_array_index (removed, i), NULL, FALSE, error))
      return FALSE;
  if (added->len > 0 || removed->len > 0)
    {
      g_autofree char *old_json = tags_to_json (row->tags);

      civic_json_key (&before, "tags");
      civic_json_raw (&before, old_json);
      civic_json_key (&after, "tags");
      civic_json_raw (&after, tags_json);
      if (summary->len > 0)
        g_string_append (summary, "; ");
      g_string_append (summary, "tags changed");
    }
  civic_json_end_object (&before);
  civic_json_end_object (&after);
  civic_write_audit (w, "update", "case", row->request_id, before_s->str, after_s->str);

  g_string_append_printf (summary, " (by %s)", w->actor);
  return civic_notify_case_change (w, row->id, row->request_id, summary->str, error);
}

/* ---- PATCH /api/v1/cases/{id} ----------------------------------------- */

typedef struct
{
  const char       *request_id;
  gint64            version;
  CivicCaseChanges  changes;
} Patch;

static gboolean
patch_write (CivicWrite  *w,
             gpointer     data,
             GError     **error)
{
  Patch *p = data;
  g_autoptr(CivicCaseRow) row = civic_case_row_load (w->conn, p->request_id, error);

  if (row == NULL)
    return FALSE;
  if (row->version != p->version)
    {
      CivicJsonWriter jw;

      /* the desk gets what it needs to show the difference and retry */
      civic_json_writer_init (&jw, w->body);
      civic_json_begin_object (&jw);
      civic_json_key (&jw, "error");
      civic_json_begin_object (&jw);
      civic_json_member_int (&jw, "status", SOUP_STATUS_CONFLICT);
      {
        g_autofree char *msg = g_strdup_printf ("Someone else changed %s since you opened it (you edited version %"
                                                G_GINT64_FORMAT ", it is now at version %" G_GINT64_FORMAT
                                                "); here is the case as it is now",
                                                row->request_id, p->version, row->version);

        civic_json_member_string (&jw, "message", msg);
        g_set_error_literal (error, CIVIC_ERROR, CIVIC_ERROR_CONFLICT, msg);
      }
      civic_json_end_object (&jw);
      civic_json_key (&jw, "case");
      civic_case_write_current (w->conn, &jw, row->request_id, NULL);
      civic_json_end_object (&jw);
      return FALSE;
    }
  if (!civic_case_apply_changes (w, w->req->user, row, &p->changes, error))
    return FALSE;
  return civic_case_reply_current (w, row->request_id, error);
}

void
civic_api_cases_update (CivicRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *if_match = civic_request_header (req, "If-Match");
  g_autofree char *version_text = NULL;
  Patch p = { .request_id = civic_request_param (req, 0) };
  guint64 version;

  if (if_match == NULL)
    {
      civic_reply_error (req, 428 /* Precondition Required */,
                         "Send the case version you edited in an If-Match header, so nobody's change is overwritten");
      return;
    }
  /* accept 3, "3" and W/"3": desks may echo it like an ETag */
  version_text = g_strdup (g_str_has_prefix (if_match, "W/") ? if_match + 2 : if_match);
  g_strstrip (version_text);
  if (version_text[0] == '"' && strlen (version_text) >= 2 && version_text[strlen (version_text) - 1] == '"')
    {
      version_text[strlen (version_text) - 1] = '\0';
      memmove (version_text, version_text + 1, strlen (version_text));
    }
  if (!g_ascii_string_to_unsigned (version_text, 10, 1, G_MAXINT64, &version, NULL))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                         "If-Match must be the case's version number (like 3), not “%s”", if_match);
      return;
    }
  p.version = (gint64) version;

  body = civic_request_json_object (req);
  if (body == NULL)
    return;
  if (!civic_case_changes_parse (body, FALSE, &p.changes, &error))
    {
      civic_reply_gerror (req, error);
      return;
    }
  civic_write_run_request (req, patch_write, &p);
  civic_case_changes_clear (&p.changes);
}

/* ---- POST /api/v1/cases/{id}/notes ------------------------------------ */

typedef struct
{
  const char *request_id;
  const char *body;
  gboolean    is_public;
} Note;

static gboolean
note_write (CivicWrite  *w,
            gpointer     data,
            GError     **error)
{
  Note *n = data;
  g_autoptr(CivicCaseRow) row = civic_case_row_load (w->conn, n->request_id, error);
  g_autofree char *summary = NULL;
  CivicDbStmt *stmt;
  CivicJsonWriter jw;
  gint64 event_id;

  if (row == NULL || !civic_case_may (w->req->user, row, CIVIC_CASE_ACT_NOTE, NULL, error))
    return FALSE;
  if (!civic_case_add_event (w, row->id, "note", n->body, NULL, NULL, n->is_public, error))
    return FALSE;
  stmt = civic_db_prepare (w->conn, "SELECT MAX(id) FROM case_events WHERE case_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, row->id);
  if (!civic_db_step (stmt, error))
    return FALSE;
  event_id = civic_db_column_int64 (stmt, 0);
  civic_db_done (stmt);

  /* a note is news on the case (updated, replicated) without making
   * anyone's open edit stale, so the version stays */
  stmt = civic_db_prepare (w->conn, "UPDATE cases SET updated = ?2, seq = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, row->id);
  civic_db_bind_int64 (stmt, 2, w->now);
  civic_db_bind_int64 (stmt, 3, w->seq);
  if (!civic_db_run (stmt, error))
    return FALSE;
  civic_write_audit (w, n->is_public ? "public-note" : "note", "case", row->request_id, NULL, NULL);
  summary = g_strdup_printf ("%s note by %s", n->is_public ? "public" : "internal", w->actor);
  if (!civic_notify_case_change (w, row->id, row->request_id, summary, error))
    return FALSE;

  w->status = SOUP_STATUS_CREATED;
  civic_json_writer_init (&jw, w->body);
  civic_json_begin_object (&jw);
  civic_json_key (&jw, "event");
  civic_json_begin_object (&jw);
  civic_json_member_int (&jw, "id", event_id);
  civic_json_member_string (&jw, "kind", "note");
  civic_json_member_string (&jw, "author", w->actor);
  civic_json_member_string (&jw, "body", n->body);
  civic_json_member_bool (&jw, "public", n->is_public);
  {
    g_autofree char *created = civic_format_time (w->now);

    civic_json_member_string (&jw, "created", created);
  }
  civic_json_end_object (&jw);
  civic_json_key (&jw, "case");
  if (!civic_case_write_current (w->conn, &jw, row->request_id, error))
    return FALSE;
  civic_json_end_object (&jw);
  return TRUE;
}

void
civic_api_cases_note (CivicRequest *req)
{
  g_autoptr(JsonObject) body = civic_request_json_object (req);
  g_autoptr(GError) error = NULL;
  Note n = { .request_id = civic_request_param (req, 0) };
  JsonNode *pub;

  if (body == NULL)
    return;
  if (!civic_body_string (body, "body", CIVIC_CASE_MAX_NOTE, &n.body, &error))
    {
      civic_reply_gerror (req, error);
      return;
    }
  if (n.body == NULL || *n.body == '\0')
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "A note needs some text in “body”");
      return;
    }
  pub = json_object_get_member (body, "public");
  if (pub != NULL && !JSON_NODE_HOLDS_NULL (pub))
    {
      if (!JSON_NODE_HOLDS_VALUE (pub) || json_node_get_value_type (pub) != G_TYPE_BOOLEAN)
        {
          civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "“public” must be true or false");
          return;
        }
      n.is_public = json_node_get_boolean (pub);
    }
  civic_write_run_request (req, note_write, &n);
}
