/* test-store-feed.c: trending tags, tag pages and the feed list read
 * from the local replica (civic-store-feed.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "civic-store-feed.h"
#include "civic-store-feed-private.h"

#define DAY 86400
/* a fixed "end of today": the tests never depend on the clock */
#define DAY_END ((gint64) 1795000000)

typedef struct
{
  char       *dir;
  CivicStore *store;
  gint64      next_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("civic-feed-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "desk.db", NULL);
  f->store = civic_store_open (path, &error);
  g_assert_no_error (error);
  f->next_id = 1;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "desk.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* @n posts saying @body, @days_ago days before the end of the day judged */
static void
post_n (Fixture    *f,
        const char *body,
        int         days_ago,
        int         n)
{
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < n; i++)
    {
      CivicPost *p = civic_post_new ();

      civic_post_set_id (p, f->next_id++);
      civic_post_set_author (p, "maria");
      civic_post_set_body (p, body);
      /* spread over the day, never on its edge */
      civic_post_set_created (p, DAY_END - days_ago * DAY - 3600 - i * 60);
      g_ptr_array_add (posts, p);
    }
  civic_store_put_posts (f->store, posts, &error);
  g_assert_no_error (error);
}

static CivicTrend *
find (GPtrArray  *trends,
      const char *key)
{
  for (guint i = 0; i < trends->len; i++)
    {
      CivicTrend *t = g_ptr_array_index (trends, i);

      if (g_str_equal (t->tag_key, key))
        return t;
    }
  return NULL;
}

static void
test_trending_spike_not_volume (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) trends = NULL;
  g_autoptr(GError) error = NULL;
  CivicTrend *t;

  /* #Potholes: ten posts every day for fifteen days — busy, not trending */
  for (int d = 0; d <= 14; d++)
    post_n (f, "Another one on Main St #Potholes", d, 10);
  /* #WaterMain: quiet, then six today */
  post_n (f, "Crew on site #WaterMain", 5, 1);
  post_n (f, "Street flooding #watermain near the school", 0, 6);
  /* #Leaves: only two today, below the minimum */
  post_n (f, "#Leaves piling up", 0, 2);

  trends = civic_store_trending_tags (f->store, DAY_END, 10, &error);
  g_assert_no_error (error);
  g_assert_nonnull (trends);

  /* #Today is always listed first, even unused */
  t = g_ptr_array_index (trends, 0);
  g_assert_true (t->is_today_tag);
  g_assert_cmpstr (t->tag, ==, "Today");
  g_assert_cmpint (t->count_today, ==, 0);

  t = find (trends, "watermain");
  if (t == NULL)
    g_error ("#WaterMain does not trend");
  g_assert_cmpstr (t->tag, ==, "WaterMain");   /* as first written */
  g_assert_cmpint (t->count_today, ==, 6);
  g_assert_cmpint (t->daily[CIVIC_TREND_DAYS - 1], ==, 6);
  g_assert_cmpint (t->daily[CIVIC_TREND_DAYS - 1 - 5], ==, 1);
  g_assert_cmpfloat_with_epsilon (t->baseline, 1.0 / 14, 1e-9);
  g_assert_cmpfloat (t->score, >=, CIVIC_TREND_MIN_SCORE);
  g_assert_true (t->trending);

  g_assert_null (find (trends, "potholes"));
  g_assert_null (find (trends, "leaves"));
  g_assert_cmpuint (trends->len, ==, 2);

  /* its own page still shows it, with its sparkline */
  {
    g_autoptr(CivicTrend) p = civic_store_tag_trend (f->store, "potholes", DAY_END, &error);

    g_assert_no_error (error);
    g_assert_cmpint (p->count_today, ==, 10);
    g_assert_cmpfloat_with_epsilon (p->baseline, 10.0, 1e-9);
    g_assert_false (p->trending);
    for (int d = 0; d < CIVIC_TREND_DAYS; d++)
      g_assert_cmpint (p->daily[d], ==, 10);
  }
}

static void
test_today_tag_counts (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) trends = NULL;
  g_autoptr(GError) error = NULL;
  CivicTrend *t;

  post_n (f, "Council meets at 6 #today", 0, 1);
  post_n (f, "Parade route closed #Today", 1, 1);
  trends = civic_store_trending_tags (f->store, DAY_END, 5, &error);
  g_assert_no_error (error);
  t = g_ptr_array_index (trends, 0);
  g_assert_true (t->is_today_tag);
  g_assert_false (t->trending);
  g_assert_cmpint (t->count_today, ==, 1);
  g_assert_cmpint (t->daily[CIVIC_TREND_DAYS - 2], ==, 1);
  g_assert_cmpstr (t->tag, ==, "Today");
  g_assert_cmpuint (trends->len, ==, 1);
}

