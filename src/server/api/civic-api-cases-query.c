/* civic-api-cases-query.c: the queue's filters as SQL
 *
 * Every value reaches the database as a bound parameter; only fixed
 * fragments from the tables below are pasted into the SQL text. Lists are
 * padded to a few fixed lengths so the per-connection statement cache
 * sees a small number of shapes, not one per request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-api-cases-private.h"
#include "civic-error.h"
#include "civic-db-search.h"
#include "model/civic-case-record.h"

#define MAX_LIST_ITEMS  32
#define MAX_VALUE_LEN   200
#define MAX_OFFSET      G_GINT64_CONSTANT (100000000)

struct _CivicCaseSort
{
  const char *name;
  const char *expr;       /* over alias c */
  gboolean    is_text;
  gboolean    nullable;   /* FALSE lets the index on the column serve the order */
};

static const CivicCaseSort sorts[] = {
  { "requested", "c.requested", FALSE, FALSE },
  { "updated", "c.updated", FALSE, FALSE },
  { "expected", "c.expected", FALSE, TRUE },
  { "priority", "(CASE c.priority WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END)",
    FALSE, FALSE },
  { "state", "(CASE c.state WHEN 'new' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'in_progress' THEN 2 "
             "WHEN 'waiting' THEN 3 ELSE 4 END)", FALSE, FALSE },
  { "service", "c.service_name", TRUE, TRUE },
  { "department", "c.department_id", TRUE, TRUE },
  { "assignee", "c.assignee", TRUE, TRUE },
  { "request_id", "c.request_id", TRUE, FALSE },
  { "address", "c.address", TRUE, TRUE },
  { "channel", "c.channel", TRUE, FALSE },
};

static const char *const channels[] = { "phone", "web", "mobile", "social", "field", "internal", NULL };

const char *const civic_case_filter_keys[] = {
  "state", "department", "service", "assignee", "channel", "overdue", "tag", "from", "to", "q", "sort",
  "limit", "offset", "after", NULL
};

void
civic_case_filter_clear (CivicCaseFilter *f)
{
  g_clear_pointer (&f->states, g_ptr_array_unref);
  g_clear_pointer (&f->departments, g_ptr_array_unref);
  g_clear_pointer (&f->services, g_ptr_array_unref);
  g_clear_pointer (&f->channels, g_ptr_array_unref);
  g_clear_pointer (&f->assignee, g_free);
  g_clear_pointer (&f->tag_key, g_free);
  g_clear_pointer (&f->q, g_free);
  g_clear_pointer (&f->after_text, g_free);
}

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_set_error_literal (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "");
  g_free ((*error)->message);
  (*error)->message = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

/* "a,b, c" → [a, b, c]; empty items and overlong values are refused. */
static gboolean
parse_list (const char  *name,
            const char  *value,
            GPtrArray  **out,
            GError     **error)
{
  g_auto(GStrv) items = g_strsplit (value, ",", -1);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  guint i;

  for (i = 0; items[i] != NULL; i++)
    {
      g_autofree char *item = g_strstrip (g_strdup (items[i]));

      if (*item == '\0')
        return invalid (error, "%s= has an empty item; give a comma-separated list like %s=a,b", name, name);
      if (strlen (item) > MAX_VALUE_LEN)
        return invalid (error, "%s= has a value longer than %d characters", name, MAX_VALUE_LEN);
      g_ptr_array_add (list, g_steal_pointer (&item));
    }
  if (list->len > MAX_LIST_ITEMS)
    return invalid (error, "%s= lists %u values; at most %d are allowed", name, list->len, MAX_LIST_ITEMS);
  *out = g_steal_pointer (&list);
  return TRUE;
}

static gboolean
parse_int (const char *name,
           const char *value,
           gint64      min,
           gint64      max,
           gint64     *out,
           GError    **error)
{
  guint64 n;

  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &n, NULL) ||
      (gint64) n < min || (gint64) n > max)
    return invalid (error, "%s= must be a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                    "; “%s” is not", name, min, max, value);
  *out = (gint64) n;
  return TRUE;
}

