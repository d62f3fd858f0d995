/* civic-briefing.c: the daily briefing's figures from the local replica
 *
 * Four range reads, each over a covering index, then counting in C:
 *  1. cases requested from 28 days before the day to its end (new cases,
 *     the week-ago day, sparklines, hot spots and their baseline);
 *  2. cases closed from 13 days before the day to its end (closed, on
 *     time, medians, sparklines) — cases_closed_at;
 *  3. cases open now, requested before the day's snapshot — cases_open_at;
 *  4. cases closed since the week-ago snapshot (they were open then) —
 *     cases_closed_at.
 * No INDEXED BY: a bulk fill drops these indexes until its end, and the
 * briefing must still answer (slower) meanwhile; the partial indexes'
 * WHERE is spelled out so the planner picks them, and "+requested" keeps
 * it off the requested indexes for "closed since" (it took cases_new_at
 * and read every case: 770 ms at a million).
 * One pass of SQL per figure and department would read the same rows a
 * dozen times; at a million cases these four stay within the 500 ms bar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-briefing.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "civic-store-feed.h"
#include "civic-store-private.h"
#include "civic-text.h"

#define N_NEW_DAYS (CIVIC_BRIEFING_BASELINE_DAYS + 1)  /* the baseline + the day */
#define MAX_MOVERS    8
#define MAX_HOT_SPOTS 8
#define METRES_PER_DEGREE 111320.0

/* ---- small helpers ---------------------------------------------------- */

double
civic_briefing_counts_on_time_rate (const CivicBriefingCounts *c)
{
  gint64 denominator = c->n_closed + c->n_overdue;

  if (denominator == 0)
    return -1;
  return (double) c->n_closed_on_time / (double) denominator;
}

static void
department_free (gpointer data)
{
  CivicBriefingDepartment *d = data;

  g_free (d->department);
  g_free (d->name);
  g_free (d);
}

static void
mover_free (gpointer data)
{
  CivicBriefingMover *m = data;

  g_free (m->service_code);
  g_free (m->name);
  g_free (m);
}

static void
hot_spot_free (gpointer data)
{
  CivicBriefingHotSpot *h = data;

  g_free (h->service_code);
  g_free (h->service_name);
  g_free (h);
}

void
civic_briefing_free (CivicBriefing *b)
{
  if (b == NULL)
    return;
  g_clear_pointer (&b->departments, g_ptr_array_unref);
  g_clear_pointer (&b->movers, g_ptr_array_unref);
  g_clear_pointer (&b->hot_spots, g_ptr_array_unref);
  g_clear_pointer (&b->trends, g_ptr_array_unref);
  g_clear_pointer (&b->pinned, g_ptr_array_unref);
  g_clear_pointer (&b->today_posts, g_ptr_array_unref);
  g_free (b);
}

static gint64
day_start (const GDate *day,
           GTimeZone   *tz)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, g_date_get_year (day), g_date_get_month (day),
                                             g_date_get_day (day), 0, 0, 0);

  return g_date_time_to_unix (dt);
}

void
civic_briefing_span_for_day (const GDate       *day,
                             GTimeZone         *tz,
                             gint64             now,
                             CivicBriefingSpan *span)
{
  GDate next = *day;

  if (now == 0)
    now = g_get_real_time () / G_USEC_PER_SEC;
  g_date_add_days (&next, 1);
  /* by calendar date, not +24 h: a day with a clock change is 23 or 25 h */
  span->from = day_start (day, tz);
  span->to = day_start (&next, tz);
  span->at = MIN (span->to, now);
}

/* ---- accumulating ------------------------------------------------------ */

typedef struct
{
  CivicBriefingCounts  c[2];        /* [0] the day, [1] a week before */
  GArray              *close_s[2];  /* gint64 seconds to close */
} Tally;

typedef struct
{
  gint64  requested;
  gint64  service_id;
  double  lat, lon;
  gint64  cell;       /* 0 = no location */
  int     day;        /* 0 … N_NEW_DAYS-1, the last is the day */
} NewRow;

typedef struct
{
  CivicBriefing *b;
  GTimeZone     *tz;
  gint64         starts[N_NEW_DAYS + 1];  /* day boundaries, the last is span.to */
  GHashTable    *department_names;        /* case_values id → dept id (text) */
  GHashTable    *service_codes;           /* case_values id → service code */
  GHashTable    *tallies;                 /* case_values id of a department → Tally* */
  Tally          all;
  GArray        *new_rows;
} Compute;

