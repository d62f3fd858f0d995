/* civic-http.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "civic-http.h"
#include "civic-error.h"
#include "civic-json-writer.h"

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
civic_reply_string (CivicRequest *req,
                    guint         status,
                    GString      *body)
{
  civic_reply_raw (req, status, "application/json; charset=utf-8", g_strndup (body->str, body->len), body->len);
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

/* ---- refusing a request before its body -------------------------------- */

#define REFUSAL_DRAIN_MAX   (16 * 1024 * 1024)
#define REFUSAL_DRAIN_MS    2000

typedef struct
{
  GIOStream    *stream;
  GCancellable *cancellable;
  GSource      *timeout;
  char         *response;
  gsize         drained;
  char          buffer[16 * 1024];
} Refusal;

static void
refusal_free (Refusal *r)
{
  if (r->timeout != NULL)
    {
      g_source_destroy (r->timeout);
      g_source_unref (r->timeout);
    }
  g_io_stream_close_async (r->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_object_unref (r->stream);
  g_object_unref (r->cancellable);
  g_free (r->response);
  g_free (r);
}

static gboolean
refusal_timeout_cb (gpointer data)
{
  g_cancellable_cancel (((Refusal *) data)->cancellable);
  return G_SOURCE_REMOVE;
}

/* Reads and drops what the client still sends, so that closing does not
 * reset the connection before it has read our answer; bounded in bytes
 * and time. */
static void
refusal_drain_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  Refusal *r = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0 || (r->drained += (gsize) n) > REFUSAL_DRAIN_MAX)
    {
      refusal_free (r);
      return;
    }
  g_input_stream_read_async (G_INPUT_STREAM (source), r->buffer, sizeof r->buffer, G_PRIORITY_LOW,
                             r->cancellable, refusal_drain_cb, r);
}

static void
refusal_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  Refusal *r = data;
  GSocket *socket = g_object_get_data (G_OBJECT (r->stream), "GSocket");

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      refusal_free (r);
      return;
    }
  if (socket != NULL && !G_IS_TLS_CONNECTION (r->stream))
    g_socket_shutdown (socket, FALSE, TRUE, NULL);
  g_input_stream_read_async (g_io_stream_get_input_stream (r->stream), r->buffer, sizeof r->buffer,
                             G_PRIORITY_LOW, r->cancellable, refusal_drain_cb, r);
}

void
civic_http_refuse_connection (SoupServerMessage *msg,
                              guint              status,
                              const char        *message)
{
  g_autoptr(GString) body = g_string_new ("{\"error\": {\"status\": ");
  Refusal *r;
  GIOStream *stream;

  g_string_append_printf (body, "%u, \"message\": ", status);
  civic_json_append_escaped (body, message);
  g_string_append (body, "}}");

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;
  r = g_new0 (Refusal, 1);
  r->stream = stream;
  r->cancellable = g_cancellable_new ();
  r->response = g_strdup_printf ("HTTP/1.1 %u %s\r\nContent-Type: application/json; charset=utf-8\r\n"
                                 "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n%s",
                                 status, soup_status_get_phrase (status), body->len, body->str);
  r->timeout = g_timeout_source_new (REFUSAL_DRAIN_MS);
  g_source_set_callback (r->timeout, refusal_timeout_cb, r, NULL);
  g_source_attach (r->timeout, g_main_context_get_thread_default ());
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream), r->response, strlen (r->response),
                                   G_PRIORITY_DEFAULT, r->cancellable, refusal_written_cb, r);
}

/* The zone is looked up once: g_time_zone_new_local() stats and reads
 * /etc/localtime on every call, which cost the changes feed more than all
 * its SQL (four times per case). A zone change needs a restart. */
static GTimeZone *
local_zone (void)
{
  static gsize once = 0;
  static GTimeZone *zone;

  if (g_once_init_enter (&once))
    {
      zone = g_time_zone_new_local ();
      g_once_init_leave (&once, 1);
    }
  return zone;
}

static void
put_digits (char *at,
            int   value,
            int   width)
{
  for (int i = width - 1; i >= 0; i--)
    {
      at[i] = (char) ('0' + value % 10);
      value /= 10;
    }
}

gsize
civic_format_time_buf (gint64  unix_seconds,
                       char   *buf,
                       gsize   size)
{
  GTimeZone *zone = local_zone ();
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, unix_seconds);
  gint32 offset = interval >= 0 ? g_time_zone_get_offset (zone, interval) : 0;
  gint64 local = unix_seconds + offset;
  gint64 days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  gint64 secs = local - days * 86400;
  /* civil date from days since 1970-01-01 (proleptic Gregorian) */
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 d = doy - (153 * mp + 2) / 5 + 1;
  gint64 m = mp < 10 ? mp + 3 : mp - 9;
  gint64 y = yoe + era * 400 + (m <= 2);
  gint32 off = ABS (offset) / 60;

  if (y < 0 || y > 9999)
    {
      if (size > 0)
        buf[0] = '\0';
      return 0;
    }
  if (size < 26)
    {
      if (size > 0)
        buf[0] = '\0';
      return 0;
    }
  /* by hand, not printf: four of these per case in the changes feed */
  put_digits (buf, (int) y, 4);
  buf[4] = '-';
  put_digits (buf + 5, (int) m, 2);
  buf[7] = '-';
  put_digits (buf + 8, (int) d, 2);
  buf[10] = 'T';
  put_digits (buf + 11, (int) (secs / 3600), 2);
  buf[13] = ':';
  put_digits (buf + 14, (int) (secs / 60 % 60), 2);
  buf[16] = ':';
  put_digits (buf + 17, (int) (secs % 60), 2);
  buf[19] = offset < 0 ? '-' : '+';
  put_digits (buf + 20, off / 60, 2);
  buf[22] = ':';
  put_digits (buf + 23, off % 60, 2);
  buf[25] = '\0';
  return 25;
}

char *
civic_format_time (gint64 unix_seconds)
{
  char buf[40];

  civic_format_time_buf (unix_seconds, buf, sizeof buf);
  return g_strdup (buf);
}

gboolean
civic_parse_time (const char *text,
                  gint64     *unix_seconds)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || *text == '\0' || strlen (text) > 64)
    return FALSE;
  local = g_time_zone_ref (local_zone ());
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
