/* civic-http.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "civic-http.h"
#include "civic-error.h"

const char *
civic_request_param (CivicRequest *req,
                     guint         index)
{
  if (req->params == NULL || index >= req->params->len)
    return NULL;
  return g_ptr_array_index (req->params, index);
}

const char *
civic_request_query (CivicRequest *req,
                     const char   *name)
{
  if (req->query == NULL)
    return NULL;
  return g_hash_table_lookup (req->query, name);
}

const char *
civic_request_header (CivicRequest *req,
                      const char   *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg), name);
}

const char *
civic_request_body_text (CivicRequest *req,
                         gsize        *length)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  gsize len;

  /* Early size checks refuse large bodies before they are read; this is
   * the second line, for bodies that came chunked. */
  if (body->length > CIVIC_HTTP_MAX_BODY)
    {
      civic_reply_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                         "The request body is larger than %d bytes", CIVIC_HTTP_MAX_BODY);
      return NULL;
    }
  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &len);
  if (data == NULL)
    data = "";
  /* soup_message_body_flatten NUL-terminates; embedded NULs are invalid */
  if (!g_utf8_validate (data, len, NULL))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "The request body is not valid UTF-8 text");
      return NULL;
    }
  if (length != NULL)
    *length = len;
  return data;
}

gboolean
civic_json_check_shape (const char  *text,
                        gsize        length,
                        guint        max_depth,
                        gsize        max_string,
                        GError     **error)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gsize string_start = 0;
  gsize i;

  for (i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              in_string = FALSE;
              if (i - string_start > max_string)
                {
                  g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                               "A text value is longer than %" G_GSIZE_FORMAT " bytes", max_string);
                  return FALSE;
                }
            }
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          string_start = i;
          break;
        case '{':
        case '[':
          if (++depth > max_depth)
            {
              g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                           "The JSON is nested deeper than %u levels", max_depth);
              return FALSE;
            }
          break;
        case '}':
        case ']':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }
  return TRUE;
}

JsonObject *
civic_request_json_object (CivicRequest *req)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;
  gsize len = 0;
  JsonNode *root;

  text = civic_request_body_text (req, &len);
  if (text == NULL)
    return NULL;
  if (len == 0)
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "The request has no body; a JSON object was expected");
      return NULL;
    }
  if (!civic_json_check_shape (text, len, CIVIC_HTTP_MAX_JSON_DEPTH, CIVIC_HTTP_MAX_STRING, &error))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "%s", error->message);
      return NULL;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, len, &error))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "The request body is not valid JSON: %s",
                         error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "The request body must be a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

void
civic_reply_raw (CivicRequest *req,
                 guint         status,
                 const char   *content_type,
                 char         *body,
                 gsize         length)
{
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, content_type, SOUP_MEMORY_TAKE, body, length);
}

void
civic_reply_json (CivicRequest *req,
                  guint         status,
                  JsonNode     *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  gsize len = 0;
  char *text;

  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, &len);
  civic_reply_raw (req, status, "application/json; charset=utf-8", text, len);
}

void
civic_reply_builder (CivicRequest *req,
                     guint         status,
                     JsonBuilder  *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  civic_reply_json (req, status, root);
}

void
civic_reply_error (CivicRequest *req,
                   guint         status,
                   const char   *format,
                   ...)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *message = NULL;
  va_list ap;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, status);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  civic_reply_builder (req, status, b);
}

char *
civic_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_seconds);

  if (dt == NULL)
    return g_strdup ("");
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
}

gboolean
civic_parse_time (const char *text,
                  gint64     *unix_seconds)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || *text == '\0' || strlen (text) > 64)
    return FALSE;
  local = g_time_zone_new_local ();
  dt = g_date_time_new_from_iso8601 (text, local);
  if (dt == NULL)
    {
      /* a bare date, as some clients send for start_date */
      int y, m, d;
      char tail;

      if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3)
        dt = g_date_time_new (local, y, m, d, 0, 0, 0);
    }
  if (dt == NULL)
    return FALSE;
  *unix_seconds = g_date_time_to_unix (dt);
  return TRUE;
}