static char *
encode_cursor (const CivicCaseFilter *f,
               CivicDbStmt           *stmt,
               int                    key_col,
               gint64                 id)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *b64 = NULL;

  g_string_append_printf (s, "%s%s|%" G_GINT64_FORMAT "|", f->descending ? "-" : "", f->sort->name, id);
  if (civic_db_column_is_null (stmt, key_col))
    g_string_append (s, "n|");
  else if (f->sort->is_text)
    g_string_append_printf (s, "t|%s", civic_db_column_text (stmt, key_col));
  else
    g_string_append_printf (s, "i|%" G_GINT64_FORMAT, civic_db_column_int64 (stmt, key_col));
  b64 = g_base64_encode ((const guchar *) s->str, s->len);
  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  g_strdelimit (b64, "=", '\0');
  return g_steal_pointer (&b64);
}

static gboolean
decode_cursor (CivicCaseFilter  *f,
               const char       *cursor,
               GError          **error)
{
  g_autofree char *b64 = NULL;
  g_autofree guchar *raw = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected_sort = g_strdup_printf ("%s%s", f->descending ? "-" : "", f->sort->name);
  g_auto(GStrv) parts = NULL;
  gsize len = 0, i;
  guint64 id;

  if (strlen (cursor) > 2048)
    return invalid (error, "after= is not a cursor this server gave out");
  b64 = g_strdup (cursor);
  for (i = 0; b64[i] != '\0'; i++)
    if (!g_ascii_isalnum (b64[i]) && b64[i] != '-' && b64[i] != '_')
      return invalid (error, "after= is not a cursor this server gave out");
  g_strdelimit (b64, "-", '+');
  g_strdelimit (b64, "_", '/');
  while (strlen (b64) % 4 != 0)
    {
      char *padded = g_strconcat (b64, "=", NULL);

      g_free (b64);
      b64 = padded;
    }
  raw = g_base64_decode (b64, &len);
  text = g_strndup ((const char *) raw, len);
  if (strlen (text) != len || !g_utf8_validate (text, -1, NULL))
    return invalid (error, "after= is not a cursor this server gave out");
  parts = g_strsplit (text, "|", 4);
  if (g_strv_length (parts) != 4 || strlen (parts[2]) != 1 ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXINT64, &id, NULL))
    return invalid (error, "after= is not a cursor this server gave out");
  if (!g_str_equal (parts[0], expected_sort))
    return invalid (error, "This after= cursor was made for sort=%s, not sort=%s; start again without after=",
                    parts[0], expected_sort);
  f->has_after = TRUE;
  f->after_id = (gint64) id;
  switch (parts[2][0])
    {
    case 'n':
      f->after_null = TRUE;
      return TRUE;
    case 't':
      if (!f->sort->is_text)
        break;
      f->after_text = g_strdup (parts[3]);
      return TRUE;
    case 'i':
      if (f->sort->is_text || !g_ascii_string_to_signed (parts[3], 10, G_MININT64, G_MAXINT64, &f->after_int, NULL))
        break;
      return TRUE;
    default:
      break;
    }
  return invalid (error, "after= is not a cursor this server gave out");
}

gboolean
civic_case_filter_parse (GHashTable          *params,
                         const char          *me,
                         CivicCaseFilterUse   use,
                         CivicCaseFilter     *f,
                         GError             **error)
{
  GHashTableIter iter;
  gpointer key, value;
  const char *v;
  const char *sort = "-requested";
  gint64 n;

  memset (f, 0, sizeof *f);
  f->overdue = -1;
  f->limit = CIVIC_CASE_DEFAULT_LIMIT;

  if (params != NULL)
    {
      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (!g_strv_contains (civic_case_filter_keys, key))
            return invalid (error, "“%s” is not a case filter; use %s", (const char *) key,
                            "state, department, service, assignee, channel, overdue, tag, from, to, q, sort, "
                            "limit, offset or after");
          if (value == NULL || !g_utf8_validate (value, -1, NULL))
            return invalid (error, "%s= is not valid UTF-8 text", (const char *) key);
          if (use == CIVIC_CASE_FILTER_VIEW &&
              (g_str_equal (key, "limit") || g_str_equal (key, "offset") || g_str_equal (key, "after")))
            return invalid (error, "A saved view keeps filters and a sort, not %s", (const char *) key);
        }
    }

