/* civic-store-query.c: the queue's filter, counts and pages of ids
 *
 * Bar: count + first page for any single filter in ≤ 50 ms on a million
 * cases. How each part gets there:
 *  - counts for state, department, service, assignee, channel and tag come
 *    from case_counts, kept by triggers in the same transactions as the
 *    cases: a handful of rows summed, whatever the size of the store;
 *  - "newest first" is id order, which every equality index and the FTS
 *    index already hold, so a page is a short backwards walk;
 *  - overdue and date ranges count over narrow covering indexes (only
 *    open cases are in the overdue one);
 *  - text search counts inside the FTS index without touching cases.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-store-private.h"

#include <string.h>

#include "civic-error.h"

G_DEFINE_BOXED_TYPE (CivicCaseFilter, civic_case_filter,
                     civic_case_filter_copy, civic_case_filter_free)

CivicCaseFilter *
civic_case_filter_new (void)
{
  return g_new0 (CivicCaseFilter, 1);
}

CivicCaseFilter *
civic_case_filter_copy (const CivicCaseFilter *filter)
{
  CivicCaseFilter *copy = g_memdup2 (filter, sizeof *filter);

  copy->department = g_strdup (filter->department);
  copy->service_code = g_strdup (filter->service_code);
  copy->assignee = g_strdup (filter->assignee);
  copy->tag = g_strdup (filter->tag);
  copy->text = g_strdup (filter->text);

  return copy;
}

void
civic_case_filter_free (CivicCaseFilter *filter)
{
  if (filter == NULL)
    return;

  g_free (filter->department);
  g_free (filter->service_code);
  g_free (filter->assignee);
  g_free (filter->tag);
  g_free (filter->text);
  g_free (filter);
}

/* ---- building SQL ---------------------------------------------------- */

#define ALL_STATES   ((1u << (CIVIC_CASE_STATE_LAST + 1)) - 1)
#define ALL_CHANNELS ((1u << (CIVIC_CHANNEL_LAST + 1)) - 1)

typedef struct
{
  GString   *sql;
  GPtrArray *texts;    /* bound in order, as ?1, ?2, … */
  GArray    *ints;     /* (index, value) pairs */
  guint      n_params;
  gboolean   newest_few; /* a short page from the newest case down */
} Query;

static void
query_init (Query *q)
{
  q->sql = g_string_new (NULL);
  q->texts = g_ptr_array_new_with_free_func (g_free);
  q->ints = g_array_new (FALSE, FALSE, sizeof (gint64));
  q->n_params = 0;
  q->newest_few = FALSE;
}

static void
query_clear (Query *q)
{
  g_string_free (q->sql, TRUE);
  g_ptr_array_unref (q->texts);
  g_array_unref (q->ints);
}

/* Parameters are kept as text or integer; NULL in texts marks "integer,
 * see ints at the same position". */
static void
param_text (Query      *q,
            const char *text)
{
  gint64 unused = 0;

  g_ptr_array_add (q->texts, g_strdup (text));
  g_array_append_val (q->ints, unused);
  q->n_params++;
  g_string_append_printf (q->sql, "?%u", q->n_params);
}

static void
param_int (Query  *q,
           gint64  value)
{
  g_ptr_array_add (q->texts, NULL);
  g_array_append_val (q->ints, value);
  q->n_params++;
  g_string_append_printf (q->sql, "?%u", q->n_params);
}

static void
bind_params (Query        *q,
             sqlite3_stmt *stmt)
{
  for (guint i = 0; i < q->n_params; i++)
    {
      const char *text = g_ptr_array_index (q->texts, i);

      if (text != NULL)
        sqlite3_bind_text (stmt, i + 1, text, -1, SQLITE_STATIC);
      else
        sqlite3_bind_int64 (stmt, i + 1, g_array_index (q->ints, gint64, i));
    }
}

static void
append_bits (GString    *sql,
             guint       bits,
             gboolean    quoted)
{
  gboolean first = TRUE;

  g_string_append_c (sql, '(');
  for (guint i = 0; i < 32; i++)
    {
      if ((bits & (1u << i)) == 0)
        continue;
      g_string_append_printf (sql, quoted ? "%s'%u'" : "%s%u", first ? "" : ", ", i);
      first = FALSE;
    }
  g_string_append_c (sql, ')');
}

