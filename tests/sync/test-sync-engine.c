/* test-sync-engine.c: CivicSync against a real civicdesk-server — the
 * first sync, signing in, a live update reaching a second desk, a broken
 * service, and a main loop that never stalls during a big pull.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include <libsoup/soup.h>
#include <sqlite3.h>

#include "civic-error.h"
#include "sync-test-util.h"

static void
test_initial_sync (void)
{
  SyncCity *city = sync_city_new (300);
  SyncDesk *desk = sync_desk_new (city, "a", TRUE);

  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  g_assert_cmpint (civic_sync_get_state (desk->sync), ==, CIVIC_SYNC_STATE_ONLINE);
  g_assert_cmpstr (civic_sync_get_message (desk->sync), ==, "Online");
  g_assert_cmpint (sync_desk_count_cases (desk), ==, sync_city_count_cases (city));
  g_assert_cmpint (sync_desk_count_cases (desk), >=, 300);
  g_assert_cmpint (civic_sync_get_cursor (desk->sync), >, 0);
  g_assert_cmpuint (civic_sync_get_pending (desk->sync), ==, 0);

  sync_desk_free (desk);
  sync_city_free (city);
}

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

static gboolean
login_done (gpointer data)
{
  return ((Login *) data)->done;
}

static void
test_wrong_password (void)
{
  SyncCity *city = sync_city_new (10);
  g_autofree char *path = g_build_filename (city->dir, "desk.store", NULL);
  g_autoptr(CivicStore) store = civic_store_open (path, NULL);
  g_autoptr(CivicSync) sync = civic_sync_new (store, city->server->base_url);
  Login login = { 0 };

  civic_sync_login_async (sync, "advocate", "not-the-password", NULL, login_cb, &login);
  g_assert_true (sync_test_wait (login_done, &login, 20000));
  g_assert_null (login.token);
  g_assert_error (login.error, CIVIC_ERROR, CIVIC_ERROR_FORBIDDEN);
  g_assert_cmpstr (login.error->message, ==, "Wrong username or password");
  g_clear_error (&login.error);

  sync_city_free (city);
}

static void
test_forged_token (void)
{
  SyncCity *city = sync_city_new (10);
  g_autofree char *path = g_build_filename (city->dir, "desk.store", NULL);
  SyncDesk *desk = sync_desk_new_at (path, city->server->base_url, "forged-or-expired-token");

  civic_sync_start (desk->sync);
  sync_test_wait_state (desk->sync, CIVIC_SYNC_STATE_ERROR, 20000);
  g_assert_cmpstr (civic_sync_get_message (desk->sync), ==, "Your session has expired — sign in again");
  g_assert_cmpint (sync_desk_count_cases (desk), ==, 0);

  sync_desk_free (desk);
  sync_city_free (city);
}

/* A session that ran out while the desk was working: the server's own
 * table says so (as 12 hours later would), the next sync meets a 401. */
static void
test_expired_session (void)
{
  SyncCity *city = sync_city_new (20);
  SyncDesk *desk = sync_desk_new (city, "a", TRUE);
  g_autofree char *id = sync_city_case_id (city, 0);
  g_autoptr(GError) error = NULL;

  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  g_assert_cmpint (civic_sync_get_state (desk->sync), ==, CIVIC_SYNC_STATE_ONLINE);

  g_free (civic_test_sql (city->db, "UPDATE sessions SET expires = 1"));

  /* a write queued after that waits, and is not lost */
  civic_local_add_note (desk->store, id, "written after the session ran out", FALSE, SYNC_TEST_USER, &error);
  g_assert_no_error (error);
  civic_sync_outbox_changed (desk->sync);
  sync_test_wait_state (desk->sync, CIVIC_SYNC_STATE_ERROR, 20000);
  g_assert_cmpstr (civic_sync_get_message (desk->sync), ==, "Your session has expired — sign in again");
  g_assert_cmpuint (civic_sync_get_pending (desk->sync), ==, 1);

  /* signing in again sends it */
  g_free (city->token);
  city->token = civic_test_login (city->server, SYNC_TEST_USER, "civicdesk-demo");
  civic_sync_set_token (desk->sync, SYNC_TEST_USER, city->token);
  sync_test_wait_state (desk->sync, CIVIC_SYNC_STATE_ONLINE, 20000);
  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  g_assert_cmpuint (civic_sync_get_pending (desk->sync), ==, 0);
  g_assert_cmpuint (sync_city_count_notes (city, id, "written after the session ran out"), ==, 1);

  sync_desk_free (desk);
  sync_city_free (city);
}

