/* test-open311.c: Open311 GeoReport v2 reads — discovery, services,
 * definitions, request lists with every filter and paging, one request,
 * the update history, unknown paths — in JSON and XML, against the real
 * server with real cities' exports loaded by the real import command.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "open311-test-helpers.h"

typedef O311Fixture Fixture;

static const char *fixture_files[] = {
  "bloomington_services.json", "dc-services.xml", "giessen_services.xml", "dc-services-S0301.xml",
  "bloomington_requests.json", "chicago_requests.json",
};

/* Bloomington's capture spans 22–23 May 2012. */
#define MAY_2012 "start_date=2012-05-01T00:00:00-04:00&end_date=2012-06-01T00:00:00-04:00"

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  guint i;

  f->dir = civic_test_mkdtemp ();
  f->db = g_build_filename (f->dir, "server.db", NULL);
  for (i = 0; i < G_N_ELEMENTS (fixture_files); i++)
    g_ptr_array_add (args, o311_fixture (fixture_files[i]));
  out = o311_run (0, NULL, "import-open311", "--db", f->db,
                  args->pdata[0], args->pdata[1], args->pdata[2], args->pdata[3], args->pdata[4],
                  args->pdata[5], NULL);
  g_assert_cmpstr (out, ==, "imported 140 services, 1 definitions, 23 requests, skipped 0\n");
  o311_fixture_start (f);
}

static JsonArray *
get_list (Fixture *f, const char *path, JsonNode **keep)
{
  guint status = 0;

  *keep = o311_get (f->server, path, &status);
  if (status != 200)
    g_error ("GET %s: %u %s", path, status, civic_test_last_body ());
  g_assert_true (JSON_NODE_HOLDS_ARRAY (*keep));
  return json_node_get_array (*keep);
}

static JsonObject *
find_request (JsonArray *list, const char *id)
{
  guint i;

  for (i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (o, "service_request_id"), id) == 0)
        return o;
    }
  return NULL;
}

static void
test_discovery (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(O311Xml) xml = NULL;
  JsonObject *o, *endpoint;
  guint status = 0;

  reply = o311_get (f->server, "/open311/v2/discovery.json", &status);
  g_assert_cmpuint (status, ==, 200);
  o = json_node_get_object (reply);
  g_assert_nonnull (json_object_get_string_member (o, "changeset"));
  g_assert_nonnull (json_object_get_string_member (o, "contact"));
  g_assert_nonnull (json_object_get_string_member (o, "key_service"));
  endpoint = json_array_get_object_element (json_object_get_array_member (o, "endpoints"), 0);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (endpoint, "url"), "/open311/v2"));
  g_assert_cmpstr (json_object_get_string_member (endpoint, "specification"), ==,
                   "http://wiki.open311.org/GeoReport_v2");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (endpoint, "formats")), ==, 2);

  g_clear_pointer (&reply, json_node_unref);
  reply = o311_get (f->server, "/open311/v2/discovery.xml", &status);
  g_assert_cmpuint (status, ==, 200);
  xml = o311_xml_parse (civic_test_last_body (), "discovery");
  g_assert_cmpuint (o311_xml_count (xml, "endpoint"), ==, 1);
  g_assert_cmpuint (o311_xml_count (xml, "format"), ==, 2);
  g_assert_cmpuint (o311_xml_count (xml, "key_service"), ==, 1);
  g_assert_cmpuint (o311_xml_count (xml, "contact"), ==, 1);
}

