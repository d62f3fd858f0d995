/* test-api-feed-util.h: the world the feed tests run in
 *
 * Users come from the real `user add` command; services and cases are
 * written straight into the database before the server starts (the cases
 * API is not what these tests are about), with civic_test_sql().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "civic-test-util.h"

#define PASSWORD "correct horse"

typedef struct
{
  char            *dir;
  char            *db;
  CivicTestServer *server;
  char            *maria;   /* advocate, 311 */
  char            *tom;     /* staff, roads */
  char            *rita;    /* staff, roads */
  char            *boss;    /* manager, roads */
  char            *ann;     /* staff, parks */
} Fixture;

static G_GNUC_UNUSED void
feed_setup (Fixture       *f,
            gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *cases = NULL;

  f->dir = civic_test_mkdtemp ();
  f->db = g_build_filename (f->dir, "server.db", NULL);
  civic_test_add_user (f->db, "maria", "advocate", "311", PASSWORD);
  civic_test_add_user (f->db, "tom", "staff", "roads", PASSWORD);
  civic_test_add_user (f->db, "rita", "staff", "roads", PASSWORD);
  civic_test_add_user (f->db, "boss", "manager", "roads", PASSWORD);
  civic_test_add_user (f->db, "ann", "staff", "parks", PASSWORD);
  cases = g_strdup_printf (
    "INSERT INTO services (code, name, department_id, seq) VALUES ('POT', 'Pothole', 'roads', 1);"
    "INSERT INTO cases (id, request_id, state, service_code, service_name, requested, updated, department_id, seq)"
    " VALUES (1, '311-2026-000101', 'new', 'POT', 'Pothole', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'roads', 1),"
    " (2, '311-2026-000102', 'new', 'POT', 'Pothole', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'roads', 1);"
    "INSERT INTO case_tags (case_id, tag_key, tag) VALUES (1, 'potholes', 'Potholes');",
    now - 3600, now - 3600, now - 60, now - 60);
  g_free (civic_test_sql (f->db, cases));
  civic_test_sql_sync_ids (f->db, "cases");

  f->server = civic_test_server_start (f->db, NULL);
  f->maria = civic_test_login (f->server, "maria", PASSWORD);
  f->tom = civic_test_login (f->server, "tom", PASSWORD);
  f->rita = civic_test_login (f->server, "rita", PASSWORD);
  f->boss = civic_test_login (f->server, "boss", PASSWORD);
  f->ann = civic_test_login (f->server, "ann", PASSWORD);
}

static G_GNUC_UNUSED void
feed_teardown (Fixture       *f,
               gconstpointer  data)
{
  civic_test_server_stop (f->server);
  civic_test_rm_rf (f->dir);
  g_free (f->db);
  g_free (f->dir);
  g_free (f->maria);
  g_free (f->tom);
  g_free (f->rita);
  g_free (f->boss);
  g_free (f->ann);
}

/* Posts @body_json as @token; returns the new post's id. */
static G_GNUC_UNUSED gint64
feed_post (Fixture    *f,
           const char *token,
           const char *body_json)
{
  g_autoptr(JsonNode) node = civic_test_call (f->server, "POST", "/api/v1/posts", token, body_json, 201);

  return json_object_get_int_member (json_node_get_object (node), "id");
}

/* A JSON body {"body": text} with @text escaped. */
static G_GNUC_UNUSED char *
feed_body (const char *text)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "body");
  json_builder_add_string_value (b, text);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static G_GNUC_UNUSED JsonObject *
feed_get_post (Fixture    *f,
               const char *token,
               gint64      id,
               JsonNode  **keep)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/posts/%" G_GINT64_FORMAT, id);

  *keep = civic_test_call (f->server, "GET", path, token, NULL, 200);
  return json_node_get_object (*keep);
}

/* Notification kinds @token has, joined in order of arrival ("mention,reply"). */
static G_GNUC_UNUSED char *
feed_notification_kinds (Fixture    *f,
                         const char *token)
{
  g_autoptr(JsonNode) node = civic_test_call (f->server, "GET", "/api/v1/notifications", token, NULL, 200);
  JsonArray *list = json_object_get_array_member (json_node_get_object (node), "notifications");
  g_autoptr(GString) s = g_string_new (NULL);
  guint n = json_array_get_length (list);

  for (guint i = n; i > 0; i--)
    {
      JsonObject *o = json_array_get_object_element (list, i - 1);

      g_string_append_printf (s, "%s%s", s->len > 0 ? "," : "", json_object_get_string_member (o, "kind"));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The ids of a {"posts": [...]} answer, as "3,2,1". */
static G_GNUC_UNUSED char *
feed_post_ids (JsonNode *node)
{
  JsonArray *list = json_object_get_array_member (json_node_get_object (node), "posts");
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (list); i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, s->len > 0 ? "," : "",
                            json_object_get_int_member (json_array_get_object_element (list, i), "id"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* GETs @path as @token and asserts the ids of its posts are @expected. */
static G_GNUC_UNUSED void
feed_assert_post_ids (Fixture    *f,
                      const char *path,
                      const char *token,
                      const char *expected)
{
  g_autoptr(JsonNode) node = civic_test_call (f->server, "GET", path, token, NULL, 200);
  g_autofree char *ids = feed_post_ids (node);

  g_assert_cmpstr (ids, ==, expected);
}

/* The strings of a JSON array, joined with ",". */
static G_GNUC_UNUSED char *
feed_strings (JsonArray *array)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (s, "%s%s", s->len > 0 ? "," : "", json_array_get_string_element (array, i));
  return g_string_free (g_steal_pointer (&s), FALSE);
}
