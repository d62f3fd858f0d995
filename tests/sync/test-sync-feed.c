/* test-sync-feed.c: the feed between two desks on a real civicdesk-server
 *
 * Desk A writes (a post, a mention, a pin, a case from a post, a
 * deletion) in its replica and pushes; desk B, with live updates, must
 * show it from ITS replica: tag pages, trending, notifications.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <string.h>

#include "civic-error.h"
#include "civic-local-feed.h"
#include "civic-store-feed.h"
#include "sync-test-util.h"

#define DAY 86400

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gint64
store_int (SyncDesk   *desk,
           const char *sql,
           const char *text)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 v = 0;

  g_assert_cmpint (sqlite3_open_v2 (desk->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  /* the desk's engine writes while we look */
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

static void
desks_ready (SyncDesk *a,
             SyncDesk *b)
{
  g_assert_true (civic_sync_wait_idle (a->sync, 30000));
  g_assert_true (civic_sync_wait_idle (b->sync, 30000));
  sync_test_wait_state (b->sync, CIVIC_SYNC_STATE_ONLINE, 5000);
  g_usleep (100000);
}

typedef struct
{
  SyncDesk   *desk;
  const char *body;
} BodyWait;

static gboolean
server_id_known (gpointer data)
{
  BodyWait *w = data;

  return store_int (w->desk, "SELECT id FROM posts WHERE body = ?1 AND id > 0", w->body) > 0;
}

/* Posts @body on @desk and returns its server id once the push is done. */
static gint64
post_and_push (SyncDesk   *desk,
               const char *body,
               const char *author)
{
  g_autoptr(GError) error = NULL;
  BodyWait w = { desk, body };

  civic_local_create_post (desk->store, body, 0, author, NULL, &error);
  g_assert_no_error (error);
  civic_sync_outbox_changed (desk->sync);
  g_assert_true (sync_test_wait (server_id_known, &w, 10000));
  /* and the pull that brings it back is over (it runs in a worker) */
  g_assert_true (civic_sync_wait_idle (desk->sync, 10000));
  return store_int (desk, "SELECT id FROM posts WHERE body = ?1 AND id > 0", body);
}

typedef struct
{
  SyncDesk   *desk;
  const char *tag_key;
  guint       n;
} TagWait;

static gboolean
tag_has (gpointer data)
{
  TagWait *w = data;
  g_autoptr(GPtrArray) posts = civic_store_list_posts_tagged (w->desk->store, w->tag_key, 0, 0, NULL);

  return posts != NULL && posts->len >= w->n;
}

static const CivicTrend *
find_trend (GPtrArray  *trends,
            const char *key)
{
  for (guint i = 0; i < trends->len; i++)
    if (g_str_equal (((CivicTrend *) g_ptr_array_index (trends, i))->tag_key, key))
      return g_ptr_array_index (trends, i);
  return NULL;
}

/* A post with a tag is on the tag page of the other desk; after enough
 * posts over the tag's baseline it trends there, while a tag that is
 * merely busy every day (raw popularity, no spike) does not. */
static void
test_tag_page_and_trending (void)
{
  SyncCity *city = sync_city_new (50);
  g_autoptr(GString) history = g_string_new (NULL);
  SyncDesk *a, *b;
  g_autoptr(GPtrArray) trends = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = now_s ();
  const CivicTrend *t;
  TagWait tw;

  /* #Potholes: twelve posts a day for two weeks, and today */
  for (int d = 0; d <= 14; d++)
    for (int i = 0; i < 12; i++)
      g_string_append_printf (history,
                              "INSERT INTO posts (author, body, created, tags, seq) VALUES"
                              " ('staff', 'Pothole on Elm #Potholes', %" G_GINT64_FORMAT ", '[\"Potholes\"]', 1);",
                              now - d * DAY - 600 - i * 60);
  g_free (civic_test_sql (city->db, history->str));

  a = sync_desk_new_as (city, "a", "advocate", TRUE);
  b = sync_desk_new_as (city, "b", "manager", TRUE);
  desks_ready (a, b);

  post_and_push (a, "Water main break on 5th #SinkholeElm #Potholes", "advocate");
  post_and_push (a, "Crews on 5th, road closed #sinkholeelm", "advocate");
  tw = (TagWait) { b, "sinkholeelm", 2 };
  g_assert_true (sync_test_wait (tag_has, &tw, 10000));
  /* two posts are not yet a trend */
  trends = civic_store_trending_tags (b->store, now_s () + 1, 10, &error);
  g_assert_no_error (error);
  g_assert_null (find_trend (trends, "sinkholeelm"));
  g_clear_pointer (&trends, g_ptr_array_unref);

  post_and_push (a, "Boil water notice for 5th #SinkholeElm", "advocate");
  post_and_push (a, "Water back on at 5th #SinkholeElm #Potholes", "advocate");
  tw.n = 4;
  g_assert_true (sync_test_wait (tag_has, &tw, 10000));

  trends = civic_store_trending_tags (b->store, now_s () + 1, 10, &error);
  g_assert_no_error (error);
  t = g_ptr_array_index (trends, 0);
  g_assert_true (t->is_today_tag);
  t = find_trend (trends, "sinkholeelm");
  if (t == NULL)
    g_error ("#SinkholeElm does not trend on desk B");
  g_assert_cmpint (t->count_today, ==, 4);
  g_assert_cmpstr (t->tag, ==, "SinkholeElm");
  g_assert_cmpint (t->daily[CIVIC_TREND_DAYS - 1], ==, 4);
  /* 14 today against 12 a day: busy, not a spike */
  g_assert_null (find_trend (trends, "potholes"));

  sync_desk_free (a);
  sync_desk_free (b);
  sync_city_free (city);
}

