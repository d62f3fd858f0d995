/* civic-store.h: the local SQLite replica every view reads from
 *
 * One file, WAL, foreign keys on. Every write is one transaction; a caller
 * that needs several writes to land together (a local change and its
 * outbox entry) wraps them in civic_store_begin()/civic_store_commit().
 *
 * A CivicStore is used from one thread at a time; a worker thread opens
 * its own CivicStore on the same file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "civic-case.h"
#include "civic-case-event.h"
#include "civic-department.h"
#include "civic-enums.h"
#include "civic-post.h"
#include "civic-service.h"
#include "civic-types.h"
#include "civic-user.h"

G_BEGIN_DECLS

/* The schema version this build writes; a file with a higher one is
 * refused with CIVIC_ERROR_STORE_TOO_NEW and left untouched. */
#define CIVIC_STORE_SCHEMA_VERSION 6

typedef enum
{
  CIVIC_STORE_OPEN_DEFAULT   = 0,
  /* never write: every write fails with CIVIC_ERROR_STORE_READ_ONLY, and
   * a file that needs upgrading is refused with the same code */
  CIVIC_STORE_OPEN_READ_ONLY = 1 << 0,
} CivicStoreOpenFlags;

/* ---- the queue's filter ---------------------------------------------- */

#define CIVIC_CASE_STATE_BIT(s) (1u << (s))
/* every state the public sees as "open" */
#define CIVIC_CASE_STATES_OPEN  (CIVIC_CASE_STATE_BIT (CIVIC_CASE_STATE_NEW) | \
                                 CIVIC_CASE_STATE_BIT (CIVIC_CASE_STATE_ACKNOWLEDGED) | \
                                 CIVIC_CASE_STATE_BIT (CIVIC_CASE_STATE_IN_PROGRESS) | \
                                 CIVIC_CASE_STATE_BIT (CIVIC_CASE_STATE_WAITING))
#define CIVIC_CHANNEL_BIT(c)    (1u << (c))

typedef struct
{
  guint     states;          /* CIVIC_CASE_STATE_BIT()s; 0 = any state */
  guint     channels;        /* CIVIC_CHANNEL_BIT()s; 0 = any channel */
  char     *department;      /* department id; NULL = any */
  char     *service_code;    /* NULL = any */
  char     *assignee;        /* username; "" = unassigned; NULL = any */
  char     *tag;             /* without '#'; NULL = any */
  gboolean  overdue_only;    /* open and expected_datetime < now */
  gint64    requested_from;  /* unix seconds, inclusive; 0 = no bound */
  gint64    requested_to;    /* unix seconds, exclusive; 0 = no bound */
  char     *text;            /* words that must all appear (tracking id,
                              * service, description, address); NULL = any */
  gint64    now;             /* "now" for overdue_only; 0 = the clock */
  /* what the briefing's figures need (0 / FALSE = no condition) */
  gint64    closed_from;     /* closed at or after, unix seconds */
  gint64    closed_to;       /* closed before */
  gboolean  closed_on_time;  /* closed, at or before its due time or with none */
  gint64    open_at;         /* open at that instant: requested before it
                              * and not closed by then */
  gint64    due_before;      /* due (expected) before this */
  gboolean  in_area;         /* lat_min ≤ lat < lat_max, lon likewise */
  double    lat_min, lat_max, lon_min, lon_max;
} CivicCaseFilter;

#define CIVIC_TYPE_CASE_FILTER (civic_case_filter_get_type ())
GType            civic_case_filter_get_type (void) G_GNUC_CONST;
CivicCaseFilter *civic_case_filter_new      (void);
CivicCaseFilter *civic_case_filter_copy     (const CivicCaseFilter *filter);
void             civic_case_filter_free     (CivicCaseFilter       *filter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicCaseFilter, civic_case_filter_free)

typedef enum
{
  /* the order cases reached this store: newest first when descending.
   * Every filter answers fastest in this order. */
  CIVIC_CASE_SORT_ARRIVAL,
  CIVIC_CASE_SORT_REQUESTED,
  CIVIC_CASE_SORT_UPDATED,
  CIVIC_CASE_SORT_EXPECTED,
  CIVIC_CASE_SORT_PRIORITY,
  CIVIC_CASE_SORT_TRACKING_ID,
  CIVIC_CASE_SORT_STATE,
  CIVIC_CASE_SORT_SERVICE,
  CIVIC_CASE_SORT_DEPARTMENT,
  CIVIC_CASE_SORT_ASSIGNEE,
  CIVIC_CASE_SORT_CHANNEL,
  CIVIC_CASE_SORT_ADDRESS,
} CivicCaseSortColumn;