#define PARAM(name) (params != NULL ? (const char *) g_hash_table_lookup (params, name) : NULL)

  if ((v = PARAM ("state")) != NULL)
    {
      if (!parse_list ("state", v, &f->states, error))
        return FALSE;
      for (guint i = 0; i < f->states->len; i++)
        if (!civic_case_state_is_valid (g_ptr_array_index (f->states, i)))
          return invalid (error, "“%s” is not a case state; use new, acknowledged, in_progress, waiting or closed",
                          (const char *) g_ptr_array_index (f->states, i));
    }
  if ((v = PARAM ("department")) != NULL && !parse_list ("department", v, &f->departments, error))
    return FALSE;
  if ((v = PARAM ("service")) != NULL && !parse_list ("service", v, &f->services, error))
    return FALSE;
  if ((v = PARAM ("channel")) != NULL)
    {
      if (!parse_list ("channel", v, &f->channels, error))
        return FALSE;
      for (guint i = 0; i < f->channels->len; i++)
        if (!g_strv_contains (channels, g_ptr_array_index (f->channels, i)))
          return invalid (error, "“%s” is not a channel; use phone, web, mobile, social, field or internal",
                          (const char *) g_ptr_array_index (f->channels, i));
    }
  if ((v = PARAM ("assignee")) != NULL)
    {
      if (*v == '\0' || strlen (v) > 64)
        return invalid (error, "assignee= must be me, none or a username");
      if (g_str_equal (v, "none"))
        f->assignee = g_strdup ("");
      else if (g_str_equal (v, "me") && me != NULL)
        f->assignee = g_strdup (me);
      else
        f->assignee = g_strdup (v);
    }
  if ((v = PARAM ("overdue")) != NULL)
    {
      if (g_str_equal (v, "true"))
        f->overdue = 1;
      else if (g_str_equal (v, "false"))
        f->overdue = 0;
      else
        return invalid (error, "overdue= must be true or false, not “%s”", v);
    }
  if ((v = PARAM ("tag")) != NULL)
    {
      const char *tag = v[0] == '#' ? v + 1 : v;

      if (!civic_tag_is_valid (tag))
        return invalid (error, "“%s” is not a tag: up to %d letters, digits, - or _", v, CIVIC_CASE_MAX_TAG_LEN);
      f->tag_key = g_utf8_casefold (tag, -1);
    }
  if ((v = PARAM ("from")) != NULL && !civic_parse_time (v, &f->from))
    return invalid (error, "from= must be a date and time like 2026-03-01T00:00:00Z, not “%s”", v);
  if ((v = PARAM ("to")) != NULL && !civic_parse_time (v, &f->to))
    return invalid (error, "to= must be a date and time like 2026-03-31T23:59:59Z, not “%s”", v);
  if (f->from != 0 && f->to != 0 && f->from > f->to)
    return invalid (error, "from= is after to=; the range is empty");
  if ((v = PARAM ("q")) != NULL)
    {
      if (g_utf8_strlen (v, -1) > MAX_VALUE_LEN)
        return invalid (error, "q= is longer than %d characters", MAX_VALUE_LEN);
      f->q = g_strstrip (g_strdup (v));
    }
  if ((v = PARAM ("sort")) != NULL)
    sort = v;
  f->descending = sort[0] == '-';
  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    if (g_str_equal (sorts[i].name, sort + (f->descending ? 1 : 0)))
      f->sort = &sorts[i];
  if (f->sort == NULL)
    return invalid (error, "sort= must be one of requested, updated, expected, priority, state, service, "
                    "department, assignee or request_id (with - in front for descending), not “%s”", sort);
  if ((v = PARAM ("limit")) != NULL)
    {
      if (!parse_int ("limit", v, 1, CIVIC_HTTP_MAX_PAGE_SIZE, &n, error))
        return FALSE;
      f->limit = (guint) n;
    }
  if ((v = PARAM ("offset")) != NULL && !parse_int ("offset", v, 0, MAX_OFFSET, &f->offset, error))
    return FALSE;
  if ((v = PARAM ("after")) != NULL)
    {
      if (PARAM ("offset") != NULL)
        return invalid (error, "Give either offset= or after=, not both");
      if (!decode_cursor (f, v, error))
        return FALSE;
    }
