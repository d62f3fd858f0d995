/* civic-test-scale.h: the scale-out gap check, shared by the test and the bench
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-test-util.h"

G_BEGIN_DECLS

typedef struct _CivicScaleState CivicScaleState;

typedef struct
{
  /* in */
  CivicTestServer **servers;     /* the processes, writers spread over them */
  guint             n_servers;
  const char       *token;       /* a staff bearer token valid on all */
  guint             n_writers;
  double            seconds;
  gint64            start_after; /* the feed's seq before the run */
  /* out */
  guint             acked;       /* writes acknowledged */
  guint             failed;      /* writes never acknowledged */
  guint             missed;      /* acknowledged, never sent (or at another seq) */
  guint             duplicated;  /* sent twice */
  guint             out_of_order;/* a seq not above the one before */
  double            writes_per_s;
  gint64            last_next;
  CivicScaleState  *state;
} CivicScaleGaps;

/* Runs the writers and the reader; fills the out fields. */
void civic_scale_gaps_run (CivicScaleGaps *g);

/* A desk's WebSocket on @holder; @rounds posts written on @writer; the
 * time from each write's request to the desk hearing its seq, in ms,
 * appended to @ms (doubles). FALSE when a write failed or was not heard
 * within 3 s. */
gboolean civic_scale_live_latencies (CivicTestServer *writer,
                                     CivicTestServer *holder,
                                     const char      *token,
                                     guint            rounds,
                                     GArray          *ms);
/* Sorts @values (doubles) and returns the middle one (-1 when empty). */
double   civic_scale_median         (GArray          *values);

G_END_DECLS