static void
tally_free (gpointer data)
{
  Tally *t = data;

  g_array_unref (t->close_s[0]);
  g_array_unref (t->close_s[1]);
  g_free (t);
}

static void
tally_init (Tally *t)
{
  memset (t, 0, sizeof *t);
  t->close_s[0] = g_array_new (FALSE, FALSE, sizeof (gint64));
  t->close_s[1] = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static Tally *
department_tally (Compute *c,
                  gint64   department_id)
{
  Tally *t = g_hash_table_lookup (c->tallies, &department_id);

  if (t == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = department_id;
      t = g_new (Tally, 1);
      tally_init (t);
      g_hash_table_insert (c->tallies, key, t);
    }
  return t;
}

/* Which day of starts[] @t falls in: -1 before, N_NEW_DAYS after. */
static int
day_index (Compute *c,
           gint64   t)
{
  int lo = 0, hi = N_NEW_DAYS;

  if (t < c->starts[0])
    return -1;
  if (t >= c->starts[N_NEW_DAYS])
    return N_NEW_DAYS;
  while (hi - lo > 1)
    {
      int mid = (lo + hi) / 2;

      if (t >= c->starts[mid])
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static gint64
column_time (sqlite3_stmt *stmt,
             int           i)
{
  return sqlite3_column_type (stmt, i) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, i);
}

static gint64
cell_of (double  lat,
         double  lon,
         double *lat_min,
         double *lon_min,
         double *lon_step)
{
  const double lat_step = CIVIC_BRIEFING_CELL_METRES / METRES_PER_DEGREE;
  gint64 ilat = (gint64) floor (lat / lat_step);
  /* a band's cells are as wide as they are tall at its middle */
  double step = lat_step / MAX (0.01, cos ((ilat + 0.5) * lat_step * G_PI / 180.0));
  gint64 ilon = (gint64) floor (lon / step);

  if (lat_min != NULL)
    {
      *lat_min = ilat * lat_step;
      *lon_min = ilon * step;
      *lon_step = step;
    }
  /* never 0: 0 means "no location" */
  return (ilat + 100000) * 10000000 + (ilon + 5000000);
}

static gboolean
step_error (CivicStore    *store,
            sqlite3_stmt  *stmt,
            int            rc,
            GError       **error)
{
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  civic_store_set_error (store, rc, error);
  return FALSE;
}

static gboolean
read_values (CivicStore  *store,
             int          dim,
             GHashTable  *into,
             GError     **error)
{
  sqlite3_stmt *stmt = civic_store_prepare (store, "SELECT id, value FROM case_values WHERE dim = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, dim);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *key = g_new (gint64, 1);

      *key = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (into, key, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  return step_error (store, stmt, rc, error);
}

static GHashTable *
read_names (CivicStore  *store,
            const char  *sql,
            GError     **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = civic_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (sqlite3_column_text (stmt, 0) != NULL && sqlite3_column_text (stmt, 1) != NULL)
      g_hash_table_insert (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                           g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  if (!step_error (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&names);
}

/* 1. new cases over the baseline window and the day */
static gboolean
read_new (CivicStore  *store,
          Compute     *c,
          GError     **error)
{
  sqlite3_stmt *stmt = civic_store_prepare (store,
                                            "SELECT requested, department_id, service_id, lat, lon "
                                            "FROM cases "
                                            "WHERE requested >= ?1 AND requested < ?2", error);
  int lw = N_NEW_DAYS - 1 - 7;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->starts[0]);
  sqlite3_bind_int64 (stmt, 2, c->starts[N_NEW_DAYS]);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NewRow row = { 0, };
      int back;

      row.requested = sqlite3_column_int64 (stmt, 0);
      row.service_id = sqlite3_column_int64 (stmt, 2);
      row.day = day_index (c, row.requested);
      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL && sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        {
          row.lat = sqlite3_column_double (stmt, 3);
          row.lon = sqlite3_column_double (stmt, 4);
          row.cell = cell_of (row.lat, row.lon, NULL, NULL, NULL);
        }
      g_array_append_val (c->new_rows, row);

      back = N_NEW_DAYS - 1 - row.day;
      if (back >= 0 && back < CIVIC_BRIEFING_SPARK_DAYS)
        c->b->daily_new[CIVIC_BRIEFING_SPARK_DAYS - 1 - back]++;
      if (row.day == N_NEW_DAYS - 1 || row.day == lw)
        {
          int w = row.day == lw;

          c->all.c[w].n_new++;
          department_tally (c, sqlite3_column_int64 (stmt, 1))->c[w].n_new++;
        }
    }
  return step_error (store, stmt, rc, error);
}

static void
count_closed (Tally  *t,
              int     w,
              gint64  closed,
              gint64  requested,
              gint64  expected)
{
  gint64 took = MAX (0, closed - requested);

  t->c[w].n_closed++;
  if (expected == 0 || closed <= expected)
    t->c[w].n_closed_on_time++;
  g_array_append_val (t->close_s[w], took);
}

/* 2. closed during the last 14 days */
static gboolean
read_closed (CivicStore  *store,
             Compute     *c,
             GError     **error)
{
  sqlite3_stmt *stmt = civic_store_prepare (store,
                                            "SELECT closed, requested, expected, department_id "
                                            "FROM cases "
                                            "WHERE state = 4 AND closed >= ?1 AND closed < ?2", error);
  int first = N_NEW_DAYS - CIVIC_BRIEFING_SPARK_DAYS;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->starts[first]);
  sqlite3_bind_int64 (stmt, 2, c->starts[N_NEW_DAYS]);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 closed = sqlite3_column_int64 (stmt, 0);
      gint64 requested = column_time (stmt, 1);
      gint64 expected = column_time (stmt, 2);
      int day = day_index (c, closed);
      int w;

      if (day < first || day >= N_NEW_DAYS)
        continue;
      c->b->daily_closed[day - first]++;
      if (day == N_NEW_DAYS - 1)
        w = 0;
      else if (day == N_NEW_DAYS - 1 - 7)
        w = 1;
      else
        continue;
      count_closed (&c->all, w, closed, requested, expected);
      count_closed (department_tally (c, sqlite3_column_int64 (stmt, 3)), w, closed, requested, expected);
    }
  return step_error (store, stmt, rc, error);
}

static void
count_open (Compute *c,
            gint64   department_id,
            gint64   requested,
            gint64   expected,
            gint64   closed)
{
  const gint64 at[2] = { c->b->span.at, c->b->last_week_span.at };

  for (int w = 0; w < 2; w++)
    {
      Tally *d;

      /* open at the instant: requested before it, not closed by then */
      if (requested >= at[w] || (closed != 0 && closed < at[w]))
        continue;
      d = department_tally (c, department_id);
      c->all.c[w].n_backlog++;
      d->c[w].n_backlog++;
      if (expected != 0 && expected < at[w])
        {
          c->all.c[w].n_overdue++;
          d->c[w].n_overdue++;
        }
    }
}

/* 3. and 4. the backlog at both snapshots */
static gboolean
read_open (CivicStore  *store,
           Compute     *c,
           GError     **error)
{
  sqlite3_stmt *stmt = civic_store_prepare (store,
                                            "SELECT requested, expected, department_id "
                                            "FROM cases "
                                            "WHERE state <> 4 AND requested < ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->b->span.at);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    count_open (c, sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 0),
                column_time (stmt, 1), 0);
  if (!step_error (store, stmt, rc, error))
    return FALSE;

  stmt = civic_store_prepare (store,
                              "SELECT closed, requested, expected, department_id "
                              "FROM cases "
                              "WHERE state = 4 AND closed >= ?1 AND +requested < ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, MIN (c->b->span.at, c->b->last_week_span.at));
  sqlite3_bind_int64 (stmt, 2, MAX (c->b->span.at, c->b->last_week_span.at));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    count_open (c, sqlite3_column_int64 (stmt, 3), sqlite3_column_int64 (stmt, 1),
                column_time (stmt, 2), sqlite3_column_int64 (stmt, 0));
  return step_error (store, stmt, rc, error);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gint64
median (GArray *values)
{
  guint n = values->len;

  if (n == 0)
    return -1;
  g_array_sort (values, compare_gint64);
  if (n % 2 == 1)
    return g_array_index (values, gint64, n / 2);
  return (g_array_index (values, gint64, n / 2 - 1) + g_array_index (values, gint64, n / 2)) / 2;
}

static void
finish_tally (Tally *t)
{
  t->c[0].median_close = median (t->close_s[0]);
  t->c[1].median_close = median (t->close_s[1]);
}

static int
compare_departments (gconstpointer a,
                     gconstpointer b)
{
  const CivicBriefingDepartment *x = *(CivicBriefingDepartment * const *) a;
  const CivicBriefingDepartment *y = *(CivicBriefingDepartment * const *) b;

  return g_utf8_collate (x->name, y->name);
}

static gboolean
build_departments (CivicStore  *store,
                   Compute     *c,
                   GError     **error)
{
  g_autoptr(GHashTable) names = read_names (store, "SELECT id, name FROM departments", error);
  GHashTableIter iter;
  gpointer key, value;

  if (names == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, c->tallies);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Tally *t = value;
      const char *id = g_hash_table_lookup (c->department_names, key);
      const char *name = id != NULL ? g_hash_table_lookup (names, id) : NULL;
      CivicBriefingDepartment *d = g_new0 (CivicBriefingDepartment, 1);

      finish_tally (t);
      d->department = g_strdup (id != NULL ? id : "");
      d->name = g_strdup (name != NULL ? name : id != NULL ? id : "(no department)");
      d->day = t->c[0];
      d->last_week = t->c[1];
      g_ptr_array_add (c->b->departments, d);
    }
  g_ptr_array_sort (c->b->departments, compare_departments);
  return TRUE;
}

static int
compare_movers (gconstpointer a,
                gconstpointer b)
{
  const CivicBriefingMover *x = *(CivicBriefingMover * const *) a;
  const CivicBriefingMover *y = *(CivicBriefingMover * const *) b;
  gint64 dx = ABS (x->day - x->last_week), dy = ABS (y->day - y->last_week);

  if (dx != dy)
    return dx > dy ? -1 : 1;
  if (x->day != y->day)
    return x->day > y->day ? -1 : 1;
  return g_strcmp0 (x->service_code, y->service_code);
}

static gboolean
build_movers (Compute     *c,
              GHashTable  *service_names)
{
  g_autoptr(GHashTable) by_service = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  int lw = N_NEW_DAYS - 1 - 7;
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < c->new_rows->len; i++)
    {
      NewRow *row = &g_array_index (c->new_rows, NewRow, i);
      gint64 *counts;

      if (row->day != N_NEW_DAYS - 1 && row->day != lw)
        continue;
      counts = g_hash_table_lookup (by_service, &row->service_id);
      if (counts == NULL)
        {
          gint64 *k = g_new (gint64, 1);

          *k = row->service_id;
          counts = g_new0 (gint64, 2);
          g_hash_table_insert (by_service, k, counts);
        }
      counts[row->day == lw]++;
    }

  g_hash_table_iter_init (&iter, by_service);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 *counts = value;
      const char *code = g_hash_table_lookup (c->service_codes, key);
      const char *name = code != NULL ? g_hash_table_lookup (service_names, code) : NULL;
      CivicBriefingMover *m;

      if (counts[0] == counts[1] || code == NULL)
        continue;
      m = g_new0 (CivicBriefingMover, 1);
      m->service_code = g_strdup (code);
      m->name = g_strdup (name != NULL ? name : code);
      m->day = counts[0];
      m->last_week = counts[1];
      g_ptr_array_add (c->b->movers, m);
    }
  g_ptr_array_sort (c->b->movers, compare_movers);
  if (c->b->movers->len > MAX_MOVERS)
    g_ptr_array_set_size (c->b->movers, MAX_MOVERS);
  return TRUE;
}

typedef struct
{
  gint64 cell;
  gint64 today;
  gint64 base;     /* over the whole baseline window */
  double lat, lon; /* one case in it, to find the cell's corners */
} Cell;

static int
compare_cells (gconstpointer a,
               gconstpointer b)
{
  const CivicBriefingHotSpot *x = *(CivicBriefingHotSpot * const *) a;
  const CivicBriefingHotSpot *y = *(CivicBriefingHotSpot * const *) b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->count > y->count ? -1 : x->count < y->count;
}

static void
build_hot_spots (Compute    *c,
                 GHashTable *service_names)
{
  g_autoptr(GHashTable) cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < c->new_rows->len; i++)
    {
      NewRow *row = &g_array_index (c->new_rows, NewRow, i);
      Cell *cell;

      if (row->cell == 0 || row->day < 0 || row->day >= N_NEW_DAYS)
        continue;
      cell = g_hash_table_lookup (cells, &row->cell);
      if (cell == NULL)
        {
          cell = g_new0 (Cell, 1);
          cell->cell = row->cell;
          cell->lat = row->lat;
          cell->lon = row->lon;
          g_hash_table_insert (cells, &cell->cell, cell);
        }
      if (row->day == N_NEW_DAYS - 1)
        cell->today++;
      else
        cell->base++;
    }

  g_hash_table_iter_init (&iter, cells);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Cell *cell = value;
      double baseline = cell->base / (double) CIVIC_BRIEFING_BASELINE_DAYS;
      double step;
      CivicBriefingHotSpot *h;

      /* a cell is hot when it has more than a couple of cases and more
       * than it usually has */
      if (cell->today < 2 || cell->today <= baseline)
        continue;
      h = g_new0 (CivicBriefingHotSpot, 1);
      cell_of (cell->lat, cell->lon, &h->lat_min, &h->lon_min, &step);
      h->lat_max = h->lat_min + CIVIC_BRIEFING_CELL_METRES / METRES_PER_DEGREE;
      h->lon_max = h->lon_min + step;
      h->count = cell->today;
      h->baseline = baseline;
      h->score = (cell->today - baseline) / sqrt (baseline + 1.0);
      /* the service: kept in service_code as the cell key until below */
      h->service_count = cell->cell;
      g_ptr_array_add (c->b->hot_spots, h);
    }
  g_ptr_array_sort (c->b->hot_spots, compare_cells);
  if (c->b->hot_spots->len > MAX_HOT_SPOTS)
    g_ptr_array_set_size (c->b->hot_spots, MAX_HOT_SPOTS);

  /* the service driving each: most new cases of the day in the cell; one
   * pass over the day's rows for all of them */
  {
    g_autoptr(GHashTable) spot_of = g_hash_table_new (g_int64_hash, g_int64_equal);
    g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    gint64 best[MAX_HOT_SPOTS] = { 0, }, best_id[MAX_HOT_SPOTS] = { 0, };
    gint64 cell_keys[MAX_HOT_SPOTS];

    for (guint h = 0; h < c->b->hot_spots->len; h++)
      {
        CivicBriefingHotSpot *spot = g_ptr_array_index (c->b->hot_spots, h);

        cell_keys[h] = spot->service_count;
        g_hash_table_insert (spot_of, &cell_keys[h], GUINT_TO_POINTER (h + 1));
      }
    for (guint i = 0; i < c->new_rows->len; i++)
      {
        NewRow *row = &g_array_index (c->new_rows, NewRow, i);
        guint h;
        char key[48];
        guint n;

        if (row->day != N_NEW_DAYS - 1 || row->cell == 0)
          continue;
        h = GPOINTER_TO_UINT (g_hash_table_lookup (spot_of, &row->cell));
        if (h-- == 0)
          continue;
        g_snprintf (key, sizeof key, "%u/%" G_GINT64_FORMAT, h, row->service_id);
        n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1;
        g_hash_table_replace (counts, g_strdup (key), GUINT_TO_POINTER (n));
        if (n > best[h] || (n == best[h] && row->service_id < best_id[h]))
          best[h] = n, best_id[h] = row->service_id;
      }
    for (guint h = 0; h < c->b->hot_spots->len; h++)
      {
        CivicBriefingHotSpot *spot = g_ptr_array_index (c->b->hot_spots, h);

        spot->service_count = best[h];
        spot->service_code = g_strdup (g_hash_table_lookup (c->service_codes, &best_id[h]));
        if (spot->service_code != NULL)
          spot->service_name = g_strdup (g_hash_table_lookup (service_names, spot->service_code));
        if (spot->service_name == NULL)
          spot->service_name = g_strdup (spot->service_code != NULL ? spot->service_code : "");
      }
  }
}

