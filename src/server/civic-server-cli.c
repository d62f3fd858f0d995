/* civic-server-cli.c: subcommands of civicdesk-server
 *
 * `civicdesk-server [serve] --db PATH --listen ADDR --port N` runs the
 * service; the other subcommands (users, seeding, imports) sit beside it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

#include "auth/civic-auth.h"
#include "civic-routes.h"
#include "civic-server.h"
#include "civic-server-cli.h"
#include "ops/civic-ops.h"
#include "ops/civic-ops-open311.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
cmd_serve (int    argc,
           char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *jurisdiction = NULL;
  int port = 8311;
  int workers = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(CivicServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  CivicServerConfig config = { 0, };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      "Database: a SQLite file (created if missing) or postgresql://…", "PATH|URI" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address to listen on (default 127.0.0.1)", "ADDR" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port to listen on; 0 picks a free one (default 8311)", "N" },
    { "workers", 0, 0, G_OPTION_ARG_INT, &workers, "Worker threads (default: one per core)", "N" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "TLS certificate (PEM)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "TLS private key (PEM)", "FILE" },
    { "jurisdiction", 0, 0, G_OPTION_ARG_STRING, &jurisdiction, "Open311 jurisdiction_id to accept", "ID" },
    { NULL }
  };

  ctx = g_option_context_new ("[serve] — run the Civic Desk central service");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("civicdesk-server: %s\n", error->message);
      return 2;
    }
  if (argc > 1)
    {
      g_printerr ("civicdesk-server: unexpected argument “%s” (see --help)\n", argv[1]);
      return 2;
    }
  if (port < 0 || port > 65535)
    {
      g_printerr ("civicdesk-server: --port must be between 0 and 65535, not %d\n", port);
      return 2;
    }
  if (workers < 0 || workers > 256)
    {
      g_printerr ("civicdesk-server: --workers must be between 1 and 256\n");
      return 2;
    }
  if (!civic_auth_init ())
    {
      g_printerr ("civicdesk-server: the cryptography library could not start\n");
      return 1;
    }

  config.db_uri = db_path != NULL ? db_path : "civicdesk.db";
  config.address = listen != NULL ? listen : "127.0.0.1";
  config.port = port;
  config.n_workers = workers;
  config.tls_cert = tls_cert;
  config.tls_key = tls_key;
  config.jurisdiction_id = jurisdiction;

  server = civic_server_new (&config, &error);
  if (server == NULL)
    {
      g_printerr ("civicdesk-server: %s\n", error->message);
      return 1;
    }
  civic_routes_register_all (server);
  if (!civic_server_start (server, &error))
    {
      g_printerr ("civicdesk-server: cannot listen on %s port %d: %s\n",
                  config.address, port, error->message);
      return 1;
    }

  /* The first line is a contract: tests and tools/demo read the port from it. */
  printf ("listening on %s://%s%s%s:%u/\n",
          civic_server_is_tls (server) ? "https" : "http",
          strchr (config.address, ':') != NULL ? "[" : "", config.address,
          strchr (config.address, ':') != NULL ? "]" : "",
          civic_server_get_port (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  return 0;
}

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "serve", cmd_serve, "run the service (the default)" },
  { "user", civic_ops_user, "add or list staff users" },
  { "seed-demo", civic_ops_seed_demo, "fill a new database with a realistic demo city" },
  { "api-key", civic_ops_api_key, "issue, list or revoke Open311 api keys" },
  { "import-open311", civic_ops_import_open311, "import an Open311 export (JSON or XML)" },
  { "import-csv", civic_ops_import_csv, "import NYC's 311 open-data export (CSV)" },
  { "migrate", civic_ops_migrate, "copy a SQLite database into PostgreSQL (counts and checksums checked)" },
};

static void
print_commands (void)
{
  guint i;

  g_printerr ("Commands:\n");
  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    g_printerr ("  %-16s %s\n", commands[i].name, commands[i].summary);
}

int
civic_server_cli_run (int    argc,
                      char **argv)
{
  guint i;

  /* `serve` is the default subcommand, so `civicdesk-server --port 0` works. */
  if (argc < 2 || argv[1][0] == '-')
    return cmd_serve (argc, argv);
  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);
  g_printerr ("civicdesk-server: unknown command “%s”\n", argv[1]);
  print_commands ();
  return 2;
}
