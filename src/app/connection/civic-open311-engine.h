/* civic-open311-engine.h: what keeps an Open311 connection's replica fresh
 *
 * The Open311 counterpart of CivicSync for the header bar: it owns the
 * CivicOpen311Client of the active Open311 connection (its api_key read
 * from the keyring), pulls the services and their definitions and then the
 * requests at start, on demand and every five minutes, and says how that
 * went through the same properties as CivicSync, so the indicator binds
 * to either by name:
 *
 *   "state"     CivicSyncState
 *   "message"   char*   "Open311 at data.city.gov — updated 14:02",
 *                       "Reading 1,200 requests", "Offline since 14:02", a reason
 *   "detail"    char*   the technical detail behind an error
 *   "progress"  double  always -1: an Open311 endpoint never says how many
 *   "pending"   guint   always 0: nothing waits to be sent in this mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "civic-connection.h"
#include "open311/civic-open311-client.h"
#include "civic-store.h"
#include "civic-sync.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_OPEN311_ENGINE (civic_open311_engine_get_type ())
G_DECLARE_FINAL_TYPE (CivicOpen311Engine, civic_open311_engine, CIVIC, OPEN311_ENGINE, GObject)

/* How often the engine pulls on its own, in seconds. */
#define CIVIC_OPEN311_ENGINE_INTERVAL 300

CivicOpen311Engine *civic_open311_engine_new         (CivicConnection    *connection,
                                                      CivicStore         *store);
/* Reads the api_key from the keyring, then syncs. */
void                civic_open311_engine_start       (CivicOpen311Engine *self);
void                civic_open311_engine_stop        (CivicOpen311Engine *self);
/* Syncs now unless a run is under way (then that run is enough). */
void                civic_open311_engine_now         (CivicOpen311Engine *self);

/* NULL until the api_key lookup has answered. */
CivicOpen311Client *civic_open311_engine_get_client  (CivicOpen311Engine *self);
gboolean            civic_open311_engine_get_busy    (CivicOpen311Engine *self);
CivicSyncState      civic_open311_engine_get_state   (CivicOpen311Engine *self);
const char         *civic_open311_engine_get_message (CivicOpen311Engine *self);
const char         *civic_open311_engine_get_detail  (CivicOpen311Engine *self);

G_END_DECLS
