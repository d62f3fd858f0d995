/* civic-api-views.h: saved views of the case queue, shared by all staff
 *
 * GET/POST /api/v1/views, DELETE /api/v1/views/{id}.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-server.h"

G_BEGIN_DECLS

void civic_api_views_register (CivicServer *server);

G_END_DECLS
