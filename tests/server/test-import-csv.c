/* test-import-csv.c: `import-csv` loads NYC's 311 open-data export with
 * the real binary, and the real server serves it back: every row counted,
 * rows without coordinates kept, a few rows checked field by field against
 * the CSV, a re-import updating instead of duplicating, broken rows
 * reported with their line numbers and skipped, and reporter contact
 * never leaving through Open311.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "civic-test-util.h"

#define PASSWORD "import-csv-password"
#define FULL_SUMMARY "imported 999 cases (294 without coordinates) into 10 departments and 45 services; skipped 0 rows\n"

static char *dir;
static char *db;
static char *first_out;
static char *first_err;
static int first_status;
static CivicTestServer *server;
static char *token;

static char *
fixture_csv (void)
{
  return g_build_filename (g_getenv ("CIVIC_FIXTURES"), "nyc-311-sample-2011.csv", NULL);
}

static void
run_import (const char *db_path,
            const char *file,
            int        *exit_status,
            char      **out,
            char      **err)
{
  *exit_status = civic_test_run_cli (out, err, "import-csv", "--db", db_path, file, NULL);
}

/* The test's own RFC 4180 reader, so the check does not share the
 * importer's mistakes. Returns rows of fields; the header is row 0. */
static GPtrArray *
read_csv (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cell = g_string_new (NULL);
  gboolean in_quotes = FALSE;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (in_quotes)
        {
          if (p[0] == '"' && p[1] == '"')
            g_string_append_c (cell, *p++);
          else if (*p == '"')
            in_quotes = FALSE;
          else
            g_string_append_c (cell, *p);
        }
      else if (*p == '"')
        in_quotes = TRUE;
      else if (*p == ',' || *p == '\n')
        {
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          if (*p == '\n')
            {
              g_ptr_array_add (row, NULL);
              g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
            }
        }
      else if (*p != '\r')
        g_string_append_c (cell, *p);
    }
  return rows;
}

static const char *
cell (GPtrArray  *rows,
      guint       i,
      const char *column)
{
  char **header = g_ptr_array_index (rows, 0);

  for (guint c = 0; header[c] != NULL; c++)
    if (g_str_equal (header[c], column))
      return ((char **) g_ptr_array_index (rows, i))[c];
  g_error ("no column %s", column);
}

static JsonObject *
get_object (const char *path,
            JsonNode  **keep)
{
  *keep = civic_test_call (server, "GET", path, token, NULL, 200);
  return json_node_get_object (*keep);
}

static void
count_cases (guint *total,
             guint *located)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *o = get_object ("/api/v1/cases?limit=1000", &keep);
  JsonArray *cases = json_object_get_array_member (o, "cases");

  *total = (guint) json_object_get_int_member (o, "total");
  *located = 0;
  g_assert_cmpuint (json_array_get_length (cases), ==, *total);
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *c = json_array_get_object_element (cases, i);

      if (!json_object_get_null_member (c, "lat"))
        (*located)++;
    }
}

static void
test_fixture_counts (void)
{
  guint total, located;

  g_assert_cmpint (first_status, ==, 0);
  g_assert_cmpstr (first_err, ==, "");
  g_assert_true (g_str_has_suffix (first_out, FULL_SUMMARY));
  /* the sample's Pending and Assigned rows all have a workflow match */
  g_assert_null (strstr (first_out, "note:"));

  count_cases (&total, &located);
  g_assert_cmpuint (total, ==, 999);
  g_assert_cmpuint (located, ==, 705);

  {
    /* agencies became departments: named from "Agency Name", except
     * where NYC puts the unit that took the call there (DOF) */
    g_autoptr(JsonNode) keep = NULL;
    JsonArray *departments = json_object_get_array_member (get_object ("/api/v1/departments", &keep), "departments");
    guint found = 0;

    g_assert_cmpuint (json_array_get_length (departments), ==, 10);
    for (guint i = 0; i < json_array_get_length (departments); i++)
      {
        JsonObject *d = json_array_get_object_element (departments, i);
        const char *id = json_object_get_string_member (d, "id");
        const char *name = json_object_get_string_member (d, "name");

        if (g_str_equal (id, "NYPD"))
          {
            g_assert_cmpstr (name, ==, "New York City Police Department");
            found++;
          }
        if (g_str_equal (id, "DOF"))
          {
            g_assert_cmpstr (name, ==, "Department of Finance");
            found++;
          }
      }
    g_assert_cmpuint (found, ==, 2);
  }
  {
    /* complaint types became services of their agency */
    g_autoptr(JsonNode) services = civic_test_request (server, "GET", "/open311/v2/services.json", NULL, NULL, NULL,
                                                       &total, NULL);
    JsonArray *list;
    gboolean found = FALSE;

    g_assert_cmpuint (total, ==, 200);
    list = json_node_get_array (services);
    g_assert_cmpuint (json_array_get_length (list), ==, 45);
    for (guint i = 0; i < json_array_get_length (list); i++)
      {
        JsonObject *s = json_array_get_object_element (list, i);

        if (g_str_equal (json_object_get_string_member (s, "service_code"), "street-sign-dangling"))
          {
            found = TRUE;
            g_assert_cmpstr (json_object_get_string_member (s, "service_name"), ==, "Street Sign - Dangling");
          }
      }
    g_assert_true (found);
  }
}

