/* civic-test-pg.c: a private PostgreSQL cluster for one test program
 *
 * Nothing has to run beforehand: the first test that needs PostgreSQL
 * runs Debian's initdb into a fresh temporary folder and starts the
 * postmaster on a unix socket inside it (no TCP, so no port can clash
 * with anything; the number is still chosen free, as it names the
 * socket). initdb refuses to run as root, and CI runs as root: there the
 * cluster runs as the `postgres` user the package creates, in a folder
 * that user owns. The postmaster dies with the test program (parent-death
 * signal) and is stopped and removed at exit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "civic-test-pg.h"
#include "civic-test-util.h"

struct _CivicTestPg
{
  char        *dir;
  char        *bin;
  guint        port;
  GSubprocess *postmaster;
  GHashTable  *databases;   /* names created */
};

static CivicTestPg *the_cluster;
static uid_t run_uid;
static gid_t run_gid;
static gboolean run_as_other;

gboolean
civic_test_backend_is_pg (void)
{
  return g_strcmp0 (g_getenv ("CIVIC_TEST_BACKEND"), "postgresql") == 0;
}

char *
civic_test_pg_bin_dir (void)
{
  const char *env = g_getenv ("CIVIC_PG_BIN");
  g_autoptr(GDir) dir = NULL;
  g_autofree char *best = NULL;
  const char *name;

  if (env != NULL)
    return g_strdup (env);
  /* Debian installs each major version under its own folder; the highest. */
  dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (best == NULL || g_ascii_strtoull (name, NULL, 10) > g_ascii_strtoull (best, NULL, 10))
      {
        g_free (best);
        best = g_strdup (name);
      }
  if (best == NULL)
    return NULL;
  return g_build_filename ("/usr/lib/postgresql", best, "bin", NULL);
}

static void
become_cluster_user (gpointer user_data)
{
  gboolean die_with_parent = GPOINTER_TO_INT (user_data);

  if (run_as_other)
    {
      if (setgroups (0, NULL) != 0 || setgid (run_gid) != 0 || setuid (run_uid) != 0)
        _exit (126);
    }
  /* after setuid, which clears the parent-death signal */
  if (die_with_parent)
    prctl (PR_SET_PDEATHSIG, SIGINT);
}

static guint
pick_free_port (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  guint port = 54329;

  if (fd >= 0 && bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0 &&
      getsockname (fd, (struct sockaddr *) &addr, &len) == 0)
    port = ntohs (addr.sin_port);
  if (fd >= 0)
    close (fd);
  return port;
}

static void
run_checked (const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_subprocess_launcher_set_child_setup (launcher, become_cluster_user, GINT_TO_POINTER (FALSE), NULL);
  p = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (p) || g_subprocess_get_exit_status (p) != 0)
    g_error ("%s failed: %s", argv[0], out);
}

char *
civic_test_pg_conninfo (CivicTestPg *pg,
                        const char  *database)
{
  return g_strdup_printf ("postgresql://postgres@/%s?host=%s&port=%u", database, pg->dir, pg->port);
}

static void
stop_at_exit (void)
{
  civic_test_pg_stop (g_steal_pointer (&the_cluster));
}

static void
spawn_postmaster (CivicTestPg *pg)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = g_build_filename (pg->dir, "data", NULL);
  g_autofree char *postgres = g_build_filename (pg->bin, "postgres", NULL);
  g_autofree char *port = g_strdup_printf ("%u", pg->port);
  g_autofree char *conninfo = NULL;
  guint i;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, become_cluster_user, GINT_TO_POINTER (TRUE), NULL);
  /* A throwaway cluster: durability off, enough connections for several
   * servers with a connection per worker thread. */
  pg->postmaster = g_subprocess_launcher_spawn (launcher, &error, postgres, "-D", data, "-k", pg->dir,
                                                "-p", port, "-c", "listen_addresses=",
                                                "-c", "fsync=off", "-c", "synchronous_commit=off",
                                                "-c", "full_page_writes=off", "-c", "max_connections=300",
                                                "-c", "shared_buffers=32MB", NULL);
  g_assert_no_error (error);

  conninfo = civic_test_pg_conninfo (pg, "postgres");
  for (i = 0; i < 300 && PQping (conninfo) != PQPING_OK; i++)
    {
      if (g_subprocess_get_identifier (pg->postmaster) == NULL)
        g_error ("PostgreSQL stopped while starting (folder %s)", pg->dir);
      g_usleep (50 * 1000);
    }
  if (PQping (conninfo) != PQPING_OK)
    g_error ("PostgreSQL did not answer within 15 s (folder %s)", pg->dir);
}

static void
stop_postmaster (CivicTestPg *pg)
{
  if (pg->postmaster == NULL)
    return;
  /* fast shutdown: clients are disconnected, nothing is kept */
  g_subprocess_send_signal (pg->postmaster, SIGINT);
  g_subprocess_wait (pg->postmaster, NULL, NULL);
  g_clear_object (&pg->postmaster);
}

