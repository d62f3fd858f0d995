/* civic-open311-requests.c: GET requests, one request, a token
 *
 * The list takes Open311's filters (service_request_id, service_code,
 * start_date, end_date, status) and the extensions Chicago, Boston and
 * San Francisco added (page, page_size, updated_after, updated_before,
 * extensions=true for the public update history as `notes`).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-open311-private.h"
#include "model/civic-case-record.h"

#define WINDOW_S          (90 * 24 * 3600)
#define MAX_CODES         64
#define MAX_PAGE          1000000

/* Event kinds the staff API writes when a case's workflow state moves;
 * those are public history even when their note is internal. */
#define STATE_KINDS "'state', 'status', 'state_change', 'status_change', 'state_changed', " \
                    "'closed', 'close', 'reopened', 'reopen'"

static const char *
select_by_request_id (void)
{
  static gsize once = 0;
  static char *sql;

  if (g_once_init_enter (&once))
    {
      sql = g_strdup_printf ("SELECT %s FROM cases c WHERE c.request_id = ?1", civic_case_select_columns ());
      g_once_init_leave (&once, 1);
    }
  return sql;
}

static const char *
state_label (const char *state)
{
  if (g_strcmp0 (state, "new") == 0)
    return "New";
  if (g_strcmp0 (state, "acknowledged") == 0)
    return "Acknowledged";
  if (g_strcmp0 (state, "in_progress") == 0)
    return "In progress";
  if (g_strcmp0 (state, "waiting") == 0)
    return "Waiting";
  if (g_strcmp0 (state, "closed") == 0)
    return "Closed";
  return state != NULL ? state : "";
}

/* The public history of one case, as Chicago's `notes` extension. */
static gboolean
write_notes (CivicRequest        *req,
             CivicOpen311Format   format,
             GString             *s,
             CivicJsonWriter     *w,
             gint64               case_id,
             GError             **error)
{
  CivicDbStmt *stmt = civic_db_prepare (req->conn,
                                        "SELECT kind, body, old_value, new_value, created, public "
                                        "FROM case_events WHERE case_id = ?1 AND "
                                        "(public = 1 OR kind = 'created' OR kind IN (" STATE_KINDS ") OR "
                                        /* whatever the kind is called, a move between workflow states */
                                        " (new_value IN ('new', 'acknowledged', 'in_progress', 'waiting', 'closed')"
                                        "  AND lower(kind) NOT LIKE '%tag%' AND lower(kind) NOT LIKE '%note%')) "
                                        "ORDER BY created, id",
                                        error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, case_id);
  if (format == CIVIC_OPEN311_XML)
    g_string_append (s, "<notes>");
  else
    {
      civic_json_key (w, "notes");
      civic_json_begin_array (w);
    }
  while (civic_db_step (stmt, error))
    {
      const char *kind = civic_db_column_text (stmt, 0);
      const char *old_state = civic_db_column_text (stmt, 2);
      const char *new_state = civic_db_column_text (stmt, 3);
      gboolean is_public = civic_db_column_int64 (stmt, 5) != 0;
      const char *description = is_public ? civic_db_column_text (stmt, 1) : "";
      g_autofree char *datetime = civic_format_time (civic_db_column_int64 (stmt, 4));
      g_autofree char *summary = NULL;
      const char *type;

      if (g_str_equal (kind, "created"))
        {
          type = "opened";
          summary = g_strdup ("Request opened");
          description = "";
        }
      else if (civic_case_state_is_valid (new_state) && !g_str_equal (kind, "note"))
        {
          gboolean closing = g_str_equal (new_state, "closed");
          gboolean reopening = g_strcmp0 (old_state, "closed") == 0 && !closing;

          type = closing ? "closed" : reopening ? "reopened" : "activity";
          summary = closing ? g_strdup ("Request closed")
                    : reopening ? g_strdup ("Request reopened")
                    : g_strdup_printf ("Status changed to %s", state_label (new_state));
        }
      else
        {
          type = "activity";
          summary = g_strdup ("Update");
        }
      if (description == NULL)
        description = "";

      if (format == CIVIC_OPEN311_XML)
        {
          g_autofree char *e_summary = g_markup_escape_text (summary, -1);
          g_autofree char *e_description = g_markup_escape_text (description, -1);

          g_string_append_printf (s, "<note><datetime>%s</datetime><summary>%s</summary>"
                                  "<description>%s</description><type>%s</type></note>",
                                  datetime, e_summary, e_description, type);
        }
      else
        {
          civic_json_begin_object (w);
          civic_json_member_string (w, "datetime", datetime);
          civic_json_member_string (w, "summary", summary);
          civic_json_member_string (w, "description", description);
          civic_json_member_string (w, "type", type);
          civic_json_end_object (w);
        }
    }
  if (error != NULL && *error != NULL)
    return FALSE;
  if (format == CIVIC_OPEN311_XML)
    g_string_append (s, "</notes>");
  else
    civic_json_end_array (w);
  return TRUE;
}

