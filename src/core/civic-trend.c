/* civic-trend.c: the trending score (see civic-trend.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-trend.h"

double
civic_trend_score (gint64 today,
                   double baseline_per_day)
{
  return ((double) MAX (today, 0) + 1.0) / (MAX (baseline_per_day, 0.0) + 1.0);
}

gboolean
civic_trend_is_trending (gint64 today,
                         double baseline_per_day)
{
  return today >= CIVIC_TREND_MIN_COUNT &&
         civic_trend_score (today, baseline_per_day) >= CIVIC_TREND_MIN_SCORE;
}
