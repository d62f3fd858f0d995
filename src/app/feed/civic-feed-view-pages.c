/* civic-feed-view-pages.c: the feed's other pages and its sidebar —
 * a tag's page (its posts, the cases tagged with it, 14 days drawn as a
 * sparkline), a person's or a department's posts, a thread, trending
 * tags and notifications (with desktop notifications while the window is
 * in the background)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-feed-markup.h"
#include "civic-feed-post-row.h"
#include "civic-feed-view-private.h"
#include "civic-local-feed.h"
#include "civic-local-write.h"

#define TOPIC_POSTS  100
#define TOPIC_CASES  20
#define TRENDS       8
#define NOTIFICATIONS 30

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

GtkWidget *
civic_feed_view_make_row (CivicFeedView      *self,
                          const CivicPostRow *row)
{
  GtkWidget *widget = civic_feed_post_row_new ();
  GtkWidget *list_row = gtk_list_box_row_new ();

  civic_feed_post_row_set (CIVIC_FEED_POST_ROW (widget), row, self->scanner, self->username,
                           self->is_manager, self->sync != NULL, now_s ());
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (list_row), widget);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (list_row), FALSE);
  return list_row;
}

static void
fill_posts (CivicFeedView  *self,
            GtkListBox     *list,
            CivicFeedQuery *query)
{
  g_autoptr(GArray) ids = civic_store_query_feed_ids (self->store, query, NULL);
  g_autoptr(GPtrArray) rows = NULL;

  clear_list (list);
  if (ids == NULL)
    return;
  rows = civic_store_get_post_rows (self->store, (const gint64 *) ids->data, MIN (ids->len, TOPIC_POSTS),
                                    self->username, NULL);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    if (g_ptr_array_index (rows, i) != NULL)
      gtk_list_box_append (list, civic_feed_view_make_row (self, g_ptr_array_index (rows, i)));
}

static void
case_row_activated_cb (AdwActionRow  *row,
                       CivicFeedView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "feed.open-link", "s",
                              g_object_get_data (G_OBJECT (row), "uri"));
}

static void
fill_cases (CivicFeedView *self,
            const char    *tag_key)
{
  g_autoptr(CivicCaseFilter) filter = civic_case_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) summaries = NULL;

  clear_list (self->topic_cases);
  filter->tag = g_strdup (tag_key);
  ids = civic_store_query_case_ids (self->store, filter, NULL, 0, TOPIC_CASES, NULL);
  if (ids == NULL || ids->len == 0)
    {
      GtkWidget *none = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none), _("No case carries this tag"));
      gtk_list_box_append (self->topic_cases, none);
      return;
    }
  summaries = civic_store_get_case_summaries (self->store, (const gint64 *) ids->data, ids->len, NULL);
  for (guint i = 0; summaries != NULL && i < summaries->len; i++)
    {
      CivicCaseSummary *s = g_ptr_array_index (summaries, i);
      GtkWidget *row;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (s == NULL)
        continue;
      row = adw_action_row_new ();
      title = g_markup_escape_text (s->service_request_id, -1);
      subtitle = g_markup_printf_escaped ("%s · %s", s->service_name != NULL ? s->service_name : "",
                                          s->address != NULL ? s->address : "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "uri", g_strconcat ("case:", s->service_request_id, NULL), g_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (case_row_activated_cb), self, 0);
      gtk_list_box_append (self->topic_cases, row);
    }
}

static void
show_follow (CivicFeedView *self,
             const char    *kind,
             const char    *target)
{
  gboolean can = kind != NULL && self->username != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->follow_button), can);
  if (!can)
    return;
  self->updating_follow = TRUE;
  gtk_toggle_button_set_active (self->follow_button,
                                civic_store_is_following (self->store, self->username, kind, target, NULL));
  gtk_button_set_label (GTK_BUTTON (self->follow_button),
                        gtk_toggle_button_get_active (self->follow_button) ? _("Following") : _("Follow"));
  self->updating_follow = FALSE;
}

static void
refresh_topic (CivicFeedView *self)
{
  CivicFeedQuery q = { CIVIC_FEED_ALL, self->username, self->department, NULL, 0, NULL };
  g_autofree char *title = NULL;
  gboolean is_tag = g_str_equal (self->topic_kind, "tag");

  gtk_widget_set_visible (GTK_WIDGET (self->topic_sparkline), is_tag);
  gtk_widget_set_visible (self->topic_cases_heading, is_tag);
  gtk_widget_set_visible (GTK_WIDGET (self->topic_cases), is_tag);
  if (is_tag)
    {
      g_autoptr(CivicTrend) t = civic_store_tag_trend (self->store, self->topic_target, now_s () + 1, NULL);
      g_autofree char *summary = NULL;

      q.tag_key = self->topic_target;
      title = g_strdup_printf ("#%s", t != NULL ? t->tag : self->topic_target);
      if (t != NULL)
        {
          g_autofree char *today = g_strdup_printf (g_dngettext (NULL, "%d post in the last 24 hours",
                                                                "%d posts in the last 24 hours", t->count_today),
                                                    t->count_today);

          /* TRANSLATORS: posts today, posts a day before, the trending score */
          summary = g_strdup_printf (_("%s · %.1f a day over the 14 days before · %.1f× its usual level%s"),
                                     today, t->baseline, t->score, t->trending ? _(" · trending") : "");
          civic_feed_sparkline_set_values (self->topic_sparkline, t->daily, CIVIC_TREND_DAYS);
        }
      gtk_label_set_text (self->topic_summary, summary != NULL ? summary : "");
      fill_cases (self, self->topic_target);
      show_follow (self, "tag", self->topic_target);
    }
  else if (g_str_equal (self->topic_kind, "user"))
    {
      q.author = self->topic_target;
      title = g_strdup_printf ("@%s", self->topic_target);
      gtk_label_set_text (self->topic_summary, _("Posts and replies by this person, newest first."));
      show_follow (self, g_strcmp0 (self->topic_target, self->username) != 0 ? "user" : NULL, self->topic_target);
    }
  else
    {
      q.filter = CIVIC_FEED_DEPARTMENT;
      q.department = self->topic_target;
      title = g_strdup_printf ("@%s", self->topic_target);
      gtk_label_set_text (self->topic_summary, _("Posts by the people of this department, newest first."));
      show_follow (self, NULL, NULL);
    }
  gtk_label_set_text (self->page_title, title);
  fill_posts (self, self->topic_posts, &q);
}