typedef struct
{
  CivicCaseSortColumn column;
  gboolean            descending;
} CivicCaseSort;

/* ---- the outbox ------------------------------------------------------ */

typedef struct
{
  gint64  id;               /* push in ascending id order */
  char   *idempotency_key;  /* a UUID made when the write was queued */
  char   *method;
  char   *path;
  char   *body;             /* JSON, may be NULL */
  gint64  created;          /* unix seconds */
} CivicOutboxItem;

#define CIVIC_TYPE_OUTBOX_ITEM (civic_outbox_item_get_type ())
GType            civic_outbox_item_get_type (void) G_GNUC_CONST;
CivicOutboxItem *civic_outbox_item_copy     (const CivicOutboxItem *item);
void             civic_outbox_item_free     (CivicOutboxItem       *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicOutboxItem, civic_outbox_item_free)

/* ---- the store ------------------------------------------------------- */

#define CIVIC_TYPE_STORE (civic_store_get_type ())
G_DECLARE_FINAL_TYPE (CivicStore, civic_store, CIVIC, STORE, GObject)

CivicStore *civic_store_open       (const char           *path,
                                    GError              **error);
CivicStore *civic_store_open_full  (const char           *path,
                                    CivicStoreOpenFlags   flags,
                                    GError              **error);
/* Closes the file now (unref would too); later calls fail cleanly. */
void        civic_store_close      (CivicStore           *store);
const char *civic_store_get_path   (CivicStore           *store);
/* How long a write waits for another program's write to finish before
 * failing with CIVIC_ERROR_STORE_LOCKED; 5 s by default. */
void        civic_store_set_busy_timeout (CivicStore     *store,
                                          guint           milliseconds);

/* Memory of this connection: @mmap_bytes of the file mapped (1 GiB by
 * default; mapped pages count towards the process's resident memory)
 * and @cache_kib of page cache (64 MiB by default). An app that lists a
 * million cases keeps both small; engines and benches keep the default. */
gboolean    civic_store_set_memory (CivicStore           *store,
                                    gint64                mmap_bytes,
                                    gint64                cache_kib,
                                    GError              **error);

/* Group writes into one transaction. Nested pairs are savepoints. */
gboolean    civic_store_begin      (CivicStore           *store,
                                    GError              **error);
gboolean    civic_store_commit     (CivicStore           *store,
                                    GError              **error);
void        civic_store_rollback   (CivicStore           *store);

/* A read transaction: every read until end_read sees the file as it was
 * at the first read after begin_read, whatever other connections write
 * (WAL). Not nested, not with writes on this connection. */
gboolean    civic_store_begin_read (CivicStore           *store,
                                    GError              **error);
void        civic_store_end_read   (CivicStore           *store);
gboolean    civic_store_in_read    (CivicStore           *store);
/* Stops what this connection runs now, from any thread: that call fails
 * with CIVIC_ERROR_CANCELLED. */
void        civic_store_interrupt  (CivicStore           *store);

/* Cases: inserted or replaced by service_request_id, one transaction for
 * the whole array. Sets each case's id. */
gboolean    civic_store_put_cases  (CivicStore           *store,
                                    GPtrArray            *cases,
                                    GError              **error);
gboolean    civic_store_put_case   (CivicStore           *store,
                                    CivicCase            *kase,
                                    GError              **error);
CivicCase  *civic_store_get_case   (CivicStore           *store,
                                    const char           *service_request_id,
                                    GError              **error);
CivicCase  *civic_store_get_case_by_id (CivicStore       *store,
                                        gint64            id,
                                        GError          **error);

/* Bulk fill for sync pulls and seeding. Between begin and end, batches are
 * one transaction each; when the store started empty the indexes, search
 * index and counts are built once in end instead of row by row. A crash in
 * between is repaired on the next open. */
gboolean    civic_store_bulk_begin     (CivicStore       *store,
                                        GError          **error);
gboolean    civic_store_bulk_put_cases (CivicStore       *store,
                                        GPtrArray        *cases,
                                        GError          **error);
gboolean    civic_store_bulk_end       (CivicStore       *store,
                                        GError          **error);

/* The timeline. Events are append-only; sets the event's id. */
gboolean    civic_store_append_event   (CivicStore       *store,
                                        CivicCaseEvent   *event,
                                        GError          **error);
GPtrArray  *civic_store_list_events    (CivicStore       *store,
                                        const char       *case_id,
                                        GError          **error);

gboolean    civic_store_put_services    (CivicStore      *store,
                                         GPtrArray       *services,
                                         GError         **error);
gboolean    civic_store_put_departments (CivicStore      *store,
                                         GPtrArray       *departments,
                                         GError         **error);
gboolean    civic_store_put_users       (CivicStore      *store,
                                         GPtrArray       *users,
                                         GError         **error);