static void
test_services (Fixture *f, gconstpointer data)
{
  g_autofree char *path = o311_fixture ("bloomington_services.json");
  g_autofree char *db_count = civic_test_sql (f->db, "SELECT COUNT(*) FROM services");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(O311Xml) xml = NULL;
  JsonArray *expected, *list;
  guint i, j, n, status = 0;
  gboolean seen_dc = FALSE;

  list = get_list (f, "/open311/v2/services.json", &reply);
  g_assert_cmpuint (json_array_get_length (list), ==, g_ascii_strtoull (db_count, NULL, 10));
  g_assert_cmpuint (json_array_get_length (list), >=, 46 + 86 + 8);

  /* every Bloomington service came back with its fields */
  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  expected = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (expected), ==, 46);
  for (i = 0; i < json_array_get_length (expected); i++)
    {
      JsonObject *want = json_array_get_object_element (expected, i);
      JsonObject *got = NULL;

      for (j = 0; j < json_array_get_length (list) && got == NULL; j++)
        {
          JsonObject *o = json_array_get_object_element (list, j);

          if (g_str_equal (json_object_get_string_member (o, "service_code"),
                           json_object_get_string_member (want, "service_code")))
            got = o;
        }
      g_assert_nonnull (got);
      g_assert_cmpstr (json_object_get_string_member (got, "service_name"), ==,
                       json_object_get_string_member (want, "service_name"));
      g_assert_cmpstr (json_object_get_string_member (got, "group"), ==,
                       json_object_get_string_member (want, "group"));
      g_assert_cmpstr (json_object_get_string_member (got, "description"), ==,
                       json_object_get_string_member (want, "description"));
      g_assert_cmpint (json_object_get_boolean_member (got, "metadata"), ==,
                       json_object_get_boolean_member (want, "metadata"));
      g_assert_cmpstr (json_object_get_string_member (got, "type"), ==, "realtime");
    }
  for (j = 0; j < json_array_get_length (list); j++)
    {
      JsonObject *o = json_array_get_object_element (list, j);

      if (g_str_equal (json_object_get_string_member (o, "service_code"), "CSRREPIS"))
        {
          seen_dc = TRUE;
          g_assert_cmpstr (json_object_get_string_member (o, "service_name"), ==, "311 Online Reported Issues");
          g_assert_cmpstr (json_object_get_string_member (o, "keywords"), ==, "311, Online, Reported, Issues");
          g_assert_cmpstr (json_object_get_string_member (o, "group"), ==, "311 - Call Center");
        }
      /* Giessen's codes are numeric-looking strings and stay strings */
      if (g_str_equal (json_object_get_string_member (o, "service_code"), "015"))
        g_assert_cmpstr (json_object_get_string_member (o, "service_name"), ==, "Abwasser und Wasser");
    }
  g_assert_true (seen_dc);
  n = json_array_get_length (list);

  g_clear_pointer (&reply, json_node_unref);
  reply = o311_get (f->server, "/open311/v2/services.xml", &status);
  g_assert_cmpuint (status, ==, 200);
  xml = o311_xml_parse (civic_test_last_body (), "services");
  g_assert_cmpuint (o311_xml_count (xml, "service"), ==, n);
  g_assert_cmpuint (o311_xml_count (xml, "service_code"), ==, n);
  g_assert_cmpuint (o311_xml_count (xml, "metadata"), ==, n);
}

static void
test_definition (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(O311Xml) xml = NULL;
  JsonObject *def, *first, *hazard = NULL;
  JsonArray *attrs;
  guint i, status = 0;
  gint64 last_order = G_MININT64;

  reply = o311_get (f->server, "/open311/v2/services/S0301.json", &status);
  g_assert_cmpuint (status, ==, 200);
  def = json_node_get_object (reply);
  g_assert_cmpstr (json_object_get_string_member (def, "service_code"), ==, "S0301");
  attrs = json_object_get_array_member (def, "attributes");
  g_assert_cmpuint (json_array_get_length (attrs), ==, 6);
  for (i = 0; i < json_array_get_length (attrs); i++)
    {
      JsonObject *a = json_array_get_object_element (attrs, i);

      g_assert_cmpint (json_object_get_int_member (a, "order"), >=, last_order);
      last_order = json_object_get_int_member (a, "order");
      g_assert_true (json_object_has_member (a, "variable"));
      g_assert_true (json_object_has_member (a, "datatype_description"));
      g_assert_true (json_object_has_member (a, "description"));
      g_assert_true (json_object_has_member (a, "values"));
      if (g_str_equal (json_object_get_string_member (a, "code"), "ISITHAZA"))
        hazard = a;
    }
  first = json_array_get_object_element (attrs, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "code"), ==, "WHISPOLO");
  g_assert_true (json_object_get_boolean_member (first, "required"));
  g_assert_true (json_object_get_boolean_member (first, "variable"));
  g_assert_cmpstr (json_object_get_string_member (first, "datatype"), ==, "singlevaluelist");
  g_assert_cmpstr (json_object_get_string_member (first, "description"), ==, "Where is the pothole located?");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "values")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (first, "values"), 0), "key"), ==, "ALLEY002");
  g_assert_nonnull (hazard);
  g_assert_false (json_object_get_boolean_member (hazard, "required"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hazard, "values")), ==, 3);
  /* a text attribute with an empty <values/> */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attrs, 5), "datatype"), ==, "text");
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (attrs, 5), "variable"));

  g_clear_pointer (&reply, json_node_unref);
  reply = o311_get (f->server, "/open311/v2/services/S0301.xml", &status);
  g_assert_cmpuint (status, ==, 200);
  xml = o311_xml_parse (civic_test_last_body (), "service_definition");
  g_assert_cmpuint (o311_xml_count (xml, "attribute"), ==, 6);
  g_assert_cmpuint (o311_xml_count (xml, "value"), ==, 2 + 6 + 3 + 2);
  g_assert_cmpuint (o311_xml_count (xml, "datatype_description"), ==, 6);
  g_assert_cmpstr (o311_xml_text_of (xml, "service_code"), ==, "S0301");

  /* a service without questions has an empty definition */
  g_clear_pointer (&reply, json_node_unref);
  reply = o311_get (f->server, "/open311/v2/services/015.json", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (reply),
                                                                          "attributes")), ==, 0);

  g_clear_pointer (&reply, json_node_unref);
  reply = o311_get (f->server, "/open311/v2/services/NOPE.json", &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_nonnull (strstr (o311_error_description (reply), "NOPE"));
  g_clear_pointer (&reply, json_node_unref);
  reply = o311_get (f->server, "/open311/v2/services/NOPE.xml", &status);
  g_assert_cmpuint (status, ==, 404);
  {
    g_autoptr(O311Xml) err = o311_xml_parse (civic_test_last_body (), "errors");

    g_assert_cmpstr (o311_xml_text_of (err, "code"), ==, "404");
  }
}

