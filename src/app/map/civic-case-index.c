/* civic-case-index.c: flat arrays, a Z-order sort and clusters per level
 *
 * Why this shape: a million points must be grouped for every zoom within
 * half a second off the main thread, and a frame must find what it draws
 * in well under a millisecond. Sorting once by a Z-order key makes every
 * quadtree node a contiguous run, so the clusters of all 17 levels come
 * from one pass over the points and then passes over ever fewer clusters,
 * and a viewport is answered by descending the implicit quadtree with
 * binary searches: no pointers, no per-level hash tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <math.h>
#include <string.h>

#include "civic-case-index.h"

#define GRID (1u << CIVIC_INDEX_LEVELS)

void
civic_world_from_location (double  lat,
                           double  lon,
                           double *x,
                           double *y)
{
  double s;

  lat = CLAMP (lat, -85.0511, 85.0511);
  s = sin (lat * G_PI / 180.0);
  *x = (lon + 180.0) / 360.0;
  *y = 0.5 - log ((1 + s) / (1 - s)) / (4 * G_PI);
}

void
civic_world_to_location (double  x,
                         double  y,
                         double *lat,
                         double *lon)
{
  *lon = x * 360.0 - 180.0;
  *lat = 180.0 / G_PI * atan (sinh (G_PI * (1 - 2 * y)));
}

/* 16 bits → the even bits of 32 */
static guint32
spread (guint32 v)
{
  v &= 0xffff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v;
}

static guint32
cell_of (double v)
{
  double c = floor (v * GRID);

  return (guint32) CLAMP (c, 0, GRID - 1);
}

static guint32
zkey (double x,
      double y)
{
  return spread (cell_of (x)) | (spread (cell_of (y)) << 1);
}

/* LSD radix sort of (key << 32 | index) on the key half: four passes of
 * a byte, linear in the number of points. */
static void
radix_sort (guint64 *items,
            guint    n)
{
  g_autofree guint64 *tmp = g_new (guint64, n);
  guint64 *src = items, *dst = tmp;

  for (int shift = 32; shift < 64; shift += 8)
    {
      guint count[257] = { 0 };

      for (guint i = 0; i < n; i++)
        count[((src[i] >> shift) & 0xff) + 1]++;
      for (int b = 0; b < 256; b++)
        count[b + 1] += count[b];
      for (guint i = 0; i < n; i++)
        dst[count[(src[i] >> shift) & 0xff]++] = src[i];
      { guint64 *t = src; src = dst; dst = t; }
    }
  /* four passes: the result is back in @items */
  g_assert (src == items);
}

static guint8
dominant (const guint32 *marks)
{
  guint8 best = CIVIC_MARK_OVERDUE;

  for (guint8 m = 0; m < CIVIC_N_MARKS; m++)
    if (marks[m] > marks[best])
      best = m;
  return best;
}

static void
build_clusters (CivicCaseIndex *index)
{
  GArray *level = g_array_new (FALSE, FALSE, sizeof (CivicCluster));
  double sx = 0, sy = 0;

  /* the finest level from the points */
  for (guint i = 0; i < index->n_points; i++)
    {
      CivicCluster *c;

      if (i == 0 || index->key[i] != index->key[i - 1])
        {
          CivicCluster fresh = { 0 };

          if (level->len > 0)
            {
              c = &g_array_index (level, CivicCluster, level->len - 1);
              c->x = sx / c->count;
              c->y = sy / c->count;
            }
          fresh.key = index->key[i];
          fresh.first = i;
          g_array_append_val (level, fresh);
          sx = sy = 0;
        }
      c = &g_array_index (level, CivicCluster, level->len - 1);
      c->count++;
      c->marks[index->mark[i]]++;
      sx += index->x[i];
      sy += index->y[i];
    }
  if (level->len > 0)
    {
      CivicCluster *c = &g_array_index (level, CivicCluster, level->len - 1);

      c->x = sx / c->count;
      c->y = sy / c->count;
    }
  for (guint i = 0; i < level->len; i++)
    {
      CivicCluster *c = &g_array_index (level, CivicCluster, i);
      c->mark = dominant (c->marks);
    }
  index->n_clusters[CIVIC_INDEX_LEVELS] = level->len;
  index->clusters[CIVIC_INDEX_LEVELS] = (CivicCluster *) (void *) g_array_free (level, FALSE);

  /* each coarser level merges runs of four cells of the finer one */
  for (int l = CIVIC_INDEX_LEVELS - 1; l >= 0; l--)
    {
      const CivicCluster *fine = index->clusters[l + 1];
      guint n_fine = index->n_clusters[l + 1];
      GArray *coarse = g_array_new (FALSE, FALSE, sizeof (CivicCluster));
      double wx = 0, wy = 0;

      for (guint i = 0; i < n_fine; i++)
        {
          guint32 key = fine[i].key >> 2;
          CivicCluster *c;

          if (coarse->len == 0 || g_array_index (coarse, CivicCluster, coarse->len - 1).key != key)
            {
              CivicCluster fresh = { 0 };

              if (coarse->len > 0)
                {
                  c = &g_array_index (coarse, CivicCluster, coarse->len - 1);
                  c->x = wx / c->count;
                  c->y = wy / c->count;
                }
              fresh.key = key;
              fresh.first = fine[i].first;
              g_array_append_val (coarse, fresh);
              wx = wy = 0;
            }
          c = &g_array_index (coarse, CivicCluster, coarse->len - 1);
          c->count += fine[i].count;
          for (int m = 0; m < CIVIC_N_MARKS; m++)
            c->marks[m] += fine[i].marks[m];
          wx += (double) fine[i].x * fine[i].count;
          wy += (double) fine[i].y * fine[i].count;
        }
      if (coarse->len > 0)
        {
          CivicCluster *c = &g_array_index (coarse, CivicCluster, coarse->len - 1);

          c->x = wx / c->count;
          c->y = wy / c->count;
        }
      for (guint i = 0; i < coarse->len; i++)
        {
          CivicCluster *c = &g_array_index (coarse, CivicCluster, i);
          c->mark = dominant (c->marks);
        }
      index->n_clusters[l] = coarse->len;
      index->clusters[l] = (CivicCluster *) (void *) g_array_free (coarse, FALSE);
    }
}