void
civic_test_pg_restart (CivicTestPg *pg)
{
  stop_postmaster (pg);
  spawn_postmaster (pg);
}

CivicTestPg *
civic_test_pg_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *initdb = NULL;
  CivicTestPg *pg;

  pg = g_new0 (CivicTestPg, 1);
  pg->bin = civic_test_pg_bin_dir ();
  if (pg->bin == NULL)
    g_error ("PostgreSQL is not installed (Debian package postgresql; tools/test installs it)");
  pg->dir = g_dir_make_tmp ("civic-pg-XXXXXX", &error);
  g_assert_no_error (error);
  pg->databases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("postgres");

      if (pw == NULL)
        g_error ("running as root, PostgreSQL needs the user “postgres” (Debian's postgresql package)");
      run_uid = pw->pw_uid;
      run_gid = pw->pw_gid;
      run_as_other = TRUE;
      g_assert_cmpint (chown (pg->dir, run_uid, run_gid), ==, 0);
    }

  data = g_build_filename (pg->dir, "data", NULL);
  initdb = g_build_filename (pg->bin, "initdb", NULL);
  {
    const char *argv[] = { initdb, "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                           "--locale=C", "--no-sync", "--no-instructions", NULL };

    run_checked (argv);
  }

  pg->port = pick_free_port ();
  spawn_postmaster (pg);
  return pg;
}

void
civic_test_pg_stop (CivicTestPg *pg)
{
  if (pg == NULL)
    return;
  stop_postmaster (pg);
  civic_test_rm_rf (pg->dir);
  g_hash_table_destroy (pg->databases);
  g_free (pg->dir);
  g_free (pg->bin);
  g_free (pg);
}

CivicTestPg *
civic_test_pg_shared (void)
{
  if (the_cluster == NULL)
    {
      the_cluster = civic_test_pg_start ();
      atexit (stop_at_exit);
    }
  return the_cluster;
}

static PGconn *
connect_checked (const char *conninfo)
{
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to the test PostgreSQL (%s): %s", conninfo, PQerrorMessage (conn));
  return conn;
}

char *
civic_test_pg_create_db (CivicTestPg *pg,
                         const char  *name)
{
  if (!g_hash_table_contains (pg->databases, name))
    {
      g_autofree char *admin_info = civic_test_pg_conninfo (pg, "postgres");
      g_autofree char *sql = g_strdup_printf ("CREATE DATABASE \"%s\"", name);
      PGconn *admin = connect_checked (admin_info);
      PGresult *res = PQexec (admin, sql);

      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        g_error ("CREATE DATABASE %s failed: %s", name, PQerrorMessage (admin));
      PQclear (res);
      PQfinish (admin);
      g_hash_table_add (pg->databases, g_strdup (name));
      {
        /* Tests check the server's rows with SQL written once for both
         * backends; SQLite's group_concat is the one aggregate they use
         * that PostgreSQL spells differently. Only the tests' databases
         * have it (the server's SQL never uses it). */
        g_autofree char *info = civic_test_pg_conninfo (pg, name);

        g_free (civic_test_pg_sql (info,
          "CREATE FUNCTION civic_test_concat (acc text, v text, sep text) RETURNS text"
          " LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v"
          " ELSE acc || sep || v END $$;"
          "CREATE AGGREGATE group_concat (text, text) (SFUNC = civic_test_concat, STYPE = text)"));
      }
    }
  return civic_test_pg_conninfo (pg, name);
}

char *
civic_test_db_uri (const char *db_path)
{
  g_autofree char *digest = NULL;
  g_autofree char *name = NULL;

  if (!civic_test_backend_is_pg () || g_str_has_prefix (db_path, "postgres"))
    return g_strdup (db_path);
  /* one database per test database file name, made on first use */
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA1, db_path, -1);
  name = g_strdup_printf ("civic_%.20s", digest);
  return civic_test_pg_create_db (civic_test_pg_shared (), name);
}

char *
civic_test_pg_sql (const char *uri,
                   const char *sql)
{
  PGconn *conn = connect_checked (uri);
  char *result = NULL;
  PGresult *res;

  if (!PQsendQuery (conn, sql))
    g_error ("SQL failed: %s: %s", PQerrorMessage (conn), sql);
  while ((res = PQgetResult (conn)) != NULL)
    {
      ExecStatusType status = PQresultStatus (res);

      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        g_error ("SQL failed: %s: %s", PQresultErrorMessage (res), sql);
      if (status == PGRES_TUPLES_OK && result == NULL && PQntuples (res) > 0 && !PQgetisnull (res, 0, 0))
        result = g_strdup (PQgetvalue (res, 0, 0));
      PQclear (res);
    }
  PQfinish (conn);
  return result;
}
