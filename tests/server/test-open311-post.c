/* test-open311-post.c: Open311 writes and refusals — POST requests with
 * every location kind, api keys, attribute validation for every datatype,
 * the description limit, tokens, reporter privacy, jurisdiction — and the
 * import's handling of bad records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "open311-test-helpers.h"

typedef O311Fixture Fixture;

/* A definition with every datatype (and one no standard knows), saved
 * under a file name that names its service. */
static const char all_types[] =
  "{\"attributes\": ["
  "{\"variable\": true, \"code\": \"TAG\", \"datatype\": \"string\", \"required\": true, \"order\": 1,"
  " \"description\": \"Plate or tag\", \"datatype_description\": \"\", \"values\": []},"
  "{\"variable\": true, \"code\": \"COUNT\", \"datatype\": \"number\", \"required\": false, \"order\": 2,"
  " \"description\": \"How many\"},"
  "{\"variable\": true, \"code\": \"SEEN\", \"datatype\": \"datetime\", \"required\": false, \"order\": 3,"
  " \"description\": \"When seen\"},"
  "{\"variable\": true, \"code\": \"NOTE\", \"datatype\": \"text\", \"required\": false, \"order\": 4,"
  " \"description\": \"Anything else\"},"
  "{\"variable\": \"true\", \"code\": \"KIND\", \"datatype\": \"singlevaluelist\", \"required\": \"false\", \"order\": \"5\","
  " \"description\": \"Kind\", \"values\": [{\"key\": \"car\", \"name\": \"Car\"}, {\"key\": 2, \"name\": \"Truck\"}]},"
  "{\"variable\": true, \"code\": \"WHERE\", \"datatype\": \"multivaluelist\", \"required\": false, \"order\": 6,"
  " \"description\": \"Where\", \"values\": [{\"key\": \"x\", \"name\": \"Street\"}, {\"key\": \"y\", \"name\": \"Alley\"},"
  " {\"key\": \"z\", \"name\": \"Sidewalk\"}]},"
  "{\"variable\": true, \"code\": \"ODD\", \"datatype\": \"Boolean\", \"required\": false, \"order\": 7,"
  " \"description\": \"A type no standard knows\"}"
  "]}";

static const char services[] =
  "[{\"service_code\": \"TOKENSVC\", \"service_name\": \"Batch service\", \"type\": \"batch\", \"metadata\": false},"
  " {\"service_code\": 77, \"service_name\": \"Numbered service\", \"metadata\": \"false\"}]";

#define BASE "service_code=ALLTYPES&attribute[TAG]=ABC123"

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *defs = NULL;
  g_autofree char *list = NULL;
  g_autofree char *out = NULL;

  f->dir = civic_test_mkdtemp ();
  f->db = g_build_filename (f->dir, "server.db", NULL);
  defs = g_build_filename (f->dir, "city-ALLTYPES.json", NULL);
  list = g_build_filename (f->dir, "services.json", NULL);
  g_assert_true (g_file_set_contents (defs, all_types, -1, NULL));
  g_assert_true (g_file_set_contents (list, services, -1, NULL));
  out = o311_run (0, NULL, "import-open311", "--db", f->db, list, defs, NULL);
  g_assert_cmpstr (out, ==, "imported 2 services, 1 definitions, 0 requests, skipped 0\n");
  g_free (civic_test_sql (f->db, "UPDATE services SET uses_token = 1 WHERE code = 'TOKENSVC'"));
  o311_fixture_start (f);
}

/* POSTs api_key=KEY&@form; returns the reply, sets @status. */
static JsonNode *
submit (Fixture *f, const char *path, const char *form, guint *status)
{
  g_autofree char *body = g_strdup_printf ("api_key=%s&%s", f->key, form);

  return o311_post (f->server, path, body, status);
}

static char *
submit_ok (Fixture *f, const char *form)
{
  guint status = 0;
  g_autoptr(JsonNode) reply = submit (f, "/open311/v2/requests.json", form, &status);
  JsonObject *o;

  if (status != 200)
    g_error ("POST %s: %u %s", form, status, civic_test_last_body ());
  o = json_array_get_object_element (json_node_get_array (reply), 0);
  return g_strdup (json_object_get_string_member (o, "service_request_id"));
}

