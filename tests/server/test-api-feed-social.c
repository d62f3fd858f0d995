/* test-api-feed-social.c: follows and the feed's filters, notifications,
 * trending tags and tag pages against the real server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-api-feed-util.h"

static void
test_follows_and_filters (Fixture *f, gconstpointer data)
{
  gint64 p1 = feed_post (f, f->rita, "{\"body\": \"#flooding on 3rd Ave\"}");
  gint64 p2 = feed_post (f, f->tom, "{\"body\": \"hello from the yard\"}");
  g_autoptr(JsonNode) n = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *kinds = NULL;
  gint64 p3, p4;

  n = civic_test_call (f->server, "PUT", "/api/v1/follows/tag/%23Flooding", f->ann, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (n), "target"), ==, "flooding");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (n), "changed"));
  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "PUT", "/api/v1/follows/tag/FLOODING", f->ann, NULL, 200);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (n), "changed"));
  g_clear_pointer (&n, json_node_unref);
  civic_test_expect (f->server, "PUT", "/api/v1/follows/user/tom", f->ann, NULL, 200);
  n = civic_test_call (f->server, "PUT", "/api/v1/follows/case/311-2026-000101", f->ann, NULL, 200);
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM follows WHERE username = 'ann'"), ==, 3);

  g_clear_pointer (&n, json_node_unref);
  civic_test_expect (f->server, "PUT", "/api/v1/follows/user/nobody", f->ann, NULL, 404);
  civic_test_expect (f->server, "PUT", "/api/v1/follows/case/311-2026-999999", f->ann, NULL, 404);
  civic_test_expect (f->server, "PUT", "/api/v1/follows/planet/mars", f->ann, NULL, 400);
  civic_test_expect (f->server, "PUT", "/api/v1/follows/tag/pot%20holes", f->ann, NULL, 400);
  n = civic_test_call (f->server, "GET", "/api/v1/follows", f->ann, NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (n), "follows")), ==, 3);

  p3 = feed_post (f, f->maria, "{\"body\": \"update on 311-2026-000101: crew booked\"}");
  p4 = feed_post (f, f->maria, "{\"body\": \"unrelated\"}");
  g_assert_cmpint (feed_post (f, f->rita, "{\"body\": \"more #FLOODING downtown\"}"), >, p4);
  /* the tag and the case told her; following tom does not notify */
  kinds = feed_notification_kinds (f, f->ann);
  g_assert_cmpstr (kinds, ==, "case,tag");

  expected = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                              p4 + 1, p3, p2, p1);
  feed_assert_post_ids (f, "/api/v1/posts?filter=following", f->ann, expected);

  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "DELETE", "/api/v1/follows/user/tom", f->ann, NULL, 200);
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM tombstones WHERE entity = 'follow' AND entity_id = 'ann:user:tom'"), ==, 1);
  g_free (expected);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, p4 + 1, p3);
  feed_assert_post_ids (f, "/api/v1/posts?filter=following&limit=2", f->ann, expected);

  /* the cursor goes on from the last post shown */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/posts?filter=following&before=%" G_GINT64_FORMAT, p3);

    g_free (expected);
    expected = g_strdup_printf ("%" G_GINT64_FORMAT, p1);
    feed_assert_post_ids (f, path, f->ann, expected);
  }

  g_free (expected);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, p4 + 1, p1);
  feed_assert_post_ids (f, "/api/v1/posts?tag=FLOODING", f->tom, expected);

  /* roads' feed: rita and tom, not maria (311) */
  g_free (expected);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, p4 + 1, p2, p1);
  feed_assert_post_ids (f, "/api/v1/posts?filter=department", f->boss, expected);

  g_clear_pointer (&n, json_node_unref);
  civic_test_expect (f->server, "GET", "/api/v1/posts?limit=201", f->ann, NULL, 400);
  civic_test_expect (f->server, "GET", "/api/v1/posts?limit=0", f->ann, NULL, 400);
  civic_test_expect (f->server, "GET", "/api/v1/posts?limit=200", f->ann, NULL, 200);
  civic_test_expect (f->server, "GET", "/api/v1/posts?filter=bogus", f->ann, NULL, 400);
  civic_test_expect (f->server, "GET", "/api/v1/posts?before=abc", f->ann, NULL, 400);
  civic_test_expect (f->server, "GET", "/api/v1/posts?tag=%27%3B%20DROP", f->ann, NULL, 400);
}

static void
test_mentions_filter (Fixture *f, gconstpointer data)
{
  gint64 a = feed_post (f, f->tom, "{\"body\": \"@ann can parks lend a mower?\"}");
  g_autofree char *reply_json = g_strdup_printf ("{\"body\": \"@Parks too\", \"parent_id\": %" G_GINT64_FORMAT "}", a);
  gint64 b = feed_post (f, f->rita, reply_json);
  g_autoptr(JsonNode) n = NULL;
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, b, a);

  feed_post (f, f->tom, "{\"body\": \"nothing for parks\"}");
  /* a reply that names my department counts too; department names match in any case */
  feed_assert_post_ids (f, "/api/v1/posts?filter=mentions", f->ann, expected);
  n = civic_test_call (f->server, "GET", "/api/v1/posts?filter=mentions", f->maria, NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (n), "posts")), ==, 0);
}

