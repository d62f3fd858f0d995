/* civic-routes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-routes.h"
#include "api/civic-api-changes.h"
#include "api/civic-api-session.h"
#include "api/civic-api-feed.h"
#include "api/civic-api-cases.h"
#include "api/civic-api-directory.h"
#include "api/civic-api-views.h"
#include "api/civic-api-numbers.h"
#include "live/civic-live.h"
#include "open311/civic-open311.h"
#include "civic-json-writer.h"
#include "civic-write.h"

static void
health (CivicRequest *req)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  CivicJsonWriter w;
  gint64 seq = civic_write_current_seq (req->conn, &error);

  civic_json_writer_init (&w, s);
  civic_json_begin_object (&w);
  civic_json_member_string (&w, "status", error == NULL ? "ok" : "degraded");
  civic_json_member_string (&w, "service", "civicdesk-server");
  civic_json_member_string (&w, "version", PACKAGE_VERSION);
  civic_json_member_string (&w, "backend", civic_db_get_backend_name (civic_server_get_db (req->server)));
  civic_json_member_int (&w, "seq", seq);
  if (error != NULL)
    civic_json_member_string (&w, "error", error->message);
  civic_json_end_object (&w);
  civic_reply_raw (req, error == NULL ? SOUP_STATUS_OK : SOUP_STATUS_SERVICE_UNAVAILABLE,
                   "application/json; charset=utf-8", g_strdup (s->str), s->len);
}

static const CivicRoute health_routes[] = {
  { "GET", "/health", health, CIVIC_ROUTE_PUBLIC },
};

void
civic_routes_register_all (CivicServer *server)
{
  civic_server_add_routes (server, health_routes, G_N_ELEMENTS (health_routes));
  civic_api_session_register (server);
  civic_api_feed_register (server);
  civic_api_cases_register (server);
  civic_api_directory_register (server);
  civic_api_views_register (server);
  civic_api_numbers_register (server);
  civic_api_changes_register (server);
  civic_live_register (server);
  civic_open311_register (server);
}
