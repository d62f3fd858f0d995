/* test-feed.c: the Feed tab in a real window, signed in to a real
 * civicdesk-server: the pinned announcement on top, posting with a tag,
 * the tag page, completion, likes, "edited", the unread badge when
 * someone else mentions us, and "Turn into case" opening the new-case
 * form filled in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include "civic-feed-composer.h"
#include "civic-feed-markup.h"
#include "civic-feed-post-row.h"
#include "civic-feed-view-private.h"
#include "civic-local-feed.h"
#include "civic-new-case-dialog.h"
#include "civic-test-util.h"
#include "civic-ui-test-util.h"

static CivicApplication *app;

/* ---- a notification server on the test's private session bus ---------
 * What GNotification talks to on a desktop (org.freedesktop.Notifications):
 * it counts what the feed sends, so the test sees the desktop
 * notifications a clerk would. */

static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "</interface></node>";

static guint notified_count;
static char *notified_summary;

static void
notifications_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *path,
                    const char            *interface,
                    const char            *method,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               data)
{
  if (g_str_equal (method, "Notify"))
    {
      const char *summary = NULL;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_free (notified_summary);
      notified_summary = g_strdup (summary);
      notified_count++;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notified_count));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "civic", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
serve_notifications (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;

  if (bus == NULL)
    return;
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, NULL);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 4),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
}

static gboolean
desktop_notified (gpointer data)
{
  return notified_count > 0;
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static CivicFeedView *
feed_view (CivicWindow *window)
{
  return CIVIC_FEED_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), CIVIC_TYPE_WINDOW, "feed_view"));
}

static gboolean
has_posts (gpointer data)
{
  return g_list_model_get_n_items (civic_feed_view_get_model (data)) > 0;
}

static const CivicPostRow *
row_at (CivicFeedView *view,
        guint          i)
{
  g_autoptr(CivicFeedItem) item = g_list_model_get_item (civic_feed_view_get_model (view), i);

  /* the model keeps its items: the row outlives this reference */
  return item != NULL ? civic_feed_item_get_row (item) : NULL;
}

typedef struct
{
  CivicFeedView *view;
  const char    *body;
} BodyWait;

static gint64
find_post (CivicFeedView *view,
           const char    *body)
{
  GListModel *model = civic_feed_view_get_model (view);

  for (guint i = 0; i < g_list_model_get_n_items (model) && i < 50; i++)
    {
      const CivicPostRow *row = row_at (view, i);

      if (row != NULL && g_strcmp0 (row->body, body) == 0)
        return row->id;
    }
  return 0;
}

static gboolean
post_sent (gpointer data)
{
  BodyWait *w = data;

  return find_post (w->view, w->body) > 0;
}

static gboolean
unread (gpointer data)
{
  return civic_feed_view_get_unread_count (data) > 0;
}

static CivicFeedView *the_view;

static gboolean
unread_below (gpointer data)
{
  return civic_feed_view_get_unread_count (the_view) < GPOINTER_TO_UINT (data);
}

static CivicNewCaseDialog *
find_new_case_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (CIVIC_IS_NEW_CASE_DIALOG (w))
        return CIVIC_NEW_CASE_DIALOG (w);
    }
  return NULL;
}

