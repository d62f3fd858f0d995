/* civic-open311.h: Open311 GeoReport v2 under /open311/v2/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-server.h"

G_BEGIN_DECLS

void civic_open311_register (CivicServer *server);

G_END_DECLS