static void
expect_refused (Fixture *f, const char *form, guint expected, const char *words)
{
  guint status = 0;
  g_autoptr(JsonNode) reply = submit (f, "/open311/v2/requests.json", form, &status);
  const char *description;

  if (status != expected)
    g_error ("POST %s: expected %u, got %u %s", form, expected, status, civic_test_last_body ());
  description = o311_error_description (reply);
  if (words != NULL && strstr (description, words) == NULL)
    g_error ("POST %s: “%s” does not mention “%s”", form, description, words);
}

static JsonObject *
get_one (Fixture *f, const char *id, JsonNode **keep)
{
  g_autofree char *path = g_strdup_printf ("/open311/v2/requests/%s.json", id);
  guint status = 0;

  *keep = o311_get (f->server, path, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_array_get_object_element (json_node_get_array (*keep), 0);
}

static void
test_locations (Fixture *f, gconstpointer data)
{
  g_autofree char *by_point = submit_ok (f, BASE "&lat=41.8781&long=-87.6298&description=Car+parked+for+weeks");
  g_autofree char *by_address = NULL;
  g_autofree char *by_id = submit_ok (f, BASE "&address_id=PARCEL-991&device_id=phone-77");
  g_autofree char *channel_web = NULL;
  g_autofree char *channel_mobile = NULL;
  g_autoptr(JsonNode) r1 = NULL, r2 = NULL, r3 = NULL, xml_reply = NULL;
  g_autoptr(O311Xml) xml = NULL;
  JsonObject *o;
  guint status = 0;

  xml_reply = submit (f, "/open311/v2/requests.xml", BASE "&address_string=1600+Main+St%2C+Springfield", &status);
  g_assert_cmpuint (status, ==, 200);
  xml = o311_xml_parse (civic_test_last_body (), "service_requests");
  g_assert_cmpuint (o311_xml_count (xml, "service_request_id"), ==, 1);
  g_assert_cmpuint (o311_xml_count (xml, "service_notice"), ==, 1);
  by_address = g_strdup (o311_xml_text_of (xml, "service_request_id"));
  g_assert_true (g_str_has_prefix (by_address, "311-"));

  o = get_one (f, by_point, &r1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "lat"), 41.8781, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "long"), -87.6298, 1e-6);
  g_assert_cmpstr (json_object_get_string_member (o, "description"), ==, "Car parked for weeks");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (o, "service_code"), ==, "ALLTYPES");
  o = get_one (f, by_address, &r2);
  g_assert_cmpstr (json_object_get_string_member (o, "address"), ==, "1600 Main St, Springfield");
  g_assert_true (json_object_get_null_member (o, "lat"));
  o = get_one (f, by_id, &r3);
  g_assert_cmpstr (json_object_get_string_member (o, "address_id"), ==, "PARCEL-991");

  /* a device id means the citizen used a phone app */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT channel FROM cases WHERE request_id = '%s'", by_point);

    channel_web = civic_test_sql (f->db, sql);
  }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT channel FROM cases WHERE request_id = '%s'", by_id);

    channel_mobile = civic_test_sql (f->db, sql);
  }
  g_assert_cmpstr (channel_web, ==, "web");
  g_assert_cmpstr (channel_mobile, ==, "mobile");
}

static void
test_location_errors (Fixture *f, gconstpointer data)
{
  expect_refused (f, BASE, 400, "location is required");
  expect_refused (f, BASE "&lat=41.1&long=-87.2&address_string=1+Main+St", 400, "only one location");
  expect_refused (f, BASE "&address_string=1+Main+St&address_id=77", 400, "only one location");
  expect_refused (f, BASE "&lat=41.1", 400, "together");
  expect_refused (f, BASE "&lat=200&long=10", 400, "lat");
  expect_refused (f, BASE "&lat=10&long=-181", 400, "long");
  expect_refused (f, BASE "&lat=nan&long=10", 400, "lat");
  expect_refused (f, BASE "&lat=inf&long=10", 400, "lat");
  expect_refused (f, BASE "&lat=41.1abc&long=10", 400, "lat");
}

