/* test-changes.c: GET /api/v1/changes against the real server
 *
 * A desk catches up by paging with after=next until more is false; these
 * tests page the way a desk does and check that nothing is lost or sent
 * twice — with bulk writes that put hundreds of rows at one seq, with
 * limits that fall inside such a seq, and while writers commit
 * concurrently.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-test-util.h"
#include "test-changes-helper.h"

typedef HelperServer Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  helper_server_setup (f, "staff", TRUE, "2");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  helper_server_teardown (f);
}

typedef struct
{
  GHashTable *seen;      /* "entity:key" → its seq */
  GPtrArray  *pages;     /* per page: its seqs in order (GArray of gint64) */
  gint64      next;
  guint       n_items;
  guint       n_cases;
} Catchup;

static void
catchup_init (Catchup *c)
{
  c->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  c->next = 0;
  c->n_items = 0;
  c->n_cases = 0;
}

static void
catchup_clear (Catchup *c)
{
  g_hash_table_unref (c->seen);
  g_ptr_array_unref (c->pages);
}

static char *
item_key (JsonObject *item)
{
  const char *entity = json_object_get_string_member (item, "entity");
  JsonObject *d = json_object_get_object_member (item, "data");

  if (g_str_equal (entity, "case"))
    return g_strconcat ("case:", json_object_get_string_member (d, "service_request_id"), NULL);
  if (g_str_equal (entity, "user"))
    return g_strconcat ("user:", json_object_get_string_member (d, "username"), NULL);
  if (g_str_equal (entity, "department"))
    return g_strconcat ("department:", json_object_get_string_member (d, "id"), NULL);
  if (g_str_equal (entity, "service"))
    return g_strconcat ("service:", json_object_get_string_member (d, "service_code"), NULL);
  if (g_str_equal (entity, "tombstone"))
    return g_strdup_printf ("tombstone:%s:%s", json_object_get_string_member (d, "entity"),
                            json_object_get_string_member (d, "id"));
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, entity, json_object_get_int_member (d, "id"));
}

/* One page; returns "more". Asserts each entity arrives once. */
static gboolean
catchup_page (Catchup         *c,
              CivicTestServer *server,
              const char      *token,
              guint            limit)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/changes?after=%" G_GINT64_FORMAT "&limit=%u", c->next, limit);
  g_autoptr(JsonNode) reply = NULL;
  GArray *seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonObject *root;
  JsonArray *changes;
  guint status = 0;
  guint i;

  reply = civic_test_request (server, "GET", path, token, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  root = json_node_get_object (reply);
  changes = json_object_get_array_member (root, "changes");
  for (i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *item = json_array_get_object_element (changes, i);
      gint64 seq = json_object_get_int_member (item, "seq");
      char *key = item_key (item);

      g_assert_cmpint (seq, >, c->next);
      if (seqs->len > 0)
        g_assert_cmpint (seq, >=, g_array_index (seqs, gint64, seqs->len - 1));
      if (g_hash_table_contains (c->seen, key))
        g_error ("%s arrived twice (seq %" G_GINT64_FORMAT ")", key, seq);
      g_hash_table_insert (c->seen, key, GINT_TO_POINTER (1));
      g_array_append_val (seqs, seq);
      c->n_items++;
      if (g_str_equal (json_object_get_string_member (item, "entity"), "case"))
        c->n_cases++;
    }
  if (json_object_get_boolean_member (root, "more"))
    {
      /* a page ends on a whole seq: next is its last item's seq */
      g_assert_cmpuint (seqs->len, >, 0);
      g_assert_cmpint (json_object_get_int_member (root, "next"), ==,
                       g_array_index (seqs, gint64, seqs->len - 1));
    }
  g_assert_cmpint (json_object_get_int_member (root, "next"), >=, c->next);
  g_assert_cmpint (json_object_get_int_member (root, "next"), <=,
                   json_object_get_int_member (root, "current"));
  c->next = json_object_get_int_member (root, "next");
  g_ptr_array_add (c->pages, seqs);
  return json_object_get_boolean_member (root, "more");
}

