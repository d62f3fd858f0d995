/* civic-connection-monitor.h: is the Civic Desk service reachable?
 *
 * Stands in for the sync engine of issue #5, which keeps the same
 * `state` and `message` properties so the header bar does not change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  CIVIC_SYNC_STATE_OFFLINE,
  CIVIC_SYNC_STATE_CONNECTING,
  CIVIC_SYNC_STATE_ONLINE,
  CIVIC_SYNC_STATE_ERROR,
} CivicSyncState;

#define CIVIC_TYPE_SYNC_STATE (civic_sync_state_get_type ())
GType civic_sync_state_get_type (void);

#define CIVIC_TYPE_CONNECTION_MONITOR (civic_connection_monitor_get_type ())
G_DECLARE_FINAL_TYPE (CivicConnectionMonitor, civic_connection_monitor, CIVIC, CONNECTION_MONITOR, GObject)

CivicConnectionMonitor *civic_connection_monitor_new            (const char             *server_url);
const char             *civic_connection_monitor_get_server_url (CivicConnectionMonitor *self);
void                    civic_connection_monitor_set_server_url (CivicConnectionMonitor *self,
                                                                 const char             *server_url);
CivicSyncState          civic_connection_monitor_get_state      (CivicConnectionMonitor *self);
const char             *civic_connection_monitor_get_message    (CivicConnectionMonitor *self);
void                    civic_connection_monitor_check          (CivicConnectionMonitor *self);

G_END_DECLS
