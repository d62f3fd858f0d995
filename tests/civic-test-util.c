/* civic-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

#include <libsoup/soup.h>
#include <sqlite3.h>

#include "civic-test-pg.h"
#include "civic-test-util.h"

/* A test that fails aborts; the server must not outlive it, or the test
 * runner waits on its inherited stderr until the timeout. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

CivicTestServer *
civic_test_server_start (const char *db_path,
                         ...)
{
  const char *bin = g_getenv ("CIVIC_SERVER_BIN");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *line = NULL;
  g_autofree char *db_uri = civic_test_db_uri (db_path);
  CivicTestServer *server;
  const char *prefix = "listening on http://127.0.0.1:";
  const char *tls_prefix = "listening on https://127.0.0.1:";
  gboolean tls;
  const char *arg;
  va_list ap;

  g_assert_nonnull (bin);
  g_ptr_array_add (args, (gpointer) bin);
  g_ptr_array_add (args, (gpointer) "serve");
  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, (gpointer) db_uri);
  g_ptr_array_add (args, (gpointer) "--listen");
  g_ptr_array_add (args, (gpointer) "127.0.0.1");
  g_ptr_array_add (args, (gpointer) "--port");
  g_ptr_array_add (args, (gpointer) "0");
  va_start (ap, db_path);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  server = g_new0 (CivicTestServer, 1);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);

  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  /* a server given --tls-cert and --tls-key says https */
  tls = g_str_has_prefix (line, tls_prefix);
  g_assert_true (tls || g_str_has_prefix (line, prefix));

  server->port = (guint) g_ascii_strtoull (line + strlen (tls ? tls_prefix : prefix), NULL, 10);
  g_assert_cmpuint (server->port, >, 0);
  server->base_url = g_strdup_printf ("%s://127.0.0.1:%u/", tls ? "https" : "http", server->port);

  return server;
}

void
civic_test_server_stop (CivicTestServer *server)
{
  if (server == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
  g_free (server->base_url);
  g_free (server);
}

char *
civic_test_mkdtemp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("civic-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
civic_test_rm_rf (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

          if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
            civic_test_rm_rf (child);
          else
            g_unlink (child);
          g_object_unref (info);
        }
    }
  g_rmdir (path);
}

int
civic_test_run_cliv (char    **out,
                     char    **err,
                     va_list   ap)
{
  const char *bin = g_getenv ("CIVIC_SERVER_BIN");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out_text = NULL;
  g_autofree char *err_text = NULL;
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func (g_free);
  gboolean db_next = FALSE;
  const char *arg;

  g_assert_nonnull (bin);
  g_ptr_array_add (args, (gpointer) bin);
  while ((arg = va_arg (ap, const char *)) != NULL)
    {
      /* the database a command works on is the run's backend's */
      if (db_next)
        {
          char *uri = civic_test_db_uri (arg);

          g_ptr_array_add (uris, uri);
          arg = uri;
        }
      db_next = g_str_equal (arg, "--db");
      g_ptr_array_add (args, (gpointer) arg);
    }
  g_ptr_array_add (args, NULL);

  p = g_subprocess_newv ((const char * const *) args->pdata,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, NULL, NULL, &out_text, &err_text, &error);
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&out_text);
  if (err != NULL)
    *err = g_steal_pointer (&err_text);
  return g_subprocess_get_exit_status (p);
}

int
civic_test_run_cli (char **out,
                    char **err,
                    ...)
{
  va_list ap;
  int status;

  va_start (ap, err);
  status = civic_test_run_cliv (out, err, ap);
  va_end (ap);
  return status;
}

void
civic_test_add_user (const char *db_path,
                     const char *username,
                     const char *role,
                     const char *department,
                     const char *password)
{
  g_autofree char *err = NULL;
  int status = civic_test_run_cli (NULL, &err, "user", "add", "--db", db_path, "--username", username,
                                   "--role", role, "--password", password,
                                   department != NULL ? "--department" : NULL, department, NULL);

  if (status != 0)
    g_error ("civicdesk-server user add exited with %d: %s", status, err);
}

static GPrivate last_body = G_PRIVATE_INIT (g_free);

const char *
civic_test_last_body (void)
{
  return g_private_get (&last_body);
}

