/* civic-open311.c: routes, formats, errors, discovery and the catalogue
 *
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): every
 * resource is NAME.json or NAME.xml; errors are a list of {code,
 * description} with HTTP 400, 403 or 404.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include "civic-open311.h"
#include "civic-open311-private.h"
#include "model/civic-service-record.h"

/* When this implementation of the endpoint last changed (discovery). */
#define OPEN311_CHANGESET "2026-11-23T00:00:00Z"

char *
civic_open311_split_format (CivicRequest       *req,
                            const char         *segment,
                            CivicOpen311Format *format)
{
  const char *dot = strrchr (segment, '.');

  if (dot != NULL && dot != segment)
    {
      if (g_str_equal (dot, ".json"))
        {
          *format = CIVIC_OPEN311_JSON;
          return g_strndup (segment, dot - segment);
        }
      if (g_str_equal (dot, ".xml"))
        {
          *format = CIVIC_OPEN311_XML;
          return g_strndup (segment, dot - segment);
        }
    }
  *format = CIVIC_OPEN311_JSON;
  civic_open311_error (req, CIVIC_OPEN311_JSON, SOUP_STATUS_NOT_FOUND,
                       "Open311 resources end in .json or .xml; “%s” does not", segment);
  return NULL;
}

void
civic_open311_reply (CivicRequest       *req,
                     CivicOpen311Format  format,
                     GString            *body)
{
  civic_reply_raw (req, SOUP_STATUS_OK,
                   format == CIVIC_OPEN311_XML ? CIVIC_OPEN311_XML_TYPE : CIVIC_OPEN311_JSON_TYPE,
                   g_strndup (body->str, body->len), body->len);
}

void
civic_open311_error (CivicRequest       *req,
                     CivicOpen311Format  format,
                     guint               status,
                     const char         *description_format,
                     ...)
{
  g_autofree char *description = NULL;
  GString *s = g_string_new (NULL);
  va_list ap;

  va_start (ap, description_format);
  description = g_strdup_vprintf (description_format, ap);
  va_end (ap);

  if (format == CIVIC_OPEN311_XML)
    {
      g_autofree char *escaped = g_markup_escape_text (description, -1);

      g_string_append_printf (s, CIVIC_OPEN311_XML_HEAD
                              "<errors><error><code>%u</code><description>%s</description></error></errors>",
                              status, escaped);
    }
  else
    {
      CivicJsonWriter w;

      civic_json_writer_init (&w, s);
      civic_json_begin_array (&w);
      civic_json_begin_object (&w);
      civic_json_member_int (&w, "code", status);
      civic_json_member_string (&w, "description", description);
      civic_json_end_object (&w);
      civic_json_end_array (&w);
    }
  civic_reply_raw (req, status,
                   format == CIVIC_OPEN311_XML ? CIVIC_OPEN311_XML_TYPE : CIVIC_OPEN311_JSON_TYPE,
                   s->str, s->len);
  g_string_free (s, FALSE);
}

gboolean
civic_open311_check_jurisdiction (CivicRequest       *req,
                                  CivicOpen311Format  format,
                                  const char         *jurisdiction_id)
{
  const char *ours = civic_server_get_config (req->server)->jurisdiction_id;

  /* Open311 makes jurisdiction_id optional for single-city endpoints;
   * when the operator named the city, any other value is refused. */
  if (ours == NULL || *ours == '\0' || jurisdiction_id == NULL || *jurisdiction_id == '\0')
    return TRUE;
  if (g_str_equal (ours, jurisdiction_id))
    return TRUE;
  civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                       "unknown jurisdiction “%s”: this endpoint serves “%s”", jurisdiction_id, ours);
  return FALSE;
}

static char *
endpoint_url (CivicRequest *req)
{
  const char *host = civic_request_header (req, "Host");

  if (host == NULL || *host == '\0' || strpbrk (host, " \"<>") != NULL)
    return g_strdup ("/open311/v2");
  return g_strdup_printf ("%s://%s/open311/v2", civic_server_is_tls (req->server) ? "https" : "http", host);
}

