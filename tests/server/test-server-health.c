/* test-server-health.c: the real server binary starts, reports its port,
 * answers /health and rejects what it does not serve.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "civic-test-util.h"

static GBytes *
http_get (SoupSession *session,
          const char  *url,
          const char  *method,
          guint       *status)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  GBytes *body = soup_session_send_and_read (session, msg, NULL, &error);

  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return body;
}

static void
test_health (void)
{
  g_autofree char *dir = civic_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  CivicTestServer *server = civic_test_server_start (db, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (server->base_url, "health", NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *obj;
  guint status = 0;

  body = http_get (session, url, "GET", &status);
  g_assert_cmpuint (status, ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                              g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (obj, "status"), ==, "ok");

  civic_test_server_stop (server);
  civic_test_rm_rf (dir);
}

static void
test_unknown_path_and_method (void)
{
  g_autofree char *dir = civic_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  CivicTestServer *server = civic_test_server_start (db, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *missing = g_strconcat (server->base_url, "no/such/thing", NULL);
  g_autofree char *health = g_strconcat (server->base_url, "health", NULL);
  g_autoptr(GBytes) b1 = NULL;
  g_autoptr(GBytes) b2 = NULL;
  g_autoptr(GBytes) b3 = NULL;
  guint status = 0;

  b1 = http_get (session, missing, "GET", &status);
  g_assert_cmpuint (status, ==, 404);
  b2 = http_get (session, health, "DELETE", &status);
  g_assert_cmpuint (status, ==, 405);
  /* still serving after the bad requests */
  b3 = http_get (session, health, "GET", &status);
  g_assert_cmpuint (status, ==, 200);

  civic_test_server_stop (server);
  civic_test_rm_rf (dir);
}

static void
test_bad_options (void)
{
  const char *bin = g_getenv ("CIVIC_SERVER_BIN");
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err_text = NULL;

  p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                        bin, "--port", "70000", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, NULL, NULL, NULL, &err_text, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (p), ==, 2);
  g_assert_nonnull (strstr (err_text, "--port must be between 0 and 65535"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/health", test_health);
  g_test_add_func ("/server/unknown-path-and-method", test_unknown_path_and_method);
  g_test_add_func ("/server/bad-options", test_bad_options);
  return g_test_run ();
}