typedef struct
{
  SyncDesk   *desk;
  const char *username;
  const char *kind;
  gint64      after;   /* a notification id: only newer ones count */
} NoteWait;

static gboolean
notified (gpointer data)
{
  NoteWait *w = data;
  g_autoptr(GPtrArray) rows = civic_store_list_notifications (w->desk->store, w->username, 50, NULL);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      CivicNotificationRow *r = g_ptr_array_index (rows, i);

      if (g_strcmp0 (r->kind, w->kind) == 0 && !r->read && r->id > w->after)
        return TRUE;
    }
  return FALSE;
}

static void
test_mention_notifies_other_desk (void)
{
  SyncCity *city = sync_city_new (20);
  SyncDesk *a = sync_desk_new_as (city, "a", "advocate", TRUE);
  SyncDesk *b = sync_desk_new_as (city, "b", "staff", TRUE);
  NoteWait w = { b, "staff", "mention", 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  CivicFeedQuery q = { CIVIC_FEED_MENTIONS, "staff", "DOT", NULL, 0 };
  gint64 post;

  desks_ready (a, b);
  w.after = civic_store_last_notification_id (b->store, "staff", NULL);
  g_assert_false (notified (&w));
  post = post_and_push (a, "@staff can your crew check the signal at 5th and Main?", "advocate");
  g_assert_true (sync_test_wait (notified, &w, 10000));
  g_assert_cmpint (civic_store_count_unread_notifications (b->store, "staff", &error), >=, 1);
  g_assert_no_error (error);

  /* and the Mentions filter of desk B lists it */
  ids = civic_store_query_feed_ids (b->store, &q, &error);
  g_assert_no_error (error);
  {
    gboolean listed = FALSE;

    for (guint i = 0; i < ids->len; i++)
      listed |= g_array_index (ids, gint64, i) == post;
    g_assert_true (listed);
  }

  /* reading them all reaches the service */
  civic_local_mark_all_read (b->store, "staff", &error);
  g_assert_no_error (error);
  g_assert_cmpint (civic_store_count_unread_notifications (b->store, "staff", NULL), ==, 0);
  civic_sync_outbox_changed (b->sync);
  g_assert_true (civic_sync_wait_idle (b->sync, 10000));
  g_assert_cmpint (civic_test_sql_int (city->db, "SELECT COUNT(*) FROM notifications"
                                                 " WHERE username = 'staff' AND read = 0"), ==, 0);

  sync_desk_free (a);
  sync_desk_free (b);
  sync_city_free (city);
}

static void
test_followed_case_notifies (void)
{
  SyncCity *city = sync_city_new (20);
  SyncDesk *a = sync_desk_new_as (city, "a", "manager", TRUE);
  SyncDesk *b = sync_desk_new_as (city, "b", "staff", TRUE);
  g_autofree char *id = sync_city_case_id (city, 2);
  g_autoptr(CivicCase) before = NULL;
  g_autoptr(GError) error = NULL;
  CivicCaseChange change = { .fields = CIVIC_CASE_FIELD_PRIORITY };
  NoteWait w = { b, "staff", "case", 0 };

  desks_ready (a, b);
  civic_local_set_follow (b->store, "case", id, "staff", TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (civic_store_is_following (b->store, "staff", "case", id, NULL));
  civic_sync_outbox_changed (b->sync);
  g_assert_true (civic_sync_wait_idle (b->sync, 10000));
  g_assert_cmpuint (sync_desk_outbox (b), ==, 0);
  w.after = civic_store_last_notification_id (b->store, "staff", NULL);
  g_assert_false (notified (&w));

  before = civic_store_get_case (a->store, id, &error);
  g_assert_no_error (error);
  change.priority = civic_case_get_priority (before) == 5 ? 2 : 5;
  civic_local_update_case (a->store, id, &change, "manager", &error);
  g_assert_no_error (error);
  civic_sync_outbox_changed (a->sync);
  g_assert_true (sync_test_wait (notified, &w, 10000));

  sync_desk_free (a);
  sync_desk_free (b);
  sync_city_free (city);
}

static gboolean
in_pin_block (CivicStore *store,
              gint64      post,
              gint64      at)
{
  CivicFeedQuery q = { CIVIC_FEED_ALL, "manager", NULL, NULL, at };
  g_autoptr(GArray) ids = civic_store_query_feed_ids (store, &q, NULL);
  g_autoptr(GPtrArray) rows = civic_store_get_post_rows (store, (const gint64 *) ids->data, ids->len, NULL, NULL);

  /* pins come first; the block ends at the first row not pinned at @at */
  for (guint i = 0; i < rows->len; i++)
    {
      CivicPostRow *r = g_ptr_array_index (rows, i);

      if (r == NULL || r->pinned_until <= at)
        return FALSE;
      if (r->id == post)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  SyncDesk *desk;
  gint64    post;
} PostWait;

static gboolean
pin_arrived (gpointer data)
{
  PostWait *w = data;
  g_autofree char *sql = g_strdup_printf ("SELECT pinned_until FROM posts WHERE id = %" G_GINT64_FORMAT, w->post);

  return store_int (w->desk, sql, NULL) > 0;
}

static void
test_pin_expires (void)
{
  SyncCity *city = sync_city_new (20);
  SyncDesk *a = sync_desk_new_as (city, "a", "manager", TRUE);
  SyncDesk *b = sync_desk_new_as (city, "b", "staff", TRUE);
  g_autoptr(GError) error = NULL;
  gint64 post, until;
  PostWait w;

  desks_ready (a, b);
  post = post_and_push (a, "Snow emergency: parking ban on snow routes until 6 pm", "manager");
  until = now_s () + 3600;
  civic_local_pin_post (a->store, post, until, &error);
  g_assert_no_error (error);
  civic_sync_outbox_changed (a->sync);
  w = (PostWait) { b, post };
  g_assert_true (sync_test_wait (pin_arrived, &w, 10000));

  g_assert_true (in_pin_block (b->store, post, now_s ()));
  /* once its time is past it is an ordinary post again, on both desks */
  g_assert_false (in_pin_block (b->store, post, until + 1));
  g_assert_false (in_pin_block (a->store, post, until + 1));
  /* and the service's announcements agree (refusing a pin in the past) */
  civic_local_pin_post (a->store, post, now_s () - 10, &error);
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);

  sync_desk_free (a);
  sync_desk_free (b);
  sync_city_free (city);
}

static gboolean
numbers_leased (gpointer data)
{
  return civic_local_numbers_left (((SyncDesk *) data)->store) > 0;
}

typedef struct
{
  SyncDesk   *desk;
  gint64      post;
  const char *request_id;
} LinkWait;

static gboolean
linked_both_ways (gpointer data)
{
  LinkWait *w = data;
  g_autoptr(GPtrArray) replies = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM posts WHERE id = %" G_GINT64_FORMAT
                                          " AND case_id = ?1", w->post);
  gboolean answered = FALSE, linked = FALSE;

  if (store_int (w->desk, sql, w->request_id) != 1)
    return FALSE;
  replies = civic_store_list_replies (w->desk->store, w->post, NULL, NULL);
  for (guint i = 0; replies != NULL && i < replies->len; i++)
    answered |= strstr (((CivicPostRow *) g_ptr_array_index (replies, i))->body, w->request_id) != NULL;
  events = civic_store_list_events (w->desk->store, w->request_id, NULL);
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      CivicCaseEvent *e = g_ptr_array_index (events, i);
      g_autofree char *ref = g_strdup_printf ("%" G_GINT64_FORMAT, w->post);

      linked |= civic_case_event_get_kind (e) == CIVIC_CASE_EVENT_LINKED_POST &&
                g_strcmp0 (civic_case_event_get_new_value (e), ref) == 0;
    }
  return answered && linked;
}

