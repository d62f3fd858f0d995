/* sync-test-util.c: see sync-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <signal.h>

#include "sync-test-util.h"

#include "civic-test-pg.h"

SyncCity *
sync_city_new (guint n_cases)
{
  SyncCity *city = g_new0 (SyncCity, 1);
  g_autofree char *cases = g_strdup_printf ("%u", n_cases);
  g_autoptr(GSubprocess) seed = NULL;
  g_autoptr(GError) error = NULL;

  city->dir = civic_test_mkdtemp ();
  {
    g_autofree char *path = g_build_filename (city->dir, "server.db", NULL);

    /* the file, or under suite server-pg a PostgreSQL database */
    city->db = civic_test_db_uri (path);
  }
  seed = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                           g_getenv ("CIVIC_SERVER_BIN"), "seed-demo", "--db", city->db,
                           "--cases", cases, "--posts", "5",
                           "--data", g_getenv ("CIVIC_FIXTURES"), NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (seed, NULL, &error);
  g_assert_no_error (error);

  city->server = civic_test_server_start (city->db, NULL);
  city->token = civic_test_login (city->server, SYNC_TEST_USER, "civicdesk-demo");
  return city;
}

void
sync_city_kill (SyncCity *city)
{
  g_subprocess_force_exit (city->server->process);
  g_subprocess_wait (city->server->process, NULL, NULL);
}

void
sync_city_restart (SyncCity *city)
{
  g_autofree char *port = g_strdup_printf ("%u", city->server->port);
  CivicTestServer *old = city->server;

  /* the last --port wins: the desk keeps its URL, as after a real outage */
  city->server = civic_test_server_start (city->db, "--port", port, NULL);
  g_assert_cmpuint (city->server->port, ==, old->port);
  g_clear_object (&old->process);
  g_free (old->base_url);
  g_free (old);
}

void
sync_city_free (SyncCity *city)
{
  civic_test_server_stop (city->server);
  civic_test_rm_rf (city->dir);
  g_free (city->dir);
  g_free (city->db);
  g_free (city->token);
  g_free (city);
}

gint64
sync_city_count_cases (SyncCity *city)
{
  guint status = 0;
  g_autoptr(JsonNode) root = civic_test_request (city->server, "GET", "/api/v1/cases?limit=1", city->token,
                                                 NULL, NULL, &status, NULL);

  g_assert_cmpuint (status, ==, 200);
  return json_object_get_int_member (json_node_get_object (root), "total");
}

JsonObject *
sync_city_get_case (SyncCity   *city,
                    const char *request_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s", request_id);
  guint status = 0;
  g_autoptr(JsonNode) root = civic_test_request (city->server, "GET", path, city->token,
                                                 NULL, NULL, &status, NULL);

  g_assert_cmpuint (status, ==, 200);
  return json_object_ref (json_node_get_object (root));
}

guint
sync_city_count_notes (SyncCity   *city,
                       const char *request_id,
                       const char *body)
{
  g_autoptr(JsonObject) o = sync_city_get_case (city, request_id);
  JsonArray *timeline = json_object_get_array_member (o, "timeline");
  guint n = 0;
  guint i;

  for (i = 0; i < json_array_get_length (timeline); i++)
    {
      JsonObject *e = json_array_get_object_element (timeline, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (e, "body", NULL), body) == 0)
        n++;
    }
  return n;
}

char *
sync_city_case_id (SyncCity *city,
                   guint     index)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases?limit=%u", index + 1);
  guint status = 0;
  g_autoptr(JsonNode) root = civic_test_request (city->server, "GET", path, city->token,
                                                 NULL, NULL, &status, NULL);
  JsonArray *cases;

  g_assert_cmpuint (status, ==, 200);
  cases = json_object_get_array_member (json_node_get_object (root), "cases");
  g_assert_cmpuint (json_array_get_length (cases), >, index);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (cases, index),
                                                  "service_request_id"));
}

typedef struct
{
  gboolean  done;
  char     *token;
  GError   *error;
} LoginWait;

static void
login_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  LoginWait *wait = data;

  wait->token = civic_sync_login_finish (CIVIC_SYNC (source), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
login_done (gpointer data)
{
  return ((LoginWait *) data)->done;
}

SyncDesk *
sync_desk_new (SyncCity   *city,
               const char *name,
               gboolean    start)
{
  return sync_desk_new_as (city, name, SYNC_TEST_USER, start);
}

SyncDesk *
sync_desk_new_as (SyncCity   *city,
                  const char *name,
                  const char *username,
                  gboolean    start)
{
  g_autofree char *file = g_strconcat (name, ".store", NULL);
  SyncDesk *desk = g_new0 (SyncDesk, 1);
  g_autoptr(GError) error = NULL;
  LoginWait wait = { 0 };

  desk->path = g_build_filename (city->dir, file, NULL);
  desk->store = civic_store_open (desk->path, &error);
  g_assert_no_error (error);
  desk->sync = civic_sync_new (desk->store, city->server->base_url);
  civic_sync_login_async (desk->sync, username, "civicdesk-demo", NULL, login_cb, &wait);
  g_assert_true (sync_test_wait (login_done, &wait, 20000));
  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.token);
  g_free (wait.token);
  if (start)
    civic_sync_start (desk->sync);
  return desk;
}

SyncDesk *
sync_desk_new_at (const char *store_path,
                  const char *url,
                  const char *token)
{
  SyncDesk *desk = g_new0 (SyncDesk, 1);
  g_autoptr(GError) error = NULL;

  desk->path = g_strdup (store_path);
  desk->store = civic_store_open (desk->path, &error);
  g_assert_no_error (error);
  desk->sync = civic_sync_new (desk->store, url);
  civic_sync_set_token (desk->sync, SYNC_TEST_USER, token);
  return desk;
}

void
sync_desk_free (SyncDesk *desk)
{
  if (desk == NULL)
    return;
  civic_sync_stop (desk->sync);
  g_clear_object (&desk->sync);
  /* let a cancelled run's worker finish and hand back its task */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_usleep (50000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&desk->store);
  g_free (desk->path);
  g_free (desk);
}

gint64
sync_desk_count_cases (SyncDesk *desk)
{
  g_autoptr(GError) error = NULL;
  gint64 n = civic_store_count_cases (desk->store, NULL, &error);

  g_assert_no_error (error);
  return n;
}

guint
sync_desk_outbox (SyncDesk *desk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = civic_store_outbox_peek (desk->store, 0, &error);

  g_assert_no_error (error);
  return items->len;
}

static gboolean
wait_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
poll_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
sync_test_wait (gboolean (*cond) (gpointer),
                gpointer   data,
                guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, wait_timeout_cb, &timed_out);
  /* conditions on files the worker writes: look again every few ms */
  guint poll = g_timeout_add (5, poll_cb, NULL);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (poll);
  if (!timed_out)
    g_source_remove (id);
  return !timed_out || cond (data);
}

typedef struct
{
  CivicSync      *sync;
  CivicSyncState  state;
} StateWait;

static gboolean
state_reached (gpointer data)
{
  StateWait *wait = data;

  return civic_sync_get_state (wait->sync) == wait->state;
}

void
sync_test_wait_state (CivicSync      *sync,
                      CivicSyncState  state,
                      guint           timeout_ms)
{
  StateWait wait = { sync, state };

  if (!sync_test_wait (state_reached, &wait, timeout_ms))
    g_error ("sync stuck in state %d (“%s”, %s), wanted %d", civic_sync_get_state (sync),
             civic_sync_get_message (sync), civic_sync_get_detail (sync), state);
}
