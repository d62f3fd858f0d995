/* civic-api-cases-common.c: what every case handler needs
 *
 * Request-body members checked in one way, a case row loaded for the
 * write paths, and the role rules of DESIGN §3.2 for one action on one
 * case — so PATCH, bulk, merge and notes can never disagree on who may
 * do what.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-api-cases-private.h"
#include "auth/civic-auth.h"
#include "civic-error.h"
#include "model/civic-case-record.h"

/* ---- request bodies --------------------------------------------------- */

gboolean
civic_body_string (JsonObject  *obj,
                   const char  *name,
                   guint        max_chars,
                   const char **out,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "“%s” must be text", name);
      return FALSE;
    }
  *out = json_node_get_string (node);
  if (g_utf8_strlen (*out, -1) > (glong) max_chars)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "“%s” is %ld characters long; at most %u are allowed", name,
                   g_utf8_strlen (*out, -1), max_chars);
      return FALSE;
    }
  return TRUE;
}

gboolean
civic_tag_is_valid (const char *tag)
{
  const char *p;

  if (tag == NULL || *tag == '\0' || g_utf8_strlen (tag, -1) > CIVIC_CASE_MAX_TAG_LEN)
    return FALSE;
  for (p = tag; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalnum (c) && c != '-' && c != '_')
        return FALSE;
    }
  return TRUE;
}

gboolean
civic_body_tags (JsonObject  *obj,
                 const char  *name,
                 GPtrArray  **out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *array;
  guint i;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "“%s” must be a list of tags", name);
      return FALSE;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > CIVIC_CASE_MAX_TAGS)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "“%s” has %u tags; at most %d are allowed",
                   name, json_array_get_length (array), CIVIC_CASE_MAX_TAGS);
      return FALSE;
    }
  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *tag;

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "Every tag in “%s” must be text", name);
          return FALSE;
        }
      tag = json_node_get_string (item);
      if (tag[0] == '#')
        tag++;
      if (!civic_tag_is_valid (tag))
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                       "“%s” is not a tag: up to %d letters, digits, - or _", json_node_get_string (item),
                       CIVIC_CASE_MAX_TAG_LEN);
          return FALSE;
        }
      if (g_hash_table_add (seen, g_utf8_casefold (tag, -1)))
        g_ptr_array_add (tags, g_strdup (tag));
    }
  *out = g_steal_pointer (&tags);
  return TRUE;
}

void
civic_reply_gerror (CivicRequest *req,
                    const GError *error)
{
  guint status = SOUP_STATUS_INTERNAL_SERVER_ERROR;

  if (error->domain == CIVIC_ERROR)
    switch (error->code)
      {
      case CIVIC_ERROR_INVALID: status = SOUP_STATUS_BAD_REQUEST; break;
      case CIVIC_ERROR_FORBIDDEN: status = SOUP_STATUS_FORBIDDEN; break;
      case CIVIC_ERROR_NOT_FOUND: status = SOUP_STATUS_NOT_FOUND; break;
      case CIVIC_ERROR_CONFLICT: status = SOUP_STATUS_CONFLICT; break;
      case CIVIC_ERROR_STORE_LOCKED: status = SOUP_STATUS_SERVICE_UNAVAILABLE; break;
      default: break;
      }
  civic_reply_error (req, status, "%s", error->message);
}

void
civic_list_begin (CivicJsonWriter *jw,
                  GString         *out,
                  const char      *key)
{
  civic_json_writer_init (jw, out);
  civic_json_begin_object (jw);
  civic_json_key (jw, key);
  civic_json_begin_array (jw);
}

void
civic_list_reply (CivicRequest    *req,
                  CivicJsonWriter *jw,
                  GString         *out,
                  const GError    *error)
{
  civic_json_end_array (jw);
  civic_json_end_object (jw);
  if (error != NULL)
    civic_reply_gerror (req, error);
  else
    civic_reply_string (req, SOUP_STATUS_OK, out);
}

