/* civic-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "civic-server.h"

struct _CivicServer
{
  GObject     parent_instance;

  char       *db_path;
  char       *address;
  guint       port;
  SoupServer *soup;
  gint64      started_at;
};

G_DEFINE_FINAL_TYPE (CivicServer, civic_server, G_TYPE_OBJECT)

static void
send_json (SoupServerMessage *msg,
           guint              status,
           JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  gsize len = 0;
  char *body;

  json_generator_set_root (gen, root);
  body = json_generator_to_data (gen, &len);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, body, len);
}

static void
health_cb (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  CivicServer *self = user_data;
  g_autoptr(JsonBuilder) b = NULL;

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_GET) != 0 &&
      g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_HEAD) != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET, HEAD");
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "ok");
  json_builder_set_member_name (b, "service");
  json_builder_add_string_value (b, "civicdesk-server");
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "uptime_s");
  json_builder_add_int_value (b, (g_get_monotonic_time () - self->started_at) / G_USEC_PER_SEC);
  json_builder_end_object (b);
  send_json (msg, SOUP_STATUS_OK, b);
}

static void
not_found_cb (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *text = g_strdup_printf ("Nothing is served at %s", path);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, text);
  json_builder_end_object (b);
  send_json (msg, SOUP_STATUS_NOT_FOUND, b);
}

static void
civic_server_finalize (GObject *object)
{
  CivicServer *self = CIVIC_SERVER (object);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->address, g_free);

  G_OBJECT_CLASS (civic_server_parent_class)->finalize (object);
}

static void
civic_server_class_init (CivicServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = civic_server_finalize;
}

static void
civic_server_init (CivicServer *self)
{
  self->started_at = g_get_monotonic_time ();
}

CivicServer *
civic_server_new (const char *db_path)
{
  CivicServer *self = g_object_new (CIVIC_TYPE_SERVER, NULL);

  self->db_path = g_strdup (db_path);
  self->soup = soup_server_new ("server-header", "civicdesk-server/" PACKAGE_VERSION, NULL);
  soup_server_add_handler (self->soup, "/health", health_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, not_found_cb, self, NULL);

  return self;
}

gboolean
civic_server_listen (CivicServer  *self,
                     const char   *address,
                     guint         port,
                     GError      **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) sockaddr = NULL;
  GSList *uris;

  g_return_val_if_fail (CIVIC_IS_SERVER (self), FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address to listen on (try 127.0.0.1 or 0.0.0.0)",
                   address);
      return FALSE;
    }

  sockaddr = g_inet_socket_address_new (inet, port);
  if (!soup_server_listen (self->soup, sockaddr, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    {
      GUri *uri = uris->data;

      self->port = g_uri_get_port (uri);
      g_free (self->address);
      self->address = g_strdup (address);
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return TRUE;
}

guint
civic_server_get_port (CivicServer *self)
{
  g_return_val_if_fail (CIVIC_IS_SERVER (self), 0);
  return self->port;
}

const char *
civic_server_get_address (CivicServer *self)
{
  g_return_val_if_fail (CIVIC_IS_SERVER (self), NULL);
  return self->address;
}
