/* civic-server.c: worker threads, sockets, routing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "civic-server.h"
#include "auth/civic-auth.h"
#include "civic-error.h"

struct _CivicWorker
{
  CivicServer  *server;
  guint         index;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *soup;
  GSocket      *socket;
  CivicDbConn  *conn;
  GError       *start_error;
  gboolean      started;
};

typedef struct
{
  CivicWorkerHook hook;
  gpointer        user_data;
} WorkerHook;

typedef struct
{
  CivicSeqListener listener;
  gpointer         user_data;
} SeqListener;

struct _CivicServer
{
  CivicServerConfig  config;
  char              *db_uri;
  char              *address;
  char              *tls_cert;
  char              *tls_key;
  char              *jurisdiction_id;
  guint              port;
  CivicDb           *db;
  GTlsCertificate   *certificate;
  GArray            *routes;       /* CivicRoute */
  GArray            *worker_hooks; /* WorkerHook */
  GArray            *seq_listeners;/* SeqListener */
  GPtrArray         *workers;
  GMutex             start_lock;
  GCond              start_cond;
};

/* ---- routing ---------------------------------------------------------- */

/* Matches @path against @pattern segment by segment, collecting {} and *
 * captures. */
static gboolean
route_matches (const char *pattern,
               const char *path,
               GPtrArray  *params)
{
  const char *p = pattern;
  const char *s = path;

  while (*p != '\0' && *s != '\0')
    {
      if (p[0] == '*' && p[1] == '\0')
        {
          g_ptr_array_add (params, g_strdup (s));
          return TRUE;
        }
      if (p[0] == '{' && p[1] == '}')
        {
          const char *end = strchr (s, '/');
          gsize len = end != NULL ? (gsize) (end - s) : strlen (s);

          if (len == 0)
            return FALSE;
          g_ptr_array_add (params, g_uri_unescape_segment (s, s + len, NULL));
          if (g_ptr_array_index (params, params->len - 1) == NULL)
            return FALSE;
          p += 2;
          s += len;
          continue;
        }
      if (*p != *s)
        return FALSE;
      p++;
      s++;
    }
  if (p[0] == '*' && p[1] == '\0' && *s == '\0')
    {
      g_ptr_array_add (params, g_strdup (""));
      return TRUE;
    }
  return *p == '\0' && *s == '\0';
}

static void
request_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  CivicWorker *worker = user_data;
  CivicServer *self = worker->server;
  const char *method = soup_server_message_get_method (msg);
  gboolean path_known = FALSE;
  CivicAuthUser *user = NULL;
  guint i;

  for (i = 0; i < self->routes->len; i++)
    {
      const CivicRoute *route = &g_array_index (self->routes, CivicRoute, i);
      g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
      CivicRequest req = { 0, };

      if (!route_matches (route->pattern, path, params))
        continue;
      path_known = TRUE;
      if (route->method != NULL && g_strcmp0 (route->method, method) != 0 &&
          !(g_str_equal (route->method, "GET") && g_strcmp0 (method, "HEAD") == 0))
        continue;

      req.msg = msg;
      req.method = method;
      req.path = path;
      req.query = query;
      req.server = self;
      req.worker = worker;
      req.conn = worker->conn;
      req.params = params;

      if (route->flags & CIVIC_ROUTE_STAFF)
        {
          if (!civic_auth_authenticate (&req, &user))
            return;   /* the auth check replied 401 */
          req.user = user;
        }
      route->func (&req);
      g_clear_pointer (&user, civic_auth_user_free);
      if (civic_db_in_transaction (worker->conn))
        {
          g_warning ("route %s %s left a transaction open; rolled back", method, route->pattern);
          civic_db_rollback (worker->conn);
        }
      return;
    }

  {
    CivicRequest req = { .msg = msg, .method = method, .path = path, .query = query,
                         .server = self, .worker = worker, .conn = worker->conn };

    if (path_known)
      {
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, POST, PUT, PATCH, DELETE");
        civic_reply_error (&req, SOUP_STATUS_METHOD_NOT_ALLOWED, "%s is not allowed on %s", method, path);
      }
    else
      civic_reply_error (&req, SOUP_STATUS_NOT_FOUND, "Nothing is served at %s", path);
  }
}

