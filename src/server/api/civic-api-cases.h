/* civic-api-cases.h: the staff API for cases
 *
 * GET/POST /api/v1/cases, GET/PATCH /api/v1/cases/{id},
 * POST /api/v1/cases/{id}/notes, POST /api/v1/cases/{id}/merge,
 * POST /api/v1/cases/bulk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-server.h"

G_BEGIN_DECLS

void civic_api_cases_register (CivicServer *server);

G_END_DECLS
