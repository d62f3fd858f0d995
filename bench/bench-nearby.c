/* bench-nearby.c: how fast the case detail finds duplicate suggestions
 *
 * tools/bench nearby [--cases N] [--db PATH]
 *
 * Fills a store with N synthetic cases (or opens PATH when it holds
 * cases), then asks civic_store_find_nearby_cases (200 m, 14 days) for
 * 300 open cases with a location. stdout carries only `figure:` lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "civic-store-detail.h"
#include "civic-synth.h"

#define BATCH 10000
#define SEED  20260311
#define PROBES 300

static gint64 opt_cases = 1000000;
static char *opt_db = NULL;

static const GOptionEntry entries[] = {
  { "cases", 0, 0, G_OPTION_ARG_INT64, &opt_cases, "Number of cases (default 1000000)", "N" },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, "Database file (default: a temporary one)", "PATH" },
  { NULL }
};

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- duplicate suggestion benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *dir = NULL;
  CivicCaseFilter filter = { .states = CIVIC_CASE_STATES_OPEN };
  double times[PROBES];
  guint n = 0;
  guint found = 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if (opt_db == NULL)
    {
      dir = g_dir_make_tmp ("bench-nearby-XXXXXX", &error);
      g_assert_no_error (error);
      opt_db = g_build_filename (dir, "store.db", NULL);
    }
  store = civic_store_open (opt_db, &error);
  g_assert_no_error (error);

  if (civic_store_count_cases (store, NULL, NULL) == 0)
    {
      g_autoptr(CivicSynth) synth = civic_synth_new (SEED, g_getenv ("CIVIC_SHARED_DATA"));

      civic_synth_set_now (synth, now);
      civic_synth_set_n_cases (synth, (guint) opt_cases);
      g_assert_true (civic_store_put_services (store, civic_synth_get_services (synth), NULL));
      g_assert_true (civic_store_bulk_begin (store, &error));
      for (gint64 done = 0; done < opt_cases; done += BATCH)
        {
          g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

          civic_synth_fill (synth, batch, (guint) MIN (BATCH, opt_cases - done));
          g_assert_true (civic_store_bulk_put_cases (store, batch, &error));
        }
      g_assert_true (civic_store_bulk_end (store, &error));
      fprintf (stderr, "filled %" G_GINT64_FORMAT " cases\n", opt_cases);
    }

  ids = civic_store_query_case_ids (store, &filter, NULL, 0, 20000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len && n < PROBES; i += MAX (ids->len / PROBES, 1))
    {
      g_autoptr(CivicCase) c = civic_store_get_case_by_id (store, g_array_index (ids, gint64, i), NULL);
      g_autoptr(GPtrArray) near = NULL;
      gint64 t0;

      if (c == NULL || (civic_case_get_lat (c) == 0 && civic_case_get_long (c) == 0))
        continue;
      t0 = g_get_monotonic_time ();
      near = civic_store_find_nearby_cases (store, civic_case_get_service_request_id (c), 200, 14, now, 10, &error);
      times[n++] = (g_get_monotonic_time () - t0) / 1000.0;
      g_assert_no_error (error);
      found += near->len;
    }
  qsort (times, n, sizeof (double), compare_double);
  fprintf (stderr, "%u probes, %u suggestions\n", n, found);
  if (n > 0)
    {
      printf ("figure: nearby_ms_p50 %.2f ms\n", times[n / 2]);
      printf ("figure: nearby_ms_p95 %.2f ms\n", times[(n * 95) / 100]);
      printf ("figure: nearby_ms_max %.2f ms\n", times[n - 1]);
    }
  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (opt_db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (opt_db, "-shm", NULL);

      g_clear_object (&store);

      g_unlink (opt_db);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return 0;
}
