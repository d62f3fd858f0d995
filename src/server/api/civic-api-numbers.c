/* civic-api-numbers.c: tracking numbers leased to a desk in blocks
 *
 * The case counter of a year lives in meta ("case-counter-YYYY", the same
 * row civic_case_insert() advances), so numbers a desk leased are never
 * given to anyone else, and a lease is remembered in number_leases so the
 * create can check the desk's number is its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-api-numbers.h"
#include "civic-api-cases-private.h"
#include "auth/civic-auth.h"
#include "civic-error.h"

typedef struct
{
  gint64 count;
} Lease;

static gboolean
lease_write (CivicWrite  *w,
             gpointer     data,
             GError     **error)
{
  Lease *lease = data;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (w->now);
  int year = g_date_time_get_year (now);
  g_autofree char *key = g_strdup_printf ("case-counter-%d", year);
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, lease->count);
  CivicJsonWriter jw;
  CivicDbStmt *stmt;
  gint64 last;
  gint64 first;

  stmt = civic_db_prepare (w->conn,
                           "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                           "ON CONFLICT (key) DO UPDATE SET value = "
                           "CAST(CAST(meta.value AS INTEGER) + CAST(?2 AS INTEGER) AS TEXT) "
                           "RETURNING value",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, key);
  civic_db_bind_text (stmt, 2, count);
  if (!civic_db_step (stmt, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "The case counter could not be advanced");
      return FALSE;
    }
  last = g_ascii_strtoll (civic_db_column_text (stmt, 0), NULL, 10);
  civic_db_done (stmt);
  first = last - lease->count + 1;

  stmt = civic_db_prepare (w->conn,
                           "INSERT INTO number_leases (username, year, first, last, created) "
                           "VALUES (?1, ?2, ?3, ?4, ?5)",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, w->actor);
  civic_db_bind_int64 (stmt, 2, year);
  civic_db_bind_int64 (stmt, 3, first);
  civic_db_bind_int64 (stmt, 4, last);
  civic_db_bind_int64 (stmt, 5, w->now);
  if (!civic_db_run (stmt, error))
    return FALSE;

  w->status = SOUP_STATUS_CREATED;
  civic_json_writer_init (&jw, w->body);
  civic_json_begin_object (&jw);
  civic_json_member_int (&jw, "year", year);
  civic_json_member_int (&jw, "first", first);
  civic_json_member_int (&jw, "last", last);
  civic_json_end_object (&jw);
  return TRUE;
}

static void
numbers_lease (CivicRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  JsonNode *node;
  Lease lease = { 0 };

  if (!civic_auth_require_role (req, "advocate", "reserve tracking numbers"))
    return;
  body = civic_request_json_object (req);
  if (body == NULL)
    return;
  node = json_object_get_member (body, "count");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 1 || json_node_get_int (node) > CIVIC_NUMBERS_MAX_LEASE ||
      json_object_get_size (body) != 1)
    {
      g_autofree char *message = g_strdup_printf ("Say how many numbers to reserve: {\"count\": 1 to %d}",
                                                  CIVIC_NUMBERS_MAX_LEASE);

      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, message);
      return;
    }
  lease.count = json_node_get_int (node);
  civic_write_run_request (req, lease_write, &lease);
}

gboolean
civic_numbers_check_leased (CivicWrite   *w,
                            const char   *username,
                            const char   *request_id,
                            GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  CivicDbStmt *stmt;
  gint64 year = 0;
  gint64 n = 0;
  char *end = NULL;
  gboolean leased;

  if (strlen (request_id) == 15 && g_str_has_prefix (request_id, "311-") && request_id[8] == '-')
    {
      year = g_ascii_strtoll (request_id + 4, &end, 10);
      if (end == request_id + 8)
        n = g_ascii_strtoll (request_id + 9, &end, 10);
    }
  if (n <= 0 || end == NULL || *end != '\0')
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "“%s” is not a tracking number like 311-2026-000123", request_id);
      return FALSE;
    }
  stmt = civic_db_prepare (w->conn,
                           "SELECT 1 FROM number_leases WHERE username = ?1 AND year = ?2 "
                           "AND first <= ?3 AND last >= ?3",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, username);
  civic_db_bind_int64 (stmt, 2, year);
  civic_db_bind_int64 (stmt, 3, n);
  leased = civic_db_step (stmt, &local_error);
  civic_db_done (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!leased)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "%s was not reserved for %s; a desk may only use the numbers the service leased to it",
                   request_id, username);
      return FALSE;
    }
  if (civic_db_exists (w->conn, "SELECT 1 FROM cases WHERE request_id = ?1", request_id, &local_error))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "%s is already the number of another case", request_id);
      return FALSE;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static const CivicRoute routes[] = {
  { "POST", "/api/v1/numbers", numbers_lease, CIVIC_ROUTE_STAFF },
};

void
civic_api_numbers_register (CivicServer *server)
{
  civic_server_add_routes (server, routes, G_N_ELEMENTS (routes));
}