/* One <request> or {…} for the row at @stmt. */
static gboolean
write_row (CivicRequest        *req,
           CivicOpen311Format   format,
           GString             *s,
           CivicJsonWriter     *w,
           CivicDbStmt         *stmt,
           gboolean             extensions,
           GError             **error)
{
  if (format == CIVIC_OPEN311_XML)
    {
      civic_case_write_xml (s, stmt, 0);
      if (extensions)
        {
          /* reopen the element to add the history before its end tag */
          g_string_truncate (s, s->len - strlen ("</request>"));
          if (!write_notes (req, format, s, w, civic_case_row_id (stmt, 0), error))
            return FALSE;
          g_string_append (s, "</request>");
        }
      return TRUE;
    }

  civic_case_write_json (w, stmt, 0, CIVIC_CASE_VIEW_OPEN311);
  if (extensions)
    {
      /* reopen the object the record writer closed, to add `notes` */
      g_string_truncate (s, s->len - 1);
      w->depth++;
      w->first[w->depth] = FALSE;
      if (!write_notes (req, format, s, w, civic_case_row_id (stmt, 0), error))
        return FALSE;
      civic_json_end_object (w);
    }
  return TRUE;
}

static void
begin_list (CivicOpen311Format  format,
            GString            *s,
            CivicJsonWriter    *w)
{
  if (format == CIVIC_OPEN311_XML)
    g_string_append (s, CIVIC_OPEN311_XML_HEAD "<service_requests>");
  else
    {
      civic_json_writer_init (w, s);
      civic_json_begin_array (w);
    }
}

static void
end_list (CivicOpen311Format  format,
          GString            *s,
          CivicJsonWriter    *w)
{
  if (format == CIVIC_OPEN311_XML)
    g_string_append (s, "</service_requests>");
  else
    civic_json_end_array (w);
}

static void
reply_store_error (CivicRequest       *req,
                   CivicOpen311Format  format,
                   GError             *error)
{
  g_warning ("%s %s: %s", req->method, req->path, error->message);
  civic_open311_error (req, format, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                       "The requests cannot be read right now: %s", error->message);
}

/* Splits a comma list, dropping blanks and repeats. */
static GPtrArray *
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  guint i, j;

  for (i = 0; parts[i] != NULL; i++)
    {
      gboolean seen = FALSE;

      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      for (j = 0; j < out->len && !seen; j++)
        seen = g_str_equal (g_ptr_array_index (out, j), parts[i]);
      if (!seen)
        g_ptr_array_add (out, g_strdup (parts[i]));
    }
  return out;
}

typedef struct
{
  gint64 requested;
  gint64 id;
  char  *request_id;
} Found;

static gint
compare_found (gconstpointer a,
               gconstpointer b)
{
  const Found *x = a, *y = b;

  if (x->requested != y->requested)
    return x->requested < y->requested ? 1 : -1;
  return (x->id < y->id) - (x->id > y->id);
}

static void
found_clear (gpointer data)
{
  g_free (((Found *) data)->request_id);
}