static void
body_chunk_cb (SoupServerMessage *msg,
               GBytes            *chunk,
               gpointer           user_data)
{
  if (soup_server_message_get_request_body (msg)->length > CIVIC_HTTP_MAX_BODY)
    {
      g_signal_handlers_disconnect_by_func (msg, body_chunk_cb, user_data);
      civic_http_refuse_connection (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                    "The request body is larger than the 1048576 bytes allowed");
    }
}

/* Refuses oversized bodies from their headers, before reading them: the
 * answer goes out at once and the connection closes, so a client cannot
 * make us read (or hold) megabytes it announced. Chunked bodies are
 * counted as they arrive. */
static void
early_cb (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      length > CIVIC_HTTP_MAX_BODY)
    {
      g_autofree char *message = g_strdup_printf ("The request body (%" G_GOFFSET_FORMAT " bytes) is larger "
                                                  "than the %d bytes allowed", length, CIVIC_HTTP_MAX_BODY);

      civic_http_refuse_connection (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, message);
    }
  else if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    g_signal_connect (msg, "got-chunk", G_CALLBACK (body_chunk_cb), NULL);
}

/* libsoup answers some malformed requests itself (a NUL or "/../" in the
 * path, a bad Host) with an empty body; give them a message too. */
static void
request_read_cb (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  guint status = soup_server_message_get_status (msg);

  if (status >= 400 && soup_server_message_get_response_body (msg)->length == 0)
    {
      CivicRequest req = { .msg = msg };

      civic_reply_error (&req, status, "This request is malformed (%s): check its address and headers",
                         soup_status_get_phrase (status));
    }
}

/* ---- idle connections ----------------------------------------------------
 *
 * libsoup 3.2 (Debian 12) leaks every keep-alive connection that the
 * client closes while idle: it reads the end of the stream, gives up on
 * the connection without closing it, and the descriptor stays in
 * CLOSE_WAIT for ever (fixed upstream in 3.3, commit d20c6601). Every
 * wrk run or desk reconnect leaked one; at the descriptor limit the
 * server stopped accepting. So after each request we watch the idle
 * socket ourselves: data means a next request (libsoup reads it); the
 * end of the stream means the client left, and once libsoup has given
 * up on it (it runs first, at default priority) we close the socket. */

#define IDLE_WATCH_KEY "civic-idle-watch"