#undef PARAM
  return TRUE;
}

/* ---- SQL ------------------------------------------------------------- */

typedef struct
{
  gboolean  is_int;
  gint64    i;
  char     *s;
} Bind;

static void
bind_clear (gpointer data)
{
  g_free (((Bind *) data)->s);
}

static int
add_text (GArray     *binds,
          const char *s)
{
  Bind b = { FALSE, 0, g_strdup (s) };

  g_array_append_val (binds, b);
  return (int) binds->len;
}

static int
add_int (GArray *binds,
         gint64  i)
{
  Bind b = { TRUE, i, NULL };

  g_array_append_val (binds, b);
  return (int) binds->len;
}

static void
add_in_list (GString    *where,
             GArray     *binds,
             const char *column,
             GPtrArray  *values)
{
  guint padded = 1;
  guint i;

  while (padded < values->len)
    padded *= 2;
  g_string_append_printf (where, " AND %s IN (", column);
  for (i = 0; i < padded; i++)
    {
      const char *v = g_ptr_array_index (values, MIN (i, values->len - 1));

      g_string_append_printf (where, "%s?%d", i > 0 ? ", " : "", add_text (binds, v));
    }
  g_string_append_c (where, ')');
}

/* Looks the text up as a tracking number first: a clerk who types one
 * means that case, not every case whose words contain its digits. */
static gboolean
is_request_id (CivicDbConn *conn,
               const char  *q)
{
  return civic_db_exists (conn, "SELECT 1 FROM cases WHERE request_id = ?1", q, NULL);
}

/* Returns FALSE when the filter can match nothing. */
static gboolean
build_where (CivicCaseFilter *f,
             CivicDbConn     *conn,
             gint64           now,
             GString         *where,
             GArray          *binds)
{
  g_string_append (where, "1 = 1");
  if (f->states != NULL)
    add_in_list (where, binds, "c.state", f->states);
  if (f->departments != NULL)
    add_in_list (where, binds, "c.department_id", f->departments);
  if (f->services != NULL)
    add_in_list (where, binds, "c.service_code", f->services);
  if (f->channels != NULL)
    add_in_list (where, binds, "c.channel", f->channels);
  if (f->assignee != NULL && *f->assignee == '\0')
    g_string_append (where, " AND c.assignee IS NULL");
  else if (f->assignee != NULL)
    g_string_append_printf (where, " AND c.assignee = ?%d", add_text (binds, f->assignee));
  if (f->overdue == 1)
    g_string_append_printf (where, " AND c.state <> 'closed' AND c.expected < ?%d", add_int (binds, now));
  else if (f->overdue == 0)
    g_string_append_printf (where, " AND (c.state = 'closed' OR c.expected IS NULL OR c.expected >= ?%d)",
                            add_int (binds, now));
  if (f->tag_key != NULL)
    g_string_append_printf (where, " AND EXISTS (SELECT 1 FROM case_tags t WHERE t.case_id = c.id AND t.tag_key = ?%d)",
                            add_text (binds, f->tag_key));
  if (f->from != 0)
    g_string_append_printf (where, " AND c.requested >= ?%d", add_int (binds, f->from));
  if (f->to != 0)
    g_string_append_printf (where, " AND c.requested <= ?%d", add_int (binds, f->to));
  if (f->q != NULL && *f->q != '\0')
    {
      const char *q = f->q[0] == '#' ? f->q + 1 : f->q;

      if (is_request_id (conn, q))
        g_string_append_printf (where, " AND c.request_id = ?%d", add_text (binds, q));
      else
        {
          g_autofree char *match = NULL;

          g_string_append (where, " AND ");
          match = civic_db_search_case_words (conn, q, (int) binds->len + 1, where);
          if (match == NULL)
            return FALSE;
          add_text (binds, match);
        }
    }
  return TRUE;
}

static void
bind_all (CivicDbStmt *stmt,
          GArray      *binds)
{
  guint i;

  for (i = 0; i < binds->len; i++)
    {
      Bind *b = &g_array_index (binds, Bind, i);

      if (b->is_int)
        civic_db_bind_int64 (stmt, (int) i + 1, b->i);
      else
        civic_db_bind_text (stmt, (int) i + 1, b->s);
    }
}