/* service_request_id=a,b,c: those requests, whatever the other filters. */
static void
requests_by_ids (CivicRequest       *req,
                 CivicOpen311Format  format,
                 const char         *id_list,
                 gboolean            extensions)
{
  g_autoptr(GPtrArray) ids = split_list (id_list);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Found));
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  CivicJsonWriter w;
  guint i;

  g_array_set_clear_func (found, found_clear);
  if (ids->len > CIVIC_HTTP_MAX_PAGE_SIZE)
    {
      civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                           "service_request_id lists at most %d ids, not %u",
                           CIVIC_HTTP_MAX_PAGE_SIZE, ids->len);
      return;
    }
  for (i = 0; i < ids->len; i++)
    {
      CivicDbStmt *stmt = civic_db_prepare (req->conn,
                                            "SELECT requested, id FROM cases WHERE request_id = ?1", &error);
      Found f;

      if (stmt == NULL)
        break;
      civic_db_bind_text (stmt, 1, g_ptr_array_index (ids, i));
      if (!civic_db_step (stmt, &error))
        {
          if (error != NULL)
            break;
          continue;
        }
      f.requested = civic_db_column_int64 (stmt, 0);
      f.id = civic_db_column_int64 (stmt, 1);
      f.request_id = g_strdup (g_ptr_array_index (ids, i));
      civic_db_done (stmt);
      g_array_append_val (found, f);
    }
  g_array_sort (found, compare_found);

  begin_list (format, s, &w);
  for (i = 0; error == NULL && i < found->len; i++)
    {
      CivicDbStmt *stmt = civic_db_prepare (req->conn, select_by_request_id (), &error);

      if (stmt == NULL)
        break;
      civic_db_bind_text (stmt, 1, g_array_index (found, Found, i).request_id);
      if (civic_db_step (stmt, &error))
        {
          write_row (req, format, s, &w, stmt, extensions, &error);
          civic_db_done (stmt);
        }
    }
  if (error != NULL)
    {
      reply_store_error (req, format, error);
      return;
    }
  end_list (format, s, &w);
  civic_open311_reply (req, format, s);
}

static gboolean
parse_time_param (CivicRequest        *req,
                  CivicOpen311Format   format,
                  const char          *name,
                  gint64              *out,
                  gboolean            *given)
{
  const char *text = civic_request_query (req, name);

  *given = FALSE;
  if (text == NULL || *text == '\0')
    return TRUE;
  if (!civic_parse_time (text, out))
    {
      civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                           "%s must be a w3 datetime such as 2026-05-04T09:30:00-05:00, not “%s”",
                           name, text);
      return FALSE;
    }
  *given = TRUE;
  return TRUE;
}

static gboolean
parse_count_param (CivicRequest        *req,
                   CivicOpen311Format   format,
                   const char          *name,
                   guint64              max,
                   guint64             *out)
{
  const char *text = civic_request_query (req, name);

  if (text == NULL || *text == '\0')
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, max, out, NULL))
    {
      civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                           "%s must be a whole number from 1 to %" G_GUINT64_FORMAT ", not “%s”",
                           name, max, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_extensions (CivicRequest       *req,
                  CivicOpen311Format  format,
                  gboolean           *out)
{
  const char *text = civic_request_query (req, "extensions");

  *out = FALSE;
  if (text == NULL || *text == '\0' || g_ascii_strcasecmp (text, "false") == 0 || g_str_equal (text, "0"))
    return TRUE;
  if (g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "1"))
    {
      *out = TRUE;
      return TRUE;
    }
  civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                       "extensions must be true or false, not “%s”", text);
  return FALSE;
}

