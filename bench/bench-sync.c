/* bench-sync.c: the desk's sync engine against a local civicdesk-server
 *
 *   sync_100k_s             empty replica → 100,000 cases, wall seconds
 *   sync_peak_rss_mb        peak RSS of this process (VmHWM)
 *   main_loop_max_stall_ms  longest gap between main-loop iterations
 *                           during that pull
 *   live_latency_ms_median  a case changed through the staff API → the
 *                           change in a second desk's store, median of 100
 *
 * stdout: only `figure:` lines; the rest goes to stderr.
 * Options: --cases N (default 100000), --keep DIR (reuse a seeded server
 * database in DIR, seeding it the first time).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <libsoup/soup.h>

#include "civic-sync.h"

typedef struct
{
  GSubprocess *process;
  char        *url;
} Server;

/* a bench that dies on g_error () takes its server with it */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static Server *
server_start (const char *db)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  Server *server = g_new0 (Server, 1);
  const char *prefix = "listening on ";

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CIVIC_SERVER_BIN"), "serve",
                                                 "--db", db, "--listen", "127.0.0.1", "--port", "0", NULL);
  if (server->process == NULL)
    g_error ("cannot start the server: %s", error->message);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, prefix))
    g_error ("the server said “%s”", line != NULL ? line : error != NULL ? error->message : "nothing");
  server->url = g_str_has_suffix (line, "/") ? g_strdup (line + strlen (prefix))
                                              : g_strconcat (line + strlen (prefix), "/", NULL);
  return server;
}

static void
server_stop (Server *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_object_unref (server->process);
  g_free (server->url);
  g_free (server);
}

static void
seed (const char *db,
      guint       n_cases)
{
  g_autofree char *cases = g_strdup_printf ("%u", n_cases);
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;
  const char *data = g_getenv ("CIVIC_SHARED_DATA");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (gpointer) g_getenv ("CIVIC_SERVER_BIN"));
  g_ptr_array_add (args, (gpointer) "seed-demo");
  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, (gpointer) db);
  g_ptr_array_add (args, (gpointer) "--cases");
  g_ptr_array_add (args, (gpointer) cases);
  g_ptr_array_add (args, (gpointer) "--posts");
  g_ptr_array_add (args, (gpointer) "0");
  if (data != NULL && g_file_test (data, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (args, (gpointer) "--data");
      g_ptr_array_add (args, (gpointer) data);
    }
  g_ptr_array_add (args, NULL);
  p = g_subprocess_newv ((const char * const *) args->pdata, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  if (p == NULL || !g_subprocess_wait_check (p, NULL, &error))
    g_error ("seed-demo failed: %s", error->message);
}

/* CPU seconds (user + system) of this process */
static double
self_cpu_s (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* CPU seconds of the server: the machine is shared, so wall time alone
 * says little about what a change bought */
static double
server_cpu_s (Server *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (server->process));
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *p;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (p = strrchr (stat, ')')) == NULL)
    return -1;
  fields = g_strsplit (p + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return -1;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static double
peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return -1;
  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;
}

/* ---- desks ---------------------------------------------------------------- */

typedef struct
{
  gboolean  done;
  char     *token;
  GError   *error;
} Login;

static void
login_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Login *login = data;

  login->token = civic_sync_login_finish (CIVIC_SYNC (source), result, &login->error);
  login->done = TRUE;
}

static CivicSync *
desk_new (const char  *dir,
          const char  *name,
          const char  *url,
          char       **token)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = civic_store_open (path, &error);
  CivicSync *sync;
  Login login = { 0 };

  if (store == NULL)
    g_error ("%s", error->message);
  sync = civic_sync_new (store, url);
  civic_sync_login_async (sync, "manager", "civicdesk-demo", NULL, login_cb, &login);
  while (!login.done)
    g_main_context_iteration (NULL, TRUE);
  if (login.error != NULL)
    g_error ("%s", login.error->message);
  if (token != NULL)
    *token = g_strdup (login.token);
  g_free (login.token);
  return sync;
}

typedef struct
{
  gint64 last;
  gint64 max_gap;
} Ticker;

static gboolean
tick_cb (gpointer data)
{
  Ticker *t = data;
  gint64 now = g_get_monotonic_time ();

  if (t->last != 0)
    t->max_gap = MAX (t->max_gap, now - t->last);
  t->last = now;
  return G_SOURCE_CONTINUE;
}

/* ---- live latency ------------------------------------------------------------ */

typedef struct
{
  gboolean  done;
  guint     status;
  GBytes   *body;
} Patch;

static void
patch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Patch *p = data;
  p->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  p->status = soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source), result));
  p->done = TRUE;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
