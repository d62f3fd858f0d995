/* civic-live.h: the /api/v1/live WebSocket hub
 *
 * Desks hold one WebSocket each, on whichever worker thread accepted it.
 * The hub tells every one of them `{"seq": N}` when the change sequence
 * moves; the desk then pulls /api/v1/changes. Nothing else travels over
 * the socket.
 *
 * civic_live_publish() is the one way in: the server's own writes call it
 * through the seq listener; a PostgreSQL LISTEN/NOTIFY listener (writes
 * made by other server processes) or the SQLite poll below call it too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-server.h"

G_BEGIN_DECLS

#define CIVIC_LIVE_PATH            "/api/v1/live"
/* A burst of writes reaches each client as at most one message per this. */
#define CIVIC_LIVE_COALESCE_MS     20
#define CIVIC_LIVE_KEEPALIVE_S     30
/* A client whose socket has accepted nothing for this long is dropped. */
#define CIVIC_LIVE_STALL_LIMIT_S   10

typedef struct _CivicLive CivicLive;

/* Creates the hub for @server (before it starts): a WebSocket handler on
 * every worker and a listener on the server's writes. The hub lives as
 * long as the process. */
CivicLive *civic_live_register       (CivicServer *server);

/* Announces that the sequence reached @seq. Any thread; never blocks on a
 * client. Older or equal numbers are ignored. */
void       civic_live_publish        (CivicLive   *hub,
                                      gint64       seq);

/* Connected clients, over all workers. */
guint      civic_live_get_n_clients  (CivicLive   *hub);

G_END_DECLS