/* User text → an FTS5 query that cannot be a syntax error: every run of
 * letters and digits becomes a quoted token, and all must match. Splitting
 * here like the unicode61 tokenizer does keeps "311-2026-004213" from
 * becoming a phrase, which an index without positions cannot answer.
 * NULL when nothing searchable is left. */
static char *
match_expression (const char *text)
{
  g_autoptr(GString) expr = g_string_new (NULL);
  gboolean in_token = FALSE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c) || g_unichar_ismark (c))
        {
          if (!in_token)
            g_string_append (expr, expr->len > 0 ? " \"" : "\"");
          g_string_append_unichar (expr, c);
          in_token = TRUE;
        }
      else if (in_token)
        {
          g_string_append_c (expr, '"');
          in_token = FALSE;
        }
    }
  if (in_token)
    g_string_append_c (expr, '"');

  return expr->len > 0 ? g_strdup (expr->str) : NULL;
}

static gint64
filter_now (const CivicCaseFilter *filter)
{
  return filter->now != 0 ? filter->now : g_get_real_time () / G_USEC_PER_SEC;
}

typedef enum
{
  DRIVER_CASES,
  DRIVER_TAGS,
  DRIVER_FTS,
} Driver;

static guint
effective_states (const CivicCaseFilter *filter)
{
  guint states = filter->states & ALL_STATES;

  return states == ALL_STATES ? 0 : states;
}

static guint
effective_channels (const CivicCaseFilter *filter)
{
  guint channels = filter->channels & ALL_CHANNELS;

  return channels == ALL_CHANNELS ? 0 : channels;
}

/* The briefing's conditions (closed in a range, open at an instant, due
 * before, an area): none has a maintained count or a forced index. */
static gboolean
briefing_terms (const CivicCaseFilter *filter)
{
  return filter->closed_from != 0 || filter->closed_to != 0 || filter->closed_on_time ||
         filter->open_at != 0 || filter->due_before != 0 || filter->in_area;
}

static void
param_double (Query  *q,
              double  value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* bound as text: a REAL column's affinity turns it back into the same
   * double, and Query keeps only texts and integers */
  param_text (q, g_ascii_dtostr (buf, sizeof buf, value));
}

static void
append_briefing_terms (Query                 *q,
                       const CivicCaseFilter *filter,
                       const char            *and)
{
  if (filter->closed_from != 0)
    {
      g_string_append_printf (q->sql, "%sc.state = 4 AND c.closed >= ", and);
      param_int (q, filter->closed_from);
      and = " AND ";
    }
  if (filter->closed_to != 0)
    {
      g_string_append_printf (q->sql, "%sc.state = 4 AND c.closed < ", and);
      param_int (q, filter->closed_to);
      and = " AND ";
    }
  if (filter->closed_on_time)
    {
      g_string_append_printf (q->sql, "%sc.state = 4 AND (c.expected IS NULL OR c.closed <= c.expected)", and);
      and = " AND ";
    }
  if (filter->open_at != 0)
    {
      guint at;

      /* two index ranges (still open; closed since) instead of an OR
       * that would read every case */
      g_string_append_printf (q->sql, "%sc.id IN (SELECT id FROM cases WHERE state <> 4 AND requested < ", and);
      param_int (q, filter->open_at);
      at = q->n_params;
      /* "+requested": the planner would take an index on requested
       * and read every case before the instant */
      g_string_append_printf (q->sql, " UNION ALL SELECT id FROM cases WHERE state = 4 AND closed >= ?%u"
                              " AND +requested < ?%u)", at, at);
      and = " AND ";
    }
  if (filter->due_before != 0)
    {
      g_string_append_printf (q->sql, "%sc.expected < ", and);
      param_int (q, filter->due_before);
      and = " AND ";
    }
  if (filter->in_area)
    {
      g_string_append_printf (q->sql, "%sc.lat >= ", and);
      param_double (q, filter->lat_min);
      g_string_append (q->sql, " AND c.lat < ");
      param_double (q, filter->lat_max);
      g_string_append (q->sql, " AND c.lon >= ");
      param_double (q, filter->lon_min);
      g_string_append (q->sql, " AND c.lon < ");
      param_double (q, filter->lon_max);
    }
}

/* Appends " FROM … WHERE …" and returns the expression that orders rows
 * by arrival. @need_cases: a join to cases is wanted (for a sort column). */