static gint64
nyc_time (const char *text)
{
  int mo, d, y, h, mi, s;
  char ampm[3];
  g_autoptr(GDateTime) dt = NULL;

  g_assert_cmpint (sscanf (text, "%d/%d/%d %d:%d:%d %2s", &mo, &d, &y, &h, &mi, &s, ampm), ==, 7);
  h = h % 12 + (ampm[0] == 'P' ? 12 : 0);
  dt = g_date_time_new_local (y, mo, d, h, mi, s);
  return g_date_time_to_unix (dt);
}

static gint64
w3_time (const char *text)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

static const char *
expected_state (const char *status)
{
  if (g_str_equal (status, "Closed"))
    return "closed";
  if (g_str_equal (status, "Assigned") || g_str_equal (status, "Started"))
    return "in_progress";
  if (g_str_equal (status, "Pending"))
    return "waiting";
  return g_str_equal (status, "Open") ? "new" : "acknowledged";
}

static void
check_row (GPtrArray *rows,
           guint      i)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/NYC-%s", cell (rows, i, "Unique Key"));
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *c = json_object_get_object_member (get_object (path, &keep), "case");
  const char *address = cell (rows, i, "Incident Address");
  g_autofree char *intersection = NULL;
  const char *lat = cell (rows, i, "Latitude");
  const char *resolution = cell (rows, i, "Resolution Description");

  g_test_message ("checking CSV row %u: %s", i, path);
  g_assert_cmpstr (json_object_get_string_member (c, "service_request_id"), ==, path + strlen ("/api/v1/cases/"));
  g_assert_cmpstr (json_object_get_string_member (c, "service_name"), ==, cell (rows, i, "Complaint Type"));
  g_assert_cmpstr (json_object_get_string_member (c, "department"), ==, cell (rows, i, "Agency"));
  g_assert_cmpstr (json_object_get_string_member (c, "description"), ==, cell (rows, i, "Descriptor"));
  g_assert_cmpstr (json_object_get_string_member (c, "state"), ==, expected_state (cell (rows, i, "Status")));
  g_assert_cmpstr (json_object_get_string_member (c, "channel"), ==, "phone");
  g_assert_cmpint (w3_time (json_object_get_string_member (c, "requested_datetime")), ==,
                   nyc_time (cell (rows, i, "Created Date")));
  if (g_str_equal (cell (rows, i, "Status"), "Closed"))
    g_assert_cmpint (w3_time (json_object_get_string_member (c, "closed_datetime")), ==,
                     nyc_time (cell (rows, i, "Closed Date")));
  else
    g_assert_true (json_object_get_null_member (c, "closed_datetime"));
  if (*cell (rows, i, "Due Date") != '\0')
    g_assert_cmpint (w3_time (json_object_get_string_member (c, "expected_datetime")), ==,
                     nyc_time (cell (rows, i, "Due Date")));
  if (*resolution != '\0')
    g_assert_cmpstr (json_object_get_string_member (c, "status_notes"), ==, resolution);

  if (*address == '\0' && *cell (rows, i, "Intersection Street 1") != '\0')
    address = intersection = g_strdup_printf ("%s & %s", cell (rows, i, "Intersection Street 1"),
                                              cell (rows, i, "Intersection Street 2"));
  if (*address == '\0')
    address = cell (rows, i, "Street Name");
  if (*address == '\0')
    g_assert_true (json_object_get_null_member (c, "address"));
  else
    g_assert_cmpstr (json_object_get_string_member (c, "address"), ==, address);
  g_assert_cmpstr (json_object_get_string_member (c, "zipcode"), ==, cell (rows, i, "Incident Zip"));

  if (*lat == '\0')
    {
      g_assert_true (json_object_get_null_member (c, "lat"));
      g_assert_true (json_object_get_null_member (c, "long"));
    }
  else
    {
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c, "lat"), g_ascii_strtod (lat, NULL), 1e-7);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c, "long"),
                                      g_ascii_strtod (cell (rows, i, "Longitude"), NULL), 1e-7);
    }
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "attributes"), "borough"),
                   ==, cell (rows, i, "Borough"));
}

