/* bench-scale.c: `tools/bench scale` — two server processes on PostgreSQL
 * against one process on SQLite
 *
 * One demo city (seed-demo --cases N) is made in a SQLite file and copied
 * into a private PostgreSQL cluster with `civicdesk-server migrate`, so
 * both backends hold the same rows. Then:
 *   sqlite_1proc_rps_open311_get / pg_2proc_rps_open311_get
 *       wrk, random GET /open311/v2/requests/{id}.json; for PostgreSQL one
 *       wrk per process at once (half the connections each), summed
 *   sqlite_1proc_rps_writes / pg_2proc_rps_writes
 *       the same with POST /api/v1/posts as a staff user
 *   changes_gaps_missed / changes_gaps_duplicated
 *       32 writers across the 2 processes for --seconds, a desk following
 *       the changes feed (tests/civic-test-scale.c): acknowledged writes
 *       the feed never sent, and writes it sent twice
 *   cross_process_live_ms_median
 *       a write on process A until a WebSocket on process B hears its seq
 * Only `figure: NAME VALUE UNIT` lines go to stdout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "civic-test-pg.h"
#include "civic-test-scale.h"
#include "civic-test-util.h"

static int opt_cases = 5000;
static int opt_seconds = 30;
static int opt_wrk_seconds = 10;
static int opt_connections = 64;

typedef struct
{
  double  rps;
  guint64 requests;
  guint64 errors;
} WrkResult;

static const char wrk_tail[] =
  "function done(summary, latency, requests)\n"
  "  local errors = summary.errors.connect + summary.errors.read + summary.errors.write\n"
  "    + summary.errors.status + summary.errors.timeout\n"
  "  io.write(string.format('RESULT rps=%.1f requests=%d errors=%d\\n',\n"
  "    summary.requests / (summary.duration / 1e6), summary.requests, errors))\n"
  "end\n";

static char *
write_script (const char *dir,
              const char *name,
              const char *body)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = g_strconcat (body, wrk_tail, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, text, -1, &error))
    g_error ("bench-scale: %s", error->message);
  return g_steal_pointer (&path);
}

static char *
get_script (const char *dir,
            const char *ids_csv)
{
  g_auto(GStrv) ids = g_strsplit (ids_csv, ",", -1);
  g_autoptr(GString) lua = g_string_new ("local ids = {\n");
  guint i;

  for (i = 0; ids[i] != NULL; i++)
    g_string_append_printf (lua, "\"%s\",\n", ids[i]);
  g_string_append (lua,
    "}\n"
    "local n = 0\n"
    "function setup(thread) n = n + 1; thread:set('seed', n) end\n"
    "function init(args) math.randomseed(seed * 7919 + os.time()) end\n"
    "function request()\n"
    "  return wrk.format('GET', '/open311/v2/requests/' .. ids[math.random(#ids)] .. '.json')\n"
    "end\n");
  return write_script (dir, "get.lua", lua->str);
}

static char *
post_script (const char *dir)
{
  return write_script (dir, "post.lua",
    "local token = os.getenv('BENCH_TOKEN')\n"
    "local n = 0\n"
    "function request()\n"
    "  n = n + 1\n"
    "  return wrk.format('POST', '/api/v1/posts',\n"
    "    { ['Authorization'] = 'Bearer ' .. token, ['Content-Type'] = 'application/json' },\n"
    "    '{\"body\": \"bench write ' .. n .. '\"}')\n"
    "end\n");
}

/* Runs one wrk per URL at once and sums what they report. */
static gboolean
run_wrk (const char  *script,
         const char  *token,
         char       **urls,
         guint        n_urls,
         int          seconds,
         WrkResult   *sum)
{
  g_autoptr(GPtrArray) procs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *conns = g_strdup_printf ("%d", MAX (1, opt_connections / (int) n_urls));
  g_autofree char *duration = g_strdup_printf ("%ds", seconds);
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  guint i;

  memset (sum, 0, sizeof *sum);
  if (token != NULL)
    g_subprocess_launcher_setenv (launcher, "BENCH_TOKEN", token, TRUE);
  for (i = 0; i < n_urls; i++)
    {
      g_autoptr(GError) error = NULL;
      GSubprocess *p = g_subprocess_launcher_spawn (launcher, &error, "wrk", "-t", "1", "-c", conns,
                                                    "-d", duration, "-s", script, urls[i], NULL);

      if (p == NULL)
        {
          g_printerr ("bench-scale: wrk did not run: %s\n", error->message);
          return FALSE;
        }
      g_ptr_array_add (procs, p);
    }
  for (i = 0; i < procs->len; i++)
    {
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      WrkResult r = { 0 };
      const char *line;

      g_subprocess_communicate_utf8 (g_ptr_array_index (procs, i), NULL, NULL, &out, NULL, &error);
      g_printerr ("%s", out != NULL ? out : "");
      line = out != NULL ? strstr (out, "RESULT ") : NULL;
      if (line == NULL ||
          sscanf (line, "RESULT rps=%lf requests=%" G_GUINT64_FORMAT " errors=%" G_GUINT64_FORMAT,
                  &r.rps, &r.requests, &r.errors) != 3)
        {
          g_printerr ("bench-scale: no result from wrk\n");
          return FALSE;
        }
      sum->rps += r.rps;
      sum->requests += r.requests;
      sum->errors += r.errors;
    }
  if (sum->errors > 0)
    g_printerr ("bench-scale: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " requests failed\n",
                sum->errors, sum->requests);
  return TRUE;
}

static void
figure (const char *name,
        double      value,
        const char *unit)
{
  printf ("figure: %s %.1f %s\n", name, value, unit);
  fflush (stdout);
}

