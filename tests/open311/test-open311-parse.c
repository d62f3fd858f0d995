/* test-open311-parse.c: every real city's answer reads, deviations and all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "civic-error.h"
#include "open311/civic-open311-parse.h"

static char *
read_fixture (const char *name,
              gsize      *len)
{
  g_autofree char *path = g_build_filename (g_getenv ("CIVIC_FIXTURES"), "open311", name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, len, &error);
  g_assert_no_error (error);
  return data;
}

static CivicOpen311Format
format_of (const char *name)
{
  return g_str_has_suffix (name, ".xml") ? CIVIC_OPEN311_FORMAT_XML : CIVIC_OPEN311_FORMAT_JSON;
}

/* ---- requests ------------------------------------------------------------- */

typedef struct
{
  const char *file;
  guint       count;
  guint       closed;
  guint       located;        /* with a real point (not null, not 0,0) */
  guint       with_media;
  const char *first_id;
  const char *first_service;
  const char *first_requested; /* as UTC */
} RequestsFile;

static const RequestsFile requests_files[] = {
  { "chicago_requests.json", 2, 0, 2, 0, "14-01100669", "Alley Light Out", "2014-07-12T15:58:43Z" },
  { "bloomington_requests.json", 21, 3, 13, 1, "4fbd40b2b1fe2c4b02000001", "Traffic Suggestions",
    "2012-05-23T19:55:28Z" },
};

static void
test_requests_files (void)
{
  guint f, i;

  for (f = 0; f < G_N_ELEMENTS (requests_files); f++)
    {
      const RequestsFile *t = &requests_files[f];
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) cases = NULL;
      g_autofree char *data = NULL;
      g_autofree char *requested = NULL;
      guint closed = 0, located = 0, with_media = 0;
      gsize len;
      CivicCase *first;

      data = read_fixture (t->file, &len);
      cases = civic_open311_parse_requests (data, len, format_of (t->file), NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (cases->len, ==, t->count);
      for (i = 0; i < cases->len; i++)
        {
          CivicCase *c = g_ptr_array_index (cases, i);

          closed += civic_case_get_state (c) == CIVIC_CASE_STATE_CLOSED;
          located += civic_case_get_lat (c) != 0.0;
          with_media += civic_case_get_media_url (c) != NULL;
          g_assert_nonnull (civic_case_get_service_request_id (c));
          g_assert_cmpint (civic_case_get_requested_datetime (c), >, 0);
        }
      g_assert_cmpuint (closed, ==, t->closed);
      g_assert_cmpuint (located, ==, t->located);
      g_assert_cmpuint (with_media, ==, t->with_media);
      first = g_ptr_array_index (cases, 0);
      g_assert_cmpstr (civic_case_get_service_request_id (first), ==, t->first_id);
      g_assert_cmpstr (civic_case_get_service_name (first), ==, t->first_service);
      requested = civic_open311_format_datetime (civic_case_get_requested_datetime (first));
      g_assert_cmpstr (requested, ==, t->first_requested);
    }
}

/* Deviations real endpoints show, one request each. */
typedef struct
{
  const char     *name;
  const char     *body;
  const char     *id;
  CivicCaseState  state;
  double          lat;       /* 0: no location */
  const char     *requested; /* as UTC; city zone is America/Chicago */
  const char     *media_url;
} Deviation;

