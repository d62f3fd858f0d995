/* bench-queue.c: the case queue in a real window on a big store
 *
 * tools/bench queue [--cases N] [--db PATH] [--steps N]
 *
 * Fills a store with N synthetic cases (or reuses --db when it already
 * holds them), then in a real GTK window with the cairo renderer, under
 * Xvfb (re-executes itself with xvfb-run when DISPLAY is unset):
 *   startup_ms              window creation to the first frame with rows
 *   filter_ms_<filter>      setting a filter to the frame showing its rows
 *                           (the median of --tries tries)
 *   scroll_frame_ms_p95     frame work (before-paint → after-paint) while
 *                           scrolling top to bottom in --steps jumps
 *   rss_mb                  VmRSS after the scroll
 * stdout carries only `figure: NAME VALUE UNIT` lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <malloc.h>
#include <unistd.h>

#include <adwaita.h>

#include "bench-util.h"
#include "civic-case-private.h"
#include "civic-connection-manager.h"
#include "civic-queue-view.h"
#include "civic-resources.h"
#include "civic-store.h"
#include "civic-synth.h"

#define SEED  20260311

static gint64 opt_cases = 1000000;
static char *opt_db = NULL;
static int opt_steps = 400;
static int opt_tries = 5;

static const GOptionEntry entries[] = {
  { "cases", 0, 0, G_OPTION_ARG_INT64, &opt_cases, "Number of cases (default 1000000)", "N" },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, "Store file; reused when it holds N cases", "PATH" },
  { "steps", 0, 0, G_OPTION_ARG_INT, &opt_steps, "Scroll steps top to bottom (default 400)", "N" },
  { "tries", 0, 0, G_OPTION_ARG_INT, &opt_tries, "Tries of each filter; the median is reported (default 5)", "N" },
  { NULL }
};



typedef enum { FILTER_DEPARTMENT, FILTER_SERVICE, FILTER_ASSIGNEE } FilterField;

/* The value of @field among @items (departments, services or users)
 * that filters in the most cases. */
static char *
largest (CivicStore  *store,
         GPtrArray   *items,
         FilterField  field)
{
  g_autofree char *best = NULL;
  gint64 best_count = -1;

  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);
      CivicCaseFilter filter = { 0 };
      const char *value;
      gint64 n;

      switch (field)
        {
        case FILTER_DEPARTMENT:
          value = filter.department = (char *) civic_department_get_id (item);
          break;
        case FILTER_SERVICE:
          value = filter.service_code = (char *) civic_service_get_code (item);
          break;
        default:
          value = filter.assignee = (char *) civic_user_get_username (item);
          break;
        }
      n = civic_store_count_cases (store, &filter, NULL);
      if (n > best_count)
        {
          best_count = n;
          g_free (best);
          best = g_strdup (value);
        }
    }
  return g_steal_pointer (&best);
}

/* ---- frames ---------------------------------------------------------- */




/* Runs the main loop until the next frame has painted. */


/* Whether the list shows at least one row with text. */
static gboolean
has_rows (GtkWidget *widget)
{
  if (GTK_IS_INSCRIPTION (widget) && gtk_widget_get_mapped (widget) &&
      gtk_inscription_get_text (GTK_INSCRIPTION (widget)) != NULL &&
      g_str_has_prefix (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), "311-"))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (has_rows (c))
      return TRUE;
  return FALSE;
}


static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtod (line + 6, NULL) / 1024.0 : -1;
}


