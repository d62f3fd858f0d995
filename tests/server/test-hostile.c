/* test-hostile.c: malformed and hostile input against the real server
 *
 * Each bad request gets a clear 4xx with a message, and the server keeps
 * serving: /health is asked after every one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-test-pg.h"
#include "civic-test-util.h"
#include "test-changes-helper.h"

typedef HelperServer Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  /* one worker: nothing may hide a blocked thread behind another */
  helper_server_setup (f, "admin", FALSE, "1");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  helper_server_teardown (f);
}

static void
assert_healthy (Fixture *f)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;
  gint64 start = g_get_monotonic_time ();

  reply = civic_test_request (f->server, "GET", "/health", NULL, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (reply), "status"), ==, "ok");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

/* Sends @body to @path; expects @expected and a message containing @words. */
static void
expect_refused (Fixture    *f,
                const char *method,
                const char *path,
                const char *body,
                guint       expected,
                const char *words)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = civic_test_request (f->server, method, path, f->token, body, NULL, &status, NULL);
  if (status != expected)
    g_error ("%s %s answered %u, not %u: %s", method, path, status, expected, civic_test_last_body ());
  g_assert_nonnull (reply);
  if (words != NULL && strstr (civic_test_last_body (), words) == NULL)
    g_error ("%s %s: “%s” is not in %s", method, path, words, civic_test_last_body ());
  assert_healthy (f);
}

static GSocketConnection *
raw_connect (Fixture *f)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *conn = g_socket_client_connect_to_host (client, "127.0.0.1", f->server->port, NULL, &error);

  g_assert_no_error (error);
  return conn;
}

static void
raw_write (GSocketConnection *conn,
           const char        *text,
           gsize              len)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), text, len, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Reads the answer's head (up to a blank line or 5 s). */
static char *
raw_read_head (GSocketConnection *conn)
{
  GSocket *socket = g_socket_connection_get_socket (conn);
  GString *s = g_string_new (NULL);
  char buf[4096];

  g_socket_set_timeout (socket, 5);
  while (strstr (s->str, "\r\n\r\n") == NULL)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (socket, buf, sizeof buf, NULL, &error);

      if (n <= 0)
        break;
      g_string_append_len (s, buf, n);
    }
  return g_string_free (s, FALSE);
}

static void
test_truncated_json (Fixture *f, gconstpointer data)
{
  expect_refused (f, "POST", "/api/v1/session", "{\"username\": \"maria\", \"pass", 400, "not valid JSON");
  expect_refused (f, "POST", "/api/v1/session", "{", 400, NULL);
  expect_refused (f, "POST", "/api/v1/session", "[1, 2]", 400, "JSON object");
  expect_refused (f, "POST", "/api/v1/session", "", 400, NULL);
}

static void
test_deep_nesting (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) body = g_string_new ("{\"username\": ");
  guint i;

  for (i = 0; i < 10000; i++)
    g_string_append_c (body, '[');
  for (i = 0; i < 10000; i++)
    g_string_append_c (body, ']');
  g_string_append_c (body, '}');
  expect_refused (f, "POST", "/api/v1/session", body->str, 400, "nested deeper");
}

static void
test_invalid_utf8 (Fixture *f, gconstpointer data)
{
  expect_refused (f, "POST", "/api/v1/session", "{\"username\": \"ma\xff\xfeia\", \"password\": \"x\"}", 400, "UTF-8");
  expect_refused (f, "POST", "/api/v1/session", "{\"username\": \"\xc3\x28\", \"password\": \"x\"}", 400, "UTF-8");
}

/* Text that would break SQL built by pasting strings is just text here. */
static void
test_sql_metacharacters (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  expect_refused (f, "POST", "/api/v1/session",
                  "{\"username\": \"maria' OR '1'='1\", \"password\": \"' OR 1=1; DROP TABLE users; --\"}",
                  401, NULL);
  expect_refused (f, "GET", "/api/v1/changes?after=0;DROP%20TABLE%20cases", NULL, 400, "must be");
  expect_refused (f, "GET", "/api/v1/changes?after=1%20OR%201=1", NULL, 400, "must be");
  /* everything is still there */
  reply = civic_test_request (f->server, "GET", "/api/v1/changes", f->token, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (civic_test_last_body (), "\"maria\""));
  g_clear_pointer (&reply, json_node_unref);
  g_free (civic_test_login (f->server, "maria", "correct horse"));
}