gboolean    civic_store_put_posts       (CivicStore      *store,
                                         GPtrArray       *posts,
                                         GError         **error);
GPtrArray  *civic_store_list_services   (CivicStore      *store,
                                         GError         **error);
GPtrArray  *civic_store_list_departments (CivicStore     *store,
                                          GError        **error);
CivicPost  *civic_store_get_post        (CivicStore      *store,
                                         gint64           id,
                                         GError         **error);

/* Outbox. Enqueue joins the caller's transaction when one is open, so a
 * local change and its outbox entry commit or vanish together. */
gint64      civic_store_outbox_enqueue (CivicStore       *store,
                                        const char       *method,
                                        const char       *path,
                                        const char       *body,
                                        GError          **error);
GPtrArray  *civic_store_outbox_peek    (CivicStore       *store,
                                        guint             limit,
                                        GError          **error);
gboolean    civic_store_outbox_remove  (CivicStore       *store,
                                        gint64            id,
                                        GError          **error);
gboolean    civic_store_update_case_and_enqueue (CivicStore  *store,
                                                 CivicCase   *kase,
                                                 const char  *method,
                                                 const char  *path,
                                                 const char  *body,
                                                 gint64      *outbox_id,
                                                 GError     **error);

/* Small key/value settings of the replica (sync cursor, …) */
char       *civic_store_get_meta (CivicStore  *store,
                                  const char  *key,
                                  GError     **error);
gboolean    civic_store_set_meta (CivicStore  *store,
                                  const char  *key,
                                  const char  *value,
                                  GError     **error);

/* The queue. Counts and pages of case ids (GArray of gint64) for the lazy
 * list model. @sort may be NULL: newest arrival first. */
gint64      civic_store_count_cases     (CivicStore             *store,
                                         const CivicCaseFilter  *filter,
                                         GError                **error);
/* The count when it is quick: the counts the store keeps answer it, or
 * an index alone does (a date range); else -1 without an error (a text
 * search: counting it costs as much as listing it). */
gint64      civic_store_count_cases_kept (CivicStore            *store,
                                          const CivicCaseFilter *filter,
                                          GError               **error);
GArray     *civic_store_query_case_ids  (CivicStore             *store,
                                         const CivicCaseFilter  *filter,
                                         const CivicCaseSort    *sort,
                                         guint                   offset,
                                         guint                   limit,
                                         GError                **error);
/* What a queue row shows: the narrow columns of a case, with the
 * department's and assignee's display names. */
typedef struct
{
  gint64          id;
  char           *service_request_id;
  CivicCaseState  state;
  char           *service_code;
  char           *service_name;
  char           *department;        /* id */
  char           *department_name;   /* display name, or the id */
  char           *assignee;          /* username, NULL when unassigned */
  char           *assignee_name;     /* display name, or the username */
  int             priority;
  gint64          requested;
  gint64          expected;
  gint64          closed;
  char           *address;
  CivicChannel    channel;
} CivicCaseSummary;

void        civic_case_summary_free     (CivicCaseSummary       *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicCaseSummary, civic_case_summary_free)

/* One statement for @n_ids cases: a GPtrArray of CivicCaseSummary in the
 * order of @ids; an id that is not (or no longer) in the store is NULL. */
GPtrArray  *civic_store_get_case_summaries (CivicStore          *store,
                                            const gint64        *ids,
                                            guint                n_ids,
                                            GError             **error);

/* Saved views of the queue (synced from the service; a local one not yet
 * pushed has an id < 0). filter is the JSON the service stores:
 * {"filter": {param: value, …}, "sort": "-requested"} or the bare params. */
typedef struct
{
  gint64  id;
  char   *name;
  char   *owner;
  char   *filter;
} CivicSavedView;

void        civic_saved_view_free        (CivicSavedView         *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicSavedView, civic_saved_view_free)
/* By name: a GPtrArray of CivicSavedView. */
GPtrArray  *civic_store_list_saved_views (CivicStore             *store,
                                          GError                **error);

/* Full-text search over post bodies: ids, newest first. */
GArray     *civic_store_search_posts    (CivicStore             *store,
                                         const char             *text,
                                         guint                   limit,
                                         GError                **error);

/* The map (issue 7): every case of @filter that has a location, as a
 * GArray of CivicCasePoint in no particular order. */
typedef struct
{
  gint64          id;
  double          lat;
  double          lon;
  gint64          expected;   /* unix seconds, 0 = none */
  CivicCaseState  state;
} CivicCasePoint;

GArray     *civic_store_query_case_points (CivicStore           *store,
                                           const CivicCaseFilter *filter,
                                           GError              **error);

G_END_DECLS
