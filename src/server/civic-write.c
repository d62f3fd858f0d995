/* civic-write.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-write.h"
#include "civic-error.h"
#include "live/civic-live-pg.h"

#define MAX_BUSY_RETRIES 5

static guint
status_for_error (const GError *error)
{
  if (error->domain != CIVIC_ERROR)
    return SOUP_STATUS_INTERNAL_SERVER_ERROR;
  switch (error->code)
    {
    case CIVIC_ERROR_INVALID: return SOUP_STATUS_BAD_REQUEST;
    case CIVIC_ERROR_FORBIDDEN: return SOUP_STATUS_FORBIDDEN;
    case CIVIC_ERROR_NOT_FOUND: return SOUP_STATUS_NOT_FOUND;
    case CIVIC_ERROR_CONFLICT: return SOUP_STATUS_CONFLICT;
    case CIVIC_ERROR_STORE_FULL: return SOUP_STATUS_INSUFFICIENT_STORAGE;
    case CIVIC_ERROR_STORE_LOCKED:
    case CIVIC_ERROR_STORE_READ_ONLY:
      return SOUP_STATUS_SERVICE_UNAVAILABLE;
    default: return SOUP_STATUS_INTERNAL_SERVER_ERROR;
    }
}

static gboolean
bump_seq (CivicWrite  *w,
          GError     **error)
{
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "UPDATE change_seq SET value = value + 1 WHERE id = 1 RETURNING value",
                                        error);

  if (stmt == NULL)
    return FALSE;
  if (!civic_db_step (stmt, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_CORRUPT, "The change sequence is missing");
      return FALSE;
    }
  w->seq = civic_db_column_int64 (stmt, 0);
  civic_db_done (stmt);
  return TRUE;
}

gint64
civic_write_current_seq (CivicDbConn  *conn,
                         GError      **error)
{
  CivicDbStmt *stmt = civic_db_prepare (conn, "SELECT value FROM change_seq WHERE id = 1", error);
  gint64 seq = -1;

  if (stmt != NULL && civic_db_step (stmt, error))
    {
      seq = civic_db_column_int64 (stmt, 0);
      civic_db_done (stmt);
    }
  return seq;
}

void
civic_write_audit (CivicWrite *w,
                   const char *action,
                   const char *entity,
                   const char *entity_id,
                   const char *before_json,
                   const char *after_json)
{
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "INSERT INTO audit (seq, at, actor, action, entity, entity_id, before, after) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                        NULL);

  g_return_if_fail (stmt != NULL);
  civic_db_bind_int64 (stmt, 1, w->seq);
  civic_db_bind_int64 (stmt, 2, w->now);
  civic_db_bind_text (stmt, 3, w->actor);
  civic_db_bind_text (stmt, 4, action);
  civic_db_bind_text (stmt, 5, entity);
  civic_db_bind_text (stmt, 6, entity_id);
  civic_db_bind_text (stmt, 7, before_json);
  civic_db_bind_text (stmt, 8, after_json);
  civic_db_run (stmt, NULL);
}

gboolean
civic_write_savepoint_begin (CivicWrite  *w,
                             const char  *name,
                             GError     **error)
{
  g_autofree char *sql = g_strconcat ("SAVEPOINT ", name, NULL);

  return civic_db_exec (w->conn, sql, error);
}

gboolean
civic_write_savepoint_end (CivicWrite  *w,
                           const char  *name,
                           gboolean     keep,
                           GError     **error)
{
  g_autofree char *rollback = g_strconcat ("ROLLBACK TO SAVEPOINT ", name, NULL);
  g_autofree char *release = g_strconcat ("RELEASE SAVEPOINT ", name, NULL);

  if (!keep && !civic_db_exec (w->conn, rollback, error))
    return FALSE;
  return civic_db_exec (w->conn, release, error);
}

void
civic_write_tombstone (CivicWrite  *w,
                       const char  *entity,
                       const char  *entity_id,
                       GError     **error)
{
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "INSERT INTO tombstones (entity, entity_id, seq) VALUES (?1, ?2, ?3) "
                                        "ON CONFLICT (entity, entity_id) DO UPDATE SET seq = excluded.seq",
                                        error);

  if (stmt == NULL)
    return;
  civic_db_bind_text (stmt, 1, entity);
  civic_db_bind_text (stmt, 2, entity_id);
  civic_db_bind_int64 (stmt, 3, w->seq);
  civic_db_run (stmt, error);
}

/* Looks up a stored answer for (key, user). */
static gboolean
idempotent_replay (CivicRequest *req,
                   const char   *key,
                   GError      **error)
{
  CivicDbStmt *stmt = civic_db_prepare (req->conn,
                                        "SELECT status, body, method, path FROM idempotency "
                                        "WHERE key = ?1 AND username = ?2",
                                        error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, key);
  civic_db_bind_text (stmt, 2, req->user != NULL ? req->user->username : "");
  if (!civic_db_step (stmt, error))
    return FALSE;

  if (g_strcmp0 (civic_db_column_text (stmt, 2), req->method) != 0 ||
      g_strcmp0 (civic_db_column_text (stmt, 3), req->path) != 0)
    civic_reply_error (req, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                       "This Idempotency-Key was already used for a different request (%s %s)",
                       civic_db_column_text (stmt, 2), civic_db_column_text (stmt, 3));
  else
    {
      const char *body = civic_db_column_text (stmt, 1);

      civic_reply_raw (req, (guint) civic_db_column_int64 (stmt, 0),
                       "application/json; charset=utf-8", g_strdup (body), strlen (body));
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Idempotent-Replayed", "true");
    }
  civic_db_done (stmt);
  return TRUE;
}