static void
test_notifications (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) n = NULL;
  g_autofree char *mark = NULL;
  JsonArray *list;
  gint64 first;

  for (int i = 0; i < 3; i++)
    feed_post (f, f->tom, "{\"body\": \"@maria see this\"}");
  n = civic_test_call (f->server, "GET", "/api/v1/notifications?unread=true", f->maria, NULL, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (n), "unread"), ==, 3);
  list = json_object_get_array_member (json_node_get_object (n), "notifications");
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "actor"), ==, "tom");
  first = json_object_get_int_member (json_array_get_object_element (list, 0), "id");

  /* someone else cannot mark mine */
  mark = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "]}", first);
  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "POST", "/api/v1/notifications/read", f->ann, mark, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (n), "marked"), ==, 0);
  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "GET", "/api/v1/notifications", f->ann, NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (n), "notifications")), ==, 0);

  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "POST", "/api/v1/notifications/read", f->maria, mark, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (n), "marked"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (n), "unread"), ==, 2);
  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "GET", "/api/v1/notifications?unread=true&limit=1", f->maria, NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (n), "notifications")), ==, 1);

  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "POST", "/api/v1/notifications/read", f->maria, "{\"all\": true}", 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (n), "marked"), ==, 2);
  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "GET", "/api/v1/notifications?unread=true", f->maria, NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (n), "notifications")), ==, 0);
  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "GET", "/api/v1/notifications", f->maria, NULL, 200);
  list = json_object_get_array_member (json_node_get_object (n), "notifications");
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (list, 2), "read"));

  g_clear_pointer (&n, json_node_unref);
  civic_test_expect (f->server, "POST", "/api/v1/notifications/read", f->maria, "{}", 400);
  civic_test_expect (f->server, "POST", "/api/v1/notifications/read", f->maria, "{\"ids\": [\"x\"]}", 400);
  civic_test_expect (f->server, "GET", "/api/v1/notifications?unread=maybe", f->maria, NULL, 400);
}

/* Writes @per_day posts tagged @tag for each of the 14 days before the
 * last 24 hours, straight into the database. */
static void
insert_history (Fixture    *f,
                const char *tag,
                int         per_day,
                gint64      first_id)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GString) sql = g_string_new ("BEGIN;");
  gint64 id = first_id;

  for (int day = 1; day <= 14; day++)
    for (int k = 0; k < per_day; k++, id++)
      {
        gint64 at = now - day * 86400 - 3600 - k * 60;

        g_string_append_printf (sql,
                                "INSERT INTO posts (id, author, body, created, seq) VALUES (%" G_GINT64_FORMAT
                                ", 'tom', 'old #%s', %" G_GINT64_FORMAT ", 1);"
                                "INSERT INTO post_tags (post_id, tag_key, tag, created) VALUES (%" G_GINT64_FORMAT
                                ", lower('%s'), '%s', %" G_GINT64_FORMAT ");",
                                id, tag, at, id, tag, tag, at);
      }
  g_string_append (sql, "COMMIT;");
  g_free (civic_test_sql (f->db, sql->str));
}

