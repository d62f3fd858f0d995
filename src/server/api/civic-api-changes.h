/* civic-api-changes.h: GET /api/v1/changes, how a desk catches up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-server.h"

G_BEGIN_DECLS

#define CIVIC_CHANGES_DEFAULT_LIMIT 1000
#define CIVIC_CHANGES_MAX_LIMIT     5000

void civic_api_changes_register (CivicServer *server);

G_END_DECLS