static const Deviation deviations[] = {
  { "id-number", "[{\"service_request_id\": 12345, \"status\": \"open\", \"requested_datetime\": \"2014-07-12T10:00:00Z\"}]",
    "12345", CIVIC_CASE_STATE_NEW, 0, "2014-07-12T10:00:00Z", NULL },
  { "lat-string", "[{\"service_request_id\": \"a\", \"status\": \"Open\", \"lat\": \"41.5\", \"long\": \"-87.25\","
    "\"requested_datetime\": \"2014-07-12T10:00:00-05:00\"}]",
    "a", CIVIC_CASE_STATE_NEW, 41.5, "2014-07-12T15:00:00Z", NULL },
  { "zero-location", "[{\"service_request_id\": \"b\", \"status\": \"CLOSED\", \"lat\": 0, \"long\": 0,"
    "\"requested_datetime\": \"2014-07-12T10:00:00Z\"}]",
    "b", CIVIC_CASE_STATE_CLOSED, 0, "2014-07-12T10:00:00Z", NULL },
  { "empty-location", "[{\"service_request_id\": \"c\", \"status\": \"closed\", \"lat\": \"\", \"long\": \"\","
    "\"requested_datetime\": \"2014-07-12T10:00:00Z\"}]",
    "c", CIVIC_CASE_STATE_CLOSED, 0, "2014-07-12T10:00:00Z", NULL },
  { "no-zone", "[{\"service_request_id\": \"d\", \"status\": \"Closed\", \"requested_datetime\": \"2014-07-12T10:00:00\"}]",
    "d", CIVIC_CASE_STATE_CLOSED, 0, "2014-07-12T15:00:00Z", NULL },
  { "space-no-zone", "[{\"service_request_id\": \"e\", \"status\": \"open\", \"requested_datetime\": \"2014-01-12 10:00:00\"}]",
    "e", CIVIC_CASE_STATE_NEW, 0, "2014-01-12T16:00:00Z", NULL },
  { "unknown-fields", "[{\"service_request_id\": \"f\", \"status\": \"open\", \"x_custom\": {\"a\": [1]},"
    "\"media_url\": \"\", \"requested_datetime\": \"2014-07-12T10:00:00.123Z\", \"extended_attributes\": []}]",
    "f", CIVIC_CASE_STATE_NEW, 0, "2014-07-12T10:00:00Z", NULL },
  { "wrapped", "{\"service_requests\": [{\"service_request_id\": \"g\", \"status\": \"open\","
    "\"requested_datetime\": \"2014-07-12T10:00:00Z\", \"media_url\": \"http://x/y.jpg\"}]}",
    "g", CIVIC_CASE_STATE_NEW, 0, "2014-07-12T10:00:00Z", "http://x/y.jpg" },
  { "xml", "<?xml version=\"1.0\"?><service_requests><request><service_request_id>h</service_request_id>"
    "<status>Open</status><lat>40.5</lat><long>-73.5</long><requested_datetime>2014-07-12T10:00:00-04:00"
    "</requested_datetime><media_url/><unknown>1</unknown></request></service_requests>",
    "h", CIVIC_CASE_STATE_NEW, 40.5, "2014-07-12T14:00:00Z", NULL },
  { "xml-zero", "<service_requests><request><service_request_id>42</service_request_id>"
    "<status>closed</status><lat>0</lat><long>0</long></request></service_requests>",
    "42", CIVIC_CASE_STATE_CLOSED, 0, NULL, NULL },
};

static void
test_requests_deviations (void)
{
  g_autoptr(GTimeZone) chicago = g_time_zone_new_identifier ("America/Chicago");
  guint i;

  g_assert_nonnull (chicago);
  for (i = 0; i < G_N_ELEMENTS (deviations); i++)
    {
      const Deviation *d = &deviations[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) cases = NULL;
      CivicCase *c;

      g_test_message ("%s", d->name);
      cases = civic_open311_parse_requests (d->body, strlen (d->body), CIVIC_OPEN311_FORMAT_JSON, chicago, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (cases->len, ==, 1);
      c = g_ptr_array_index (cases, 0);
      g_assert_cmpstr (civic_case_get_service_request_id (c), ==, d->id);
      g_assert_cmpint (civic_case_get_state (c), ==, d->state);
      g_assert_cmpfloat_with_epsilon (civic_case_get_lat (c), d->lat, 1e-9);
      g_assert_cmpstr (civic_case_get_media_url (c), ==, d->media_url);
      if (d->requested != NULL)
        {
          g_autofree char *t = civic_open311_format_datetime (civic_case_get_requested_datetime (c));

          g_assert_cmpstr (t, ==, d->requested);
        }
      else
        g_assert_cmpint (civic_case_get_requested_datetime (c), ==, 0);
    }
}

static void
test_requests_refused (void)
{
  static const char *bad[] = {
    "", "not json", "{\"a\": 1}", "<unclosed>",
    "[{\"code\": 403, \"description\": \"Invalid api_key\"}]",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) cases = civic_open311_parse_requests (bad[i], strlen (bad[i]), CIVIC_OPEN311_FORMAT_JSON,
                                                                 NULL, &error);

      g_assert_null (cases);
      g_assert_error (error, CIVIC_ERROR, (int) (i == 4 ? CIVIC_ERROR_FAILED : CIVIC_ERROR_INVALID));
      g_assert_true (strlen (error->message) > 10);
    }
}