static void
test_tagged_posts_follow_edits_and_deletes (Fixture       *f,
                                            gconstpointer  data)
{
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) completions = NULL;
  sqlite3 *db = NULL;
  g_autofree char *path = g_build_filename (f->dir, "desk.db", NULL);

  post_n (f, "Hydrant open #Hydrants", 0, 1);      /* id 1 */
  post_n (f, "No tag here", 0, 1);                 /* id 2 */
  post_n (f, "Old one #hydrants", 3, 1);           /* id 3 */

  posts = civic_store_list_posts_tagged (f->store, "hydrants", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (posts->len, ==, 2);
  g_assert_cmpint (civic_post_get_id (g_ptr_array_index (posts, 0)), ==, 1);   /* newest first */
  g_clear_pointer (&posts, g_ptr_array_unref);

  posts = civic_store_list_posts_tagged (f->store, "hydrants", DAY_END - DAY, DAY_END, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (posts->len, ==, 1);
  g_clear_pointer (&posts, g_ptr_array_unref);

  completions = civic_store_complete_tags (f->store, "hyd", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (completions), ==, 1);
  g_assert_cmpstr (completions[0], ==, "hydrants");   /* the first written, 3 days ago */

  /* the service's list of tags wins over the body, and a sync that
   * deletes the post takes its tags along (written as sync writes) */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (civic_store_feed_register_sql (db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE posts SET tags = '[\"Flood\"]' WHERE id = 2;"
                                     "DELETE FROM posts WHERE id = 3;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  posts = civic_store_list_posts_tagged (f->store, "hydrants", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (posts->len, ==, 1);
  g_clear_pointer (&posts, g_ptr_array_unref);
  posts = civic_store_list_posts_tagged (f->store, "flood", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (posts->len, ==, 1);
  g_assert_cmpint (civic_post_get_id (g_ptr_array_index (posts, 0)), ==, 2);
}

static void
test_feed_list (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  CivicFeedQuery q = { CIVIC_FEED_ALL, "maria", "311", NULL, DAY_END };
  CivicPost *p;

  post_n (f, "First", 2, 1);                           /* 1 */
  post_n (f, "Second, naming @Maria", 1, 1);           /* 2 */
  post_n (f, "Third", 0, 1);                           /* 3 */
  p = civic_post_new ();
  civic_post_set_id (p, 4);
  civic_post_set_author (p, "dan");
  civic_post_set_body (p, "a reply to the first");
  civic_post_set_parent_id (p, 1);
  civic_post_set_created (p, DAY_END - 10);
  g_ptr_array_add (posts, p);
  p = civic_post_new ();
  civic_post_set_id (p, 5);
  civic_post_set_author (p, "boss");
  civic_post_set_body (p, "Snow plan in effect");
  civic_post_set_created (p, DAY_END - 5 * DAY);
  civic_post_set_pinned_until (p, DAY_END + DAY);   /* pinned, still on */
  g_ptr_array_add (posts, p);
  p = civic_post_new ();
  civic_post_set_id (p, 6);
  civic_post_set_author (p, "boss");
  civic_post_set_body (p, "Old pin");
  civic_post_set_created (p, DAY_END - 6 * DAY);
  civic_post_set_pinned_until (p, DAY_END - 1);     /* expired */
  g_ptr_array_add (posts, p);
  civic_store_put_posts (f->store, posts, &error);
  g_assert_no_error (error);

  ids = civic_store_query_feed_ids (f->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 5);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 5);  /* the live pin on top */
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 3);  /* then newest first */
  g_assert_cmpint (g_array_index (ids, gint64, 2), ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 3), ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 4), ==, 6);  /* an expired pin is a post */
  g_clear_pointer (&ids, g_array_unref);

  /* once the pin expires it sinks to its own place */
  q.now = DAY_END + 2 * DAY;
  ids = civic_store_query_feed_ids (f->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 3);
  g_clear_pointer (&ids, g_array_unref);

  q.filter = CIVIC_FEED_MENTIONS;
  ids = civic_store_query_feed_ids (f->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 2);

  /* Following: the people, tags and cases maria follows; My department:
   * posts by people of hers */
  g_clear_pointer (&ids, g_array_unref);
  {
    g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_object_unref);
    CivicUser *u = civic_user_new ();

    civic_user_set_username (u, "dan");
    civic_user_set_department (u, "311");
    g_ptr_array_add (users, u);
    civic_store_put_users (f->store, users, &error);
    g_assert_no_error (error);
  }
  q.filter = CIVIC_FEED_DEPARTMENT;
  q.now = DAY_END;
  ids = civic_store_query_feed_ids (f->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);   /* dan only replied; the list shows threads */
  g_clear_pointer (&ids, g_array_unref);
  q.filter = CIVIC_FEED_FOLLOWING;
  ids = civic_store_query_feed_ids (f->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);
  {
    sqlite3 *db = NULL;
    g_autofree char *path = g_build_filename (f->dir, "desk.db", NULL);

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "INSERT INTO follows (username, kind, target) VALUES ('maria', 'user', 'boss')",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  ids = civic_store_query_feed_ids (f->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);   /* boss's pin first, then the old one */
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 5);
  g_clear_pointer (&ids, g_array_unref);

  /* a followed tag and a followed case add their threads; a reply with
   * the tag stays in its thread, an unfollowed tag stays out */
  {
    g_autoptr(GPtrArray) more = g_ptr_array_new_with_free_func (g_object_unref);
    const struct { gint64 id, parent; const char *body; gint64 age; } added[] = {
      { 7, 0, "#Potholes on Main St", 3600 },
      { 8, 0, "About that case", 7200 },
      { 9, 7, "#potholes here too", 600 },
      { 10, 0, "#streetlight out", 1800 },
    };
    sqlite3 *db = NULL;
    g_autofree char *path = g_build_filename (f->dir, "desk.db", NULL);

    for (guint i = 0; i < G_N_ELEMENTS (added); i++)
      {
        p = civic_post_new ();
        civic_post_set_id (p, added[i].id);
        civic_post_set_author (p, "eve");
        civic_post_set_body (p, added[i].body);
        civic_post_set_parent_id (p, added[i].parent);
        civic_post_set_created (p, DAY_END - added[i].age);
        g_ptr_array_add (more, p);
      }
    civic_store_put_posts (f->store, more, &error);
    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db,
                                   "UPDATE posts SET case_id = '311-2026-000777' WHERE id = 8;"
                                   "INSERT INTO follows (username, kind, target) VALUES"
                                   " ('maria', 'tag', 'potholes'), ('maria', 'case', '311-2026-000777')",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  ids = civic_store_query_feed_ids (f->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 4);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 5);   /* the pin */
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 7);   /* #potholes */
  g_assert_cmpint (g_array_index (ids, gint64, 2), ==, 8);   /* the case */
  g_assert_cmpint (g_array_index (ids, gint64, 3), ==, 6);   /* boss's old pin */

  rows = civic_store_get_post_rows (f->store, (gint64 []) { 1, 99 }, 2, "maria", &error);
  g_assert_no_error (error);
  g_assert_cmpint (((CivicPostRow *) g_ptr_array_index (rows, 0))->reply_count, ==, 1);
  g_assert_null (g_ptr_array_index (rows, 1));
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = civic_store_list_replies (f->store, 1, "maria", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((CivicPostRow *) g_ptr_array_index (rows, 0))->author, ==, "dan");
}

