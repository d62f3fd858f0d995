/* test-sync-recovery.c: nothing lost, nothing twice — two desks editing
 * one case, the service killed in the middle of a pull and of a push, and
 * a desk killed with writes in its outbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-error.h"
#include "sync-test-util.h"

/* ---- two desks, one case ----------------------------------------------- */

typedef struct
{
  guint  n;
  char  *request_id;
  char  *field;
  char  *local_value;
  char  *server_value;
} Conflicts;

static void
conflict_cb (CivicSync  *sync,
             const char *request_id,
             const char *field,
             const char *local_value,
             const char *server_value,
             Conflicts  *c)
{
  c->n++;
  g_free (c->request_id);
  g_free (c->field);
  g_free (c->local_value);
  g_free (c->server_value);
  c->request_id = g_strdup (request_id);
  c->field = g_strdup (field);
  c->local_value = g_strdup (local_value);
  c->server_value = g_strdup (server_value);
}

static void
conflicts_clear (Conflicts *c)
{
  g_free (c->request_id);
  g_free (c->field);
  g_free (c->local_value);
  g_free (c->server_value);
}

static const char *
priority_name (int priority)
{
  switch (priority)
    {
    case 5: return "urgent";
    case 4: return "high";
    case 3: return "normal";
    default: return "low";
    }
}

static void
test_two_desks (void)
{
  SyncCity *city = sync_city_new (50);
  SyncDesk *a = sync_desk_new (city, "a", TRUE);
  SyncDesk *b = sync_desk_new (city, "b", TRUE);
  g_autofree char *merged_id = sync_city_case_id (city, 1);
  g_autofree char *clash_id = sync_city_case_id (city, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) merged = NULL;
  g_autoptr(JsonObject) clash = NULL;
  g_autoptr(GPtrArray) events = NULL;
  CivicCaseChange pa = { .fields = CIVIC_CASE_FIELD_PRIORITY, .priority = 5 };
  CivicCaseChange sb = { .fields = CIVIC_CASE_FIELD_STATUS_NOTES, .status_notes = "Crew booked for Tuesday" };
  CivicCaseChange pb = { .fields = CIVIC_CASE_FIELD_PRIORITY, .priority = 2 };
  Conflicts ca = { 0 }, cb = { 0 };
  gboolean found = FALSE;
  guint i;

  g_signal_connect (a->sync, "conflict", G_CALLBACK (conflict_cb), &ca);
  g_signal_connect (b->sync, "conflict", G_CALLBACK (conflict_cb), &cb);
  g_assert_true (civic_sync_wait_idle (a->sync, 30000));
  g_assert_true (civic_sync_wait_idle (b->sync, 30000));

  /* both desks edit while cut off, so both edits start from one version */
  civic_sync_stop (a->sync);
  civic_sync_stop (b->sync);

  civic_local_update_case (a->store, merged_id, &pa, SYNC_TEST_USER, &error);
  g_assert_no_error (error);
  civic_local_update_case (b->store, merged_id, &sb, SYNC_TEST_USER, &error);
  g_assert_no_error (error);
  civic_local_update_case (a->store, clash_id, &pa, SYNC_TEST_USER, &error);
  g_assert_no_error (error);
  civic_local_update_case (b->store, clash_id, &pb, SYNC_TEST_USER, &error);
  g_assert_no_error (error);

  civic_sync_start (a->sync);
  g_assert_true (civic_sync_wait_idle (a->sync, 30000));
  civic_sync_start (b->sync);
  g_assert_true (civic_sync_wait_idle (b->sync, 30000));
  civic_sync_now (a->sync);
  g_assert_true (civic_sync_wait_idle (a->sync, 30000));

  /* different fields: both land */
  merged = sync_city_get_case (city, merged_id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (merged, "case"), "priority"),
                   ==, "urgent");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (merged, "case"), "status_notes"),
                   ==, "Crew booked for Tuesday");

  /* the same field: the server's value (desk A's, first in) stands … */
  clash = sync_city_get_case (city, clash_id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (clash, "case"), "priority"),
                   ==, priority_name (5));
  /* … desk B is told, once, with both values … */
  g_assert_cmpuint (ca.n, ==, 0);
  g_assert_cmpuint (cb.n, ==, 1);
  g_assert_cmpstr (cb.request_id, ==, clash_id);
  g_assert_cmpstr (cb.field, ==, "priority");
  g_assert_nonnull (strstr (cb.local_value, "low"));
  g_assert_nonnull (strstr (cb.server_value, "urgent"));
  /* … and its value is kept in the case's timeline */
  events = civic_store_list_events (b->store, clash_id, &error);
  g_assert_no_error (error);
  for (i = 0; i < events->len; i++)
    if (civic_case_event_get_kind (g_ptr_array_index (events, i)) == CIVIC_CASE_EVENT_CONFLICT)
      found = TRUE;
  g_assert_true (found);
  /* both replicas end where the server is */
  {
    g_autoptr(CivicCase) ka = civic_store_get_case (a->store, clash_id, NULL);
    g_autoptr(CivicCase) kb = civic_store_get_case (b->store, clash_id, NULL);
    g_autoptr(CivicCase) mb = civic_store_get_case (b->store, merged_id, NULL);

    g_assert_cmpint (civic_case_get_priority (ka), ==, 5);
    g_assert_cmpint (civic_case_get_priority (kb), ==, 5);
    g_assert_cmpint (civic_case_get_priority (mb), ==, 5);
    g_assert_cmpstr (civic_case_get_status_notes (mb), ==, "Crew booked for Tuesday");
  }
  g_assert_cmpuint (civic_sync_get_pending (a->sync), ==, 0);
  g_assert_cmpuint (civic_sync_get_pending (b->sync), ==, 0);

  conflicts_clear (&ca);
  conflicts_clear (&cb);
  sync_desk_free (a);
  sync_desk_free (b);
  sync_city_free (city);
}

