/* test-open311-client.c: plain Open311 mode against the real server's
 * /open311/v2/ and against real cities' captures
 *
 * The cities are a tiny SoupServer that serves the fixture files as a
 * foreign endpoint would: filtered by start_date/end_date, capped, and
 * without paging or updated_after, so the window walk is what runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <libsoup/soup.h>
#include <sqlite3.h>

#include "civic-error.h"
#include "civic-store.h"
#include "civic-test-pg.h"
#include "civic-test-util.h"
#include "open311/civic-open311-client.h"

#define TOKEN_SERVICE "elder-abuse"
#define ALL_TYPES_SERVICE "illegal-tree-damage"

static const char all_types_attributes[] =
  "[{\"variable\":true,\"code\":\"where\",\"datatype\":\"string\",\"required\":true,"
  "\"datatype_description\":\"\",\"order\":1,\"description\":\"Where exactly?\",\"values\":[]},"
  "{\"variable\":true,\"code\":\"trees\",\"datatype\":\"number\",\"required\":false,"
  "\"datatype_description\":\"\",\"order\":2,\"description\":\"How many trees\",\"values\":[]},"
  "{\"variable\":true,\"code\":\"seen\",\"datatype\":\"datetime\",\"required\":false,"
  "\"datatype_description\":\"\",\"order\":3,\"description\":\"When was it seen\",\"values\":[]},"
  "{\"variable\":true,\"code\":\"story\",\"datatype\":\"text\",\"required\":false,"
  "\"datatype_description\":\"\",\"order\":4,\"description\":\"What happened\",\"values\":[]},"
  "{\"variable\":true,\"code\":\"size\",\"datatype\":\"singlevaluelist\",\"required\":true,"
  "\"datatype_description\":\"\",\"order\":5,\"description\":\"How big\","
  "\"values\":[{\"key\":\"small\",\"name\":\"Small\"},{\"key\":\"large\",\"name\":\"Large\"}]},"
  "{\"variable\":true,\"code\":\"damage\",\"datatype\":\"multivaluelist\",\"required\":false,"
  "\"datatype_description\":\"\",\"order\":6,\"description\":\"What is damaged\","
  "\"values\":[{\"key\":\"bark\",\"name\":\"Bark\"},{\"key\":\"roots\",\"name\":\"Roots\"},"
  "{\"key\":\"limbs\",\"name\":\"Limbs\"}]},"
  "{\"variable\":false,\"code\":\"notice\",\"datatype\":\"text\",\"required\":false,"
  "\"datatype_description\":\"\",\"order\":7,\"description\":\"Call 911 if a tree is falling\",\"values\":[]}]";

typedef struct
{
  char            *dir;
  char            *server_db;
  char            *api_key;
  CivicTestServer *server;
  char            *endpoint;
  CivicStore      *store;
} Fixture;

/* The server's database: its SQLite file, or under suite server-pg its
 * PostgreSQL database (civic-test-pg.c). */
static void
server_sql (const char *db_path,
            const char *sql)
{
  g_free (civic_test_sql (db_path, sql));
}

static char *
server_sql_text (const char *db_path,
                 const char *sql)
{
  return civic_test_sql (db_path, sql);
}

static void
run_cli (char **out,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autofree char *ignored = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status;
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("CIVIC_SERVER_BIN"));
  va_start (ap, out);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  /* stdout is captured even when unused: it would break the TAP stream */
  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out != NULL ? out : &ignored,
                &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", (char *) args->pdata[1], err);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *key_out = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = civic_test_mkdtemp ();
  {
    g_autofree char *path = g_build_filename (f->dir, "server.db", NULL);

    f->server_db = civic_test_db_uri (path);
  }
  run_cli (NULL, "seed-demo", "--db", f->server_db, "--cases", "300", "--data", g_getenv ("CIVIC_FIXTURES"), NULL);
  run_cli (&key_out, "api-key", "add", "--db", f->server_db, "--name", "test", NULL);
  f->api_key = g_strdup (g_strstrip (key_out));
  g_assert_cmpuint (strlen (f->api_key), >, 8);
  /* a service answering with a token, and one asking every datatype */
  server_sql (f->server_db, "UPDATE services SET uses_token = 1 WHERE code = '" TOKEN_SERVICE "'");
  sql = g_strdup_printf ("UPDATE services SET attributes = '%s', metadata = 1 WHERE code = '" ALL_TYPES_SERVICE "'",
                         all_types_attributes);
  server_sql (f->server_db, sql);
  f->server = civic_test_server_start (f->server_db, NULL);
  f->endpoint = g_strconcat (f->server->base_url, "open311/v2/", NULL);
  store_path = g_build_filename (f->dir, "desk.db", NULL);
  f->store = civic_store_open (store_path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  civic_test_server_stop (f->server);
  civic_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->server_db);
  g_free (f->api_key);
  g_free (f->endpoint);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static guint
