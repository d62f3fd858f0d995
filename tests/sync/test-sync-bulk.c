/* test-sync-bulk.c: new cases with leased numbers and bulk changes, end
 * to end — a desk (a real store, CivicSync) against a seeded civicdesk-server
 *
 * - a case made while the server is down gets its final number at once,
 *   and after the server returns the server has the case with that number;
 * - bulk-assigning 500 cases is ONE outbox entry, and the server then
 *   shows all 500 assigned; the undo puts every case back on the server;
 * - a bulk change the server forbids (staff, another department's case)
 *   is refused with the server's words and the replica restored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include "civic-error.h"
#include "civic-local-bulk.h"
#include "civic-sync-apply.h"
#include "sync-test-util.h"

static GPtrArray *
desk_case_ids (CivicStore *store,
               guint       n)
{
  g_autoptr(GError) error = NULL;
  CivicCaseFilter filter = { 0 };
  g_autoptr(GArray) rows = civic_store_query_case_ids (store, &filter, NULL, 0, n, &error);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(CivicCase) c = civic_store_get_case_by_id (store, g_array_index (rows, gint64, i), &error);

      g_assert_no_error (error);
      g_ptr_array_add (ids, g_strdup (civic_case_get_service_request_id (c)));
    }
  g_ptr_array_add (ids, NULL);
  return ids;
}

static char *
server_assignee (SyncCity   *city,
                 const char *request_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (assignee, '-') FROM cases WHERE request_id = '%s'",
                                          request_id);
  char *text = civic_test_sql (city->db, sql);

  return g_strstrip (text);
}

static void
test_create_offline (void)
{
  SyncCity *city = sync_city_new (20);
  SyncDesk *desk = sync_desk_new (city, "a", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) server_case = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *first_number = NULL;
  CivicNewCase draft = {
    .channel = CIVIC_CHANNEL_PHONE,
    .service_code = NULL,
    .description = "Pothole the size of a bathtub",
    .address = "Market Street and 5th",
    .reporter_name = "Rosa Caller",
  };
  g_autoptr(GPtrArray) services = NULL;

  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  /* the first run leased a block */
  g_assert_cmpuint (civic_local_numbers_left (desk->store), ==, CIVIC_LOCAL_NUMBERS_BLOCK);
  services = civic_store_list_services (desk->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, >, 0);
  draft.service_code = civic_service_get_code (g_ptr_array_index (services, 0));

  /* the network goes down */
  sync_city_kill (city);
  g_assert_true (civic_local_create_case (desk->store, &draft, SYNC_TEST_USER, &request_id, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (request_id, "311-"));
  /* and the clerk adds to it before it ever reached the server */
  {
    CivicCaseChange more = { .fields = CIVIC_CASE_FIELD_DESCRIPTION,
                             .description = "Pothole the size of a bathtub, two lanes" };

    g_assert_true (civic_local_update_case (desk->store, request_id, &more, SYNC_TEST_USER, &error));
    g_assert_no_error (error);
  }
  civic_sync_outbox_changed (desk->sync);
  sync_test_wait_state (desk->sync, CIVIC_SYNC_STATE_OFFLINE, 20000);
  g_assert_cmpuint (sync_desk_outbox (desk), ==, 2);

  /* it comes back: the case reaches the server with the same number */
  sync_city_restart (city);
  civic_sync_now (desk->sync);
  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  g_assert_cmpuint (sync_desk_outbox (desk), ==, 0);
  server_case = sync_city_get_case (city, request_id);
  /* the edit applied to the version the create made: no conflict */
  {
    JsonArray *timeline = json_object_get_array_member (server_case, "timeline");

    for (guint i = 0; i < json_array_get_length (timeline); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (timeline, i), "kind"), !=,
                       "conflict");
  }
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (server_case, "case"),
                                                  "service_request_id"), ==, request_id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (server_case, "case"),
                                                  "description"), ==, "Pothole the size of a bathtub, two lanes");
  {
    g_autoptr(CivicCase) mine = civic_store_get_case (desk->store, request_id, &error);

    g_autoptr(GPtrArray) events = civic_store_list_events (desk->store, request_id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (civic_case_get_version (mine), >=, 1);
    for (guint i = 0; i < events->len; i++)
      g_assert_cmpint (civic_case_event_get_kind (g_ptr_array_index (events, i)), !=, CIVIC_CASE_EVENT_CONFLICT);
  }

  sync_desk_free (desk);
  sync_city_free (city);
}

