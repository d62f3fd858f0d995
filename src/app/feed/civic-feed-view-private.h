/* civic-feed-view-private.h: shared by civic-feed-view*.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-feed-composer.h"
#include "civic-feed-list-model.h"
#include "civic-feed-sparkline.h"
#include "civic-feed-view.h"
#include "civic-sync.h"
#include "civic-text.h"

G_BEGIN_DECLS

struct _CivicFeedView
{
  AdwBin                  parent_instance;

  CivicConnectionManager *manager;
  CivicStore             *store;
  CivicSync              *sync;
  gulong                  changed_handler;
  char                   *username;
  char                   *department;
  gboolean                is_manager;
  CivicTextScanner       *scanner;
  CivicFeedListModel     *model;
  CivicFeedFilter         filter;
  guint                   expiry_source;
  guint                   clock_source;
  guint                   unread;
  gint64                  notified_up_to;   /* GNotification sent up to this id */

  char                   *topic_kind;       /* the page shown: tag, user, department */
  char                   *topic_target;
  gint64                  thread_id;
  gboolean                updating_follow;

  GtkWidget              *back_button;
  GtkWidget              *filter_box;
  GtkToggleButton        *filter_all;
  GtkToggleButton        *filter_following;
  GtkToggleButton        *filter_mentions;
  GtkToggleButton        *filter_department;
  GtkLabel               *page_title;
  GtkToggleButton        *follow_button;
  GtkStack               *main_stack;
  CivicFeedComposer      *composer;
  GtkStack               *list_stack;
  GtkScrolledWindow      *scroller;
  GtkListView            *list_view;
  AdwStatusPage          *empty_page;
  GtkLabel               *topic_summary;
  CivicFeedSparkline     *topic_sparkline;
  GtkWidget              *topic_cases_heading;
  GtkListBox             *topic_cases;
  GtkListBox             *topic_posts;
  GtkListBox             *thread_list;
  CivicFeedComposer      *reply_composer;
  GtkListBox             *trend_list;
  GtkLabel               *unread_badge;
  GtkWidget              *mark_read_button;
  GtkListBox             *notification_list;
};

/* civic-feed-view-pages.c */
void  civic_feed_view_refresh_sidebar (CivicFeedView *self,
                                       gboolean       announce);
void  civic_feed_view_refresh_page    (CivicFeedView *self);
void  civic_feed_view_toast           (CivicFeedView *self,
                                       const char    *text);
void  civic_feed_view_notify_unread   (CivicFeedView *self,
                                       guint          unread);
void  civic_feed_view_follow_toggled  (CivicFeedView *self);
void  civic_feed_view_trend_activated (CivicFeedView *self,
                                       GtkListBoxRow *row);
void  civic_feed_view_notification_activated (CivicFeedView *self,
                                              GtkListBoxRow *row);
/* A post row widget for a GtkListBox (topic page, thread). */
GtkWidget *civic_feed_view_make_row   (CivicFeedView      *self,
                                       const CivicPostRow *row);

G_END_DECLS
