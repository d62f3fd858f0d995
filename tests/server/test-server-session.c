/* test-server-session.c: staff sign in and out against the real server;
 * wrong passwords are refused and then throttled; users come from the
 * real `user add` command.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-test-util.h"

typedef struct
{
  char            *dir;
  char            *db;
  CivicTestServer *server;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = civic_test_mkdtemp ();
  f->db = g_build_filename (f->dir, "server.db", NULL);
  civic_test_add_user (f->db, "maria", "advocate", "311", "correct horse");
  f->server = civic_test_server_start (f->db, NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  civic_test_server_stop (f->server);
  civic_test_rm_rf (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

static void
test_login_logout (Fixture *f, gconstpointer data)
{
  g_autofree char *token = civic_test_login (f->server, "maria", "correct horse");
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(JsonNode) after = NULL;
  JsonObject *user;
  guint status = 0;

  me = civic_test_request (f->server, "GET", "/api/v1/session", token, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  user = json_object_get_object_member (json_node_get_object (me), "user");
  g_assert_cmpstr (json_object_get_string_member (user, "username"), ==, "maria");
  g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "advocate");
  g_assert_cmpstr (json_object_get_string_member (user, "department"), ==, "311");

  out = civic_test_request (f->server, "DELETE", "/api/v1/session", token, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  after = civic_test_request (f->server, "GET", "/api/v1/session", token, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  g_assert_nonnull (strstr (civic_test_last_body (), "sign in again"));
}

static void
test_no_token (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = civic_test_request (f->server, "GET", "/api/v1/session", NULL, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  g_assert_nonnull (strstr (civic_test_last_body (), "Sign in first"));
  g_clear_pointer (&reply, json_node_unref);
  reply = civic_test_request (f->server, "GET", "/api/v1/session", "forged-token", NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
}

static void
test_wrong_password_then_throttled (Fixture *f, gconstpointer data)
{
  guint status = 0;
  int i;

  for (i = 0; i < 5; i++)
    {
      g_autoptr(JsonNode) reply = civic_test_request (f->server, "POST", "/api/v1/session", NULL,
                                                      "{\"username\": \"maria\", \"password\": \"nope nope\"}",
                                                      NULL, &status, NULL);
      g_assert_cmpuint (status, ==, 401);
      g_assert_nonnull (strstr (civic_test_last_body (), "Wrong username or password"));
    }
  {
    /* even the right password waits now */
    g_autoptr(JsonNode) reply = civic_test_request (f->server, "POST", "/api/v1/session", NULL,
                                                    "{\"username\": \"maria\", \"password\": \"correct horse\"}",
                                                    NULL, &status, NULL);
    g_assert_cmpuint (status, ==, 429);
    g_assert_nonnull (strstr (civic_test_last_body (), "Too many failed sign-ins"));
  }
}

static void
test_unknown_user_and_bad_body (Fixture *f, gconstpointer data)
{
  guint status = 0;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(JsonNode) c = NULL;

  a = civic_test_request (f->server, "POST", "/api/v1/session", NULL,
                          "{\"username\": \"nobody\", \"password\": \"whatever1\"}",
                          NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  b = civic_test_request (f->server, "POST", "/api/v1/session", NULL,
                          "{\"username\": \"maria\", \"pass", NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (civic_test_last_body (), "not valid JSON"));
  c = civic_test_request (f->server, "POST", "/api/v1/session", NULL,
                          "[1, 2]", NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 400);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server/session/login-logout", Fixture, NULL, fixture_setup, test_login_logout, fixture_teardown);
  g_test_add ("/server/session/no-token", Fixture, NULL, fixture_setup, test_no_token, fixture_teardown);
  g_test_add ("/server/session/throttled", Fixture, NULL, fixture_setup, test_wrong_password_then_throttled, fixture_teardown);
  g_test_add ("/server/session/unknown-and-bad-body", Fixture, NULL, fixture_setup, test_unknown_user_and_bad_body, fixture_teardown);
  return g_test_run ();
}
