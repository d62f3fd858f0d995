/* test-api-feed-posts.c: posting, replying, liking, editing, deleting and
 * pinning against the real server, forbidden paths and hostile bodies
 * included.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-api-feed-util.h"

static void
test_post_links (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) follow = NULL;
  g_autofree char *body = feed_body ("Crew out on #Potholes by Main St, @maria please check #311-2026-000101 "
                                     "and #POTHOLES near 311-2026-999999 — thanks @roads, cc @nobody");
  g_autofree char *tags = NULL;
  g_autofree char *refs = NULL;
  g_autofree char *kinds = NULL;
  JsonObject *post;
  JsonArray *mentions;

  /* ann follows the case, so she hears it was discussed */
  follow = civic_test_call (f->server, "PUT", "/api/v1/follows/case/311-2026-000101", f->ann, NULL, 200);

  node = civic_test_call (f->server, "POST", "/api/v1/posts", f->tom, body, 201);
  post = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (post, "author"), ==, "tom");
  g_assert_cmpstr (json_object_get_string_member (post, "author_display_name"), ==, "tom");
  tags = feed_strings (json_object_get_array_member (post, "tags"));
  g_assert_cmpstr (tags, ==, "Potholes");   /* one tag, first spelling */
  refs = feed_strings (json_object_get_array_member (post, "case_refs"));
  g_assert_cmpstr (refs, ==, "311-2026-000101");   /* the unknown number stays text */
  g_assert_cmpstr (json_object_get_string_member (post, "case"), ==, "311-2026-000101");
  mentions = json_object_get_array_member (post, "mentions");
  g_assert_cmpuint (json_array_get_length (mentions), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (mentions, 0), "target"), ==, "maria");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (mentions, 1), "kind"), ==, "department");
  g_assert_cmpint (json_object_get_int_member (post, "like_count"), ==, 0);
  g_assert_false (json_object_get_boolean_member (post, "liked_by_me"));
  g_assert_true (json_object_get_null_member (post, "edited"));
  g_assert_true (json_object_get_null_member (post, "pinned_until"));
  g_assert_nonnull (strstr (json_object_get_string_member (post, "body"), "@nobody"));

  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM post_tags WHERE tag_key = 'potholes' AND tag = 'Potholes'"), ==, 1);
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM post_tags"), ==, 1);
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM case_events WHERE case_id = 1 AND kind = 'linked_post'"), ==, 1);

  /* maria by name; rita and boss through @roads; tom wrote it */
  kinds = feed_notification_kinds (f, f->maria);
  g_assert_cmpstr (kinds, ==, "mention");
  g_free (kinds);
  kinds = feed_notification_kinds (f, f->rita);
  g_assert_cmpstr (kinds, ==, "mention");
  g_free (kinds);
  kinds = feed_notification_kinds (f, f->boss);
  g_assert_cmpstr (kinds, ==, "mention");
  g_free (kinds);
  kinds = feed_notification_kinds (f, f->tom);
  g_assert_cmpstr (kinds, ==, "");
  g_free (kinds);
  kinds = feed_notification_kinds (f, f->ann);
  g_assert_cmpstr (kinds, ==, "case");

  /* a second post spelled differently joins the same tag */
  g_clear_pointer (&node, json_node_unref);
  g_free (body);
  body = feed_body ("more #potholes today");
  node = civic_test_call (f->server, "POST", "/api/v1/posts", f->rita, body, 201);
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(DISTINCT tag_key) FROM post_tags"), ==, 1);
}

static void
test_explicit_case (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) node = civic_test_call (f->server, "POST", "/api/v1/posts", f->maria,
                                              "{\"body\": \"Resident called again\", \"case\": \"311-2026-000102\"}", 201);
  g_autoptr(JsonNode) bad = NULL;

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "case"), ==, "311-2026-000102");
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM case_events WHERE case_id = 2 AND kind = 'linked_post'"), ==, 1);
  bad = civic_test_call (f->server, "POST", "/api/v1/posts", f->maria, "{\"body\": \"x\", \"case\": \"311-2026-999999\"}", 400);
  g_assert_nonnull (strstr (civic_test_last_body (), "There is no case 311-2026-999999"));
}