static void
test_feed_in_window (void)
{
  CivicUiCity *city = civic_ui_city_new (30);
  CivicConnectionManager *manager = civic_application_get_connection_manager (app);
  const char *body = "Crews on site at 5th and Main #FeedTest, thanks @staff";
  g_autofree char *staff = NULL;
  g_autofree char *mention = NULL;
  g_auto(GStrv) pairs = NULL;
  g_autoptr(GError) error = NULL;
  CivicWindow *window;
  CivicFeedView *view;
  CivicStore *store;
  const CivicPostRow *row;
  BodyWait w;
  gint64 post;
  guint before;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  g_assert_null (civic_ui_test_sign_in (window, civic_ui_city_url (city), "advocate", "civicdesk-demo"));
  civic_ui_test_wait_idle (civic_connection_manager_get_sync (manager));
  store = civic_connection_manager_get_store (manager);
  view = feed_view (window);
  the_view = view;
  g_assert_true (civic_ui_test_wait (has_posts, view, 20000));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                       CIVIC_TYPE_WINDOW, "stack")),
                                         "feed");

  /* the demo's announcement is pinned on top */
  row = row_at (view, 0);
  if (row == NULL)
    g_error ("the feed lists nothing");
  g_assert_cmpint (row->pinned_until, >, now_s ());

  /* post through the composer: at once (waiting to send), then sent */
  before = g_list_model_get_n_items (civic_feed_view_get_model (view));
  gtk_editable_set_text (civic_feed_composer_get_editable (view->composer), body);
  g_signal_emit_by_name (civic_feed_composer_get_editable (view->composer), "activate");
  g_assert_cmpuint (g_list_model_get_n_items (civic_feed_view_get_model (view)), ==, before + 1);
  g_assert_cmpstr (gtk_editable_get_text (civic_feed_composer_get_editable (view->composer)), ==, "");
  w = (BodyWait) { view, body };
  g_assert_true (civic_ui_test_wait (post_sent, &w, 15000));
  post = find_post (view, body);

  /* the tag link opens the tag page with the post and the sparkline */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "feed.open-link", "s", "tag:feedtest"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (view->main_stack), ==, "topic");
  g_assert_cmpstr (gtk_label_get_text (view->page_title), ==, "#FeedTest");
  g_assert_nonnull (gtk_widget_get_first_child (GTK_WIDGET (view->topic_posts)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view->topic_sparkline)));
  g_assert_nonnull (strstr (gtk_label_get_text (view->topic_summary), "1 post in the last 24 hours"));
  civic_ui_test_shoot (GTK_WIDGET (window), "feed-tag-page");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "feed.back", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (view->main_stack), ==, "feed");

  /* a thread: the post, then a reply written under it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "feed.open-thread", "x", post));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (view->main_stack), ==, "thread");
  gtk_editable_set_text (civic_feed_composer_get_editable (view->reply_composer), "On my way with the permit");
  g_signal_emit_by_name (civic_feed_composer_get_editable (view->reply_composer), "activate");
  {
    GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (view->thread_list));

    g_assert_nonnull (first);
    g_assert_nonnull (gtk_widget_get_next_sibling (first));
  }
  civic_ui_test_shoot (GTK_WIDGET (window), "feed-thread");
  /* the heart under the post, clicked */
  {
    GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (view->thread_list));
    GtkWidget *post_row = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (first));
    GtkWidget *heart = GTK_WIDGET (gtk_widget_get_template_child (post_row, CIVIC_TYPE_FEED_POST_ROW, "like_button"));
    g_autoptr(GPtrArray) rows = NULL;

    g_signal_emit_by_name (heart, "clicked");
    rows = civic_store_get_post_rows (store, &post, 1, "advocate", NULL);
    g_assert_true (((CivicPostRow *) g_ptr_array_index (rows, 0))->liked);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "feed.back", NULL));

  /* completion offers the tag just used, and people */
  gtk_editable_set_text (civic_feed_composer_get_editable (view->composer), "see #FeedT");
  gtk_editable_set_position (civic_feed_composer_get_editable (view->composer), -1);
  pairs = civic_feed_composer_suggest (view->composer);
  g_assert_cmpstr (pairs[0], ==, "#FeedTest");
  civic_feed_composer_complete (view->composer, pairs[1]);
  g_assert_cmpstr (gtk_editable_get_text (civic_feed_composer_get_editable (view->composer)), ==, "see #FeedTest ");
  g_clear_pointer (&pairs, g_strfreev);
  gtk_editable_set_text (civic_feed_composer_get_editable (view->composer), "@sta");
  gtk_editable_set_position (civic_feed_composer_get_editable (view->composer), -1);
  pairs = civic_feed_composer_suggest (view->composer);
  g_assert_nonnull (pairs[0]);
  g_assert_cmpstr (pairs[1], ==, "staff");
  civic_feed_composer_clear (view->composer);

  /* liked above: the same action again takes it back, at once */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "feed.like", "x", post));
  {
    g_autoptr(GPtrArray) rows = civic_store_get_post_rows (store, &post, 1, "advocate", NULL);

    g_assert_false (((CivicPostRow *) g_ptr_array_index (rows, 0))->liked);
    g_assert_cmpint (((CivicPostRow *) g_ptr_array_index (rows, 0))->like_count, ==, 0);
  }

  /* an edit says so */
  g_assert_true (civic_local_edit_post (store, post, "Crews on site at 5th and Main #FeedTest", &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) rows = civic_store_get_post_rows (store, &post, 1, "advocate", NULL);
    g_autoptr(CivicTextScanner) scanner = civic_text_scanner_new (NULL, NULL);
    GtkWidget *widget = g_object_ref_sink (civic_feed_post_row_new ());
    GtkLabel *meta = GTK_LABEL (gtk_widget_get_template_child (widget, CIVIC_TYPE_FEED_POST_ROW, "meta_label"));

    civic_feed_post_row_set (CIVIC_FEED_POST_ROW (widget), g_ptr_array_index (rows, 0), scanner,
                             "advocate", FALSE, TRUE, now_s ());
    g_assert_nonnull (strstr (gtk_label_get_text (meta), "edited"));
    /* a post not yet at the service says so, unless the feed is local
     * (a plain Open311 connection) */
    {
      CivicPostRow local = { .id = -1, .author = (char *) "advocate", .body = (char *) "hi",
                             .created = now_s () };

      civic_feed_post_row_set (CIVIC_FEED_POST_ROW (widget), &local, scanner, "advocate", FALSE, TRUE, now_s ());
      g_assert_nonnull (strstr (gtk_label_get_text (meta), "waiting to send"));
      civic_feed_post_row_set (CIVIC_FEED_POST_ROW (widget), &local, scanner, "advocate", FALSE, FALSE, now_s ());
      g_assert_null (strstr (gtk_label_get_text (meta), "waiting to send"));
    }
    g_object_unref (widget);
  }

  /* someone else mentions us: the unread count and the tab's badge */
  staff = civic_test_login (city->server, "staff", "civicdesk-demo");
  mention = g_strdup ("{\"body\": \"@advocate can you call the resident back?\"}");
  json_node_unref (civic_test_call (city->server, "POST", "/api/v1/posts", staff, mention, 201));
  g_assert_true (civic_ui_test_wait (unread, view, 15000));
  /* a desktop notification only when the window is in the background */
  if (!gtk_window_is_active (GTK_WINDOW (window)))
    {
      g_assert_true (civic_ui_test_wait (desktop_notified, NULL, 5000));
      g_assert_cmpstr (notified_summary, ==, "You were mentioned");
      g_test_message ("window in the background: desktop notification sent");
    }
  else
    g_assert_cmpuint (notified_count, ==, 0);
  {
    AdwViewStackPage *page = ADW_VIEW_STACK_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                CIVIC_TYPE_WINDOW, "feed_page"));

    g_assert_cmpuint (adw_view_stack_page_get_badge_number (page), ==, civic_feed_view_get_unread_count (view));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view->unread_badge)));
  }
  civic_ui_test_shoot (GTK_WIDGET (window), "feed");
  /* opening it shows the thread and reads it */
  {
    guint before_read = civic_feed_view_get_unread_count (view);
    GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (view->notification_list));

    g_signal_emit_by_name (view->notification_list, "row-activated", first);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (view->main_stack), ==, "thread");
    g_assert_true (civic_ui_test_wait (unread_below, GUINT_TO_POINTER (before_read), 5000));
    gtk_widget_activate_action (GTK_WIDGET (view), "feed.back", NULL);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "feed.mark-read", NULL));
  g_assert_cmpuint (civic_feed_view_get_unread_count (view), ==, 0);

  /* Turn into case: the new-case form, filled in from the post */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "feed.to-case", "x", post));
  {
    CivicNewCaseDialog *dialog = find_new_case_dialog ();

    g_assert_nonnull (dialog);
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  civic_ui_test_window_close (window);
  civic_ui_city_free (city);
}