int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the case queue in a window");
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GArray) scroll = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 now = g_get_real_time () / G_USEC_PER_SEC / 3600 * 3600;
  char **original_argv = g_strdupv (argv);
  int original_argc = argc;
  GtkWidget *window, *view;
  CivicQueueFilter *filter;
  GtkAdjustment *adj;
  const char *department, *service, *assignee, *tag;
  double t0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  bench_window_environment (original_argc, original_argv);

  /* the store */
  if (opt_db != NULL)
    path = g_strdup (opt_db);
  else
    {
      tmpdir = g_dir_make_tmp ("bench-queue-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (tmpdir, "queue.db", NULL);
    }
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
  /* a fresh open, as the app would find it; the generator's garbage is
   * handed back so RSS is the queue's, not the fill's */
  g_clear_object (&store);
  malloc_trim (0);

  /* the worst case of each filter: the department, service and person
   * with the most cases (the most ids to fetch) */
  {
    g_autoptr(CivicSynth) synth = civic_synth_new (SEED, g_getenv ("CIVIC_SHARED_DATA"));
    g_autoptr(GPtrArray) departments = civic_synth_get_departments (synth);
    g_autoptr(GPtrArray) services = civic_synth_get_services (synth);
    g_autoptr(GPtrArray) users = civic_synth_get_users (synth);
    g_autoptr(CivicStore) counter = civic_store_open (path, &error);

    g_assert_no_error (error);
    department = largest (counter, departments, FILTER_DEPARTMENT);
    service = largest (counter, services, FILTER_SERVICE);
    assignee = largest (counter, users, FILTER_ASSIGNEE);
    tag = g_strdup (civic_synth_get_tags (synth)[0]);
    g_printerr ("filters: department %s, service %s, assignee %s, tag %s\n",
                department, service, assignee, tag);
  }

  gtk_init ();
  adw_init ();
  g_resources_register (civic_get_resource ());

  /* startup: the window, the store opened, the first frame with rows */
  t0 = bench_now_ms ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  view = civic_queue_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  store = civic_store_open (path, &error);
  g_assert_no_error (error);
  /* as the connection manager opens a desk's replica */
  civic_connection_manager_limit_store (store);
  civic_queue_view_set_store (CIVIC_QUEUE_VIEW (view), store, NULL);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_realize (window);
  bench_frames_attach (window);
  do
    bench_wait_frame (window);
  while (!has_rows (view) && bench_now_ms () - t0 < 60000);
  printf ("figure: startup_ms %.1f ms\n", bench_last_frame ()->painted - t0);
  g_printerr ("startup: %u rows listed\n",
              g_list_model_get_n_items (G_LIST_MODEL (civic_queue_view_get_model (CIVIC_QUEUE_VIEW (view)))));
  fflush (stdout);

  /* the toolkit's own latency: a frame asked for after a quiet spell */
  for (int i = 0; i < 3; i++)
    {
      bench_wait_ms (50);
      t0 = bench_now_ms ();
      bench_wait_frame (window);
      g_printerr ("idle frame: %.1f ms to paint (%.1f ms of work)\n", bench_last_frame ()->painted - t0, bench_last_frame ()->last_work);
    }

  /* filters: each from no filter, to the frame that shows its rows */
  filter = civic_queue_view_get_filter (CIVIC_QUEUE_VIEW (view));
  {
    const char *names[] = { "state", "department", "service", "assignee", "channel",
                            "overdue", "tag", "date_range", "fts" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autoptr(GArray) tries = g_array_new (FALSE, FALSE, sizeof (double));

        for (int t = 0; t < opt_tries; t++)
          {
            double took;

            civic_queue_filter_reset (filter);
            bench_wait_frame (window);
            bench_wait_ms (50);
            t0 = bench_now_ms ();
            switch (i)
              {
              case 0: g_object_set (filter, "states", (guint) CIVIC_CASE_STATES_OPEN, NULL); break;
              case 1: g_object_set (filter, "department", department, NULL); break;
              case 2: g_object_set (filter, "service-code", service, NULL); break;
              case 3: g_object_set (filter, "assignee", assignee, NULL); break;
              case 4: g_object_set (filter, "channels", (guint) CIVIC_CHANNEL_BIT (CIVIC_CHANNEL_MOBILE), NULL); break;
              case 5: g_object_set (filter, "overdue-only", TRUE, NULL); break;
              case 6: g_object_set (filter, "tag", tag, NULL); break;
              case 7: g_object_set (filter, "requested-from", now - 7 * 86400, NULL); break;
              case 8: g_object_set (filter, "text", "noise", NULL); break;
              default: break;
              }
            {
              double set_done = bench_now_ms ();

              g_printerr ("filter %s: set in %.1f ms, ", names[i], set_done - t0);
              bench_wait_frame (window);
              g_printerr ("frame began %.1f ms later, ", bench_last_frame ()->before - set_done);
            }
            took = bench_last_frame ()->painted - t0;
            g_array_append_val (tries, took);
            g_printerr ("frame work %.1f ms, %u rows: %.1f ms\n", bench_last_frame ()->last_work,
                        g_list_model_get_n_items (G_LIST_MODEL (civic_queue_view_get_model (CIVIC_QUEUE_VIEW (view)))),
                        took);
          }
        /* the median of the tries: a filter is changed many times a day */
        g_array_sort (tries, bench_compare_double);
        printf ("figure: filter_ms_%s %.1f ms\n", names[i], g_array_index (tries, double, tries->len / 2));
        fflush (stdout);
      }
    civic_queue_filter_reset (filter);
    bench_wait_frame (window);
  }

  /* scroll top to bottom: the work of each frame after a jump */
  adj = gtk_scrolled_window_get_vadjustment (civic_queue_view_get_scrolled_window (CIVIC_QUEUE_VIEW (view)));
  for (int step = 0; step <= opt_steps; step++)
    {
      double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

      gtk_adjustment_set_value (adj, upper * step / opt_steps);
      bench_wait_frame (window);
      if (step > 0)
        g_array_append_val (scroll, bench_last_frame ()->last_work);
    }
  g_array_sort (scroll, bench_compare_double);
  printf ("figure: scroll_frame_ms_p95 %.2f ms\n",
          g_array_index (scroll, double, (guint) (scroll->len * 0.95)));
  g_printerr ("scroll: median %.2f ms, max %.2f ms over %u frames\n",
              g_array_index (scroll, double, scroll->len / 2),
              g_array_index (scroll, double, scroll->len - 1), scroll->len);
  printf ("figure: rss_mb %.1f MB\n", rss_mb ());
  {
    g_autofree char *status = NULL;

    if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
      {
        const char *anon = strstr (status, "RssAnon:"), *file = strstr (status, "RssFile:");

        g_printerr ("rss: anon %.1f MB, file %.1f MB\n",
                    anon ? g_ascii_strtod (anon + 8, NULL) / 1024 : -1,
                    file ? g_ascii_strtod (file + 8, NULL) / 1024 : -1);
      }
  }
  fflush (stdout);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  if (tmpdir != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (tmpdir);
    }
  return 0;
}