CivicCaseIndex *
civic_case_index_build (GArray *points,
                        gint64  now)
{
  CivicCaseIndex *index = g_new0 (CivicCaseIndex, 1);
  guint n = points->len;
  g_autofree guint64 *order = g_new (guint64, MAX (n, 1));
  g_autofree double *wx = g_new (double, MAX (n, 1));
  g_autofree double *wy = g_new (double, MAX (n, 1));
  gint64 t0 = g_get_monotonic_time ();

  index->n_points = n;
  index->x = g_new (double, MAX (n, 1));
  index->y = g_new (double, MAX (n, 1));
  index->key = g_new (guint32, MAX (n, 1));
  index->id = g_new (gint64, MAX (n, 1));
  index->mark = g_new (guint8, MAX (n, 1));
  index->min_x = index->min_y = 1;
  index->max_x = index->max_y = 0;

  for (guint i = 0; i < n; i++)
    {
      const CivicCasePoint *p = &g_array_index (points, CivicCasePoint, i);

      civic_world_from_location (p->lat, p->lon, &wx[i], &wy[i]);
      order[i] = ((guint64) zkey (wx[i], wy[i]) << 32) | i;
      index->min_x = MIN (index->min_x, wx[i]);
      index->min_y = MIN (index->min_y, wy[i]);
      index->max_x = MAX (index->max_x, wx[i]);
      index->max_y = MAX (index->max_y, wy[i]);
    }
  radix_sort (order, n);

  for (guint i = 0; i < n; i++)
    {
      guint src = (guint) (order[i] & 0xffffffffu);
      const CivicCasePoint *p = &g_array_index (points, CivicCasePoint, src);
      gboolean open = p->state != CIVIC_CASE_STATE_CLOSED;

      index->x[i] = wx[src];
      index->y[i] = wy[src];
      index->key[i] = (guint32) (order[i] >> 32);
      index->id[i] = p->id;
      index->mark[i] = open && p->expected != 0 && p->expected < now
                       ? CIVIC_MARK_OVERDUE
                       : (guint8) CLAMP ((int) p->state, 0, CIVIC_MARK_CLOSED);
    }
  build_clusters (index);
  index->build_ms = (g_get_monotonic_time () - t0) / 1000.0;

  return index;
}

void
civic_case_index_free (CivicCaseIndex *index)
{
  if (index == NULL)
    return;
  g_free (index->x);
  g_free (index->y);
  g_free (index->key);
  g_free (index->id);
  g_free (index->mark);
  for (int l = 0; l <= CIVIC_INDEX_LEVELS; l++)
    g_free (index->clusters[l]);
  g_free (index);
}

/* ---- viewport queries ------------------------------------------------ */

typedef struct
{
  const guint32     *keys;     /* first key */
  gsize              stride;   /* bytes between keys */
  guint              n;
  int                level;    /* of the keys */
  double             x0, y0, x1, y1;
  CivicIndexRunFunc  func;
  gpointer           data;
} Query;

static inline guint32
key_at (const Query *q,
        guint        i)
{
  return *(const guint32 *) (const void *) ((const char *) q->keys + i * q->stride);
}