static void
catchup_all (Catchup         *c,
             CivicTestServer *server,
             const char      *token,
             guint            limit)
{
  guint guard = 0;

  while (catchup_page (c, server, token, limit))
    g_assert_cmpuint (++guard, <, 100000);
}

static void
test_bad_parameters (Fixture *f, gconstpointer data)
{
  const char *bad[] = {
    "/api/v1/changes?after=-1", "/api/v1/changes?after=abc", "/api/v1/changes?after=1.5",
    "/api/v1/changes?after=", "/api/v1/changes?after=99999999999999999999",
    "/api/v1/changes?limit=0", "/api/v1/changes?limit=5001", "/api/v1/changes?limit=99999999",
    "/api/v1/changes?limit=-3", "/api/v1/changes?limit=ten",
  };
  guint status = 0;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) reply = civic_test_request (f->server, "GET", bad[i], f->token, NULL, NULL,
                                                      &status, NULL);

      g_assert_cmpuint (status, ==, 400);
      g_assert_nonnull (reply);
      g_assert_nonnull (strstr (civic_test_last_body (), "must be"));
    }
  {
    g_autoptr(JsonNode) reply = civic_test_request (f->server, "GET", "/api/v1/changes", NULL, NULL,
                                                    NULL, &status, NULL);
    g_assert_cmpuint (status, ==, 401);
  }
  {
    g_autoptr(JsonNode) reply = civic_test_request (f->server, "GET", "/api/v1/changes?limit=5000",
                                                    f->token, NULL, NULL, &status, NULL);
    g_assert_cmpuint (status, ==, 200);
  }
}

/* Users, departments and services arrive in their current form, never
 * with a password hash; the default page is complete. */
static void
test_first_sync (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *root;
  JsonArray *changes;
  gboolean saw_maria = FALSE, saw_service = FALSE, saw_department = FALSE;
  guint status = 0;
  guint i;

  reply = civic_test_request (f->server, "GET", "/api/v1/changes", f->token, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_null (strstr (civic_test_last_body (), "password"));
  g_assert_null (strstr (civic_test_last_body (), "argon2"));
  root = json_node_get_object (reply);
  g_assert_false (json_object_get_boolean_member (root, "more"));
  g_assert_cmpint (json_object_get_int_member (root, "next"), ==, json_object_get_int_member (root, "current"));
  changes = json_object_get_array_member (root, "changes");
  for (i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *item = json_array_get_object_element (changes, i);
      const char *entity = json_object_get_string_member (item, "entity");
      JsonObject *d = json_object_get_object_member (item, "data");

      if (g_str_equal (entity, "user") && g_str_equal (json_object_get_string_member (d, "username"), "maria"))
        {
          saw_maria = TRUE;
          g_assert_cmpstr (json_object_get_string_member (d, "role"), ==, "staff");
          g_assert_cmpstr (json_object_get_string_member (d, "department"), ==, "streets");
        }
      if (g_str_equal (entity, "service"))
        {
          saw_service = TRUE;
          g_assert_cmpstr (json_object_get_string_member (d, "service_code"), ==, "pothole");
          g_assert_cmpint (json_object_get_int_member (d, "sla_hours"), ==, 48);
          g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (d, "attributes")));
        }
      if (g_str_equal (entity, "department"))
        saw_department = TRUE;
    }
  g_assert_true (saw_maria && saw_service && saw_department);

  /* nothing new: an empty page that does not move backwards */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/changes?after=%" G_GINT64_FORMAT,
                                             json_object_get_int_member (root, "next"));
    g_autoptr(JsonNode) again = civic_test_request (f->server, "GET", path, f->token, NULL, NULL, &status, NULL);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (again), "changes")), ==, 0);
    g_assert_false (json_object_get_boolean_member (json_node_get_object (again), "more"));
  }
}

/* A bulk write puts 250 cases (and their 250 created events) at one seq;
 * a limit of 7 falls inside it. Every case arrives exactly once, every
 * seq on one page only. */