static void
test_api_key (Fixture *f, gconstpointer data)
{
  g_autofree char *list = NULL;
  g_autofree char *count = NULL;
  g_autofree char *sql = NULL;
  guint status = 0;

  {
    g_autoptr(JsonNode) reply = o311_post (f->server, "/open311/v2/requests.json",
                                           BASE "&address_string=1+Main+St", &status);

    g_assert_cmpuint (status, ==, 403);
    g_assert_nonnull (strstr (o311_error_description (reply), "api_key"));
  }
  {
    g_autoptr(JsonNode) reply = o311_post (f->server, "/open311/v2/requests.xml",
                                           "api_key=forged&" BASE "&address_string=1+Main+St", &status);
    g_autoptr(O311Xml) xml = o311_xml_parse (civic_test_last_body (), "errors");

    g_assert_cmpuint (status, ==, 403);
    g_assert_cmpstr (o311_xml_text_of (xml, "code"), ==, "403");
  }
  count = civic_test_sql (f->db, "SELECT COUNT(*) FROM cases");
  g_assert_cmpstr (count, ==, "0");

  /* keys are listed by name; the key itself is stored only as a hash */
  list = o311_run (0, NULL, "api-key", "list", "--db", f->db, NULL);
  g_assert_nonnull (strstr (list, "test-app"));
  g_assert_null (strstr (list, f->key));
  sql = g_strdup_printf ("SELECT name FROM api_keys WHERE key_hash = '%s'", f->key);
  g_assert_null (civic_test_sql (f->db, sql));
}

static void
test_service_errors (Fixture *f, gconstpointer data)
{
  expect_refused (f, "address_string=1+Main+St", 400, "service_code");
  expect_refused (f, "service_code=NOPE&address_string=1+Main+St", 404, "NOPE");
  /* numeric codes from real exports are strings here */
  g_free (submit_ok (f, "service_code=77&address_string=1+Main+St"));
}

static void
test_attributes (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *stored = NULL;

  /* required */
  expect_refused (f, "service_code=ALLTYPES&address_string=1+Main+St", 400, "attribute[TAG] is required");
  /* number */
  expect_refused (f, BASE "&address_string=x&attribute[COUNT]=several", 400, "number");
  expect_refused (f, BASE "&address_string=x&attribute[COUNT]=1e999", 400, "number");
  /* datetime */
  expect_refused (f, BASE "&address_string=x&attribute[SEEN]=last+tuesday", 400, "date");
  /* single value list */
  expect_refused (f, BASE "&address_string=x&attribute[KIND]=bus", 400, "choices");
  expect_refused (f, BASE "&address_string=x&attribute[KIND]=car&attribute[KIND]=2", 400, "one value");
  /* multi value list */
  expect_refused (f, BASE "&address_string=x&attribute[WHERE][]=x&attribute[WHERE][]=w", 400, "choices");
  /* a question the service does not ask */
  expect_refused (f, BASE "&address_string=x&attribute[COLOUR]=red", 400, "COLOUR");
  expect_refused (f, BASE "&address_string=x&attribute[]=red", 400, "attribute");

  id = submit_ok (f, "service_code=ALLTYPES&address_string=x"
                     "&attribute%5BTAG%5D=ABC+123&attribute[COUNT]=2.5&attribute[SEEN]=2026-05-04T09:30:00-05:00"
                     "&attribute[NOTE]=long+text&attribute[KIND]=2&attribute[WHERE][]=x&attribute[WHERE][]=z"
                     "&attribute[ODD]=anything");
  sql = g_strdup_printf ("SELECT attributes FROM cases WHERE request_id = '%s'", id);
  stored = civic_test_sql (f->db, sql);
  g_assert_cmpstr (stored, ==,
                   "{\"TAG\":\"ABC 123\",\"COUNT\":\"2.5\",\"SEEN\":\"2026-05-04T09:30:00-05:00\","
                   "\"NOTE\":\"long text\",\"KIND\":\"2\",\"WHERE\":[\"x\",\"z\"],\"ODD\":\"anything\"}");

  /* an unknown datatype is served as a string */
  {
    guint status = 0;
    g_autoptr(JsonNode) def = o311_get (f->server, "/open311/v2/services/ALLTYPES.json", &status);
    JsonArray *attrs = json_object_get_array_member (json_node_get_object (def), "attributes");

    g_assert_cmpuint (json_array_get_length (attrs), ==, 7);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attrs, 6), "datatype"), ==, "string");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attrs, 4), "datatype"), ==,
                     "singlevaluelist");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (json_array_get_object_element (attrs, 4), "values"), 1), "key"),
                     ==, "2");
  }
}