static JsonNode *
request_valist (CivicTestServer *server,
                const char      *method,
                const char      *path,
                const char      *token,
                const char      *body,
                const char      *content_type,
                guint           *status,
                gboolean         soft,
                va_list          ap)
{
  static GPrivate session_key = G_PRIVATE_INIT (g_object_unref);
  SoupSession *session = g_private_get (&session_key);
  g_autofree char *url = g_strconcat (server->base_url, path[0] == '/' ? path + 1 : path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessageHeaders *headers;
  const char *name;

  if (session == NULL)
    {
      session = soup_session_new_with_options ("timeout", 30, NULL);
      g_private_set (&session_key, session);
    }
  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", auth);
    }
  while ((name = va_arg (ap, const char *)) != NULL)
    soup_message_headers_replace (headers, name, va_arg (ap, const char *));
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type != NULL ? content_type : "application/json",
                                                bytes);
    }

  reply = soup_session_send_and_read (session, msg, NULL, &error);
  if (soft && error != NULL)
    {
      /* the process may be gone (a failover test): no answer, status 0 */
      *status = 0;
      g_private_replace (&last_body, g_strdup (error->message));
      return NULL;
    }
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  g_private_replace (&last_body, g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply)));
  if (!json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

JsonNode *
civic_test_request (CivicTestServer *server,
                    const char      *method,
                    const char      *path,
                    const char      *token,
                    const char      *body,
                    const char      *content_type,
                    guint           *status,
                    ...)
{
  JsonNode *node;
  va_list ap;

  va_start (ap, status);
  node = request_valist (server, method, path, token, body, content_type, status, FALSE, ap);
  va_end (ap);
  return node;
}

JsonNode *
civic_test_request_soft (CivicTestServer *server,
                         const char      *method,
                         const char      *path,
                         const char      *token,
                         const char      *body,
                         guint           *status,
                         ...)
{
  JsonNode *node;
  va_list ap;

  va_start (ap, status);
  node = request_valist (server, method, path, token, body, NULL, status, TRUE, ap);
  va_end (ap);
  return node;
}

char *
civic_test_login (CivicTestServer *server,
                  const char      *username,
                  const char      *password)
{
  g_autofree char *body = g_strdup_printf ("{\"username\": \"%s\", \"password\": \"%s\"}", username, password);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = civic_test_request (server, "POST", "/api/v1/session", NULL, body, NULL, &status, NULL);
  if (status != 200)
    g_error ("sign-in as %s failed with %u: %s", username, status, civic_test_last_body ());
  g_assert_nonnull (reply);
  return g_strdup (json_object_get_string_member (json_node_get_object (reply), "token"));
}

JsonNode *
civic_test_call (CivicTestServer *server,
                 const char      *method,
                 const char      *path,
                 const char      *token,
                 const char      *body,
                 guint            expected)
{
  guint status = 0;
  JsonNode *node = civic_test_request (server, method, path, token, body, NULL, &status, NULL);

  if (status != expected)
    g_error ("%s %s: expected %u, got %u: %s", method, path, expected, status, civic_test_last_body ());
  return node;
}

void
civic_test_expect (CivicTestServer *server,
                   const char      *method,
                   const char      *path,
                   const char      *token,
                   const char      *body,
                   guint            expected)
{
  g_autoptr(JsonNode) node = civic_test_call (server, method, path, token, body, expected);
}

char *
civic_test_sql (const char *db_path,
                const char *sql)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;
  const char *tail = sql;

  /* A server database under PostgreSQL; a file that exists (a desk's
   * replica) is SQLite whatever the run's backend. */
  if (g_str_has_prefix (db_path, "postgres") ||
      (civic_test_backend_is_pg () && !g_file_test (db_path, G_FILE_TEST_EXISTS)))
    {
      g_autofree char *uri = civic_test_db_uri (db_path);

      return civic_test_pg_sql (uri, sql);
    }
  g_assert_cmpint (sqlite3_open (db_path, &handle), ==, SQLITE_OK);
  sqlite3_busy_timeout (handle, 5000);
  while (tail != NULL && *tail != '\0')
    {
      int rc = sqlite3_prepare_v2 (handle, tail, -1, &stmt, &tail);

      if (rc != SQLITE_OK)
        g_error ("SQL failed: %s: %s", sqlite3_errmsg (handle), sql);
      if (stmt == NULL)
        break;
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && result == NULL)
        result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      else if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        g_error ("SQL failed: %s: %s", sqlite3_errmsg (handle), sql);
      sqlite3_finalize (stmt);
      stmt = NULL;
    }
  sqlite3_close (handle);
  return result;
}

void
civic_test_sql_sync_ids (const char *db_path,
                         const char *table)
{
  g_autofree char *sql = NULL;

  if (!g_str_has_prefix (db_path, "postgres") &&
      !(civic_test_backend_is_pg () && !g_file_test (db_path, G_FILE_TEST_EXISTS)))
    return;
  sql = g_strdup_printf ("SELECT setval (pg_get_serial_sequence ('%s', 'id'), "
                         "(SELECT coalesce (max (id), 0) + 1 FROM %s), false)", table, table);
  g_free (civic_test_sql (db_path, sql));
}

gint64
civic_test_sql_int (const char *db_path,
                    const char *sql)
{
  g_autofree char *text = civic_test_sql (db_path, sql);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : -1;
}