static const char *
append_from_where (Query                 *q,
                   const CivicCaseFilter *filter,
                   const gint64          *codes,
                   const char            *match,
                   gboolean               need_cases)
{
  guint states = effective_states (filter);
  guint channels = effective_channels (filter);
  gboolean case_terms = channels != 0 || filter->department != NULL ||
                        filter->service_code != NULL || filter->assignee != NULL ||
                        filter->overdue_only || filter->requested_from != 0 ||
                        filter->requested_to != 0;
  Driver driver = match != NULL ? DRIVER_FTS
                  : filter->tag != NULL ? DRIVER_TAGS
                  : DRIVER_CASES;
  const char *open_index = NULL;
  const char *key;
  const char *and = " WHERE ";

  /* Open cases only, newest first: the partial indexes over open cases
   * list exactly those rows in id order, so a page deep in the list is
   * as cheap as the first. The planner cannot know that most of a city's
   * history is closed, so it is told. */
  if (driver == DRIVER_CASES && !need_cases && states != 0 &&
      (states & CIVIC_CASE_STATE_BIT (CIVIC_CASE_STATE_CLOSED)) == 0 &&
      !filter->overdue_only && filter->requested_from == 0 && filter->requested_to == 0)
    {
      if (filter->assignee != NULL)
        open_index = "cases_open_assignee";
      else if (filter->service_code != NULL)
        open_index = "cases_open_service";
      else if (filter->department != NULL)
        open_index = "cases_open_department";
      else if (channels == 0)
        open_index = "cases_open";
      else if ((channels & (channels - 1)) == 0)
        open_index = "cases_open_channel";
    }
  /* A date range alone: the rows of the range from the requested index,
   * sorted by id, beat a backwards walk over every case that the planner
   * prefers to avoid the sort (measured: 115 ms → a few at a million). */
  /* … unless only the newest few are wanted from a range that reaches
   * today: walking back from the newest case finds them at once. */
  else if (driver == DRIVER_CASES && !need_cases && channels == 0 &&
           (filter->requested_from != 0 || filter->requested_to != 0) &&
           !(q->newest_few && filter->requested_to == 0) &&
           !filter->overdue_only && filter->department == NULL &&
           filter->service_code == NULL && filter->assignee == NULL)
    open_index = "cases_requested";
  /* Overdue cases are a few thousand rows of the overdue index, sorted;
   * walking all open cases newest first to find old ones is slower, but
   * looks cheaper to the planner. */
  else if (driver == DRIVER_CASES && filter->overdue_only &&
           filter->department == NULL && filter->service_code == NULL &&
           filter->assignee == NULL)
    open_index = "cases_overdue";

  if (briefing_terms (filter))
    {
      open_index = NULL;
      case_terms = TRUE;
    }

  /* a tag row carries its case's state: tag + state needs no join */
  if (driver != DRIVER_TAGS && states != 0)
    case_terms = TRUE;
  if (driver == DRIVER_FTS && filter->tag != NULL)
    case_terms = TRUE;

  switch (driver)
    {
    case DRIVER_FTS:
      g_string_append (q->sql, " FROM cases_fts");
      if (case_terms || need_cases)
        g_string_append (q->sql, " JOIN cases c ON c.id = cases_fts.rowid");
      g_string_append (q->sql, " WHERE cases_fts MATCH ");
      param_text (q, match);
      key = "cases_fts.rowid";
      and = " AND ";
      break;

    case DRIVER_TAGS:
      g_string_append (q->sql, " FROM case_tags t");
      if (case_terms || need_cases)
        g_string_append (q->sql, " JOIN cases c ON c.id = t.case_id");
      g_string_append (q->sql, " WHERE t.tag = ");
      param_text (q, filter->tag);
      if (states != 0)
        {
          g_string_append (q->sql, " AND t.state IN ");
          append_bits (q->sql, states, FALSE);
        }
      key = "t.case_id";
      and = " AND ";
      break;

    case DRIVER_CASES:
    default:
      g_string_append (q->sql, " FROM cases c");
      if (open_index != NULL)
        g_string_append_printf (q->sql, " INDEXED BY %s", open_index);
      key = "c.id";
      break;
    }

  if (driver != DRIVER_TAGS && states == CIVIC_CASE_STATES_OPEN)
    {
      /* every open state: the partial indexes' own condition, so an
       * index of open cases answers without reading a row */
      g_string_append_printf (q->sql, "%sc.state <> 4", and);
      and = " AND ";
    }
  else if (driver != DRIVER_TAGS && states != 0)
    {
      g_string_append_printf (q->sql, "%sc.state IN ", and);
      append_bits (q->sql, states, FALSE);
      /* spelled out so the planner may use the indexes of open cases */
      if ((states & CIVIC_CASE_STATE_BIT (CIVIC_CASE_STATE_CLOSED)) == 0)
        g_string_append (q->sql, " AND c.state <> 4");
      and = " AND ";
    }
  if (channels != 0)
    {
      g_string_append_printf (q->sql, "%sc.channel IN ", and);
      append_bits (q->sql, channels, FALSE);
      and = " AND ";
    }
  if (filter->department != NULL)
    {
      g_string_append_printf (q->sql, "%sc.department_id = ", and);
      param_int (q, codes[CIVIC_COUNT_DEPARTMENT]);
      and = " AND ";
    }
  if (filter->service_code != NULL)
    {
      g_string_append_printf (q->sql, "%sc.service_id = ", and);
      param_int (q, codes[CIVIC_COUNT_SERVICE]);
      and = " AND ";
    }
  if (filter->assignee != NULL && filter->assignee[0] == '\0')
    {
      g_string_append_printf (q->sql, "%sc.assignee_id = 0", and);
      and = " AND ";
    }
  else if (filter->assignee != NULL)
    {
      g_string_append_printf (q->sql, "%sc.assignee_id = ", and);
      param_int (q, codes[CIVIC_COUNT_ASSIGNEE]);
      and = " AND ";
    }
  if (filter->overdue_only)
    {
      /* spelled as the partial index's WHERE, so the planner can use it */
      g_string_append_printf (q->sql, "%sc.state <> 4 AND c.expected < ", and);
      param_int (q, filter_now (filter));
      and = " AND ";
    }
  if (filter->requested_from != 0)
    {
      g_string_append_printf (q->sql, "%sc.requested >= ", and);
      param_int (q, filter->requested_from);
      and = " AND ";
    }
  if (filter->requested_to != 0)
    {
      g_string_append_printf (q->sql, "%sc.requested < ", and);
      param_int (q, filter->requested_to);
      and = " AND ";
    }
  if (briefing_terms (filter))
    {
      append_briefing_terms (q, filter, and);
      and = " AND ";
    }
  if (driver == DRIVER_FTS && filter->tag != NULL)
    {
      g_string_append_printf (q->sql,
                              "%sEXISTS (SELECT 1 FROM case_tags t "
                              "WHERE t.tag = ", and);
      param_text (q, filter->tag);
      g_string_append (q->sql, " AND t.case_id = c.id)");
    }

  return key;
}

