/* test-scale.c: several civicdesk-server processes on one PostgreSQL
 *
 * Each test starts its own PostgreSQL cluster in a temporary folder and
 * two real server processes on it:
 *   /scale/gaps  32 writers across both processes and a desk following
 *       the changes feed: every acknowledged write arrives exactly once,
 *       at its seq, in order (no sequence number becomes visible after a
 *       larger one was sent).
 *   /scale/live  a write handled by process A reaches a WebSocket held
 *       by process B (LISTEN/NOTIFY).
 *   /scale/postgres-restart  PostgreSQL restarts under both processes;
 *       they reconnect, nothing written twice, live fan-out resumes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>

#include "civic-test-pg.h"
#include "civic-test-scale.h"
#include "civic-test-util.h"

typedef struct
{
  CivicTestPg     *pg;
  char            *uri;
  CivicTestServer *servers[2];
  char            *token;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->pg = civic_test_pg_start ();
  f->uri = civic_test_pg_create_db (f->pg, "scale");
  civic_test_add_user (f->uri, "writer", "staff", NULL, "writer-pass-1");
  f->servers[0] = civic_test_server_start (f->uri, "--workers", "4", NULL);
  f->servers[1] = civic_test_server_start (f->uri, "--workers", "4", NULL);
  /* a session made on one process is good on the other: one database */
  f->token = civic_test_login (f->servers[0], "writer", "writer-pass-1");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  civic_test_server_stop (f->servers[0]);
  civic_test_server_stop (f->servers[1]);
  civic_test_pg_stop (f->pg);
  g_free (f->uri);
  g_free (f->token);
}

static void
test_gaps (Fixture *f, gconstpointer data)
{
  CivicScaleGaps g = {
    .servers = f->servers,
    .n_servers = 2,
    .token = f->token,
    .n_writers = 32,
    .seconds = 5,
  };

  civic_test_expect (f->servers[1], "GET", "/api/v1/changes", f->token, NULL, 200);
  civic_scale_gaps_run (&g);
  g_test_message ("%u writes acknowledged (%.0f/s), %u failed, %u missed, %u duplicated, %u out of order",
                  g.acked, g.writes_per_s, g.failed, g.missed, g.duplicated, g.out_of_order);
  g_assert_cmpuint (g.acked, >, 100);
  g_assert_cmpuint (g.failed, ==, 0);
  g_assert_cmpuint (g.missed, ==, 0);
  g_assert_cmpuint (g.duplicated, ==, 0);
  g_assert_cmpuint (g.out_of_order, ==, 0);
  /* every write bumped the sequence once: the feed ends at their count */
  g_assert_cmpint (g.last_next, >=, (gint64) g.acked);
}

/* Process B's desk hears process A's write through LISTEN/NOTIFY; the
 * backstop poll on PostgreSQL runs every 2 s, so a median under 200 ms
 * can only come from the notification. */
static void
test_live_across_processes (Fixture *f, gconstpointer data)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  double median;

  g_assert_true (civic_scale_live_latencies (f->servers[0], f->servers[1], f->token, 15, ms));
  g_assert_cmpuint (ms->len, ==, 15);
  median = civic_scale_median (ms);
  g_test_message ("process B heard process A's writes in %.1f ms (median), %.1f ms (slowest)",
                  median, g_array_index (ms, double, ms->len - 1));
  g_assert_cmpfloat (median, <=, 200);
  /* and the other way round */
  g_array_set_size (ms, 0);
  g_assert_true (civic_scale_live_latencies (f->servers[1], f->servers[0], f->token, 5, ms));
  g_assert_cmpfloat (civic_scale_median (ms), <=, 200);
}

/* PostgreSQL restarts under the servers (fast shutdown: every
 * connection cut): both go on reading and writing on new connections,
 * and process B's desks hear process A's writes again once B's LISTEN
 * connection is back. */
static void
test_postgres_restart (Fixture *f, gconstpointer data)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  guint status = 0;
  guint i;

  g_assert_true (civic_scale_live_latencies (f->servers[0], f->servers[1], f->token, 2, ms));
  civic_test_pg_restart (f->pg);
  for (i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) changes = civic_test_request (f->servers[i], "GET", "/api/v1/changes", f->token,
                                                        NULL, NULL, &status, NULL);
      g_assert_cmpuint (status, ==, 200);
    }
  /* the first write after the cut may be refused as busy (503, try
   * again), never lost: retried with its key it lands once */
  for (i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) post = NULL;
      guint attempt;

      for (attempt = 0; attempt < 3; attempt++)
        {
          g_clear_pointer (&post, json_node_unref);
          post = civic_test_request (f->servers[i], "POST", "/api/v1/posts", f->token,
                                     "{\"body\": \"after the restart\"}", NULL, &status,
                                     "Idempotency-Key", i == 0 ? "restart-a" : "restart-b", NULL);
          if (status == 201)
            break;
          g_assert_cmpuint (status, ==, 503);
        }
      g_assert_cmpuint (status, ==, 201);
    }
  g_assert_cmpstr (civic_test_pg_sql (f->uri, "SELECT COUNT(*) FROM posts WHERE body = 'after the restart'"),
                   ==, "2");
  /* B reopens its LISTEN connection within a second or so */
  g_array_set_size (ms, 0);
  g_usleep (1500 * 1000);
  g_assert_true (civic_scale_live_latencies (f->servers[0], f->servers[1], f->token, 5, ms));
  g_assert_cmpfloat (civic_scale_median (ms), <=, 200);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/scale/gaps", Fixture, NULL, fixture_setup, test_gaps, fixture_teardown);
  g_test_add ("/scale/live", Fixture, NULL, fixture_setup, test_live_across_processes, fixture_teardown);
  g_test_add ("/scale/postgres-restart", Fixture, NULL, fixture_setup, test_postgres_restart, fixture_teardown);
  return g_test_run ();
}
