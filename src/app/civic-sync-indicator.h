/* civic-sync-indicator.h: the sync state in the header bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "civic-connection-monitor.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_SYNC_INDICATOR (civic_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (CivicSyncIndicator, civic_sync_indicator, CIVIC, SYNC_INDICATOR, AdwBin)

GtkWidget      *civic_sync_indicator_new         (void);
CivicSyncState  civic_sync_indicator_get_state   (CivicSyncIndicator *self);
void            civic_sync_indicator_set_state   (CivicSyncIndicator *self,
                                                  CivicSyncState      state);
const char     *civic_sync_indicator_get_message (CivicSyncIndicator *self);
void            civic_sync_indicator_set_message (CivicSyncIndicator *self,
                                                  const char         *message);
const char     *civic_sync_indicator_get_label   (CivicSyncIndicator *self);

G_END_DECLS
