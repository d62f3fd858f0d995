/* civic-case-index.h: the map's cases as flat arrays with a quadtree
 *
 * Built once per data or filter change on a worker thread, then only
 * read on the main thread. Points are in Web-Mercator world units
 * (0..1 both ways, y down), sorted along a Z-order curve of a 2^16 grid,
 * so every quadtree node at any level is one contiguous run: the
 * clusters of level L (2^L cells a side) are the runs of equal key >>
 * 2(16-L), and a viewport query is a descent with binary searches.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-store.h"

G_BEGIN_DECLS

#define CIVIC_INDEX_LEVELS 16   /* the finest grid: 2^16 cells a side */

typedef enum
{
  CIVIC_MARK_NEW,
  CIVIC_MARK_ACKNOWLEDGED,
  CIVIC_MARK_IN_PROGRESS,
  CIVIC_MARK_WAITING,
  CIVIC_MARK_CLOSED,
  CIVIC_MARK_OVERDUE,     /* open and past its expected date */
  CIVIC_N_MARKS
} CivicMark;

typedef struct
{
  float    x, y;          /* centroid, world units */
  guint32  key;           /* Z-order key at the cluster's level */
  guint32  first;         /* index of its first point */
  guint32  count;
  guint32  marks[CIVIC_N_MARKS];  /* how many of each */
  guint8   mark;          /* the most frequent, overdue first on a tie */
} CivicCluster;

typedef struct
{
  guint         n_points;
  double       *x, *y;          /* world units */
  guint32      *key;            /* Z-order key at level 16 */
  gint64       *id;             /* cases.id */
  guint8       *mark;           /* CivicMark */
  CivicCluster *clusters[CIVIC_INDEX_LEVELS + 1];
  guint         n_clusters[CIVIC_INDEX_LEVELS + 1];
  /* the extent, world units; empty when n_points is 0 */
  double        min_x, min_y, max_x, max_y;
  double        load_ms, build_ms;   /* worker time, for the bench */
} CivicCaseIndex;

void            civic_world_from_location (double lat, double lon, double *x, double *y);
void            civic_world_to_location   (double x, double y, double *lat, double *lon);

/* Takes the points (CivicCasePoint) as read from the store. */
CivicCaseIndex *civic_case_index_build    (GArray         *points,
                                           gint64          now);
void            civic_case_index_free     (CivicCaseIndex *index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicCaseIndex, civic_case_index_free)

/* Calls @func for each run [first, first + n) of @level's clusters
 * (level < 16 … 16) or, for level -1, of points whose cells meet the
 * rectangle; the caller tests each item against the exact rectangle. */
typedef void (*CivicIndexRunFunc) (guint first, guint n, gpointer data);
void            civic_case_index_query    (const CivicCaseIndex *index,
                                           int                   level,
                                           double                x0,
                                           double                y0,
                                           double                x1,
                                           double                y1,
                                           CivicIndexRunFunc     func,
                                           gpointer              data);

/* The ids of the points inside the rectangle (world units). */
GArray         *civic_case_index_ids_in   (const CivicCaseIndex *index,
                                           double                x0,
                                           double                y0,
                                           double                x1,
                                           double                y1);

/* Reads the points of @filter from a new read-only connection to
 * @path and builds the index, off the main thread. */
void            civic_case_index_load_async  (const char            *path,
                                              const CivicCaseFilter *filter,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
CivicCaseIndex *civic_case_index_load_finish (GAsyncResult          *result,
                                              GError               **error);

G_END_DECLS
