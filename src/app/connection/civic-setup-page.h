/* civic-setup-page.h: connect this desk to a service (first run, and
 * Preferences → Connections → Add)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "civic-connection-manager.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_SETUP_PAGE (civic_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (CivicSetupPage, civic_setup_page, CIVIC, SETUP_PAGE, AdwBin)

/* Signal "connected" (CivicConnection *) once the connection is kept and
 * active. */
GtkWidget  *civic_setup_page_new             (CivicConnectionManager *manager);
void        civic_setup_page_set_manager     (CivicSetupPage         *self,
                                              CivicConnectionManager *manager);
/* Prefills the service address (from --server or the old server-url key). */
void        civic_setup_page_set_service_url (CivicSetupPage         *self,
                                              const char             *url);
/* "service" or "open311" */
void        civic_setup_page_set_kind        (CivicSetupPage         *self,
                                              const char             *kind);
/* The status page's title and description (the dialog in Preferences
 * is not a welcome). */
void        civic_setup_page_set_heading     (CivicSetupPage         *self,
                                              const char             *title,
                                              const char             *description);
/* Fills the form (Connect still has to be pressed): the demo's sign-in,
 * and what a user does, for tests. @title names the connection (NULL:
 * its host). */
void        civic_setup_page_fill_service    (CivicSetupPage         *self,
                                              const char             *title,
                                              const char             *url,
                                              const char             *username,
                                              const char             *password);
void        civic_setup_page_fill_open311    (CivicSetupPage         *self,
                                              const char             *url,
                                              const char             *jurisdiction_id,
                                              const char             *api_key);
void        civic_setup_page_connect         (CivicSetupPage         *self);
gboolean    civic_setup_page_get_busy        (CivicSetupPage         *self);
/* The sentence under the form, or NULL. */
const char *civic_setup_page_get_error       (CivicSetupPage         *self);

GtkWindow  *civic_setup_dialog_present       (GtkWindow              *parent,
                                              CivicConnectionManager *manager,
                                              CivicConnection        *connection);

G_END_DECLS
