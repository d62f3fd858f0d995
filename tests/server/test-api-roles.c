/* test-api-roles.c: who may do what, for every staff endpoint of cases,
 * the directory and saved views — one row per role and action, forbidden
 * paths included. A refused change leaves the case as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-api-cases-util.h"

static City city;
/* the body of the request under test, kept past any checks that follow */
static char *answer;

static void
keep_answer (void)
{
  g_free (answer);
  answer = g_strdup (civic_test_last_body ());
}

typedef enum { SAM, PIA, AVI, MONA, ADA, N_ROLES } Role;

static const char *role_names[N_ROLES] = { "staff-roads", "staff-parks", "advocate", "manager", "admin" };

static const char *
token_of (Role r)
{
  const char *tokens[N_ROLES] = { city.sam, city.pia, city.avi, city.mona, city.ada };

  return tokens[r];
}

/* A fresh roads case, made by the admin. */
static char *
roads_case (void)
{
  return city_create (&city, city.ada, "{\"service_code\": \"pothole\", \"description\": \"Hole\", "
                                       "\"reporter\": {\"name\": \"Kim\"}}");
}

static guint
patch_fresh (const char *token,
             const char *json)
{
  g_autofree char *id = roads_case ();
  guint status = 0;
  g_autoptr(JsonNode) r = city_patch (&city, token, id, json, &status);

  keep_answer ();
  /* a refusal changes nothing */
  if (status != 200)
    g_assert_cmpint (city_version (&city, id), ==, 1);
  return status;
}

static guint
get_status (const char *token,
            const char *path)
{
  guint status = 0;
  g_autoptr(JsonNode) r = city_call (&city, token, "GET", path, NULL, &status);

  keep_answer ();
  if (g_str_equal (path, "/api/v1/users"))
    g_assert_null (strstr (civic_test_last_body (), "password"));
  return status;
}

static guint
post_status (const char *token,
             const char *path,
             const char *body)
{
  guint status = 0;
  g_autoptr(JsonNode) r = city_call (&city, token, "POST", path, body, &status);

  keep_answer ();
  return status;
}

static guint act_list (const char *t) { return get_status (t, "/api/v1/cases?state=new"); }
static guint act_services (const char *t) { return get_status (t, "/api/v1/services"); }
static guint act_departments (const char *t) { return get_status (t, "/api/v1/departments"); }
static guint act_users (const char *t) { return get_status (t, "/api/v1/users"); }
static guint act_views (const char *t) { return get_status (t, "/api/v1/views"); }

static guint
act_get (const char *t)
{
  g_autofree char *id = roads_case ();
  g_autofree char *path = g_strconcat ("/api/v1/cases/", id, NULL);

  return get_status (t, path);
}

static guint
act_create (const char *t)
{
  return post_status (t, "/api/v1/cases", "{\"service_code\": \"pothole\", \"channel\": \"phone\"}");
}

static guint act_acknowledge (const char *t) { return patch_fresh (t, "{\"state\": \"acknowledged\"}"); }
static guint act_progress (const char *t) { return patch_fresh (t, "{\"state\": \"in_progress\"}"); }
static guint act_close (const char *t) { return patch_fresh (t, "{\"state\": \"closed\", \"status_notes\": \"Fixed\"}"); }
static guint act_assign (const char *t) { return patch_fresh (t, "{\"assignee\": \"sam\"}"); }
static guint act_priority (const char *t) { return patch_fresh (t, "{\"priority\": \"urgent\"}"); }
static guint act_move (const char *t) { return patch_fresh (t, "{\"department\": \"parks\"}"); }
static guint act_tag (const char *t) { return patch_fresh (t, "{\"tags\": [\"flooding\"]}"); }
static guint act_describe (const char *t) { return patch_fresh (t, "{\"description\": \"Hole, 2 m\"}"); }