typedef struct
{
  SyncDesk   *desk;
  const char *request_id;
  int         priority;
} PriorityWait;

static gboolean
priority_reached (gpointer data)
{
  PriorityWait *wait = data;
  g_autoptr(CivicCase) kase = civic_store_get_case (wait->desk->store, wait->request_id, NULL);

  return kase != NULL && civic_case_get_priority (kase) == wait->priority;
}

static void
test_live_update (void)
{
  SyncCity *city = sync_city_new (100);
  SyncDesk *a = sync_desk_new (city, "a", TRUE);
  SyncDesk *b = sync_desk_new (city, "b", TRUE);
  g_autofree char *id = sync_city_case_id (city, 3);
  g_autoptr(CivicCase) before = NULL;
  g_autoptr(GError) error = NULL;
  CivicCaseChange change = { .fields = CIVIC_CASE_FIELD_PRIORITY };
  PriorityWait wait;
  gint64 t0;
  gint64 elapsed;

  g_assert_true (civic_sync_wait_idle (a->sync, 30000));
  g_assert_true (civic_sync_wait_idle (b->sync, 30000));
  sync_test_wait_state (b->sync, CIVIC_SYNC_STATE_ONLINE, 5000);
  /* the socket is up once ONLINE came after it connected; give it a beat */
  g_usleep (100000);

  before = civic_store_get_case (a->store, id, &error);
  g_assert_no_error (error);
  change.priority = civic_case_get_priority (before) == 5 ? 2 : 5;

  t0 = g_get_monotonic_time ();
  civic_local_update_case (a->store, id, &change, SYNC_TEST_USER, &error);
  g_assert_no_error (error);
  civic_sync_outbox_changed (a->sync);

  wait = (PriorityWait) { b, id, change.priority };
  g_assert_true (sync_test_wait (priority_reached, &wait, 10000));
  elapsed = (g_get_monotonic_time () - t0) / 1000;
  g_test_message ("desk A's change reached desk B's store in %" G_GINT64_FORMAT " ms", elapsed);
  /* the figure is 200 ms (bench-sync); a loaded test machine gets slack */
  g_assert_cmpint (elapsed, <=, 1000);

  sync_desk_free (a);
  sync_desk_free (b);
  sync_city_free (city);
}

/* ---- a broken service ---------------------------------------------------- */

typedef struct
{
  guint status;
  const char *body;
  guint hits;
} Broken;

static void
broken_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  Broken *broken = data;

  broken->hits++;
  soup_server_message_set_status (msg, broken->status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    broken->body, strlen (broken->body));
}

