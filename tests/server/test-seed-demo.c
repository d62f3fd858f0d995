/* test-seed-demo.c: `seed-demo` makes a city a 311 team would recognise,
 * and the real server serves it: every role can sign in, ~60 services
 * with attribute definitions of every datatype, ≥ 20,000 cases over 90
 * days in every state and channel, a feed with tags, mentions, case
 * references, replies and a pinned announcement.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-test-util.h"

static char *dir;
static char *db;
static CivicTestServer *server;

static void
run_seed (const char *path,
          int        *exit_status,
          char      **out,
          char      **err)
{
  *exit_status = civic_test_run_cli (out, err, "seed-demo", "--db", path,
                                     "--cases", "20000", "--data", g_getenv ("CIVIC_FIXTURES"), NULL);
}

static JsonObject *
get_object (const char *path,
            const char *token,
            JsonNode  **keep)
{
  *keep = civic_test_call (server, "GET", path, token, NULL, 200);
  return json_node_get_object (*keep);
}

static void
test_every_role_signs_in (void)
{
  static const char *users[] = { "admin", "manager", "advocate", "staff" };

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *token = civic_test_login (server, users[i], "civicdesk-demo");
      g_autoptr(JsonNode) keep = NULL;
      JsonObject *me = get_object ("/api/v1/session", token, &keep);

      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (me, "user"), "role"),
                       ==, users[i]);
    }
}

static void
test_services_and_attributes (void)
{
  guint status = 0;
  g_autoptr(JsonNode) list = civic_test_request (server, "GET", "/open311/v2/services.json", NULL, NULL, NULL,
                                                 &status, NULL);
  g_autoptr(GHashTable) datatypes = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *services;
  guint with_metadata = 0;

  g_assert_cmpuint (status, ==, 200);
  services = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (services), >=, 55);
  g_assert_cmpuint (json_array_get_length (services), <=, 70);

  for (guint i = 0; i < json_array_get_length (services); i++)
    {
      JsonObject *s = json_array_get_object_element (services, i);
      g_autofree char *path = NULL;
      g_autoptr(JsonNode) def = NULL;
      JsonArray *attrs;

      if (!json_object_get_boolean_member (s, "metadata"))
        continue;
      with_metadata++;
      path = g_strdup_printf ("/open311/v2/services/%s.json", json_object_get_string_member (s, "service_code"));
      def = civic_test_request (server, "GET", path, NULL, NULL, NULL, &status, NULL);
      g_assert_cmpuint (status, ==, 200);
      attrs = json_object_get_array_member (json_node_get_object (def), "attributes");
      g_assert_cmpuint (json_array_get_length (attrs), >, 0);
      for (guint j = 0; j < json_array_get_length (attrs); j++)
        g_hash_table_add (datatypes, (gpointer) g_intern_string (
          json_object_get_string_member (json_array_get_object_element (attrs, j), "datatype")));
    }
  g_assert_cmpuint (with_metadata, >=, 30);
  for (const char *const *t = (const char *const[]) { "string", "number", "datetime", "text",
                                                      "singlevaluelist", "multivaluelist", NULL }; *t; t++)
    g_assert_true (g_hash_table_contains (datatypes, *t));
}

static void
test_cases_mix (void)
{
  g_autofree char *token = civic_test_login (server, "manager", "civicdesk-demo");
  static const char *states[] = { "new", "acknowledged", "in_progress", "waiting", "closed" };
  static const char *channels[] = { "phone", "web", "mobile", "social", "field", "internal" };
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) overdue = NULL;
  gint64 total;

  total = json_object_get_int_member (get_object ("/api/v1/cases?limit=1", token, &all), "total");
  g_assert_cmpint (total, ==, 20000);
  g_assert_cmpint (json_object_get_int_member (get_object ("/api/v1/cases?limit=1&overdue=true", token, &overdue),
                                               "total"), >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/cases?limit=1&state=%s", states[i]);
      g_autoptr(JsonNode) keep = NULL;

      g_assert_cmpint (json_object_get_int_member (get_object (path, token, &keep), "total"), >, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/cases?limit=1&channel=%s", channels[i]);
      g_autoptr(JsonNode) keep = NULL;

      g_assert_cmpint (json_object_get_int_member (get_object (path, token, &keep), "total"), >, 100);
    }
  {
    /* the oldest case is about 90 days old, the newest from today */
    g_autoptr(JsonNode) oldest = NULL;
    g_autoptr(JsonNode) newest = NULL;
    JsonObject *o = json_array_get_object_element (
      json_object_get_array_member (get_object ("/api/v1/cases?limit=1&sort=requested", token, &oldest), "cases"), 0);
    JsonObject *n = json_array_get_object_element (
      json_object_get_array_member (get_object ("/api/v1/cases?limit=1&sort=-requested", token, &newest), "cases"), 0);
    g_autoptr(GDateTime) t_old = g_date_time_new_from_iso8601 (json_object_get_string_member (o, "requested_datetime"), NULL);
    g_autoptr(GDateTime) t_new = g_date_time_new_from_iso8601 (json_object_get_string_member (n, "requested_datetime"), NULL);
    GTimeSpan span = g_date_time_difference (t_new, t_old);

    g_assert_cmpint (span / G_TIME_SPAN_DAY, >=, 85);
    g_assert_cmpint (span / G_TIME_SPAN_DAY, <=, 91);
  }
}

