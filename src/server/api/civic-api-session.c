/* civic-api-session.c: POST/GET/DELETE /api/v1/session
 *
 * Password checks are Argon2id and take tens of milliseconds on purpose,
 * so they run in GLib's thread pool while the message is paused: the
 * worker keeps serving everyone else. Failed sign-ins are counted per
 * user and per address; after five, each further try waits longer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-api-session.h"
#include "auth/civic-auth.h"
#include "civic-error.h"
#include "civic-json-writer.h"

#define FREE_FAILURES     5
#define MAX_WAIT_SECONDS  900

/* A real Argon2id hash of a random password, checked when the user does
 * not exist, so timing does not tell which usernames exist. */
static char *dummy_hash;

typedef struct
{
  SoupServerMessage *msg;
  CivicDbConn       *conn;
  char              *username;
  char              *password;
  char              *address;
  char              *hash;          /* NULL: no such user */
  char              *display_name;
  char              *department;
  char              *role;
} Login;

static void
login_free (Login *login)
{
  g_object_unref (login->msg);
  g_free (login->username);
  if (login->password != NULL)
    memset (login->password, 0, strlen (login->password));
  g_free (login->password);
  g_free (login->address);
  g_free (login->hash);
  g_free (login->display_name);
  g_free (login->department);
  g_free (login->role);
  g_free (login);
}

static char *
client_address (SoupServerMessage *msg)
{
  GSocketAddress *addr = soup_server_message_get_remote_address (msg);

  if (addr != NULL && G_IS_INET_SOCKET_ADDRESS (addr))
    return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (addr)));
  return g_strdup ("unknown");
}

/* Seconds the subject must still wait, 0 when it may try. */
static gint64
throttle_wait (CivicDbConn *conn,
               const char  *subject,
               gint64       now)
{
  CivicDbStmt *stmt = civic_db_prepare (conn, "SELECT failures, last_at FROM login_failures WHERE subject = ?1", NULL);
  gint64 wait = 0;

  if (stmt == NULL)
    return 0;
  civic_db_bind_text (stmt, 1, subject);
  if (civic_db_step (stmt, NULL))
    {
      gint64 failures = civic_db_column_int64 (stmt, 0);
      gint64 last_at = civic_db_column_int64 (stmt, 1);

      if (failures >= FREE_FAILURES)
        {
          gint64 backoff = MIN ((gint64) 1 << MIN (failures - FREE_FAILURES + 2, 12), MAX_WAIT_SECONDS);

          wait = MAX (0, last_at + backoff - now);
        }
      civic_db_done (stmt);
    }
  return wait;
}

static void
record_attempt (CivicDbConn *conn,
                const char  *subject,
                gboolean     success,
                gint64       now)
{
  CivicDbStmt *stmt;

  if (success)
    stmt = civic_db_prepare (conn, "DELETE FROM login_failures WHERE subject = ?1", NULL);
  else
    stmt = civic_db_prepare (conn,
                             "INSERT INTO login_failures (subject, failures, last_at) VALUES (?1, 1, ?2) "
                             "ON CONFLICT (subject) DO UPDATE SET failures = login_failures.failures + 1, last_at = ?2",
                             NULL);
  if (stmt == NULL)
    return;
  civic_db_bind_text (stmt, 1, subject);
  if (!success)
    civic_db_bind_int64 (stmt, 2, now);
  civic_db_run (stmt, NULL);
}

static void
verify_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Login *login = task_data;
  gboolean ok = civic_auth_verify_password (login->hash != NULL ? login->hash : dummy_hash,
                                            login->password);

  g_task_return_boolean (task, ok && login->hash != NULL);
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *message)
{
  CivicRequest req = { .msg = msg };

  civic_reply_error (&req, status, "%s", message);
}

static void
verified_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Login *login = user_data;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *user_subject = g_strconcat ("user:", login->username, NULL);
  g_autofree char *addr_subject = g_strconcat ("addr:", login->address, NULL);
  g_autoptr(GError) error = NULL;

  if (civic_db_begin (login->conn, &error))
    {
      record_attempt (login->conn, user_subject, ok, now);
      if (!ok)
        record_attempt (login->conn, addr_subject, FALSE, now);
    }

  if (!ok)
    {
      civic_db_commit (login->conn, NULL);
      reply_error (login->msg, SOUP_STATUS_UNAUTHORIZED, "Wrong username or password");
    }
  else if (error == NULL)
    {
      g_autofree char *token = civic_auth_new_token ();
      g_autofree char *token_hash = civic_auth_token_hash (token);
      CivicDbStmt *stmt = civic_db_prepare (login->conn,
                                            "INSERT INTO sessions (token_hash, username, created, expires) "
                                            "VALUES (?1, ?2, ?3, ?4)",
                                            &error);

      if (stmt != NULL)
        {
          civic_db_bind_text (stmt, 1, token_hash);
          civic_db_bind_text (stmt, 2, login->username);
          civic_db_bind_int64 (stmt, 3, now);
          civic_db_bind_int64 (stmt, 4, now + CIVIC_SESSION_LIFETIME_S);
          civic_db_run (stmt, &error);
        }
      if (error == NULL && civic_db_commit (login->conn, &error))
        {
          g_autoptr(GString) s = g_string_new (NULL);
          CivicRequest req = { .msg = login->msg };
          CivicJsonWriter w;

          civic_json_writer_init (&w, s);
          civic_json_begin_object (&w);
          civic_json_member_string (&w, "token", token);
          civic_json_member_int (&w, "expires_in", CIVIC_SESSION_LIFETIME_S);
          civic_json_key (&w, "user");
          civic_json_begin_object (&w);
          civic_json_member_string (&w, "username", login->username);
          civic_json_member_string (&w, "display_name", login->display_name);
          civic_json_member_string (&w, "department", login->department);
          civic_json_member_string (&w, "role", login->role);
          civic_json_end_object (&w);
          civic_json_end_object (&w);
          civic_reply_raw (&req, SOUP_STATUS_OK, "application/json; charset=utf-8",
                           g_strdup (s->str), s->len);
        }
    }
  if (error != NULL)
    {
      civic_db_rollback (login->conn);
      reply_error (login->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, error->message);
    }

  soup_server_message_unpause (login->msg);
  login_free (login);
}