void
civic_open311_get_requests (CivicRequest       *req,
                            CivicOpen311Format  format)
{
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(GString) s = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids = civic_request_query (req, "service_request_id");
  gint64 start = 0, end = 0, upd_after = G_MININT64, upd_before = G_MAXINT64;
  gboolean has_start, has_end, has_after, has_before, extensions;
  gboolean want_open = FALSE, want_closed = FALSE;
  guint64 page = 1, page_size = CIVIC_HTTP_MAX_PAGE_SIZE;
  guint bucket, i;
  /* parameters are numbered without gaps, as PostgreSQL needs */
  int next_param = 5, after_param = 0, before_param = 0;
  CivicDbStmt *stmt;
  CivicJsonWriter w;

  if (!parse_extensions (req, format, &extensions))
    return;
  if (ids != NULL && *ids != '\0')
    {
      requests_by_ids (req, format, ids, extensions);
      return;
    }

  if (!parse_time_param (req, format, "start_date", &start, &has_start) ||
      !parse_time_param (req, format, "end_date", &end, &has_end) ||
      !parse_time_param (req, format, "updated_after", &upd_after, &has_after) ||
      !parse_time_param (req, format, "updated_before", &upd_before, &has_before) ||
      !parse_count_param (req, format, "page", MAX_PAGE, &page) ||
      !parse_count_param (req, format, "page_size", CIVIC_HTTP_MAX_PAGE_SIZE, &page_size))
    return;

  /* The standard window: at most 90 days of requested_datetime, the last
   * 90 by default. A client catching up with updated_after/before asks
   * about changes, not submissions, so no default window applies then. */
  if (has_start && has_end)
    {
      if (end < start)
        {
          civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                               "end_date is before start_date");
          return;
        }
      if (end - start > WINDOW_S)
        {
          civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                               "start_date and end_date may be at most 90 days apart");
          return;
        }
    }
  else if (has_start)
    end = start + WINDOW_S;
  else if (has_end)
    start = end - WINDOW_S;
  else if (has_after || has_before)
    {
      start = G_MININT64;
      end = G_MAXINT64;
    }
  else
    {
      end = g_get_real_time () / G_USEC_PER_SEC;
      start = end - WINDOW_S;
    }
  if (has_after && has_before && upd_before < upd_after)
    {
      civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST, "updated_before is before updated_after");
      return;
    }

  statuses = split_list (civic_request_query (req, "status"));
  for (i = 0; i < statuses->len; i++)
    {
      const char *st = g_ptr_array_index (statuses, i);

      if (g_ascii_strcasecmp (st, "open") == 0)
        want_open = TRUE;
      else if (g_ascii_strcasecmp (st, "closed") == 0)
        want_closed = TRUE;
      else
        {
          civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                               "status must be open, closed or both (comma-separated), not “%s”", st);
          return;
        }
    }

  codes = split_list (civic_request_query (req, "service_code"));
  if (codes->len > MAX_CODES)
    {
      civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                           "service_code lists at most %d codes, not %u", MAX_CODES, codes->len);
      return;
    }

  /* The statement text depends only on which filters are present and on
   * the code list's size rounded up to a power of two (padded with its
   * last code), so each worker caches a handful of prepared shapes. */
  sql = g_string_new (NULL);
  g_string_append_printf (sql, "SELECT %s FROM cases c WHERE c.requested >= ?1 AND c.requested <= ?2",
                          civic_case_select_columns ());
  if (has_after)
    g_string_append_printf (sql, " AND c.updated >= ?%d", after_param = next_param++);
  if (has_before)
    g_string_append_printf (sql, " AND c.updated <= ?%d", before_param = next_param++);
  if (want_open != want_closed)
    g_string_append (sql, want_closed ? " AND c.state = 'closed'" : " AND c.state <> 'closed'");
  for (bucket = 1; bucket < codes->len; bucket *= 2)
    ;
  if (codes->len > 0)
    {
      g_string_append (sql, " AND c.service_code IN (");
      for (i = 0; i < bucket; i++)
        g_string_append_printf (sql, "%s?%d", i > 0 ? ", " : "", next_param + (int) i);
      g_string_append (sql, ")");
    }
  g_string_append (sql, " ORDER BY c.requested DESC, c.id DESC LIMIT ?3 OFFSET ?4");

  stmt = civic_db_prepare (req->conn, sql->str, &error);
  if (stmt == NULL)
    {
      reply_store_error (req, format, error);
      return;
    }
  civic_db_bind_int64 (stmt, 1, start);
  civic_db_bind_int64 (stmt, 2, end);
  if (has_after)
    civic_db_bind_int64 (stmt, after_param, upd_after);
  if (has_before)
    civic_db_bind_int64 (stmt, before_param, upd_before);
  civic_db_bind_int64 (stmt, 3, (gint64) page_size);
  civic_db_bind_int64 (stmt, 4, (gint64) ((page - 1) * page_size));
  for (i = 0; codes->len > 0 && i < bucket; i++)
    civic_db_bind_text (stmt, next_param + (int) i, g_ptr_array_index (codes, MIN (i, codes->len - 1)));

  s = g_string_sized_new (4096);
  begin_list (format, s, &w);
  while (civic_db_step (stmt, &error))
    if (!write_row (req, format, s, &w, stmt, extensions, &error))
      {
        civic_db_done (stmt);
        break;
      }
  if (error != NULL)
    {
      reply_store_error (req, format, error);
      return;
    }
  end_list (format, s, &w);
  civic_open311_reply (req, format, s);
}

