/* civic-preferences-window.h: connections and the map tiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "civic-connection-manager.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_PREFERENCES_WINDOW (civic_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CivicPreferencesWindow, civic_preferences_window, CIVIC, PREFERENCES_WINDOW, AdwPreferencesWindow)

CivicPreferencesWindow *civic_preferences_window_new        (GtkWindow              *parent,
                                                             GSettings              *settings,
                                                             CivicConnectionManager *manager);
AdwMessageDialog       *civic_preferences_window_ask_remove (CivicPreferencesWindow *self,
                                                             CivicConnection        *connection);

G_END_DECLS
