/* civic-case-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-case-record.h"
#include "civic-error.h"
#include "civic-text.h"
#include "http/civic-http.h"

/* Open311's standard fields first, in the GeoReport v2 order; then the
 * desk's own. */
const CivicCaseField civic_case_fields[] = {
  { "service_request_id", "c.request_id", CIVIC_CASE_FIELD_TEXT, TRUE },
  { "status", "c.state", CIVIC_CASE_FIELD_STATUS, TRUE },
  { "status_notes", "c.status_notes", CIVIC_CASE_FIELD_TEXT, TRUE },
  { "service_name", "c.service_name", CIVIC_CASE_FIELD_TEXT, TRUE },
  { "service_code", "c.service_code", CIVIC_CASE_FIELD_TEXT, TRUE },
  { "description", "c.description", CIVIC_CASE_FIELD_TEXT, TRUE },
  { "agency_responsible", "c.agency_responsible", CIVIC_CASE_FIELD_TEXT, TRUE },
  { "service_notice", "c.service_notice", CIVIC_CASE_FIELD_TEXT, TRUE },
  { "requested_datetime", "c.requested", CIVIC_CASE_FIELD_TIME, TRUE },
  { "updated_datetime", "c.updated", CIVIC_CASE_FIELD_TIME, TRUE },
  { "expected_datetime", "c.expected", CIVIC_CASE_FIELD_TIME, TRUE },
  { "address", "c.address", CIVIC_CASE_FIELD_TEXT, TRUE },
  { "address_id", "c.address_id", CIVIC_CASE_FIELD_TEXT, TRUE },
  { "zipcode", "c.zipcode", CIVIC_CASE_FIELD_TEXT, TRUE },
  { "lat", "c.lat", CIVIC_CASE_FIELD_REAL, TRUE },
  { "long", "c.lon", CIVIC_CASE_FIELD_REAL, TRUE },
  { "media_url", "c.media_url", CIVIC_CASE_FIELD_TEXT, TRUE },
  { "state", "c.state", CIVIC_CASE_FIELD_TEXT, FALSE },
  { "closed_datetime", "c.closed", CIVIC_CASE_FIELD_TIME, FALSE },
  { "department", "c.department_id", CIVIC_CASE_FIELD_TEXT, FALSE },
  { "assignee", "c.assignee", CIVIC_CASE_FIELD_TEXT, FALSE },
  { "priority", "c.priority", CIVIC_CASE_FIELD_TEXT, FALSE },
  { "channel", "c.channel", CIVIC_CASE_FIELD_TEXT, FALSE },
  { "reporter_name", "c.reporter_name", CIVIC_CASE_FIELD_TEXT, FALSE },
  { "reporter_email", "c.reporter_email", CIVIC_CASE_FIELD_TEXT, FALSE },
  { "reporter_phone", "c.reporter_phone", CIVIC_CASE_FIELD_TEXT, FALSE },
  { "tags", "c.tags", CIVIC_CASE_FIELD_JSON, FALSE },
  { "attributes", "c.attributes", CIVIC_CASE_FIELD_JSON, FALSE },
  { "duplicate_of", "c.duplicate_of", CIVIC_CASE_FIELD_TEXT, FALSE },
  { "token", "c.token", CIVIC_CASE_FIELD_TEXT, FALSE },
  { "version", "c.version", CIVIC_CASE_FIELD_INT, FALSE },
  { "seq", "c.seq", CIVIC_CASE_FIELD_INT, FALSE },
};
const guint civic_case_n_fields = G_N_ELEMENTS (civic_case_fields);

const char *
civic_case_select_columns (void)
{
  static gsize once = 0;
  static char *columns;

  if (g_once_init_enter (&once))
    {
      GString *s = g_string_new (NULL);
      guint i;

      for (i = 0; i < civic_case_n_fields; i++)
        g_string_append_printf (s, "%s, ", civic_case_fields[i].column);
      g_string_append (s, "c.id");
      columns = g_string_free (s, FALSE);
      g_once_init_leave (&once, 1);
    }
  return columns;
}

static const char *states[] = { "new", "acknowledged", "in_progress", "waiting", "closed" };

gboolean
civic_case_state_is_valid (const char *state)
{
  guint i;

  for (i = 0; state != NULL && i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (state, states[i]))
      return TRUE;
  return FALSE;
}

const char *
civic_case_state_to_status (const char *state)
{
  return g_strcmp0 (state, "closed") == 0 ? "closed" : "open";
}

