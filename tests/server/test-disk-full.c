/* test-disk-full.c: when the service's disk fills up, a write gets a
 * clear 507 in words, nothing half-written stays, and every read and
 * every earlier case keep working.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-test-tmpfs.h"
#include "civic-test-pg.h"
#include "civic-test-util.h"

static void
seed (const char *db)
{
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;

  p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                        g_getenv ("CIVIC_SERVER_BIN"), "seed-demo", "--db", db,
                        "--cases", "0", "--posts", "0", "--data", g_getenv ("CIVIC_FIXTURES"), NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (p, NULL, &error);
  g_assert_no_error (error);
}

static void
test_full_disk (void)
{
  g_autofree char *why = NULL;
  g_autofree char *dir = civic_test_tmpfs_mount (6144, &why);
  g_autofree char *db = NULL;
  g_autofree char *token = NULL;
  g_autofree char *description = NULL;
  CivicTestServer *server;
  guint created = 0;
  guint status = 0;

  /* The file that fills is SQLite's; PostgreSQL's disk is its own
   * server's, which the test cannot shrink. */
  if (civic_test_backend_is_pg ())
    {
      if (dir != NULL)
        civic_test_tmpfs_unmount (dir);
      g_test_skip ("a full disk is tested on the SQLite file; PostgreSQL keeps its data on its own server");
      return;
    }
  if (dir == NULL)
    {
      g_test_skip (why);
      return;
    }
  db = g_build_filename (dir, "city.db", NULL);
  seed (db);
  server = civic_test_server_start (db, NULL);
  token = civic_test_login (server, "advocate", "civicdesk-demo");
  /* long descriptions fill the disk in a few hundred writes */
  description = g_strnfill (3900, 'x');

  for (;;)
    {
      g_autofree char *body = g_strdup_printf ("{\"service_code\": \"pothole\", \"channel\": \"phone\", "
                                               "\"description\": \"%s\", \"address\": \"12 Main St\"}",
                                               description);
      g_autoptr(JsonNode) reply = civic_test_request (server, "POST", "/api/v1/cases", token, body, NULL,
                                                      &status, NULL);

      if (status != 201)
        break;
      created++;
      g_assert_cmpuint (created, <, 20000);
    }

  g_test_message ("%u cases fitted before the disk filled", created);
  g_assert_cmpuint (created, >, 0);
  g_assert_cmpuint (status, ==, 507);
  g_assert_nonnull (strstr (civic_test_last_body (), "is full"));

  {
    /* reads go on, and exactly the acknowledged cases are there */
    g_autoptr(JsonNode) health = civic_test_request (server, "GET", "/health", NULL, NULL, NULL, &status, NULL);
    g_autoptr(JsonNode) list = NULL;

    g_assert_cmpuint (status, ==, 200);
    list = civic_test_request (server, "GET", "/api/v1/cases?limit=1", token, NULL, NULL, &status, NULL);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "total"), ==, created);
  }

  civic_test_server_stop (server);
  civic_test_tmpfs_unmount (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/disk-full", test_full_disk);
  return g_test_run ();
}