pull (CivicOpen311Client *client,
      GCancellable       *cancellable,
      GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  guint n = 0;

  civic_open311_client_pull_async (client, cancellable, store_result_cb, &result);
  civic_open311_client_pull_finish (client, wait_result (&result), &n, error);
  return n;
}

static guint
pull_services (CivicOpen311Client *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  civic_open311_client_pull_services_async (client, NULL, store_result_cb, &result);
  civic_open311_client_pull_services_finish (client, wait_result (&result), &n, &error);
  g_assert_no_error (error);
  return n;
}

static CivicCase *
submit (CivicOpen311Client     *client,
        CivicOpen311Submission *sub,
        GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  civic_open311_client_submit_async (client, sub, NULL, store_result_cb, &result);
  return civic_open311_client_submit_finish (client, wait_result (&result), error);
}

static gint64
count_cases (CivicStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 n = civic_store_count_cases (store, NULL, &error);

  g_assert_no_error (error);
  return n;
}

/* ---- against our own server ----------------------------------------------- */

static void
test_pull_pages (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CivicOpen311Client) client = civic_open311_client_new (f->endpoint, NULL, NULL, f->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *pending = NULL;
  guint n;

  civic_open311_client_set_page_size (client, 50);
  n = pull (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 300);
  g_assert_cmpint (count_cases (f->store), ==, 300);
  mode = civic_store_get_meta (f->store, CIVIC_OPEN311_META_MODE, NULL);
  g_assert_cmpstr (mode, ==, "pages");
  pending = civic_store_get_meta (f->store, CIVIC_OPEN311_META_PULL, NULL);
  g_assert_null (pending);

  /* the next pull asks only for what changed since: a page, not six */
  n = pull (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, <, 50);
  g_assert_cmpint (count_cases (f->store), ==, 300);

  /* what the desk adds stays on the desk, through a full re-pull */
  {
    g_autoptr(GArray) ids = civic_store_query_case_ids (f->store, NULL, NULL, 0, 1, &error);
    g_autoptr(CivicCase) kase = civic_store_get_case_by_id (f->store, g_array_index (ids, gint64, 0), &error);
    g_autoptr(CivicCase) again = NULL;
    g_autoptr(GPtrArray) outbox = NULL;
    const char *tags[] = { "streetlights", "followup", NULL };

    g_assert_no_error (error);
    civic_case_set_tags (kase, tags);
    civic_case_set_assignee (kase, "advocate");
    g_assert_true (civic_store_put_case (f->store, kase, &error));
    g_assert_true (civic_store_set_meta (f->store, CIVIC_OPEN311_META_CURSOR, NULL, &error));
    n = pull (client, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, 300);
    again = civic_store_get_case (f->store, civic_case_get_service_request_id (kase), &error);
    g_assert_cmpstrv (civic_case_get_tags (again), tags);
    g_assert_cmpstr (civic_case_get_assignee (again), ==, "advocate");
    /* local-only: nothing waits to go to a staff API */
    outbox = civic_store_outbox_peek (f->store, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (outbox->len, ==, 0);
  }
}

static void
test_services (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CivicOpen311Client) client = civic_open311_client_new (f->endpoint, NULL, NULL, f->store);
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(CivicOpen311Definition) def = NULL;
  g_autoptr(GError) error = NULL;
  guint i, seen = 0;

  g_assert_cmpuint (pull_services (client), ==, 62);
  services = civic_store_list_services (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 62);
  def = civic_open311_client_lookup_definition (client, ALL_TYPES_SERVICE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (def->attributes->len, ==, 7);
  for (i = 0; i < def->attributes->len; i++)
    seen |= 1u << ((CivicOpen311Attribute *) g_ptr_array_index (def->attributes, i))->datatype;
  g_assert_cmphex (seen, ==, 0x3f);
  g_clear_pointer (&def, civic_open311_definition_free);
  def = civic_open311_client_lookup_definition (client, "no-such-service", &error);
  g_assert_null (def);
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND);
}

