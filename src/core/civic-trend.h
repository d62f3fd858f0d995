/* civic-trend.h: what "trending" means, once, for the desk and the service
 *
 * A tag trends when it spikes over its OWN usual level, not when it is
 * merely busy: #potholes, posted every day, never sits on top, while a
 * sudden #watermain rises the day it happens.
 *
 *   today    = posts with the tag during the day judged (24 h)
 *   baseline = posts with the tag in the 14 days before, per day
 *   score    = (today + 1) / (baseline + 1)
 *
 * The +1 on both sides keeps a brand-new tag from scoring infinity and
 * damps tiny numbers. A tag trends when today ≥ CIVIC_TREND_MIN_COUNT
 * (one person posting a tag twice is not a trend) and score ≥
 * CIVIC_TREND_MIN_SCORE (twice its usual level). Ties go to the busier
 * tag, then the key. #Today (the city's "tag anything that matters to the
 * day") is always listed, trending or not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CIVIC_TREND_DAYS       14
#define CIVIC_TREND_MIN_COUNT  3
#define CIVIC_TREND_MIN_SCORE  2.0
#define CIVIC_TREND_TODAY_KEY  "today"

double   civic_trend_score       (gint64 today,
                                  double baseline_per_day);
gboolean civic_trend_is_trending (gint64 today,
                                  double baseline_per_day);

G_END_DECLS