static void
test_post_becomes_case (void)
{
  SyncCity *city = sync_city_new (20);
  SyncDesk *a = sync_desk_new_as (city, "a", "advocate", TRUE);
  SyncDesk *b = sync_desk_new_as (city, "b", "manager", TRUE);
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *sql = NULL;
  CivicNewCase draft = { 0 };
  gint64 post;
  LinkWait w;

  desks_ready (a, b);
  g_assert_true (sync_test_wait (numbers_leased, a, 10000));
  post = post_and_push (a, "From @ElginCity on social: streetlight out at 4th and Pine for a week", "advocate");

  services = civic_store_list_services (a->store, &error);
  g_assert_no_error (error);
  draft.channel = CIVIC_CHANNEL_SOCIAL;
  draft.service_code = civic_service_get_code (g_ptr_array_index (services, 0));
  draft.description = "streetlight out at 4th and Pine for a week";
  draft.address = "4th and Pine";
  draft.source_post = post;
  civic_local_create_case (a->store, &draft, "advocate", &request_id, &error);
  g_assert_no_error (error);
  /* the post shows its case at once on this desk */
  w = (LinkWait) { a, post, request_id };
  sql = g_strdup_printf ("SELECT count(*) FROM posts WHERE id = %" G_GINT64_FORMAT " AND case_id = ?1", post);
  g_assert_cmpint (store_int (a, sql, request_id), ==, 1);
  civic_sync_outbox_changed (a->sync);

  w.desk = b;
  g_assert_true (sync_test_wait (linked_both_ways, &w, 15000));
  g_assert_nonnull (civic_store_get_case (b->store, request_id, NULL));
  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM cases c JOIN posts p ON p.case_id = c.id"
                         " WHERE p.id = %" G_GINT64_FORMAT " AND c.channel = 'social'", post);
  g_assert_cmpint (civic_test_sql_int (city->db, sql), ==, 1);
  g_assert_cmpint (civic_store_post_for_case (b->store, request_id, NULL), ==, post);

  sync_desk_free (a);
  sync_desk_free (b);
  sync_city_free (city);
}