/* Post → case: one case, linked both ways, and the post is answered with
 * the tracking number; the same post cannot become a second case. */
static void
test_case_from_post (Fixture *f, gconstpointer data)
{
  gint64 post = feed_post (f, f->ann, "{\"body\": \"@ElginCity streetlight out at 4th and Pine\"}");
  g_autofree char *create = g_strdup_printf ("{\"service_code\": \"POT\", \"channel\": \"social\","
                                             " \"description\": \"streetlight out at 4th and Pine\","
                                             " \"source_post\": %" G_GINT64_FORMAT "}", post);
  g_autoptr(JsonNode) made = civic_test_call (f->server, "POST", "/api/v1/cases", f->maria, create, 201);
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) thread = NULL;
  JsonObject *kase = json_object_get_object_member (json_node_get_object (made), "case");
  const char *request_id = json_object_get_string_member (kase, "service_request_id");
  g_autofree char *sql = NULL;
  JsonObject *t;
  JsonObject *reply;

  g_assert_cmpstr (json_object_get_string_member (kase, "channel"), ==, "social");
  t = feed_get_post (f, f->ann, post, &thread);
  g_assert_cmpstr (json_object_get_string_member (t, "case"), ==, request_id);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (t, "replies")), ==, 1);
  reply = json_array_get_object_element (json_object_get_array_member (t, "replies"), 0);
  g_assert_cmpstr (json_object_get_string_member (reply, "author"), ==, "maria");
  g_assert_nonnull (strstr (json_object_get_string_member (reply, "body"), request_id));
  sql = g_strdup_printf ("SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id"
                         " WHERE c.request_id = '%s' AND e.kind = 'linked_post' AND e.new_value = '%" G_GINT64_FORMAT "'",
                         request_id, post);
  g_assert_cmpint (civic_test_sql_int (f->db, sql), ==, 1);
  /* ann hears that her post was answered */
  {
    g_autofree char *kinds = feed_notification_kinds (f, f->ann);

    g_assert_nonnull (strstr (kinds, "reply"));
  }

  again = civic_test_call (f->server, "POST", "/api/v1/cases", f->maria, create, 409);
  g_assert_nonnull (strstr (civic_test_last_body (), "already case"));
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM cases WHERE channel = 'social'"), ==, 1);
}

static void
test_replies (Fixture *f, gconstpointer data)
{
  gint64 top = feed_post (f, f->maria, "{\"body\": \"Who has the snow plough schedule?\"}");
  g_autofree char *reply_json = g_strdup_printf ("{\"body\": \"I do\", \"parent_id\": %" G_GINT64_FORMAT "}", top);
  gint64 reply = feed_post (f, f->tom, reply_json);
  g_autofree char *nested_json = g_strdup_printf ("{\"body\": \"Send it to me too\", \"parent_id\": %" G_GINT64_FORMAT "}", reply);
  g_autoptr(JsonNode) nested = civic_test_call (f->server, "POST", "/api/v1/posts", f->rita, nested_json, 201);
  g_autoptr(JsonNode) thread = NULL;
  g_autoptr(JsonNode) feed = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autofree char *kinds = NULL;
  g_autofree char *ids = NULL;
  JsonObject *t;

  /* a reply to a reply joins the top-level thread */
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (nested), "parent_id"), ==, top);
  t = feed_get_post (f, f->ann, top, &thread);
  g_assert_cmpint (json_object_get_int_member (t, "reply_count"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (t, "replies")), ==, 2);

  kinds = feed_notification_kinds (f, f->maria);
  g_assert_cmpstr (kinds, ==, "reply,reply");
  g_free (kinds);
  kinds = feed_notification_kinds (f, f->tom);
  g_assert_cmpstr (kinds, ==, "reply");

  /* the feed shows threads, not replies */
  feed = civic_test_call (f->server, "GET", "/api/v1/posts", f->ann, NULL, 200);
  ids = feed_post_ids (feed);
  g_assert_cmpint (g_ascii_strtoll (ids, NULL, 10), ==, top);
  g_assert_null (strchr (ids, ','));

  missing = civic_test_call (f->server, "POST", "/api/v1/posts", f->tom, "{\"body\": \"hi\", \"parent_id\": 9999}", 400);
  g_assert_nonnull (strstr (civic_test_last_body (), "no post 9999"));
  g_clear_pointer (&missing, json_node_unref);
  civic_test_expect (f->server, "POST", "/api/v1/posts", f->tom, "{\"body\": \"hi\", \"parent_id\": \"1\"}", 400);
}