live_latency_median (CivicSync  *b,
                     const char *url,
                     const char *token,
                     guint       n)
{
  CivicStore *store = civic_sync_get_store (b);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ids = civic_store_query_case_ids (store, NULL, NULL, 0, n, NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  guint i;

  for (i = 0; i < n && i < ids->len; i++)
    {
      g_autoptr(CivicCase) kase = civic_store_get_case_by_id (store, g_array_index (ids, gint64, i), NULL);
      g_autofree char *path = g_strdup_printf ("%sapi/v1/cases/%s", url, civic_case_get_service_request_id (kase));
      g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, civic_case_get_version (kase));
      g_autofree char *key = g_uuid_string_random ();
      g_autofree char *notes = g_strdup_printf ("bench change %u at %" G_GINT64_FORMAT, i, g_get_real_time ());
      g_autofree char *body = g_strdup_printf ("{\"status_notes\": \"%s\"}", notes);
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      g_autoptr(SoupMessage) msg = soup_message_new ("PATCH", path);
      const char *id = civic_case_get_service_request_id (kase);
      Patch p = { 0 };
      gint64 t0;
      double ms;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "If-Match", version);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", key);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);

      t0 = g_get_monotonic_time ();
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, patch_cb, &p);
      for (;;)
        {
          g_autoptr(CivicCase) now = NULL;

          g_main_context_iteration (NULL, TRUE);
          if (p.done && !SOUP_STATUS_IS_SUCCESSFUL (p.status))
            g_error ("PATCH %s answered %u: %.*s", id, p.status,
                     p.body != NULL ? (int) g_bytes_get_size (p.body) : 0,
                     p.body != NULL ? (const char *) g_bytes_get_data (p.body, NULL) : "");
          now = civic_store_get_case (store, id, NULL);
          if (now != NULL && g_strcmp0 (civic_case_get_status_notes (now), notes) == 0)
            break;
          if (g_get_monotonic_time () - t0 > 10 * G_USEC_PER_SEC)
            {
              g_autoptr(CivicStore) fresh = civic_store_open (civic_store_get_path (store), NULL);
              g_autoptr(CivicCase) seen = civic_store_get_case (fresh, id, NULL);

              g_error ("change %u never reached desk B: %s has “%s” (v%" G_GINT64_FORMAT "), the UI's "
                       "connection “%s”, wanted “%s”", i, id,
                       seen != NULL ? civic_case_get_status_notes (seen) : "(none)",
                       seen != NULL ? civic_case_get_version (seen) : -1,
                       now != NULL ? civic_case_get_status_notes (now) : "(none)", notes);
            }
        }
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (samples, ms);
      while (!p.done)
        g_main_context_iteration (NULL, TRUE);
      g_clear_pointer (&p.body, g_bytes_unref);
    }
  g_array_sort (samples, compare_double);
  return samples->len > 0 ? g_array_index (samples, double, samples->len / 2) : -1;
}

static gboolean
poll_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— sync engine figures");
  g_autoptr(GError) error = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *token = NULL;
  g_autofree char *store_a = NULL;
  int n_cases = 100000;
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT, &n_cases, "Cases on the server", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Keep the seeded server database in DIR", "DIR" },
    { NULL }
  };
  Ticker ticker = { 0 };
  Server *server;
  CivicSync *a;
  CivicSync *b;
  gint64 t0;
  double sync_s, cpu0, server_cpu0;
  double latency;
  guint tick;
  guint poll;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (g_getenv ("CIVIC_SERVER_BIN") == NULL)
    {
      g_printerr ("set CIVIC_SERVER_BIN (tools/bench does)\n");
      return 2;
    }

  dir = g_dir_make_tmp ("civic-bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  if (keep != NULL)
    {
      g_autofree char *name = g_strdup_printf ("server-%d.db", n_cases);

      g_mkdir_with_parents (keep, 0700);
      db = g_build_filename (keep, name, NULL);
    }
  else
    db = g_build_filename (dir, "server.db", NULL);
  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      g_printerr ("seeding %d cases…\n", n_cases);
      seed (db, (guint) n_cases);
    }
  server = server_start (db);
  g_printerr ("server at %s\n", server->url);

  /* desk A: the big pull, with a 1 ms ticker on the main loop */
  a = desk_new (dir, "a.store", server->url, &token);
  tick = g_timeout_add (1, tick_cb, &ticker);
  t0 = g_get_monotonic_time ();
  cpu0 = self_cpu_s ();
  server_cpu0 = server_cpu_s (server);
  civic_sync_start (a);
  if (!civic_sync_wait_idle (a, 120000))
    g_error ("desk A never caught up: %s", civic_sync_get_message (a));
  sync_s = (g_get_monotonic_time () - t0) / 1e6;
  g_source_remove (tick);
  if (civic_sync_get_state (a) != CIVIC_SYNC_STATE_ONLINE)
    g_error ("desk A ended in “%s” (%s)", civic_sync_get_message (a), civic_sync_get_detail (a));
  g_printerr ("desk A: %" G_GINT64_FORMAT " cases in %.2f s (CPU: desk %.2f s, server %.2f s)\n",
              civic_store_count_cases (civic_sync_get_store (a), NULL, NULL), sync_s,
              self_cpu_s () - cpu0, server_cpu_s (server) - server_cpu0);

  printf ("figure: sync_100k_s %.2f s\n", sync_s);
  printf ("figure: main_loop_max_stall_ms %.1f ms\n", ticker.max_gap / 1000.0);
  fflush (stdout);

  /* desk B: caught up too, then the live figure */
  b = desk_new (dir, "b.store", server->url, NULL);
  civic_sync_start (b);
  if (!civic_sync_wait_idle (b, 120000))
    g_error ("desk B never caught up: %s", civic_sync_get_message (b));
  /* the socket opens beside the first pull; let it settle */
  poll = g_timeout_add (1, poll_cb, NULL);
  {
    gint64 until = g_get_monotonic_time () + 300 * 1000;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, TRUE);
  }
  latency = live_latency_median (b, server->url, token, 100);
  g_source_remove (poll);
  printf ("figure: live_latency_ms_median %.1f ms\n", latency);
  printf ("figure: sync_peak_rss_mb %.1f MB\n", peak_rss_mb ());
  fflush (stdout);

  civic_sync_stop (a);
  civic_sync_stop (b);
  g_object_unref (a);
  g_object_unref (b);
  server_stop (server);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", dir);
  }
  return 0;
}
