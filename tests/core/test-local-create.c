/* test-local-create.c: new cases with leased tracking numbers, offline
 *
 * A real store file, no network: the lease is what a sync would have
 * recorded (civic_local_numbers_add). Numbers are taken in order, across
 * blocks, survive closing and reopening the store, and when none is left
 * the clerk is told in words and nothing is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-error.h"
#include "civic-local-write.h"
#include "civic-store.h"
#include "civic-test-util.h"

typedef struct
{
  char       *dir;
  char       *path;
  CivicStore *store;
} Fixture;

static void
add_service (CivicStore *store)
{
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  CivicService *s = civic_service_new ();
  g_autoptr(GError) error = NULL;

  civic_service_set_code (s, "pothole");
  civic_service_set_name (s, "Pothole");
  civic_service_set_department (s, "roads");
  civic_service_set_sla_hours (s, 48);
  g_ptr_array_add (services, s);
  g_assert_true (civic_store_put_services (store, services, &error));
  g_assert_no_error (error);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = civic_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "desk.db", NULL);
  f->store = civic_store_open (f->path, &error);
  g_assert_no_error (error);
  add_service (f->store);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->store);
  civic_test_rm_rf (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
create (CivicStore  *store,
        const char  *description,
        GError     **error)
{
  CivicNewCase draft = {
    .channel = CIVIC_CHANNEL_PHONE,
    .service_code = "pothole",
    .description = description,
    .address = "12 Main Street",
    .reporter_name = "Rosa Caller",
    .reporter_phone = "555-0101",
    .attributes_json = "{\"depth\": \"10\"}",
  };
  char *request_id = NULL;

  if (!civic_local_create_case (store, &draft, "avi", &request_id, error))
    return NULL;
  return request_id;
}

static guint
outbox_len (CivicStore *store)
{
  g_autoptr(GPtrArray) items = civic_store_outbox_peek (store, 1000, NULL);

  return items->len;
}

static void
test_in_order (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicCase) c = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *third = NULL;

  g_assert_cmpuint (civic_local_numbers_wanted (f->store), ==, CIVIC_LOCAL_NUMBERS_BLOCK);
  g_assert_true (civic_local_numbers_add (f->store, 2026, 41, 42, &error));
  g_assert_true (civic_local_numbers_add (f->store, 2026, 90, 99, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (civic_local_numbers_left (f->store), ==, 12);

  a = create (f->store, "Deep hole", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, "311-2026-000041");
  b = create (f->store, "Another", &error);
  g_assert_cmpstr (b, ==, "311-2026-000042");
  /* the first block is spent: the next comes from the second */
  third = create (f->store, "Third", &error);
  g_assert_cmpstr (third, ==, "311-2026-000090");
  g_assert_cmpuint (civic_local_numbers_left (f->store), ==, 9);

  /* in the replica at once, with what the clerk typed */
  c = civic_store_get_case (f->store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (civic_case_get_description (c), ==, "Deep hole");
  g_assert_cmpstr (civic_case_get_department (c), ==, "roads");
  g_assert_cmpstr (civic_case_get_reporter_phone (c), ==, "555-0101");
  g_assert_cmpint (civic_case_get_state (c), ==, CIVIC_CASE_STATE_NEW);

  /* one POST per case, carrying the number and the answers */
  items = civic_store_outbox_peek (f->store, 10, &error);
  g_assert_cmpuint (items->len, ==, 3);
  {
    const CivicOutboxItem *item = g_ptr_array_index (items, 0);
    JsonObject *o;

    g_assert_cmpstr (item->method, ==, "POST");
    g_assert_cmpstr (item->path, ==, "/api/v1/cases");
    g_assert_nonnull (item->idempotency_key);
    body = json_from_string (item->body, &error);
    o = json_node_get_object (body);
    g_assert_cmpstr (json_object_get_string_member (o, "service_request_id"), ==, a);
    g_assert_cmpstr (json_object_get_string_member (o, "channel"), ==, "phone");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "attributes"), "depth"), ==,
                     "10");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "reporter"), "name"), ==,
                     "Rosa Caller");
  }
}

static void
test_survives_reopen (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_true (civic_local_numbers_add (f->store, 2026, 7, 9, &error));
  a = create (f->store, "Before", &error);
  g_assert_cmpstr (a, ==, "311-2026-000007");
  g_clear_object (&f->store);

  f->store = civic_store_open (f->path, &error);
  g_assert_no_error (error);
  b = create (f->store, "After", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b, ==, "311-2026-000008");
  g_assert_cmpuint (civic_local_numbers_left (f->store), ==, 1);
  g_assert_cmpuint (outbox_len (f->store), ==, 2);
}

static void
test_exhausted (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *none = NULL;
  g_autofree char *never = NULL;

  /* a desk that never connected */
  never = create (f->store, "First call", &error);
  g_assert_null (never);
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "No tracking numbers are reserved on this desk yet — connect once to reserve some");
  g_clear_error (&error);

  g_assert_true (civic_local_numbers_add (f->store, 2026, 5, 5, &error));
  a = create (f->store, "Only one", &error);
  g_assert_cmpstr (a, ==, "311-2026-000005");
  none = create (f->store, "One too many", &error);
  g_assert_null (none);
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
  g_clear_error (&error);
  /* the refusal wrote nothing */
  g_assert_cmpuint (outbox_len (f->store), ==, 1);
  g_assert_cmpint (civic_store_count_cases (f->store, &(CivicCaseFilter) { 0 }, NULL), ==, 1);

  /* unknown service, too long a description: refused before a number goes */
  g_assert_true (civic_local_numbers_add (f->store, 2026, 6, 6, &error));
  {
    CivicNewCase bad = { .channel = CIVIC_CHANNEL_WEB, .service_code = "volcano" };
    g_autofree char *id = NULL;

    g_assert_false (civic_local_create_case (f->store, &bad, "avi", &id, &error));
    g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_cmpuint (civic_local_numbers_left (f->store), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/local-create/in-order", Fixture, NULL, setup, test_in_order, teardown);
  g_test_add ("/local-create/survives-reopen", Fixture, NULL, setup, test_survives_reopen, teardown);
  g_test_add ("/local-create/exhausted", Fixture, NULL, setup, test_exhausted, teardown);
  return g_test_run ();
}