static void
test_likes (Fixture *f, gconstpointer data)
{
  gint64 id = feed_post (f, f->tom, "{\"body\": \"Bridge reopened\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/posts/%" G_GINT64_FORMAT "/like", id);
  g_autofree char *like_id = g_strdup_printf ("SELECT COUNT(*) FROM tombstones WHERE entity = 'like' AND entity_id = '%" G_GINT64_FORMAT ":maria'", id);
  g_autoptr(JsonNode) thread = NULL;
  JsonObject *p;

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) n = civic_test_call (f->server, "PUT", path, f->maria, NULL, 200);

      g_assert_cmpint (json_object_get_int_member (json_node_get_object (n), "like_count"), ==, 1);
      g_assert_true (json_object_get_boolean_member (json_node_get_object (n), "liked_by_me"));
    }
  p = feed_get_post (f, f->ann, id, &thread);
  g_assert_cmpint (json_object_get_int_member (p, "like_count"), ==, 1);
  g_assert_false (json_object_get_boolean_member (p, "liked_by_me"));
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM likes WHERE seq > 0"), ==, 1);

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) n = civic_test_call (f->server, "DELETE", path, f->maria, NULL, 200);

      g_assert_cmpint (json_object_get_int_member (json_node_get_object (n), "like_count"), ==, 0);
    }
  g_assert_cmpint (civic_test_sql_int (f->db, like_id), ==, 1);
  {
    /* liking again takes the tombstone back */
    g_autoptr(JsonNode) n = civic_test_call (f->server, "PUT", path, f->maria, NULL, 200);
    g_autoptr(JsonNode) gone = civic_test_call (f->server, "PUT", "/api/v1/posts/9999/like", f->maria, NULL, 404);
  }
  g_assert_cmpint (civic_test_sql_int (f->db, like_id), ==, 0);
}

static void
test_edit (Fixture *f, gconstpointer data)
{
  gint64 id = feed_post (f, f->tom, "{\"body\": \"Closing #Potholes on Elm, @maria\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/posts/%" G_GINT64_FORMAT, id);
  g_autoptr(JsonNode) edited = NULL;
  g_autoptr(JsonNode) forbidden = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *kinds = NULL;
  JsonObject *p;

  edited = civic_test_call (f->server, "PATCH", path, f->tom, "{\"body\": \"Closing #Flooding on Elm, @maria and @ann\"}", 200);
  p = json_node_get_object (edited);
  tags = feed_strings (json_object_get_array_member (p, "tags"));
  g_assert_cmpstr (tags, ==, "Flooding");
  g_assert_false (json_object_get_null_member (p, "edited"));
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM post_tags WHERE tag_key = 'potholes'"), ==, 0);
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM post_tags WHERE tag_key = 'flooding'"), ==, 1);
  /* ann is new; maria was already told */
  kinds = feed_notification_kinds (f, f->ann);
  g_assert_cmpstr (kinds, ==, "mention");
  g_free (kinds);
  kinds = feed_notification_kinds (f, f->maria);
  g_assert_cmpstr (kinds, ==, "mention");

  forbidden = civic_test_call (f->server, "PATCH", path, f->boss, "{\"body\": \"mine now\"}", 403);
  g_assert_nonnull (strstr (civic_test_last_body (), "Only tom"));
  g_clear_pointer (&forbidden, json_node_unref);
  civic_test_expect (f->server, "PATCH", "/api/v1/posts/9999", f->tom, "{\"body\": \"x\"}", 404);
}