static void
test_submit_every_datatype (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(CivicOpen311Client) client = civic_open311_client_new (f->endpoint, NULL, f->api_key, f->store);
  g_autoptr(CivicOpen311Submission) sub = civic_open311_submission_new ();
  g_autoptr(CivicCase) kase = NULL;
  g_autoptr(CivicCase) local = NULL;
  g_autoptr(JsonNode) remote = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *attributes = NULL;
  JsonObject *o;
  guint status;

  pull_services (client);
  sub->service_code = g_strdup (ALL_TYPES_SERVICE);
  sub->has_location = TRUE;
  sub->lat = 40.7128;
  sub->lon = -74.006;
  sub->description = g_strdup ("Bark stripped from two street trees");
  sub->email = g_strdup ("resident@example.org");
  sub->first_name = g_strdup ("Ana");
  sub->last_name = g_strdup ("Ruiz");

  /* a required answer missing is refused before anything is sent */
  civic_open311_answers_add (sub->attributes, "size", "large");
  kase = submit (client, sub, &error);
  g_assert_null (kase);
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Where exactly?"));
  g_clear_error (&error);

  civic_open311_answers_add (sub->attributes, "where", "In front of no. 12");
  civic_open311_answers_add (sub->attributes, "trees", "2");
  civic_open311_answers_add (sub->attributes, "seen", "2026-05-04T09:30:00-05:00");
  civic_open311_answers_add (sub->attributes, "story", "Two trees,\nboth on the north side & near the school");
  civic_open311_answers_add (sub->attributes, "damage", "bark");
  civic_open311_answers_add (sub->attributes, "damage", "limbs");
  kase = submit (client, sub, &error);
  g_assert_no_error (error);
  g_assert_nonnull (civic_case_get_service_request_id (kase));

  /* in the local store … */
  local = civic_store_get_case (f->store, civic_case_get_service_request_id (kase), &error);
  g_assert_no_error (error);
  g_assert_nonnull (local);
  g_assert_cmpstr (civic_case_get_service_code (local), ==, ALL_TYPES_SERVICE);
  g_assert_cmpfloat_with_epsilon (civic_case_get_lat (local), 40.7128, 1e-6);

  /* … and on the server, with every answer */
  path = g_strdup_printf ("/open311/v2/requests/%s.json", civic_case_get_service_request_id (kase));
  remote = civic_test_request (f->server, "GET", path, NULL, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  o = json_array_get_object_element (json_node_get_array (remote), 0);
  g_assert_cmpstr (json_object_get_string_member (o, "service_request_id"), ==,
                   civic_case_get_service_request_id (kase));
  g_assert_cmpstr (json_object_get_string_member (o, "description"), ==, "Bark stripped from two street trees");
  sql = g_strdup_printf ("SELECT attributes FROM cases WHERE request_id = '%s'", civic_case_get_service_request_id (kase));
  attributes = server_sql_text (f->server_db, sql);
  g_assert_nonnull (strstr (attributes, "\"where\":\"In front of no. 12\""));
  g_assert_nonnull (strstr (attributes, "\"trees\":\"2\""));
  g_assert_nonnull (strstr (attributes, "\"seen\":\"2026-05-04T09:30:00-05:00\""));
  g_assert_nonnull (strstr (attributes, "north side & near"));
  g_assert_nonnull (strstr (attributes, "\"size\":\"large\""));
  g_assert_nonnull (strstr (attributes, "\"damage\":[\"bark\",\"limbs\"]"));
}

static void
test_submit_refusals (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CivicOpen311Client) keyless = civic_open311_client_new (f->endpoint, NULL, "not-a-key", f->store);
  g_autoptr(CivicOpen311Submission) sub = civic_open311_submission_new ();
  g_autoptr(CivicCase) kase = NULL;
  g_autoptr(GError) error = NULL;

  sub->service_code = g_strdup (TOKEN_SERVICE);
  kase = submit (keyless, sub, &error);
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "location"));
  g_clear_error (&error);

  sub->address_string = g_strdup ("12 Main St");
  kase = submit (keyless, sub, &error);
  g_assert_null (kase);
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "api"));
}