static void
test_paging_inside_one_seq (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seq_page = g_hash_table_new (g_int64_hash, g_int64_equal);
  Catchup c;
  guint p, i;

  helper_insert_cases (f->db, 3, 4, ids);
  helper_insert_cases (f->db, 1, 250, ids);
  helper_insert_cases (f->db, 5, 1, ids);

  catchup_init (&c);
  catchup_all (&c, f->server, f->token, 7);
  g_assert_cmpuint (c.n_cases, ==, ids->len);
  for (i = 0; i < ids->len; i++)
    {
      g_autofree char *key = g_strconcat ("case:", (char *) g_ptr_array_index (ids, i), NULL);

      g_assert_true (g_hash_table_contains (c.seen, key));
    }
  /* each seq on exactly one page */
  for (p = 0; p < c.pages->len; p++)
    {
      GArray *seqs = g_ptr_array_index (c.pages, p);

      for (i = 0; i < seqs->len; i++)
        {
          gint64 *seq = &g_array_index (seqs, gint64, i);
          gpointer page = g_hash_table_lookup (seq_page, seq);

          if (page != NULL)
            g_assert_cmpuint (GPOINTER_TO_UINT (page) - 1, ==, p);
          g_hash_table_insert (seq_page, seq, GUINT_TO_POINTER (p + 1));
        }
    }
  /* the bulk seq came whole, on a page longer than the limit */
  {
    gboolean saw_big_page = FALSE;

    for (p = 0; p < c.pages->len; p++)
      saw_big_page |= ((GArray *) g_ptr_array_index (c.pages, p))->len >= 500;
    g_assert_true (saw_big_page);
  }
  catchup_clear (&c);
}

/* limit=1: every page is exactly one seq, and together they are all. */
static void
test_every_seq_once (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  Catchup one, big;

  helper_insert_cases (f->db, 20, 3, ids);
  helper_notify (f->db, "maria", "for maria");

  catchup_init (&one);
  catchup_all (&one, f->server, f->token, 1);
  catchup_init (&big);
  catchup_all (&big, f->server, f->token, 5000);
  g_assert_cmpuint (one.n_items, ==, big.n_items);
  g_assert_cmpuint (one.n_cases, ==, ids->len);
  g_assert_cmpuint (big.pages->len, ==, 1);
  catchup_clear (&one);
  catchup_clear (&big);
}

/* A deleted post leaves a tombstone; its row is no longer sent. Other
 * people's notifications are not mine to read. */
static void
test_tombstones_and_privacy (Fixture *f, gconstpointer data)
{
  gint64 post_id = helper_post_and_delete (f->db, "maria");
  g_autofree char *tomb = g_strdup_printf ("tombstone:post:%" G_GINT64_FORMAT, post_id);
  g_autofree char *post = g_strdup_printf ("post:%" G_GINT64_FORMAT, post_id);
  Catchup c;

  helper_notify (f->db, "maria", "mine");
  helper_notify (f->db, "bob", "not for maria");

  catchup_init (&c);
  catchup_all (&c, f->server, f->token, 2);
  g_assert_true (g_hash_table_contains (c.seen, tomb));
  g_assert_false (g_hash_table_contains (c.seen, post));
  catchup_clear (&c);

  {
    g_autoptr(JsonNode) reply = NULL;
    guint status = 0;

    reply = civic_test_request (f->server, "GET", "/api/v1/changes?limit=5000", f->token, NULL, NULL, &status, NULL);
    g_assert_nonnull (strstr (civic_test_last_body (), "\"mine\""));
    g_assert_null (strstr (civic_test_last_body (), "not for maria"));
  }
}

typedef struct
{
  const char *db;
  GPtrArray  *ids;
} WriterArgs;

static gpointer
writer_thread (gpointer data)
{
  WriterArgs *a = data;
  guint i;

  for (i = 0; i < 15; i++)
    helper_insert_cases (a->db, 1, 1 + i % 4, a->ids);
  return NULL;
}

/* Eight writers commit while a desk pages through; once they are done the
 * desk has every case exactly once. */