static void
test_delete (Fixture *f, gconstpointer data)
{
  gint64 mine = feed_post (f, f->tom, "{\"body\": \"typo #oops\"}");
  gint64 hers = feed_post (f, f->maria, "{\"body\": \"advocates' post\"}");
  g_autofree char *reply_json = g_strdup_printf ("{\"body\": \"a reply\", \"parent_id\": %" G_GINT64_FORMAT "}", hers);
  gint64 reply = feed_post (f, f->tom, reply_json);
  g_autofree char *mine_path = g_strdup_printf ("/api/v1/posts/%" G_GINT64_FORMAT, mine);
  g_autofree char *hers_path = g_strdup_printf ("/api/v1/posts/%" G_GINT64_FORMAT, hers);
  g_autofree char *reply_path = g_strdup_printf ("/api/v1/posts/%" G_GINT64_FORMAT, reply);
  g_autofree char *like_path = g_strdup_printf ("/api/v1/posts/%" G_GINT64_FORMAT "/like", mine);
  g_autoptr(JsonNode) n = NULL;
  g_autoptr(JsonNode) thread = NULL;

  civic_test_expect (f->server, "PUT", like_path, f->rita, NULL, 200);
  civic_test_expect (f->server, "DELETE", mine_path, f->maria, NULL, 403);
  civic_test_expect (f->server, "DELETE", mine_path, f->tom, NULL, 200);
  n = civic_test_call (f->server, "GET", mine_path, f->tom, NULL, 404);
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM tombstones WHERE entity = 'post'"), ==, 1);
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM likes"), ==, 0);
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM post_tags"), ==, 0);

  /* deleting a reply takes it off the thread's count */
  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "DELETE", reply_path, f->tom, NULL, 200);
  g_assert_cmpint (json_object_get_int_member (feed_get_post (f, f->tom, hers, &thread), "reply_count"), ==, 0);

  /* a manager may delete anyone's */
  g_clear_pointer (&n, json_node_unref);
  civic_test_expect (f->server, "DELETE", hers_path, f->boss, NULL, 200);
  civic_test_expect (f->server, "DELETE", hers_path, f->boss, NULL, 404);
}

static void
test_pins (Fixture *f, gconstpointer data)
{
  gint64 id = feed_post (f, f->boss, "{\"body\": \"Office closed Monday\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/posts/%" G_GINT64_FORMAT "/pin", id);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GDateTime) soon = g_date_time_new_from_unix_utc (now + 2 * 86400);
  g_autoptr(GDateTime) past = g_date_time_new_from_unix_utc (now - 60);
  g_autoptr(GDateTime) far = g_date_time_new_from_unix_utc (now + 31 * 86400);
  g_autofree char *soon_json = g_strdup_printf ("{\"until\": \"%s\"}", g_date_time_format_iso8601 (soon));
  g_autofree char *past_json = g_strdup_printf ("{\"until\": \"%s\"}", g_date_time_format_iso8601 (past));
  g_autofree char *far_json = g_strdup_printf ("{\"until\": \"%s\"}", g_date_time_format_iso8601 (far));
  g_autoptr(JsonNode) n = NULL;
  g_autofree char *ids = NULL;

  n = civic_test_call (f->server, "POST", path, f->maria, soon_json, 403);
  g_assert_nonnull (strstr (civic_test_last_body (), "manager"));
  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "POST", path, f->boss, past_json, 400);
  g_assert_nonnull (strstr (civic_test_last_body (), "future"));
  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "POST", path, f->boss, far_json, 400);
  g_assert_nonnull (strstr (civic_test_last_body (), "30 days"));
  g_clear_pointer (&n, json_node_unref);
  civic_test_expect (f->server, "POST", path, f->boss, "{\"until\": \"next tuesday\"}", 400);
  n = civic_test_call (f->server, "GET", "/api/v1/announcements", f->ann, NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (n), "posts")), ==, 0);

  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "POST", path, f->boss, soon_json, 200);
  g_assert_false (json_object_get_null_member (json_node_get_object (n), "pinned_until"));
  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "GET", "/api/v1/announcements", f->ann, NULL, 200);
  ids = feed_post_ids (n);
  g_assert_cmpint (g_ascii_strtoll (ids, NULL, 10), ==, id);

  /* an expired pin is no longer an announcement */
  g_free (civic_test_sql (f->db, "UPDATE posts SET pinned_until = 1 WHERE pinned_until IS NOT NULL"));
  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "GET", "/api/v1/announcements", f->ann, NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (n), "posts")), ==, 0);

  g_clear_pointer (&n, json_node_unref);
  civic_test_expect (f->server, "DELETE", path, f->tom, NULL, 403);
  n = civic_test_call (f->server, "DELETE", path, f->boss, NULL, 200);
  g_assert_true (json_object_get_null_member (json_node_get_object (n), "pinned_until"));
}