static void
test_bulk_assign_500 (void)
{
  SyncCity *city = sync_city_new (600);
  SyncDesk *desk = sync_desk_new (city, "a", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(CivicBulkUndo) undo = NULL;
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  CivicBulkChange change = { .action = CIVIC_BULK_ASSIGN, .assignee = "advocate" };
  gint64 assigned_before;
  guint i;

  g_assert_true (civic_sync_wait_idle (desk->sync, 60000));
  ids = desk_case_ids (desk->store, 500);
  g_assert_cmpuint (ids->len, ==, 501);
  for (i = 0; i < 500; i++)
    g_hash_table_insert (before, g_strdup (ids->pdata[i]), server_assignee (city, ids->pdata[i]));
  assigned_before = civic_test_sql_int (city->db, "SELECT count(*) FROM cases WHERE assignee = 'advocate'");

  civic_sync_stop (desk->sync);
  undo = civic_local_bulk_change (desk->store, (const char * const *) ids->pdata, &change, SYNC_TEST_USER, &error);
  g_assert_no_error (error);
  g_assert_nonnull (undo);
  g_assert_cmpstr (civic_bulk_undo_get_summary (undo), ==, "Assigned 500 cases to advocate");
  g_assert_true (civic_bulk_undo_can_undo (undo));
  /* one action, one entry */
  g_assert_cmpuint (sync_desk_outbox (desk), ==, 1);
  {
    g_autoptr(CivicCase) c = civic_store_get_case (desk->store, ids->pdata[0], &error);

    g_assert_cmpstr (civic_case_get_assignee (c), ==, "advocate");
  }

  civic_sync_start (desk->sync);
  g_assert_true (civic_sync_wait_idle (desk->sync, 60000));
  g_assert_cmpuint (sync_desk_outbox (desk), ==, 0);
  for (i = 0; i < 500; i++)
    {
      g_autofree char *now = server_assignee (city, ids->pdata[i]);

      g_assert_cmpstr (now, ==, "advocate");
    }

  /* undo: one more bulk write (one entry per previous assignee) */
  g_assert_true (civic_local_bulk_undo (desk->store, undo, SYNC_TEST_USER, &error));
  g_assert_no_error (error);
  g_assert_false (civic_bulk_undo_can_undo (undo));
  civic_sync_outbox_changed (desk->sync);
  g_assert_true (civic_sync_wait_idle (desk->sync, 60000));
  g_assert_cmpuint (sync_desk_outbox (desk), ==, 0);
  for (i = 0; i < 500; i++)
    {
      g_autofree char *now = server_assignee (city, ids->pdata[i]);

      g_assert_cmpstr (now, ==, g_hash_table_lookup (before, ids->pdata[i]));
    }
  g_assert_cmpint (civic_test_sql_int (city->db, "SELECT count(*) FROM cases WHERE assignee = 'advocate'"), ==,
                   assigned_before);

  sync_desk_free (desk);
  sync_city_free (city);
}

static void
detail_cb (CivicSync  *sync,
           GParamSpec *pspec,
           GString    *seen)
{
  if (civic_sync_get_detail (sync) != NULL)
    g_string_append_printf (seen, "%s\n", civic_sync_get_detail (sync));
}

static void
test_bulk_forbidden (void)
{
  SyncCity *city = sync_city_new (60);
  g_autofree char *path = g_build_filename (city->dir, "staff.store", NULL);
  g_autofree char *token = civic_test_login (city->server, "staff", "civicdesk-demo");
  SyncDesk *desk = sync_desk_new_at (path, city->server->base_url, token);
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicBulkUndo) undo = NULL;
  g_autofree char *own = NULL;
  g_autofree char *other = NULL;
  g_autofree char *other_before = NULL;
  g_autofree char *own_before = NULL;
  const char *pair[3] = { NULL, NULL, NULL };
  CivicBulkChange change = { .action = CIVIC_BULK_ASSIGN, .assignee = "staff" };
  g_autoptr(GString) details = g_string_new (NULL);

  g_signal_connect (desk->sync, "notify::detail", G_CALLBACK (detail_cb), details);
  civic_sync_set_token (desk->sync, "staff", token);
  civic_sync_start (desk->sync);
  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  own = civic_test_sql (city->db, "SELECT request_id FROM cases WHERE department_id = 'DOT' "
                                  "AND coalesce (assignee, '') <> 'staff' LIMIT 1");
  other = civic_test_sql (city->db, "SELECT request_id FROM cases WHERE department_id <> 'DOT' "
                                    "AND coalesce (assignee, '') <> 'staff' LIMIT 1");
  g_strstrip (own);
  g_strstrip (other);
  g_assert_cmpstr (own, !=, "");
  g_assert_cmpstr (other, !=, "");
  own_before = server_assignee (city, own);
  other_before = server_assignee (city, other);
  pair[0] = own;
  pair[1] = other;

  undo = civic_local_bulk_change (desk->store, pair, &change, "staff", &error);
  g_assert_no_error (error);
  civic_sync_outbox_changed (desk->sync);
  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  g_assert_cmpuint (sync_desk_outbox (desk), ==, 0);

  /* the server's words reach the desk */
  g_assert_nonnull (strstr (details->str, "You may not reassign"));
  /* nothing changed on the server, and the replica is back */
  {
    g_autofree char *a = server_assignee (city, own);
    g_autofree char *b = server_assignee (city, other);
    g_autoptr(CivicCase) c_own = civic_store_get_case (desk->store, own, &error);
    g_autoptr(CivicCase) c_other = civic_store_get_case (desk->store, other, &error);

    g_assert_cmpstr (a, ==, own_before);
    g_assert_cmpstr (b, ==, other_before);
    g_assert_cmpstr (civic_case_get_assignee (c_own) ? civic_case_get_assignee (c_own) : "-", ==, own_before);
    g_assert_cmpstr (civic_case_get_assignee (c_other) ? civic_case_get_assignee (c_other) : "-", ==,
                     other_before);
  }

  sync_desk_free (desk);
  sync_city_free (city);
}