static void
test_complete_after_concurrent_writes (Fixture *f, gconstpointer data)
{
  WriterArgs args[8];
  GThread *threads[8];
  Catchup c;
  guint expected = 0;
  guint i;

  catchup_init (&c);
  for (i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      args[i].db = f->db;
      args[i].ids = g_ptr_array_new_with_free_func (g_free);
      threads[i] = g_thread_new ("writer", writer_thread, &args[i]);
    }
  for (i = 0; i < 40; i++)
    catchup_page (&c, f->server, f->token, 3);
  for (i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      expected += args[i].ids->len;
    }
  catchup_all (&c, f->server, f->token, 3);
  g_assert_cmpuint (c.n_cases, ==, expected);
  for (i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      guint j;

      for (j = 0; j < args[i].ids->len; j++)
        {
          g_autofree char *key = g_strconcat ("case:", (char *) g_ptr_array_index (args[i].ids, j), NULL);

          g_assert_true (g_hash_table_contains (c.seen, key));
        }
      g_ptr_array_unref (args[i].ids);
    }
  catchup_clear (&c);
}

/* ---- through the HTTP API -------------------------------------------- */

static char *
api_create_case (CivicTestServer *server,
                 const char      *token,
                 const char      *key,
                 const char      *description,
                 guint           *status)
{
  g_autofree char *body = g_strdup_printf ("{\"service_code\": \"pothole\", \"description\": \"%s\","
                                           " \"lat\": 40.7, \"long\": -74.0}", description);
  g_autoptr(JsonNode) reply = civic_test_request (server, "POST", "/api/v1/cases", token, body, NULL, status,
                                                  "Idempotency-Key", key, NULL);
  JsonObject *c;

  if (*status != 201 || reply == NULL)
    return NULL;
  c = json_object_get_object_member (json_node_get_object (reply), "case");
  return g_strdup (json_object_get_string_member (c, "service_request_id"));
}

typedef struct
{
  CivicTestServer *server;
  const char      *token;
  guint            index;
  GPtrArray       *ids;
} ApiWriter;

static gpointer
api_writer_thread (gpointer data)
{
  ApiWriter *a = data;
  guint i;

  for (i = 0; i < 12; i++)
    {
      g_autofree char *key = g_strdup_printf ("writer-%u-case-%u", a->index, i);
      g_autofree char *description = g_strdup_printf ("Writer %u, case %u", a->index, i);
      guint status = 0;
      char *id = api_create_case (a->server, a->token, key, description, &status);

      if (status != 201)
        g_error ("creating a case answered %u: %s", status, civic_test_last_body ());
      g_ptr_array_add (a->ids, id);
    }
  return NULL;
}

/* Eight clients create cases through the API at once (both worker
 * threads write) while a desk pages; afterwards the desk has them all,
 * each once. */
static void
test_complete_after_concurrent_api_writes (Fixture *f, gconstpointer data)
{
  g_autofree char *bob = civic_test_login (f->server, "bob", "battery staple");
  ApiWriter writers[8];
  GThread *threads[8];
  Catchup c;
  guint expected = 0;
  guint i, j;

  catchup_init (&c);
  for (i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      writers[i] = (ApiWriter) { f->server, bob, i, g_ptr_array_new_with_free_func (g_free) };
      threads[i] = g_thread_new ("api-writer", api_writer_thread, &writers[i]);
    }
  for (i = 0; i < 30; i++)
    catchup_page (&c, f->server, f->token, 2);
  for (i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      expected += writers[i].ids->len;
    }
  catchup_all (&c, f->server, f->token, 2);
  g_assert_cmpuint (c.n_cases, ==, expected);
  for (i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      for (j = 0; j < writers[i].ids->len; j++)
        {
          g_autofree char *key = g_strconcat ("case:", (char *) g_ptr_array_index (writers[i].ids, j), NULL);

          g_assert_true (g_hash_table_contains (c.seen, key));
        }
      g_ptr_array_unref (writers[i].ids);
    }
  catchup_clear (&c);
}

