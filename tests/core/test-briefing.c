/* test-briefing.c: the briefing's definitions on a handful of hand-made
 * cases in a real store file, where every figure can be worked out on
 * paper
 *
 * - on-time rate: no data with nothing closed and nothing overdue (never
 *   100 %); 0 % when everything is overdue; a case closed after its due
 *   time is closed but not on time; a case without a due time closes on
 *   time and is never overdue;
 * - backlog of a past day counts a case closed since; overdue is judged
 *   at the end of that day;
 * - the same weekday last week, medians, departments;
 * - the queue filter of every figure lists exactly that many cases;
 * - the CSV parses back to the same numbers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gstdio.h>

#include "civic-briefing.h"
#include "civic-briefing-csv.h"
#include "civic-test-util.h"

#define H 3600
#define DAY (24 * H)

typedef struct
{
  char       *dir;
  CivicStore *store;
  GTimeZone  *tz;
  GDate       day;
  gint64      t0;      /* midnight starting the day, UTC */
  guint       n;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = civic_test_mkdtemp ();
  path = g_build_filename (f->dir, "replica.db", NULL);
  f->store = civic_store_open (path, &error);
  g_assert_no_error (error);
  f->tz = g_time_zone_new_utc ();
  g_date_clear (&f->day, 1);
  g_date_set_dmy (&f->day, 15, G_DATE_MARCH, 2026);
  f->t0 = 1773532800; /* 2026-03-15 00:00 UTC */
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_time_zone_unref (f->tz);
  civic_test_rm_rf (f->dir);
  g_free (f->dir);
}

/* requested, due (0 = none), closed (0 = open), relative to the day's
 * start */
static void
add_case (Fixture    *f,
          const char *department,
          gint64      requested,
          gint64      due,
          gint64      closed,
          gboolean    has_closed)
{
  g_autoptr(CivicCase) c = civic_case_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("T-%u", ++f->n);

  civic_case_set_service_request_id (c, id);
  civic_case_set_service_code (c, "pothole");
  civic_case_set_service_name (c, "Pothole");
  civic_case_set_department (c, department);
  civic_case_set_requested_datetime (c, f->t0 + requested);
  if (due != 0)
    civic_case_set_expected_datetime (c, f->t0 + due);
  if (has_closed)
    {
      civic_case_set_state (c, CIVIC_CASE_STATE_CLOSED);
      civic_case_set_closed_datetime (c, f->t0 + closed);
    }
  else
    civic_case_set_state (c, CIVIC_CASE_STATE_IN_PROGRESS);
  civic_store_put_case (f->store, c, &error);
  g_assert_no_error (error);
}

static CivicBriefing *
compute (Fixture *f,
         gint64   now)
{
  g_autoptr(GError) error = NULL;
  CivicBriefing *b = civic_briefing_compute (f->store, &f->day, f->tz, now, &error);

  g_assert_no_error (error);
  g_assert_nonnull (b);
  return b;
}

static gint64
count_figure (Fixture                 *f,
              const CivicBriefingSpan *span,
              CivicBriefingFigure      figure,
              const char              *department)
{
  g_autoptr(CivicCaseFilter) filter = civic_briefing_filter_for (span, figure, department);
  g_autoptr(GError) error = NULL;
  gint64 n = civic_store_count_cases (f->store, filter, &error);
  g_autoptr(GArray) ids = civic_store_query_case_ids (f->store, filter, NULL, 0, 1000, &error);

  g_assert_no_error (error);
  /* the page lists the same cases the count counts */
  g_assert_cmpint (ids->len, ==, n);
  return n;
}

static void
test_no_data (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CivicBriefing) b = NULL;
  g_autofree char *rate = NULL;

  /* one new case, due tomorrow: nothing closed, nothing overdue */
  add_case (f, "roads", 2 * H, 2 * DAY, 0, FALSE);
  b = compute (f, f->t0 + 3 * DAY);
  g_assert_cmpint (b->counts.n_new, ==, 1);
  g_assert_cmpint (b->counts.n_closed, ==, 0);
  g_assert_cmpint (b->counts.n_overdue, ==, 0);
  g_assert_cmpfloat (civic_briefing_counts_on_time_rate (&b->counts), <, 0);
  rate = civic_briefing_format_rate (civic_briefing_counts_on_time_rate (&b->counts));
  g_assert_cmpstr (rate, ==, "no data");
  g_assert_cmpint (b->counts.median_close, ==, -1);
  /* an empty week before: no data too, not 0 % */
  g_assert_cmpfloat (civic_briefing_counts_on_time_rate (&b->last_week), <, 0);
}