static void
test_description_limit (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) form = g_string_new (BASE "&address_string=x&description=");
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *id = NULL;
  JsonObject *o;
  guint i;

  /* 4,000 characters of two bytes each are within the limit */
  for (i = 0; i < 4000; i++)
    g_string_append (form, "%C3%A9");
  id = submit_ok (f, form->str);
  o = get_one (f, id, &back);
  g_assert_cmpint (g_utf8_strlen (json_object_get_string_member (o, "description"), -1), ==, 4000);

  g_string_assign (form, BASE "&address_string=x&description=");
  for (i = 0; i < 4001; i++)
    g_string_append_c (form, 'a');
  expect_refused (f, form->str, 400, "4000");
}

static void
test_token (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) lookup = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xml_path = NULL;
  JsonObject *o;
  guint status = 0;

  reply = submit (f, "/open311/v2/requests.json", "service_code=TOKENSVC&lat=1&long=2", &status);
  g_assert_cmpuint (status, ==, 200);
  o = json_array_get_object_element (json_node_get_array (reply), 0);
  g_assert_false (json_object_has_member (o, "service_request_id"));
  token = g_strdup (json_object_get_string_member (o, "token"));
  g_assert_nonnull (token);

  path = g_strdup_printf ("/open311/v2/tokens/%s.json", token);
  lookup = o311_get (f->server, path, &status);
  g_assert_cmpuint (status, ==, 200);
  o = json_array_get_object_element (json_node_get_array (lookup), 0);
  g_assert_cmpstr (json_object_get_string_member (o, "token"), ==, token);
  g_assert_nonnull (json_object_get_string_member (o, "service_request_id"));
  g_assert_cmpstr (json_object_get_string_member (get_one (f, json_object_get_string_member (o, "service_request_id"),
                                                           &back), "service_code"), ==, "TOKENSVC");

  xml_path = g_strdup_printf ("/open311/v2/tokens/%s.xml", token);
  {
    g_autoptr(JsonNode) ignored = o311_get (f->server, xml_path, &status);
    g_autoptr(O311Xml) xml = o311_xml_parse (civic_test_last_body (), "service_requests");

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (o311_xml_text_of (xml, "token"), ==, token);
    g_assert_cmpuint (o311_xml_count (xml, "service_request_id"), ==, 1);
  }

  missing = o311_get (f->server, "/open311/v2/tokens/no-such-token.json", &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_nonnull (o311_error_description (missing));
}

static void
test_contact_never_leaves (Fixture *f, gconstpointer data)
{
  static const char *secrets[] = { "jo.citizen@example.org", "555-0199", "Josephine", "Quimby", "device-secret-9" };
  g_autofree char *id = NULL;
  g_autofree char *email = NULL;
  g_autofree char *one_json = NULL, *one_xml = NULL, *one_notes = NULL, *list_json = NULL, *list_xml = NULL;
  g_autofree char *by_id = NULL;
  const char *paths[6];
  guint i, j, status = 0;

  {
    g_autoptr(JsonNode) reply = submit (f, "/open311/v2/requests.json",
                                        BASE "&address_string=x&email=jo.citizen%40example.org&phone=555-0199"
                                        "&first_name=Josephine&last_name=Quimby&device_id=device-secret-9"
                                        "&account_id=acct-42&media_url=https%3A%2F%2Fexample.org%2Fp.jpg", &status);
    JsonObject *o;

    g_assert_cmpuint (status, ==, 200);
    o = json_array_get_object_element (json_node_get_array (reply), 0);
    id = g_strdup (json_object_get_string_member (o, "service_request_id"));
    g_assert_cmpstr (json_object_get_string_member (o, "account_id"), ==, "acct-42");
    for (j = 0; j < G_N_ELEMENTS (secrets); j++)
      g_assert_null (strstr (civic_test_last_body (), secrets[j]));
  }
  /* staff can still reach the citizen */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT reporter_email || '|' || reporter_name || '|' || reporter_phone "
                                            "FROM cases WHERE request_id = '%s'", id);

    email = civic_test_sql (f->db, sql);
    g_assert_cmpstr (email, ==, "jo.citizen@example.org|Josephine Quimby|555-0199");
  }

  paths[0] = one_json = g_strdup_printf ("/open311/v2/requests/%s.json", id);
  paths[1] = one_xml = g_strdup_printf ("/open311/v2/requests/%s.xml", id);
  paths[2] = one_notes = g_strdup_printf ("/open311/v2/requests/%s.json?extensions=true", id);
  paths[3] = list_json = g_strdup ("/open311/v2/requests.json?extensions=true");
  paths[4] = list_xml = g_strdup ("/open311/v2/requests.xml?extensions=true");
  paths[5] = by_id = g_strdup_printf ("/open311/v2/requests.xml?service_request_id=%s", id);
  for (i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(JsonNode) reply = o311_get (f->server, paths[i], &status);

      g_assert_cmpuint (status, ==, 200);
      g_assert_nonnull (strstr (civic_test_last_body (), id));
      g_assert_nonnull (strstr (civic_test_last_body (), "https://example.org/p.jpg"));
      for (j = 0; j < G_N_ELEMENTS (secrets); j++)
        if (strstr (civic_test_last_body (), secrets[j]) != NULL)
          g_error ("%s leaks %s", paths[i], secrets[j]);
      g_assert_null (strstr (civic_test_last_body (), "acct-42"));
    }
}