gboolean
civic_case_reply_current (CivicWrite  *w,
                          const char  *request_id,
                          GError     **error)
{
  CivicJsonWriter jw;

  g_string_truncate (w->body, 0);
  civic_json_writer_init (&jw, w->body);
  civic_json_begin_object (&jw);
  civic_json_key (&jw, "case");
  if (!civic_case_write_current (w->conn, &jw, request_id, error))
    return FALSE;
  civic_json_end_object (&jw);
  return TRUE;
}

gboolean
civic_case_check_department (CivicDbConn  *conn,
                             const char   *department,
                             GError      **error)
{
  if (civic_db_exists (conn, "SELECT 1 FROM departments WHERE id = ?1", department, error))
    return TRUE;
  if (error != NULL && *error == NULL)
    g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "There is no department “%s”", department);
  return FALSE;
}

gboolean
civic_case_check_assignee (CivicDbConn  *conn,
                           const char   *username,
                           GError      **error)
{
  if (civic_db_exists (conn, "SELECT 1 FROM users WHERE username = ?1 AND disabled = 0", username, error))
    return TRUE;
  if (error != NULL && *error == NULL)
    g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "There is no staff user “%s” to assign", username);
  return FALSE;
}

/* ---- one case --------------------------------------------------------- */

void
civic_case_row_free (CivicCaseRow *row)
{
  if (row == NULL)
    return;
  g_free (row->request_id);
  g_free (row->state);
  g_free (row->department);
  g_free (row->assignee);
  g_free (row->priority);
  g_free (row->status_notes);
  g_free (row->description);
  g_free (row->duplicate_of);
  g_free (row->reporter_name);
  g_free (row->reporter_email);
  g_free (row->reporter_phone);
  g_clear_pointer (&row->tags, g_ptr_array_unref);
  g_free (row);
}

static GPtrArray *
tags_from_json (const char *json)
{
  GPtrArray *tags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (json != NULL && json_parser_load_from_data (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
            g_ptr_array_add (tags, g_strdup (json_node_get_string (item)));
        }
    }
  return tags;
}

CivicCaseRow *
civic_case_row_load (CivicDbConn  *conn,
                     const char   *request_id,
                     GError      **error)
{
  CivicDbStmt *stmt = civic_db_prepare (conn,
                                        "SELECT id, request_id, state, department_id, assignee, priority, status_notes,"
                                        " description, duplicate_of, version, closed, reporter_name, reporter_email,"
                                        " reporter_phone, tags FROM cases WHERE request_id = ?1",
                                        error);
  CivicCaseRow *row;

  if (stmt == NULL)
    return NULL;
  civic_db_bind_text (stmt, 1, request_id);
  if (!civic_db_step (stmt, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND, "There is no case %s", request_id);
      return NULL;
    }
  row = g_new0 (CivicCaseRow, 1);
  row->id = civic_db_column_int64 (stmt, 0);
  row->request_id = g_strdup (civic_db_column_text (stmt, 1));
  row->state = g_strdup (civic_db_column_text (stmt, 2));
  row->department = g_strdup (civic_db_column_text (stmt, 3));
  row->assignee = g_strdup (civic_db_column_text (stmt, 4));
  row->priority = g_strdup (civic_db_column_text (stmt, 5));
  row->status_notes = g_strdup (civic_db_column_text (stmt, 6));
  row->description = g_strdup (civic_db_column_text (stmt, 7));
  row->duplicate_of = g_strdup (civic_db_column_text (stmt, 8));
  row->version = civic_db_column_int64 (stmt, 9);
  row->closed = civic_db_column_is_null (stmt, 10) ? 0 : civic_db_column_int64 (stmt, 10);
  row->reporter_name = g_strdup (civic_db_column_text (stmt, 11));
  row->reporter_email = g_strdup (civic_db_column_text (stmt, 12));
  row->reporter_phone = g_strdup (civic_db_column_text (stmt, 13));
  row->tags = tags_from_json (civic_db_column_text (stmt, 14));
  civic_db_done (stmt);
  return row;
}