static void
test_all_overdue (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CivicBriefing) b = NULL;

  /* three open cases due during the day, still open at its end */
  add_case (f, "roads", -2 * DAY, 1 * H, 0, FALSE);
  add_case (f, "roads", -3 * DAY, 5 * H, 0, FALSE);
  add_case (f, "parks", -1 * DAY, 23 * H, 0, FALSE);
  /* one without a due time: in the backlog, never overdue */
  add_case (f, "parks", -1 * DAY, 0, 0, FALSE);
  b = compute (f, f->t0 + 3 * DAY);
  g_assert_cmpint (b->counts.n_closed, ==, 0);
  g_assert_cmpint (b->counts.n_backlog, ==, 4);
  g_assert_cmpint (b->counts.n_overdue, ==, 3);
  g_assert_cmpfloat (civic_briefing_counts_on_time_rate (&b->counts), ==, 0.0);
  g_assert_cmpint (count_figure (f, &b->span, CIVIC_BRIEFING_OVERDUE, NULL), ==, 3);
  g_assert_cmpint (count_figure (f, &b->span, CIVIC_BRIEFING_BACKLOG, NULL), ==, 4);
  g_assert_cmpint (count_figure (f, &b->span, CIVIC_BRIEFING_OVERDUE, "roads"), ==, 2);

  /* judged during the day (now = 03:00): only the 01:00 one is overdue yet */
  {
    g_autoptr(CivicBriefing) early = compute (f, f->t0 + 3 * H);

    g_assert_cmpint (early->span.at, ==, f->t0 + 3 * H);
    g_assert_cmpint (early->counts.n_overdue, ==, 1);
    g_assert_cmpint (count_figure (f, &early->span, CIVIC_BRIEFING_OVERDUE, NULL), ==, 1);
  }
}

static void
test_closed_late (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CivicBriefing) b = NULL;
  CivicBriefingDepartment *roads = NULL;

  /* closed at 10:00, due at 09:00: closed, not on time */
  add_case (f, "roads", -1 * DAY, 9 * H, 10 * H, TRUE);
  /* closed at 08:00, due at 09:00: on time (exactly at the due time too) */
  add_case (f, "roads", -1 * DAY + 2 * H, 9 * H, 9 * H, TRUE);
  /* no due time: on time */
  add_case (f, "parks", 1 * H, 0, 3 * H, TRUE);
  /* open and overdue at the end of the day */
  add_case (f, "parks", -5 * DAY, -1 * DAY, 0, FALSE);
  /* closed tomorrow, requested before: in the day's backlog, and overdue
   * at the end of the day (due 20:00) */
  add_case (f, "roads", -2 * DAY, 20 * H, DAY + 5 * H, TRUE);
  /* the same weekday last week: one closed on time */
  add_case (f, "roads", -7 * DAY + 1 * H, -7 * DAY + 9 * H, -7 * DAY + 4 * H, TRUE);

  b = compute (f, f->t0 + 3 * DAY);
  g_assert_cmpint (b->counts.n_new, ==, 1);
  g_assert_cmpint (b->counts.n_closed, ==, 3);
  g_assert_cmpint (b->counts.n_closed_on_time, ==, 2);
  g_assert_cmpint (b->counts.n_backlog, ==, 2);
  g_assert_cmpint (b->counts.n_overdue, ==, 2);
  /* 2 on time ÷ (3 closed + 2 overdue) */
  g_assert_cmpfloat_with_epsilon (civic_briefing_counts_on_time_rate (&b->counts), 0.4, 1e-9);
  /* took 34 h, 31 h, 2 h: the median is 31 h */
  g_assert_cmpint (b->counts.median_close, ==, 31 * H);

  g_assert_cmpint (b->last_week.n_new, ==, 1);
  g_assert_cmpint (b->last_week.n_closed, ==, 1);
  g_assert_cmpint (b->last_week.median_close, ==, 3 * H);
  g_assert_cmpfloat (civic_briefing_counts_on_time_rate (&b->last_week), ==, 1.0);

  /* the sparklines end with the day and hold the week-ago day */
  g_assert_cmpint (b->daily_closed[CIVIC_BRIEFING_SPARK_DAYS - 1], ==, 3);
  g_assert_cmpint (b->daily_closed[CIVIC_BRIEFING_SPARK_DAYS - 8], ==, 1);

  for (guint i = 0; i < b->departments->len; i++)
    if (g_str_equal (((CivicBriefingDepartment *) g_ptr_array_index (b->departments, i))->department, "roads"))
      roads = g_ptr_array_index (b->departments, i);
  g_assert_nonnull (roads);
  g_assert_cmpint (roads->day.n_closed, ==, 2);
  g_assert_cmpint (roads->day.n_closed_on_time, ==, 1);
  g_assert_cmpint (roads->day.n_overdue, ==, 1);
  g_assert_cmpint (roads->day.median_close, ==, (34 * H + 31 * H) / 2);

  g_assert_cmpint (count_figure (f, &b->span, CIVIC_BRIEFING_NEW, NULL), ==, 1);
  g_assert_cmpint (count_figure (f, &b->span, CIVIC_BRIEFING_CLOSED, NULL), ==, 3);
  g_assert_cmpint (count_figure (f, &b->span, CIVIC_BRIEFING_ON_TIME, NULL), ==, 2);
  g_assert_cmpint (count_figure (f, &b->span, CIVIC_BRIEFING_BACKLOG, NULL), ==, 2);
  g_assert_cmpint (count_figure (f, &b->span, CIVIC_BRIEFING_OVERDUE, NULL), ==, 2);
  g_assert_cmpint (count_figure (f, &b->span, CIVIC_BRIEFING_CLOSED, "roads"), ==, 2);
  g_assert_cmpint (count_figure (f, &b->last_week_span, CIVIC_BRIEFING_CLOSED, NULL), ==, 1);
}