gint64
civic_case_row_id (CivicDbStmt *stmt,
                   int          first_column)
{
  return civic_db_column_int64 (stmt, first_column + (int) civic_case_n_fields);
}

void
civic_case_write_json (CivicJsonWriter *w,
                       CivicDbStmt     *stmt,
                       int              first_column,
                       CivicCaseView    view)
{
  guint i;

  civic_json_begin_object (w);
  for (i = 0; i < civic_case_n_fields; i++)
    {
      const CivicCaseField *f = &civic_case_fields[i];
      int col = first_column + (int) i;

      if (view == CIVIC_CASE_VIEW_OPEN311 && !f->open311)
        continue;
      civic_json_key (w, f->name);
      if (civic_db_column_is_null (stmt, col))
        {
          /* Open311 clients expect empty strings, not nulls, for text */
          if (view == CIVIC_CASE_VIEW_OPEN311 && f->type == CIVIC_CASE_FIELD_TEXT)
            civic_json_string (w, "");
          else
            civic_json_null (w);
          continue;
        }
      switch (f->type)
        {
        case CIVIC_CASE_FIELD_TEXT:
          civic_json_string (w, civic_db_column_text (stmt, col));
          break;
        case CIVIC_CASE_FIELD_STATUS:
          civic_json_string (w, civic_case_state_to_status (civic_db_column_text (stmt, col)));
          break;
        case CIVIC_CASE_FIELD_TIME:
          {
            char t[40];   /* no allocation: the changes feed writes 100,000 a second */

            civic_format_time_buf (civic_db_column_int64 (stmt, col), t, sizeof t);
            civic_json_string (w, t);
          }
          break;
        case CIVIC_CASE_FIELD_REAL:
          civic_json_double (w, civic_db_column_double (stmt, col));
          break;
        case CIVIC_CASE_FIELD_INT:
          civic_json_int (w, civic_db_column_int64 (stmt, col));
          break;
        case CIVIC_CASE_FIELD_JSON:
          civic_json_raw (w, civic_db_column_text (stmt, col));
          break;
        default:
          g_assert_not_reached ();
        }
    }
  civic_json_end_object (w);
}

static void
append_xml_text (GString    *out,
                 const char *name,
                 const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value != NULL ? value : "", -1);

  g_string_append_printf (out, "<%s>%s</%s>", name, escaped, name);
}

void
civic_case_write_xml (GString     *out,
                      CivicDbStmt *stmt,
                      int          first_column)
{
  guint i;

  g_string_append (out, "<request>");
  for (i = 0; i < civic_case_n_fields; i++)
    {
      const CivicCaseField *f = &civic_case_fields[i];
      int col = first_column + (int) i;

      if (!f->open311)
        continue;
      /* every standard element is present, empty when unknown */
      if (civic_db_column_is_null (stmt, col))
        {
          append_xml_text (out, f->name, "");
          continue;
        }
      switch (f->type)
        {
        case CIVIC_CASE_FIELD_STATUS:
          append_xml_text (out, f->name, civic_case_state_to_status (civic_db_column_text (stmt, col)));
          break;
        case CIVIC_CASE_FIELD_TIME:
          {
            g_autofree char *t = civic_format_time (civic_db_column_int64 (stmt, col));

            append_xml_text (out, f->name, t);
          }
          break;
        case CIVIC_CASE_FIELD_REAL:
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];

            append_xml_text (out, f->name,
                             g_ascii_formatd (buf, sizeof buf, "%.7f", civic_db_column_double (stmt, col)));
          }
          break;
        default:
          append_xml_text (out, f->name, civic_db_column_text (stmt, col));
          break;
        }
    }
  g_string_append (out, "</request>");
}

static char *
next_request_id (CivicWrite  *w,
                 GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (w->now);
  g_autofree char *key = g_strdup_printf ("case-counter-%d", g_date_time_get_year (now));
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "INSERT INTO meta (key, value) VALUES (?1, '1') "
                                        "ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT) "
                                        "RETURNING value",
                                        error);
  gint64 n;

  if (stmt == NULL)
    return NULL;
  civic_db_bind_text (stmt, 1, key);
  if (!civic_db_step (stmt, error))
    return NULL;
  n = g_ascii_strtoll (civic_db_column_text (stmt, 0), NULL, 10);
  civic_db_done (stmt);
  return g_strdup_printf ("311-%d-%06" G_GINT64_FORMAT, g_date_time_get_year (now), n);
}

