/* civic-briefing-filter.c: the cases behind each figure, as the queue's
 * filter, and how figures read
 *
 * Each filter says in CivicCaseFilter terms exactly what
 * civic_briefing_compute() counts (civic-briefing.h has the definitions),
 * so clicking a number lists that many cases.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-briefing.h"

#include <glib/gi18n-lib.h>

char *
civic_briefing_format_duration (gint64 seconds)
{
  gint64 minutes;

  if (seconds < 0)
    return g_strdup ("—");
  minutes = (seconds + 30) / 60;
  if (minutes < 60)
    return g_strdup_printf (_("%" G_GINT64_FORMAT " min"), minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf ("%" G_GINT64_FORMAT " h %02" G_GINT64_FORMAT " min",
                            minutes / 60, minutes % 60);
  return g_strdup_printf ("%" G_GINT64_FORMAT " d %" G_GINT64_FORMAT " h",
                          minutes / (24 * 60), (minutes / 60) % 24);
}

char *
civic_briefing_format_rate (double rate)
{
  if (rate < 0)
    return g_strdup (_("no data"));
  return g_strdup_printf ("%.0f %%", rate * 100.0);
}

/* ---- drill-down filters ----------------------------------------------- */

CivicCaseFilter *
civic_briefing_filter_for (const CivicBriefingSpan *span,
                           CivicBriefingFigure      figure,
                           const char              *department)
{
  CivicCaseFilter *f = civic_case_filter_new ();

  f->department = g_strdup (department);
  switch (figure)
    {
    case CIVIC_BRIEFING_NEW:
      f->requested_from = span->from;
      f->requested_to = span->to;
      break;
    case CIVIC_BRIEFING_ON_TIME:
      f->closed_on_time = TRUE;
      G_GNUC_FALLTHROUGH;
    case CIVIC_BRIEFING_CLOSED:
    case CIVIC_BRIEFING_MEDIAN_CLOSE:
      f->closed_from = span->from;
      f->closed_to = span->to;
      break;
    case CIVIC_BRIEFING_OVERDUE:
      f->due_before = span->at;
      G_GNUC_FALLTHROUGH;
    case CIVIC_BRIEFING_BACKLOG:
    default:
      f->open_at = span->at;
      break;
    }
  return f;
}

CivicCaseFilter *
civic_briefing_filter_for_hot_spot (const CivicBriefingSpan    *span,
                                    const CivicBriefingHotSpot *spot)
{
  CivicCaseFilter *f = civic_briefing_filter_for (span, CIVIC_BRIEFING_NEW, NULL);

  f->in_area = TRUE;
  f->lat_min = spot->lat_min;
  f->lat_max = spot->lat_max;
  f->lon_min = spot->lon_min;
  f->lon_max = spot->lon_max;
  return f;
}

CivicCaseFilter *
civic_briefing_filter_for_service (const CivicBriefingSpan *span,
                                   const char              *service_code)
{
  CivicCaseFilter *f = civic_briefing_filter_for (span, CIVIC_BRIEFING_NEW, NULL);

  f->service_code = g_strdup (service_code);
  return f;
}