/* Filters name departments, services and assignees by text; rows carry
 * their integer codes. A value never seen matches no row: -1. */
static gboolean
lookup_codes (CivicStore             *store,
              const CivicCaseFilter  *filter,
              gint64                 *codes,
              GError                **error)
{
  const char *values[CIVIC_COUNT_ASSIGNEE + 1] = {
    [CIVIC_COUNT_DEPARTMENT] = filter->department,
    [CIVIC_COUNT_SERVICE] = filter->service_code,
    [CIVIC_COUNT_ASSIGNEE] = filter->assignee,
  };

  for (int dim = CIVIC_COUNT_DEPARTMENT; dim <= CIVIC_COUNT_ASSIGNEE; dim++)
    {
      if (!civic_store_value_id (store, dim, values[dim], FALSE, &codes[dim], error))
        return FALSE;
      if (values[dim] != NULL && codes[dim] == 0)
        codes[dim] = -1;
    }
  return TRUE;
}

/* The maintained counts answer when at most one column besides the state
 * is filtered on; returns FALSE when they cannot. */
static gboolean
append_counts_query (Query                 *q,
                     const CivicCaseFilter *filter)
{
  guint states = effective_states (filter);
  guint channels = effective_channels (filter);
  guint n_dims = (channels != 0) + (filter->department != NULL) +
                 (filter->service_code != NULL) + (filter->assignee != NULL) +
                 (filter->tag != NULL);

  if (n_dims > 1 || filter->overdue_only ||
      (filter->assignee != NULL && filter->assignee[0] == '\0') ||
      filter->requested_from != 0 || filter->requested_to != 0 ||
      briefing_terms (filter))
    return FALSE;

  g_string_append (q->sql, "SELECT ifnull (sum (n), 0) FROM case_counts WHERE dim = ");
  if (channels != 0)
    {
      g_string_append_printf (q->sql, "%d AND value IN ", CIVIC_COUNT_CHANNEL);
      append_bits (q->sql, channels, TRUE);
    }
  else
    {
      const char *value = "";
      int dim = CIVIC_COUNT_ALL;

      if (filter->department != NULL)
        dim = CIVIC_COUNT_DEPARTMENT, value = filter->department;
      else if (filter->service_code != NULL)
        dim = CIVIC_COUNT_SERVICE, value = filter->service_code;
      else if (filter->assignee != NULL)
        dim = CIVIC_COUNT_ASSIGNEE, value = filter->assignee;
      else if (filter->tag != NULL)
        dim = CIVIC_COUNT_TAG, value = filter->tag;

      g_string_append_printf (q->sql, "%d AND value = ", dim);
      param_text (q, value);
    }

  if (states != 0)
    {
      g_string_append (q->sql, " AND state IN ");
      append_bits (q->sql, states, FALSE);
    }

  return TRUE;
}

