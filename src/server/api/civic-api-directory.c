/* civic-api-directory.c: services, departments and staff users
 *
 * Password hashes never leave the server. Creating a user hashes the
 * password with Argon2id, which takes tens of milliseconds on purpose, so
 * it runs in GLib's thread pool while the message waits; the worker keeps
 * serving everyone else and the write happens back on the worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-api-directory.h"
#include "civic-api-cases-private.h"
#include "auth/civic-auth.h"
#include "civic-error.h"
#include "model/civic-user-record.h"

/* ---- services --------------------------------------------------------- */

#define SERVICE_COLUMNS \
  "code, name, description, grp, keywords, metadata, type, department_id, sla_hours, uses_token, attributes"

static void
write_service (CivicJsonWriter *jw,
               CivicDbStmt     *stmt)
{
  civic_json_begin_object (jw);
  civic_json_member_string (jw, "service_code", civic_db_column_text (stmt, 0));
  civic_json_member_string (jw, "service_name", civic_db_column_text (stmt, 1));
  civic_json_member_string (jw, "description", civic_db_column_text (stmt, 2));
  civic_json_member_string (jw, "group", civic_db_column_text (stmt, 3));
  civic_json_member_string (jw, "keywords", civic_db_column_text (stmt, 4));
  civic_json_member_bool (jw, "metadata", civic_db_column_int64 (stmt, 5) != 0);
  civic_json_member_string (jw, "type", civic_db_column_text (stmt, 6));
  civic_json_member_string (jw, "department", civic_db_column_text (stmt, 7));
  civic_json_member_int (jw, "sla_hours", civic_db_column_int64 (stmt, 8));
  civic_json_member_bool (jw, "uses_token", civic_db_column_int64 (stmt, 9) != 0);
  civic_json_key (jw, "attributes");
  civic_json_raw (jw, civic_db_column_text (stmt, 10));
  civic_json_end_object (jw);
}

static void
services_list (CivicRequest *req)
{
  g_autoptr(GString) out = g_string_sized_new (8192);
  g_autoptr(GError) error = NULL;
  CivicDbStmt *stmt = civic_db_prepare (req->conn, "SELECT " SERVICE_COLUMNS " FROM services ORDER BY grp, name, code",
                                        &error);
  CivicJsonWriter jw;

  civic_list_begin (&jw, out, "services");
  while (stmt != NULL && civic_db_step (stmt, &error))
    write_service (&jw, stmt);
  civic_list_reply (req, &jw, out, error);
}

static void
service_get (CivicRequest *req)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  CivicDbStmt *stmt = civic_db_prepare (req->conn, "SELECT " SERVICE_COLUMNS " FROM services WHERE code = ?1", &error);
  CivicJsonWriter jw;

  if (stmt == NULL)
    {
      civic_reply_gerror (req, error);
      return;
    }
  civic_db_bind_text (stmt, 1, civic_request_param (req, 0));
  if (!civic_db_step (stmt, &error))
    {
      if (error != NULL)
        civic_reply_gerror (req, error);
      else
        civic_reply_error (req, SOUP_STATUS_NOT_FOUND, "There is no service “%s”", civic_request_param (req, 0));
      return;
    }
  civic_json_writer_init (&jw, out);
  civic_json_begin_object (&jw);
  civic_json_key (&jw, "service");
  write_service (&jw, stmt);
  civic_json_end_object (&jw);
  civic_db_done (stmt);
  civic_reply_string (req, SOUP_STATUS_OK, out);
}

/* ---- departments ------------------------------------------------------ */

static void
departments_list (CivicRequest *req)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  CivicDbStmt *stmt = civic_db_prepare (req->conn, "SELECT id, name FROM departments ORDER BY name, id", &error);
  CivicJsonWriter jw;

  civic_list_begin (&jw, out, "departments");
  while (stmt != NULL && civic_db_step (stmt, &error))
    {
      civic_json_begin_object (&jw);
      civic_json_member_string (&jw, "id", civic_db_column_text (stmt, 0));
      civic_json_member_string (&jw, "name", civic_db_column_text (stmt, 1));
      civic_json_end_object (&jw);
    }
  civic_list_reply (req, &jw, out, error);
}

typedef struct
{
  const char *id;
  const char *name;
} NewDepartment;

