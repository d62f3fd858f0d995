/* civic-test-balancer.c: nginx in front of several test servers
 *
 * The same configuration tools/demo --postgres writes (tools/lib/scale.sh):
 * WebSocket upgrades proxied, keep-alive upstream connections, and a
 * request whose process died retried once on another
 * (proxy_next_upstream … non_idempotent — safe because every write carries
 * an Idempotency-Key). nginx runs in the foreground as our child and dies
 * with the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <signal.h>
#include <sys/prctl.h>

#include "civic-test-balancer.h"

struct _CivicTestBalancer
{
  CivicTestServer  front;     /* base_url and port of nginx */
  GSubprocess     *nginx;
  char            *dir;
};

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static guint
free_port (void)
{
  g_autoptr(GSocket) s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (s, any, TRUE, NULL));
  bound = g_socket_get_local_address (s, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
answers (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;

  g_socket_client_set_timeout (client, 1);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return conn != NULL;
}

CivicTestBalancer *
civic_test_balancer_start (const char       *dir,
                           CivicTestServer **servers,
                           guint             n_servers)
{
  g_autoptr(GString) conf = g_string_new (NULL);
  g_autoptr(GString) upstreams = g_string_new (NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *conf_path = g_build_filename (dir, "nginx.conf", NULL);
  g_autofree char *tmp = g_build_filename (dir, "nginx-tmp", NULL);
  g_autofree char *log = g_build_filename (dir, "nginx-error.log", NULL);
  CivicTestBalancer *b = g_new0 (CivicTestBalancer, 1);
  guint i;

  b->dir = g_strdup (dir);
  b->front.port = free_port ();
  b->front.base_url = g_strdup_printf ("http://127.0.0.1:%u/", b->front.port);
  g_mkdir_with_parents (tmp, 0700);
  for (i = 0; i < n_servers; i++)
    g_string_append_printf (upstreams, "    server 127.0.0.1:%u max_fails=1 fail_timeout=3s;\n",
                            servers[i]->port);
  g_string_printf (conf,
    "worker_processes 1;\n"
    "daemon off;\n"
    "pid %s/nginx.pid;\n"
    "error_log %s warn;\n"
    "events { worker_connections 1024; }\n"
    "http {\n"
    "  access_log off;\n"
    "  client_body_temp_path %s/body;\n"
    "  proxy_temp_path %s/proxy;\n"
    "  fastcgi_temp_path %s/fastcgi;\n"
    "  uwsgi_temp_path %s/uwsgi;\n"
    "  scgi_temp_path %s/scgi;\n"
    "  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }\n"
    "  upstream civicdesk {\n%s    keepalive 32;\n  }\n"
    "  server {\n"
    "    listen 127.0.0.1:%u;\n"
    "    client_max_body_size 2m;\n"
    "    location / {\n"
    "      proxy_pass http://civicdesk;\n"
    "      proxy_http_version 1.1;\n"
    "      proxy_set_header Upgrade $http_upgrade;\n"
    "      proxy_set_header Connection $connection_upgrade;\n"
    "      proxy_set_header Host $host;\n"
    "      proxy_read_timeout 1h;\n"
    "      proxy_connect_timeout 2s;\n"
    "      proxy_next_upstream error timeout http_502 http_503 non_idempotent;\n"
    "      proxy_next_upstream_tries 2;\n"
    "    }\n"
    "  }\n"
    "}\n",
    dir, log, tmp, tmp, tmp, tmp, tmp, upstreams->str, b->front.port);
  g_file_set_contents (conf_path, conf->str, -1, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  b->nginx = g_subprocess_launcher_spawn (launcher, &error, "nginx", "-c", conf_path, "-p", dir, "-e", log, NULL);
  if (b->nginx == NULL)
    g_error ("cannot start nginx (Debian package nginx; tools/test installs it): %s", error->message);
  for (i = 0; i < 100 && !answers (b->front.port); i++)
    g_usleep (50 * 1000);
  if (!answers (b->front.port))
    g_error ("nginx did not start; see %s", log);
  return b;
}

CivicTestServer *
civic_test_balancer_front (CivicTestBalancer *b)
{
  return &b->front;
}

void
civic_test_balancer_stop (CivicTestBalancer *b)
{
  if (b == NULL)
    return;
  /* TERM: nginx's fast shutdown */
  g_subprocess_send_signal (b->nginx, SIGTERM);
  g_subprocess_wait (b->nginx, NULL, NULL);
  g_object_unref (b->nginx);
  g_free (b->front.base_url);
  g_free (b->dir);
  g_free (b);
}