/* ---- the queue ------------------------------------------------------- */

/* A date range and nothing else: counted from the requested index alone
 * (under a millisecond for a week of a million cases). */
static gboolean
date_range_only (const CivicCaseFilter *filter)
{
  return (filter->requested_from != 0 || filter->requested_to != 0) &&
         effective_states (filter) == 0 && effective_channels (filter) == 0 &&
         filter->department == NULL && filter->service_code == NULL &&
         filter->assignee == NULL && filter->tag == NULL && !filter->overdue_only &&
         (filter->text == NULL || filter->text[0] == '\0');
}

static gint64
count_cases (CivicStore             *store,
             const CivicCaseFilter  *filter,
             gboolean                kept_only,
             GError                **error)
{
  CivicCaseFilter any = { 0 };
  g_autofree char *match = NULL;
  gint64 codes[CIVIC_COUNT_ASSIGNEE + 1] = { 0 };
  sqlite3_stmt *stmt;
  gint64 count = -1;
  Query q;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), -1);

  if (filter == NULL)
    filter = &any;
  match = match_expression (filter->text);
  if (!lookup_codes (store, filter, codes, error))
    return -1;

  query_init (&q);
  if (match == NULL && append_counts_query (&q, filter))
    ;
  else if (kept_only && (match != NULL || !date_range_only (filter)))
    {
      query_clear (&q);
      return -1;
    }
  else
    {
      g_string_truncate (q.sql, 0);
      g_string_append (q.sql, "SELECT count(*)");
      append_from_where (&q, filter, codes, match, FALSE);
    }

  stmt = civic_store_prepare (store, q.sql->str, error);
  if (stmt != NULL)
    {
      bind_params (&q, stmt);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      else
        civic_store_set_error (store, rc, error);
      sqlite3_reset (stmt);
    }
  query_clear (&q);

  return count;
}

gint64
civic_store_count_cases (CivicStore             *store,
                         const CivicCaseFilter  *filter,
                         GError                **error)
{
  return count_cases (store, filter, FALSE, error);
}

gint64
civic_store_count_cases_kept (CivicStore             *store,
                              const CivicCaseFilter  *filter,
                              GError                **error)
{
  return count_cases (store, filter, TRUE, error);
}

static const char *
sort_column (CivicCaseSortColumn column)
{
  switch (column)
    {
    case CIVIC_CASE_SORT_REQUESTED:   return "c.requested";
    case CIVIC_CASE_SORT_UPDATED:     return "c.updated";
    case CIVIC_CASE_SORT_EXPECTED:    return "c.expected";
    case CIVIC_CASE_SORT_PRIORITY:    return "c.priority";
    case CIVIC_CASE_SORT_TRACKING_ID: return "c.service_request_id";
    case CIVIC_CASE_SORT_STATE:       return "c.state";
    case CIVIC_CASE_SORT_SERVICE:     return "c.service_name";
    case CIVIC_CASE_SORT_DEPARTMENT:  return "c.department";
    case CIVIC_CASE_SORT_ASSIGNEE:    return "c.assignee";
    case CIVIC_CASE_SORT_CHANNEL:     return "c.channel";
    case CIVIC_CASE_SORT_ADDRESS:     return "c.address";
    case CIVIC_CASE_SORT_ARRIVAL:
    default:                          return NULL;
    }
}

