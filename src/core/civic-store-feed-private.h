/* civic-store-feed-private.h: the feed's part of the store schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "civic-store.h"

G_BEGIN_DECLS

/* Migration v5 "feed": post_tags, post_mentions, their triggers and the
 * feed's indexes. */
extern const char civic_store_feed_schema[];
/* …and its backfill from the posts already in the replica. */
gboolean civic_store_feed_backfill       (CivicStore *store,
                                          GError    **error);
/* The SQL functions the triggers call (civic_tag_key, civic_body_tags,
 * civic_body_mentions): registered on every connection at open. */
int      civic_store_feed_register_sql   (sqlite3    *db);

G_END_DECLS