static void
session_create (CivicRequest *req)
{
  g_autoptr(JsonObject) body = civic_request_json_object (req);
  const char *username;
  const char *password;
  g_autofree char *address = NULL;
  g_autofree char *user_subject = NULL;
  g_autofree char *addr_subject = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 wait;
  g_autoptr(GTask) task = NULL;
  CivicDbStmt *stmt;
  Login *login;

  if (body == NULL)
    return;
  username = json_object_get_string_member_with_default (body, "username", NULL);
  password = json_object_get_string_member_with_default (body, "password", NULL);
  if (username == NULL || password == NULL || *username == '\0' ||
      strlen (username) > 64 || strlen (password) > 1024)
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "Give a username and a password");
      return;
    }

  address = client_address (req->msg);
  user_subject = g_strconcat ("user:", username, NULL);
  addr_subject = g_strconcat ("addr:", address, NULL);
  wait = MAX (throttle_wait (req->conn, user_subject, now), throttle_wait (req->conn, addr_subject, now));
  if (wait > 0)
    {
      g_autofree char *retry = g_strdup_printf ("%" G_GINT64_FORMAT, wait);

      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Retry-After", retry);
      civic_reply_error (req, 429 /* Too Many Requests */,
                         "Too many failed sign-ins; try again in %" G_GINT64_FORMAT " seconds", wait);
      return;
    }

  login = g_new0 (Login, 1);
  login->msg = g_object_ref (req->msg);
  login->conn = req->conn;
  login->username = g_strdup (username);
  login->password = g_strdup (password);
  login->address = g_steal_pointer (&address);

  stmt = civic_db_prepare (req->conn,
                           "SELECT password_hash, display_name, department_id, role FROM users "
                           "WHERE username = ?1 AND disabled = 0", NULL);
  if (stmt != NULL)
    {
      civic_db_bind_text (stmt, 1, username);
      if (civic_db_step (stmt, NULL))
        {
          login->hash = g_strdup (civic_db_column_text (stmt, 0));
          login->display_name = g_strdup (civic_db_column_text (stmt, 1));
          login->department = g_strdup (civic_db_column_text (stmt, 2));
          login->role = g_strdup (civic_db_column_text (stmt, 3));
          civic_db_done (stmt);
        }
    }

  soup_server_message_pause (req->msg);
  task = g_task_new (NULL, NULL, verified_cb, login);
  g_task_set_source_tag (task, session_create);
  g_task_set_task_data (task, login, NULL);
  g_task_run_in_thread (task, verify_thread);
}

static void
session_get (CivicRequest *req)
{
  g_autoptr(GString) s = g_string_new (NULL);
  CivicJsonWriter w;

  civic_json_writer_init (&w, s);
  civic_json_begin_object (&w);
  civic_json_key (&w, "user");
  civic_json_begin_object (&w);
  civic_json_member_string (&w, "username", req->user->username);
  civic_json_member_string (&w, "display_name", req->user->display_name);
  civic_json_member_string (&w, "department", req->user->department);
  civic_json_member_string (&w, "role", req->user->role);
  civic_json_end_object (&w);
  civic_json_end_object (&w);
  civic_reply_raw (req, SOUP_STATUS_OK, "application/json; charset=utf-8", g_strdup (s->str), s->len);
}

static void
session_delete (CivicRequest *req)
{
  const char *header = civic_request_header (req, "Authorization");
  g_autofree char *hash = civic_auth_token_hash (header + strlen ("Bearer "));
  g_autoptr(GError) error = NULL;
  CivicDbStmt *stmt = civic_db_prepare (req->conn, "DELETE FROM sessions WHERE token_hash = ?1", &error);

  if (stmt != NULL)
    {
      civic_db_bind_text (stmt, 1, hash);
      civic_db_run (stmt, &error);
    }
  if (error != NULL)
    civic_reply_error (req, SOUP_STATUS_SERVICE_UNAVAILABLE, "Could not sign out: %s", error->message);
  else
    civic_reply_raw (req, SOUP_STATUS_OK, "application/json; charset=utf-8", g_strdup ("{}"), 2);
}

static const CivicRoute routes[] = {
  { "POST", "/api/v1/session", session_create, CIVIC_ROUTE_PUBLIC },
  { "GET", "/api/v1/session", session_get, CIVIC_ROUTE_STAFF },
  { "DELETE", "/api/v1/session", session_delete, CIVIC_ROUTE_STAFF },
};

void
civic_api_session_register (CivicServer *server)
{
  if (dummy_hash == NULL)
    {
      g_autofree char *random = civic_auth_new_token ();

      dummy_hash = civic_auth_hash_password (random);
    }
  civic_server_add_routes (server, routes, G_N_ELEMENTS (routes));
}
