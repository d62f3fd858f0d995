/* test-api-cases-directory.c: services, departments, users and saved
 * views against the real server — what the queue's pickers and the admin
 * screens rely on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-api-cases-util.h"

static void
expect_400 (City       *c,
            const char *token,
            const char *path,
            const char *body,
            const char *words)
{
  guint status = 0;
  g_autoptr(JsonNode) r = city_call (c, token, "POST", path, body, &status);

  if (status != 400 || strstr (civic_test_last_body (), words) == NULL)
    g_error ("POST %s %s gave %u %s, expected 400 with “%s”", path, body, status, civic_test_last_body (), words);
}

static void
test_services (City *c, gconstpointer data)
{
  guint status = 0;
  g_autoptr(JsonNode) list = city_call (c, c->sam, "GET", "/api/v1/services", NULL, &status);
  g_autoptr(JsonNode) one = NULL;
  g_autoptr(JsonNode) none = NULL;
  JsonArray *services;
  JsonObject *s;

  g_assert_cmpuint (status, ==, 200);
  services = json_object_get_array_member (json_node_get_object (list), "services");
  g_assert_cmpuint (json_array_get_length (services), ==, 3);
  /* by group, then name */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (services, 0), "service_code"), ==, "graffiti");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (services, 1), "service_code"), ==, "pothole");

  one = city_call (c, c->sam, "GET", "/api/v1/services/pothole", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  s = city_member (one, "service");
  g_assert_cmpstr (json_object_get_string_member (s, "service_name"), ==, "Pothole");
  g_assert_cmpstr (json_object_get_string_member (s, "department"), ==, "roads");
  g_assert_cmpstr (json_object_get_string_member (s, "group"), ==, "Streets");
  g_assert_cmpint (json_object_get_int_member (s, "sla_hours"), ==, 48);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (s, "attributes")));

  none = city_call (c, c->sam, "GET", "/api/v1/services/unicorn", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_nonnull (strstr (civic_test_last_body (), "There is no service “unicorn”"));
}

