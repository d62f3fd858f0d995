/* civic-sync-engine-private.h: what the engine's files share
 *
 * civic-sync.c is the object the UI sees (state, properties, scheduling,
 * login); civic-sync-run.c is one sync run in a worker thread (push the
 * outbox, then pull pages), which reports back to the UI thread through
 * civic_sync_post_*(); civic-sync-live.c holds the WebSocket.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "civic-sync.h"

G_BEGIN_DECLS

/* the server caps a page at 5,000; a page that size parses in a few tens
 * of milliseconds off the main thread and keeps memory flat */
#define CIVIC_SYNC_PAGE_LIMIT       5000
#define CIVIC_SYNC_BACKOFF_MIN_S    1
#define CIVIC_SYNC_BACKOFF_MAX_S    60
#define CIVIC_SYNC_STATUS_TOO_MANY_REQUESTS 429   /* not named in libsoup 3.2 */
#ifndef CIVIC_SYNC_CURSOR_KEY
#define CIVIC_SYNC_CURSOR_KEY       "sync.cursor"
#endif
/* a 409 merged and sent again this many times gives up for this run */
#define CIVIC_SYNC_MAX_MERGES       5

typedef enum
{
  CIVIC_RUN_OK,
  CIVIC_RUN_CANCELLED,
  CIVIC_RUN_OFFLINE,      /* no answer at all */
  CIVIC_RUN_AUTH,         /* 401: the session is gone */
  CIVIC_RUN_SERVER,       /* 5xx, 408, 429: retry later */
  CIVIC_RUN_INVALID,      /* an answer that is not the JSON we expect */
  CIVIC_RUN_STORE,        /* the local file failed */
} CivicRunOutcome;

/* One run: everything the worker needs, copied so it never touches the
 * CivicSync's fields from its thread. */
typedef struct
{
  CivicSync       *self;         /* strong ref, for posting back only */
  GMainContext    *context;      /* the UI thread's */
  char            *base_url;     /* ends with '/' */
  char            *token;
  char            *username;
  char            *store_path;
  gboolean         push_only;

  /* results */
  CivicRunOutcome  outcome;
  guint            status;       /* HTTP status behind SERVER/AUTH */
  char            *detail;       /* technical detail */
  gint64           cursor;
  gint64           current;      /* the server's sequence when last asked */
} CivicRun;

struct _CivicSync
{
  GObject          parent_instance;

  GMainContext    *context;
  CivicStore      *store;
  char            *server_url;   /* as given */
  char            *base_url;     /* ends with '/' */
  char            *host;         /* "host:port" for messages */
  SoupSession     *session;      /* UI thread only: login, live socket */
  GCancellable    *cancellable;  /* cancelled in stop and dispose */
  GNetworkMonitor *monitor;
  gulong           network_changed_id;

  char            *token;
  char            *username;

  CivicSyncState   state;
  char            *message;
  char            *detail;
  double           progress;
  guint            pending;
  gint64           offline_since;
  gint64           cursor;
  gint64           server_seq;   /* highest sequence the server announced */

  gboolean         started;
  gboolean         running;      /* a run is in its worker thread */
  gboolean         run_again;    /* something asked for a run meanwhile */
  guint            run_source;   /* idle or backoff timeout that starts a run */
  guint            retry_s;      /* backoff of failed runs */

  SoupWebsocketConnection *live;
  gboolean         live_connecting;
  guint            live_source;  /* reconnect timeout */
  guint            live_backoff_s;
  guint64          live_generation;
};

/* civic-sync.c */
void      civic_sync_schedule_run     (CivicSync   *self,
                                       guint        delay_s);
void      civic_sync_server_seq       (CivicSync   *self,
                                       gint64       seq);
void      civic_sync_live_state       (CivicSync   *self,
                                       gboolean     open);
char     *civic_sync_format_count     (guint64      n);

/* from the worker to the UI thread; all take a copy of what they need */
void      civic_sync_post_progress    (CivicRun    *run,
                                       guint64      n_done,
                                       guint64      n_total,
                                       double       fraction);
void      civic_sync_post_changed     (CivicRun    *run,
                                       GPtrArray   *request_ids,
                                       guint        kinds,
                                       gint64       cursor);
void      civic_sync_post_conflict    (CivicRun    *run,
                                       const char  *request_id,
                                       const char  *field,
                                       const char  *local_value,
                                       const char  *server_value);
void      civic_sync_post_dropped     (CivicRun    *run,
                                       const char  *what);

/* civic-sync-run.c */
void      civic_run_free              (CivicRun    *run);
void      civic_sync_run_thread       (GTask        *task,
                                       gpointer      source,
                                       gpointer      task_data,
                                       GCancellable *cancellable);
gint64    civic_sync_read_cursor      (CivicStore  *store);
guint     civic_sync_count_outbox     (CivicStore  *store);

/* civic-sync-live.c */
void      civic_sync_live_connect     (CivicSync   *self);
void      civic_sync_live_close       (CivicSync   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicRun, civic_run_free)

G_END_DECLS