static gboolean
store_answer (CivicWrite  *w,
              const char  *key,
              GError     **error)
{
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "INSERT INTO idempotency (key, username, method, path, status, body, created) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                        error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, key);
  civic_db_bind_text (stmt, 2, w->req->user != NULL ? w->req->user->username : "");
  civic_db_bind_text (stmt, 3, w->req->method);
  civic_db_bind_text (stmt, 4, w->req->path);
  civic_db_bind_int64 (stmt, 5, w->status);
  civic_db_bind_text (stmt, 6, w->body->str);
  civic_db_bind_int64 (stmt, 7, w->now);
  return civic_db_run (stmt, error);
}

/* Other server processes on the same PostgreSQL hear the new seq when
 * this transaction commits, never before (civic-live-pg.c). */
static gboolean
notify_seq (CivicWrite  *w,
            GError     **error)
{
  char payload[32];

  g_snprintf (payload, sizeof payload, "%" G_GINT64_FORMAT, w->seq);
  return civic_db_notify (w->conn, CIVIC_LIVE_PG_CHANNEL, payload, error);
}

static gboolean
run_once (CivicServer    *server,
          CivicRequest   *req,
          CivicDbConn    *conn,
          const char     *actor,
          const char     *idem_key,
          CivicWriteFunc  func,
          gpointer        user_data,
          CivicWrite     *w,
          gboolean       *replayed,
          GError        **error)
{
  w->req = req;
  w->conn = conn;
  w->actor = actor;
  w->now = g_get_real_time () / G_USEC_PER_SEC;
  w->status = SOUP_STATUS_OK;
  g_string_truncate (w->body, 0);
  *replayed = FALSE;

  if (!civic_db_begin (conn, error))
    return FALSE;
  /* Checked inside the write lock, so two retries racing on two threads
   * cannot both run. */
  if (idem_key != NULL && idempotent_replay (req, idem_key, error))
    {
      civic_db_rollback (conn);
      *replayed = TRUE;
      return TRUE;
    }
  if ((error != NULL && *error != NULL) ||
      !bump_seq (w, error) ||
      !func (w, user_data, error) ||
      (idem_key != NULL && !store_answer (w, idem_key, error)) ||
      !notify_seq (w, error) ||
      !civic_db_commit (conn, error))
    {
      civic_db_rollback (conn);
      return FALSE;
    }
  if (server != NULL)
    civic_server_publish_seq (server, w->seq);
  return TRUE;
}

static gboolean
run_with_retries (CivicServer    *server,
                  CivicRequest   *req,
                  CivicDbConn    *conn,
                  const char     *actor,
                  const char     *idem_key,
                  CivicWriteFunc  func,
                  gpointer        user_data,
                  CivicWrite     *w,
                  gboolean       *replayed,
                  GError        **error)
{
  guint attempt;

  for (attempt = 0;; attempt++)
    {
      GError *local_error = NULL;

      if (run_once (server, req, conn, actor, idem_key, func, user_data, w, replayed, &local_error))
        return TRUE;
      if (attempt < MAX_BUSY_RETRIES &&
          g_error_matches (local_error, CIVIC_ERROR, CIVIC_ERROR_STORE_LOCKED))
        {
          g_clear_error (&local_error);
          g_usleep ((1 << attempt) * 2000);
          continue;
        }
      g_propagate_error (error, local_error);
      return FALSE;
    }
}

void
civic_write_run_request (CivicRequest   *req,
                         CivicWriteFunc  func,
                         gpointer        user_data)
{
  const char *idem_key = civic_request_header (req, "Idempotency-Key");
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  CivicWrite w = { .body = body };
  gboolean replayed = FALSE;

  if (idem_key != NULL && (strlen (idem_key) == 0 || strlen (idem_key) > 100 ||
                           !g_utf8_validate (idem_key, -1, NULL)))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                         "The Idempotency-Key header must be 1–100 characters (a UUID)");
      return;
    }

  if (!run_with_retries (req->server, req, req->conn,
                         req->user != NULL ? req->user->username : "anonymous",
                         idem_key, func, user_data, &w, &replayed, &error))
    {
      guint status = status_for_error (error);

      if (status == SOUP_STATUS_CONFLICT && body->len > 0)
        civic_reply_raw (req, status, "application/json; charset=utf-8",
                         g_strdup (body->str), body->len);
      else if (status == SOUP_STATUS_INTERNAL_SERVER_ERROR)
        {
          g_warning ("%s %s failed: %s", req->method, req->path, error->message);
          civic_reply_error (req, status, "The service could not save this change: %s", error->message);
        }
      else
        civic_reply_error (req, status, "%s", error->message);
      return;
    }
  if (replayed)
    return;
  civic_reply_raw (req, w.status,
                   w.content_type != NULL ? w.content_type : "application/json; charset=utf-8",
                   g_strdup (body->len > 0 ? body->str : "{}"), body->len > 0 ? body->len : 2);
}

gboolean
civic_write_run (CivicServer     *server,
                 CivicDbConn     *conn,
                 const char      *actor,
                 CivicWriteFunc   func,
                 gpointer         user_data,
                 GError         **error)
{
  g_autoptr(GString) body = g_string_new (NULL);
  CivicWrite w = { .body = body };
  gboolean replayed;

  return run_with_retries (server, NULL, conn, actor, NULL, func, user_data, &w, &replayed, error);
}
