/* bench-server.c: `tools/bench server` — the central service under load
 *
 * Starts the real civicdesk-server ($CIVIC_SERVER_BIN) on a temporary
 * database filled with --cases cases (through the real write path, in
 * batches), then measures:
 *   open311_get_rps / open311_get_p99_ms  wrk, --connections connections,
 *       random GET /open311/v2/requests/{id}.json
 *   bare_soup_rps / bare_soup_ratio  the same load against a bare
 *       SoupServer answering a constant, run here in a thread
 *   changes_cases_per_s  GET /api/v1/changes?limit=5000 over every case
 *   writes_lost / writes_duplicated  32 clients creating cases for
 *       --seconds seconds, each logical write with its own Idempotency-Key,
 *       randomly retried (sometimes after dropping the connection mid-
 *       request); then every acknowledged write must be stored exactly once.
 * Only `figure: NAME VALUE UNIT` lines go to stdout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "civic-write.h"
#include "model/civic-case-record.h"

#define N_WRITERS 32

static int opt_cases = 20000;
static int opt_seconds = 30;
static int opt_connections = 64;
static char *opt_only = NULL;
static char *opt_db = NULL;

typedef struct
{
  GSubprocess *process;
  guint        port;
  char        *base;
} Server;

/* ---- filling the database --------------------------------------------- */

static const char *services[][3] = {
  { "pothole", "Pothole", "streets" },
  { "streetlight", "Street light out", "streets" },
  { "graffiti", "Graffiti", "sanitation" },
  { "missed-pickup", "Missed trash pickup", "sanitation" },
  { "noise", "Noise complaint", "police" },
  { "tree", "Fallen tree", "parks" },
};

static gboolean
catalogue_write (CivicWrite *w, gpointer data, GError **error)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (services); i++)
    {
      CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                            "INSERT INTO departments (id, name, seq) VALUES (?1, ?1, ?2) "
                                            "ON CONFLICT (id) DO NOTHING", error);

      if (stmt == NULL)
        return FALSE;
      civic_db_bind_text (stmt, 1, services[i][2]);
      civic_db_bind_int64 (stmt, 2, w->seq);
      if (!civic_db_run (stmt, error))
        return FALSE;
      stmt = civic_db_prepare (w->conn,
                               "INSERT INTO services (code, name, department_id, sla_hours, seq) "
                               "VALUES (?1, ?2, ?3, 48, ?4)", error);
      if (stmt == NULL)
        return FALSE;
      civic_db_bind_text (stmt, 1, services[i][0]);
      civic_db_bind_text (stmt, 2, services[i][1]);
      civic_db_bind_text (stmt, 3, services[i][2]);
      civic_db_bind_int64 (stmt, 4, w->seq);
      if (!civic_db_run (stmt, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  guint      n;
  guint      done;
  GPtrArray *ids;
  GRand     *rand;
} Batch;

static gboolean
cases_write (CivicWrite *w, gpointer data, GError **error)
{
  static const char *states[] = { "new", "acknowledged", "in_progress", "waiting", "closed" };
  static const char *streets[] = { "Main St", "Elm Ave", "Broadway", "Harbor Rd", "Oak Ln", "5th Ave" };
  Batch *b = data;
  guint i;

  for (i = 0; i < b->n; i++)
    {
      guint k = (guint) g_rand_int_range (b->rand, 0, G_N_ELEMENTS (services));
      const char *state = states[g_rand_int_range (b->rand, 0, G_N_ELEMENTS (states))];
      g_autofree char *address = g_strdup_printf ("%d %s", g_rand_int_range (b->rand, 1, 2000),
                                                  streets[g_rand_int_range (b->rand, 0, G_N_ELEMENTS (streets))]);
      g_autofree char *description = g_strdup_printf ("%s reported near %s; caller says it has been like "
                                                      "this for %d days", services[k][1], address,
                                                      g_rand_int_range (b->rand, 1, 30));
      const char *tags[] = { services[k][2], NULL };
      CivicCaseDraft d = {
        .service_code = services[k][0],
        .description = description,
        .state = state,
        .requested = w->now - g_rand_int_range (b->rand, 0, 90 * 86400),
        .address = address,
        .zipcode = "10001",
        .has_location = TRUE,
        .lat = 40.70 + g_rand_double (b->rand) * 0.1,
        .lon = -74.02 + g_rand_double (b->rand) * 0.1,
        .channel = "phone",
        .reporter_name = "A. Resident",
        .reporter_email = "resident@example.org",
        .tags = tags,
      };
      char *request_id = NULL;

      if (!civic_case_insert (w, &d, NULL, &request_id, error))
        return FALSE;
      g_ptr_array_add (b->ids, request_id);
    }
  return TRUE;
}

static GPtrArray *
fill_database (const char *db_path,
               guint       n_cases)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicDb) db = civic_db_open (db_path, &error);
  g_autoptr(CivicDbConn) conn = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  Batch b = { 0, 0, ids, g_rand_new_with_seed (311) };
  gint64 start = g_get_monotonic_time ();

  if (db == NULL || (conn = civic_db_connect (db, &error)) == NULL ||
      !civic_write_run (NULL, conn, "bench", catalogue_write, NULL, &error))
    g_error ("bench-server: cannot prepare the database: %s", error->message);
  while (ids->len < n_cases)
    {
      b.n = MIN (1000, n_cases - ids->len);
      if (!civic_write_run (NULL, conn, "bench", cases_write, &b, &error))
        g_error ("bench-server: inserting cases failed: %s", error->message);
    }
  g_rand_free (b.rand);
  g_printerr ("bench-server: %u cases inserted in %.2f s\n", ids->len,
              (g_get_monotonic_time () - start) / 1e6);
  return ids;
}