/* NULLs sort last in both directions, in SQLite and PostgreSQL alike,
 * because (key IS NULL) is the first sort key. */
static void
append_cursor_condition (CivicCaseFilter *f,
                         GString         *sql,
                         GArray          *binds)
{
  const char *key = f->sort->expr;
  const char *cmp = f->descending ? "<" : ">";
  int id_param = add_int (binds, f->after_id);

  if (f->after_null)
    {
      g_string_append_printf (sql, " AND (%s IS NULL AND c.id %s ?%d)", key, cmp, id_param);
      return;
    }
  {
    int v = f->sort->is_text ? add_text (binds, f->after_text) : add_int (binds, f->after_int);

    g_string_append_printf (sql, " AND (%s%s%s %s ?%d OR (%s = ?%d AND c.id %s ?%d))",
                            f->sort->nullable ? key : "", f->sort->nullable ? " IS NULL OR " : "",
                            key, cmp, v, key, v, cmp, id_param);
  }
}

gboolean
civic_case_filter_run (CivicDbConn     *conn,
                       CivicCaseFilter *f,
                       gint64           now,
                       GString         *out,
                       GError         **error)
{
  g_autoptr(GArray) binds = g_array_new (FALSE, TRUE, sizeof (Bind));
  g_autoptr(GString) where = g_string_new (NULL);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *next = NULL;
  const char *dir = f->descending ? "DESC" : "ASC";
  int key_col = (int) civic_case_n_fields + 1;
  gint64 total = 0;
  gboolean possible;
  gboolean more = FALSE;
  CivicDbStmt *stmt;
  CivicJsonWriter w;
  guint n = 0;

  g_array_set_clear_func (binds, bind_clear);
  possible = build_where (f, conn, now, where, binds);

  civic_json_writer_init (&w, out);
  civic_json_begin_object (&w);
  civic_json_key (&w, "cases");
  civic_json_begin_array (&w);
  if (possible)
    {
      guint n_where_binds = binds->len;

      g_string_printf (sql, "SELECT %s, %s FROM cases c WHERE %s", civic_case_select_columns (), f->sort->expr,
                       where->str);
      if (f->has_after)
        append_cursor_condition (f, sql, binds);
      g_string_append (sql, " ORDER BY ");
      if (f->sort->nullable)
        g_string_append_printf (sql, "(%s IS NULL), ", f->sort->expr);
      g_string_append_printf (sql, "%s %s, c.id %s LIMIT ?%d OFFSET ?%d",
                              f->sort->expr, dir, dir,
                              add_int (binds, (gint64) f->limit + 1), add_int (binds, f->offset));
      stmt = civic_db_prepare (conn, sql->str, error);
      if (stmt == NULL)
        return FALSE;
      bind_all (stmt, binds);
      while (civic_db_step (stmt, error))
        {
          if (n == f->limit)
            {
              /* a row beyond the page: the cursor of the page's last row
               * leads on */
              more = TRUE;
              civic_db_done (stmt);
              break;
            }
          civic_case_write_json (&w, stmt, 0, CIVIC_CASE_VIEW_STAFF);
          if (++n == f->limit)
            next = encode_cursor (f, stmt, key_col, civic_case_row_id (stmt, 0));
        }
      if (error != NULL && *error != NULL)
        return FALSE;
      if (!more)
        g_clear_pointer (&next, g_free);

      g_array_set_size (binds, n_where_binds);
      g_string_printf (sql, "SELECT COUNT(*) FROM cases c WHERE %s", where->str);
      stmt = civic_db_prepare (conn, sql->str, error);
      if (stmt == NULL)
        return FALSE;
      bind_all (stmt, binds);
      if (civic_db_step (stmt, error))
        {
          total = civic_db_column_int64 (stmt, 0);
          civic_db_done (stmt);
        }
      else if (error != NULL && *error != NULL)
        return FALSE;
    }
  civic_json_end_array (&w);
  civic_json_member_int (&w, "total", total);
  civic_json_member_string (&w, "next", next);
  civic_json_end_object (&w);
  return TRUE;
}