static void
test_form_errors (Fixture *f, gconstpointer data)
{
  guint status = 0;

  expect_refused (f, BASE "&address_string=%zz", 400, "percent-encoded");
  expect_refused (f, BASE "&address_string=a%00b", 400, "percent-encoded");
  expect_refused (f, BASE "&address_string=%C3%28", 400, "UTF-8");
  expect_refused (f, BASE "&address_string=x&email=not-an-address", 400, "email");
  expect_refused (f, BASE "&address_string=x&media_url=javascript:alert(1)", 400, "media_url");
  {
    g_autoptr(JsonNode) reply = civic_test_request (f->server, "POST", "/open311/v2/requests.json", NULL,
                                                    "{\"service_code\": \"ALLTYPES\"}", "application/json",
                                                    &status, NULL);

    g_assert_cmpuint (status, ==, 400);
    g_assert_nonnull (strstr (o311_error_description (reply), "x-www-form-urlencoded"));
  }
  {
    g_autoptr(JsonNode) reply = submit (f, "/open311/v2/services.json", BASE, &status);

    g_assert_cmpuint (status, ==, 400);
  }
  /* the server is still serving */
  g_free (submit_ok (f, BASE "&address_string=still+here"));
}

static void
test_jurisdiction (Fixture *f, gconstpointer data)
{
  CivicTestServer *city = civic_test_server_start (f->db, "--jurisdiction", "springfield.gov", NULL);
  static const char *gets[] = {
    "/open311/v2/services.json", "/open311/v2/discovery.json", "/open311/v2/requests.json",
    "/open311/v2/services/ALLTYPES.json", "/open311/v2/requests/311-2026-000001.json",
    "/open311/v2/tokens/abc.json",
  };
  guint i, status = 0;

  for (i = 0; i < G_N_ELEMENTS (gets); i++)
    {
      g_autofree char *wrong = g_strdup_printf ("%s?jurisdiction_id=shelbyville.gov", gets[i]);
      g_autofree char *right = g_strdup_printf ("%s?jurisdiction_id=springfield.gov", gets[i]);
      g_autoptr(JsonNode) r1 = o311_get (city, wrong, &status);

      g_assert_cmpuint (status, ==, 400);
      g_assert_nonnull (strstr (o311_error_description (r1), "unknown jurisdiction"));
      {
        g_autoptr(JsonNode) r2 = o311_get (city, right, &status);

        g_assert_cmpuint (status, !=, 400);
      }
    }
  {
    g_autofree char *form = g_strdup_printf ("api_key=%s&jurisdiction_id=shelbyville.gov&" BASE "&address_string=x",
                                             f->key);
    g_autoptr(JsonNode) reply = o311_post (city, "/open311/v2/requests.json", form, &status);

    g_assert_cmpuint (status, ==, 400);
    g_assert_nonnull (strstr (o311_error_description (reply), "unknown jurisdiction"));
  }
  {
    g_autofree char *form = g_strdup_printf ("api_key=%s&jurisdiction_id=springfield.gov&" BASE "&address_string=x",
                                             f->key);
    g_autoptr(JsonNode) reply = o311_post (city, "/open311/v2/requests.json", form, &status);

    g_assert_cmpuint (status, ==, 200);
  }
  /* without --jurisdiction any value is accepted */
  {
    g_autoptr(JsonNode) reply = o311_get (f->server, "/open311/v2/services.json?jurisdiction_id=anything", &status);

    g_assert_cmpuint (status, ==, 200);
  }
  civic_test_server_stop (city);
}

