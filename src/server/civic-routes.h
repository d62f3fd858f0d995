/* civic-routes.h: wires every module's routes into a server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-server.h"

G_BEGIN_DECLS

void civic_routes_register_all (CivicServer *server);

G_END_DECLS