static void
test_imported_requests (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *out = NULL;
  g_autofree char *file = o311_fixture ("bloomington_requests.json");
  JsonArray *list;
  JsonObject *o;
  guint i, closed = 0;

  list = get_list (f, "/open311/v2/requests.json?" MAY_2012, &reply);
  g_assert_cmpuint (json_array_get_length (list), ==, 21);
  for (i = 0; i < json_array_get_length (list); i++)
    {
      o = json_array_get_object_element (list, i);
      if (g_str_equal (json_object_get_string_member (o, "status"), "closed"))
        closed++;
      /* newest first */
      if (i > 0)
        g_assert_cmpstr (json_object_get_string_member (o, "requested_datetime"), <=,
                         json_object_get_string_member (json_array_get_object_element (list, i - 1),
                                                        "requested_datetime"));
    }
  g_assert_cmpuint (closed, ==, 3);

  o = find_request (list, "4fbd3beeb1fe2c9f5c000001");
  g_assert_nonnull (o);
  g_assert_cmpstr (json_object_get_string_member (o, "service_name"), ==, "Graffiti");
  g_assert_cmpstr (json_object_get_string_member (o, "service_code"), ==, "4e090d24992b941e78000027");
  g_assert_cmpstr (json_object_get_string_member (o, "address"), ==, "2303-2559 S Olcott Blvd");
  g_assert_cmpstr (json_object_get_string_member (o, "agency_responsible"), ==, "Police Department");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "lat"), 39.146551871103, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "long"), -86.485448337464, 1e-6);
  g_assert_cmpstr (json_object_get_string_member (o, "media_url"), ==, "");
  {
    g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (json_object_get_string_member (o, "requested_datetime"), NULL);

    g_assert_cmpint (g_date_time_to_unix (t), ==, 1337801708);   /* 2012-05-23T15:35:08-04:00 */
  }
  /* 0,0 means no location */
  o = find_request (list, "4fbd2b76b1fe2c195f000000");
  g_assert_nonnull (o);
  g_assert_true (json_object_get_null_member (o, "lat"));
  g_assert_true (json_object_get_null_member (o, "long"));

  /* importing again updates, never duplicates */
  out = o311_run (0, NULL, "import-open311", "--db", f->db, file, NULL);
  g_assert_cmpstr (out, ==, "imported 0 services, 0 definitions, 21 requests, skipped 0\n");
  list = get_list (f, "/open311/v2/requests.json?" MAY_2012, &again);
  g_assert_cmpuint (json_array_get_length (list), ==, 21);
}

static void
test_chicago_by_ids (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *list;
  JsonObject *o;

  /* the id list overrides every other filter, dates and status included */
  list = get_list (f, "/open311/v2/requests.json?service_request_id=14-01100627,14-01100669,unknown"
                      "&status=closed&start_date=2020-01-01T00:00:00Z", &reply);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  o = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "service_request_id"), ==, "14-01100669");
  g_assert_cmpstr (json_object_get_string_member (o, "service_name"), ==, "Alley Light Out");
  g_assert_cmpstr (json_object_get_string_member (o, "address"), ==, "1540 W 17TH ST, CHICAGO, IL, 60608");
  o = json_array_get_object_element (list, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "status_notes"), ==, "Locked");
  g_assert_cmpstr (json_object_get_string_member (o, "agency_responsible"), ==, "DOB - Conservation");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "lat"), 41.759712056258536, 1e-6);
}

