/* test-migrate.c: `civicdesk-server migrate --from sqlite:PATH --to postgresql://…`
 *
 * A seeded demo city is copied into a fresh PostgreSQL database of a
 * private cluster; a server on each answers the same for the same case,
 * the copy continues the numbering (a new case does not collide), a
 * second copy into the now full database is refused unless --replace,
 * and bad addresses are refused in words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-test-pg.h"
#include "civic-test-util.h"

static void
test_migrate (void)
{
  g_autofree char *dir = civic_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "city.db", NULL);
  g_autofree char *from = g_strconcat ("sqlite:", db, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *token = NULL;
  g_auto(GStrv) id_list = NULL;
  CivicTestServer *lite, *pg_server;
  CivicTestPg *pg;
  guint i, status = 0;
  int rc;

  /* the SQLite file directly, whatever this run's backend */
  rc = civic_test_run_cli (NULL, &err, "seed-demo", "--db", db, "--cases", "150",
                           "--data", g_getenv ("CIVIC_FIXTURES"), NULL);
  g_assert_cmpint (rc, ==, 0);
  g_clear_pointer (&err, g_free);

  pg = civic_test_pg_start ();
  uri = civic_test_pg_create_db (pg, "city");
  rc = civic_test_run_cli (&out, &err, "migrate", "--from", from, "--to", uri, NULL);
  if (rc != 0)
    g_error ("migrate failed (%d): %s", rc, err);
  g_assert_nonnull (strstr (out, "counts and checksums match"));
  g_assert_null (strstr (out, "DIFFERENT"));
  g_assert_nonnull (strstr (out, "cases                 150 rows"));

  lite = civic_test_server_start (db, NULL);
  pg_server = civic_test_server_start (uri, NULL);

  /* the same cases, answered the same */
  ids = civic_test_sql (db, "SELECT group_concat(request_id, ',') FROM "
                            "(SELECT request_id FROM cases ORDER BY id LIMIT 8)");
  id_list = g_strsplit (ids, ",", -1);
  g_assert_cmpuint (g_strv_length (id_list), ==, 8);
  for (i = 0; id_list[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/open311/v2/requests/%s.json", id_list[i]);
      g_autofree char *a = NULL;
      g_autoptr(JsonNode) ra = civic_test_call (lite, "GET", path, NULL, NULL, 200);
      g_autoptr(JsonNode) rb = NULL;

      a = g_strdup (civic_test_last_body ());
      rb = civic_test_call (pg_server, "GET", path, NULL, NULL, 200);
      g_assert_cmpstr (civic_test_last_body (), ==, a);
    }

  /* the demo's users and sessions work; new rows continue the numbering */
  token = civic_test_login (pg_server, "advocate", "civicdesk-demo");
  {
    g_autoptr(JsonNode) reply = civic_test_request (pg_server, "POST", "/api/v1/cases", token,
                                                    "{\"service_code\": \"pothole\", \"description\": \"after the move\","
                                                    " \"lat\": 40.7, \"long\": -74}",
                                                    NULL, &status, "Idempotency-Key", "migrate-1", NULL);
    g_assert_cmpuint (status, ==, 201);
    g_assert_nonnull (reply);
  }
  civic_test_server_stop (lite);
  civic_test_server_stop (pg_server);

  /* a database that holds data is not overwritten unless asked */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  rc = civic_test_run_cli (&out, &err, "migrate", "--from", from, "--to", uri, NULL);
  g_assert_cmpint (rc, ==, 1);
  g_assert_nonnull (strstr (err, "already holds"));
  g_assert_nonnull (strstr (err, "--replace"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  rc = civic_test_run_cli (&out, &err, "migrate", "--from", from, "--to", uri, "--replace", NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (out, "counts and checksums match"));
  g_assert_cmpstr (civic_test_pg_sql (uri, "SELECT COUNT(*) FROM cases"), ==, "150");

  /* bad addresses, in words */
  g_clear_pointer (&err, g_free);
  rc = civic_test_run_cli (NULL, &err, "migrate", "--from", "sqlite:/nonexistent/city.db", "--to", uri, NULL);
  g_assert_cmpint (rc, ==, 2);
  g_assert_nonnull (strstr (err, "existing SQLite file"));
  g_clear_pointer (&err, g_free);
  rc = civic_test_run_cli (NULL, &err, "migrate", "--from", from, "--to", db, NULL);
  g_assert_cmpint (rc, ==, 2);
  g_assert_nonnull (strstr (err, "PostgreSQL address"));

  civic_test_pg_stop (pg);
  civic_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/migrate/sqlite-to-postgresql", test_migrate);
  return g_test_run ();
}
