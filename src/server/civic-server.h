/* civic-server.h: the central service, one SoupServer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CIVIC_TYPE_SERVER (civic_server_get_type ())
G_DECLARE_FINAL_TYPE (CivicServer, civic_server, CIVIC, SERVER, GObject)

CivicServer *civic_server_new         (const char  *db_path);
gboolean     civic_server_listen      (CivicServer *self,
                                       const char  *address,
                                       guint        port,
                                       GError     **error);
guint        civic_server_get_port    (CivicServer *self);
const char  *civic_server_get_address (CivicServer *self);

G_END_DECLS
