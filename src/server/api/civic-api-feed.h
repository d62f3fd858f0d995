/* civic-api-feed.h: the staff feed ("Elgin Today"): posts, replies, likes,
 * pins, follows, notifications, trending tags and tag pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-server.h"

G_BEGIN_DECLS

void civic_api_feed_register (CivicServer *server);

G_END_DECLS