static void
test_filters (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL, r6 = NULL, r7 = NULL, r8 = NULL;
  JsonArray *list;
  guint i;

  /* service_code, a comma list */
  list = get_list (f, "/open311/v2/requests.json?" MAY_2012
                      "&service_code=4e090d24992b941e78000001,4e090d24992b941e78000024", &r1);
  g_assert_cmpuint (json_array_get_length (list), ==, 6 + 3);
  for (i = 0; i < json_array_get_length (list); i++)
    {
      const char *code = json_object_get_string_member (json_array_get_object_element (list, i), "service_code");

      g_assert_true (g_str_equal (code, "4e090d24992b941e78000001") || g_str_equal (code, "4e090d24992b941e78000024"));
    }

  /* three codes (one unknown): the padded list finds the same nine */
  list = get_list (f, "/open311/v2/requests.json?" MAY_2012
                      "&service_code=nope,4e090d24992b941e78000001,4e090d24992b941e78000024", &r8);
  g_assert_cmpuint (json_array_get_length (list), ==, 6 + 3);

  /* status */
  list = get_list (f, "/open311/v2/requests.json?" MAY_2012 "&status=closed", &r2);
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  list = get_list (f, "/open311/v2/requests.json?" MAY_2012 "&status=open", &r3);
  g_assert_cmpuint (json_array_get_length (list), ==, 18);
  list = get_list (f, "/open311/v2/requests.json?" MAY_2012 "&status=open,closed", &r4);
  g_assert_cmpuint (json_array_get_length (list), ==, 21);

  /* the window: 23 May only */
  list = get_list (f, "/open311/v2/requests.json?start_date=2012-05-23T00:00:00-04:00"
                      "&end_date=2012-05-24T00:00:00-04:00", &r5);
  g_assert_cmpuint (json_array_get_length (list), ==, 18);

  /* updated_after / updated_before (the last-updated instant of the capture) */
  list = get_list (f, "/open311/v2/requests.json?updated_after=2012-05-23T15:00:00-04:00", &r6);
  g_assert_cmpuint (json_array_get_length (list), ==, 2 + 2);   /* two Bloomington, two Chicago */
  list = get_list (f, "/open311/v2/requests.json?updated_before=2012-05-23T00:00:00-04:00", &r7);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
}

static void
test_window_and_paging (Fixture *f, gconstpointer data)
{
  static const char *bad[] = {
    "start_date=2012-01-01T00:00:00Z&end_date=2012-06-01T00:00:00Z",   /* > 90 days */
    "start_date=2012-06-01T00:00:00Z&end_date=2012-05-01T00:00:00Z",   /* backwards */
    "start_date=yesterday",
    "page_size=99999999",
    "page_size=0",
    "page_size=abc",
    "page=0",
    "status=pending",
    "extensions=maybe",
  };
  g_autoptr(JsonNode) def = NULL, p1 = NULL, p2 = NULL, p3 = NULL, all = NULL;
  JsonArray *list, *page1, *page2;
  guint i, status = 0;

  /* the default window is the last 90 days: 2012 is outside, today is inside */
  list = get_list (f, "/open311/v2/requests.json", &def);
  g_assert_cmpuint (json_array_get_length (list), ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE cases SET requested = %" G_GINT64_FORMAT " "
                                            "WHERE request_id = '4fbd40b2b1fe2c4b02000001'",
                                            g_get_real_time () / G_USEC_PER_SEC - 86400);

    g_free (civic_test_sql (f->db, sql));
  }
  g_clear_pointer (&def, json_node_unref);
  list = get_list (f, "/open311/v2/requests.json", &def);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "service_request_id"),
                   ==, "4fbd40b2b1fe2c4b02000001");

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strconcat ("/open311/v2/requests.json?", bad[i], NULL);
      g_autoptr(JsonNode) reply = o311_get (f->server, path, &status);

      if (status != 400)
        g_error ("%s: expected 400, got %u %s", bad[i], status, civic_test_last_body ());
      g_assert_nonnull (o311_error_description (reply));
    }
  {
    g_autoptr(JsonNode) reply = o311_get (f->server, "/open311/v2/requests.xml?page_size=99999999", &status);
    g_autoptr(O311Xml) xml = o311_xml_parse (civic_test_last_body (), "errors");

    g_assert_cmpuint (status, ==, 400);
    g_assert_cmpstr (o311_xml_text_of (xml, "code"), ==, "400");
    g_assert_nonnull (strstr (o311_xml_text_of (xml, "description"), "page_size"));
  }

  /* pages of 8 through the 20 left in May (one moved to today) */
  page1 = get_list (f, "/open311/v2/requests.json?" MAY_2012 "&page_size=8", &p1);
  page2 = get_list (f, "/open311/v2/requests.json?" MAY_2012 "&page_size=8&page=2", &p2);
  list = get_list (f, "/open311/v2/requests.json?" MAY_2012 "&page_size=8&page=3", &p3);
  g_assert_cmpuint (json_array_get_length (page1), ==, 8);
  g_assert_cmpuint (json_array_get_length (page2), ==, 8);
  g_assert_cmpuint (json_array_get_length (list), ==, 4);
  all = o311_get (f->server, "/open311/v2/requests.json?" MAY_2012, &status);
  for (i = 0; i < 8; i++)
    {
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (page2, i), "service_request_id"), ==,
                       json_object_get_string_member (json_array_get_object_element (json_node_get_array (all), 8 + i),
                                                      "service_request_id"));
    }
}