static void
test_submit_token (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CivicOpen311Client) client = civic_open311_client_new (f->endpoint, NULL, f->api_key, f->store);
  g_autoptr(CivicOpen311Submission) sub = civic_open311_submission_new ();
  g_autoptr(CivicCase) kase = NULL;
  g_autoptr(CivicCase) local = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *token = NULL;

  sub->service_code = g_strdup (TOKEN_SERVICE);
  sub->address_string = g_strdup ("12 Main St");
  sub->description = g_strdup ("Neighbour needs a welfare check");
  kase = submit (client, sub, &error);
  g_assert_no_error (error);
  local = civic_store_get_case (f->store, civic_case_get_service_request_id (kase), &error);
  g_assert_no_error (error);
  g_assert_nonnull (local);
  /* the id came through the token */
  sql = g_strdup_printf ("SELECT token FROM cases WHERE request_id = '%s'", civic_case_get_service_request_id (kase));
  token = server_sql_text (f->server_db, sql);
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), >, 0);
}

typedef struct
{
  GCancellable *cancellable;
  guint         cancel_at;
} CancelAt;

static void
progress_cb (CivicOpen311Client *client,
             guint               stored,
             gpointer            data)
{
  CancelAt *c = data;

  if (stored >= c->cancel_at)
    g_cancellable_cancel (c->cancellable);
}

static void
test_pull_resume (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CivicOpen311Client) first = civic_open311_client_new (f->endpoint, NULL, NULL, f->store);
  g_autoptr(CivicOpen311Client) second = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pending = NULL;
  CancelAt c = { cancellable, 60 };
  gint64 done_pages;
  guint n;

  civic_open311_client_set_page_size (first, 20);
  g_signal_connect (first, "progress", G_CALLBACK (progress_cb), &c);
  pull (first, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  pending = civic_store_get_meta (f->store, CIVIC_OPEN311_META_PULL, NULL);
  g_assert_nonnull (pending);
  g_assert_true (g_str_has_prefix (pending, "mode=pages;"));
  done_pages = g_ascii_strtoll (strstr (pending, "page=") + 5, NULL, 10) - 1;
  g_assert_cmpint (done_pages, >=, 3);
  g_assert_cmpint (done_pages, <, 15);
  g_assert_cmpint (count_cases (f->store), ==, done_pages * 20);

  /* a new desk on the same store continues from the saved page */
  second = civic_open311_client_new (f->endpoint, NULL, NULL, f->store);
  civic_open311_client_set_page_size (second, 20);
  n = pull (second, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 300 - done_pages * 20);
  g_assert_cmpuint (civic_open311_client_get_requests_made (second), ==, 15 - done_pages + 1);
  g_assert_cmpint (count_cases (f->store), ==, 300);
}

/* ---- real cities' captures ------------------------------------------------ */

typedef struct
{
  const char *requests_file;   /* served at requests.json, NULL: none */
  const char *requests_xml;    /* served at requests.xml, NULL: none */
  const char *services_file;   /* served at services.json or .xml by its name */
  const char *definition_code; /* served at services/CODE.xml from dc-services-S0301.xml */
  guint       cap;
  guint       hits;
  guint       full_answers;
  guint       token_polls;   /* tokens answered 404 before the id is known */
  char       *posted;        /* the last POST body */
} City;