gboolean
civic_case_write_current (CivicDbConn      *conn,
                          CivicJsonWriter  *jw,
                          const char       *request_id,
                          GError          **error)
{
  return civic_case_write_by_request_id (conn, jw, request_id, CIVIC_CASE_VIEW_STAFF, error);
}

/* ---- who may do what -------------------------------------------------- */

static const char *
action_words (CivicCaseAction action)
{
  switch (action)
    {
    case CIVIC_CASE_ACT_STATE: return "change the state of";
    case CIVIC_CASE_ACT_ASSIGN: return "reassign";
    case CIVIC_CASE_ACT_PRIORITY: return "change the priority of";
    case CIVIC_CASE_ACT_DEPARTMENT: return "move to another department";
    case CIVIC_CASE_ACT_TAG: return "tag or untag";
    case CIVIC_CASE_ACT_DESCRIPTION: return "edit the description of";
    case CIVIC_CASE_ACT_NOTE: return "add a note to";
    case CIVIC_CASE_ACT_MERGE: return "merge";
    default: return "change";
    }
}

/* The rules, for a case of department D ("own" = the user's department
 * is D):
 *
 *   state, status_notes     own; advocates also new → acknowledged anywhere
 *   assignee, priority      own
 *   department (transfer)   own (send a misrouted case on)
 *   description, notes      own, or any advocate
 *   tags                    any advocate (staff never)
 *   merge                   advocate while the duplicate is open
 *
 * Managers and admins may do all of it on every case. */
gboolean
civic_case_may (CivicAuthUser       *user,
                const CivicCaseRow  *row,
                CivicCaseAction      action,
                const char          *new_state,
                GError             **error)
{
  gboolean own = user->department != NULL && g_strcmp0 (user->department, row->department) == 0;
  gboolean advocate = civic_auth_has_role (user, "advocate");
  gboolean ok = FALSE;

  if (civic_auth_has_role (user, "manager"))
    return TRUE;

  switch (action)
    {
    case CIVIC_CASE_ACT_STATE:
      /* advocates take cases in for every department: they may say "we
       * have it" on any new case, but closing stays with the department */
      ok = own || (advocate && g_strcmp0 (new_state, "acknowledged") == 0 &&
                   g_strcmp0 (row->state, "new") == 0);
      break;
    case CIVIC_CASE_ACT_ASSIGN:
    case CIVIC_CASE_ACT_PRIORITY:
    case CIVIC_CASE_ACT_DEPARTMENT:
      ok = own;
      break;
    case CIVIC_CASE_ACT_TAG:
      ok = advocate;
      break;
    case CIVIC_CASE_ACT_DESCRIPTION:
    case CIVIC_CASE_ACT_NOTE:
      ok = own || advocate;
      break;
    case CIVIC_CASE_ACT_MERGE:
      ok = advocate && g_strcmp0 (row->state, "closed") != 0;
      break;
    default:
      break;
    }
  if (ok)
    return TRUE;

  if (action == CIVIC_CASE_ACT_TAG)
    g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FORBIDDEN,
                 "Only an advocate or a manager may tag or untag %s; you are signed in as %s (%s)",
                 row->request_id, user->username, user->role);
  else if (action == CIVIC_CASE_ACT_MERGE)
    g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FORBIDDEN,
                 advocate ? "%s is closed; only a manager may merge a closed case (you are %s, %s)"
                          : "Only an advocate or a manager may merge %s; you are signed in as %s (%s)",
                 row->request_id, user->username, user->role);
  else if (action == CIVIC_CASE_ACT_STATE && advocate && !own)
    g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FORBIDDEN,
                 "%s belongs to the %s department: as an advocate you may only acknowledge it when it is new; "
                 "its department or a manager makes other changes",
                 row->request_id, row->department != NULL ? row->department : "(no)");
  else
    g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FORBIDDEN,
                 "You may not %s %s: it belongs to the %s department and you are %s (%s, %s)",
                 action_words (action), row->request_id,
                 row->department != NULL ? row->department : "(no)",
                 user->username, user->role, user->department != NULL ? user->department : "no department");
  return FALSE;
}
