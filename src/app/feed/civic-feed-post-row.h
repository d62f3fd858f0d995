/* civic-feed-post-row.h: one post: author, time, "edited", the body with
 * its links, the case it became, and its actions (reply, like, turn into
 * case, edit / delete / pin / follow in a menu)
 *
 * The buttons activate the feed view's actions ("feed.like" …) with the
 * post id as target; a link activates "feed.open-link" with its URI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "civic-store-feed.h"
#include "civic-text.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_FEED_POST_ROW (civic_feed_post_row_get_type ())
G_DECLARE_FINAL_TYPE (CivicFeedPostRow, civic_feed_post_row, CIVIC, FEED_POST_ROW, GtkBox)

GtkWidget *civic_feed_post_row_new (void);
/* @viewer decides what the menu offers (edit and delete are the
 * author's, pinning a manager's); @row NULL empties the row. @synced:
 * the desk sends its posts to a service (a post not yet there says it
 * waits); FALSE for a plain Open311 connection, whose feed stays local. */
void       civic_feed_post_row_set (CivicFeedPostRow   *self,
                                    const CivicPostRow *row,
                                    CivicTextScanner   *scanner,
                                    const char         *viewer,
                                    gboolean            viewer_is_manager,
                                    gboolean            synced,
                                    gint64              now);

G_END_DECLS
