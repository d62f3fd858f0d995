/* civic-connection-monitor.c: is the Civic Desk service reachable?
 *
 * Asks GET {server}/health at start, every 30 s and on demand, and turns
 * the answer into a state and a sentence a clerk can act on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "civic-connection-monitor.h"

#define CHECK_INTERVAL_SECONDS 30
#define REQUEST_TIMEOUT_SECONDS 10

struct _CivicConnectionMonitor
{
  GObject         parent_instance;

  char           *server_url;
  char           *display_name;   /* "host:port" for messages */
  CivicSyncState  state;
  char           *message;
  GDateTime      *offline_since;

  SoupSession    *session;
  GCancellable   *cancellable;    /* the check in flight, if any */
  guint           timeout_id;
};

G_DEFINE_FINAL_TYPE (CivicConnectionMonitor, civic_connection_monitor, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CivicSyncState, civic_sync_state,
  G_DEFINE_ENUM_VALUE (CIVIC_SYNC_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (CIVIC_SYNC_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (CIVIC_SYNC_STATE_ONLINE, "online"),
  G_DEFINE_ENUM_VALUE (CIVIC_SYNC_STATE_ERROR, "error"))

enum {
  PROP_0,
  PROP_SERVER_URL,
  PROP_STATE,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_state (CivicConnectionMonitor *self,
           CivicSyncState          state,
           const char             *message)
{
  if (state == CIVIC_SYNC_STATE_ONLINE || state == CIVIC_SYNC_STATE_ERROR)
    g_clear_pointer (&self->offline_since, g_date_time_unref);

  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
set_offline (CivicConnectionMonitor *self,
             const char             *reason)
{
  g_autofree char *since = NULL;
  g_autofree char *message = NULL;

  /* "since" is when the service went away, not the latest failed retry */
  if (self->offline_since == NULL)
    self->offline_since = g_date_time_new_now_local ();

  since = g_date_time_format (self->offline_since, "%H:%M");
  /* TRANSLATORS: first %s is a time like 14:02, second %s a server like
   * 127.0.0.1:8311, third %s the technical reason */
  message = g_strdup_printf (_("Offline since %s — cannot reach %s (%s)"),
                             since, self->display_name, reason);
  set_state (self, CIVIC_SYNC_STATE_OFFLINE, message);
}

static gboolean
health_is_ok (GBytes  *body,
              char   **problem)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize len;
  JsonNode *root;
  JsonObject *obj;

  data = g_bytes_get_data (body, &len);
  if (!json_parser_load_from_data (parser, data, len, &error))
    {
      *problem = g_strdup (_("The service answered with something that is not a health report"));
      return FALSE;
    }

  root = json_parser_get_root (parser);
  obj = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (obj == NULL || g_strcmp0 (json_object_get_string_member_with_default (obj, "status", NULL), "ok") != 0)
    {
      *problem = g_strdup (_("The service reports that it is not healthy"));
      return FALSE;
    }

  return TRUE;
}

static void
health_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  CivicConnectionMonitor *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *message = NULL;
  SoupMessage *msg;
  guint status;

  msg = soup_session_get_async_result_message (session, result);
  body = soup_session_send_and_read_finish (session, result, &error);

  /* dispose cancels: then @self may be gone, so touch nothing */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (error != NULL)
    {
      set_offline (self, error->message);
      return;
    }

  status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      /* TRANSLATORS: %u is an HTTP status code, %s its reason, e.g. 503 Service Unavailable */
      message = g_strdup_printf (_("The service answered with an error: %u %s"),
                                 status, soup_message_get_reason_phrase (msg));
      set_state (self, CIVIC_SYNC_STATE_ERROR, message);
      return;
    }

  if (!health_is_ok (body, &problem))
    {
      set_state (self, CIVIC_SYNC_STATE_ERROR, problem);
      return;
    }

  /* TRANSLATORS: %s is a server like 127.0.0.1:8311 */
  message = g_strdup_printf (_("Connected to %s"), self->display_name);
  set_state (self, CIVIC_SYNC_STATE_ONLINE, message);
}

static char *
health_url_for (const char  *server_url,
                char       **display_name)
{
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) health = NULL;
  g_autofree char *with_slash = NULL;
  const char *scheme;

  base = g_uri_parse (server_url, G_URI_FLAGS_NONE, NULL);
  if (base == NULL)
    return NULL;

  scheme = g_uri_get_scheme (base);
  if ((g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      g_uri_get_host (base) == NULL || *g_uri_get_host (base) == '\0')
    return NULL;

  if (g_uri_get_port (base) > 0)
    *display_name = g_strdup_printf ("%s:%d", g_uri_get_host (base), g_uri_get_port (base));
  else
    *display_name = g_strdup (g_uri_get_host (base));

  /* "https://city.example/desk" means the service lives under /desk/ */
  if (!g_str_has_suffix (g_uri_get_path (base), "/"))
    {
      g_autofree char *path = g_strconcat (g_uri_get_path (base), "/", NULL);
      g_autoptr(GUri) fixed = g_uri_build (G_URI_FLAGS_NONE, scheme, NULL,
                                          g_uri_get_host (base), g_uri_get_port (base),
                                          path, NULL, NULL);
      g_uri_unref (base);
      base = g_steal_pointer (&fixed);
    }

  health = g_uri_parse_relative (base, "health", G_URI_FLAGS_NONE, NULL);
  return health ? g_uri_to_string (health) : NULL;
}

static void
start_check (CivicConnectionMonitor *self,
             gboolean                show_connecting)
{
  g_autofree char *url = NULL;
  g_autofree char *display_name = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->server_url == NULL || *self->server_url == '\0')
    {
      set_state (self, CIVIC_SYNC_STATE_OFFLINE,
                 _("No service configured — set one in Preferences"));
      return;
    }

  url = health_url_for (self->server_url, &display_name);
  if (url == NULL)
    {
      g_autofree char *message = NULL;

      /* TRANSLATORS: %s is what the user typed as the service address */
      message = g_strdup_printf (_("“%s” is not a service address — use one like https://311.example.gov/"),
                                 self->server_url);
      set_state (self, CIVIC_SYNC_STATE_ERROR, message);
      return;
    }

  g_free (self->display_name);
  self->display_name = g_steal_pointer (&display_name);

  /* the periodic retry stays quiet: the header bar should not flicker
   * every 30 s, and "Offline since" keeps its time */
  if (show_connecting)
    {
      g_autofree char *message = NULL;

      /* TRANSLATORS: %s is a server like 127.0.0.1:8311 */
      message = g_strdup_printf (_("Connecting to %s…"), self->display_name);
      set_state (self, CIVIC_SYNC_STATE_CONNECTING, message);
    }

  msg = soup_message_new (SOUP_METHOD_GET, url);
  if (msg == NULL)
    {
      set_state (self, CIVIC_SYNC_STATE_ERROR, _("The service address cannot be used"));
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Accept", "application/json");

  self->cancellable = g_cancellable_new ();
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    self->cancellable, health_cb, self);
}