static GPtrArray *
read_ids (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicDb) db = civic_db_open (db_path, &error);
  g_autoptr(CivicDbConn) conn = db != NULL ? civic_db_connect (db, &error) : NULL;
  CivicDbStmt *stmt = conn != NULL ? civic_db_prepare (conn, "SELECT request_id FROM cases", &error) : NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    g_error ("bench-server: cannot read %s: %s", db_path, error->message);
  while (civic_db_step (stmt, &error))
    g_ptr_array_add (ids, g_strdup (civic_db_column_text (stmt, 0)));
  return ids;
}

/* ---- the real server --------------------------------------------------- */

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
run_cli (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("bench-server: %s %s failed: %s", argv[0], argv[1], error->message);
}

static Server *
server_start (const char *bin,
              const char *db_path)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *prefix = "listening on http://127.0.0.1:";
  Server *s = g_new0 (Server, 1);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  s->process = g_subprocess_launcher_spawn (launcher, &error, bin, "serve", "--db", db_path,
                                            "--listen", "127.0.0.1", "--port", "0", NULL);
  if (s->process == NULL)
    g_error ("bench-server: cannot start %s: %s", bin, error->message);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->process));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, prefix))
    g_error ("bench-server: the server did not start (%s)", line != NULL ? line : "no output");
  s->port = (guint) g_ascii_strtoull (line + strlen (prefix), NULL, 10);
  s->base = g_strdup_printf ("http://127.0.0.1:%u", s->port);
  return s;
}

static void
server_stop (Server *s)
{
  g_subprocess_send_signal (s->process, SIGTERM);
  g_subprocess_wait (s->process, NULL, NULL);
  g_object_unref (s->process);
  g_free (s->base);
  g_free (s);
}

static char *
login (SoupSession *session,
       Server      *s,
       const char  *user,
       const char  *password)
{
  g_autofree char *url = g_strconcat (s->base, "/api/v1/session", NULL);
  g_autofree char *body = g_strdup_printf ("{\"username\": \"%s\", \"password\": \"%s\"}", user, password);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  if (reply == NULL || soup_message_get_status (msg) != 200 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL))
    g_error ("bench-server: signing in failed (%u)", soup_message_get_status (msg));
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "token"));
}

/* ---- wrk ---------------------------------------------------------------- */

typedef struct
{
  double rps;
  double p99_ms;
  double p50_ms;
  guint64 requests;
  guint64 errors;
} WrkResult;

