/* test-briefing-nyc.c: the briefing of a real day of New York's 311
 *
 * The NYC open-data sample is imported with the real `civicdesk-server
 * import-csv`, served by a real civicdesk-server and pulled into a desk's
 * replica by the real sync engine, as the app does. The figures of
 * Wednesday 2 March 2011 are then checked against numbers this test
 * works out itself from the CSV file (its own parser, its own arithmetic,
 * no SQL), department by department; every figure's queue filter lists
 * that many cases; the CSV export parses back to the same numbers; the
 * PDF (A4 and Letter) has the pages and the text it should (pdftotext).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "civic-briefing.h"
#include "civic-briefing-csv.h"
#include "civic-briefing-print.h"
#include "sync-test-util.h"

#define CITY "New York City"
#define NYC_TZ "America/New_York"

/* ---- the CSV file, read here ------------------------------------------- */

static GPtrArray *
read_csv (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
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
          continue;
        }
      switch (*p)
        {
        case '"': quoted = TRUE; break;
        case ',':
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          break;
        case '\r': break;
        case '\n':
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          break;
        default: g_string_append_c (cell, *p);
        }
    }
  if (row->len > 0 || cell->len > 0)
    {
      g_ptr_array_add (row, g_strdup (cell->str));
      g_ptr_array_add (rows, row);
    }
  else
    g_ptr_array_unref (row);
  g_string_free (cell, TRUE);
  return rows;
}

static int
column (GPtrArray  *header,
        const char *name)
{
  for (guint i = 0; i < header->len; i++)
    if (g_str_equal (g_ptr_array_index (header, i), name))
      return (int) i;
  g_error ("no column %s", name);
  return -1;
}

/* "03/02/2011 01:15:00 PM" in New York (TZ is set for the process) */
static gint64
nyc_time (const char *text)
{
  struct tm tm = { 0 };
  int mo, d, y, h, mi, s;
  char ampm[3] = "";

  if (text == NULL || sscanf (text, "%d/%d/%d %d:%d:%d %2s", &mo, &d, &y, &h, &mi, &s, ampm) != 7)
    return 0;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h % 12 + (ampm[0] == 'P' ? 12 : 0);
  tm.tm_min = mi;
  tm.tm_sec = s;
  tm.tm_isdst = -1;
  return (gint64) mktime (&tm);
}