/* A minimal RFC 4180 reader: rows of fields. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (cell, '"'), p++;
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (cell, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
        }
      else if (*p == '\r')
        ;
      else if (*p == '\n')
        {
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
        }
      else
        g_string_append_c (cell, *p);
    }
  g_assert_cmpuint (row->len, ==, 0);
  g_ptr_array_unref (row);
  g_string_free (cell, TRUE);
  return rows;
}

static const char *
cell (GPtrArray *rows,
      guint      r,
      guint      c)
{
  GPtrArray *row = g_ptr_array_index (rows, r);

  g_assert_cmpuint (c, <, row->len);
  return g_ptr_array_index (row, c);
}

static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(CivicBriefing) b = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *figures = NULL;
  g_autofree char *departments = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) drows = NULL;

  add_case (f, "roads", -1 * DAY, 9 * H, 10 * H, TRUE);
  add_case (f, "Parks, \"Rec\"", 1 * H, 0, 3 * H, TRUE);
  add_case (f, "roads", -5 * DAY, -1 * DAY, 0, FALSE);
  b = compute (f, f->t0 + 3 * DAY);

  g_assert_true (civic_briefing_write_csv (b, f->dir, &paths, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (paths->len, ==, CIVIC_BRIEFING_N_TABLES);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (paths, 0), "briefing-2026-03-15-figures.csv"));

  g_file_get_contents (g_ptr_array_index (paths, 0), &figures, NULL, &error);
  g_assert_no_error (error);
  rows = parse_csv (figures);
  g_assert_cmpuint (rows->len, ==, 8);
  g_assert_cmpstr (cell (rows, 1, 0), ==, "new");
  g_assert_cmpint (g_ascii_strtoll (cell (rows, 1, 1), NULL, 10), ==, b->counts.n_new);
  g_assert_cmpstr (cell (rows, 2, 0), ==, "closed");
  g_assert_cmpint (g_ascii_strtoll (cell (rows, 2, 1), NULL, 10), ==, 2);
  g_assert_cmpstr (cell (rows, 5, 0), ==, "overdue");
  g_assert_cmpint (g_ascii_strtoll (cell (rows, 5, 1), NULL, 10), ==, 1);
  g_assert_cmpstr (cell (rows, 6, 0), ==, "on_time_rate");
  /* 1 ÷ (2 + 1) */
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cell (rows, 6, 1), NULL), 1.0 / 3.0, 1e-4);
  /* nothing the week before: an empty cell, not 0 or 1 */
  g_assert_cmpstr (cell (rows, 6, 2), ==, "");
  g_assert_cmpint (g_ascii_strtoll (cell (rows, 7, 1), NULL, 10), ==, b->counts.median_close);

  g_file_get_contents (g_ptr_array_index (paths, 1), &departments, NULL, &error);
  g_assert_no_error (error);
  drows = parse_csv (departments);
  g_assert_cmpuint (drows->len, ==, 1 + b->departments->len);
  for (guint i = 0; i < b->departments->len; i++)
    {
      CivicBriefingDepartment *d = g_ptr_array_index (b->departments, i);

      /* a comma and quotes inside a name survive */
      g_assert_cmpstr (cell (drows, i + 1, 0), ==, d->department);
      g_assert_cmpint (g_ascii_strtoll (cell (drows, i + 1, 3), NULL, 10), ==, d->day.n_closed);
      g_assert_cmpint (g_ascii_strtoll (cell (drows, i + 1, 6), NULL, 10), ==, d->day.n_overdue);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/briefing/on-time/no-data", test_no_data);
  ADD ("/briefing/on-time/all-overdue", test_all_overdue);
  ADD ("/briefing/on-time/closed-late", test_closed_late);
  ADD ("/briefing/csv", test_csv);
#undef ADD

  return g_test_run ();
}
