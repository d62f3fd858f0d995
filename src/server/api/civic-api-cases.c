/* civic-api-cases.c: query, read and create cases
 *
 * Reads never take the write lock; every change goes through
 * civic_write_run_request() in the sibling files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "civic-api-cases.h"
#include "civic-api-cases-private.h"
#include "civic-api-feed-private.h"
#include "auth/civic-auth.h"
#include "civic-error.h"
#include "model/civic-case-record.h"
#include "civic-api-numbers.h"

static const char *const channels[] = { "phone", "web", "mobile", "social", "field", "internal", NULL };
static const char *const priorities[] = { "low", "normal", "high", "urgent", NULL };

/* ---- GET /api/v1/cases ------------------------------------------------ */

static void
cases_list (CivicRequest *req)
{
  g_auto(CivicCaseFilter) f = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_sized_new (16 * 1024);

  if (!civic_case_filter_parse (req->query, req->user->username, CIVIC_CASE_FILTER_QUERY, &f, &error) ||
      !civic_case_filter_run (req->conn, &f, g_get_real_time () / G_USEC_PER_SEC, out, &error))
    {
      civic_reply_gerror (req, error);
      return;
    }
  civic_reply_string (req, SOUP_STATUS_OK, out);
}

/* ---- GET /api/v1/cases/{id} ------------------------------------------- */

static void
cases_get (CivicRequest *req)
{
  const char *request_id = civic_request_param (req, 0);
  g_autoptr(GString) out = g_string_sized_new (4096);
  g_autoptr(GError) error = NULL;
  CivicJsonWriter jw;
  CivicDbStmt *stmt;

  civic_json_writer_init (&jw, out);
  civic_json_begin_object (&jw);
  civic_json_key (&jw, "case");
  if (!civic_case_write_current (req->conn, &jw, request_id, &error))
    {
      civic_reply_gerror (req, error);
      return;
    }
  civic_json_key (&jw, "timeline");
  civic_json_begin_array (&jw);
  stmt = civic_db_prepare (req->conn,
                           "SELECT e.id, e.kind, e.author, e.body, e.old_value, e.new_value, e.public, e.created "
                           "FROM case_events e JOIN cases c ON c.id = e.case_id "
                           "WHERE c.request_id = ?1 ORDER BY e.id",
                           &error);
  if (stmt != NULL)
    {
      civic_db_bind_text (stmt, 1, request_id);
      while (civic_db_step (stmt, &error))
        {
          g_autofree char *created = civic_format_time (civic_db_column_int64 (stmt, 7));

          civic_json_begin_object (&jw);
          civic_json_member_int (&jw, "id", civic_db_column_int64 (stmt, 0));
          civic_json_member_string (&jw, "kind", civic_db_column_text (stmt, 1));
          civic_json_member_string (&jw, "author", civic_db_column_text (stmt, 2));
          civic_json_member_string (&jw, "body", civic_db_column_text (stmt, 3));
          civic_json_member_string (&jw, "old_value", civic_db_column_text (stmt, 4));
          civic_json_member_string (&jw, "new_value", civic_db_column_text (stmt, 5));
          civic_json_member_bool (&jw, "public", civic_db_column_int64 (stmt, 6) != 0);
          civic_json_member_string (&jw, "created", created);
          civic_json_end_object (&jw);
        }
    }
  if (error != NULL)
    {
      civic_reply_gerror (req, error);
      return;
    }
  civic_json_end_array (&jw);
  civic_json_end_object (&jw);
  civic_reply_string (req, SOUP_STATUS_OK, out);
}

/* ---- POST /api/v1/cases ----------------------------------------------- */

typedef struct
{
  CivicCaseDraft  draft;
  GPtrArray      *tags;
  GStrv           tag_strv;
  char           *attributes;
  gint64          source_post;  /* the post this case was made from (issue 8) */
} Create;