#define MAX_TRENDS  8
#define MAX_PINNED  5
#define MAX_TODAY  12

/* Pins replicate as posts.pinned_until (the latest pin's end): a post
 * counts as pinned during the day when it existed before the day ended
 * and its pin ran past the day's start. */
static gboolean
read_feed (CivicStore     *store,
           CivicBriefing  *b,
           GError        **error)
{
  g_autofree char *today_key = civic_text_tag_key ("Today");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  b->trends = civic_store_trending_tags (store, b->span.to, MAX_TRENDS, error);
  if (b->trends == NULL)
    return FALSE;
  b->today_posts = civic_store_list_posts_tagged (store, today_key, b->span.from, b->span.to, error);
  if (b->today_posts == NULL)
    return FALSE;
  if (b->today_posts->len > MAX_TODAY)
    g_ptr_array_set_size (b->today_posts, MAX_TODAY);

  stmt = civic_store_prepare (store,
                              /* the few pins through their index: for the
                               * order, SQLite read every thread instead
                               * (101 ms at 500,000 posts, 0.1 ms so) */
                              "SELECT id FROM posts INDEXED BY posts_pinned WHERE parent_id = 0 "
                              "AND pinned_until > 0 AND pinned_until > ?1 AND created < ?2 "
                              "ORDER BY created DESC, id DESC LIMIT ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, b->span.from);
  sqlite3_bind_int64 (stmt, 2, b->span.to);
  sqlite3_bind_int (stmt, 3, MAX_PINNED);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (!step_error (store, stmt, rc, error))
    return FALSE;
  b->pinned = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < ids->len; i++)
    {
      CivicPost *post = civic_store_get_post (store, g_array_index (ids, gint64, i), error);

      if (post == NULL)
        return FALSE;
      g_ptr_array_add (b->pinned, post);
    }
  return TRUE;
}