static gboolean
department_write (CivicWrite  *w,
                  gpointer     data,
                  GError     **error)
{
  NewDepartment *d = data;
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "INSERT INTO departments (id, name, seq) VALUES (?1, ?2, ?3) "
                                        "ON CONFLICT (id) DO NOTHING",
                                        error);
  CivicJsonWriter jw;

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, d->id);
  civic_db_bind_text (stmt, 2, d->name);
  civic_db_bind_int64 (stmt, 3, w->seq);
  if (!civic_db_run (stmt, error))
    return FALSE;
  if (civic_db_changes (w->conn) == 0)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_CONFLICT, "There is already a department “%s”", d->id);
      return FALSE;
    }
  civic_write_audit (w, "create", "department", d->id, NULL, NULL);
  w->status = SOUP_STATUS_CREATED;
  civic_json_writer_init (&jw, w->body);
  civic_json_begin_object (&jw);
  civic_json_key (&jw, "department");
  civic_json_begin_object (&jw);
  civic_json_member_string (&jw, "id", d->id);
  civic_json_member_string (&jw, "name", d->name);
  civic_json_end_object (&jw);
  civic_json_end_object (&jw);
  return TRUE;
}

static void
department_create (CivicRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  NewDepartment d = { NULL, };

  if (!civic_auth_require_role (req, "admin", "create departments"))
    return;
  body = civic_request_json_object (req);
  if (body == NULL)
    return;
  if (!civic_body_string (body, "id", 64, &d.id, &error) ||
      !civic_body_string (body, "name", 200, &d.name, &error))
    {
      civic_reply_gerror (req, error);
      return;
    }
  if (!civic_id_is_valid (d.id))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                         "A department needs an “id” of up to 64 letters, digits, . _ or - (like roads)");
      return;
    }
  if (d.name == NULL || *d.name == '\0')
    d.name = d.id;
  civic_write_run_request (req, department_write, &d);
}

/* ---- users ------------------------------------------------------------ */

static void
users_list (CivicRequest *req)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  /* the column list is explicit so password_hash can never slip in */
  CivicDbStmt *stmt = civic_db_prepare (req->conn,
                                        "SELECT username, display_name, department_id, role, disabled, created "
                                        "FROM users ORDER BY username",
                                        &error);
  CivicJsonWriter jw;

  civic_list_begin (&jw, out, "users");
  while (stmt != NULL && civic_db_step (stmt, &error))
    {
      g_autofree char *created = civic_format_time (civic_db_column_int64 (stmt, 5));

      civic_json_begin_object (&jw);
      civic_json_member_string (&jw, "username", civic_db_column_text (stmt, 0));
      civic_json_member_string (&jw, "display_name", civic_db_column_text (stmt, 1));
      civic_json_member_string (&jw, "department", civic_db_column_text (stmt, 2));
      civic_json_member_string (&jw, "role", civic_db_column_text (stmt, 3));
      civic_json_member_bool (&jw, "disabled", civic_db_column_int64 (stmt, 4) != 0);
      civic_json_member_string (&jw, "created", created);
      civic_json_end_object (&jw);
    }
  civic_list_reply (req, &jw, out, error);
}

typedef struct
{
  SoupServerMessage *msg;
  CivicServer       *server;
  CivicWorker       *worker;
  CivicDbConn       *conn;
  char              *method;
  char              *path;
  CivicAuthUser     *user;
  char              *username;
  char              *display_name;
  char              *department;
  char              *role;
  char              *password;
  char              *hash;
} NewUser;

static void
new_user_free (NewUser *u)
{
  g_object_unref (u->msg);
  g_free (u->method);
  g_free (u->path);
  civic_auth_user_free (u->user);
  g_free (u->username);
  g_free (u->display_name);
  g_free (u->department);
  g_free (u->role);
  if (u->password != NULL)
    memset (u->password, 0, strlen (u->password));
  g_free (u->password);
  g_free (u->hash);
  g_free (u);
}