static gboolean
run_wrk (const char *url,
         const char *script,
         int         seconds,
         WrkResult  *result)
{
  g_autofree char *conns = g_strdup_printf ("%d", opt_connections);
  g_autofree char *duration = g_strdup_printf ("%ds", seconds);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "wrk", "-t", "2", "-c", conns, "-d", duration, "-s", script, url, NULL };
  const char *line;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    {
      g_printerr ("bench-server: wrk did not run: %s\n", error->message);
      return FALSE;
    }
  g_printerr ("%s", out);
  line = strstr (out, "RESULT ");
  if (line == NULL ||
      sscanf (line, "RESULT rps=%lf p50_us=%lf p99_us=%lf requests=%" G_GUINT64_FORMAT " errors=%" G_GUINT64_FORMAT,
              &result->rps, &result->p50_ms, &result->p99_ms, &result->requests, &result->errors) != 5)
    {
      g_printerr ("bench-server: no result from wrk: %s\n", err);
      return FALSE;
    }
  result->p50_ms /= 1000.0;
  result->p99_ms /= 1000.0;
  return TRUE;
}

static char *
write_wrk_script (const char *dir,
                  GPtrArray  *ids)
{
  g_autoptr(GString) lua = g_string_new ("-- written by bench-server\nlocal ids = {\n");
  g_autofree char *path = g_build_filename (dir, "open311.lua", NULL);
  g_autoptr(GError) error = NULL;
  guint i;

  for (i = 0; ids != NULL && i < ids->len; i++)
    g_string_append_printf (lua, "\"%s\",\n", (char *) g_ptr_array_index (ids, i));
  g_string_append (lua,
    "}\n"
    "local path = os.getenv('BENCH_PATH')\n"
    "local n = 0\n"
    "function setup(thread) n = n + 1; thread:set('seed', n) end\n"
    "function init(args) math.randomseed(seed * 7919 + os.time()) end\n"
    "function request()\n"
    "  if path then return wrk.format('GET', path) end\n"
    "  return wrk.format('GET', '/open311/v2/requests/' .. ids[math.random(#ids)] .. '.json')\n"
    "end\n"
    "function done(summary, latency, requests)\n"
    "  local errors = summary.errors.connect + summary.errors.read + summary.errors.write\n"
    "    + summary.errors.status + summary.errors.timeout\n"
    "  io.write(string.format('RESULT rps=%.1f p50_us=%d p99_us=%d requests=%d errors=%d\\n',\n"
    "    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),\n"
    "    summary.requests, errors))\n"
    "end\n");
  if (!g_file_set_contents (path, lua->str, lua->len, &error))
    g_error ("bench-server: %s", error->message);
  return g_steal_pointer (&path);
}

/* ---- the bare SoupServer ------------------------------------------------ */

typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  guint         port;
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
} Bare;

static void
bare_cb (SoupServer        *soup,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  static const char body[] = "{\"status\": \"ok\"}";

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, sizeof body - 1);
}