static gboolean
body_number (JsonObject  *obj,
             const char  *name,
             double       min,
             double       max,
             gboolean    *present,
             double      *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);
  GType type;

  *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "“%s” must be a number", name);
      return FALSE;
    }
  *out = type == G_TYPE_DOUBLE ? json_node_get_double (node) : (double) json_node_get_int (node);
  if (!isfinite (*out) || *out < min || *out > max)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "“%s” must be between %g and %g; %g is outside",
                   name, min, max, *out);
      return FALSE;
    }
  *present = TRUE;
  return TRUE;
}

static gboolean
parse_location (JsonObject      *obj,
                CivicCaseDraft  *d,
                GError         **error)
{
  gboolean has_lat, has_lon, has_long;
  double lon2 = 0;

  if (!body_number (obj, "lat", -90, 90, &has_lat, &d->lat, error) ||
      !body_number (obj, "long", -180, 180, &has_long, &d->lon, error) ||
      !body_number (obj, "lon", -180, 180, &has_lon, &lon2, error))
    return FALSE;
  if (has_lon && !has_long)
    d->lon = lon2;
  has_lon = has_lon || has_long;
  if (has_lat != has_lon)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "Give both “lat” and “long”, or neither");
      return FALSE;
    }
  d->has_location = d->has_location || has_lat;
  if (!civic_body_string (obj, "address", 500, &d->address, error) ||
      !civic_body_string (obj, "address_id", 100, &d->address_id, error) ||
      !civic_body_string (obj, "zipcode", 20, &d->zipcode, error))
    return FALSE;
  return TRUE;
}

static gboolean
parse_create (JsonObject  *body,
              Create      *c,
              GError     **error)
{
  static const char *const keys[] = {
    "service_code", "channel", "description", "lat", "long", "lon", "address", "address_id", "zipcode",
    "location", "reporter", "tags", "priority", "department", "assignee", "media_url",
    /* a desk's own number from its leased block, and the service's questions */
    "service_request_id", "attributes",
    /* the feed post the case was made from: linked both ways, answered */
    "source_post", NULL
  };
  g_autoptr(GList) members = json_object_get_members (body);
  CivicCaseDraft *d = &c->draft;
  JsonNode *node;

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (keys, l->data))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) keys);

        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "“%s” is not a case field; the fields are %s",
                     (const char *) l->data, list);
        return FALSE;
      }

  if (!civic_body_string (body, "service_code", 100, &d->service_code, error) ||
      !civic_body_string (body, "channel", 16, &d->channel, error) ||
      !civic_body_string (body, "description", CIVIC_CASE_MAX_DESCRIPTION, &d->description, error) ||
      !civic_body_string (body, "priority", 16, &d->priority, error) ||
      !civic_body_string (body, "department", 100, &d->department, error) ||
      !civic_body_string (body, "assignee", 64, &d->assignee, error) ||
      !civic_body_string (body, "media_url", 2000, &d->media_url, error) ||
      !civic_body_string (body, "service_request_id", 32, &d->request_id, error))
    return FALSE;
  node = json_object_get_member (body, "attributes");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                       "“attributes” must be an object of answers: {\"code\": value, …}");
          return FALSE;
        }
      c->attributes = json_to_string (node, FALSE);
      d->attributes_json = c->attributes;
    }
  if (d->service_code == NULL || *d->service_code == '\0')
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "A case needs a “service_code”: what kind of problem is it?");
      return FALSE;
    }
  if (d->channel == NULL)
    d->channel = "phone";
  if (!g_strv_contains (channels, d->channel))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "“%s” is not a channel; use phone, web, mobile, social, field or internal", d->channel);
      return FALSE;
    }
  if (d->priority != NULL && !g_strv_contains (priorities, d->priority))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "“%s” is not a priority; use low, normal, high or urgent", d->priority);
      return FALSE;
    }
  if (!parse_location (body, d, error))
    return FALSE;
  node = json_object_get_member (body, "location");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "“location” must be an object with lat, long and address");
          return FALSE;
        }
      if (!parse_location (json_node_get_object (node), d, error))
        return FALSE;
    }
  node = json_object_get_member (body, "reporter");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonObject *r;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "“reporter” must be an object with name, email and phone");
          return FALSE;
        }
      r = json_node_get_object (node);
      if (!civic_body_string (r, "name", 200, &d->reporter_name, error) ||
          !civic_body_string (r, "email", 254, &d->reporter_email, error) ||
          !civic_body_string (r, "phone", 50, &d->reporter_phone, error))
        return FALSE;
      if (d->reporter_email != NULL && *d->reporter_email != '\0' && strchr (d->reporter_email, '@') == NULL)
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "“%s” is not an email address", d->reporter_email);
          return FALSE;
        }
    }
  node = json_object_get_member (body, "source_post");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) <= 0)
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "“source_post” must be the id of a post");
          return FALSE;
        }
      c->source_post = json_node_get_int (node);
    }
  if (!civic_body_tags (body, "tags", &c->tags, error))
    return FALSE;
  if (c->tags != NULL)
    {
      c->tag_strv = g_new0 (char *, c->tags->len + 1);
      for (guint i = 0; i < c->tags->len; i++)
        c->tag_strv[i] = g_strdup (g_ptr_array_index (c->tags, i));
      d->tags = (const char *const *) c->tag_strv;
    }
  return TRUE;
}

