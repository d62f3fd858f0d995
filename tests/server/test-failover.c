/* test-failover.c: one of two server processes dies under load
 *
 * A private PostgreSQL cluster, two civicdesk-server processes on it and
 * nginx in front (the configuration of tools/demo --postgres). Writers
 * post through the balancer, each write with its Idempotency-Key and
 * retried as a desk's outbox retries; a desk follows the changes feed
 * through the balancer; desks hold live WebSockets through it. Process A
 * is killed (SIGKILL: no goodbye) in the middle. Then:
 *   - every write that was acknowledged is in the database exactly once
 *     and was sent on the feed exactly once (none lost, none doubled);
 *   - every write was acknowledged in the end (nginx sent the requests
 *     that hit the dead process to the other one);
 *   - every desk whose WebSocket was on the dead process reconnects
 *     through the balancer and hears the next write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <signal.h>

#include "civic-test-balancer.h"
#include "civic-test-pg.h"
#include "civic-test-scale.h"
#include "civic-test-util.h"

typedef struct
{
  CivicTestServer *victim;
  guint            after_ms;
} Killer;

static gpointer
killer_thread (gpointer data)
{
  Killer *k = data;

  g_usleep (k->after_ms * 1000);
  g_subprocess_send_signal (k->victim->process, SIGKILL);
  return NULL;
}

static void
test_kill_one_under_load (void)
{
  g_autofree char *dir = civic_test_mkdtemp ();
  g_autofree char *uri = NULL;
  g_autofree char *token = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *distinct = NULL;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  CivicTestServer *servers[2];
  CivicTestServer *front;
  CivicTestBalancer *balancer;
  CivicTestPg *pg;
  Killer killer;
  GThread *thread;
  guint i;

  pg = civic_test_pg_start ();
  uri = civic_test_pg_create_db (pg, "failover");
  civic_test_add_user (uri, "writer", "staff", NULL, "writer-pass-1");
  servers[0] = civic_test_server_start (uri, "--workers", "4", NULL);
  servers[1] = civic_test_server_start (uri, "--workers", "4", NULL);
  balancer = civic_test_balancer_start (dir, servers, 2);
  front = civic_test_balancer_front (balancer);
  token = civic_test_login (front, "writer", "writer-pass-1");

  /* desks' live sockets through the balancer: round robin puts them on both */
  for (i = 0; i < 4; i++)
    g_assert_true (civic_scale_live_latencies (front, front, token, 1, ms));

  killer.victim = servers[0];
  killer.after_ms = 1500;
  thread = g_thread_new ("killer", killer_thread, &killer);
  {
    CivicScaleGaps g = {
      .servers = &front,
      .n_servers = 1,
      .token = token,
      .n_writers = 16,
      .seconds = 4,
    };

    civic_scale_gaps_run (&g);
    g_thread_join (thread);
    g_test_message ("%u writes acknowledged through nginx while process A died; %u failed, %u missed, "
                    "%u duplicated", g.acked, g.failed, g.missed, g.duplicated);
    g_assert_cmpuint (g.acked, >, 100);
    g_assert_cmpuint (g.failed, ==, 0);
    g_assert_cmpuint (g.missed, ==, 0);
    g_assert_cmpuint (g.duplicated, ==, 0);
    g_assert_cmpuint (g.out_of_order, ==, 0);

    /* the database holds each acknowledged write once: no post twice */
    stored = civic_test_pg_sql (uri, "SELECT COUNT(*) FROM posts WHERE body LIKE 'scale writer %'");
    distinct = civic_test_pg_sql (uri, "SELECT COUNT(DISTINCT body) FROM posts WHERE body LIKE 'scale writer %'");
    g_assert_cmpstr (stored, ==, distinct);
    g_assert_cmpint (g_ascii_strtoll (stored, NULL, 10), >=, g.acked);
  }
  g_assert_true (g_subprocess_get_if_signaled (servers[0]->process));

  /* desks reconnect through the balancer, land on the survivor, and hear
   * writes (made through the balancer too) */
  g_array_set_size (ms, 0);
  for (i = 0; i < 4; i++)
    g_assert_true (civic_scale_live_latencies (front, front, token, 3, ms));
  g_assert_cmpuint (ms->len, ==, 12);
  g_assert_cmpfloat (civic_scale_median (ms), <=, 200);

  civic_test_balancer_stop (balancer);
  civic_test_server_stop (servers[0]);
  civic_test_server_stop (servers[1]);
  civic_test_pg_stop (pg);
  civic_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scale/failover", test_kill_one_under_load);
  return g_test_run ();
}