static const char *standard_elements[] = {
  "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
  "address", "address_id", "zipcode", "lat", "long", "media_url",
};

static void
test_one_request (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(O311Xml) xml = NULL;
  g_autoptr(O311Xml) list_xml = NULL;
  JsonObject *o;
  guint i, status = 0;

  reply = o311_get (f->server, "/open311/v2/requests/14-01100669.json", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (reply)), ==, 1);
  o = json_array_get_object_element (json_node_get_array (reply), 0);
  for (i = 0; i < G_N_ELEMENTS (standard_elements); i++)
    g_assert_true (json_object_has_member (o, standard_elements[i]));
  /* ids and codes are strings */
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (o, "service_request_id")), ==, G_TYPE_STRING);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (o, "service_code")), ==, G_TYPE_STRING);
  g_assert_false (json_object_has_member (o, "reporter_email"));

  g_clear_pointer (&reply, json_node_unref);
  reply = o311_get (f->server, "/open311/v2/requests/14-01100669.xml", &status);
  g_assert_cmpuint (status, ==, 200);
  xml = o311_xml_parse (civic_test_last_body (), "service_requests");
  g_assert_cmpuint (o311_xml_count (xml, "request"), ==, 1);
  for (i = 0; i < G_N_ELEMENTS (standard_elements); i++)
    g_assert_cmpuint (o311_xml_count (xml, standard_elements[i]), ==, 1);
  g_assert_cmpstr (o311_xml_text_of (xml, "zipcode"), ==, "");
  g_assert_cmpstr (o311_xml_text_of (xml, "service_name"), ==, "Alley Light Out");

  g_clear_pointer (&reply, json_node_unref);
  reply = o311_get (f->server, "/open311/v2/requests.xml?" MAY_2012, &status);
  g_assert_cmpuint (status, ==, 200);
  list_xml = o311_xml_parse (civic_test_last_body (), "service_requests");
  g_assert_cmpuint (o311_xml_count (list_xml, "request"), ==, 21);
  for (i = 0; i < G_N_ELEMENTS (standard_elements); i++)
    g_assert_cmpuint (o311_xml_count (list_xml, standard_elements[i]), ==, 21);

  g_clear_pointer (&reply, json_node_unref);
  reply = o311_get (f->server, "/open311/v2/requests/311-1999-000001.json", &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_nonnull (strstr (o311_error_description (reply), "311-1999-000001"));
  g_clear_pointer (&reply, json_node_unref);
  reply = o311_get (f->server, "/open311/v2/requests/311-1999-000001.xml", &status);
  g_assert_cmpuint (status, ==, 404);
  {
    g_autoptr(O311Xml) err = o311_xml_parse (civic_test_last_body (), "errors");

    g_assert_cmpuint (o311_xml_count (err, "error"), ==, 1);
  }
}