/* A replica made before the feed's migration gets its tags on upgrade. */
static void
test_upgrade_from_v4 (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "desk.db", NULL);
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  post_n (f, "Hydrant open on Elm #Hydrants @staff", 0, 2);
  g_clear_object (&f->store);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP TRIGGER posts_feed_ai; DROP TRIGGER posts_feed_au; DROP TRIGGER posts_feed_ad;"
                                 "DROP TABLE post_tags; DROP TABLE post_mentions; DROP INDEX posts_feed;"
                                 "DROP INDEX posts_pinned; DROP INDEX posts_author; DROP INDEX posts_case;"
                                 "DROP INDEX notifications_user; PRAGMA user_version = 4;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->store = civic_store_open (path, &error);
  g_assert_no_error (error);
  posts = civic_store_list_posts_tagged (f->store, "hydrants", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (posts->len, ==, 2);
  {
    CivicFeedQuery q = { CIVIC_FEED_MENTIONS, "Staff", NULL, NULL, DAY_END, NULL };
    g_autoptr(GArray) ids = civic_store_query_feed_ids (f->store, &q, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 2);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store-feed/trending/spike-not-volume", Fixture, NULL,
              fixture_set_up, test_trending_spike_not_volume, fixture_tear_down);
  g_test_add ("/store-feed/trending/today-tag", Fixture, NULL,
              fixture_set_up, test_today_tag_counts, fixture_tear_down);
  g_test_add ("/store-feed/tagged/edits-and-deletes", Fixture, NULL,
              fixture_set_up, test_tagged_posts_follow_edits_and_deletes, fixture_tear_down);
  g_test_add ("/store-feed/list", Fixture, NULL,
              fixture_set_up, test_feed_list, fixture_tear_down);

  g_test_add ("/store-feed/upgrade-from-v4", Fixture, NULL,
              fixture_set_up, test_upgrade_from_v4, fixture_tear_down);

  return g_test_run ();
}