static gpointer
bare_main (gpointer data)
{
  Bare *bare = data;
  g_autoptr(SoupServer) soup = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (bare->context);
  soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (soup, NULL, bare_cb, NULL, NULL);
  if (!soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("bench-server: the bare server cannot listen: %s", error->message);
  uris = soup_server_get_uris (soup);
  g_mutex_lock (&bare->lock);
  bare->port = (guint) g_uri_get_port (uris->data);
  bare->ready = TRUE;
  g_cond_signal (&bare->cond);
  g_mutex_unlock (&bare->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_main_loop_run (bare->loop);
  soup_server_disconnect (soup);
  g_main_context_pop_thread_default (bare->context);
  return NULL;
}

static double
measure_bare (const char *script,
              int         seconds)
{
  Bare bare = { 0, };
  g_autofree char *url = NULL;
  GThread *thread;
  WrkResult r = { 0, };

  bare.context = g_main_context_new ();
  bare.loop = g_main_loop_new (bare.context, FALSE);
  g_mutex_init (&bare.lock);
  g_cond_init (&bare.cond);
  thread = g_thread_new ("bare-soup", bare_main, &bare);
  g_mutex_lock (&bare.lock);
  while (!bare.ready)
    g_cond_wait (&bare.cond, &bare.lock);
  g_mutex_unlock (&bare.lock);

  url = g_strdup_printf ("http://127.0.0.1:%u/", bare.port);
  g_setenv ("BENCH_PATH", "/constant", TRUE);
  if (!run_wrk (url, script, seconds, &r))
    r.rps = 0;
  g_unsetenv ("BENCH_PATH");

  g_main_loop_quit (bare.loop);
  g_main_context_wakeup (bare.context);
  g_thread_join (thread);
  g_main_loop_unref (bare.loop);
  g_main_context_unref (bare.context);
  g_mutex_clear (&bare.lock);
  g_cond_clear (&bare.cond);
  return r.rps;
}

/* ---- the changes feed --------------------------------------------------- */

static gint64
member_int (const char *text,
            gsize       len,
            const char *name,
            gboolean   *found)
{
  g_autofree char *needle = g_strdup_printf ("\"%s\":", name);
  const char *tail = text + (len > 200 ? len - 200 : 0);
  const char *p = g_strstr_len (tail, text + len - tail, needle);

  *found = p != NULL;
  return p != NULL ? g_ascii_strtoll (p + strlen (needle), NULL, 10) : 0;
}

static guint
count_occurrences (const char *text,
                   gsize       len,
                   const char *needle)
{
  const char *end = text + len;
  const char *p = text;
  gsize n = strlen (needle);
  guint count = 0;

  while ((p = g_strstr_len (p, end - p, needle)) != NULL)
    {
      count++;
      p += n;
    }
  return count;
}

/* Pages through every change; returns cases per second of the fastest of
 * three runs (the server's time: requests only, the counting is after). */
static double
measure_changes (Server     *s,
                 const char *token,
                 guint       n_expected)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 120, NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  double best = 0;
  guint run;

  for (run = 0; run < 3; run++)
    {
      g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      gint64 after = 0, elapsed = 0;
      guint n_cases = 0, i;
      gboolean more = TRUE;

      while (more)
        {
          g_autofree char *url = g_strdup_printf ("%s/api/v1/changes?after=%" G_GINT64_FORMAT "&limit=5000",
                                                  s->base, after);
          g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
          g_autoptr(GError) error = NULL;
          GBytes *body;
          gboolean found;
          gint64 t0;
          gsize len;
          const char *text;

          soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
          t0 = g_get_monotonic_time ();
          body = soup_session_send_and_read (session, msg, NULL, &error);
          elapsed += g_get_monotonic_time () - t0;
          if (body == NULL || soup_message_get_status (msg) != 200)
            g_error ("bench-server: changes failed: %u %s", soup_message_get_status (msg),
                     error != NULL ? error->message : "");
          g_ptr_array_add (pages, body);
          text = g_bytes_get_data (body, &len);
          after = member_int (text, len, "next", &found);
          more = strstr (text + (len > 200 ? len - 200 : 0), "\"more\":true") != NULL;
          if (!found)
            g_error ("bench-server: a changes page without next");
        }
      for (i = 0; i < pages->len; i++)
        {
          gsize len;
          const char *text = g_bytes_get_data (g_ptr_array_index (pages, i), &len);

          n_cases += count_occurrences (text, len, "\"entity\":\"case\"");
        }
      if (n_cases < n_expected)
        g_printerr ("bench-server: the changes feed sent %u cases, expected at least %u\n", n_cases, n_expected);
      g_printerr ("bench-server: changes run %u: %u cases in %u pages, %.3f s\n", run, n_cases, pages->len,
                  elapsed / 1e6);
      if (elapsed > 0)
        best = MAX (best, n_cases / (elapsed / 1e6));
    }
  return best;
}

/* ---- writes with idempotency keys and retries ---------------------------- */

typedef struct
{
  Server     *server;
  const char *token;
  guint       index;
  gint64      deadline;
  GPtrArray  *acked;      /* logical write names acknowledged by the server */
  guint       retries;
  guint       dropped;
  guint       failures;
} Writer;

/* Sends the request on a fresh socket and hangs up after part of it, or
 * after all of it without reading the answer: the server may or may not
 * have stored it. */
static void
send_and_drop (Writer     *wr,
               const char *key,
               const char *body,
               GRand      *rand)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autofree char *request = NULL;
  gsize cut;

  conn = g_socket_client_connect_to_host (client, "127.0.0.1", wr->server->port, NULL, NULL);
  if (conn == NULL)
    return;
  request = g_strdup_printf ("POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                             "Idempotency-Key: %s\r\nContent-Type: application/json\r\n"
                             "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n%s",
                             wr->token, key, strlen (body), body);
  cut = g_rand_boolean (rand) ? strlen (request) : (gsize) g_rand_int_range (rand, 1, (gint32) strlen (request));
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), request, cut, NULL, NULL, NULL);
  if (cut == strlen (request) && g_rand_boolean (rand))
    g_usleep (g_rand_int_range (rand, 0, 3000));
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  wr->dropped++;
}

