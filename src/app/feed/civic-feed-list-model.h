/* civic-feed-list-model.h: the feed as a lazy GListModel over the replica
 *
 * Holds the ids of one CivicFeedQuery (pinned announcements first, then
 * newest first) and materialises CivicFeedItem objects a page at a time
 * when the list asks for them: 100,000 posts cost one array of ids, not
 * 100,000 objects. Refresh re-reads the ids and tells the list only what
 * moved (new posts on top are an insertion at 0), and refreshes the
 * items already made in place (a like, an edit), so the list keeps its
 * scroll position.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "civic-store-feed.h"

G_BEGIN_DECLS

/* One post of the list: its row, replaced on refresh (notify::row). */
#define CIVIC_TYPE_FEED_ITEM (civic_feed_item_get_type ())
G_DECLARE_FINAL_TYPE (CivicFeedItem, civic_feed_item, CIVIC, FEED_ITEM, GObject)

CivicFeedItem      *civic_feed_item_new       (CivicPostRow  *row);
const CivicPostRow *civic_feed_item_get_row   (CivicFeedItem *self);
gint64              civic_feed_item_get_id    (CivicFeedItem *self);
/* takes @row */
void                civic_feed_item_set_row   (CivicFeedItem *self,
                                               CivicPostRow  *row);

#define CIVIC_TYPE_FEED_LIST_MODEL (civic_feed_list_model_get_type ())
G_DECLARE_FINAL_TYPE (CivicFeedListModel, civic_feed_list_model, CIVIC, FEED_LIST_MODEL, GObject)

CivicFeedListModel *civic_feed_list_model_new        (void);
/* @store may be NULL (an empty list). Copies @query's strings. */
void                civic_feed_list_model_set_query  (CivicFeedListModel   *self,
                                                      CivicStore           *store,
                                                      const CivicFeedQuery *query);
/* Re-reads the store; FALSE with @error when it could not. */
gboolean            civic_feed_list_model_refresh    (CivicFeedListModel   *self,
                                                      GError              **error);
/* Every item made so far says its row changed: rows shown redraw what
 * depends on the clock ("5 min" → "6 min", a pin that ended). */
void                civic_feed_list_model_touch       (CivicFeedListModel  *self);
/* The earliest pin expiry still ahead (0: none): when to refresh. */
gint64              civic_feed_list_model_next_expiry (CivicFeedListModel  *self);

G_END_DECLS