static gboolean
periodic_check_cb (gpointer user_data)
{
  CivicConnectionMonitor *self = user_data;

  /* a check still in flight (a slow service) is not restarted */
  if (self->cancellable == NULL)
    start_check (self, FALSE);

  return G_SOURCE_CONTINUE;
}

static void
civic_connection_monitor_dispose (GObject *object)
{
  CivicConnectionMonitor *self = CIVIC_CONNECTION_MONITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (civic_connection_monitor_parent_class)->dispose (object);
}

static void
civic_connection_monitor_finalize (GObject *object)
{
  CivicConnectionMonitor *self = CIVIC_CONNECTION_MONITOR (object);

  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->offline_since, g_date_time_unref);

  G_OBJECT_CLASS (civic_connection_monitor_parent_class)->finalize (object);
}

static void
civic_connection_monitor_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  CivicConnectionMonitor *self = CIVIC_CONNECTION_MONITOR (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_connection_monitor_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  CivicConnectionMonitor *self = CIVIC_CONNECTION_MONITOR (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      civic_connection_monitor_set_server_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_connection_monitor_class_init (CivicConnectionMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = civic_connection_monitor_dispose;
  object_class->finalize = civic_connection_monitor_finalize;
  object_class->get_property = civic_connection_monitor_get_property;
  object_class->set_property = civic_connection_monitor_set_property;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       CIVIC_TYPE_SYNC_STATE, CIVIC_SYNC_STATE_OFFLINE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
civic_connection_monitor_init (CivicConnectionMonitor *self)
{
  g_autofree char *user_agent = g_strdup_printf ("civicdesk/%s ", PACKAGE_VERSION);

  self->state = CIVIC_SYNC_STATE_OFFLINE;
  self->message = g_strdup ("");
  self->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_SECONDS,
                                                 "user-agent", user_agent,
                                                 NULL);
}

CivicConnectionMonitor *
civic_connection_monitor_new (const char *server_url)
{
  return g_object_new (CIVIC_TYPE_CONNECTION_MONITOR,
                       "server-url", server_url,
                       NULL);
}

const char *
civic_connection_monitor_get_server_url (CivicConnectionMonitor *self)
{
  g_return_val_if_fail (CIVIC_IS_CONNECTION_MONITOR (self), NULL);

  return self->server_url;
}

/* A new address starts a fresh check at once and restarts the 30 s clock. */
void
civic_connection_monitor_set_server_url (CivicConnectionMonitor *self,
                                         const char             *server_url)
{
  g_return_if_fail (CIVIC_IS_CONNECTION_MONITOR (self));

  if (g_strcmp0 (self->server_url, server_url) == 0)
    return;

  g_free (self->server_url);
  self->server_url = g_strdup (server_url);

  g_clear_pointer (&self->offline_since, g_date_time_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
  civic_connection_monitor_check (self);
}

CivicSyncState
civic_connection_monitor_get_state (CivicConnectionMonitor *self)
{
  g_return_val_if_fail (CIVIC_IS_CONNECTION_MONITOR (self), CIVIC_SYNC_STATE_OFFLINE);

  return self->state;
}

const char *
civic_connection_monitor_get_message (CivicConnectionMonitor *self)
{
  g_return_val_if_fail (CIVIC_IS_CONNECTION_MONITOR (self), NULL);

  return self->message;
}

/* Checks now (the sync-now action), showing "Connecting…" meanwhile. */
void
civic_connection_monitor_check (CivicConnectionMonitor *self)
{
  g_return_if_fail (CIVIC_IS_CONNECTION_MONITOR (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_seconds (CHECK_INTERVAL_SECONDS, periodic_check_cb, self);
  start_check (self, TRUE);
}