static void
test_departments (City *c, gconstpointer data)
{
  guint status = 0;
  g_autoptr(JsonNode) created = city_call (c, c->ada, "POST", "/api/v1/departments",
                                           "{\"id\": \"water\", \"name\": \"Water and Sewers\"}", &status);
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonArray *departments;
  g_autoptr(GString) names = g_string_new (NULL);

  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (city_member (created, "department"), "name"), ==, "Water and Sewers");
  again = city_call (c, c->ada, "POST", "/api/v1/departments", "{\"id\": \"water\", \"name\": \"Water\"}", &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_nonnull (strstr (civic_test_last_body (), "already a department “water”"));
  expect_400 (c, c->ada, "/api/v1/departments", "{\"id\": \"two words\"}", "letters, digits");
  expect_400 (c, c->ada, "/api/v1/departments", "{\"name\": \"No id\"}", "needs an “id”");

  list = city_call (c, c->sam, "GET", "/api/v1/departments", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  departments = json_object_get_array_member (json_node_get_object (list), "departments");
  for (guint i = 0; i < json_array_get_length (departments); i++)
    g_string_append_printf (names, "%s;", json_object_get_string_member (json_array_get_object_element (departments, i), "id"));
  g_assert_cmpstr (names->str, ==, "311;parks;roads;water;");

  /* a new department can own cases at once */
  {
    g_autofree char *id = city_create (c, c->avi, "{\"service_code\": \"pothole\", \"department\": \"water\"}");
    g_autofree char *ids = NULL;
    g_autoptr(JsonNode) q = city_call (c, c->sam, "GET", "/api/v1/cases?department=water", NULL, &status);

    ids = city_ids (q);
    g_assert_cmpstr (ids, ==, id);
  }
}

static void
test_users (City *c, gconstpointer data)
{
  guint status = 0;
  g_autoptr(JsonNode) list = city_call (c, c->pia, "GET", "/api/v1/users", NULL, &status);
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *token = NULL;
  JsonArray *users;
  JsonObject *u;

  g_assert_cmpuint (status, ==, 200);
  g_assert_null (strstr (civic_test_last_body (), "password"));
  g_assert_null (strstr (civic_test_last_body (), "$argon2"));
  users = json_object_get_array_member (json_node_get_object (list), "users");
  g_assert_cmpuint (json_array_get_length (users), ==, 5);
  u = json_array_get_object_element (users, 0);
  g_assert_cmpstr (json_object_get_string_member (u, "username"), ==, "ada");
  g_assert_cmpstr (json_object_get_string_member (u, "role"), ==, "admin");

  created = city_call (c, c->ada, "POST", "/api/v1/users",
                       "{\"username\": \"zoe\", \"display_name\": \"Zoe Park\", \"role\": \"staff\", "
                       "\"department\": \"parks\", \"password\": \"green spaces\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_null (strstr (civic_test_last_body (), "green spaces"));
  g_assert_null (strstr (civic_test_last_body (), "argon2"));
  u = city_member (created, "user");
  g_assert_cmpstr (json_object_get_string_member (u, "display_name"), ==, "Zoe Park");
  /* the new user signs in with that password, hashed with Argon2id */
  token = civic_test_login (c->server, "zoe", "green spaces");
  g_assert_nonnull (token);
  g_assert_cmpint (civic_test_sql_int (c->db, "SELECT COUNT(*) FROM users WHERE username = 'zoe' "
                                              "AND password_hash LIKE '$argon2id$%'"), ==, 1);
  g_assert_cmpint (civic_test_sql_int (c->db, "SELECT COUNT(*) FROM audit WHERE action = 'user-add' AND entity_id = 'zoe' "
                                              "AND actor = 'ada' AND after NOT LIKE '%argon%'"), ==, 1);

  again = city_call (c, c->ada, "POST", "/api/v1/users",
                     "{\"username\": \"zoe\", \"role\": \"staff\", \"password\": \"another one\"}", &status);
  g_assert_cmpuint (status, ==, 409);
  expect_400 (c, c->ada, "/api/v1/users", "{\"username\": \"x y\", \"role\": \"staff\", \"password\": \"12345678\"}",
              "username");
  expect_400 (c, c->ada, "/api/v1/users", "{\"username\": \"xy\", \"role\": \"boss\", \"password\": \"12345678\"}",
              "“role” must be");
  expect_400 (c, c->ada, "/api/v1/users", "{\"username\": \"xy\", \"role\": \"staff\", \"password\": \"short\"}",
              "at least 8");
  expect_400 (c, c->ada, "/api/v1/users",
              "{\"username\": \"xy\", \"role\": \"staff\", \"department\": \"moon\", \"password\": \"12345678\"}",
              "There is no department “moon”");
}

static void
test_views (City *c, gconstpointer data)
{
  g_autofree char *a = city_create (c, c->avi, "{\"service_code\": \"pothole\", \"priority\": \"low\"}");
  g_autofree char *b = city_create (c, c->avi, "{\"service_code\": \"streetlight\", \"priority\": \"urgent\"}");
  g_autofree char *p = city_create (c, c->avi, "{\"service_code\": \"graffiti\"}");
  g_autofree char *view_path = NULL;
  g_autofree char *cases_path = NULL;
  g_autofree char *sql = NULL;
  guint status = 0;
  JsonObject *view;

  {
    g_autoptr(JsonNode) r = civic_test_request (c->server, "POST", "/api/v1/views", c->sam,
                                                "{\"name\": \"Roads, new\", \"filter\": {\"state\": [\"new\", \"acknowledged\"], "
                                                "\"department\": \"roads\", \"overdue\": false}, \"sort\": \"-priority\"}",
                                                NULL, &status, "Idempotency-Key", "view-key-1", NULL);
    g_autoptr(JsonNode) retry = NULL;

    g_assert_cmpuint (status, ==, 201);
    view = city_member (r, "view");
    g_assert_cmpstr (json_object_get_string_member (view, "owner"), ==, "sam");
    g_assert_cmpstr (json_object_get_string_member (view, "sort"), ==, "-priority");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (view, "filter"), "state"),
                     ==, "new,acknowledged");
    view_path = g_strconcat ("/api/v1/views/", json_object_get_string_member (view, "id"), NULL);
    cases_path = g_strconcat ("/api/v1/cases?", json_object_get_string_member (view, "query"), NULL);

    /* a retried save is answered from the first and saves nothing more */
    retry = civic_test_request (c->server, "POST", "/api/v1/views", c->sam,
                                "{\"name\": \"Roads, new\", \"filter\": {\"state\": [\"new\", \"acknowledged\"], "
                                "\"department\": \"roads\", \"overdue\": false}, \"sort\": \"-priority\"}",
                                NULL, &status, "Idempotency-Key", "view-key-1", NULL);
    g_assert_cmpuint (status, ==, 201);
    g_assert_cmpint (civic_test_sql_int (c->db, "SELECT COUNT(*) FROM saved_views"), ==, 1);
  }
  /* the view's query gives the queue it describes */
  {
    g_autoptr(JsonNode) r = city_call (c, c->pia, "GET", cases_path, NULL, &status);
    g_autofree char *ids = NULL;
    g_autofree char *want = g_strdup_printf ("%s,%s", b, a);

    g_assert_cmpuint (status, ==, 200);
    ids = city_ids (r);
    g_assert_cmpstr (ids, ==, want);
    g_assert_null (strstr (ids, p));
  }
  /* everyone sees it */
  {
    g_autoptr(JsonNode) r = city_call (c, c->pia, "GET", "/api/v1/views", NULL, &status);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (r), "views")), ==, 1);
  }

  expect_400 (c, c->sam, "/api/v1/views", "{\"name\": \"Bad\", \"filter\": {\"state\": \"bogus\"}}", "is not a case state");
  expect_400 (c, c->sam, "/api/v1/views", "{\"name\": \"Bad\", \"filter\": {\"limit\": 5}}", "not limit");
  expect_400 (c, c->sam, "/api/v1/views", "{\"name\": \"Bad\", \"filter\": {\"colour\": \"red\"}}", "is not a case filter");
  expect_400 (c, c->sam, "/api/v1/views", "{\"name\": \"Bad\", \"filter\": {\"state\": {\"a\": 1}}}", "must be text");
  expect_400 (c, c->sam, "/api/v1/views", "{\"name\": \"Bad\", \"sort\": \"colour\"}", "sort= must be one of");
  expect_400 (c, c->sam, "/api/v1/views", "{\"name\": \" \", \"filter\": {}}", "needs a “name”");
  expect_400 (c, c->sam, "/api/v1/views", "{\"name\": \"x\", \"owner\": \"ada\"}", "not part of a saved view");

  /* only the owner or a manager deletes; deletion leaves a tombstone */
  {
    g_autoptr(JsonNode) r = city_call (c, c->pia, "DELETE", view_path, NULL, &status);

    g_assert_cmpuint (status, ==, 403);
    g_assert_nonnull (strstr (civic_test_last_body (), "Only sam (who saved it) or a manager"));
  }
  {
    g_autoptr(JsonNode) r = city_call (c, c->sam, "DELETE", view_path, NULL, &status);

    g_assert_cmpuint (status, ==, 200);
  }
  sql = g_strdup_printf ("SELECT COUNT(*) FROM tombstones WHERE entity = 'saved_view' AND entity_id = '%s'",
                         view_path + strlen ("/api/v1/views/"));
  g_assert_cmpint (civic_test_sql_int (c->db, sql), ==, 1);
  g_assert_cmpint (civic_test_sql_int (c->db, "SELECT COUNT(*) FROM saved_views"), ==, 0);
  {
    g_autoptr(JsonNode) r = city_call (c, c->sam, "DELETE", view_path, NULL, &status);

    g_assert_cmpuint (status, ==, 404);
  }
  {
    g_autoptr(JsonNode) r = city_call (c, c->sam, "DELETE", "/api/v1/views/abc", NULL, &status);

    g_assert_cmpuint (status, ==, 404);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server/api-directory/services", City, NULL, city_setup, test_services, city_teardown);
  g_test_add ("/server/api-directory/departments", City, NULL, city_setup, test_departments, city_teardown);
  g_test_add ("/server/api-directory/users", City, NULL, city_setup, test_users, city_teardown);
  g_test_add ("/server/api-views/save-share-delete", City, NULL, city_setup, test_views, city_teardown);
  return g_test_run ();
}