static void
test_huge_limits (Fixture *f, gconstpointer data)
{
  expect_refused (f, "GET", "/open311/v2/requests.json?page_size=99999999", NULL, 400, NULL);
  expect_refused (f, "GET", "/open311/v2/requests.json?page=99999999999999999999", NULL, 400, NULL);
  expect_refused (f, "GET", "/api/v1/cases?page_size=99999999", NULL, 400, NULL);
  expect_refused (f, "GET", "/api/v1/changes?limit=99999999", NULL, 400, "from 1 to 5000");
  expect_refused (f, "GET", "/api/v1/changes?after=99999999999999999999999", NULL, 400, "must be");
}

/* A 10 MB body is refused from its headers: the server answers 413 before
 * the body is sent, and closes. */
/* Coordinates off the globe are refused by both ways in. */
static void
test_bad_coordinates (Fixture *f, gconstpointer data)
{
  expect_refused (f, "POST", "/api/v1/cases",
                  "{\"service_code\": \"pothole\", \"lat\": 200, \"long\": -74}", 400, "lat");
  expect_refused (f, "POST", "/api/v1/cases",
                  "{\"service_code\": \"pothole\", \"lat\": 40.7, \"long\": -740}", 400, "long");
  {
    g_autofree char *db_uri = civic_test_db_uri (f->db);
    const char *argv[] = { g_getenv ("CIVIC_SERVER_BIN"), "api-key", "add", "--db", db_uri, "--name", "hostile", NULL };
    g_autofree char *key = NULL;
    g_autofree char *form = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) reply = NULL;
    guint status = 0;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &key, NULL, NULL, &error);
    g_assert_no_error (error);
    g_strstrip (key);
    form = g_strdup_printf ("api_key=%s&service_code=pothole&lat=200&long=0", key);
    reply = civic_test_request (f->server, "POST", "/open311/v2/requests.json", NULL, form,
                                "application/x-www-form-urlencoded", &status, NULL);
    g_assert_cmpuint (status, ==, 400);
    g_assert_nonnull (strstr (civic_test_last_body (), "lat"));
    assert_healthy (f);
  }
}

static void
test_huge_body (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocketConnection) conn = raw_connect (f);
  const char *head = "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Type: application/json\r\nContent-Length: 10485760\r\n\r\n";
  g_autofree char *answer = NULL;

  raw_write (conn, head, strlen (head));
  raw_write (conn, "{\"username\": \"", 14);
  answer = raw_read_head (conn);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 413"));
  assert_healthy (f);

  /* the WebSocket address has its own handler: refused there too */
  {
    g_autoptr(GSocketConnection) live = raw_connect (f);
    const char *live_head = "POST /api/v1/live HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10485760\r\n\r\n{";
    g_autofree char *live_answer = NULL;

    raw_write (live, live_head, strlen (live_head));
    live_answer = raw_read_head (live);
    g_assert_true (g_str_has_prefix (live_answer, "HTTP/1.1 405"));
    assert_healthy (f);
  }

  /* a chunked body is counted as it comes, and refused past the limit */
  {
    g_autoptr(GSocketConnection) chunked = raw_connect (f);
    const char *chunked_head = "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    g_autofree char *chunk = g_strnfill (64 * 1024, 'a');
    g_autofree char *size_line = g_strdup_printf ("%x\r\n", 64 * 1024);
    g_autofree char *chunked_answer = NULL;
    g_autoptr(GError) error = NULL;
    guint i;

    raw_write (chunked, chunked_head, strlen (chunked_head));
    for (i = 0; i < 20 && error == NULL; i++)
      {
        GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (chunked));

        /* the server may hang up mid-way: that ends the loop */
        if (g_output_stream_write_all (out, size_line, strlen (size_line), NULL, NULL, &error))
          g_output_stream_write_all (out, chunk, 64 * 1024, NULL, NULL, &error);
        if (error == NULL)
          g_output_stream_write_all (out, "\r\n", 2, NULL, NULL, &error);
      }
    chunked_answer = raw_read_head (chunked);
    g_assert_true (g_str_has_prefix (chunked_answer, "HTTP/1.1 413"));
    assert_healthy (f);
  }

  /* through an ordinary client too, the whole 10 MB offered */
  {
    g_autoptr(JsonNode) reply = NULL;
    g_autofree char *body = g_malloc (10 * 1024 * 1024 + 1);
    guint status = 0;

    memset (body, 'a', 10 * 1024 * 1024);
    body[0] = '"';
    body[10 * 1024 * 1024] = '\0';
    reply = civic_test_request (f->server, "POST", "/api/v1/session", NULL, body, NULL, &status, NULL);
    g_assert_cmpuint (status, ==, 413);
    g_assert_nonnull (strstr (civic_test_last_body (), "larger than"));
    assert_healthy (f);
  }
}