static char *
slug (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (s, g_ascii_tolower (*p));
    else if (s->len > 0 && s->str[s->len - 1] != '-')
      g_string_append_c (s, '-');
  while (s->len > 0 && s->str[s->len - 1] == '-')
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

typedef struct
{
  gint64 n_new, n_closed, on_time, backlog, overdue;
  GArray *took;
} Expect;

static Expect *
expect_new (void)
{
  Expect *e = g_new0 (Expect, 1);

  e->took = g_array_new (FALSE, FALSE, sizeof (gint64));
  return e;
}

static void
expect_free (gpointer data)
{
  Expect *e = data;

  g_array_unref (e->took);
  g_free (e);
}

static int
cmp64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gint64
median_of (GArray *a)
{
  if (a->len == 0)
    return -1;
  g_array_sort (a, cmp64);
  return a->len % 2 ? g_array_index (a, gint64, a->len / 2)
                    : (g_array_index (a, gint64, a->len / 2 - 1) + g_array_index (a, gint64, a->len / 2)) / 2;
}

/* The import's rules (civicdesk-server import-csv, the README's NYC
 * section): closed only with status Closed, never before the request;
 * due = Due Date when after the request, else the service's SLA. Then the
 * briefing's definitions, applied row by row. */
static void
expect_row (Expect  *e,
            gint64   from,
            gint64   to,
            gint64   requested,
            gboolean closed_state,
            gint64   closed,
            gint64   expected)
{
  if (requested >= from && requested < to)
    e->n_new++;
  if (closed_state && closed >= from && closed < to)
    {
      gint64 took = closed - requested;

      e->n_closed++;
      if (closed <= expected)
        e->on_time++;
      g_array_append_val (e->took, took);
    }
  if (requested < to && (!closed_state || closed >= to))
    {
      e->backlog++;
      if (expected < to)
        e->overdue++;
    }
}

/* ---- the test ----------------------------------------------------------- */

static void
check_counts (const char                *what,
              const CivicBriefingCounts *got,
              Expect                    *want)
{
  g_test_message ("%s: new %" G_GINT64_FORMAT ", closed %" G_GINT64_FORMAT ", on time %" G_GINT64_FORMAT
                  ", backlog %" G_GINT64_FORMAT ", overdue %" G_GINT64_FORMAT,
                  what, want->n_new, want->n_closed, want->on_time, want->backlog, want->overdue);
  g_assert_cmpint (got->n_new, ==, want->n_new);
  g_assert_cmpint (got->n_closed, ==, want->n_closed);
  g_assert_cmpint (got->n_closed_on_time, ==, want->on_time);
  g_assert_cmpint (got->n_backlog, ==, want->backlog);
  g_assert_cmpint (got->n_overdue, ==, want->overdue);
  g_assert_cmpint (got->median_close, ==, median_of (want->took));
}

static char *
run (const char *command)
{
  char *out = NULL;
  int status = 0;
  g_autoptr(GError) error = NULL;

  g_spawn_command_line_sync (command, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  return out;
}

/* pdftotext breaks a wrapped table cell over lines: compare words only */
static char *
words (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, " \n\t\f", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", parts[i]);
  return g_string_free (out, FALSE);
}

static void
check_pdf (const CivicBriefing *b,
           const char          *dir,
           CivicPaper           paper)
{
  g_autofree char *path = g_build_filename (dir, paper == CIVIC_PAPER_A4 ? "a4.pdf" : "letter.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *info = NULL;
  const char *p;
  int pages;

  g_assert_true (civic_briefing_export_pdf (b, CITY, paper, path, &error));
  g_assert_no_error (error);
  cmd = g_strdup_printf ("pdfinfo '%s'", path);
  info = run (cmd);
  g_assert_nonnull (strstr (info, paper == CIVIC_PAPER_A4 ? "595.276 x 841.89 pts (A4)" : "612 x 792 pts (letter)"));
  p = strstr (info, "Pages:");
  g_assert_nonnull (p);
  pages = atoi (p + 6);
  /* figures and departments, then hot spots, tags and posts */
  g_assert_cmpint (pages, >=, 2);
  g_assert_cmpint (pages, <=, 4);

  for (int i = 1; i <= pages; i++)
    {
      g_autofree char *text_cmd = g_strdup_printf ("pdftotext -f %d -l %d '%s' -", i, i, path);
      g_autofree char *raw = run (text_cmd);
      g_autofree char *text = words (raw);
      g_autofree char *page_of = g_strdup_printf ("Page %d of %d", i, pages);

      /* the city and the date on every page */
      g_assert_nonnull (strstr (text, CITY));
      g_assert_nonnull (strstr (text, "2 March 2011"));
      g_assert_nonnull (strstr (text, page_of));
      if (i == 1)
        {
          g_autofree char *closed = g_strdup_printf ("%" G_GINT64_FORMAT, b->counts.n_closed);
          const CivicBriefingDepartment *d = g_ptr_array_index (b->departments, 0);

          g_assert_nonnull (strstr (text, "Daily briefing"));
          g_assert_nonnull (strstr (text, "Overdue"));
          g_assert_nonnull (strstr (text, closed));
          g_assert_nonnull (strstr (text, "Departments"));
          g_assert_nonnull (strstr (text, d->name));
        }
    }
  {
    g_autofree char *all_cmd = g_strdup_printf ("pdftotext '%s' -", path);
    g_autofree char *all = run (all_cmd);

    g_assert_nonnull (strstr (all, "Hot spots"));
    g_assert_nonnull (strstr (all, "Trending tags"));
    g_assert_nonnull (strstr (all, "Pinned announcements"));
  }
}

static void
test_nyc_day (void)
{
  g_autofree char *dir = civic_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *replica = g_build_filename (dir, "replica.db", NULL);
  g_autofree char *csv = g_build_filename (g_getenv ("CIVIC_FIXTURES"), "nyc-311-sample-2011.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) by_department = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, expect_free);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (NYC_TZ);
  g_autoptr(CivicBriefing) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  Expect *all = expect_new (), *week = expect_new ();
  CivicTestServer *server;
  g_autofree char *token = NULL;
  SyncDesk *desk;
  CivicBriefingSpan span, lw;
  GDate day, week_ago;
  int c_created, c_closed, c_status, c_due, c_agency, c_type, c_resolved, c_lat, c_lon;
  gint64 now;

  g_assert_nonnull (tz);
  g_assert_cmpint (civic_test_run_cli (&out, &err, "import-csv", "--db", db, csv, NULL), ==, 0);
  civic_test_add_user (db, SYNC_TEST_USER, "manager", NULL, "civicdesk-demo");
  server = civic_test_server_start (db, NULL);
  token = civic_test_login (server, SYNC_TEST_USER, "civicdesk-demo");
  desk = sync_desk_new_at (replica, server->base_url, token);
  civic_sync_start (desk->sync);
  g_assert_true (civic_sync_wait_idle (desk->sync, 60000));

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 2, G_DATE_MARCH, 2011);
  week_ago = day;
  g_date_subtract_days (&week_ago, 7);
  now = 1306900000; /* June 2011: the day is over */
  b = civic_briefing_compute (desk->store, &day, tz, now, &error);
  g_assert_no_error (error);
  civic_briefing_span_for_day (&day, tz, now, &span);
  civic_briefing_span_for_day (&week_ago, tz, now, &lw);
  /* midnight to midnight in New York: 5 h behind UTC in March */
  g_assert_cmpint (span.from, ==, 1299042000);
  g_assert_cmpint (span.to - span.from, ==, 24 * 3600);

  /* the same day worked out from the file */
  rows = read_csv (csv);
  {
    GPtrArray *header = g_ptr_array_index (rows, 0);

    c_created = column (header, "Created Date");
    c_closed = column (header, "Closed Date");
    c_status = column (header, "Status");
    c_due = column (header, "Due Date");
    c_agency = column (header, "Agency");
    c_type = column (header, "Complaint Type");
    c_resolved = column (header, "Resolution Action Updated Date");
    c_lat = column (header, "Latitude");
    c_lon = column (header, "Longitude");
  }
  g_assert_cmpint (sync_desk_count_cases (desk), ==, rows->len - 1);
  for (guint r = 1; r < rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, r);
      gint64 requested = nyc_time (g_ptr_array_index (row, c_created));
      gint64 closed_date = nyc_time (g_ptr_array_index (row, c_closed));
      gint64 resolved = nyc_time (g_ptr_array_index (row, c_resolved));
      gint64 due = nyc_time (g_ptr_array_index (row, c_due));
      gboolean closed_state = g_ascii_strcasecmp (g_ptr_array_index (row, c_status), "closed") == 0;
      gint64 closed = 0, expected;
      const char *agency = g_ptr_array_index (row, c_agency);
      Expect *d;

      g_assert_cmpint (requested, >, 0);
      if (closed_state)
        closed = closed_date > 0 ? MAX (closed_date, requested)
                                 : MAX (requested, MAX (resolved, closed_date));
      if (due > requested)
        expected = due;
      else
        {
          g_autofree char *code = slug (g_ptr_array_index (row, c_type));
          g_autofree char *sql = g_strdup_printf ("SELECT sla_hours FROM services WHERE code = '%s'", code);

          expected = requested + civic_test_sql_int (db, sql) * 3600;
        }
      d = g_hash_table_lookup (by_department, agency);
      if (d == NULL)
        {
          d = expect_new ();
          g_hash_table_insert (by_department, g_strdup (agency), d);
        }
      expect_row (all, span.from, span.to, requested, closed_state, closed, expected);
      expect_row (d, span.from, span.to, requested, closed_state, closed, expected);
      expect_row (week, lw.from, lw.to, requested, closed_state, closed, expected);
    }
  /* a day with data: the sample's busiest */
  g_assert_cmpint (all->n_new, >, 400);
  g_assert_cmpint (all->n_closed, >, 400);
  check_counts ("day", &b->counts, all);
  check_counts ("week before", &b->last_week, week);
  g_assert_cmpint (b->last_week.n_new, ==, 0);
  g_assert_cmpfloat (civic_briefing_counts_on_time_rate (&b->last_week), <, 0);
  g_assert_cmpfloat_with_epsilon (civic_briefing_counts_on_time_rate (&b->counts),
                                  (double) all->on_time / (all->n_closed + all->overdue), 1e-12);

  /* a department with nothing new, closed or open that day is left out */
  {
    GHashTableIter iter;
    gpointer value;
    guint active = 0;

    g_hash_table_iter_init (&iter, by_department);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        Expect *e = value;

        active += e->n_new + e->n_closed + e->backlog > 0;
      }
    g_assert_cmpuint (b->departments->len, ==, active);
  }
  for (guint i = 0; i < b->departments->len; i++)
    {
      const CivicBriefingDepartment *d = g_ptr_array_index (b->departments, i);
      Expect *want = g_hash_table_lookup (by_department, d->department);

      g_assert_nonnull (want);
      check_counts (d->department, &d->day, want);
    }

  /* every figure lists exactly its cases in the queue */
  for (int f = 0; f < CIVIC_BRIEFING_N_FIGURES; f++)
    {
      g_autoptr(CivicCaseFilter) filter = civic_briefing_filter_for (&b->span, f, NULL);
      const gint64 want[] = { all->n_new, all->n_closed, all->backlog, all->overdue, all->on_time, all->n_closed };

      g_assert_cmpint (civic_store_count_cases (desk->store, filter, &error), ==, want[f]);
      g_assert_no_error (error);
    }
  {
    const CivicBriefingDepartment *d = g_ptr_array_index (b->departments, 0);
    g_autoptr(CivicCaseFilter) filter = civic_briefing_filter_for (&b->span, CIVIC_BRIEFING_OVERDUE, d->department);

    g_assert_cmpint (civic_store_count_cases (desk->store, filter, &error), ==, d->day.n_overdue);
  }

  /* the hottest cell: its new cases counted from the file */
  g_assert_cmpuint (b->hot_spots->len, >, 0);
  {
    const CivicBriefingHotSpot *h = g_ptr_array_index (b->hot_spots, 0);
    g_autoptr(CivicCaseFilter) filter = civic_briefing_filter_for_hot_spot (&b->span, h);
    gint64 n = 0;

    for (guint r = 1; r < rows->len; r++)
      {
        GPtrArray *row = g_ptr_array_index (rows, r);
        const char *lat = g_ptr_array_index (row, c_lat), *lon = g_ptr_array_index (row, c_lon);
        gint64 requested = nyc_time (g_ptr_array_index (row, c_created));
        double la, lo;

        if (*lat == '\0' || requested < span.from || requested >= span.to)
          continue;
        la = g_ascii_strtod (lat, NULL);
        lo = g_ascii_strtod (lon, NULL);
        if (la >= h->lat_min && la < h->lat_max && lo >= h->lon_min && lo < h->lon_max)
          n++;
      }
    g_assert_cmpint (h->count, ==, n);
    g_assert_cmpint (civic_store_count_cases (desk->store, filter, &error), ==, n);
    /* nothing in the 28 days before: the sample starts on 1 March */
    g_assert_cmpfloat (h->baseline, <, 1.0);
    g_assert_nonnull (h->service_name);
    g_assert_cmpint (h->service_count, >=, 1);
  }

  /* CSV: the figures table parses back to the same numbers */
  g_assert_true (civic_briefing_write_csv (b, dir, &paths, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) table = read_csv (g_ptr_array_index (paths, CIVIC_BRIEFING_TABLE_FIGURES));
    g_autoptr(GPtrArray) depts = read_csv (g_ptr_array_index (paths, CIVIC_BRIEFING_TABLE_DEPARTMENTS));
    const gint64 want[] = { all->n_new, all->n_closed, all->on_time, all->backlog, all->overdue };

    for (guint i = 0; i < G_N_ELEMENTS (want); i++)
      g_assert_cmpint (g_ascii_strtoll (g_ptr_array_index ((GPtrArray *) g_ptr_array_index (table, i + 1), 1), NULL, 10),
                       ==, want[i]);
    g_assert_cmpuint (depts->len, ==, b->departments->len + 1);
    for (guint i = 1; i < depts->len; i++)
      {
        GPtrArray *row = g_ptr_array_index (depts, i);
        Expect *e = g_hash_table_lookup (by_department, g_ptr_array_index (row, 0));

        g_assert_nonnull (e);
        g_assert_cmpint (g_ascii_strtoll (g_ptr_array_index (row, 2), NULL, 10), ==, e->n_new);
        g_assert_cmpint (g_ascii_strtoll (g_ptr_array_index (row, 3), NULL, 10), ==, e->n_closed);
        g_assert_cmpint (g_ascii_strtoll (g_ptr_array_index (row, 5), NULL, 10), ==, e->backlog);
        g_assert_cmpint (g_ascii_strtoll (g_ptr_array_index (row, 6), NULL, 10), ==, e->overdue);
      }
  }

  check_pdf (b, dir, CIVIC_PAPER_A4);
  check_pdf (b, dir, CIVIC_PAPER_LETTER);
  /* to look at it page by page: CIVIC_TEST_BRIEFING_PDF=/tmp/nyc.pdf */
  if (g_getenv ("CIVIC_TEST_BRIEFING_PDF") != NULL)
    g_assert_true (civic_briefing_export_pdf (b, CITY, CIVIC_PAPER_A4, g_getenv ("CIVIC_TEST_BRIEFING_PDF"), NULL));

  expect_free (all);
  expect_free (week);
  sync_desk_free (desk);
  civic_test_server_stop (server);
  civic_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  /* the importer reads NYC's local times in the process's zone: New
   * York's, for the server it starts and for this test's own reading */
  g_setenv ("TZ", NYC_TZ, TRUE);
  tzset ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/briefing/nyc/day", test_nyc_day);
  return g_test_run ();
}
