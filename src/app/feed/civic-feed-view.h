/* civic-feed-view.h: the Hashtag Feed tab ("Elgin Today")
 *
 * Posts newest first with pinned announcements on top, filters (All,
 * Following, Mentions, My department), a composer, threads, tag / person
 * / department pages, trending tags with sparklines (#Today always), and
 * notifications with an unread count — all read from the local replica.
 * Emits "open-case" (request_id) for a case link; the window opens it in
 * the queue. "Turn into case" opens the queue's new-case dialog filled in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "civic-connection-manager.h"
#include "civic-store.h"
#include "civic-sync.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_FEED_VIEW (civic_feed_view_get_type ())
G_DECLARE_FINAL_TYPE (CivicFeedView, civic_feed_view, CIVIC, FEED_VIEW, AdwBin)

GtkWidget *civic_feed_view_new          (void);
void       civic_feed_view_set_manager  (CivicFeedView          *self,
                                         CivicConnectionManager *manager);
/* Without a connection manager (benches, tests): the replica, its engine
 * (may be NULL) and who reads. */
void       civic_feed_view_set_store    (CivicFeedView          *self,
                                         CivicStore             *store,
                                         CivicSync              *sync,
                                         const char             *username);
/* Unread notifications of the signed-in user (property "unread-count"). */
guint      civic_feed_view_get_unread_count (CivicFeedView      *self);
/* Shows the page of a tag ("tag", key), a person ("user", username) or
 * a department ("department", id). */
void       civic_feed_view_show_topic   (CivicFeedView          *self,
                                         const char             *kind,
                                         const char             *target);
/* Shows post @post_id with its replies. */
void       civic_feed_view_show_thread  (CivicFeedView          *self,
                                         gint64                  post_id);
GListModel *civic_feed_view_get_model   (CivicFeedView          *self);

G_END_DECLS