static void
test_rows_field_by_field (void)
{
  g_autofree char *csv = fixture_csv ();
  g_autoptr(GPtrArray) rows = read_csv (csv);
  guint closed_located = 0, pending = 0, at_intersection = 0;

  g_assert_cmpuint (rows->len, ==, 1000);
  for (guint i = 1; i < rows->len; i++)
    {
      if (closed_located == 0 && g_str_equal (cell (rows, i, "Status"), "Closed") &&
          *cell (rows, i, "Resolution Description") != '\0' && *cell (rows, i, "Latitude") != '\0' &&
          *cell (rows, i, "Incident Address") != '\0')
        closed_located = i;
      if (pending == 0 && !g_str_equal (cell (rows, i, "Status"), "Closed"))
        pending = i;
      if (at_intersection == 0 && *cell (rows, i, "Incident Address") == '\0' &&
          *cell (rows, i, "Intersection Street 1") != '\0')
        at_intersection = i;
    }
  /* the first row is a Finance call without coordinates */
  g_assert_cmpstr (cell (rows, 1, "Latitude"), ==, "");
  check_row (rows, 1);
  g_assert_cmpuint (closed_located, >, 0);
  check_row (rows, closed_located);
  g_assert_cmpuint (pending, >, 0);
  check_row (rows, pending);
  g_assert_cmpuint (at_intersection, >, 0);
  check_row (rows, at_intersection);
}

static void
test_reimport_updates (void)
{
  g_autofree char *csv = fixture_csv ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *c;
  guint total, located;
  int status;

  run_import (db, csv, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_suffix (out, FULL_SUMMARY));
  count_cases (&total, &located);
  g_assert_cmpuint (total, ==, 999);
  g_assert_cmpuint (located, ==, 705);
  /* the same case, a new version */
  c = json_object_get_object_member (get_object ("/api/v1/cases/NYC-19937896", &keep), "case");
  g_assert_cmpint (json_object_get_int_member (c, "version"), ==, 2);
}

static const char *broken_rows[] = {
  /* line 2: good */
  "90000001,03/02/2011 09:00:00 AM,,DOT,Department of Transportation,Street Light Condition,Street Light Out,"
  "Street,11201,1 MAIN STREET,MAIN STREET,,,,,ADDRESS,BROOKLYN,,N/A,Open,,,,02 BROOKLYN,,BROOKLYN,,,PHONE,"
  "Unspecified,BROOKLYN,,,,,,,,40.70,-73.99,\"(40.70, -73.99)\"\n",
  /* line 3: too few columns */
  "90000002,03/02/2011 09:00:00 AM,,DOT,Department of Transportation,Street Light Condition\n",
  /* lines 4–5: good, a line break inside a quoted descriptor */
  "90000003,03/02/2011 10:00:00 PM,,DOT,Department of Transportation,Street Light Condition,\"Flickering,\n"
  "at night\",Street,11201,,,,,,,,,,,Started,,,,,,BROOKLYN,,,PHONE,,,,,,,,,,,,\n",
  /* line 6: the created date is not a date */
  "90000004,yesterday,,DOT,Department of Transportation,Street Light Condition,Out,"
  "Street,11201,,,,,,,,,,,Open,,,,,,,,,,,,,,,,,,,,,\n",
  /* line 7: latitude 200 */
  "90000005,03/02/2011 09:00:00 AM,,DOT,Department of Transportation,Street Light Condition,Out,"
  "Street,11201,,,,,,,,,,,Open,,,,,,,,,,,,,,,,,,,200,-73.99,\n",
  /* line 8: invalid UTF-8 in the descriptor */
  "90000006,03/02/2011 09:00:00 AM,,DOT,Department of Transportation,Street Light Condition,Out \xC3\x28 bad,"
  "Street,11201,,,,,,,,,,,Open,,,,,,,,,,,,,,,,,,,,,\n",
  /* line 9: good, an unknown status */
  "90000007,03/03/2011 12:30:00 AM,,NYPD,New York City Police Department,Noise - Street/Sidewalk,Loud Music,"
  "Street,10001,,,,,,,,,,,Email Sent,,,,,,MANHATTAN,,,PHONE,,,,,,,,,,,,\n",
};