/* ---- the service killed mid-pull ------------------------------------------ */

static void
changed_kill_cb (CivicSync  *sync,
                 GStrv       request_ids,
                 guint       kinds,
                 SyncCity   *city)
{
  /* after the first page landed, before the last */
  if (civic_sync_get_cursor (sync) > 0)
    {
      sync_city_kill (city);
      g_signal_handlers_disconnect_by_func (sync, changed_kill_cb, city);
    }
}

static void
test_killed_mid_pull (void)
{
  SyncCity *city = sync_city_new (12000);
  SyncDesk *desk = sync_desk_new (city, "a", FALSE);
  gint64 server_cases = sync_city_count_cases (city);
  gint64 after_kill;

  g_signal_connect (desk->sync, "changed", G_CALLBACK (changed_kill_cb), city);
  civic_sync_start (desk->sync);
  sync_test_wait_state (desk->sync, CIVIC_SYNC_STATE_OFFLINE, 30000);
  g_assert_true (g_str_has_prefix (civic_sync_get_message (desk->sync), "Offline since "));
  after_kill = sync_desk_count_cases (desk);
  g_test_message ("%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " cases when the service died",
                  after_kill, server_cases);
  g_assert_cmpint (after_kill, <, server_cases);

  sync_city_restart (city);
  civic_sync_now (desk->sync);
  sync_test_wait_state (desk->sync, CIVIC_SYNC_STATE_ONLINE, 60000);
  g_assert_true (civic_sync_wait_idle (desk->sync, 60000));
  g_assert_cmpint (sync_desk_count_cases (desk), ==, server_cases);

  sync_desk_free (desk);
  sync_city_free (city);
}

/* ---- the service killed mid-push ------------------------------------------ */

#define N_NOTES 60

typedef struct
{
  SyncDesk *desk;
  SyncCity *city;
  gboolean  killed;
} PushKill;