static char *
tags_json (const char *const *tags)
{
  g_autoptr(GString) s = g_string_new (NULL);
  CivicJsonWriter w;

  civic_json_writer_init (&w, s);
  civic_json_begin_array (&w);
  for (; tags != NULL && *tags != NULL; tags++)
    civic_json_string (&w, *tags);
  civic_json_end_array (&w);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

gboolean
civic_case_insert (CivicWrite            *w,
                   const CivicCaseDraft  *d,
                   gint64                *out_id,
                   char                 **out_request_id,
                   GError               **error)
{
  g_autofree char *request_id = NULL;
  g_autofree char *service_name = NULL;
  g_autofree char *department = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *token = NULL;
  gint64 sla_hours = 72;
  gint64 requested = d->requested > 0 ? d->requested : w->now;
  const char *state = d->state != NULL ? d->state : "new";
  CivicDbStmt *stmt;
  gint64 id;

  if (d->service_code == NULL || *d->service_code == '\0')
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "A case needs a service");
      return FALSE;
    }
  if (!civic_case_state_is_valid (state))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "“%s” is not a case state", state);
      return FALSE;
    }

  stmt = civic_db_prepare (w->conn, "SELECT name, department_id, sla_hours FROM services WHERE code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, d->service_code);
  if (civic_db_step (stmt, error))
    {
      service_name = g_strdup (civic_db_column_text (stmt, 0));
      department = g_strdup (civic_db_column_text (stmt, 1));
      sla_hours = civic_db_column_int64 (stmt, 2);
      civic_db_done (stmt);
    }
  else if (error != NULL && *error != NULL)
    return FALSE;

  request_id = d->request_id != NULL ? g_strdup (d->request_id) : next_request_id (w, error);
  if (request_id == NULL)
    return FALSE;
  tags = tags_json (d->tags);
  if (d->with_token)
    token = g_uuid_string_random ();

  stmt = civic_db_prepare (w->conn,
    "INSERT INTO cases (request_id, token, state, status_notes, service_code, service_name, description,"
    " agency_responsible, service_notice, requested, updated, expected, closed, address, address_id,"
    " zipcode, lat, lon, media_url, department_id, assignee, priority, channel, reporter_name,"
    " reporter_email, reporter_phone, device_id, account_id, tags, attributes, version, seq) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,"
    " ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, 1, ?31) RETURNING id",
    error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, request_id);
  civic_db_bind_text (stmt, 2, token);
  civic_db_bind_text (stmt, 3, state);
  civic_db_bind_text (stmt, 4, d->status_notes);
  civic_db_bind_text (stmt, 5, d->service_code);
  civic_db_bind_text (stmt, 6, d->service_name != NULL ? d->service_name : service_name);
  civic_db_bind_text (stmt, 7, d->description);
  civic_db_bind_text (stmt, 8, d->agency_responsible != NULL ? d->agency_responsible : department);
  civic_db_bind_text (stmt, 9, d->service_notice);
  civic_db_bind_int64 (stmt, 10, requested);
  civic_db_bind_int64 (stmt, 11, MAX (requested, d->closed));
  civic_db_bind_int64 (stmt, 12, d->expected > 0 ? d->expected : requested + sla_hours * 3600);
  if (d->closed > 0)
    civic_db_bind_int64 (stmt, 13, d->closed);
  else
    civic_db_bind_null (stmt, 13);
  civic_db_bind_text (stmt, 14, d->address);
  civic_db_bind_text (stmt, 15, d->address_id);
  civic_db_bind_text (stmt, 16, d->zipcode);
  if (d->has_location)
    {
      civic_db_bind_double (stmt, 17, d->lat);
      civic_db_bind_double (stmt, 18, d->lon);
    }
  else
    {
      civic_db_bind_null (stmt, 17);
      civic_db_bind_null (stmt, 18);
    }
  civic_db_bind_text (stmt, 19, d->media_url);
  civic_db_bind_text (stmt, 20, d->department != NULL ? d->department : department);
  civic_db_bind_text (stmt, 21, d->assignee);
  civic_db_bind_text (stmt, 22, d->priority != NULL ? d->priority : "normal");
  civic_db_bind_text (stmt, 23, d->channel != NULL ? d->channel : "phone");
  civic_db_bind_text (stmt, 24, d->reporter_name);
  civic_db_bind_text (stmt, 25, d->reporter_email);
  civic_db_bind_text (stmt, 26, d->reporter_phone);
  civic_db_bind_text (stmt, 27, d->device_id);
  civic_db_bind_text (stmt, 28, d->account_id);
  civic_db_bind_text (stmt, 29, tags);
  civic_db_bind_text (stmt, 30, d->attributes_json != NULL ? d->attributes_json : "{}");
  civic_db_bind_int64 (stmt, 31, w->seq);
  if (!civic_db_step (stmt, error))
    {
      if (error != NULL && *error != NULL &&
          g_error_matches (*error, CIVIC_ERROR, CIVIC_ERROR_INVALID))
        {
          g_clear_error (error);
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_CONFLICT,
                       "A case numbered %s already exists", request_id);
        }
      return FALSE;
    }
  id = civic_db_column_int64 (stmt, 0);
  civic_db_done (stmt);

  for (const char *const *t = d->tags; t != NULL && *t != NULL; t++)
    {
      g_autofree char *key = civic_text_tag_key (*t);
      CivicDbStmt *tag = civic_db_prepare (w->conn,
                                           "INSERT INTO case_tags (case_id, tag_key, tag) VALUES (?1, ?2, ?3) "
                                           "ON CONFLICT DO NOTHING",
                                           error);

      if (tag == NULL)
        return FALSE;
      if (key == NULL)
        continue;   /* not UTF-8: never stored as a tag */
      civic_db_bind_int64 (tag, 1, id);
      civic_db_bind_text (tag, 2, key);
      civic_db_bind_text (tag, 3, *t);
      if (!civic_db_run (tag, error))
        return FALSE;
    }

  if (!civic_case_add_event (w, id, "created", d->description != NULL ? d->description : "",
                             NULL, state, FALSE, error))
    return FALSE;
  civic_write_audit (w, "create", "case", request_id, NULL, NULL);

  if (out_id != NULL)
    *out_id = id;
  if (out_request_id != NULL)
    *out_request_id = g_steal_pointer (&request_id);
  return TRUE;
}