static void
test_broken_rows (void)
{
  g_autofree char *csv = fixture_csv ();
  g_autofree char *text = NULL;
  g_autofree char *path = g_build_filename (dir, "broken.csv", NULL);
  g_autofree char *broken_db = g_build_filename (dir, "broken.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GString) file = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  CivicTestServer *other;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) multi = NULL;
  g_autoptr(JsonNode) odd = NULL;
  g_autofree char *other_token = NULL;
  guint status_code = 0;
  int status;

  g_file_get_contents (csv, &text, NULL, &error);
  g_assert_no_error (error);
  g_string_append_len (file, text, strchr (text, '\n') - text + 1);
  for (guint i = 0; i < G_N_ELEMENTS (broken_rows); i++)
    g_string_append (file, broken_rows[i]);
  g_file_set_contents (path, file->str, file->len, &error);
  g_assert_no_error (error);

  run_import (broken_db, path, &status, &out, &err);
  g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_suffix (out, "imported 3 cases (2 without coordinates) into 2 departments and 2 services; "
                                        "skipped 4 rows\n"));
  g_assert_nonnull (strstr (out, "“Email Sent” (1)"));
  g_assert_nonnull (strstr (err, ": line 3: 6 columns where the header has 41"));
  g_assert_nonnull (strstr (err, ": line 6: Created Date “yesterday” is not a date"));
  g_assert_nonnull (strstr (err, ": line 7: 200, -73.99 is not a place on Earth"));
  g_assert_nonnull (strstr (err, ": line 8: column 7 is not valid UTF-8"));
  for (const char *const *good = (const char *const[]) { ": line 2:", ": line 4:", ": line 5:", ": line 9:", NULL };
       *good != NULL; good++)
    g_assert_null (strstr (err, *good));

  /* what was kept is served */
  civic_test_add_user (broken_db, "lena", "manager", "DOT", PASSWORD);
  other = civic_test_server_start (broken_db, NULL);
  other_token = civic_test_login (other, "lena", PASSWORD);
  list = civic_test_request (other, "GET", "/api/v1/cases?limit=100", other_token, NULL, NULL, &status_code, NULL);
  g_assert_cmpuint (status_code, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "total"), ==, 3);
  multi = civic_test_request (other, "GET", "/api/v1/cases/NYC-90000003", other_token, NULL, NULL, &status_code, NULL);
  g_assert_cmpuint (status_code, ==, 200);
  {
    JsonObject *c = json_object_get_object_member (json_node_get_object (multi), "case");

    g_assert_cmpstr (json_object_get_string_member (c, "description"), ==, "Flickering,\nat night");
    g_assert_cmpstr (json_object_get_string_member (c, "state"), ==, "in_progress");
  }
  odd = civic_test_request (other, "GET", "/api/v1/cases/NYC-90000007", other_token, NULL, NULL, &status_code, NULL);
  g_assert_cmpuint (status_code, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (odd), "case"),
                                                  "state"), ==, "acknowledged");
  civic_test_server_stop (other);
}

