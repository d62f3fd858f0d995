/* test-tls.c: given a certificate and its key, the real server speaks
 * only HTTPS: a client that trusts exactly that certificate gets /health,
 * one that trusts another does not, plain HTTP gets nothing, and a
 * certificate without its key stops the server with a plain message.
 * The certificate is made at test time with the openssl command.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <libsoup/soup.h>

#include "civic-test-util.h"

typedef struct
{
  char            *dir;
  char            *db;
  char            *cert;
  char            *key;
  char            *other_cert;   /* a second self-signed certificate */
  CivicTestServer *server;
} Fixture;

/* A self-signed certificate for 127.0.0.1 into @cert and @key. */
static gboolean
make_certificate (const char *cert,
                  const char *key)
{
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;

  p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (p, NULL, &error);
  g_assert_no_error (error);
  return TRUE;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *other_key = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");

  if (openssl == NULL)
    return;
  f->dir = civic_test_mkdtemp ();
  f->db = g_build_filename (f->dir, "server.db", NULL);
  f->cert = g_build_filename (f->dir, "cert.pem", NULL);
  f->key = g_build_filename (f->dir, "key.pem", NULL);
  f->other_cert = g_build_filename (f->dir, "other-cert.pem", NULL);
  other_key = g_build_filename (f->dir, "other-key.pem", NULL);
  make_certificate (f->cert, f->key);
  make_certificate (f->other_cert, other_key);
  if (data != NULL)
    f->server = civic_test_server_start (f->db, "--tls-cert", f->cert, "--tls-key", f->key, NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  civic_test_server_stop (f->server);
  if (f->dir != NULL)
    civic_test_rm_rf (f->dir);
  g_free (f->db);
  g_free (f->cert);
  g_free (f->key);
  g_free (f->other_cert);
  g_free (f->dir);
}

static gboolean
skip_without_openssl (Fixture *f)
{
  if (f->dir != NULL)
    return FALSE;
  g_test_skip ("the openssl command is not installed; it makes the test certificate");
  return TRUE;
}

/* Trust the peer only when it shows exactly @user_data's certificate. */
static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *peer,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return g_tls_certificate_is_same (peer, G_TLS_CERTIFICATE (user_data));
}

/* GET @url, trusting @trusted (NULL: the system's trust only). Returns
 * the status, 0 when no answer came; the body into @body. */
static guint
get (const char       *url,
     GTlsCertificate  *trusted,
     char            **body,
     GError          **error)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 10, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) reply = NULL;

  if (trusted != NULL)
    g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), trusted);
  reply = soup_session_send_and_read (session, msg, NULL, error);
  if (reply == NULL)
    return 0;
  if (body != NULL)
    *body = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  return soup_message_get_status (msg);
}

static void
test_https_health (Fixture *f, gconstpointer data)
{
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_openssl (f))
    return;
  g_assert_true (g_str_has_prefix (f->server->base_url, "https://127.0.0.1:"));
  url = g_strconcat (f->server->base_url, "health", NULL);
  cert = g_tls_certificate_new_from_file (f->cert, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (get (url, cert, &body, &error), ==, 200);
  g_assert_no_error (error);
  g_assert_nonnull (body);
  g_assert_cmpuint (strlen (body), >, 0);
}

static void
test_untrusted_certificate_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *url = NULL;
  g_autoptr(GTlsCertificate) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) no_trust_error = NULL;

  if (skip_without_openssl (f))
    return;
  url = g_strconcat (f->server->base_url, "health", NULL);
  other = g_tls_certificate_new_from_file (f->other_cert, &error);
  g_assert_no_error (error);

  /* a client expecting another certificate, or trusting only the
   * system's authorities, must not get through */
  g_assert_cmpuint (get (url, other, NULL, &error), ==, 0);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpuint (get (url, NULL, NULL, &no_trust_error), ==, 0);
  g_assert_nonnull (no_trust_error);
}

static void
test_plain_http_fails (Fixture *f, gconstpointer data)
{
  g_autofree char *plain = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) after_error = NULL;
  guint status;

  if (skip_without_openssl (f))
    return;
  plain = g_strdup_printf ("http://127.0.0.1:%u/health", f->server->port);
  status = get (plain, NULL, NULL, &error);
  g_test_message ("plain HTTP: status %u, %s", status, error != NULL ? error->message : "no error");
  g_assert_cmpuint (status, !=, 200);
  g_assert_true (error != NULL || status >= 400 || status == 0);

  /* and the server goes on serving HTTPS */
  url = g_strconcat (f->server->base_url, "health", NULL);
  cert = g_tls_certificate_new_from_file (f->cert, &after_error);
  g_assert_no_error (after_error);
  g_assert_cmpuint (get (url, cert, NULL, &after_error), ==, 200);
  g_assert_no_error (after_error);
}

/* Runs `serve` with @extra arguments; returns its exit status and stderr. */
static int
serve_fails (Fixture     *f,
             char       **err,
             const char  *first,
             ...)
{
  /* room for the few options a test adds, and the NULL that ends them */
  const char *extra[6] = { first, NULL, };
  g_autofree char *out = NULL;
  va_list ap;
  int status;
  guint i;

  va_start (ap, first);
  for (i = 1; extra[i - 1] != NULL; i++)
    {
      g_assert_cmpuint (i, <, G_N_ELEMENTS (extra));
      extra[i] = va_arg (ap, const char *);
    }
  va_end (ap);

  /* a server that wrongly starts would never exit: the test's timeout
   * would catch it, but its first line says so sooner */
  status = civic_test_run_cli (&out, err, "serve", "--db", f->db, "--port", "0",
                               extra[0], extra[1], extra[2], extra[3], extra[4], NULL);
  g_assert_cmpstr (out, ==, "");
  return status;
}

static void
test_certificate_needs_key (Fixture *f, gconstpointer data)
{
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *missing = NULL;

  if (skip_without_openssl (f))
    return;
  g_assert_cmpint (serve_fails (f, &err, "--tls-cert", f->cert, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "TLS needs both"));
  g_assert_cmpint (serve_fails (f, &err2, "--tls-key", f->key, NULL), ==, 1);
  g_assert_nonnull (strstr (err2, "TLS needs both"));

  /* a key file that is not there is named, not a crash */
  missing = g_build_filename (f->dir, "missing-key.pem", NULL);
  g_assert_cmpint (serve_fails (f, &err3, "--tls-cert", f->cert, "--tls-key", missing, NULL), ==, 1);
  g_assert_cmpuint (strlen (err3), >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/tls/https-health", Fixture, "serve", fixture_setup, test_https_health, fixture_teardown);
  g_test_add ("/tls/untrusted-certificate-refused", Fixture, "serve", fixture_setup,
              test_untrusted_certificate_refused, fixture_teardown);
  g_test_add ("/tls/plain-http-fails", Fixture, "serve", fixture_setup, test_plain_http_fails, fixture_teardown);
  g_test_add ("/tls/certificate-needs-key", Fixture, NULL, fixture_setup, test_certificate_needs_key,
              fixture_teardown);
  return g_test_run ();
}