static guint
count_cases (Fixture *f)
{
  Catchup c;
  guint n;

  catchup_init (&c);
  catchup_all (&c, f->server, f->token, 5000);
  n = c.n_cases;
  catchup_clear (&c);
  return n;
}

/* The same Idempotency-Key twice: the same answer, one case. The same key
 * on another path: 422. */
static void
test_idempotent_retry (Fixture *f, gconstpointer data)
{
  g_autofree char *bob = civic_test_login (f->server, "bob", "battery staple");
  g_autofree char *first_body = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  guint before = count_cases (f);
  guint status = 0;

  first = api_create_case (f->server, bob, "3f1c0d2e-retry", "Retried", &status);
  g_assert_cmpuint (status, ==, 201);
  first_body = g_strdup (civic_test_last_body ());
  second = api_create_case (f->server, bob, "3f1c0d2e-retry", "Retried", &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (second, ==, first);
  g_assert_cmpstr (civic_test_last_body (), ==, first_body);
  g_assert_cmpuint (count_cases (f), ==, before + 1);

  {
    g_autoptr(JsonNode) reply = civic_test_request (f->server, "POST", "/api/v1/posts", bob,
                                                    "{\"body\": \"same key, other path\"}", NULL, &status,
                                                    "Idempotency-Key", "3f1c0d2e-retry", NULL);

    g_assert_cmpuint (status, ==, 422);
    g_assert_nonnull (strstr (civic_test_last_body (), "different request"));
  }
  g_assert_cmpuint (count_cases (f), ==, before + 1);
}

/* Deleting a post through the API leaves a tombstone in the feed. */
static void
test_api_delete_tombstone (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) made = NULL;
  g_autoptr(JsonNode) gone = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tomb = NULL;
  JsonObject *post;
  guint status = 0;
  gint64 id;
  Catchup c;

  made = civic_test_request (f->server, "POST", "/api/v1/posts", f->token, "{\"body\": \"a short-lived #post\"}",
                             NULL, &status, NULL);
  g_assert_cmpuint (status / 100, ==, 2);
  post = json_object_has_member (json_node_get_object (made), "post")
    ? json_object_get_object_member (json_node_get_object (made), "post") : json_node_get_object (made);
  id = json_object_get_int_member (post, "id");

  catchup_init (&c);
  catchup_all (&c, f->server, f->token, 1000);
  path = g_strdup_printf ("/api/v1/posts/%" G_GINT64_FORMAT, id);
  gone = civic_test_request (f->server, "DELETE", path, f->token, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status / 100, ==, 2);
  catchup_all (&c, f->server, f->token, 1000);
  tomb = g_strdup_printf ("tombstone:post:%" G_GINT64_FORMAT, id);
  g_assert_true (g_hash_table_contains (c.seen, tomb));
  catchup_clear (&c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/changes/bad-parameters", Fixture, NULL, fixture_setup, test_bad_parameters, fixture_teardown);
  g_test_add ("/changes/first-sync", Fixture, NULL, fixture_setup, test_first_sync, fixture_teardown);
  g_test_add ("/changes/paging-inside-one-seq", Fixture, NULL, fixture_setup, test_paging_inside_one_seq, fixture_teardown);
  g_test_add ("/changes/every-seq-once", Fixture, NULL, fixture_setup, test_every_seq_once, fixture_teardown);
  g_test_add ("/changes/tombstones-and-privacy", Fixture, NULL, fixture_setup, test_tombstones_and_privacy, fixture_teardown);
  g_test_add ("/changes/complete-after-concurrent-writes", Fixture, NULL, fixture_setup,
              test_complete_after_concurrent_writes, fixture_teardown);
  g_test_add ("/changes/complete-after-concurrent-api-writes", Fixture, NULL, fixture_setup,
              test_complete_after_concurrent_api_writes, fixture_teardown);
  g_test_add ("/changes/idempotent-retry", Fixture, NULL, fixture_setup, test_idempotent_retry, fixture_teardown);
  g_test_add ("/changes/api-delete-tombstone", Fixture, NULL, fixture_setup, test_api_delete_tombstone,
              fixture_teardown);
  return g_test_run ();
}