gboolean
civic_case_insert_imported (CivicWrite            *w,
                            const CivicCaseDraft  *draft,
                            gint64                *out_id,
                            GError               **error)
{
  CivicDbStmt *stmt;

  if (!civic_case_insert (w, draft, out_id, NULL, error))
    return FALSE;
  stmt = civic_db_prepare (w->conn, "UPDATE case_events SET created = ?2 WHERE case_id = ?1 AND kind = 'created'",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, *out_id);
  civic_db_bind_int64 (stmt, 2, draft->requested);
  return civic_db_run (stmt, error);
}

gboolean
civic_case_find_id (CivicDbConn  *conn,
                    const char   *request_id,
                    gint64       *out_id,
                    GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  CivicDbStmt *stmt;

  *out_id = 0;
  stmt = civic_db_prepare (conn, "SELECT id FROM cases WHERE request_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, request_id);
  if (civic_db_step (stmt, &local_error))
    {
      *out_id = civic_db_column_int64 (stmt, 0);
      civic_db_done (stmt);
      return TRUE;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
civic_case_add_event (CivicWrite  *w,
                      gint64       case_id,
                      const char  *kind,
                      const char  *body,
                      const char  *old_value,
                      const char  *new_value,
                      gboolean     is_public,
                      GError     **error)
{
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "INSERT INTO case_events (case_id, kind, author, body, old_value, new_value,"
                                        " public, created, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                        error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, case_id);
  civic_db_bind_text (stmt, 2, kind);
  civic_db_bind_text (stmt, 3, w->actor);
  civic_db_bind_text (stmt, 4, body != NULL ? body : "");
  civic_db_bind_text (stmt, 5, old_value);
  civic_db_bind_text (stmt, 6, new_value);
  civic_db_bind_int64 (stmt, 7, is_public ? 1 : 0);
  civic_db_bind_int64 (stmt, 8, w->now);
  civic_db_bind_int64 (stmt, 9, w->seq);
  return civic_db_run (stmt, error);
}

gboolean
civic_case_write_by_request_id (CivicDbConn      *conn,
                                CivicJsonWriter  *w,
                                const char       *request_id,
                                CivicCaseView     view,
                                GError          **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM cases c WHERE c.request_id = ?1",
                                          civic_case_select_columns ());
  CivicDbStmt *stmt = civic_db_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, request_id);
  if (!civic_db_step (stmt, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND, "There is no case %s", request_id);
      return FALSE;
    }
  civic_case_write_json (w, stmt, 0, view);
  civic_db_done (stmt);
  return TRUE;
}