static GBytes *
fixture_bytes (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("CIVIC_FIXTURES"), "open311", name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* The requests of @file requested within the query's dates, at most cap. */
static char *
city_requests (City       *city,
               GHashTable *params)
{
  g_autoptr(GBytes) bytes = fixture_bytes (city->requests_file);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) out = json_node_new (JSON_NODE_ARRAY);
  JsonArray *all, *kept = json_array_new ();
  const char *from = params != NULL ? g_hash_table_lookup (params, "start_date") : NULL;
  const char *to = params != NULL ? g_hash_table_lookup (params, "end_date") : NULL;
  gint64 start = G_MININT64, end = G_MAXINT64;
  guint i;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  all = json_node_get_array (json_parser_get_root (parser));
  if (from != NULL)
    g_assert_true (civic_open311_parse_datetime (from, NULL, &start));
  if (to != NULL)
    g_assert_true (civic_open311_parse_datetime (to, NULL, &end));
  /* what Open311 allows, and what a foreign city would refuse */
  if (from != NULL && to != NULL)
    g_assert_cmpint (end - start, <=, (gint64) 90 * 24 * 3600);
  for (i = 0; i < json_array_get_length (all); i++)
    {
      JsonObject *o = json_array_get_object_element (all, i);
      gint64 t = 0;

      civic_open311_parse_datetime (json_object_get_string_member (o, "requested_datetime"), NULL, &t);
      if (t >= start && t <= end && (city->cap == 0 || json_array_get_length (kept) < city->cap))
        json_array_add_element (kept, json_array_dup_element (all, i));
    }
  if (city->cap > 0 && json_array_get_length (kept) == city->cap)
    city->full_answers++;
  json_node_take_array (out, kept);
  json_generator_set_root (gen, out);
  return json_generator_to_data (gen, NULL);
}

static void
city_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  City *city = data;
  g_autoptr(GBytes) body = NULL;
  const char *name = path + 1;
  g_autofree char *def_path = city->definition_code != NULL
                              ? g_strdup_printf ("services/%s.xml", city->definition_code) : NULL;

  city->hits++;
  if (g_str_equal (soup_server_message_get_method (msg), "POST") && g_str_equal (name, "requests.json"))
    {
      static const char token[] = "[{\"token\": \"tok-1\"}]";
      SoupMessageBody *request = soup_server_message_get_request_body (msg);

      g_free (city->posted);
      city->posted = g_strndup (request->data, request->length);
      body = g_bytes_new_static (token, strlen (token));
    }
  else if (g_str_equal (name, "tokens/tok-1.json"))
    {
      static const char named[] = "[{\"service_request_id\": 777, \"token\": \"tok-1\"}]";

      /* the city takes a while to give the request its number */
      if (city->token_polls > 0)
        city->token_polls--;
      else
        body = g_bytes_new_static (named, strlen (named));
    }
  else if (city->requests_file != NULL && g_str_equal (name, "requests.json"))
    {
      char *text = city_requests (city, query);

      body = g_bytes_new_take (text, strlen (text));
    }
  else if (city->requests_xml != NULL && g_str_equal (name, "requests.xml"))
    body = g_bytes_new_static (city->requests_xml, strlen (city->requests_xml));
  else if (city->services_file != NULL && g_str_has_prefix (name, "services.") &&
           g_str_has_suffix (city->services_file, name + strlen ("services")))
    body = fixture_bytes (city->services_file);
  else if (def_path != NULL && g_str_equal (name, def_path))
    body = fixture_bytes ("dc-services-S0301.xml");

  if (body == NULL)
    {
      static const char missing[] = "[{\"code\":404,\"description\":\"not found\"}]";

      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, missing, strlen (missing));
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, g_str_has_suffix (name, ".xml") ? "text/xml" : "application/json",
                                    SOUP_MEMORY_COPY, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static SoupServer *