/* ---- services ------------------------------------------------------------- */

typedef struct
{
  const char *file;
  guint       count;
  guint       with_metadata;
  const char *first_code;
  const char *first_name;
  const char *first_group;
} ServicesFile;

static const ServicesFile services_files[] = {
  { "bloomington_services.json", 46, 11, "4e09c863992b94b915000000", "City Performance",
    "Most Popular" },
  { "dc-services.xml", 86, 86, "CSRREPIS", "311 Online Reported Issues", "311 - Call Center" },
  { "giessen_services.xml", 8, 0, "015", "Abwasser und Wasser", NULL },
};

static void
test_services_files (void)
{
  guint f, i;

  for (f = 0; f < G_N_ELEMENTS (services_files); f++)
    {
      const ServicesFile *t = &services_files[f];
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) services = NULL;
      g_autofree char *data = NULL;
      gsize len;
      guint with_metadata = 0, expected_count = t->count;
      CivicService *first;

      data = read_fixture (t->file, &len);
      services = civic_open311_parse_services (data, len, format_of (t->file), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (services->len, ==, expected_count);
      for (i = 0; i < services->len; i++)
        {
          CivicService *s = g_ptr_array_index (services, i);

          with_metadata += civic_service_get_metadata (s);
          g_assert_nonnull (civic_service_get_code (s));
          g_assert_nonnull (civic_service_get_name (s));
        }
      if (t->with_metadata > 0)
        g_assert_cmpuint (with_metadata, ==, t->with_metadata);
      first = g_ptr_array_index (services, 0);
      g_assert_cmpstr (civic_service_get_code (first), ==, t->first_code);
      g_assert_cmpstr (civic_service_get_name (first), ==, t->first_name);
      if (t->first_group != NULL)
        g_assert_cmpstr (civic_service_get_group (first), ==, t->first_group);
    }
}

static void
test_services_keywords (void)
{
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *words;
  gsize len;

  data = read_fixture ("dc-services.xml", &len);
  services = civic_open311_parse_services (data, len, CIVIC_OPEN311_FORMAT_XML, &error);
  g_assert_no_error (error);
  words = civic_service_get_keywords (g_ptr_array_index (services, 0));
  g_assert_nonnull (words);
  g_assert_cmpstr (words[0], ==, "311");
  g_assert_cmpstr (words[1], ==, "Online");
}

/* ---- definitions ---------------------------------------------------------- */