static guint
act_reopen (const char *t)
{
  g_autofree char *id = roads_case ();
  guint status = 0;
  g_autoptr(JsonNode) closed = city_patch (&city, city.ada, id, "{\"state\": \"closed\", \"note\": \"done\"}", &status);
  g_autoptr(JsonNode) r = NULL;

  g_assert_cmpuint (status, ==, 200);
  r = city_patch (&city, t, id, "{\"state\": \"in_progress\"}", &status);
  keep_answer ();
  return status;
}

static guint
note (const char *t, gboolean is_public)
{
  g_autofree char *id = roads_case ();
  g_autofree char *path = g_strconcat ("/api/v1/cases/", id, "/notes", NULL);

  return post_status (t, path, is_public ? "{\"body\": \"Fixing soon\", \"public\": true}" : "{\"body\": \"Crew sent\"}");
}

static guint act_note (const char *t) { return note (t, FALSE); }
static guint act_public_note (const char *t) { return note (t, TRUE); }

static guint
merge (const char *t, gboolean dup_closed)
{
  g_autofree char *orig = roads_case ();
  g_autofree char *dup = roads_case ();
  g_autofree char *path = g_strconcat ("/api/v1/cases/", dup, "/merge", NULL);
  g_autofree char *body = g_strdup_printf ("{\"into\": \"%s\"}", orig);
  guint status = 0;

  if (dup_closed)
    {
      g_autoptr(JsonNode) r = city_patch (&city, city.ada, dup, "{\"state\": \"closed\", \"note\": \"done\"}", &status);

      g_assert_cmpuint (status, ==, 200);
    }
  status = post_status (t, path, body);
  if (status != 200)
    g_assert_cmpint (city_version (&city, orig), ==, 1);
  return status;
}

static guint act_merge (const char *t) { return merge (t, FALSE); }
static guint act_merge_closed (const char *t) { return merge (t, TRUE); }

static guint
act_bulk (const char *t)
{
  g_autofree char *a = roads_case ();
  g_autofree char *b = roads_case ();
  g_autofree char *body = g_strdup_printf ("{\"ids\": [\"%s\", \"%s\"], \"changes\": {\"priority\": \"high\"}}", a, b);
  guint status = post_status (t, "/api/v1/cases/bulk", body);

  if (status != 200)
    {
      g_assert_cmpint (city_version (&city, a), ==, 1);
      g_assert_cmpint (city_version (&city, b), ==, 1);
    }
  return status;
}

static guint
act_create_user (const char *t)
{
  static int n;
  g_autofree char *body = g_strdup_printf ("{\"username\": \"new%d\", \"role\": \"staff\", \"department\": \"parks\", "
                                           "\"password\": \"long enough\"}", ++n);

  return post_status (t, "/api/v1/users", body);
}

static guint
act_create_department (const char *t)
{
  static int n;
  int k = ++n;
  g_autofree char *body = g_strdup_printf ("{\"id\": \"dept%d\", \"name\": \"Department %d\"}", k, k);

  return post_status (t, "/api/v1/departments", body);
}

static guint
act_create_view (const char *t)
{
  return post_status (t, "/api/v1/views", "{\"name\": \"Mine\", \"filter\": {\"assignee\": \"me\"}}");
}

/* The advocate saves a view; the role under test deletes it. */
static guint
act_delete_view (const char *t)
{
  guint status = 0;
  g_autoptr(JsonNode) r = city_call (&city, city.avi, "POST", "/api/v1/views",
                                     "{\"name\": \"Advocate's view\", \"filter\": {\"state\": \"new\"}}", &status);
  g_autofree char *path = NULL;
  guint deleted;
  g_autoptr(JsonNode) d = NULL;

  g_assert_cmpuint (status, ==, 201);
  path = g_strconcat ("/api/v1/views/", json_object_get_string_member (city_member (r, "view"), "id"), NULL);
  d = city_call (&city, t, "DELETE", path, NULL, &deleted);
  keep_answer ();
  return deleted;
}

typedef struct
{
  const char *name;
  guint     (*act) (const char *token);
  guint       expect[N_ROLES];   /* sam (staff, roads), pia (staff, parks), avi (advocate), mona (manager), ada (admin) */
} Row;