static void
test_trending (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) n = NULL;
  JsonArray *tags;
  JsonObject *top;
  JsonArray *series;
  char **posters[] = { &f->tom, &f->rita, &f->boss, &f->ann, &f->maria };

  insert_history (f, "potholes", 3, 1000);   /* steady: 3 a day */
  insert_history (f, "Parking", 1, 2000);    /* 1 a day, then 4 today */
  for (int i = 0; i < 3; i++)
    feed_post (f, *posters[i], "{\"body\": \"another #potholes report\"}");
  for (int i = 0; i < 4; i++)
    feed_post (f, *posters[i], "{\"body\": \"#parking is full again\"}");
  for (int i = 0; i < 5; i++)
    feed_post (f, *posters[i], "{\"body\": \"#WaterMain break on 5th\"}");
  for (int i = 0; i < 2; i++)
    feed_post (f, *posters[i], "{\"body\": \"#oneoff\"}");

  n = civic_test_call (f->server, "GET", "/api/v1/tags/trending?window=24h&limit=10", f->ann, NULL, 200);
  tags = json_object_get_array_member (json_node_get_object (n), "tags");
  g_assert_cmpuint (json_array_get_length (tags), ==, 2);
  top = json_array_get_object_element (tags, 0);
  g_assert_cmpstr (json_object_get_string_member (top, "tag"), ==, "watermain");
  g_assert_cmpstr (json_object_get_string_member (top, "display"), ==, "WaterMain");
  g_assert_cmpint (json_object_get_int_member (top, "recent"), ==, 5);
  g_assert_cmpfloat (json_object_get_double_member (top, "baseline"), ==, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (top, "score"), ==, 6.0);
  series = json_object_get_array_member (top, "series");
  g_assert_cmpuint (json_array_get_length (series), ==, 14);
  g_assert_cmpint (json_array_get_int_element (series, 13), ==, 5);
  g_assert_cmpint (json_array_get_int_element (series, 0), ==, 0);

  /* parking: 4 against 1 a day is a rise; potholes at its usual 3 is not */
  top = json_array_get_object_element (tags, 1);
  g_assert_cmpstr (json_object_get_string_member (top, "tag"), ==, "parking");
  g_assert_cmpstr (json_object_get_string_member (top, "display"), ==, "Parking");
  g_assert_cmpfloat (json_object_get_double_member (top, "baseline"), ==, 1.0);
  g_assert_cmpfloat (json_object_get_double_member (top, "score"), ==, 2.5);
  series = json_object_get_array_member (top, "series");
  g_assert_cmpint (json_array_get_int_element (series, 12), ==, 1);

  /* #Today is answered even when nobody used it and it does not trend */
  top = json_object_get_object_member (json_node_get_object (n), "today");
  g_assert_nonnull (top);
  g_assert_cmpstr (json_object_get_string_member (top, "tag"), ==, "today");
  g_assert_cmpint (json_object_get_int_member (top, "recent"), ==, 0);
  g_assert_false (json_object_get_boolean_member (top, "trending"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top, "series")), ==, 14);

  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "GET", "/api/v1/tags/trending?limit=1", f->ann, NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (n), "tags")), ==, 1);
  g_clear_pointer (&n, json_node_unref);
  civic_test_expect (f->server, "GET", "/api/v1/tags/trending?window=forever", f->ann, NULL, 400);
  civic_test_expect (f->server, "GET", "/api/v1/tags/trending?window=0h", f->ann, NULL, 400);
  civic_test_expect (f->server, "GET", "/api/v1/tags/trending?limit=0", f->ann, NULL, 400);
  civic_test_expect (f->server, "GET", "/api/v1/tags/trending", NULL, NULL, 401);
}

static void
test_tag_page (Fixture *f, gconstpointer data)
{
  gint64 first = feed_post (f, f->maria, "{\"body\": \"#Potholes on Elm\"}");
  gint64 second = feed_post (f, f->tom, "{\"body\": \"#POTHOLES on Oak\"}");
  g_autoptr(JsonNode) n = NULL;
  g_autoptr(JsonNode) follow = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *path = NULL;
  JsonObject *page;
  JsonArray *cases;

  n = civic_test_call (f->server, "GET", "/api/v1/tags/potholes?limit=1", f->ann, NULL, 200);
  page = json_node_get_object (n);
  g_assert_cmpstr (json_object_get_string_member (page, "display"), ==, "Potholes");
  g_assert_cmpint (json_object_get_int_member (page, "post_count"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (page, "recent_24h"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (page, "case_count"), ==, 1);
  g_assert_false (json_object_get_boolean_member (page, "following"));
  ids = feed_post_ids (n);
  g_assert_cmpint (g_ascii_strtoll (ids, NULL, 10), ==, second);
  cases = json_object_get_array_member (page, "cases");
  g_assert_cmpuint (json_array_get_length (cases), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (cases, 0), "service_request_id"),
                   ==, "311-2026-000101");

  follow = civic_test_call (f->server, "PUT", "/api/v1/follows/tag/potholes", f->ann, NULL, 200);
  path = g_strdup_printf ("/api/v1/tags/%%23POTHOLES?before=%" G_GINT64_FORMAT, second);
  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "GET", path, f->ann, NULL, 200);
  page = json_node_get_object (n);
  g_assert_true (json_object_get_boolean_member (page, "following"));
  g_assert_cmpint (json_object_get_int_member (page, "followers"), ==, 1);
  g_free (ids);
  ids = feed_post_ids (n);
  g_assert_cmpint (g_ascii_strtoll (ids, NULL, 10), ==, first);

  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "GET", "/api/v1/tags/unused", f->ann, NULL, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (n), "post_count"), ==, 0);
  g_clear_pointer (&n, json_node_unref);
  civic_test_expect (f->server, "GET", "/api/v1/tags/pot%20holes", f->ann, NULL, 400);
  civic_test_expect (f->server, "GET", "/api/v1/tags/2026", f->ann, NULL, 400);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add ("/server/feed/social/" name, Fixture, NULL, feed_setup, func, feed_teardown)
  ADD ("follows-and-filters", test_follows_and_filters);
  ADD ("mentions-filter", test_mentions_filter);
  ADD ("notifications", test_notifications);
  ADD ("trending", test_trending);
  ADD ("tag-page", test_tag_page);
#undef ADD
  return g_test_run ();
}
