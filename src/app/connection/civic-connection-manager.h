/* civic-connection-manager.h: the connections of this desk, and the one in use
 *
 * The list (no secrets) is the GSettings key "connections"; the one in
 * use is "active-connection". For the active Civic Desk service the
 * manager owns its replica (a CivicStore) and its CivicSync; switching
 * closes one pair and opens the other, so no data crosses over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "civic-connection.h"
#include "civic-store.h"
#include "civic-sync.h"
#include "civic-open311-engine.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_CONNECTION_MANAGER (civic_connection_manager_get_type ())
G_DECLARE_FINAL_TYPE (CivicConnectionManager, civic_connection_manager, CIVIC, CONNECTION_MANAGER, GObject)

/* Properties: "active" (CivicConnection, nullable), "sync" (CivicSync,
 * nullable), "store" (CivicStore, nullable), "error" (char*, a reason the
 * active connection's replica could not be opened), "open311"
 * (CivicOpen311Engine, nullable: the engine of an active Open311
 * connection, which has no "sync"). A GListModel of CivicConnection. */

CivicConnectionManager *civic_connection_manager_new        (GSettings              *settings);
/* The desk reads its replica through a bounded page cache and no mapping:
 * a mapped million-case file counts its every touched page towards the
 * app's resident memory (measured: 486 MB after scrolling the queue).
 * The manager does this to every store it opens. */
void                    civic_connection_manager_limit_store (CivicStore            *store);
CivicConnection        *civic_connection_manager_get_active (CivicConnectionManager *self);
CivicSync              *civic_connection_manager_get_sync   (CivicConnectionManager *self);
CivicStore             *civic_connection_manager_get_store  (CivicConnectionManager *self);
CivicOpen311Engine     *civic_connection_manager_get_open311 (CivicConnectionManager *self);
/* What the header shows: the "sync" or the "open311" engine, or NULL. Both
 * have the properties state, message, detail, progress and pending. */
GObject                *civic_connection_manager_get_engine (CivicConnectionManager *self);
/* Sync now, whichever kind the active connection is. */
void                    civic_connection_manager_sync_now   (CivicConnectionManager *self);
const char             *civic_connection_manager_get_error  (CivicConnectionManager *self);
CivicConnection        *civic_connection_manager_lookup     (CivicConnectionManager *self,
                                                             const char             *id);
/* The first connection of @kind to @url (with @account when not NULL). */
CivicConnection        *civic_connection_manager_find       (CivicConnectionManager *self,
                                                             CivicConnectionKind     kind,
                                                             const char             *url,
                                                             const char             *account);
/* Switches now; NULL shows the first-run page. */
void                    civic_connection_manager_set_active (CivicConnectionManager *self,
                                                             CivicConnection        *connection);

/* Signs in; only a successful login is kept: the connection in the list,
 * its token in the keyring, and it becomes the active one. Signing in
 * again to the same service and account reuses its replica. */
void             civic_connection_manager_add_service_async  (CivicConnectionManager *self,
                                                              const char             *title,
                                                              const char             *url,
                                                              const char             *username,
                                                              const char             *password,
                                                              GCancellable           *cancellable,
                                                              GAsyncReadyCallback     callback,
                                                              gpointer                user_data);
CivicConnection *civic_connection_manager_add_service_finish (CivicConnectionManager *self,
                                                              GAsyncResult           *result,
                                                              GError                **error);
/* Checks that @url answers services.json, keeps @api_key (may be NULL)
 * in the keyring, and makes it the active one. */
void             civic_connection_manager_add_open311_async  (CivicConnectionManager *self,
                                                              const char             *title,
                                                              const char             *url,
                                                              const char             *jurisdiction_id,
                                                              const char             *api_key,
                                                              GCancellable           *cancellable,
                                                              GAsyncReadyCallback     callback,
                                                              gpointer                user_data);
CivicConnection *civic_connection_manager_add_open311_finish (CivicConnectionManager *self,
                                                              GAsyncResult           *result,
                                                              GError                **error);
/* Deletes that connection's replica and secrets only. */
void             civic_connection_manager_remove_async       (CivicConnectionManager *self,
                                                              CivicConnection        *connection,
                                                              GCancellable           *cancellable,
                                                              GAsyncReadyCallback     callback,
                                                              gpointer                user_data);
gboolean         civic_connection_manager_remove_finish      (CivicConnectionManager *self,
                                                              GAsyncResult           *result,
                                                              GError                **error);

G_END_DECLS
