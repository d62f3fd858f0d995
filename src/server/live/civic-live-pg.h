/* civic-live-pg.h: LISTEN/NOTIFY fan-out between server processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-live.h"

G_BEGIN_DECLS

/* The channel every committed write notifies with its seq as payload. */
#define CIVIC_LIVE_PG_CHANNEL "civic_changes"

typedef struct _CivicLivePg CivicLivePg;

/* LISTENs on @conninfo's database and publishes each notified seq to
 * @hub, from @context (a worker's main context). */
CivicLivePg *civic_live_pg_start (CivicLive    *hub,
                                  const char   *conninfo,
                                  GMainContext *context);
/* From @context's thread. */
void         civic_live_pg_stop  (CivicLivePg  *self);

G_END_DECLS