static guint
lower_bound (const Query *q,
             guint64      key,
             guint        lo,
             guint        hi)
{
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (key_at (q, mid) < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
descend (const Query *q,
         int          l,
         guint32      cx,
         guint32      cy,
         guint64      prefix,
         guint        lo,
         guint        hi)
{
  double size = 1.0 / (double) (1u << l);
  double nx0 = cx * size, ny0 = cy * size;
  int shift = 2 * (q->level - l);
  guint first, last;

  if (nx0 >= q->x1 || ny0 >= q->y1 || nx0 + size <= q->x0 || ny0 + size <= q->y0)
    return;
  first = lower_bound (q, prefix << shift, lo, hi);
  last = lower_bound (q, (prefix + 1) << shift, first, hi);
  if (first == last)
    return;
  if (l == q->level ||
      (nx0 >= q->x0 && ny0 >= q->y0 && nx0 + size <= q->x1 && ny0 + size <= q->y1))
    {
      q->func (first, last - first, q->data);
      return;
    }
  for (guint32 child = 0; child < 4; child++)
    descend (q, l + 1, cx * 2 + (child & 1), cy * 2 + (child >> 1),
             prefix * 4 + child, first, last);
}

void
civic_case_index_query (const CivicCaseIndex *index,
                        int                   level,
                        double                x0,
                        double                y0,
                        double                x1,
                        double                y1,
                        CivicIndexRunFunc     func,
                        gpointer              data)
{
  Query q = { 0 };

  g_return_if_fail (level >= -1 && level <= CIVIC_INDEX_LEVELS);

  if (level < 0)
    {
      q.keys = index->key;
      q.stride = sizeof (guint32);
      q.n = index->n_points;
      q.level = CIVIC_INDEX_LEVELS;
    }
  else
    {
      q.keys = &index->clusters[level][0].key;
      q.stride = sizeof (CivicCluster);
      q.n = index->n_clusters[level];
      q.level = level;
    }
  if (q.n == 0)
    return;
  q.x0 = x0, q.y0 = y0, q.x1 = x1, q.y1 = y1;
  q.func = func;
  q.data = data;
  descend (&q, 0, 0, 0, 0, 0, q.n);
}

typedef struct
{
  const CivicCaseIndex *index;
  double                x0, y0, x1, y1;
  GArray               *ids;
} Collect;

static void
collect_run (guint    first,
             guint    n,
             gpointer data)
{
  Collect *c = data;

  for (guint i = first; i < first + n; i++)
    if (c->index->x[i] >= c->x0 && c->index->x[i] <= c->x1 &&
        c->index->y[i] >= c->y0 && c->index->y[i] <= c->y1)
      g_array_append_val (c->ids, c->index->id[i]);
}

GArray *
civic_case_index_ids_in (const CivicCaseIndex *index,
                         double                x0,
                         double                y0,
                         double                x1,
                         double                y1)
{
  Collect c = { index, MIN (x0, x1), MIN (y0, y1), MAX (x0, x1), MAX (y0, y1), NULL };

  c.ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* the query's cells are half-open; widen by a hair so points on the
   * far edge are offered and the exact test decides */
  civic_case_index_query (index, -1, c.x0, c.y0, c.x1 + 1e-12, c.y1 + 1e-12, collect_run, &c);
  return c.ids;
}

/* ---- loading --------------------------------------------------------- */

typedef struct
{
  char            *path;
  CivicCaseFilter *filter;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  civic_case_filter_free (data->filter);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(CivicStore) store = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;
  CivicCaseIndex *index;
  gint64 t0 = g_get_monotonic_time ();
  gint64 now = data->filter->now != 0 ? data->filter->now : g_get_real_time () / G_USEC_PER_SEC;

  /* a connection of its own: a CivicStore is used by one thread */
  store = civic_store_open_full (data->path, CIVIC_STORE_OPEN_READ_ONLY, &error);
  if (store != NULL)
    points = civic_store_query_case_points (store, data->filter, &error);
  if (points == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  index = civic_case_index_build (points, now);
  index->load_ms = (g_get_monotonic_time () - t0) / 1000.0 - index->build_ms;
  g_task_return_pointer (task, index, (GDestroyNotify) civic_case_index_free);
}

void
civic_case_index_load_async (const char            *path,
                             const CivicCaseFilter *filter,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  LoadData *data = g_new0 (LoadData, 1);
  CivicCaseFilter any = { 0 };

  data->path = g_strdup (path);
  data->filter = civic_case_filter_copy (filter != NULL ? filter : &any);
  g_task_set_source_tag (task, civic_case_index_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

CivicCaseIndex *
civic_case_index_load_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