static void
discovery (CivicRequest       *req,
           CivicOpen311Format  format)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *url = endpoint_url (req);
  const char *contact = "The city's 311 service desk";
  const char *key_service = "API keys are issued by the city's 311 service desk "
                            "(civicdesk-server api-key add)";

  if (format == CIVIC_OPEN311_XML)
    {
      g_autofree char *e_url = g_markup_escape_text (url, -1);
      const char *formats[] = { "application/json", "text/xml" };
      guint i;

      g_string_append (s, CIVIC_OPEN311_XML_HEAD "<discovery>");
      g_string_append_printf (s, "<changeset>%s</changeset><contact>%s</contact>"
                              "<key_service>%s</key_service><endpoints><endpoint>"
                              "<specification>http://wiki.open311.org/GeoReport_v2</specification>"
                              "<url>%s</url><changeset>%s</changeset><type>production</type><formats>",
                              OPEN311_CHANGESET, contact, key_service, e_url, OPEN311_CHANGESET);
      for (i = 0; i < G_N_ELEMENTS (formats); i++)
        g_string_append_printf (s, "<format>%s</format>", formats[i]);
      g_string_append (s, "</formats></endpoint></endpoints></discovery>");
    }
  else
    {
      CivicJsonWriter w;

      civic_json_writer_init (&w, s);
      civic_json_begin_object (&w);
      civic_json_member_string (&w, "changeset", OPEN311_CHANGESET);
      civic_json_member_string (&w, "contact", contact);
      civic_json_member_string (&w, "key_service", key_service);
      civic_json_key (&w, "endpoints");
      civic_json_begin_array (&w);
      civic_json_begin_object (&w);
      civic_json_member_string (&w, "specification", "http://wiki.open311.org/GeoReport_v2");
      civic_json_member_string (&w, "url", url);
      civic_json_member_string (&w, "changeset", OPEN311_CHANGESET);
      civic_json_member_string (&w, "type", "production");
      civic_json_key (&w, "formats");
      civic_json_begin_array (&w);
      civic_json_string (&w, "application/json");
      civic_json_string (&w, "text/xml");
      civic_json_end_array (&w);
      civic_json_end_object (&w);
      civic_json_end_array (&w);
      civic_json_end_object (&w);
    }
  civic_open311_reply (req, format, s);
}

static void
services_list (CivicRequest       *req,
               CivicOpen311Format  format)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  CivicDbStmt *stmt;
  CivicJsonWriter w;

  stmt = civic_db_prepare (req->conn, "SELECT " CIVIC_SERVICE_COLUMNS " FROM services s "
                           "ORDER BY s.grp, s.name, s.code", &error);
  if (stmt == NULL)
    {
      civic_open311_error (req, format, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                           "The service list cannot be read: %s", error->message);
      return;
    }
  if (format == CIVIC_OPEN311_XML)
    g_string_append (s, CIVIC_OPEN311_XML_HEAD "<services>");
  else
    {
      civic_json_writer_init (&w, s);
      civic_json_begin_array (&w);
    }
  while (civic_db_step (stmt, &error))
    {
      if (format == CIVIC_OPEN311_XML)
        civic_service_write_xml (s, stmt);
      else
        civic_service_write_json (&w, stmt);
    }
  if (error != NULL)
    {
      civic_open311_error (req, format, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                           "The service list cannot be read: %s", error->message);
      return;
    }
  if (format == CIVIC_OPEN311_XML)
    g_string_append (s, "</services>");
  else
    civic_json_end_array (&w);
  civic_open311_reply (req, format, s);
}