static gboolean
push_progress (gpointer data)
{
  PushKill *k = data;

  if (!k->killed && sync_desk_outbox (k->desk) <= N_NOTES / 2)
    {
      sync_city_kill (k->city);
      k->killed = TRUE;
    }
  return k->killed;
}

static void
test_killed_mid_push (void)
{
  SyncCity *city = sync_city_new (20);
  SyncDesk *desk = sync_desk_new (city, "a", TRUE);
  g_autofree char *id = sync_city_case_id (city, 0);
  g_autoptr(GError) error = NULL;
  PushKill k = { desk, city, FALSE };
  guint i;

  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  civic_sync_stop (desk->sync);
  for (i = 0; i < N_NOTES; i++)
    {
      g_autofree char *body = g_strdup_printf ("note %u of the push", i);

      civic_local_add_note (desk->store, id, body, FALSE, SYNC_TEST_USER, &error);
      g_assert_no_error (error);
    }

  civic_sync_start (desk->sync);
  g_assert_true (sync_test_wait (push_progress, &k, 30000));
  sync_test_wait_state (desk->sync, CIVIC_SYNC_STATE_OFFLINE, 30000);
  g_test_message ("%u notes still queued when the service died", sync_desk_outbox (desk));
  g_assert_cmpuint (sync_desk_outbox (desk), >, 0);

  sync_city_restart (city);
  civic_sync_now (desk->sync);
  sync_test_wait_state (desk->sync, CIVIC_SYNC_STATE_ONLINE, 60000);
  g_assert_true (civic_sync_wait_idle (desk->sync, 60000));
  g_assert_cmpuint (sync_desk_outbox (desk), ==, 0);
  for (i = 0; i < N_NOTES; i++)
    {
      g_autofree char *body = g_strdup_printf ("note %u of the push", i);

      g_assert_cmpuint (sync_city_count_notes (city, id, body), ==, 1);
    }

  sync_desk_free (desk);
  sync_city_free (city);
}

/* ---- a desk killed with writes queued ---------------------------------------- */

static void
test_outbox_survives_kill (void)
{
  SyncCity *city = sync_city_new (20);
  SyncDesk *first = sync_desk_new (city, "a", TRUE);
  g_autofree char *id = sync_city_case_id (city, 0);
  g_autofree char *path = g_strdup (first->path);
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "sync", "sync-desk-helper", NULL);
  g_autoptr(GSubprocess) desk_process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  SyncDesk *desk;
  guint i;

  g_assert_true (civic_sync_wait_idle (first->sync, 30000));
  sync_desk_free (first);

  /* a desk process queues writes, says so, and is killed before it syncs */
  desk_process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, helper, path, id, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (desk_process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "queued");
  g_subprocess_force_exit (desk_process);
  g_subprocess_wait (desk_process, NULL, NULL);

  /* the next start pushes them */
  desk = sync_desk_new_at (path, city->server->base_url, city->token);
  g_assert_cmpuint (sync_desk_outbox (desk), ==, 5);
  g_assert_cmpuint (civic_sync_get_pending (desk->sync), ==, 5);
  civic_sync_start (desk->sync);
  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  g_assert_cmpint (civic_sync_get_state (desk->sync), ==, CIVIC_SYNC_STATE_ONLINE);
  g_assert_cmpuint (civic_sync_get_pending (desk->sync), ==, 0);
  for (i = 0; i < 5; i++)
    {
      g_autofree char *body = g_strdup_printf ("queued by a desk that died (%u)", i);

      g_assert_cmpuint (sync_city_count_notes (city, id, body), ==, 1);
    }

  sync_desk_free (desk);
  sync_city_free (city);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/two-desks", test_two_desks);
  g_test_add_func ("/sync/killed-mid-pull", test_killed_mid_pull);
  g_test_add_func ("/sync/killed-mid-push", test_killed_mid_push);
  g_test_add_func ("/sync/outbox-survives-kill", test_outbox_survives_kill);

  return g_test_run ();
}