static void
test_hostile (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autofree char *too_long = NULL;
  g_autofree char *wide = NULL;
  g_autofree char *sql_body = feed_body ("'); DROP TABLE posts; -- \" OR 1=1 #tag'x");
  g_autoptr(JsonNode) n = NULL;
  guint status = 0;
  int i;

  for (i = 0; i < 2001; i++)
    g_string_append_c (long_text, 'a');
  too_long = feed_body (long_text->str);
  n = civic_test_call (f->server, "POST", "/api/v1/posts", f->tom, too_long, 400);
  g_assert_nonnull (strstr (civic_test_last_body (), "2000"));

  /* 2,000 characters of two bytes each are fine: characters, not bytes */
  g_string_truncate (long_text, 0);
  for (i = 0; i < 2000; i++)
    g_string_append (long_text, "é");
  wide = feed_body (long_text->str);
  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "POST", "/api/v1/posts", f->tom, wide, 201);

  g_clear_pointer (&n, json_node_unref);
  n = civic_test_request (f->server, "POST", "/api/v1/posts", f->tom, "{\"body\": \"bad \xff\xfe bytes\"}",
                          NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 400);

  g_clear_pointer (&n, json_node_unref);
  n = civic_test_call (f->server, "POST", "/api/v1/posts", f->tom, sql_body, 201);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (n), "body"), ==,
                   "'); DROP TABLE posts; -- \" OR 1=1 #tag'x");
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM posts"), ==, 2);

  g_clear_pointer (&n, json_node_unref);
  civic_test_expect (f->server, "POST", "/api/v1/posts", f->tom, "{\"body\": \"   \\n \"}", 400);
  civic_test_expect (f->server, "POST", "/api/v1/posts", f->tom, "{\"body\": 42}", 400);
  civic_test_expect (f->server, "POST", "/api/v1/posts", f->tom, "{\"body\": \"trunc", 400);
  civic_test_expect (f->server, "POST", "/api/v1/posts", NULL, "{\"body\": \"who am I\"}", 401);
  civic_test_expect (f->server, "GET", "/api/v1/posts/abc", f->tom, NULL, 404);
  civic_test_expect (f->server, "GET", "/api/v1/posts/99999999999999999999999", f->tom, NULL, 404);
  civic_test_expect (f->server, "GET", "/health", NULL, NULL, 200);
}

static void
test_idempotent_post (Fixture *f, gconstpointer data)
{
  guint status = 0;
  g_autoptr(JsonNode) a = civic_test_request (f->server, "POST", "/api/v1/posts", f->tom, "{\"body\": \"once #only\"}",
                                              NULL, &status, "Idempotency-Key", "3f0e6a0c-feed-4000-8000-000000000001", NULL);
  g_autoptr(JsonNode) b = NULL;

  g_assert_cmpuint (status, ==, 201);
  b = civic_test_request (f->server, "POST", "/api/v1/posts", f->tom, "{\"body\": \"once #only\"}",
                          NULL, &status, "Idempotency-Key", "3f0e6a0c-feed-4000-8000-000000000001", NULL);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (a), "id"), ==,
                   json_object_get_int_member (json_node_get_object (b), "id"));
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM posts"), ==, 1);
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM audit WHERE entity = 'post'"), ==, 1);
  g_assert_cmpint (civic_test_sql_int (f->db, "SELECT COUNT(*) FROM posts WHERE seq = 0"), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add ("/server/feed/posts/" name, Fixture, NULL, feed_setup, func, feed_teardown)
  ADD ("links", test_post_links);
  ADD ("explicit-case", test_explicit_case);
  ADD ("case-from-post", test_case_from_post);
  ADD ("replies", test_replies);
  ADD ("likes", test_likes);
  ADD ("edit", test_edit);
  ADD ("delete", test_delete);
  ADD ("pins", test_pins);
  ADD ("hostile", test_hostile);
  ADD ("idempotent", test_idempotent_post);
#undef ADD
  return g_test_run ();
}