/* Clients that send headers and then nothing, or headers a byte at a
 * time, hold no thread: others are answered at once. */
static void
test_slowloris (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) conns = g_ptr_array_new_with_free_func (g_object_unref);
  const char *head = "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"user";
  guint i;

  for (i = 0; i < 50; i++)
    {
      GSocketConnection *conn = raw_connect (f);

      if (i % 2 == 0)
        raw_write (conn, head, strlen (head));
      else
        raw_write (conn, head, 10);   /* half a request line */
      g_ptr_array_add (conns, conn);
    }
  for (i = 0; i < 5; i++)
    assert_healthy (f);
  /* and a write-path request still completes */
  g_free (civic_test_login (f->server, "maria", "correct horse"));
  assert_healthy (f);
}

static guint
count_descriptors (Fixture *f)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (f->server->process));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Clients that make a request and hang up (keep-alive connections closed
 * while idle) must not leave descriptors behind: libsoup 3.2 kept each
 * one open, and at the limit the server stopped accepting. */
static void
test_closed_connections_released (Fixture *f, gconstpointer data)
{
  const char *request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  guint before, after = 0;
  guint i;

  assert_healthy (f);
  before = count_descriptors (f);
  for (i = 0; i < 300; i++)
    {
      g_autoptr(GSocketConnection) conn = raw_connect (f);
      g_autofree char *answer = NULL;

      raw_write (conn, request, strlen (request));
      answer = raw_read_head (conn);
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 200"));
      g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
    }
  for (i = 0; i < 50; i++)
    {
      after = count_descriptors (f);
      if (after <= before + 5)
        break;
      g_usleep (20000);
    }
  g_assert_cmpuint (after, <=, before + 5);
  assert_healthy (f);
}

static void
test_unknown_paths_and_methods (Fixture *f, gconstpointer data)
{
  expect_refused (f, "GET", "/api/v1/nothing-here", NULL, 404, "Nothing is served");
  expect_refused (f, "PATCH", "/api/v1/changes", "{}", 405, "not allowed");
  expect_refused (f, "GET", "/api/v1/changes/%00%ff", NULL, 400, "malformed");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/hostile/truncated-json", Fixture, NULL, fixture_setup, test_truncated_json, fixture_teardown);
  g_test_add ("/hostile/deep-nesting", Fixture, NULL, fixture_setup, test_deep_nesting, fixture_teardown);
  g_test_add ("/hostile/invalid-utf8", Fixture, NULL, fixture_setup, test_invalid_utf8, fixture_teardown);
  g_test_add ("/hostile/sql-metacharacters", Fixture, NULL, fixture_setup, test_sql_metacharacters, fixture_teardown);
  g_test_add ("/hostile/huge-limits", Fixture, NULL, fixture_setup, test_huge_limits, fixture_teardown);
  g_test_add ("/hostile/bad-coordinates", Fixture, NULL, fixture_setup, test_bad_coordinates, fixture_teardown);
  g_test_add ("/hostile/huge-body", Fixture, NULL, fixture_setup, test_huge_body, fixture_teardown);
  g_test_add ("/hostile/slowloris", Fixture, NULL, fixture_setup, test_slowloris, fixture_teardown);
  g_test_add ("/hostile/closed-connections-released", Fixture, NULL, fixture_setup,
              test_closed_connections_released, fixture_teardown);
  g_test_add ("/hostile/unknown-paths-and-methods", Fixture, NULL, fixture_setup, test_unknown_paths_and_methods,
              fixture_teardown);
  return g_test_run ();
}
