/* civic-sync.h: the desk's sync engine (offline first)
 *
 * Everything the user sees is read from the local CivicStore; CivicSync
 * only moves changes in and out:
 *
 *  - pull: GET /api/v1/changes?after=SEQ in pages; each page is parsed
 *    and applied to the replica in a worker thread with its own store
 *    connection, in one transaction that also advances the cursor;
 *  - push: the outbox, oldest first, each write with its Idempotency-Key;
 *    a 409 on a case update is merged field by field (civic-conflict.h);
 *  - live: a WebSocket to /api/v1/live; every {"seq": N} beyond the
 *    cursor triggers a pull; reconnects with exponential backoff;
 *  - sync at start, when GNetworkMonitor says the network is back, when
 *    the outbox grows, and on demand (civic_sync_now).
 *
 * All callbacks and signals are on the thread-default main context of
 * the thread that made the object (the UI thread).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "civic-store.h"

G_BEGIN_DECLS

typedef enum
{
  CIVIC_SYNC_STATE_OFFLINE,      /* no network or service unreachable; message says since when */
  CIVIC_SYNC_STATE_CONNECTING,
  CIVIC_SYNC_STATE_SYNCING,      /* pulling or pushing; see progress */
  CIVIC_SYNC_STATE_ONLINE,       /* caught up, live socket open */
  CIVIC_SYNC_STATE_ERROR,        /* needs the user: wrong password, expired session, a broken service */
} CivicSyncState;

GType civic_sync_state_get_type (void) G_GNUC_CONST;
#define CIVIC_TYPE_SYNC_STATE (civic_sync_state_get_type ())

#define CIVIC_TYPE_SYNC (civic_sync_get_type ())
G_DECLARE_FINAL_TYPE (CivicSync, civic_sync, CIVIC, SYNC, GObject)

/* Properties (all read-only, notify on change):
 *   "state"          CivicSyncState
 *   "message"        char*   the line a clerk reads: "Online", "Syncing 12,400 of 100,000",
 *                            "Offline since 14:02", "Your session has expired — sign in again"
 *   "detail"         char*   the technical detail behind an error, one click away in the UI
 *   "progress"       double  0…1 during a long pull, -1 when unknown or idle
 *   "pending"        guint   writes waiting in the outbox
 *   "offline-since"  gint64  Unix seconds, 0 when online
 *   "cursor"         gint64  the last change sequence applied to the replica
 *   "server-url"     char*   construct-only
 *   "username"       char*   who is signed in (NULL before login)
 *
 * Signals:
 *   "changed" (GStrv request_ids, guint kinds)   after a pull page or a push changed the
 *             replica; request_ids are the cases touched (NULL when too many to list);
 *             kinds is a CivicSyncKinds bitmask
 *   "conflict" (char *request_id, char *field, char *local_value, char *server_value)
 *             a local edit lost to a newer server value; the local value is in the case
 *             timeline as a conflict event; the UI offers to reapply it
 */

typedef enum
{
  CIVIC_SYNC_KIND_CASES    = 1 << 0,
  CIVIC_SYNC_KIND_EVENTS   = 1 << 1,
  CIVIC_SYNC_KIND_POSTS    = 1 << 2,
  CIVIC_SYNC_KIND_SOCIAL   = 1 << 3,   /* likes, follows, notifications */
  CIVIC_SYNC_KIND_CATALOG  = 1 << 4,   /* services, departments, users, saved views */
} CivicSyncKinds;

CivicSync      *civic_sync_new              (CivicStore          *store,
                                             const char          *server_url);

/* Signs in (POST /api/v1/session); the token is returned so the app can
 * keep it in the keyring. Errors: CIVIC_ERROR_FORBIDDEN for a wrong
 * password (message in plain words), CIVIC_ERROR_NETWORK otherwise. */
void            civic_sync_login_async      (CivicSync           *self,
                                             const char          *username,
                                             const char          *password,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
char           *civic_sync_login_finish     (CivicSync           *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* Uses a token kept from an earlier login (from the keyring). */
void            civic_sync_set_token        (CivicSync           *self,
                                             const char          *username,
                                             const char          *token);

/* Starts syncing (pull, push, live socket, network monitor); stops. */
void            civic_sync_start            (CivicSync           *self);
void            civic_sync_stop             (CivicSync           *self);
/* Sync on demand (Ctrl+R): a pull and a push now, resetting backoff. */
void            civic_sync_now              (CivicSync           *self);
/* Tells the engine the outbox grew (a local write). */
void            civic_sync_outbox_changed   (CivicSync           *self);

CivicSyncState  civic_sync_get_state        (CivicSync           *self);
const char     *civic_sync_get_message      (CivicSync           *self);
const char     *civic_sync_get_detail       (CivicSync           *self);
double          civic_sync_get_progress     (CivicSync           *self);
guint           civic_sync_get_pending      (CivicSync           *self);
gint64          civic_sync_get_cursor       (CivicSync           *self);
CivicStore     *civic_sync_get_store        (CivicSync           *self);

/* Waits (iterating the thread-default context) until the engine is idle:
 * caught up with the server's current sequence and the outbox empty, or
 * in OFFLINE/ERROR. For tests and benchmarks. FALSE on timeout. */
gboolean        civic_sync_wait_idle        (CivicSync           *self,
                                             guint                timeout_ms);

G_END_DECLS
