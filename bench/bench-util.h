/* bench-util.h: what every benchmark needs — a clock, synthetic cases,
 * a real window under Xvfb and its frame clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "civic-store.h"

G_BEGIN_DECLS

double  bench_now_ms            (void);
/* Iterates the main context for @ms without blocking. */
void    bench_wait_ms           (guint          ms);
int     bench_compare_double    (gconstpointer  a,
                                 gconstpointer  b);
/* The sample below which a fraction @p of @samples lie (0.5: the median,
 * 0.95: the p95); sorts @samples. -1 when there are none. */
double  bench_percentile        (GArray        *samples,
                                 double         p);

/* Fills an empty @store with @n synthetic cases (seed @seed, "now" @now)
 * through the bulk path, with the services, departments and people they
 * name; progress on stderr. */
void    bench_fill_cases        (CivicStore    *store,
                                 gint64         n,
                                 guint          seed,
                                 gint64         now);

/* What every window figure is measured under: with no display, runs this
 * program (@argc, @argv as main got them) again under xvfb-run, a
 * 1400×900 screen; then the cairo renderer, settings in memory and no
 * accessibility bus. */
void    bench_window_environment (int           argc,
                                  char        **argv);

/* The frame clock of a realized @window, watched: bench_wait_frame()
 * queues a redraw and returns after the frame that follows has painted;
 * then the fields say when it began, when it painted and its work
 * (before-paint → after-paint). */
typedef struct
{
  double before;
  double painted;
  double last_work;
  double last_cpu;     /* this thread's CPU time in it, whatever else runs */
} BenchFrame;

void               bench_frames_attach (GtkWidget *window);
void               bench_wait_frame    (GtkWidget *widget);
const BenchFrame  *bench_last_frame    (void);

G_END_DECLS