static void
refresh_thread (CivicFeedView *self)
{
  g_autoptr(GPtrArray) root = civic_store_get_post_rows (self->store, &self->thread_id, 1, self->username, NULL);
  g_autoptr(GPtrArray) replies = civic_store_list_replies (self->store, self->thread_id, self->username, NULL);
  CivicPostRow *first = root != NULL && root->len > 0 ? g_ptr_array_index (root, 0) : NULL;
  g_autofree char *title = NULL;

  clear_list (self->thread_list);
  if (first == NULL)
    {
      gtk_label_set_text (self->page_title, _("This post was deleted"));
      return;
    }
  /* TRANSLATORS: %s is who wrote the post */
  title = g_strdup_printf (_("Thread by %s"), first->author_name != NULL ? first->author_name : first->author);
  gtk_label_set_text (self->page_title, title);
  gtk_list_box_append (self->thread_list, civic_feed_view_make_row (self, first));
  for (guint i = 0; replies != NULL && i < replies->len; i++)
    {
      GtkWidget *row = civic_feed_view_make_row (self, g_ptr_array_index (replies, i));

      gtk_widget_add_css_class (row, "feed-reply");
      gtk_list_box_append (self->thread_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->follow_button), FALSE);
}

void
civic_feed_view_refresh_page (CivicFeedView *self)
{
  if (self->store == NULL)
    return;
  if (self->topic_kind != NULL)
    refresh_topic (self);
  else if (self->thread_id != 0)
    refresh_thread (self);
}