static gboolean
create_write (CivicWrite  *w,
              gpointer     data,
              GError     **error)
{
  Create *c = data;
  g_autofree char *request_id = NULL;
  gint64 id;

  if (!civic_db_exists (w->conn, "SELECT 1 FROM services WHERE code = ?1", c->draft.service_code, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "There is no service “%s”; see GET /api/v1/services",
                     c->draft.service_code);
      return FALSE;
    }
  if (c->draft.department != NULL && !civic_case_check_department (w->conn, c->draft.department, error))
    return FALSE;
  if (c->draft.assignee != NULL && !civic_case_check_assignee (w->conn, c->draft.assignee, error))
    return FALSE;
  if (c->draft.request_id != NULL && !civic_numbers_check_leased (w, w->actor, c->draft.request_id, error))
    return FALSE;
  if (!civic_case_insert (w, &c->draft, &id, &request_id, error))
    return FALSE;
  if (c->source_post > 0 && !civic_feed_case_from_post (w, c->source_post, id, request_id, error))
    return FALSE;

  w->status = SOUP_STATUS_CREATED;
  return civic_case_reply_current (w, request_id, error);
}

static void
cases_create (CivicRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  Create c = { { 0, }, };

  if (!civic_auth_require_role (req, "advocate", "create cases"))
    return;
  body = civic_request_json_object (req);
  if (body == NULL)
    return;
  if (parse_create (body, &c, &error))
    civic_write_run_request (req, create_write, &c);
  else
    civic_reply_gerror (req, error);
  g_clear_pointer (&c.tags, g_ptr_array_unref);
  g_strfreev (c.tag_strv);
  g_free (c.attributes);
}

static const CivicRoute routes[] = {
  /* bulk first: its path would otherwise read as a case numbered "bulk" */
  { "POST", "/api/v1/cases/bulk", civic_api_cases_bulk, CIVIC_ROUTE_STAFF },
  { "GET", "/api/v1/cases", cases_list, CIVIC_ROUTE_STAFF },
  { "POST", "/api/v1/cases", cases_create, CIVIC_ROUTE_STAFF },
  { "GET", "/api/v1/cases/{}", cases_get, CIVIC_ROUTE_STAFF },
  { "PATCH", "/api/v1/cases/{}", civic_api_cases_update, CIVIC_ROUTE_STAFF },
  { "POST", "/api/v1/cases/{}/notes", civic_api_cases_note, CIVIC_ROUTE_STAFF },
  { "POST", "/api/v1/cases/{}/merge", civic_api_cases_merge, CIVIC_ROUTE_STAFF },
};

void
civic_api_cases_register (CivicServer *server)
{
  civic_server_add_routes (server, routes, G_N_ELEMENTS (routes));
}
