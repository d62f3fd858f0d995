/* test-changes-helper.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-changes-helper.h"

#include "civic-test-pg.h"
#include "civic-write.h"
#include "model/civic-case-record.h"
#include "model/civic-notify.h"

static CivicDbConn *
open_conn (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = civic_test_db_uri (db_path);
  g_autoptr(CivicDb) db = civic_db_open (uri, &error);
  CivicDbConn *conn;

  g_assert_no_error (error);
  conn = civic_db_connect (db, &error);
  g_assert_no_error (error);
  return conn;
}

static gboolean
run_sql (CivicWrite  *w,
         const char  *sql,
         const char  *text,
         GError     **error)
{
  CivicDbStmt *stmt = civic_db_prepare (w->conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, w->seq);
  if (text != NULL)
    civic_db_bind_text (stmt, 2, text);
  return civic_db_run (stmt, error);
}

static gboolean
catalogue_write (CivicWrite *w, gpointer data, GError **error)
{
  return run_sql (w, "INSERT INTO departments (id, name, seq) VALUES ('streets', 'Streets', ?1) "
                     "ON CONFLICT (id) DO NOTHING", NULL, error) &&
         run_sql (w, "INSERT INTO services (code, name, department_id, sla_hours, seq) "
                     "VALUES ('pothole', 'Pothole', 'streets', 48, ?1) ON CONFLICT (code) DO NOTHING",
                  NULL, error);
}

void
helper_add_catalogue (const char *db_path)
{
  g_autoptr(CivicDbConn) conn = open_conn (db_path);
  g_autoptr(GError) error = NULL;

  civic_write_run (NULL, conn, "test", catalogue_write, NULL, &error);
  g_assert_no_error (error);
}

typedef struct
{
  guint      per_write;
  GPtrArray *request_ids;
  gint64     seq;
} CasesWrite;

static gboolean
cases_write (CivicWrite *w, gpointer data, GError **error)
{
  CasesWrite *cw = data;
  guint i;

  for (i = 0; i < cw->per_write; i++)
    {
      g_autofree char *description = g_strdup_printf ("Pothole %u at seq %" G_GINT64_FORMAT, i, w->seq);
      CivicCaseDraft draft = {
        .service_code = "pothole",
        .description = description,
        .address = "1 Main St",
        .has_location = TRUE,
        .lat = 40.7,
        .lon = -74.0,
        .channel = "phone",
      };
      char *request_id = NULL;

      if (!civic_case_insert (w, &draft, NULL, &request_id, error))
        return FALSE;
      if (cw->request_ids != NULL)
        g_ptr_array_add (cw->request_ids, request_id);
      else
        g_free (request_id);
    }
  cw->seq = w->seq;
  return TRUE;
}

gint64
helper_insert_cases (const char *db_path,
                     guint       n_writes,
                     guint       per_write,
                     GPtrArray  *request_ids)
{
  g_autoptr(CivicDbConn) conn = open_conn (db_path);
  CasesWrite cw = { per_write, request_ids, 0 };
  guint i;

  for (i = 0; i < n_writes; i++)
    {
      g_autoptr(GError) error = NULL;

      civic_write_run (NULL, conn, "test", cases_write, &cw, &error);
      g_assert_no_error (error);
    }
  return cw.seq;
}

typedef struct
{
  const char *author;
  gint64      id;
} PostWrite;

static gboolean
post_insert (CivicWrite *w, gpointer data, GError **error)
{
  PostWrite *pw = data;
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "INSERT INTO posts (author, body, created, seq) "
                                        "VALUES (?2, 'soon gone', 0, ?1) RETURNING id", error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, w->seq);
  civic_db_bind_text (stmt, 2, pw->author);
  if (!civic_db_step (stmt, error))
    return FALSE;
  pw->id = civic_db_column_int64 (stmt, 0);
  civic_db_done (stmt);
  return TRUE;
}

static gboolean
post_delete (CivicWrite *w, gpointer data, GError **error)
{
  PostWrite *pw = data;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, pw->id);
  CivicDbStmt *stmt = civic_db_prepare (w->conn, "DELETE FROM posts WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, pw->id);
  if (!civic_db_run (stmt, error))
    return FALSE;
  civic_write_tombstone (w, "post", id, error);
  return error == NULL || *error == NULL;
}

gint64
helper_post_and_delete (const char *db_path,
                        const char *author)
{
  g_autoptr(CivicDbConn) conn = open_conn (db_path);
  g_autoptr(GError) error = NULL;
  PostWrite pw = { author, 0 };

  civic_write_run (NULL, conn, author, post_insert, &pw, &error);
  g_assert_no_error (error);
  civic_write_run (NULL, conn, author, post_delete, &pw, &error);
  g_assert_no_error (error);
  return pw.id;
}

typedef struct
{
  const char *username;
  const char *body;
} NotifyWrite;

static gboolean
notify_write (CivicWrite *w, gpointer data, GError **error)
{
  NotifyWrite *nw = data;

  return civic_notify_user (w, nw->username, "mention", 0, 0, nw->body, error);
}

void
helper_notify (const char *db_path,
               const char *username,
               const char *body)
{
  g_autoptr(CivicDbConn) conn = open_conn (db_path);
  g_autoptr(GError) error = NULL;
  NotifyWrite nw = { username, body };

  civic_write_run (NULL, conn, "test", notify_write, &nw, &error);
  g_assert_no_error (error);
}

void
helper_server_setup (HelperServer *s,
                     const char   *maria_role,
                     gboolean      with_bob,
                     const char   *workers)
{
  s->dir = civic_test_mkdtemp ();
  s->db = g_build_filename (s->dir, "server.db", NULL);
  civic_test_add_user (s->db, "maria", maria_role, "streets", "correct horse");
  if (with_bob)
    civic_test_add_user (s->db, "bob", "manager", "streets", "battery staple");
  helper_add_catalogue (s->db);
  s->server = civic_test_server_start (s->db, "--workers", workers, NULL);
  s->token = civic_test_login (s->server, "maria", "correct horse");
}

void
helper_server_teardown (HelperServer *s)
{
  civic_test_server_stop (s->server);
  civic_test_rm_rf (s->dir);
  g_free (s->token);
  g_free (s->db);
  g_free (s->dir);
}
