/* civic-window.h: the main window, four views of the same cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "civic-connection-manager.h"
#include "civic-setup-page.h"
#include "civic-sync-indicator.h"
#include "civic-queue-view.h"
#include "open311/civic-open311-request-dialog.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_WINDOW (civic_window_get_type ())
G_DECLARE_FINAL_TYPE (CivicWindow, civic_window, CIVIC, WINDOW, AdwApplicationWindow)

CivicWindow        *civic_window_new                (GtkApplication         *application,
                                                     GSettings              *settings,
                                                     CivicConnectionManager *manager);
AdwViewStack       *civic_window_get_stack          (CivicWindow            *self);
CivicSyncIndicator *civic_window_get_sync_indicator (CivicWindow            *self);
AdwToastOverlay    *civic_window_get_toast_overlay  (CivicWindow            *self);
CivicSetupPage     *civic_window_get_setup_page     (CivicWindow            *self);
CivicQueueView     *civic_window_get_queue_view     (CivicWindow            *self);
const char         *civic_window_get_page           (CivicWindow            *self);
const char         *civic_window_get_view           (CivicWindow            *self);
void                civic_window_set_view           (CivicWindow            *self,
                                                     const char             *name);
/* Opens the New Request dialog of an Open311 connection (NULL, with a
 * toast, before the engine is ready or for another kind). */
CivicOpen311RequestDialog *civic_window_new_open311_request (CivicWindow *self);
/* The toast the last submitted New Request showed, or NULL. */
const char                *civic_window_get_last_request_toast (CivicWindow *self);

G_END_DECLS