static gboolean
user_write (CivicWrite  *w,
            gpointer     data,
            GError     **error)
{
  NewUser *u = data;
  CivicUserDraft draft;
  CivicJsonWriter jw;
  g_autofree char *after = NULL;
  g_autofree char *created = civic_format_time (w->now);

  if (u->department != NULL)
    {
      if (!civic_db_exists (w->conn, "SELECT 1 FROM departments WHERE id = ?1", u->department, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                         "There is no department “%s”; create it first", u->department);
          return FALSE;
        }
    }
  draft.username = u->username;
  draft.display_name = u->display_name;
  draft.department = u->department;
  draft.role = u->role;
  draft.password_hash = u->hash;
  if (!civic_user_insert (w, &draft, CIVIC_USER_INSERT_NEW, error))
    return FALSE;

  w->status = SOUP_STATUS_CREATED;
  civic_json_writer_init (&jw, w->body);
  civic_json_begin_object (&jw);
  civic_json_key (&jw, "user");
  civic_json_begin_object (&jw);
  civic_json_member_string (&jw, "username", u->username);
  civic_json_member_string (&jw, "display_name", u->display_name);
  civic_json_member_string (&jw, "department", u->department);
  civic_json_member_string (&jw, "role", u->role);
  civic_json_member_bool (&jw, "disabled", FALSE);
  civic_json_member_string (&jw, "created", created);
  civic_json_end_object (&jw);
  civic_json_end_object (&jw);
  /* the audit shows what was granted, never the hash */
  {
    g_autoptr(GString) s = g_string_new (NULL);
    CivicJsonWriter aw;

    civic_json_writer_init (&aw, s);
    civic_json_begin_object (&aw);
    civic_json_member_string (&aw, "role", u->role);
    civic_json_member_string (&aw, "department", u->department);
    civic_json_end_object (&aw);
    after = g_string_free (g_steal_pointer (&s), FALSE);
  }
  civic_write_audit (w, "user-add", "user", u->username, NULL, after);
  return TRUE;
}

static void
hash_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  NewUser *u = task_data;

  u->hash = civic_auth_hash_password (u->password);
  g_task_return_boolean (task, u->hash != NULL);
}

static void
hashed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  NewUser *u = user_data;
  CivicRequest req = {
    .msg = u->msg, .method = u->method, .path = u->path, .server = u->server,
    .worker = u->worker, .conn = u->conn, .user = u->user,
  };

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    civic_reply_error (&req, SOUP_STATUS_SERVICE_UNAVAILABLE, "The server is short of memory to protect the password; try again");
  else
    civic_write_run_request (&req, user_write, u);
  soup_server_message_unpause (u->msg);
  new_user_free (u);
}

static void
user_create (CivicRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  const char *username, *display_name, *department, *role, *password;
  NewUser *u;

  if (!civic_auth_require_role (req, "admin", "create staff users"))
    return;
  body = civic_request_json_object (req);
  if (body == NULL)
    return;
  if (!civic_body_string (body, "username", 64, &username, &error) ||
      !civic_body_string (body, "display_name", 200, &display_name, &error) ||
      !civic_body_string (body, "department", 64, &department, &error) ||
      !civic_body_string (body, "role", 16, &role, &error) ||
      !civic_body_string (body, "password", 1024, &password, &error))
    {
      civic_reply_gerror (req, error);
      return;
    }
  if (!civic_id_is_valid (username))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "A “username” is up to 64 letters, digits, . _ or -");
      return;
    }
  if (!civic_auth_role_is_valid (role))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "“role” must be admin, manager, advocate or staff");
      return;
    }
  if (password == NULL || g_utf8_strlen (password, -1) < 8)
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "A “password” needs at least 8 characters");
      return;
    }

  u = g_new0 (NewUser, 1);
  u->msg = g_object_ref (req->msg);
  u->server = req->server;
  u->worker = req->worker;
  u->conn = req->conn;
  u->method = g_strdup (req->method);
  u->path = g_strdup (req->path);
  u->user = g_new0 (CivicAuthUser, 1);
  u->user->username = g_strdup (req->user->username);
  u->user->display_name = g_strdup (req->user->display_name);
  u->user->department = g_strdup (req->user->department);
  u->user->role = g_strdup (req->user->role);
  u->username = g_strdup (username);
  u->display_name = g_strdup (display_name != NULL && *display_name != '\0' ? display_name : username);
  u->department = department != NULL && *department != '\0' ? g_strdup (department) : NULL;
  u->role = g_strdup (role);
  u->password = g_strdup (password);

  soup_server_message_pause (req->msg);
  task = g_task_new (NULL, NULL, hashed_cb, u);
  g_task_set_source_tag (task, user_create);
  g_task_set_task_data (task, u, NULL);
  g_task_run_in_thread (task, hash_thread);
}

static const CivicRoute routes[] = {
  { "GET", "/api/v1/services", services_list, CIVIC_ROUTE_STAFF },
  { "GET", "/api/v1/services/{}", service_get, CIVIC_ROUTE_STAFF },
  { "GET", "/api/v1/departments", departments_list, CIVIC_ROUTE_STAFF },
  { "POST", "/api/v1/departments", department_create, CIVIC_ROUTE_STAFF },
  { "GET", "/api/v1/users", users_list, CIVIC_ROUTE_STAFF },
  { "POST", "/api/v1/users", user_create, CIVIC_ROUTE_STAFF },
};

void
civic_api_directory_register (CivicServer *server)
{
  civic_server_add_routes (server, routes, G_N_ELEMENTS (routes));
}