city_start (City  *city,
            char **url)
{
  SoupServer *server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  soup_server_add_handler (server, NULL, city_cb, city, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return server;
}

static CivicStore *
temp_store (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  CivicStore *store = civic_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static gint64
at (const char *w3)
{
  gint64 t = 0;

  g_assert_true (civic_open311_parse_datetime (w3, NULL, &t));
  return t;
}

static void
test_city_chicago (void)
{
  City city = { "chicago_requests.json", NULL, NULL, NULL, 0, 0, 0, 0, NULL };
  g_autofree char *dir = civic_test_mkdtemp ();
  g_autofree char *url = NULL;
  g_autofree char *mode = NULL;
  g_autoptr(SoupServer) server = city_start (&city, &url);
  g_autoptr(CivicStore) store = temp_store (dir, "chicago.db");
  g_autoptr(CivicOpen311Client) client = civic_open311_client_new (url, "cityofchicago.org", NULL, store);
  g_autoptr(CivicCase) kase = NULL;
  g_autoptr(GError) error = NULL;

  civic_open311_client_set_since (client, at ("2014-01-01T00:00:00Z"));
  g_assert_cmpuint (pull (client, NULL, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpint (count_cases (store), ==, 2);
  mode = civic_store_get_meta (store, CIVIC_OPEN311_META_MODE, NULL);
  g_assert_cmpstr (mode, ==, "windows");
  kase = civic_store_get_case (store, "14-01100627", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (civic_case_get_status_notes (kase), ==, "Locked");
  soup_server_disconnect (server);
  civic_test_rm_rf (dir);
}

static void
test_city_bloomington_capped (void)
{
  City city = { "bloomington_requests.json", NULL, "bloomington_services.json", NULL, 8, 0, 0, 0, NULL };
  g_autofree char *dir = civic_test_mkdtemp ();
  g_autofree char *url = NULL;
  g_autoptr(SoupServer) server = city_start (&city, &url);
  g_autoptr(CivicStore) store = temp_store (dir, "bloomington.db");
  g_autoptr(CivicOpen311Client) client = civic_open311_client_new (url, NULL, NULL, store);
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;

  civic_open311_client_set_since (client, at ("2012-01-01T00:00:00Z"));
  civic_open311_client_set_page_cap (client, 8);
  g_assert_cmpuint (pull (client, NULL, &error), >=, 21);
  g_assert_no_error (error);
  /* every request arrived although no answer holds more than 8 */
  g_assert_cmpint (count_cases (store), ==, 21);
  g_assert_cmpuint (city.full_answers, >, 0);

  /* metadata=true services whose definitions the city does not publish */
  g_assert_cmpuint (pull_services (client), ==, 46);
  services = civic_store_list_services (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 46);
  soup_server_disconnect (server);
  civic_test_rm_rf (dir);
}

static const char dc_requests_xml[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?><service_requests>"
  "<request><service_request_id>13-00001</service_request_id><status>Open</status>"
  "<service_code>S0301</service_code><service_name>Pothole</service_name>"
  "<requested_datetime>2013-03-01T10:00:00</requested_datetime><lat>38.9</lat><long>-77.03</long>"
  "<media_url></media_url></request>"
  "<request><service_request_id>13-00002</service_request_id><status>CLOSED</status>"
  "<service_code>S0301</service_code><requested_datetime>2013-03-02T10:00:00-05:00</requested_datetime>"
  "<lat>0</lat><long>0</long></request></service_requests>";

static void
test_city_dc_xml (void)
{
  City city = { NULL, dc_requests_xml, "dc-services.xml", "S0301", 0, 0, 0, 0, NULL };
  g_autofree char *dir = civic_test_mkdtemp ();
  g_autofree char *url = NULL;
  g_autofree char *format = NULL;
  g_autoptr(SoupServer) server = city_start (&city, &url);
  g_autoptr(CivicStore) store = temp_store (dir, "dc.db");
  g_autoptr(CivicOpen311Client) client = civic_open311_client_new (url, NULL, NULL, store);
  g_autoptr(CivicOpen311Definition) def = NULL;
  g_autoptr(CivicCase) kase = NULL;
  g_autoptr(GError) error = NULL;

  civic_open311_client_set_time_zone (client, "America/New_York");
  g_assert_cmpuint (pull_services (client), ==, 86);
  format = civic_store_get_meta (store, CIVIC_OPEN311_META_FORMAT, NULL);
  g_assert_cmpstr (format, ==, "xml");
  def = civic_open311_client_lookup_definition (client, "S0301", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (def->attributes->len, ==, 6);

  civic_open311_client_set_since (client, at ("2013-01-01T00:00:00Z"));
  pull (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_cases (store), ==, 2);
  kase = civic_store_get_case (store, "13-00001", &error);
  g_assert_no_error (error);
  /* no zone: read in the city's (EST in March) */
  g_assert_cmpint (civic_case_get_requested_datetime (kase), ==, at ("2013-03-01T15:00:00Z"));
  g_clear_object (&kase);
  kase = civic_store_get_case (store, "13-00002", &error);
  g_assert_cmpint (civic_case_get_state (kase), ==, CIVIC_CASE_STATE_CLOSED);
  g_assert_cmpfloat (civic_case_get_lat (kase), ==, 0.0);
  soup_server_disconnect (server);
  civic_test_rm_rf (dir);
}

static void
test_city_token_backoff (void)
{
  City city = { "chicago_requests.json", NULL, NULL, NULL, 0, 0, 0, 3, NULL };
  g_autofree char *dir = civic_test_mkdtemp ();
  g_autofree char *url = NULL;
  g_autoptr(SoupServer) server = city_start (&city, &url);
  g_autoptr(CivicStore) store = temp_store (dir, "token.db");
  g_autoptr(CivicOpen311Client) client = civic_open311_client_new (url, "cityofchicago.org", "key 1&2", store);
  g_autoptr(CivicOpen311Submission) sub = civic_open311_submission_new ();
  g_autoptr(CivicCase) kase = NULL;
  g_autoptr(CivicCase) local = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  sub->service_code = g_strdup ("4ffa9cad6018277d4000007b");
  sub->address_string = g_strdup ("1540 W 17th St");
  sub->description = g_strdup ("Alley light out");
  civic_open311_answers_add (sub->attributes, "one", "a");
  civic_open311_answers_add (sub->attributes, "many", "x");
  civic_open311_answers_add (sub->attributes, "many", "y");
  kase = submit (client, sub, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (civic_case_get_service_request_id (kase), ==, "777");
  /* three 404s waited out with growing pauses: 0.25 + 0.5 + 1 s */
  g_assert_cmpuint (city.token_polls, ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 1700 * 1000);
  /* the form: key and jurisdiction, one location, attribute[code] and [code][] */
  g_assert_nonnull (strstr (city.posted, "api_key=key%201%262"));
  g_assert_nonnull (strstr (city.posted, "jurisdiction_id=cityofchicago.org"));
  g_assert_nonnull (strstr (city.posted, "address_string=1540%20W%2017th%20St"));
  g_assert_null (strstr (city.posted, "lat="));
  g_assert_nonnull (strstr (city.posted, "attribute[one]=a"));
  g_assert_nonnull (strstr (city.posted, "attribute[many][]=x&attribute[many][]=y"));
  /* the city does not show the new request yet: the desk keeps what it sent */
  local = civic_store_get_case (store, "777", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (civic_case_get_address (local), ==, "1540 W 17th St");
  g_free (city.posted);
  soup_server_disconnect (server);
  civic_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/open311/client/pull-pages", Fixture, NULL, fixture_setup, test_pull_pages, fixture_teardown);
  g_test_add ("/open311/client/services", Fixture, NULL, fixture_setup, test_services, fixture_teardown);
  g_test_add ("/open311/client/submit-every-datatype", Fixture, NULL, fixture_setup, test_submit_every_datatype,
              fixture_teardown);
  g_test_add ("/open311/client/submit-refusals", Fixture, NULL, fixture_setup, test_submit_refusals, fixture_teardown);
  g_test_add ("/open311/client/submit-token", Fixture, NULL, fixture_setup, test_submit_token, fixture_teardown);
  g_test_add ("/open311/client/pull-resume", Fixture, NULL, fixture_setup, test_pull_resume, fixture_teardown);
  g_test_add_func ("/open311/city/chicago", test_city_chicago);
  g_test_add_func ("/open311/city/bloomington-capped", test_city_bloomington_capped);
  g_test_add_func ("/open311/city/dc-xml", test_city_dc_xml);
  g_test_add_func ("/open311/city/token-backoff", test_city_token_backoff);
  return g_test_run ();
}