static void
test_feed (void)
{
  g_autofree char *token = civic_test_login (server, "advocate", "civicdesk-demo");
  g_autoptr(JsonNode) posts_node = NULL;
  g_autoptr(JsonNode) trending_node = NULL;
  g_autoptr(JsonNode) pinned_node = NULL;
  JsonArray *posts;
  JsonArray *trending;
  guint with_tags = 0, with_mentions = 0, with_cases = 0, with_replies = 0;

  posts = json_object_get_array_member (get_object ("/api/v1/posts?limit=200", token, &posts_node), "posts");
  g_assert_cmpuint (json_array_get_length (posts), ==, 200);
  for (guint i = 0; i < json_array_get_length (posts); i++)
    {
      JsonObject *p = json_array_get_object_element (posts, i);

      with_tags += json_array_get_length (json_object_get_array_member (p, "tags")) > 0;
      with_mentions += json_array_get_length (json_object_get_array_member (p, "mentions")) > 0;
      with_cases += json_array_get_length (json_object_get_array_member (p, "case_refs")) > 0;
      with_replies += json_object_get_int_member (p, "reply_count") > 0;
    }
  g_assert_cmpuint (with_tags, >, 100);
  g_assert_cmpuint (with_mentions, >, 20);
  g_assert_cmpuint (with_cases, >, 100);
  g_assert_cmpuint (with_replies, >, 20);

  trending = json_object_get_array_member (get_object ("/api/v1/tags/trending?window=24h", token, &trending_node),
                                           "tags");
  g_assert_cmpuint (json_array_get_length (trending), >, 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (trending, 0), "display"),
                   ==, "watermain");

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      get_object ("/api/v1/announcements", token, &pinned_node), "posts")), ==, 1);
}

static void
test_refuses_a_used_database (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  run_seed (db, &status, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "already holds cases; seed a new file instead"));
}

int
main (int argc, char **argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  int rc;

  g_test_init (&argc, &argv, NULL);
  dir = civic_test_mkdtemp ();
  db = g_build_filename (dir, "city.db", NULL);
  run_seed (db, &status, &out, &err);
  if (status != 0)
    g_error ("seed-demo failed: %s", err);
  g_assert_nonnull (strstr (out, "seeded"));
  server = civic_test_server_start (db, NULL);

  g_test_add_func ("/server/seed-demo/every-role-signs-in", test_every_role_signs_in);
  g_test_add_func ("/server/seed-demo/services-and-attributes", test_services_and_attributes);
  g_test_add_func ("/server/seed-demo/cases-mix", test_cases_mix);
  g_test_add_func ("/server/seed-demo/feed", test_feed);
  g_test_add_func ("/server/seed-demo/refuses-a-used-database", test_refuses_a_used_database);
  rc = g_test_run ();

  civic_test_server_stop (server);
  civic_test_rm_rf (dir);
  g_free (db);
  g_free (dir);
  return rc;
}