static gboolean
close_abandoned_cb (gpointer data)
{
  GSocket *socket = data;

  if (!g_socket_is_closed (socket))
    g_socket_close (socket, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
idle_socket_cb (GSocket      *socket,
                GIOCondition  condition,
                gpointer      user_data)
{
  char c;
  gssize n;

  g_object_set_data (G_OBJECT (socket), IDLE_WATCH_KEY, NULL);
  if (g_socket_is_closed (socket))
    return G_SOURCE_REMOVE;
  n = recv (g_socket_get_fd (socket), &c, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
    {
      GSource *later = g_idle_source_new ();

      g_source_set_priority (later, G_PRIORITY_LOW);
      g_source_set_callback (later, close_abandoned_cb, g_object_ref (socket), g_object_unref);
      g_source_attach (later, g_main_context_get_thread_default ());
      g_source_unref (later);
    }
  return G_SOURCE_REMOVE;
}

static void
request_finished_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  GSource *watch;

  if (socket == NULL || g_socket_is_closed (socket) ||
      g_object_get_data (G_OBJECT (socket), IDLE_WATCH_KEY) != NULL)
    return;
  watch = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (watch, (GSourceFunc) G_CALLBACK (idle_socket_cb), g_object_ref (socket), g_object_unref);
  g_source_attach (watch, g_main_context_get_thread_default ());
  g_object_set_data (G_OBJECT (socket), IDLE_WATCH_KEY, watch);
  g_source_unref (watch);
}

/* ---- workers ---------------------------------------------------------- */

static gpointer
worker_main (gpointer data)
{
  CivicWorker *worker = data;
  CivicServer *self = worker->server;
  GError *error = NULL;
  guint i;

  g_main_context_push_thread_default (worker->context);

  worker->conn = civic_db_connect (self->db, &error);
  if (worker->conn != NULL)
    {
      worker->soup = soup_server_new ("server-header", "civicdesk-server/" PACKAGE_VERSION,
                                      "tls-certificate", self->certificate,
                                      NULL);
      soup_server_add_early_handler (worker->soup, NULL, early_cb, worker, NULL);
      soup_server_add_handler (worker->soup, NULL, request_cb, worker, NULL);
      g_signal_connect (worker->soup, "request-read", G_CALLBACK (request_read_cb), worker);
      g_signal_connect (worker->soup, "request-finished", G_CALLBACK (request_finished_cb), worker);
      for (i = 0; i < self->worker_hooks->len; i++)
        {
          WorkerHook *h = &g_array_index (self->worker_hooks, WorkerHook, i);

          h->hook (self, worker, worker->soup, h->user_data);
        }
      soup_server_listen_socket (worker->soup, worker->socket,
                                 self->certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0,
                                 &error);
    }

  g_mutex_lock (&self->start_lock);
  worker->start_error = error;
  worker->started = TRUE;
  g_cond_broadcast (&self->start_cond);
  g_mutex_unlock (&self->start_lock);

  if (error == NULL)
    g_main_loop_run (worker->loop);

  if (worker->soup != NULL)
    soup_server_disconnect (worker->soup);
  g_clear_object (&worker->soup);
  g_clear_pointer (&worker->conn, civic_db_conn_free);
  g_main_context_pop_thread_default (worker->context);
  return NULL;
}

static GSocket *
make_listen_socket (GInetAddress  *inet,
                    guint          port,
                    GError       **error)
{
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, port);
  struct sockaddr_storage native;
  int one = 1;
  int fd;
  GSocket *result;

  if (!g_socket_address_to_native (address, &native, sizeof native, error))
    return NULL;
  fd = socket (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6 ? AF_INET6 : AF_INET,
               SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s", g_strerror (errno));
      return NULL;
    }
  /* GLib's g_socket_bind() would clear SO_REUSEPORT, so bind the
   * descriptor ourselves: every worker listens on the same port. */
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  setsockopt (fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  if (bind (fd, (struct sockaddr *) &native, g_socket_address_get_native_size (address)) != 0 ||
      listen (fd, 1024) != 0)
    {
      int saved = errno;

      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return NULL;
    }
  result = g_socket_new_from_fd (fd, error);
  if (result == NULL)
    close (fd);
  return result;
}

CivicServer *
civic_server_new (const CivicServerConfig  *config,
                  GError                  **error)
{
  g_autoptr(CivicServer) self = g_new0 (CivicServer, 1);

  self->db_uri = g_strdup (config->db_uri);
  self->address = g_strdup (config->address != NULL ? config->address : "127.0.0.1");
  self->tls_cert = g_strdup (config->tls_cert);
  self->tls_key = g_strdup (config->tls_key);
  self->jurisdiction_id = g_strdup (config->jurisdiction_id);
  self->config = *config;
  self->config.db_uri = self->db_uri;
  self->config.address = self->address;
  self->config.tls_cert = self->tls_cert;
  self->config.tls_key = self->tls_key;
  self->config.jurisdiction_id = self->jurisdiction_id;
  self->routes = g_array_new (FALSE, FALSE, sizeof (CivicRoute));
  self->worker_hooks = g_array_new (FALSE, FALSE, sizeof (WorkerHook));
  self->seq_listeners = g_array_new (FALSE, FALSE, sizeof (SeqListener));
  self->workers = g_ptr_array_new ();
  g_mutex_init (&self->start_lock);
  g_cond_init (&self->start_cond);

  if ((config->tls_cert == NULL) != (config->tls_key == NULL))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "TLS needs both a certificate (--tls-cert) and its key (--tls-key)");
      return NULL;
    }
  if (config->tls_cert != NULL)
    {
      self->certificate = g_tls_certificate_new_from_files (config->tls_cert, config->tls_key, error);
      if (self->certificate == NULL)
        return NULL;
    }

  self->db = civic_db_open (config->db_uri, error);
  if (self->db == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
civic_server_start (CivicServer  *self,
                    GError      **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (self->address);
  guint n = self->config.n_workers > 0 ? self->config.n_workers : g_get_num_processors ();
  guint port = self->config.port;
  guint i;

  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address to listen on (try 127.0.0.1 or 0.0.0.0)",
                   self->address);
      return FALSE;
    }

  for (i = 0; i < n; i++)
    {
      CivicWorker *worker = g_new0 (CivicWorker, 1);

      worker->server = self;
      worker->index = i;
      worker->socket = make_listen_socket (inet, port, error);
      if (worker->socket == NULL)
        {
          g_free (worker);
          civic_server_stop (self);
          return FALSE;
        }
      if (port == 0)
        {
          g_autoptr(GSocketAddress) local = g_socket_get_local_address (worker->socket, NULL);

          port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
        }
      worker->context = g_main_context_new ();
      worker->loop = g_main_loop_new (worker->context, FALSE);
      g_ptr_array_add (self->workers, worker);
      worker->thread = g_thread_new ("civic-worker", worker_main, worker);
    }
  self->port = port;

  g_mutex_lock (&self->start_lock);
  for (i = 0; i < self->workers->len; i++)
    {
      CivicWorker *worker = g_ptr_array_index (self->workers, i);

      while (!worker->started)
        g_cond_wait (&self->start_cond, &self->start_lock);
      if (worker->start_error != NULL && error != NULL && *error == NULL)
        g_propagate_error (error, g_steal_pointer (&worker->start_error));
    }
  g_mutex_unlock (&self->start_lock);

  if (error != NULL && *error != NULL)
    {
      civic_server_stop (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
quit_worker_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
civic_server_stop (CivicServer *self)
{
  guint i;

  for (i = 0; i < self->workers->len; i++)
    {
      CivicWorker *worker = g_ptr_array_index (self->workers, i);

      g_main_context_invoke (worker->context, quit_worker_cb, worker->loop);
    }
  for (i = 0; i < self->workers->len; i++)
    {
      CivicWorker *worker = g_ptr_array_index (self->workers, i);

      g_thread_join (worker->thread);
      g_clear_error (&worker->start_error);
      g_clear_object (&worker->socket);
      g_main_loop_unref (worker->loop);
      g_main_context_unref (worker->context);
      g_free (worker);
    }
  g_ptr_array_set_size (self->workers, 0);
}

void
civic_server_free (CivicServer *self)
{
  if (self == NULL)
    return;
  civic_server_stop (self);
  g_ptr_array_unref (self->workers);
  g_array_unref (self->routes);
  g_array_unref (self->worker_hooks);
  g_array_unref (self->seq_listeners);
  g_clear_pointer (&self->db, civic_db_unref);
  g_clear_object (&self->certificate);
  g_mutex_clear (&self->start_lock);
  g_cond_clear (&self->start_cond);
  g_free (self->db_uri);
  g_free (self->address);
  g_free (self->tls_cert);
  g_free (self->tls_key);
  g_free (self->jurisdiction_id);
  g_free (self);
}

guint
civic_server_get_port (CivicServer *self)
{
  return self->port;
}

const char *
civic_server_get_address (CivicServer *self)
{
  return self->address;
}

gboolean
civic_server_is_tls (CivicServer *self)
{
  return self->certificate != NULL;
}

CivicDb *
civic_server_get_db (CivicServer *self)
{
  return self->db;
}

const CivicServerConfig *
civic_server_get_config (CivicServer *self)
{
  return &self->config;
}

void
civic_server_add_routes (CivicServer      *self,
                         const CivicRoute *routes,
                         gsize             n_routes)
{
  g_return_if_fail (self->workers->len == 0);
  g_array_append_vals (self->routes, routes, n_routes);
}

void
civic_server_add_worker_hook (CivicServer     *self,
                              CivicWorkerHook  hook,
                              gpointer         user_data)
{
  WorkerHook h = { hook, user_data };

  g_return_if_fail (self->workers->len == 0);
  g_array_append_val (self->worker_hooks, h);
}

void
civic_server_add_seq_listener (CivicServer      *self,
                               CivicSeqListener  listener,
                               gpointer          user_data)
{
  SeqListener l = { listener, user_data };

  g_return_if_fail (self->workers->len == 0);
  g_array_append_val (self->seq_listeners, l);
}

void
civic_server_publish_seq (CivicServer *self,
                          gint64       seq)
{
  guint i;

  for (i = 0; i < self->seq_listeners->len; i++)
    {
      SeqListener *l = &g_array_index (self->seq_listeners, SeqListener, i);

      l->listener (self, seq, l->user_data);
    }
}

GMainContext *
civic_worker_get_context (CivicWorker *worker)
{
  return worker->context;
}

CivicDbConn *
civic_worker_get_conn (CivicWorker *worker)
{
  return worker->conn;
}

guint
civic_worker_get_index (CivicWorker *worker)
{
  return worker->index;
}