static void
test_broken_service (void)
{
  SyncCity *city = sync_city_new (50);
  g_autofree char *path = g_build_filename (city->dir, "desk.store", NULL);
  g_autofree char *id = sync_city_case_id (city, 0);
  g_autoptr(SoupServer) soup = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *url = NULL;
  Broken broken = { 500, "{\"error\": {\"status\": 500, \"message\": \"boom\"}}", 0 };
  SyncDesk *desk;

  soup_server_add_handler (soup, NULL, broken_handler, &broken, NULL);
  soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (soup);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  /* a desk that synced once, then meets a broken service; the write it
   * queues must live through all of it */
  desk = sync_desk_new_at (path, city->server->base_url, city->token);
  civic_sync_start (desk->sync);
  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  sync_desk_free (desk);
  desk = sync_desk_new_at (path, url, city->token);
  civic_local_add_note (desk->store, id, "written while the service was broken", FALSE, SYNC_TEST_USER, &error);
  g_assert_no_error (error);

  civic_sync_start (desk->sync);
  sync_test_wait_state (desk->sync, CIVIC_SYNC_STATE_ERROR, 20000);
  g_assert_cmpstr (civic_sync_get_message (desk->sync), ==,
                   "The service answered with an error (500); we will retry");
  g_assert_cmpuint (sync_desk_outbox (desk), ==, 1);
  g_assert_cmpuint (civic_sync_get_pending (desk->sync), ==, 1);
  sync_desk_free (desk);

  /* an answer that is not JSON at all: a 200 that cannot be read does
   * not count as delivered, so the note stays queued */
  broken.status = 200;
  broken.body = "{\"changes\": [ {\"entity\": \"case\", ";
  desk = sync_desk_new_at (path, url, city->token);
  civic_sync_start (desk->sync);
  sync_test_wait_state (desk->sync, CIVIC_SYNC_STATE_ERROR, 20000);
  g_assert_cmpstr (civic_sync_get_message (desk->sync), ==,
                   "The service sent something that is not valid JSON");
  g_assert_nonnull (civic_sync_get_detail (desk->sync));
  g_assert_cmpuint (sync_desk_outbox (desk), ==, 1);
  sync_desk_free (desk);

  /* pointed back at the real service: the note arrives, once */
  desk = sync_desk_new_at (path, city->server->base_url, city->token);
  civic_sync_start (desk->sync);
  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  g_assert_cmpint (civic_sync_get_state (desk->sync), ==, CIVIC_SYNC_STATE_ONLINE);
  g_assert_cmpuint (sync_desk_outbox (desk), ==, 0);
  g_assert_cmpuint (sync_city_count_notes (city, id, "written while the service was broken"), ==, 1);
  g_assert_cmpint (sync_desk_count_cases (desk), ==, sync_city_count_cases (city));

  sync_desk_free (desk);
  soup_server_disconnect (soup);
  sync_city_free (city);
}

/* ---- the main loop during a big pull --------------------------------------- */

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

static void
message_cb (CivicSync  *sync,
            GParamSpec *pspec,
            char      **progress)
{
  const char *message = civic_sync_get_message (sync);

  if (g_str_has_prefix (message, "Syncing ") && strstr (message, " of ") != NULL)
    {
      g_free (*progress);
      *progress = g_strdup (message);
    }
}

static void
test_main_loop_never_stalls (void)
{
  SyncCity *city = sync_city_new (20000);
  SyncDesk *desk = sync_desk_new (city, "a", FALSE);
  g_autofree char *progress = NULL;
  Ticker ticker = { 0 };
  guint id;

  g_signal_connect (desk->sync, "notify::message", G_CALLBACK (message_cb), &progress);
  id = g_timeout_add (1, tick_cb, &ticker);
  civic_sync_start (desk->sync);
  g_assert_true (civic_sync_wait_idle (desk->sync, 60000));
  g_source_remove (id);

  g_assert_cmpint (sync_desk_count_cases (desk), ==, sync_city_count_cases (city));
  g_test_message ("longest main-loop gap during a 20,000-case pull: %.1f ms", ticker.max_gap / 1000.0);
  g_assert_cmpint (ticker.max_gap, <, 100 * 1000);
  /* the clerk saw how far the first sync got, in words */
  g_test_message ("last progress line: %s", progress);
  g_assert_nonnull (progress);
  g_assert_true (g_str_has_suffix (progress, " of 20,000"));

  sync_desk_free (desk);
  sync_city_free (city);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/initial", test_initial_sync);
  g_test_add_func ("/sync/wrong-password", test_wrong_password);
  g_test_add_func ("/sync/forged-token", test_forged_token);
  g_test_add_func ("/sync/expired-session", test_expired_session);
  g_test_add_func ("/sync/live-update", test_live_update);
  g_test_add_func ("/sync/broken-service", test_broken_service);
  g_test_add_func ("/sync/main-loop", test_main_loop_never_stalls);

  return g_test_run ();
}
