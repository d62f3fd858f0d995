/* bench-briefing.c: the daily briefing on a big store
 *
 * tools/bench briefing [--cases N] [--db PATH] [--runs N]
 *
 * Fills a store with N synthetic cases over 90 days (or reuses --db when
 * it already holds them), opens it afresh as the app would, then:
 *   briefing_first_ms   the first computation of yesterday's briefing
 *   briefing_ms         the median over --runs computations
 *   pdf_export_ms       the median time to write its PDF (A4)
 *   pdf_pages           how many pages that PDF has
 * stdout carries only `figure: NAME VALUE UNIT` lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"
#include "civic-briefing.h"
#include "civic-briefing-print.h"
#include "civic-store.h"
#include "civic-synth.h"

#define SEED  20260311

static gint64 opt_cases = 1000000;
static char *opt_db = NULL;
static int opt_runs = 7;
static char *opt_pdf = NULL;
static gboolean opt_letter = FALSE;

static const GOptionEntry entries[] = {
  { "cases", 0, 0, G_OPTION_ARG_INT64, &opt_cases, "Number of cases (default 1000000)", "N" },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, "Store file; reused when it holds N cases", "PATH" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Computations to take the median of (default 7)", "N" },
  { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &opt_pdf, "Also keep the PDF there, to look at", "PATH" },
  { "letter", 0, 0, G_OPTION_ARG_NONE, &opt_letter, "US Letter instead of A4", NULL },
  { NULL }
};





int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the daily briefing on a big store");
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pdf_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) yesterday = NULL;
  g_autoptr(CivicBriefing) b = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *pdf_out = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC / 3600 * 3600;
  GDate day;
  double t0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  tmpdir = g_dir_make_tmp ("bench-briefing-XXXXXX", &error);
  g_assert_no_error (error);
  path = opt_db != NULL ? g_strdup (opt_db) : g_build_filename (tmpdir, "briefing.db", NULL);
  store = civic_store_open (path, &error);
  if (store == NULL)
    g_error ("%s: %s", path, error->message);
  if (civic_store_count_cases (store, NULL, NULL) != opt_cases)
    {
      if (civic_store_count_cases (store, NULL, NULL) != 0)
        g_error ("%s holds another number of cases; give a new --db", path);
      bench_fill_cases (store, opt_cases, SEED, now);
    }
  else
    g_printerr ("store: reusing %s\n", path);
  /* a fresh open, as the app would find it */
  g_clear_object (&store);
  store = civic_store_open (path, &error);
  g_assert_no_error (error);

  /* yesterday: a whole day, its week-ago day and 28-day baseline all
   * inside the generated 90 days */
  {
    g_autoptr(GDateTime) today = g_date_time_new_now (tz);

    yesterday = g_date_time_add_days (today, -1);
  }
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (yesterday), g_date_time_get_month (yesterday),
                  g_date_time_get_year (yesterday));

  for (int i = 0; i < MAX (1, opt_runs); i++)
    {
      double ms;

      g_clear_pointer (&b, civic_briefing_free);
      t0 = bench_now_ms ();
      b = civic_briefing_compute (store, &day, tz, 0, &error);
      ms = bench_now_ms () - t0;
      if (b == NULL)
        g_error ("briefing: %s", error->message);
      if (i == 0)
        printf ("figure: briefing_first_ms %.1f ms\n", ms);
      g_array_append_val (times, ms);
    }
  g_printerr ("briefing: new %" G_GINT64_FORMAT ", closed %" G_GINT64_FORMAT ", backlog %" G_GINT64_FORMAT
              ", overdue %" G_GINT64_FORMAT ", %u departments, %u hot spots\n",
              b->counts.n_new, b->counts.n_closed, b->counts.n_backlog, b->counts.n_overdue,
              b->departments->len, b->hot_spots->len);
  printf ("figure: briefing_ms %.1f ms\n", bench_percentile (times, 0.5));

  pdf = g_build_filename (tmpdir, "briefing.pdf", NULL);
  for (int i = 0; i < 5; i++)
    {
      double ms;

      t0 = bench_now_ms ();
      if (!civic_briefing_export_pdf (b, "Bench City", opt_letter ? CIVIC_PAPER_LETTER : CIVIC_PAPER_A4,
                                      pdf, &error))
        g_error ("pdf: %s", error->message);
      ms = bench_now_ms () - t0;
      g_array_append_val (pdf_times, ms);
    }
  printf ("figure: pdf_export_ms %.1f ms\n", bench_percentile (pdf_times, 0.5));
  {
    g_autofree char *cmd = g_strdup_printf ("pdfinfo '%s'", pdf);
    int status = 0;

    if (g_spawn_command_line_sync (cmd, &pdf_out, NULL, &status, NULL) && status == 0)
      {
        const char *pages = strstr (pdf_out, "Pages:");

        if (pages != NULL)
          printf ("figure: pdf_pages %d pages\n", atoi (pages + 6));
      }
  }
  fflush (stdout);
  if (opt_pdf != NULL && !civic_briefing_export_pdf (b, "Bench City", opt_letter ? CIVIC_PAPER_LETTER : CIVIC_PAPER_A4,
                                                     opt_pdf, &error))
    g_error ("pdf: %s", error->message);

  g_clear_object (&store);
  if (opt_db == NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);

      system (cmd);
    }
  else
    {
      g_unlink (pdf);
      g_rmdir (tmpdir);
    }
  return 0;
}