static void
test_import_bad_records (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "messy.json", NULL);
  g_autofree char *xml_path = g_build_filename (f->dir, "messy.xml", NULL);
  g_autofree char *broken = g_build_filename (f->dir, "broken.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) one = NULL;
  JsonObject *o;
  guint status = 0;

  g_assert_true (g_file_set_contents (path,
    "[{\"service_request_id\": 1001, \"status\": \"Open\", \"service_code\": \"ALLTYPES\","
    "  \"requested_datetime\": \"2026-01-10T08:00:00\", \"lat\": \"41.5\", \"long\": \"-87.5\", \"media_url\": \"\","
    "  \"mystery\": {\"nested\": true}},"
    " {\"service_request_id\": \"1002\", \"status\": \"open\", \"requested_datetime\": \"2026-01-10T09:00:00Z\"},"
    " {\"service_request_id\": \"1003\", \"status\": \"CLOSED\", \"service_code\": \"ALLTYPES\","
    "  \"requested_datetime\": \"2026-01-10T10:00:00-05:00\", \"updated_datetime\": \"2026-01-11T10:00:00-05:00\","
    "  \"lat\": 0, \"long\": 0},"
    " \"not an object\"]", -1, NULL));
  out = o311_run (0, &err, "import-open311", "--db", f->db, path, NULL);
  g_assert_cmpstr (out, ==, "imported 0 services, 0 definitions, 2 requests, skipped 2\n");
  g_assert_nonnull (strstr (err, "request 2: no service_code, skipped"));
  g_assert_nonnull (strstr (err, "record 4: not an object, skipped"));

  one = o311_get (f->server, "/open311/v2/requests/1001.json", &status);
  g_assert_cmpuint (status, ==, 200);
  o = json_array_get_object_element (json_node_get_array (one), 0);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "open");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "lat"), 41.5, 1e-9);
  list = o311_get (f->server, "/open311/v2/requests.json?service_request_id=1003", &status);
  o = json_array_get_object_element (json_node_get_array (list), 0);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "closed");
  g_assert_true (json_object_get_null_member (o, "lat"));

  /* XML requests, with an unknown element and an empty one */
  g_assert_true (g_file_set_contents (xml_path,
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><service_requests><request>"
    "<service_request_id>X-1</service_request_id><status>Closed</status><service_code>ALLTYPES</service_code>"
    "<requested_datetime>2026-02-01T12:00:00+01:00</requested_datetime><lat></lat><long></long>"
    "<address>Rathausplatz 1</address><extra><deep>1</deep></extra></request></service_requests>", -1, NULL));
  g_clear_pointer (&out, g_free);
  out = o311_run (0, NULL, "import-open311", "--db", f->db, xml_path, NULL);
  g_assert_cmpstr (out, ==, "imported 0 services, 0 definitions, 1 requests, skipped 0\n");
  g_clear_pointer (&one, json_node_unref);
  one = o311_get (f->server, "/open311/v2/requests/X-1.json", &status);
  g_assert_cmpuint (status, ==, 200);
  o = json_array_get_object_element (json_node_get_array (one), 0);
  g_assert_cmpstr (json_object_get_string_member (o, "address"), ==, "Rathausplatz 1");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "closed");

  /* a file that is not an export fails the command, not the database */
  g_assert_true (g_file_set_contents (broken, "[{\"service_request_id\": ", -1, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  out = o311_run (1, &err, "import-open311", "--db", f->db, broken, NULL);
  g_assert_nonnull (strstr (err, "cannot be read"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, o311_fixture_teardown)
  ADD ("/open311/post/locations", test_locations);
  ADD ("/open311/post/location-errors", test_location_errors);
  ADD ("/open311/post/api-key", test_api_key);
  ADD ("/open311/post/service-errors", test_service_errors);
  ADD ("/open311/post/attributes", test_attributes);
  ADD ("/open311/post/description-limit", test_description_limit);
  ADD ("/open311/post/token", test_token);
  ADD ("/open311/post/contact-never-leaves", test_contact_never_leaves);
  ADD ("/open311/post/form-errors", test_form_errors);
  ADD ("/open311/jurisdiction", test_jurisdiction);
  ADD ("/open311/import/bad-records", test_import_bad_records);
#undef ADD
  return g_test_run ();
}
