/* civic-application.h: the Civic Desk application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "civic-connection-manager.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_APPLICATION (civic_application_get_type ())
G_DECLARE_FINAL_TYPE (CivicApplication, civic_application, CIVIC, APPLICATION, AdwApplication)

CivicApplication       *civic_application_new                    (void);
GSettings              *civic_application_get_settings           (CivicApplication *self);
CivicConnectionManager *civic_application_get_connection_manager (CivicApplication *self);
int                     civic_application_get_exit_status        (CivicApplication *self);

G_END_DECLS