static void
figure_count (const char *name,
              guint       value,
              const char *unit)
{
  printf ("figure: %s %u %s\n", name, value, unit);
  fflush (stdout);
}

/* Reads and writes against @servers, wrk per process; prefix names the figures. */
static void
measure_rps (const char        *prefix,
             CivicTestServer  **servers,
             guint              n_servers,
             const char        *get_lua,
             const char        *post_lua)
{
  g_autofree char *token = civic_test_login (servers[0], "staff", "civicdesk-demo");
  g_autofree char *get_name = g_strdup_printf ("%s_rps_open311_get", prefix);
  g_autofree char *write_name = g_strdup_printf ("%s_rps_writes", prefix);
  char *urls[4];
  WrkResult r;
  guint i;

  for (i = 0; i < n_servers; i++)
    urls[i] = servers[i]->base_url;
  /* warm caches and connections first */
  run_wrk (get_lua, NULL, urls, n_servers, 1, &r);
  if (run_wrk (get_lua, NULL, urls, n_servers, opt_wrk_seconds, &r))
    figure (get_name, r.rps, "req/s");
  if (run_wrk (post_lua, token, urls, n_servers, opt_wrk_seconds, &r))
    figure (write_name, r.rps, "req/s");
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— PostgreSQL, two processes, against SQLite, one");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *from = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *get_lua = NULL;
  g_autofree char *post_lua = NULL;
  g_autofree char *err = NULL;
  g_autofree char *count = NULL;
  const char *data = g_getenv ("CIVIC_FIXTURES");
  CivicTestServer *servers[2];
  CivicTestServer *lite;
  CivicTestPg *pg;
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT, &opt_cases, "Cases in the demo city (5000)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &opt_seconds, "Seconds of the gap test (30)", "N" },
    { "wrk-seconds", 0, 0, G_OPTION_ARG_INT, &opt_wrk_seconds, "Seconds of each wrk run (10)", "N" },
    { "connections", 0, 0, G_OPTION_ARG_INT, &opt_connections, "wrk connections in all (64)", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("bench-scale: %s\n", error->message);
      return 2;
    }
  if (g_getenv ("CIVIC_SERVER_BIN") == NULL || opt_cases < 1 || opt_seconds < 1 || opt_wrk_seconds < 1)
    {
      g_printerr ("bench-scale: run it as `tools/bench scale` (needs CIVIC_SERVER_BIN)\n");
      return 2;
    }
  if (data == NULL)
    data = CIVIC_FIXTURES_DIR;

  dir = civic_test_mkdtemp ();
  db = g_build_filename (dir, "city.db", NULL);
  from = g_strconcat ("sqlite:", db, NULL);
  g_printerr ("bench-scale: seeding %d cases …\n", opt_cases);
  {
    g_autofree char *n = g_strdup_printf ("%d", opt_cases);

    if (civic_test_run_cli (NULL, &err, "seed-demo", "--db", db, "--cases", n, "--data", data, NULL) != 0)
      g_error ("bench-scale: seed-demo failed: %s", err);
  }
  pg = civic_test_pg_start ();
  uri = civic_test_pg_create_db (pg, "bench");
  g_clear_pointer (&err, g_free);
  if (civic_test_run_cli (NULL, &err, "migrate", "--from", from, "--to", uri, NULL) != 0)
    g_error ("bench-scale: migrate failed: %s", err);

  ids = civic_test_sql (db, "SELECT group_concat(request_id, ',') FROM "
                            "(SELECT request_id FROM cases ORDER BY random() LIMIT 2000)");
  get_lua = get_script (dir, ids);
  post_lua = post_script (dir);

  /* SQLite, one process (a worker thread per core, as deployed) */
  g_printerr ("bench-scale: SQLite, one process …\n");
  lite = civic_test_server_start (db, NULL);
  measure_rps ("sqlite_1proc", &lite, 1, get_lua, post_lua);
  civic_test_server_stop (lite);

  /* PostgreSQL, two processes */
  g_printerr ("bench-scale: PostgreSQL, two processes …\n");
  servers[0] = civic_test_server_start (uri, NULL);
  servers[1] = civic_test_server_start (uri, NULL);
  measure_rps ("pg_2proc", servers, 2, get_lua, post_lua);

  {
    g_autofree char *token = civic_test_login (servers[0], "staff", "civicdesk-demo");
    g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
    CivicScaleGaps g = {
      .servers = servers,
      .n_servers = 2,
      .token = token,
      .n_writers = 32,
      .seconds = opt_seconds,
    };

    g_printerr ("bench-scale: 32 writers across 2 processes for %d s, a desk following the feed …\n",
                opt_seconds);
    /* the feed is followed from where it stands, as a desk that is current */
    count = civic_test_pg_sql (uri, "SELECT value FROM change_seq");
    g.start_after = g_ascii_strtoll (count, NULL, 10);
    civic_scale_gaps_run (&g);
    g_printerr ("bench-scale: %u writes acknowledged (%.0f/s), %u never acknowledged, %u out of order\n",
                g.acked, g.writes_per_s, g.failed, g.out_of_order);
    figure_count ("changes_gaps_missed", g.missed, "writes");
    figure_count ("changes_gaps_duplicated", g.duplicated, "writes");
    figure ("changes_gaps_writes_per_s", g.writes_per_s, "writes/s");

    if (civic_scale_live_latencies (servers[0], servers[1], token, 50, ms))
      figure ("cross_process_live_ms_median", civic_scale_median (ms), "ms");
  }

  civic_test_server_stop (servers[0]);
  civic_test_server_stop (servers[1]);
  civic_test_pg_stop (pg);
  civic_test_rm_rf (dir);
  return 0;
}