void
civic_open311_get_request (CivicRequest *req)
{
  g_autoptr(GString) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  CivicOpen311Format format;
  gboolean extensions;
  CivicDbStmt *stmt;
  CivicJsonWriter w;

  id = civic_open311_split_format (req, civic_request_param (req, 0), &format);
  if (id == NULL ||
      !civic_open311_check_jurisdiction (req, format, civic_request_query (req, "jurisdiction_id")) ||
      !parse_extensions (req, format, &extensions))
    return;

  stmt = civic_db_prepare (req->conn, select_by_request_id (), &error);
  if (stmt == NULL)
    {
      reply_store_error (req, format, error);
      return;
    }
  civic_db_bind_text (stmt, 1, id);
  if (!civic_db_step (stmt, &error))
    {
      if (error != NULL)
        reply_store_error (req, format, error);
      else
        civic_open311_error (req, format, SOUP_STATUS_NOT_FOUND,
                             "There is no service request “%s”", id);
      return;
    }
  s = g_string_sized_new (1024);
  begin_list (format, s, &w);
  write_row (req, format, s, &w, stmt, extensions, &error);
  civic_db_done (stmt);
  if (error != NULL)
    {
      reply_store_error (req, format, error);
      return;
    }
  end_list (format, s, &w);
  civic_open311_reply (req, format, s);
}

void
civic_open311_get_token (CivicRequest *req)
{
  g_autoptr(GString) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  CivicOpen311Format format;
  CivicDbStmt *stmt;

  token = civic_open311_split_format (req, civic_request_param (req, 0), &format);
  if (token == NULL ||
      !civic_open311_check_jurisdiction (req, format, civic_request_query (req, "jurisdiction_id")))
    return;
  stmt = civic_db_prepare (req->conn, "SELECT request_id FROM cases WHERE token = ?1", &error);
  if (stmt == NULL)
    {
      reply_store_error (req, format, error);
      return;
    }
  civic_db_bind_text (stmt, 1, token);
  if (!civic_db_step (stmt, &error))
    {
      if (error != NULL)
        reply_store_error (req, format, error);
      else
        civic_open311_error (req, format, SOUP_STATUS_NOT_FOUND, "There is no request with the token “%s”", token);
      return;
    }
  s = g_string_new (NULL);
  if (format == CIVIC_OPEN311_XML)
    {
      g_autofree char *e_id = g_markup_escape_text (civic_db_column_text (stmt, 0), -1);
      g_autofree char *e_token = g_markup_escape_text (token, -1);

      g_string_append_printf (s, CIVIC_OPEN311_XML_HEAD "<service_requests><request>"
                              "<service_request_id>%s</service_request_id><token>%s</token>"
                              "</request></service_requests>", e_id, e_token);
    }
  else
    {
      CivicJsonWriter w;

      civic_json_writer_init (&w, s);
      civic_json_begin_array (&w);
      civic_json_begin_object (&w);
      civic_json_member_string (&w, "service_request_id", civic_db_column_text (stmt, 0));
      civic_json_member_string (&w, "token", token);
      civic_json_end_object (&w);
      civic_json_end_array (&w);
    }
  civic_db_done (stmt);
  civic_open311_reply (req, format, s);
}