static const Row rows[] = {
  { "list-cases", act_list, { 200, 200, 200, 200, 200 } },
  { "get-case", act_get, { 200, 200, 200, 200, 200 } },
  { "create-case", act_create, { 403, 403, 201, 201, 201 } },
  { "acknowledge", act_acknowledge, { 200, 403, 200, 200, 200 } },
  { "start-work", act_progress, { 200, 403, 403, 200, 200 } },
  { "close", act_close, { 200, 403, 403, 200, 200 } },
  { "reopen", act_reopen, { 200, 403, 403, 200, 200 } },
  { "assign", act_assign, { 200, 403, 403, 200, 200 } },
  { "priority", act_priority, { 200, 403, 403, 200, 200 } },
  { "move-department", act_move, { 200, 403, 403, 200, 200 } },
  { "tag", act_tag, { 403, 403, 200, 200, 200 } },
  { "edit-description", act_describe, { 200, 403, 200, 200, 200 } },
  { "internal-note", act_note, { 201, 403, 201, 201, 201 } },
  { "public-note", act_public_note, { 201, 403, 201, 201, 201 } },
  { "merge-open", act_merge, { 403, 403, 200, 200, 200 } },
  { "merge-closed", act_merge_closed, { 403, 403, 403, 200, 200 } },
  { "bulk", act_bulk, { 200, 403, 403, 200, 200 } },
  { "list-services", act_services, { 200, 200, 200, 200, 200 } },
  { "list-departments", act_departments, { 200, 200, 200, 200, 200 } },
  { "list-users", act_users, { 200, 200, 200, 200, 200 } },
  { "create-user", act_create_user, { 403, 403, 403, 403, 201 } },
  { "create-department", act_create_department, { 403, 403, 403, 403, 201 } },
  { "list-views", act_views, { 200, 200, 200, 200, 200 } },
  { "create-view", act_create_view, { 201, 201, 201, 201, 201 } },
  { "delete-advocates-view", act_delete_view, { 403, 403, 200, 200, 200 } },
};

typedef struct
{
  const Row *row;
  Role       role;
} Case;

static void
test_row (gconstpointer data)
{
  const Case *c = data;
  guint status = c->row->act (token_of (c->role));

  if (status != c->row->expect[c->role])
    g_error ("%s as %s: %u, expected %u: %s", c->row->name, role_names[c->role], status,
             c->row->expect[c->role], answer);
  /* a refusal says why, in words */
  if (status == 403)
    g_assert_nonnull (strstr (answer, "\"message\":\""));
}

static void
test_no_token (void)
{
  const char *paths[] = { "/api/v1/cases", "/api/v1/cases/311-2026-000001", "/api/v1/services", "/api/v1/departments",
                          "/api/v1/users", "/api/v1/views" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      guint status = 0;
      g_autoptr(JsonNode) r = city_call (&city, NULL, "GET", paths[i], NULL, &status);

      g_assert_cmpuint (status, ==, 401);
    }
  g_assert_cmpuint (post_status (NULL, "/api/v1/cases", "{\"service_code\": \"pothole\"}"), ==, 401);
  g_assert_cmpuint (post_status ("made-up", "/api/v1/cases/bulk", "{}"), ==, 401);
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  int result;

  g_test_init (&argc, &argv, NULL);
  /* one city for the whole table: every row makes its own cases */
  city_setup (&city, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    for (Role r = 0; r < N_ROLES; r++)
      {
        Case *c = g_new0 (Case, 1);
        g_autofree char *path = g_strdup_printf ("/server/api-roles/%s/%s", rows[i].name, role_names[r]);

        c->row = &rows[i];
        c->role = r;
        g_ptr_array_add (cases, c);
        g_test_add_data_func (path, c, test_row);
      }
  g_test_add_func ("/server/api-roles/no-token", test_no_token);
  result = g_test_run ();
  city_teardown (&city, NULL);
  g_free (answer);
  return result;
}