static guint
send_write (SoupSession *session,
            Writer      *wr,
            const char  *key,
            const char  *body)
{
  g_autofree char *url = g_strconcat (wr->server->base, "/api/v1/cases", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", wr->token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", key);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  return reply != NULL ? soup_message_get_status (msg) : 0;
}

static gpointer
writer_main (gpointer data)
{
  Writer *wr = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (wr->index * 7919 + 1);
  guint n;

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 60, NULL);
  for (n = 0; g_get_monotonic_time () < wr->deadline; n++)
    {
      g_autofree char *name = g_strdup_printf ("bench-write-%u-%u", wr->index, n);
      g_autofree char *key = g_strdup_printf ("%s-%08x", name, g_rand_int (rand));
      g_autofree char *body = g_strdup_printf ("{\"service_code\": \"%s\", \"description\": \"%s\","
                                               " \"lat\": 40.71, \"long\": -74.0, \"channel\": \"web\"}",
                                               services[n % G_N_ELEMENTS (services)][0], name);
      guint status = 0, attempts = 0;

      if (g_rand_int_range (rand, 0, 10) == 0)
        send_and_drop (wr, key, body, rand);
      /* until acknowledged, as a desk's outbox does */
      while (status != 201 && attempts++ < 50)
        {
          status = send_write (session, wr, key, body);
          if (status != 201)
            {
              wr->failures++;
              g_usleep (10000);
            }
        }
      if (status != 201)
        continue;
      g_ptr_array_add (wr->acked, g_steal_pointer (&name));
      /* a retry after success: a lost answer, seen from the client */
      while (g_rand_int_range (rand, 0, 5) == 0)
        {
          wr->retries++;
          if (send_write (session, wr, key, body) != 201)
            wr->failures++;
        }
    }
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
measure_writes (Server     *s,
                const char *token,
                const char *db_path,
                int         seconds,
                guint      *lost,
                guint      *duplicated)
{
  Writer writers[N_WRITERS];
  GThread *threads[N_WRITERS];
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicDb) db = NULL;
  g_autoptr(CivicDbConn) conn = NULL;
  CivicDbStmt *stmt;
  guint acked = 0, retries = 0, dropped = 0, failures = 0;
  guint i, j;

  for (i = 0; i < N_WRITERS; i++)
    {
      writers[i] = (Writer) { s, token, i, g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC,
                              g_ptr_array_new_with_free_func (g_free), 0, 0, 0 };
      threads[i] = g_thread_new ("writer", writer_main, &writers[i]);
    }
  for (i = 0; i < N_WRITERS; i++)
    g_thread_join (threads[i]);

  /* what the database holds, counted by logical write */
  db = civic_db_open (db_path, &error);
  conn = db != NULL ? civic_db_connect (db, &error) : NULL;
  stmt = conn != NULL ? civic_db_prepare (conn, "SELECT description, COUNT(*) FROM cases "
                                                "WHERE description LIKE 'bench-write-%' GROUP BY description",
                                          &error)
                      : NULL;
  if (stmt == NULL)
    g_error ("bench-server: cannot count the writes: %s", error->message);
  *duplicated = 0;
  while (civic_db_step (stmt, &error))
    {
      gint64 count = civic_db_column_int64 (stmt, 1);

      g_hash_table_insert (stored, g_strdup (civic_db_column_text (stmt, 0)), GINT_TO_POINTER ((int) count));
      if (count > 1)
        (*duplicated)++;
    }
  *lost = 0;
  for (i = 0; i < N_WRITERS; i++)
    {
      for (j = 0; j < writers[i].acked->len; j++)
        if (!g_hash_table_contains (stored, g_ptr_array_index (writers[i].acked, j)))
          (*lost)++;
      acked += writers[i].acked->len;
      retries += writers[i].retries;
      dropped += writers[i].dropped;
      failures += writers[i].failures;
      g_ptr_array_unref (writers[i].acked);
    }
  g_printerr ("bench-server: writes: %u acknowledged (%.0f/s), %u stored, %u retries after success, "
              "%u dropped mid-request, %u failed attempts (retried)\n",
              acked, acked / (double) seconds, g_hash_table_size (stored), retries, dropped, failures);
}

