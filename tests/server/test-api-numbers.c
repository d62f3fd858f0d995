/* test-api-numbers.c: tracking numbers leased to a desk
 *
 * A lease reserves a block of the year's counter; a create may bring a
 * number only from its own user's blocks; a retried create with the same
 * Idempotency-Key answers the first answer and makes no second case.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-api-cases-util.h"

static JsonObject *
obj (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static void
test_lease (City          *c,
            gconstpointer  data)
{
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(JsonNode) made = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *server_id = NULL;
  gint64 first, last;
  guint status = 0;

  a = civic_test_call (c->server, "POST", "/api/v1/numbers", c->avi, "{\"count\": 10}", 201);
  g_assert_cmpint (json_object_get_int_member (obj (a), "year"), ==, g_date_time_get_year (now));
  first = json_object_get_int_member (obj (a), "first");
  last = json_object_get_int_member (obj (a), "last");
  g_assert_cmpint (last - first, ==, 9);

  /* the next lease and the server's own numbering continue after it */
  b = civic_test_call (c->server, "POST", "/api/v1/numbers", c->mona, "{\"count\": 200}", 201);
  g_assert_cmpint (json_object_get_int_member (obj (b), "first"), ==, last + 1);
  made = civic_test_call (c->server, "POST", "/api/v1/cases", c->avi, "{\"service_code\": \"pothole\"}", 201);
  server_id = g_strdup (json_object_get_string_member (json_object_get_object_member (obj (made), "case"),
                                                       "service_request_id"));
  {
    g_autofree char *expect = g_strdup_printf ("311-%d-%06" G_GINT64_FORMAT, g_date_time_get_year (now),
                                               json_object_get_int_member (obj (b), "last") + 1);
    g_assert_cmpstr (server_id, ==, expect);
  }

  /* wrong sizes and roles */
  civic_test_expect (c->server, "POST", "/api/v1/numbers", c->avi, "{\"count\": 201}", 400);
  civic_test_expect (c->server, "POST", "/api/v1/numbers", c->avi, "{\"count\": 0}", 400);
  civic_test_expect (c->server, "POST", "/api/v1/numbers", c->avi, "{}", 400);
  g_clear_pointer (&made, json_node_unref);
  made = civic_test_request (c->server, "POST", "/api/v1/numbers", c->sam, "{\"count\": 5}", NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 403);
}

static void
test_create_with_number (City          *c,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) a = civic_test_call (c->server, "POST", "/api/v1/numbers", c->avi, "{\"count\": 3}", 201);
  gint64 year = json_object_get_int_member (obj (a), "year");
  gint64 first = json_object_get_int_member (obj (a), "first");
  g_autofree char *mine = g_strdup_printf ("311-%" G_GINT64_FORMAT "-%06" G_GINT64_FORMAT, year, first + 1);
  g_autofree char *outside = g_strdup_printf ("311-%" G_GINT64_FORMAT "-%06" G_GINT64_FORMAT, year, first + 3);
  g_autofree char *body = NULL;
  g_autofree char *first_answer = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(JsonNode) r4 = NULL;
  g_autoptr(JsonNode) list = NULL;
  guint status = 0;

  /* a number in the lease, with the service's answers */
  body = g_strdup_printf ("{\"service_code\": \"pothole\", \"service_request_id\": \"%s\","
                          " \"attributes\": {\"depth\": \"10\"}, \"description\": \"Deep one\"}", mine);
  r1 = civic_test_request (c->server, "POST", "/api/v1/cases", c->avi, body, NULL, &status,
                           "Idempotency-Key", "create-1", NULL);
  g_assert_cmpuint (status, ==, 201);
  first_answer = g_strdup (civic_test_last_body ());
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj (r1), "case"),
                                                  "service_request_id"), ==, mine);

  /* retried with the same key: the same answer, still one case */
  r2 = civic_test_request (c->server, "POST", "/api/v1/cases", c->avi, body, NULL, &status,
                           "Idempotency-Key", "create-1", NULL);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (civic_test_last_body (), ==, first_answer);
  g_assert_cmpint (civic_test_sql_int (c->db, "SELECT count(*) FROM cases"), ==, 1);

  /* the same number again under another key: refused in words */
  r3 = civic_test_request (c->server, "POST", "/api/v1/cases", c->avi, body, NULL, &status,
                           "Idempotency-Key", "create-2", NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (civic_test_last_body (), "already the number"));

  /* a number outside the lease, and someone else's number */
  g_free (body);
  body = g_strdup_printf ("{\"service_code\": \"pothole\", \"service_request_id\": \"%s\"}", outside);
  r4 = civic_test_request (c->server, "POST", "/api/v1/cases", c->avi, body, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (civic_test_last_body (), "was not reserved for avi"));
  g_free (body);
  body = g_strdup_printf ("{\"service_code\": \"pothole\", \"service_request_id\": \"311-%" G_GINT64_FORMAT "-%06"
                          G_GINT64_FORMAT "\"}", year, first + 2);
  civic_test_expect (c->server, "POST", "/api/v1/cases", c->mona, body, 400);
  civic_test_expect (c->server, "POST", "/api/v1/cases", c->avi,
                     "{\"service_code\": \"pothole\", \"service_request_id\": \"PH-1\"}", 400);

  list = civic_test_call (c->server, "GET", "/api/v1/cases", c->avi, NULL, 200);
  g_assert_cmpint (json_object_get_int_member (obj (list), "total"), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/numbers/lease", City, NULL, city_setup, test_lease, city_teardown);
  g_test_add ("/numbers/create-with-number", City, NULL, city_setup, test_create_with_number, city_teardown);
  return g_test_run ();
}