CivicBriefing *
civic_briefing_compute (CivicStore   *store,
                        const GDate  *day,
                        GTimeZone    *tz,
                        gint64        now,
                        GError      **error)
{
  g_autoptr(GTimeZone) local = tz == NULL ? g_time_zone_new_local () : g_time_zone_ref (tz);
  g_autoptr(CivicBriefing) b = g_new0 (CivicBriefing, 1);
  g_autoptr(GHashTable) service_names = NULL;
  GDate lw = *day;
  Compute c = { 0, };
  gint64 t0, t1, t2;
  gboolean own_txn;
  gboolean ok = FALSE;

  g_return_val_if_fail (g_date_valid (day), NULL);
  if (!civic_store_check_open (store, FALSE, error))
    return NULL;

  b->day = *day;
  b->departments = g_ptr_array_new_with_free_func (department_free);
  b->movers = g_ptr_array_new_with_free_func (mover_free);
  b->hot_spots = g_ptr_array_new_with_free_func (hot_spot_free);
  civic_briefing_span_for_day (day, local, now, &b->span);
  g_date_subtract_days (&lw, 7);
  civic_briefing_span_for_day (&lw, local, now, &b->last_week_span);

  c.b = b;
  c.tz = local;
  for (int i = 0; i < N_NEW_DAYS; i++)
    {
      GDate d = *day;

      g_date_subtract_days (&d, N_NEW_DAYS - 1 - i);
      c.starts[i] = day_start (&d, local);
    }
  c.starts[N_NEW_DAYS] = b->span.to;
  c.department_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  c.service_codes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  c.tallies = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, tally_free);
  c.new_rows = g_array_new (FALSE, FALSE, sizeof (NewRow));
  tally_init (&c.all);

  /* one read transaction: the four reads see the same replica even while
   * sync writes */
  own_txn = sqlite3_get_autocommit (store->db);
  if (own_txn && !civic_store_exec (store, "BEGIN", error))
    goto out;
  t0 = g_get_monotonic_time ();
  ok = read_values (store, CIVIC_COUNT_DEPARTMENT, c.department_names, error) &&
       read_values (store, CIVIC_COUNT_SERVICE, c.service_codes, error) &&
       (service_names = read_names (store, "SELECT code, name FROM services", error)) != NULL &&
       read_new (store, &c, error);
  t1 = g_get_monotonic_time ();
  ok = ok && read_closed (store, &c, error);
  t2 = g_get_monotonic_time ();
  ok = ok && read_open (store, &c, error);
  g_debug ("briefing: %u new rows in %.1f ms, closed in %.1f ms, open in %.1f ms", c.new_rows->len,
           (t1 - t0) / 1000.0, (t2 - t1) / 1000.0, (g_get_monotonic_time () - t2) / 1000.0);
  if (own_txn)
    civic_store_exec (store, ok ? "COMMIT" : "ROLLBACK", NULL);
  if (!ok)
    goto out;

  finish_tally (&c.all);
  b->counts = c.all.c[0];
  b->last_week = c.all.c[1];
  ok = build_departments (store, &c, error) && build_movers (&c, service_names);
  if (ok)
    build_hot_spots (&c, service_names);
  t0 = g_get_monotonic_time ();
  ok = ok && read_feed (store, b, error);
  g_debug ("briefing: hot spots, departments and feed in %.1f ms", (g_get_monotonic_time () - t2) / 1000.0);
  g_debug ("briefing: feed in %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);

out:
  g_hash_table_unref (c.department_names);
  g_hash_table_unref (c.service_codes);
  g_hash_table_unref (c.tallies);
  g_array_unref (c.new_rows);
  g_array_unref (c.all.close_s[0]);
  g_array_unref (c.all.close_s[1]);
  return ok ? g_steal_pointer (&b) : NULL;
}
