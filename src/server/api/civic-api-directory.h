/* civic-api-directory.h: services, departments and staff users
 *
 * GET /api/v1/services, /api/v1/services/{code}, /api/v1/departments,
 * /api/v1/users (any staff); POST /api/v1/departments and /api/v1/users
 * (admin).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-server.h"

G_BEGIN_DECLS

void civic_api_directory_register (CivicServer *server);

G_END_DECLS