static void
enter_page (CivicFeedView *self,
            const char    *page)
{
  gtk_widget_set_visible (self->back_button, TRUE);
  gtk_widget_set_visible (self->filter_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->page_title), TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, page);
}

void
civic_feed_view_show_topic (CivicFeedView *self,
                            const char    *kind,
                            const char    *target)
{
  g_return_if_fail (CIVIC_IS_FEED_VIEW (self));

  if (self->store == NULL || target == NULL)
    return;
  g_free (self->topic_kind);
  g_free (self->topic_target);
  self->topic_kind = g_strdup (kind);
  self->topic_target = g_strdup (target);
  self->thread_id = 0;
  enter_page (self, "topic");
  refresh_topic (self);
}

void
civic_feed_view_show_thread (CivicFeedView *self,
                             gint64         post_id)
{
  g_autoptr(GPtrArray) rows = NULL;
  CivicPostRow *row;

  g_return_if_fail (CIVIC_IS_FEED_VIEW (self));

  if (self->store == NULL)
    return;
  /* a reply opens its thread */
  rows = civic_store_get_post_rows (self->store, &post_id, 1, self->username, NULL);
  row = rows != NULL && rows->len > 0 ? g_ptr_array_index (rows, 0) : NULL;
  if (row != NULL && row->parent_id != 0)
    post_id = row->parent_id;
  g_clear_pointer (&self->topic_kind, g_free);
  g_clear_pointer (&self->topic_target, g_free);
  self->thread_id = post_id;
  enter_page (self, "thread");
  refresh_thread (self);
  gtk_widget_grab_focus (GTK_WIDGET (civic_feed_composer_get_editable (self->reply_composer)));
}

void
civic_feed_view_follow_toggled (CivicFeedView *self)
{
  gboolean on = gtk_toggle_button_get_active (self->follow_button);
  g_autoptr(GError) error = NULL;

  if (self->updating_follow || self->topic_kind == NULL || self->username == NULL)
    return;
  if (!civic_local_set_follow (self->store, self->topic_kind, self->topic_target, self->username, on, &error))
    {
      civic_feed_view_toast (self, error->message);
      return;
    }
  gtk_button_set_label (GTK_BUTTON (self->follow_button), on ? _("Following") : _("Follow"));
  if (self->sync != NULL)
    civic_sync_outbox_changed (self->sync);
}

/* ---- sidebar: trending ------------------------------------------------ */

static GtkWidget *
trend_row (const CivicTrend *t)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  GtkWidget *spark = civic_feed_sparkline_new ();
  g_autofree char *tag = g_strdup_printf ("#%s", t->tag);
  g_autofree char *numbers = NULL;
  g_autofree char *accessible = NULL;

  if (t->is_today_tag && !t->trending)
    /* TRANSLATORS: #Today's line when it is not trending: posts in 24 h */
    numbers = g_strdup_printf (g_dngettext (NULL, "%d post today", "%d posts today", t->count_today),
                               t->count_today);
  else
    /* TRANSLATORS: trending score (×) and posts in the last 24 hours */
    numbers = g_strdup_printf (_("×%.1f · %d today"), t->score, t->count_today);
  gtk_label_set_text (GTK_LABEL (name), tag);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_text (GTK_LABEL (detail), numbers);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (text), name);
  gtk_box_append (GTK_BOX (text), detail);
  gtk_widget_set_hexpand (text, TRUE);
  civic_feed_sparkline_set_values (CIVIC_FEED_SPARKLINE (spark), t->daily, CIVIC_TREND_DAYS);
  gtk_widget_set_size_request (spark, 72, 28);
  gtk_widget_set_valign (spark, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), spark);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  accessible = g_strdup_printf ("%s, %s", tag, numbers);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  if (t->is_today_tag)
    gtk_widget_add_css_class (row, "today-tag");
  g_object_set_data_full (G_OBJECT (row), "tag-key", g_strdup (t->tag_key), g_free);
  return row;
}