static void
test_unreadable_file (void)
{
  g_autofree char *missing = g_build_filename (dir, "no-such.csv", NULL);
  g_autofree char *scratch = g_build_filename (dir, "scratch.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  run_import (scratch, missing, &status, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "no-such.csv"));
}

static void
test_open311_hides_reporter (void)
{
  g_autofree char *advocate = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *id = NULL;
  g_autofree char *by_id = NULL;
  guint status = 0;
  static const char *formats[] = { "json", "xml" };

  civic_test_add_user (db, "avi", "advocate", "DOT", PASSWORD);
  advocate = civic_test_login (server, "avi", PASSWORD);
  created = civic_test_request (server, "POST", "/api/v1/cases", advocate,
                                "{\"service_code\": \"street-sign-missing\", \"channel\": \"phone\","
                                " \"description\": \"Stop sign knocked down\","
                                " \"location\": {\"lat\": 40.7, \"long\": -73.99, \"address\": \"5 MAIN STREET\"},"
                                " \"reporter\": {\"name\": \"Pat Caller\", \"email\": \"pat.caller@example.org\","
                                " \"phone\": \"212-555-0199\"}}",
                                NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 201);
  id = g_strdup (json_object_get_string_member (json_object_get_object_member (json_node_get_object (created), "case"),
                                                "service_request_id"));
  by_id = g_strdup_printf ("service_request_id=%s", id);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      const char *queries[] = { "", by_id, "start_date=2011-03-01T00:00:00Z&end_date=2011-05-01T00:00:00Z" };

      for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
        {
          g_autofree char *path = g_strdup_printf ("/open311/v2/requests.%s?%s", formats[i], queries[q]);
          g_autoptr(JsonNode) reply = civic_test_request (server, "GET", path, NULL, NULL, NULL, &status, NULL);
          const char *body = civic_test_last_body ();

          g_test_message ("GET %s", path);
          g_assert_cmpuint (status, ==, 200);
          /* the case is there (or the imported ones are), its contact is not */
          g_assert_nonnull (strstr (body, q < 2 ? id : "NYC-"));
          g_assert_null (strstr (body, "pat.caller@example.org"));
          g_assert_null (strstr (body, "Pat Caller"));
          g_assert_null (strstr (body, "212-555-0199"));
          g_assert_null (strstr (body, "reporter"));
        }
      {
        g_autofree char *one = g_strdup_printf ("/open311/v2/requests/%s.%s", id, formats[i]);
        g_autoptr(JsonNode) reply = civic_test_request (server, "GET", one, NULL, NULL, NULL, &status, NULL);

        g_assert_cmpuint (status, ==, 200);
        g_assert_nonnull (strstr (civic_test_last_body (), id));
        g_assert_null (strstr (civic_test_last_body (), "pat.caller@example.org"));
      }
    }
}

int
main (int argc, char **argv)
{
  g_autofree char *csv = NULL;
  int result;

  /* NYC's dates are city-local: importer, server and this test read them
   * in New York's zone */
  g_setenv ("TZ", "America/New_York", TRUE);
  g_test_init (&argc, &argv, NULL);

  dir = civic_test_mkdtemp ();
  db = g_build_filename (dir, "nyc.db", NULL);
  csv = fixture_csv ();
  run_import (db, csv, &first_status, &first_out, &first_err);
  civic_test_add_user (db, "morgan", "manager", "DOT", PASSWORD);
  server = civic_test_server_start (db, NULL);
  token = civic_test_login (server, "morgan", PASSWORD);

  g_test_add_func ("/import-csv/fixture-counts", test_fixture_counts);
  g_test_add_func ("/import-csv/rows-field-by-field", test_rows_field_by_field);
  g_test_add_func ("/import-csv/reimport-updates", test_reimport_updates);
  g_test_add_func ("/import-csv/broken-rows", test_broken_rows);
  g_test_add_func ("/import-csv/unreadable-file", test_unreadable_file);
  g_test_add_func ("/import-csv/open311-hides-reporter", test_open311_hides_reporter);
  result = g_test_run ();

  civic_test_server_stop (server);
  civic_test_rm_rf (dir);
  g_free (token);
  g_free (first_out);
  g_free (first_err);
  g_free (db);
  g_free (dir);
  return result;
}
