/* civic-sync-indicator.h: the sync state in the header bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "civic-sync.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_SYNC_INDICATOR (civic_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (CivicSyncIndicator, civic_sync_indicator, CIVIC, SYNC_INDICATOR, AdwBin)

/* Properties "state", "message", "detail", "progress" and "pending" mirror
 * CivicSync's, so the window binds them one to one. */
GtkWidget      *civic_sync_indicator_new          (void);
CivicSyncState  civic_sync_indicator_get_state    (CivicSyncIndicator *self);
void            civic_sync_indicator_set_state    (CivicSyncIndicator *self,
                                                   CivicSyncState      state);
const char     *civic_sync_indicator_get_message  (CivicSyncIndicator *self);
void            civic_sync_indicator_set_message  (CivicSyncIndicator *self,
                                                   const char         *message);
void            civic_sync_indicator_set_detail   (CivicSyncIndicator *self,
                                                   const char         *detail);
void            civic_sync_indicator_set_progress (CivicSyncIndicator *self,
                                                   double              progress);
void            civic_sync_indicator_set_pending  (CivicSyncIndicator *self,
                                                   guint               pending);
void            civic_sync_indicator_set_can_sign_in (CivicSyncIndicator *self,
                                                      gboolean            can_sign_in);
void            civic_sync_indicator_set_connection (CivicSyncIndicator *self,
                                                     const char         *text);
/* What the header bar shows: the state's line, e.g. "Offline since 14:02" */
const char     *civic_sync_indicator_get_label    (CivicSyncIndicator *self);
/* "3 changes waiting", or NULL when the outbox is empty */
const char     *civic_sync_indicator_get_pending_label (CivicSyncIndicator *self);

G_END_DECLS
