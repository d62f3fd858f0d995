/* civic-synth.h: a seeded generator of realistic cases
 *
 * Shaped like New York City's 311 open data: the mix of complaint types,
 * agencies, descriptors and locations comes from the real sample in
 * $CIVIC_SHARED_DATA/nyc-311-sample-2011.csv when given, else from a
 * built-in table copied from it. The same seed, data and "now" give the
 * same cases, so a benchmark or a demo city is reproducible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "civic-case.h"

G_BEGIN_DECLS

typedef struct _CivicSynth CivicSynth;

/* @shared_data_dir: the folder holding nyc-311-sample-2011.csv, or NULL
 * for the built-in table. Unreadable data falls back to it too. */
CivicSynth *civic_synth_new            (guint64      seed,
                                        const char  *shared_data_dir);
void        civic_synth_free           (CivicSynth  *synth);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicSynth, civic_synth_free)

/* The cases span the 90 days before @now (unix seconds; default: the
 * clock when the generator was made, to the hour) and arrive in time
 * order, @n_cases of them (default 100,000) spread over that span. Set
 * both before the first case. */
void        civic_synth_set_now        (CivicSynth  *synth,
                                        gint64       now);
void        civic_synth_set_n_cases    (CivicSynth  *synth,
                                        guint        n_cases);
/* whether the CSV was read, or the built-in table is used */
gboolean    civic_synth_uses_sample    (CivicSynth  *synth);

CivicCase  *civic_synth_next_case      (CivicSynth  *synth);
/* Appends @n new cases to @cases (an array owning its elements). */
void        civic_synth_fill           (CivicSynth  *synth,
                                        GPtrArray   *cases,
                                        guint        n);

/* The catalogue the cases refer to: arrays of CivicService,
 * CivicDepartment and CivicUser, new references each call. */
GPtrArray  *civic_synth_get_services    (CivicSynth *synth);
GPtrArray  *civic_synth_get_departments (CivicSynth *synth);
GPtrArray  *civic_synth_get_users       (CivicSynth *synth);
/* the tags cases may carry, NULL-terminated, owned by the generator */
const char * const *civic_synth_get_tags (CivicSynth *synth);

G_END_DECLS