static gboolean
post_gone (gpointer data)
{
  PostWait *w = data;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM posts WHERE id = %" G_GINT64_FORMAT, w->post);

  return store_int (w->desk, sql, NULL) == 0;
}

static gboolean
post_there (gpointer data)
{
  return !post_gone (data);
}

static void
test_delete_reaches_other_desk (void)
{
  SyncCity *city = sync_city_new (20);
  SyncDesk *a = sync_desk_new_as (city, "a", "advocate", TRUE);
  SyncDesk *b = sync_desk_new_as (city, "b", "manager", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tagged = NULL;
  PostWait w;

  desks_ready (a, b);
  w.post = post_and_push (a, "Wrong address, sorry #Sidewalks", "advocate");
  w.desk = b;
  g_assert_true (sync_test_wait (post_there, &w, 10000));

  /* an edit reaches the other desk, marked as edited, tags and all */
  civic_local_edit_post (a->store, w.post, "Wrong address, sorry #Sidewalks #Corrections", &error);
  g_assert_no_error (error);
  civic_sync_outbox_changed (a->sync);
  {
    TagWait tw = { b, "corrections", 1 };
    g_autoptr(GPtrArray) rows = NULL;

    g_assert_true (sync_test_wait (tag_has, &tw, 10000));
    rows = civic_store_get_post_rows (b->store, &w.post, 1, "manager", &error);
    g_assert_no_error (error);
    g_assert_cmpint (((CivicPostRow *) g_ptr_array_index (rows, 0))->edited, >, 0);
  }

  civic_local_delete_post (a->store, w.post, &error);
  g_assert_no_error (error);
  civic_sync_outbox_changed (a->sync);
  g_assert_true (sync_test_wait (post_gone, &w, 10000));
  /* its tag went with it */
  tagged = civic_store_list_posts_tagged (b->store, "sidewalks", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tagged->len, ==, 0);

  sync_desk_free (a);
  sync_desk_free (b);
  sync_city_free (city);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-feed/tag-page-and-trending", test_tag_page_and_trending);
  g_test_add_func ("/sync-feed/mention-notifies", test_mention_notifies_other_desk);
  g_test_add_func ("/sync-feed/followed-case-notifies", test_followed_case_notifies);
  g_test_add_func ("/sync-feed/pin-expires", test_pin_expires);
  g_test_add_func ("/sync-feed/post-becomes-case", test_post_becomes_case);
  g_test_add_func ("/sync-feed/delete-reaches-other-desk", test_delete_reaches_other_desk);

  return g_test_run ();
}
