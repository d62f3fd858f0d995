/* bench-util.c: what every benchmark needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"
#include "civic-synth.h"

#define BATCH 10000

double
bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

void
bench_wait_ms (guint ms)
{
  double end = bench_now_ms () + ms;

  while (bench_now_ms () < end)
    g_main_context_iteration (NULL, FALSE);
}

int
bench_compare_double (gconstpointer a,
                      gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_percentile (GArray *samples,
                  double  p)
{
  g_array_sort (samples, bench_compare_double);
  return samples->len > 0 ? g_array_index (samples, double, MIN (samples->len - 1, (guint) (samples->len * p))) : -1;
}

void
bench_fill_cases (CivicStore *store,
                  gint64      n,
                  guint       seed,
                  gint64      now)
{
  g_autoptr(CivicSynth) synth = civic_synth_new (seed, g_getenv ("CIVIC_SHARED_DATA"));
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  double t0 = bench_now_ms ();

  civic_synth_set_now (synth, now);
  civic_synth_set_n_cases (synth, (guint) n);
  services = civic_synth_get_services (synth);
  departments = civic_synth_get_departments (synth);
  users = civic_synth_get_users (synth);
  if (!civic_store_put_services (store, services, &error) ||
      !civic_store_put_departments (store, departments, &error) ||
      !civic_store_put_users (store, users, &error) ||
      !civic_store_bulk_begin (store, &error))
    g_error ("fill: %s", error->message);
  for (gint64 done = 0; done < n; done += BATCH)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      civic_synth_fill (synth, batch, (guint) MIN (BATCH, n - done));
      if (!civic_store_bulk_put_cases (store, batch, &error))
        g_error ("fill: %s", error->message);
      if ((done / BATCH) % 20 == 0)
        g_printerr ("fill: %" G_GINT64_FORMAT " cases\r", done);
    }
  if (!civic_store_bulk_end (store, &error))
    g_error ("fill: %s", error->message);
  g_printerr ("\nfill: %" G_GINT64_FORMAT " cases in %.1f s\n", n, (bench_now_ms () - t0) / 1000);
  /* the fill's dirty pages now, not written back by the kernel while
   * the frames that follow are timed */
  sync ();
}

static void G_GNUC_NORETURN
reexec_under_xvfb (int    argc,
                   char **argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (char *) "xvfb-run");
  g_ptr_array_add (args, (char *) "-a");
  g_ptr_array_add (args, (char *) "-s");
  g_ptr_array_add (args, (char *) "-screen 0 1400x900x24 -nolisten tcp");
  for (int i = 0; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);
  execvp ("xvfb-run", (char **) args->pdata);
  g_error ("cannot run xvfb-run: %s", g_strerror (errno));
}

void
bench_window_environment (int    argc,
                          char **argv)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    reexec_under_xvfb (argc, argv);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
}

/* ---- frames ---------------------------------------------------------- */

static BenchFrame frame;
static GMainLoop *frame_loop;
static gboolean   frame_waiting;
static double     frame_cpu_before;
/* the clock of the window waited on: another window's frames are not it */
static GdkFrameClock *frame_clock;

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 gpointer       data)
{
  if (frame_clock != NULL && clock != frame_clock)
    return;
  frame.before = bench_now_ms ();
  frame_cpu_before = cpu_ms ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  if (frame_clock != NULL && clock != frame_clock)
    return;
  frame.painted = bench_now_ms ();
  frame.last_work = frame.painted - frame.before;
  frame.last_cpu = cpu_ms () - frame_cpu_before;
  if (frame_waiting)
    {
      frame_waiting = FALSE;
      g_main_loop_quit (frame_loop);
    }
}

void
bench_frames_attach (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_return_if_fail (clock != NULL);
  if (frame_loop == NULL)
    frame_loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect_after (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
}

void
bench_wait_frame (GtkWidget *widget)
{
  frame_clock = gtk_widget_get_frame_clock (widget);
  gtk_widget_queue_draw (widget);
  frame_waiting = TRUE;
  g_main_loop_run (frame_loop);
}

const BenchFrame *
bench_last_frame (void)
{
  return &frame;
}
