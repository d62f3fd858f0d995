/* civic-briefing.h: the daily briefing's figures, computed from the local
 * replica
 *
 * Definitions (the README's "Briefing" section says the same in words):
 *  - the day is [from, to) in the city's time zone; its snapshot instant
 *    "at" is the end of the day, or now for a day not over yet;
 *  - new: requested during the day;
 *  - closed: state closed, closed during the day;
 *  - backlog: open at "at" — requested before it and not closed by then
 *    (a case closed since counts as open for a past day);
 *  - overdue: in the backlog with a due time before "at"; a case with no
 *    due time is never overdue;
 *  - closed on time: closed during the day at or before its due time (no
 *    due time: on time, there was nothing to miss);
 *  - on-time rate: closed on time ÷ (closed + overdue). With nothing
 *    closed and nothing overdue there is no rate ("no data"), never 100 %;
 *  - median time to close: of the cases closed during the day (the mean
 *    of the two middle ones for an even count); none closed: no data;
 *  - each also for the same weekday a week before.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-store.h"

G_BEGIN_DECLS

#define CIVIC_BRIEFING_SPARK_DAYS   14
#define CIVIC_BRIEFING_CELL_METRES  500.0
#define CIVIC_BRIEFING_BASELINE_DAYS 28

typedef enum
{
  CIVIC_BRIEFING_NEW,
  CIVIC_BRIEFING_CLOSED,
  CIVIC_BRIEFING_BACKLOG,
  CIVIC_BRIEFING_OVERDUE,
  CIVIC_BRIEFING_ON_TIME,       /* the rate; its cases are those closed on time */
  CIVIC_BRIEFING_MEDIAN_CLOSE,  /* its cases are the day's closed ones */
} CivicBriefingFigure;

#define CIVIC_BRIEFING_N_FIGURES (CIVIC_BRIEFING_MEDIAN_CLOSE + 1)

typedef struct
{
  gint64 from;    /* start of the day, unix seconds */
  gint64 to;      /* end of the day (exclusive) */
  gint64 at;      /* the snapshot instant: MIN (to, now) */
} CivicBriefingSpan;

typedef struct
{
  gint64 n_new;
  gint64 n_closed;
  gint64 n_closed_on_time;
  gint64 n_backlog;
  gint64 n_overdue;
  gint64 median_close;   /* seconds; -1 = nothing closed */
} CivicBriefingCounts;

/* closed on time ÷ (closed + overdue) in 0…1; -1 = no data */
double  civic_briefing_counts_on_time_rate (const CivicBriefingCounts *counts);

typedef struct
{
  char                *department;   /* id; "" for cases without one */
  char                *name;         /* display name */
  CivicBriefingCounts  day;
  CivicBriefingCounts  last_week;
} CivicBriefingDepartment;

typedef struct
{
  char   *service_code;
  char   *name;
  gint64  day;          /* new cases during the day */
  gint64  last_week;    /* … the same weekday a week before */
} CivicBriefingMover;

typedef struct
{
  double  lat_min, lat_max, lon_min, lon_max;  /* the cell */
  gint64  count;          /* new cases in the cell during the day */
  double  baseline;       /* new cases a day over the 28 days before */
  double  score;          /* (count − baseline) ÷ √(baseline + 1) */
  char   *service_code;   /* the service with the most new cases there */
  char   *service_name;
  gint64  service_count;
} CivicBriefingHotSpot;

typedef struct
{
  GDate                day;
  CivicBriefingSpan    span;            /* the day */
  CivicBriefingSpan    last_week_span;  /* the same weekday a week before */
  CivicBriefingCounts  counts;
  CivicBriefingCounts  last_week;
  /* new and closed cases on each of the 14 days ending with the day */
  gint64               daily_new[CIVIC_BRIEFING_SPARK_DAYS];
  gint64               daily_closed[CIVIC_BRIEFING_SPARK_DAYS];
  GPtrArray           *departments;  /* CivicBriefingDepartment, by name */
  GPtrArray           *movers;       /* CivicBriefingMover, largest change first */
  GPtrArray           *hot_spots;    /* CivicBriefingHotSpot, highest score first */
  /* from the feed: #Today first, then trending tags (CivicTrend, with
   * their 14-day sparklines); announcements pinned during the day and
   * the day's #Today posts (CivicPost, newest first) */
  GPtrArray           *trends;
  GPtrArray           *pinned;
  GPtrArray           *today_posts;
} CivicBriefing;

void           civic_briefing_free    (CivicBriefing *briefing);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicBriefing, civic_briefing_free)

/* The day's start and end in @tz; @now (0 = the clock) caps "at". */
void           civic_briefing_span_for_day (const GDate       *day,
                                            GTimeZone         *tz,
                                            gint64             now,
                                            CivicBriefingSpan *span);

/* Every figure of @day in @tz (NULL = local), "now" = @now (0 = the
 * clock). A handful of range reads over covering indexes. */
CivicBriefing *civic_briefing_compute (CivicStore    *store,
                                       const GDate   *day,
                                       GTimeZone     *tz,
                                       gint64         now,
                                       GError       **error);

/* The queue filter that lists exactly the cases behind @figure for
 * @span, narrowed to @department (NULL = all, "" = none set). Filter
 * fields are owned by the returned filter. */
CivicCaseFilter *civic_briefing_filter_for (const CivicBriefingSpan *span,
                                            CivicBriefingFigure      figure,
                                            const char              *department);
/* … for a hot spot's new cases, or a service's new cases of the day */
CivicCaseFilter *civic_briefing_filter_for_hot_spot (const CivicBriefingSpan    *span,
                                                     const CivicBriefingHotSpot *spot);
CivicCaseFilter *civic_briefing_filter_for_service  (const CivicBriefingSpan *span,
                                                     const char              *service_code);

/* "2 h 05 min", "3 d 4 h"; "—" for -1 */
char          *civic_briefing_format_duration (gint64 seconds);
/* "87 %", or "no data" */
char          *civic_briefing_format_rate     (double rate);

G_END_DECLS