static void
test_notes (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) plain = NULL;
  g_autoptr(O311Xml) xml = NULL;
  JsonArray *notes;
  JsonObject *o;
  guint status = 0;

  /* what the staff API records when a clerk works the case */
  g_free (civic_test_sql (f->db,
    "INSERT INTO case_events (case_id, kind, author, body, public, created, seq) "
    "SELECT id, 'note', 'sam', 'Crew checked the light: needs a new ballast', 1, 1405184000, 1 FROM cases WHERE request_id = '14-01100669';"
    "INSERT INTO case_events (case_id, kind, author, body, public, created, seq) "
    "SELECT id, 'note', 'sam', 'internal: the vendor is late again', 0, 1405184100, 1 FROM cases WHERE request_id = '14-01100669';"
    "INSERT INTO case_events (case_id, kind, author, body, old_value, new_value, public, created, seq) "
    "SELECT id, 'state', 'sam', 'Ballast replaced', 'new', 'closed', 1, 1405190000, 1 FROM cases WHERE request_id = '14-01100669';"
    "UPDATE cases SET state = 'closed', closed = 1405190000, updated = 1405190000 WHERE request_id = '14-01100669';"));

  reply = o311_get (f->server, "/open311/v2/requests/14-01100669.json?extensions=true", &status);
  g_assert_cmpuint (status, ==, 200);
  o = json_array_get_object_element (json_node_get_array (reply), 0);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "closed");
  notes = json_object_get_array_member (o, "notes");
  g_assert_cmpuint (json_array_get_length (notes), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (notes, 0), "type"), ==, "opened");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (notes, 1), "description"), ==,
                   "Crew checked the light: needs a new ballast");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (notes, 2), "type"), ==, "closed");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (notes, 2), "summary"), ==,
                   "Request closed");
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (notes, 2), "datetime"));
  g_assert_null (strstr (civic_test_last_body (), "vendor is late"));

  /* without the extension, no notes */
  plain = o311_get (f->server, "/open311/v2/requests/14-01100669.json", &status);
  g_assert_false (json_object_has_member (json_array_get_object_element (json_node_get_array (plain), 0), "notes"));

  g_clear_pointer (&reply, json_node_unref);
  reply = o311_get (f->server, "/open311/v2/requests.xml?service_request_id=14-01100669&extensions=true", &status);
  g_assert_cmpuint (status, ==, 200);
  xml = o311_xml_parse (civic_test_last_body (), "service_requests");
  g_assert_cmpuint (o311_xml_count (xml, "note"), ==, 3);
  g_assert_cmpuint (o311_xml_count (xml, "summary"), ==, 3);
  g_assert_cmpuint (o311_xml_count (xml, "status"), ==, 1);
  g_assert_cmpstr (o311_xml_text_of (xml, "status"), ==, "closed");
  g_assert_null (strstr (civic_test_last_body (), "vendor is late"));
}

static void
test_unknown_paths (Fixture *f, gconstpointer data)
{
  static const char *paths[] = {
    "/open311/v2/nothing.json", "/open311/v2/services.csv", "/open311/v2/services",
    "/open311/v2/requests/a/b.json", "/open311/v2/", "/open311/v2/tokens/x.yaml",
  };
  guint i, status = 0;

  for (i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(JsonNode) reply = o311_get (f->server, paths[i], &status);

      if (status != 404)
        g_error ("%s: expected 404, got %u", paths[i], status);
      g_assert_nonnull (o311_error_description (reply));
    }
  {
    g_autoptr(JsonNode) reply = o311_get (f->server, "/open311/v2/foo/bar.xml", &status);
    g_autoptr(O311Xml) xml = o311_xml_parse (civic_test_last_body (), "errors");

    g_assert_cmpuint (status, ==, 404);
    g_assert_cmpstr (o311_xml_text_of (xml, "code"), ==, "404");
  }
  {
    g_autoptr(JsonNode) reply = civic_test_request (f->server, "DELETE", "/open311/v2/requests.json", NULL,
                                                    NULL, NULL, &status, NULL);

    g_assert_cmpuint (status, ==, 404);
    g_assert_nonnull (o311_error_description (reply));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, o311_fixture_teardown)
  ADD ("/open311/discovery", test_discovery);
  ADD ("/open311/services", test_services);
  ADD ("/open311/definition", test_definition);
  ADD ("/open311/imported-requests", test_imported_requests);
  ADD ("/open311/chicago-by-ids", test_chicago_by_ids);
  ADD ("/open311/filters", test_filters);
  ADD ("/open311/window-and-paging", test_window_and_paging);
  ADD ("/open311/one-request", test_one_request);
  ADD ("/open311/notes", test_notes);
  ADD ("/open311/unknown-paths", test_unknown_paths);
#undef ADD
  return g_test_run ();
}