/* A pull that lands while a bulk change still waits (the engine pushes
 * before it pulls, but a change made during a pull waits for the next
 * run): the replica keeps showing the desk's change. */
static void
test_pull_keeps_bulk_edit (void)
{
  SyncCity *city = sync_city_new (20);
  SyncDesk *desk = sync_desk_new (city, "a", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(CivicBulkUndo) tagged = NULL;
  g_autoptr(CivicBulkUndo) assigned = NULL;
  g_autoptr(JsonNode) page = NULL;
  CivicBulkChange tag = { .action = CIVIC_BULK_ADD_TAG, .tag = "flooded" };
  CivicBulkChange assign = { .action = CIVIC_BULK_ASSIGN, .assignee = "advocate" };
  guint status = 0;

  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  civic_sync_stop (desk->sync);
  ids = desk_case_ids (desk->store, 3);
  tagged = civic_local_bulk_change (desk->store, (const char * const *) ids->pdata, &tag, SYNC_TEST_USER, &error);
  g_assert_no_error (error);
  assigned = civic_local_bulk_change (desk->store, (const char * const *) ids->pdata, &assign, SYNC_TEST_USER,
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sync_desk_outbox (desk), ==, 2);

  /* the whole feed again, as a pull would bring it */
  page = civic_test_request (city->server, "GET", "/api/v1/changes?after=0&limit=1000", city->token, NULL, NULL,
                             &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (civic_sync_apply_page (desk->store,
                                        json_object_get_array_member (json_node_get_object (page), "changes"),
                                        json_object_get_int_member (json_node_get_object (page), "next"),
                                        NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(CivicCase) c = civic_store_get_case (desk->store, ids->pdata[i], &error);
      const char * const *tags = civic_case_get_tags (c);

      g_assert_cmpstr (civic_case_get_assignee (c), ==, "advocate");
      g_assert_nonnull (tags);
      g_assert_true (g_strv_contains (tags, "flooded"));
    }

  /* and the server gets both once the engine runs */
  civic_sync_start (desk->sync);
  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  g_assert_cmpuint (sync_desk_outbox (desk), ==, 0);
  {
    g_autofree char *now = server_assignee (city, ids->pdata[0]);

    g_assert_cmpstr (now, ==, "advocate");
  }

  sync_desk_free (desk);
  sync_city_free (city);
}

static char *
server_text (SyncCity   *city,
             const char *column,
             const char *request_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (%s, '-') FROM cases WHERE request_id = '%s'", column,
                                          request_id);

  return g_strstrip (civic_test_sql (city->db, sql));
}

/* Close needs a note; undo puts each case back in its own state; a
 * merge closes every duplicate into the original and cannot be undone. */
static void
test_state_and_merge (void)
{
  SyncCity *city = sync_city_new (150);
  SyncDesk *desk = sync_desk_new (city, "a", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CivicBulkUndo) closed = NULL;
  g_autoptr(CivicBulkUndo) merged = NULL;
  CivicBulkChange close = { .action = CIVIC_BULK_STATE, .state = CIVIC_CASE_STATE_CLOSED };
  CivicBulkChange merge = { .action = CIVIC_BULK_MERGE };
  guint i;

  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  /* open cases only: a merge target must be open */
  {
    g_autofree char *list = civic_test_sql (city->db, "SELECT group_concat (request_id, ' ') FROM "
                                                      "(SELECT request_id FROM cases WHERE state <> 'closed' "
                                                      "ORDER BY id LIMIT 8) AS o");
    g_auto(GStrv) split = g_strsplit (g_strstrip (list), " ", -1);

    ids = g_ptr_array_new_with_free_func (g_free);
    for (i = 0; split[i] != NULL; i++)
      g_ptr_array_add (ids, g_strdup (split[i]));
    g_assert_cmpuint (ids->len, ==, 8);
    g_ptr_array_add (ids, NULL);
  }
  for (i = 0; i < 4; i++)
    g_ptr_array_add (states, server_text (city, "state", ids->pdata[i]));

  /* the first four: closed, which needs a note */
  merge.into = g_ptr_array_index (ids, 4);   /* the original, later */
  ids->pdata[4] = NULL;
  g_assert_null (civic_local_bulk_change (desk->store, (const char * const *) ids->pdata, &close, "manager",
                                          &error));
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
  g_clear_error (&error);
  close.note = "Crew filled all four";
  closed = civic_local_bulk_change (desk->store, (const char * const *) ids->pdata, &close, "manager", &error);
  g_assert_no_error (error);
  civic_sync_outbox_changed (desk->sync);
  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  for (i = 0; i < 4; i++)
    {
      g_autofree char *state = server_text (city, "state", ids->pdata[i]);

      g_assert_cmpstr (state, ==, "closed");
    }
  g_assert_true (civic_local_bulk_undo (desk->store, closed, "manager", &error));
  g_assert_no_error (error);
  civic_sync_outbox_changed (desk->sync);
  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  g_assert_cmpuint (sync_desk_outbox (desk), ==, 0);
  for (i = 0; i < 4; i++)
    {
      g_autofree char *state = server_text (city, "state", ids->pdata[i]);

      g_assert_cmpstr (state, ==, states->pdata[i]);
    }

  /* the last four: 5, 6, 7 merged into 4 */
  ids->pdata[4] = (gpointer) merge.into;
  merged = civic_local_bulk_change (desk->store, (const char * const *) ids->pdata + 4, &merge, "manager", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (civic_bulk_undo_get_count (merged), ==, 3);
  g_assert_false (civic_bulk_undo_can_undo (merged));
  g_assert_cmpuint (sync_desk_outbox (desk), ==, 3);
  civic_sync_outbox_changed (desk->sync);
  g_assert_true (civic_sync_wait_idle (desk->sync, 30000));
  g_assert_cmpuint (sync_desk_outbox (desk), ==, 0);
  for (i = 5; i < 8; i++)
    {
      g_autofree char *dup = server_text (city, "duplicate_of", ids->pdata[i]);
      g_autoptr(CivicCase) c = civic_store_get_case (desk->store, ids->pdata[i], &error);

      g_assert_cmpstr (dup, ==, merge.into);
      g_assert_cmpstr (civic_case_get_duplicate_of (c), ==, merge.into);
      g_assert_cmpint (civic_case_get_state (c), ==, CIVIC_CASE_STATE_CLOSED);
    }

  sync_desk_free (desk);
  sync_city_free (city);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync-bulk/create-offline", test_create_offline);
  g_test_add_func ("/sync-bulk/assign-500-and-undo", test_bulk_assign_500);
  g_test_add_func ("/sync-bulk/forbidden", test_bulk_forbidden);
  g_test_add_func ("/sync-bulk/pull-keeps-bulk-edit", test_pull_keeps_bulk_edit);
  g_test_add_func ("/sync-bulk/state-and-merge", test_state_and_merge);
  return g_test_run ();
}