void
civic_feed_view_trend_activated (CivicFeedView *self,
                                 GtkListBoxRow *row)
{
  const char *key = g_object_get_data (G_OBJECT (row), "tag-key");

  if (key != NULL)
    civic_feed_view_show_topic (self, "tag", key);
}

/* ---- sidebar: notifications ------------------------------------------ */

/* Whether a desktop shows notifications: a session without a
 * notification server (a kiosk, a test bus) would only get GLib's warning
 * for each one. In a sandbox the portal decides. */
static gboolean
notifications_available (GApplication *app)
{
  GDBusConnection *bus = g_application_get_dbus_connection (app);
  g_autoptr(GVariant) owner = NULL;
  g_autoptr(GVariant) names = NULL;
  g_auto(GStrv) list = NULL;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return TRUE;
  if (bus == NULL)
    return FALSE;
  owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.Notifications"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 500, NULL, NULL);
  if (owner != NULL)
    {
      gboolean has = FALSE;

      g_variant_get (owner, "(b)", &has);
      if (has)
        return TRUE;
    }
  names = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                       G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, 500, NULL, NULL);
  if (names == NULL)
    return FALSE;
  g_variant_get (names, "(^as)", &list);
  return g_strv_contains ((const char * const *) list, "org.freedesktop.Notifications");
}

static void
announce (CivicFeedView *self,
          GPtrArray     *rows)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GApplication *app = g_application_get_default ();
  gint64 newest = self->notified_up_to;
  int available = -1;   /* asked once, and only when there is news */

  for (guint i = 0; i < rows->len; i++)
    {
      CivicNotificationRow *n = g_ptr_array_index (rows, i);

      newest = MAX (newest, n->id);
      if (app == NULL ||
          !civic_feed_should_announce (n->id, n->read, self->notified_up_to,
                                       GTK_IS_WINDOW (root) && gtk_window_is_active (GTK_WINDOW (root))))
        continue;
      if (available < 0)
        available = notifications_available (app);
      if (!available)
        continue;
      {
        g_autoptr(GNotification) note = g_notification_new (g_str_equal (n->kind, "mention") ? _("You were mentioned")
                                                            : g_str_equal (n->kind, "reply") ? _("New reply")
                                                            : g_str_equal (n->kind, "case") ? _("A case you follow changed")
                                                            : _("Civic Desk"));
        g_autofree char *id = g_strdup_printf ("feed-%" G_GINT64_FORMAT, n->id);

        g_notification_set_body (note, n->body);
        /* no default action: a click activates the application, which
         * presents its window */
        g_application_send_notification (app, id, note);
      }
    }
  self->notified_up_to = newest;
}

static gboolean
refresh_sidebar_idle (gpointer data)
{
  civic_feed_view_refresh_sidebar (data, FALSE);
  return G_SOURCE_REMOVE;
}