static void
test_definition_dc (void)
{
  g_autofree char *data = NULL;
  g_autofree char *json = NULL;
  g_autoptr(CivicOpen311Definition) def = NULL;
  g_autoptr(CivicOpen311Definition) again = NULL;
  g_autoptr(GError) error = NULL;
  CivicOpen311Attribute *a;
  gsize len;
  guint i;

  data = read_fixture ("dc-services-S0301.xml", &len);
  def = civic_open311_parse_definition (data, len, CIVIC_OPEN311_FORMAT_XML, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (def->service_code, ==, "S0301");
  g_assert_cmpuint (def->attributes->len, ==, 6);
  /* sorted by order: WHISPOLO (1) first, DSITR001 (9) last */
  a = g_ptr_array_index (def->attributes, 0);
  g_assert_cmpstr (a->code, ==, "WHISPOLO");
  g_assert_true (a->required);
  g_assert_true (a->variable);
  g_assert_cmpint (a->datatype, ==, CIVIC_OPEN311_DATATYPE_SINGLEVALUELIST);
  g_assert_cmpuint (a->values->len, >, 0);
  a = g_ptr_array_index (def->attributes, 5);
  g_assert_cmpstr (a->code, ==, "DSITR001");
  g_assert_false (a->variable);
  g_assert_cmpint (a->datatype, ==, CIVIC_OPEN311_DATATYPE_TEXT);
  a = civic_open311_definition_lookup (def, "ISITHAZA");
  g_assert_nonnull (a);
  g_assert_cmpuint (a->values->len, ==, 3);
  g_assert_cmpstr (((CivicOpen311Value *) g_ptr_array_index (a->values, 2))->key, ==, "YES001");
  g_assert_cmpstr (((CivicOpen311Value *) g_ptr_array_index (a->values, 2))->name, ==, "Yes");

  /* what the store keeps reads back the same */
  json = civic_open311_definition_to_json (def);
  again = civic_open311_parse_definition (json, strlen (json), CIVIC_OPEN311_FORMAT_JSON, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->attributes->len, ==, def->attributes->len);
  for (i = 0; i < def->attributes->len; i++)
    {
      CivicOpen311Attribute *x = g_ptr_array_index (def->attributes, i);
      CivicOpen311Attribute *y = g_ptr_array_index (again->attributes, i);

      g_assert_cmpstr (x->code, ==, y->code);
      g_assert_cmpint (x->datatype, ==, y->datatype);
      g_assert_cmpint (x->required, ==, y->required);
      g_assert_cmpint (x->variable, ==, y->variable);
      g_assert_cmpuint (x->values->len, ==, y->values->len);
    }
}

static void
test_definition_deviations (void)
{
  /* strings for booleans and numbers, an unknown datatype, a list without
   * choices, a member without a code */
  static const char body[] =
    "{\"service_code\": 7, \"attributes\": ["
    "{\"variable\": \"true\", \"code\": \"a\", \"datatype\": \"Photo\", \"required\": \"false\", \"order\": \"2\"},"
    "{\"variable\": true, \"code\": 99, \"datatype\": \"NUMBER\", \"required\": true, \"order\": 1},"
    "{\"variable\": true, \"code\": \"c\", \"datatype\": \"singlevaluelist\", \"values\": []},"
    "{\"variable\": true, \"datatype\": \"string\"}]}";
  g_autoptr(CivicOpen311Definition) def = NULL;
  g_autoptr(GError) error = NULL;
  CivicOpen311Attribute *a;

  def = civic_open311_parse_definition (body, strlen (body), CIVIC_OPEN311_FORMAT_JSON, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (def->service_code, ==, "7");
  g_assert_cmpuint (def->attributes->len, ==, 3);
  a = civic_open311_definition_lookup (def, "a");
  g_assert_cmpint (a->datatype, ==, CIVIC_OPEN311_DATATYPE_STRING);
  g_assert_false (a->required);
  a = civic_open311_definition_lookup (def, "99");
  g_assert_cmpint (a->datatype, ==, CIVIC_OPEN311_DATATYPE_NUMBER);
  g_assert_true (a->required);
  g_assert_true (a == g_ptr_array_index (def->attributes, 0));
  a = civic_open311_definition_lookup (def, "c");
  g_assert_cmpint (a->datatype, ==, CIVIC_OPEN311_DATATYPE_STRING);
}

/* ---- values, datetimes, small answers ------------------------------------ */

static void
test_check_value (void)
{
  CivicOpen311Attribute a = { TRUE, (char *) "n", CIVIC_OPEN311_DATATYPE_NUMBER, TRUE, NULL, 1, (char *) "How many", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (civic_open311_check_value (&a, "3", NULL));
  g_assert_true (civic_open311_check_value (&a, "-2.5", NULL));
  g_assert_false (civic_open311_check_value (&a, "three", &error));
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "How many"));
  g_clear_error (&error);
  a.datatype = CIVIC_OPEN311_DATATYPE_DATETIME;
  g_assert_true (civic_open311_check_value (&a, "2026-05-04T09:30:00-05:00", NULL));
  g_assert_true (civic_open311_check_value (&a, "2026-05-04 09:30:00", NULL));
  g_assert_true (civic_open311_check_value (&a, "2026-05-04T09:30", NULL));
  g_assert_false (civic_open311_check_value (&a, "next tuesday", &error));
  g_assert_nonnull (strstr (error->message, "date and time"));
}

static void
test_submitted (void)
{
  static const char json_id[] = "[{\"service_request_id\": 293944, \"service_notice\": \"Thanks\", \"account_id\": null}]";
  static const char json_token[] = "[{\"token\": \"12345\"}]";
  static const char xml_id[] = "<?xml version=\"1.0\"?><service_requests><request><service_request_id>311-1"
                               "</service_request_id><token>t1</token></request></service_requests>";
  static const char xml_errors[] = "<errors><error><code>403</code><description>bad key</description>"
                                   "</error></errors>";
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *errors = NULL;

  g_assert_true (civic_open311_parse_submitted (json_id, strlen (json_id), CIVIC_OPEN311_FORMAT_JSON,
                                                &id, &token, &notice, NULL));
  g_assert_cmpstr (id, ==, "293944");
  g_assert_null (token);
  g_assert_cmpstr (notice, ==, "Thanks");
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&notice, g_free);
  g_assert_true (civic_open311_parse_submitted (json_token, strlen (json_token), CIVIC_OPEN311_FORMAT_JSON,
                                                &id, &token, NULL, NULL));
  g_assert_null (id);
  g_assert_cmpstr (token, ==, "12345");
  g_clear_pointer (&token, g_free);
  g_assert_true (civic_open311_parse_submitted (xml_id, strlen (xml_id), CIVIC_OPEN311_FORMAT_XML,
                                                &id, &token, NULL, NULL));
  g_assert_cmpstr (id, ==, "311-1");
  g_assert_cmpstr (token, ==, "t1");

  errors = civic_open311_parse_error_text (xml_errors, strlen (xml_errors));
  g_assert_cmpstr (errors, ==, "bad key");
}

static void
test_discovery (void)
{
  static const char xml[] = "<discovery><endpoints><endpoint><formats><format>text/xml</format></formats>"
                            "</endpoint></endpoints></discovery>";
  gboolean json_ok, xml_ok;

  g_assert_true (civic_open311_parse_discovery (xml, strlen (xml), CIVIC_OPEN311_FORMAT_XML, &json_ok, &xml_ok, NULL));
  g_assert_false (json_ok);
  g_assert_true (xml_ok);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/open311/parse/requests/files", test_requests_files);
  g_test_add_func ("/open311/parse/requests/deviations", test_requests_deviations);
  g_test_add_func ("/open311/parse/requests/refused", test_requests_refused);
  g_test_add_func ("/open311/parse/services/files", test_services_files);
  g_test_add_func ("/open311/parse/services/keywords", test_services_keywords);
  g_test_add_func ("/open311/parse/definition/dc", test_definition_dc);
  g_test_add_func ("/open311/parse/definition/deviations", test_definition_deviations);
  g_test_add_func ("/open311/parse/check-value", test_check_value);
  g_test_add_func ("/open311/parse/submitted", test_submitted);
  g_test_add_func ("/open311/parse/discovery", test_discovery);
  return g_test_run ();
}