/* ---- main ---------------------------------------------------------------- */

int
main (int argc, char **argv)
{
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT, &opt_cases, "Cases in the database (20000)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &opt_seconds, "Seconds of the writes test; wrk runs min(N, 10) (30)", "N" },
    { "connections", 0, 0, G_OPTION_ARG_INT, &opt_connections, "wrk connections (64)", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, "Keep the database here; reuse it when it exists (profiling)", "PATH" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &opt_only, "Run one part: open311, bare, changes or writes", "PART" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— the central service under load");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *script = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  const char *bin = g_getenv ("CIVIC_SERVER_BIN");
  WrkResult ours = { 0, };
  double bare_rps;
  double changes;
  guint lost = 0, duplicated = 0;
  int wrk_seconds;
  Server *s;

  /* stdout carries only figure lines, whatever G_MESSAGES_DEBUG says */
  g_log_writer_default_set_use_stderr (TRUE);
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("bench-server: %s\n", error->message);
      return 2;
    }
  if (bin == NULL || opt_cases < 1 || opt_seconds < 1 || opt_connections < 1)
    {
      g_printerr ("bench-server: needs CIVIC_SERVER_BIN and positive --cases, --seconds, --connections\n");
      return 2;
    }
  wrk_seconds = MIN (opt_seconds, 10);

  dir = g_dir_make_tmp ("bench-server-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = opt_db != NULL ? g_strdup (opt_db) : g_build_filename (dir, "server.db", NULL);
  if (opt_db != NULL && g_file_test (opt_db, G_FILE_TEST_EXISTS))
    ids = read_ids (db_path);
  else
    ids = fill_database (db_path, (guint) opt_cases);
  {
    const char *add[] = { bin, "user", "add", "--db", db_path, "--username", "bench", "--role", "admin",
                          "--department", "streets", "--password", "bench password", NULL };

    run_cli (add);
  }
  script = write_wrk_script (dir, ids);

  s = server_start (bin, db_path);
  session = soup_session_new_with_options ("timeout", 60, NULL);
  token = login (session, s, "bench", "bench password");

  if (opt_only == NULL || g_str_equal (opt_only, "open311") || g_str_equal (opt_only, "bare"))
    {
      /* warm the page cache and the statement caches of both workers */
      url = g_strdup_printf ("%s/", s->base);
      run_wrk (url, script, 1, &ours);
      if (!run_wrk (url, script, wrk_seconds, &ours))
        return 1;
      if (ours.errors > 0)
        g_printerr ("bench-server: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " requests failed\n",
                    ours.errors, ours.requests);
      g_print ("figure: open311_get_rps %.0f requests/s\n", ours.rps);
      g_print ("figure: open311_get_p99_ms %.2f ms\n", ours.p99_ms);

      bare_rps = measure_bare (script, wrk_seconds);
      g_print ("figure: bare_soup_rps %.0f requests/s\n", bare_rps);
      g_print ("figure: bare_soup_ratio %.2f ratio\n", bare_rps > 0 ? ours.rps / bare_rps : 0);
    }

  if (opt_only == NULL || g_str_equal (opt_only, "changes"))
    {
      changes = measure_changes (s, token, ids->len);
      g_print ("figure: changes_cases_per_s %.0f cases/s\n", changes);
    }

  if (opt_only == NULL || g_str_equal (opt_only, "writes"))
    {
      measure_writes (s, token, db_path, opt_seconds, &lost, &duplicated);
      g_print ("figure: writes_lost %u writes\n", lost);
      g_print ("figure: writes_duplicated %u writes\n", duplicated);
    }

  server_stop (s);
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  return 0;
}