void
civic_feed_view_notification_activated (CivicFeedView *self,
                                        GtkListBoxRow *row)
{
  gint64 post_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "post-id"));
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "notification-id"));
  g_autofree char *body = g_strdup (g_object_get_data (G_OBJECT (row), "body"));

  /* opened is read (the row goes with the refresh below) */
  if (id > 0 && gtk_widget_has_css_class (GTK_WIDGET (row), "unread") && self->username != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (civic_local_mark_read (self->store, self->username, id, &error))
        {
          if (self->sync != NULL)
            civic_sync_outbox_changed (self->sync);
          /* not now: the list is still activating this row */
          g_idle_add_full (G_PRIORITY_DEFAULT, refresh_sidebar_idle, g_object_ref (self), g_object_unref);
        }
      else
        civic_feed_view_toast (self, error->message);
    }
  if (post_id > 0)
    {
      civic_feed_view_show_thread (self, post_id);
      return;
    }
  /* a case change names its case: open it in the queue */
  if (body != NULL)
    {
      g_autoptr(GArray) tokens = civic_text_scan (self->scanner, body, -1);
      g_autoptr(GRegex) number = g_regex_new (CIVIC_TEXT_DEFAULT_CASE_PATTERN, 0, 0, NULL);
      g_autoptr(GMatchInfo) info = NULL;

      for (guint i = 0; i < tokens->len; i++)
        if (g_array_index (tokens, CivicTextToken, i).kind == CIVIC_TEXT_CASE_REF)
          {
            g_autofree char *uri = g_strconcat ("case:", g_array_index (tokens, CivicTextToken, i).value, NULL);

            gtk_widget_activate_action (GTK_WIDGET (self), "feed.open-link", "s", uri);
            return;
          }
      if (number != NULL && g_regex_match (number, body, 0, &info))
        {
          g_autofree char *found = g_match_info_fetch (info, 0);
          g_autofree char *uri = g_strconcat ("case:", found, NULL);

          gtk_widget_activate_action (GTK_WIDGET (self), "feed.open-link", "s", uri);
        }
    }
}

static GtkWidget *
notification_row (CivicFeedView              *self,
                  const CivicNotificationRow *n)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_markup_escape_text (n->body != NULL ? n->body : "", -1);
  g_autofree char *when = civic_feed_format_time (n->created, now_s ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (!n->read)
    {
      gtk_widget_add_css_class (row, "unread");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("media-record-symbolic"));
    }
  g_object_set_data (G_OBJECT (row), "post-id", GSIZE_TO_POINTER ((gsize) MAX (n->post_id, 0)));
  g_object_set_data (G_OBJECT (row), "notification-id", GSIZE_TO_POINTER ((gsize) MAX (n->id, 0)));
  g_object_set_data_full (G_OBJECT (row), "body", g_strdup (n->body), g_free);
  return row;
}

void
civic_feed_view_refresh_sidebar (CivicFeedView *self,
                                 gboolean       with_news)
{
  g_autoptr(GPtrArray) trends = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  gint64 unread = 0;

  clear_list (self->trend_list);
  clear_list (self->notification_list);
  if (self->store == NULL)
    {
      civic_feed_view_notify_unread (self, 0);
      gtk_widget_set_visible (GTK_WIDGET (self->unread_badge), FALSE);
      return;
    }
  trends = civic_store_trending_tags (self->store, now_s () + 1, TRENDS, NULL);
  for (guint i = 0; trends != NULL && i < trends->len; i++)
    gtk_list_box_append (self->trend_list, trend_row (g_ptr_array_index (trends, i)));

  if (self->username != NULL)
    {
      notes = civic_store_list_notifications (self->store, self->username, NOTIFICATIONS, NULL);
      unread = civic_store_count_unread_notifications (self->store, self->username, NULL);
    }
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    gtk_list_box_append (self->notification_list, notification_row (self, g_ptr_array_index (notes, i)));
  if (notes == NULL || notes->len == 0)
    {
      GtkWidget *none = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none), _("Mentions, replies and followed cases show here"));
      gtk_list_box_append (self->notification_list, none);
    }
  if (with_news && notes != NULL)
    announce (self, notes);
  else if (notes != NULL && notes->len > 0)
    self->notified_up_to = MAX (self->notified_up_to, ((CivicNotificationRow *) g_ptr_array_index (notes, 0))->id);

  civic_feed_view_notify_unread (self, (guint) unread);
  if (unread > 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, unread);
      /* TRANSLATORS: the badge's accessible name */
      g_autofree char *label = g_strdup_printf (g_dngettext (NULL, "%d unread notification",
                                                             "%d unread notifications", (gulong) unread),
                                                (int) unread);

      gtk_label_set_text (self->unread_badge, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->unread_badge), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->unread_badge), unread > 0);
  gtk_widget_set_sensitive (self->mark_read_button, unread > 0);
}
