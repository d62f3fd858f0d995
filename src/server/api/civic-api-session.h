/* civic-api-session.h: sign in and out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-server.h"

G_BEGIN_DECLS

void civic_api_session_register (CivicServer *server);

G_END_DECLS
