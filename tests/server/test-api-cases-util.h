/* test-api-cases-util.h: a small city for the case API tests
 *
 * Departments and services go straight into the temporary database with
 * the sqlite3 API before the server starts (the directory API only reads
 * services); staff users come from the real `user add` command.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "civic-test-util.h"

#define CITY_PASSWORD "correct horse"

typedef struct
{
  char            *dir;
  char            *db;
  CivicTestServer *server;
  char            *ada;    /* admin, 311 */
  char            *mona;   /* manager, roads */
  char            *avi;    /* advocate, 311 */
  char            *sam;    /* staff, roads */
  char            *pia;    /* staff, parks */
} City;

static inline void
city_setup (City          *c,
            gconstpointer  data)
{
  c->dir = civic_test_mkdtemp ();
  c->db = g_build_filename (c->dir, "server.db", NULL);
  civic_test_add_user (c->db, "ada", "admin", "311", CITY_PASSWORD);
  civic_test_add_user (c->db, "mona", "manager", "roads", CITY_PASSWORD);
  civic_test_add_user (c->db, "avi", "advocate", "311", CITY_PASSWORD);
  civic_test_add_user (c->db, "sam", "staff", "roads", CITY_PASSWORD);
  civic_test_add_user (c->db, "pia", "staff", "parks", CITY_PASSWORD);
  g_free (civic_test_sql (c->db,
                          "UPDATE departments SET name = 'Roads and Sidewalks' WHERE id = 'roads';"
                          "UPDATE departments SET name = 'Parks' WHERE id = 'parks';"
                          "INSERT INTO services (code, name, description, grp, department_id, sla_hours, seq) VALUES"
                          " ('pothole', 'Pothole', 'A hole in the road', 'Streets', 'roads', 48, 1),"
                          " ('streetlight', 'Street light out', 'A dark lamp', 'Streets', 'roads', 72, 1),"
                          " ('graffiti', 'Graffiti removal', 'Paint on walls', 'Parks', 'parks', 120, 1);"));
  c->server = civic_test_server_start (c->db, NULL);
  c->ada = civic_test_login (c->server, "ada", CITY_PASSWORD);
  c->mona = civic_test_login (c->server, "mona", CITY_PASSWORD);
  c->avi = civic_test_login (c->server, "avi", CITY_PASSWORD);
  c->sam = civic_test_login (c->server, "sam", CITY_PASSWORD);
  c->pia = civic_test_login (c->server, "pia", CITY_PASSWORD);
}

static inline void
city_teardown (City          *c,
               gconstpointer  data)
{
  civic_test_server_stop (c->server);
  civic_test_rm_rf (c->dir);
  g_free (c->db);
  g_free (c->dir);
  g_free (c->ada);
  g_free (c->mona);
  g_free (c->avi);
  g_free (c->sam);
  g_free (c->pia);
}

/* One request; extra headers as NULL-terminated pairs are not needed by
 * most callers, so this is the short form. */
static inline JsonNode *
city_call (City       *c,
           const char *token,
           const char *method,
           const char *path,
           const char *body,
           guint      *status)
{
  return civic_test_request (c->server, method, path, token, body, NULL, status, NULL);
}

static inline JsonObject *
city_member (JsonNode   *node,
             const char *name)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_get_object_member (json_node_get_object (node), name);
}

/* Creates a case as @token; asserts 201; returns its tracking number. */
static inline char *
city_create (City       *c,
             const char *token,
             const char *json)
{
  guint status = 0;
  g_autoptr(JsonNode) reply = city_call (c, token, "POST", "/api/v1/cases", json, &status);

  if (status != 201)
    g_error ("creating %s gave %u: %s", json, status, civic_test_last_body ());
  return g_strdup (json_object_get_string_member (city_member (reply, "case"), "service_request_id"));
}

static inline gint64
city_version (City       *c,
              const char *request_id)
{
  g_autofree char *path = g_strconcat ("/api/v1/cases/", request_id, NULL);
  guint status = 0;
  g_autoptr(JsonNode) reply = city_call (c, c->ada, "GET", path, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return json_object_get_int_member (city_member (reply, "case"), "version");
}

/* PATCH with the case's current version. */
static inline JsonNode *
city_patch (City       *c,
            const char *token,
            const char *request_id,
            const char *json,
            guint      *status)
{
  g_autofree char *path = g_strconcat ("/api/v1/cases/", request_id, NULL);
  g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, city_version (c, request_id));

  return civic_test_request (c->server, "PATCH", path, token, json, NULL, status, "If-Match", version, NULL);
}

/* The tracking numbers of {"cases": [...]}, in order, comma-joined. */
static inline char *
city_ids (JsonNode *reply)
{
  JsonArray *cases;
  g_autoptr(GString) s = g_string_new (NULL);

  g_assert_nonnull (reply);
  cases = json_object_get_array_member (json_node_get_object (reply), "cases");
  for (guint i = 0; i < json_array_get_length (cases); i++)
    g_string_append_printf (s, "%s%s", i > 0 ? "," : "",
                            json_object_get_string_member (json_array_get_object_element (cases, i),
                                                           "service_request_id"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}