static void
service_definition (CivicRequest *req)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) attrs = NULL;
  g_autofree char *code = NULL;
  CivicOpen311Format format;
  CivicDbStmt *stmt;

  code = civic_open311_split_format (req, civic_request_param (req, 0), &format);
  if (code == NULL)
    return;
  if (!civic_open311_check_jurisdiction (req, format, civic_request_query (req, "jurisdiction_id")))
    return;
  stmt = civic_db_prepare (req->conn, "SELECT attributes FROM services WHERE code = ?1", &error);
  if (stmt != NULL)
    {
      civic_db_bind_text (stmt, 1, code);
      if (civic_db_step (stmt, &error))
        {
          attrs = civic_service_attributes_parse (civic_db_column_text (stmt, 0));
          civic_db_done (stmt);
        }
    }
  if (error != NULL)
    {
      civic_open311_error (req, format, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                           "The service definition cannot be read: %s", error->message);
      return;
    }
  if (attrs == NULL)
    {
      civic_open311_error (req, format, SOUP_STATUS_NOT_FOUND,
                           "There is no service with the code “%s” (see services.%s)",
                           code, format == CIVIC_OPEN311_XML ? "xml" : "json");
      return;
    }

  if (format == CIVIC_OPEN311_XML)
    {
      g_autofree char *e_code = g_markup_escape_text (code, -1);

      g_string_append_printf (s, CIVIC_OPEN311_XML_HEAD "<service_definition><service_code>%s</service_code>",
                              e_code);
      civic_service_attributes_write_xml (s, attrs);
      g_string_append (s, "</service_definition>");
    }
  else
    {
      CivicJsonWriter w;

      civic_json_writer_init (&w, s);
      civic_json_begin_object (&w);
      civic_json_member_string (&w, "service_code", code);
      civic_json_key (&w, "attributes");
      civic_service_attributes_write_json (&w, attrs);
      civic_json_end_object (&w);
    }
  civic_open311_reply (req, format, s);
}

/* GET discovery / services / requests . fmt */
static void
top_get (CivicRequest *req)
{
  g_autofree char *name = NULL;
  CivicOpen311Format format;

  name = civic_open311_split_format (req, civic_request_param (req, 0), &format);
  if (name == NULL)
    return;
  if (!civic_open311_check_jurisdiction (req, format, civic_request_query (req, "jurisdiction_id")))
    return;
  if (g_str_equal (name, "discovery"))
    discovery (req, format);
  else if (g_str_equal (name, "services"))
    services_list (req, format);
  else if (g_str_equal (name, "requests"))
    civic_open311_get_requests (req, format);
  else
    civic_open311_error (req, format, SOUP_STATUS_NOT_FOUND,
                         "There is no Open311 resource “%s” (try discovery, services or requests)", name);
}

static void
top_post (CivicRequest *req)
{
  g_autofree char *name = NULL;
  CivicOpen311Format format;

  name = civic_open311_split_format (req, civic_request_param (req, 0), &format);
  if (name == NULL)
    return;
  if (g_str_equal (name, "requests"))
    civic_open311_post_request (req);
  else if (g_str_equal (name, "discovery") || g_str_equal (name, "services"))
    civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                         "%s can only be read (GET), not posted to", name);
  else
    civic_open311_error (req, format, SOUP_STATUS_NOT_FOUND,
                         "There is no Open311 resource “%s”; new requests go to requests.json", name);
}

static void
not_found (CivicRequest *req)
{
  const char *rest = civic_request_param (req, 0);
  CivicOpen311Format format = rest != NULL && g_str_has_suffix (rest, ".xml")
                              ? CIVIC_OPEN311_XML : CIVIC_OPEN311_JSON;

  civic_open311_error (req, format, SOUP_STATUS_NOT_FOUND,
                       "There is no Open311 resource at %s (%s); see discovery.json",
                       req->path, req->method);
}

static const CivicRoute open311_routes[] = {
  { "GET", "/open311/v2/{}", top_get, CIVIC_ROUTE_PUBLIC },
  { "POST", "/open311/v2/{}", top_post, CIVIC_ROUTE_PUBLIC },
  { "GET", "/open311/v2/services/{}", service_definition, CIVIC_ROUTE_PUBLIC },
  { "GET", "/open311/v2/requests/{}", civic_open311_get_request, CIVIC_ROUTE_PUBLIC },
  { "GET", "/open311/v2/tokens/{}", civic_open311_get_token, CIVIC_ROUTE_PUBLIC },
  /* last: anything else under the prefix answers in Open311's format */
  { NULL, "/open311/v2/*", not_found, CIVIC_ROUTE_PUBLIC },
};

void
civic_open311_register (CivicServer *server)
{
  civic_server_add_routes (server, open311_routes, G_N_ELEMENTS (open311_routes));
}