GArray *
civic_store_query_case_ids (CivicStore             *store,
                            const CivicCaseFilter  *filter,
                            const CivicCaseSort    *sort,
                            guint                   offset,
                            guint                   limit,
                            GError                **error)
{
  static const CivicCaseSort newest_first = { CIVIC_CASE_SORT_ARRIVAL, TRUE };
  CivicCaseFilter any = { 0 };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *match = NULL;
  gint64 codes[CIVIC_COUNT_ASSIGNEE + 1] = { 0 };
  const char *column;
  const char *direction;
  const char *key;
  sqlite3_stmt *stmt;
  Query q;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  if (filter == NULL)
    filter = &any;
  if (sort == NULL)
    sort = &newest_first;
  match = match_expression (filter->text);
  if (!lookup_codes (store, filter, codes, error))
    return NULL;
  column = sort_column (sort->column);
  direction = sort->descending ? "DESC" : "ASC";

  query_init (&q);
  q.newest_few = column == NULL && sort->descending && limit > 0 && offset + limit <= 10000;
  g_string_append (q.sql, "SELECT ");
  /* placeholder for the key, known only after FROM is chosen */
  g_string_append (q.sql, "%s");
  key = append_from_where (&q, filter, codes, match, column != NULL);
  g_string_replace (q.sql, "%s", key, 1);
  if (column != NULL)
    g_string_append_printf (q.sql, " ORDER BY %s %s, %s %s", column, direction, key, direction);
  else
    g_string_append_printf (q.sql, " ORDER BY %s %s", key, direction);
  g_string_append (q.sql, " LIMIT ");
  param_int (&q, limit > 0 ? (gint64) limit : -1);
  g_string_append (q.sql, " OFFSET ");
  param_int (&q, offset);

  stmt = civic_store_prepare (store, q.sql->str, error);
  if (stmt != NULL)
    {
      bind_params (&q, stmt);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        civic_store_set_error (store, rc, error);
    }
  query_clear (&q);

  if (stmt == NULL || rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&ids);
}

GArray *
civic_store_search_posts (CivicStore  *store,
                          const char  *text,
                          guint        limit,
                          GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *match = match_expression (text);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  if (match == NULL)
    return g_steal_pointer (&ids);

  stmt = civic_store_prepare (store,
                              "SELECT rowid FROM posts_fts WHERE posts_fts MATCH ? "
                              "ORDER BY rowid DESC LIMIT ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* ---- the map (issue 7) ----------------------------------------------- */

/* Every case of the filter that has a location, in one pass: the same
 * FROM/WHERE as the queue, joined to the cases for the columns the map
 * draws. Runs on the map's worker connection. */
GArray *
civic_store_query_case_points (CivicStore             *store,
                               const CivicCaseFilter  *filter,
                               GError                **error)
{
  CivicCaseFilter any = { 0 };
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (CivicCasePoint));
  g_autofree char *match = NULL;
  gint64 codes[CIVIC_COUNT_ASSIGNEE + 1] = { 0 };
  sqlite3_stmt *stmt;
  Query q;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  if (filter == NULL)
    filter = &any;
  match = match_expression (filter->text);
  if (!lookup_codes (store, filter, codes, error))
    return NULL;

  query_init (&q);
  g_string_append (q.sql, "SELECT c.id, c.lat, c.lon, c.state, ifnull (c.expected, 0)");
  append_from_where (&q, filter, codes, match, TRUE);
  g_string_append (q.sql, strstr (q.sql->str, " WHERE ") != NULL ? " AND " : " WHERE ");
  g_string_append (q.sql, "c.lat IS NOT NULL AND c.lon IS NOT NULL");

  stmt = civic_store_prepare (store, q.sql->str, error);
  if (stmt != NULL)
    {
      bind_params (&q, stmt);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          CivicCasePoint p;

          p.id = sqlite3_column_int64 (stmt, 0);
          p.lat = sqlite3_column_double (stmt, 1);
          p.lon = sqlite3_column_double (stmt, 2);
          p.state = sqlite3_column_int (stmt, 3);
          p.expected = sqlite3_column_int64 (stmt, 4);
          g_array_append_val (points, p);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        civic_store_set_error (store, rc, error);
    }
  query_clear (&q);

  if (stmt == NULL || rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&points);
}