static void
test_markup_and_address (void)
{
  g_autoptr(CivicTextScanner) scanner = civic_text_scanner_new (NULL, NULL);
  g_autofree char *markup = civic_feed_body_markup (scanner, "Leak <here> #WaterMain @DOT see #311-2026-004213");
  g_autofree char *corner = civic_feed_guess_address ("From @ElginCity: streetlight out at 4th and Pine for a week");
  g_autofree char *street = civic_feed_guess_address ("Big pothole in front of 1200 W Elm St, please hurry");
  g_autofree char *none = civic_feed_guess_address ("thanks everyone");
  g_autofree char *kind = NULL;
  g_autofree char *value = NULL;

  g_assert_cmpstr (markup, ==,
                   "Leak &lt;here&gt; <a href=\"tag:watermain\">#WaterMain</a> <a href=\"mention:DOT\">@DOT</a> "
                   "see <a href=\"case:311-2026-004213\">#311-2026-004213</a>");
  g_assert_true (civic_feed_parse_link ("case:311-2026-004213", &kind, &value));
  g_assert_cmpstr (kind, ==, "case");
  g_assert_cmpstr (value, ==, "311-2026-004213");
  g_assert_cmpstr (corner, ==, "4th and Pine");
  g_assert_cmpstr (street, ==, "1200 W Elm St");
  g_assert_null (none);

  /* desktop notifications: news, unread, window in the background */
  g_assert_true (civic_feed_should_announce (12, FALSE, 11, FALSE));
  g_assert_false (civic_feed_should_announce (12, FALSE, 11, TRUE));
  g_assert_false (civic_feed_should_announce (12, TRUE, 11, FALSE));
  g_assert_false (civic_feed_should_announce (11, FALSE, 11, FALSE));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = civic_ui_test_init (&argc, &argv);
  serve_notifications ();

  g_test_add_func ("/app/feed/markup-and-address", test_markup_and_address);
  g_test_add_func ("/app/feed/in-window", test_feed_in_window);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
