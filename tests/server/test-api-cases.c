/* test-api-cases.c: the staff case API against the real server — every
 * queue filter leaves exactly the expected cases, sorting and paging,
 * creation from each channel, the update flow with If-Match, closing
 * notes, merge, all-or-nothing bulk changes, and hostile input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-api-cases-util.h"

/* GET /api/v1/cases?QUERY&sort=request_id as @token → "id,id,…" */
static char *
query_ids (City       *c,
           const char *token,
           const char *query,
           guint       expect_status)
{
  g_autofree char *path = strstr (query, "sort=") != NULL
    ? g_strdup_printf ("/api/v1/cases?%s", query)
    : g_strdup_printf ("/api/v1/cases?%s%ssort=request_id", query, *query ? "&" : "");
  guint status = 0;
  g_autoptr(JsonNode) reply = city_call (c, token, "GET", path, NULL, &status);

  if (status != expect_status)
    g_error ("GET %s gave %u, not %u: %s", path, status, expect_status, civic_test_last_body ());
  if (status != 200)
    return g_strdup (civic_test_last_body ());
  return city_ids (reply);
}

static char *
join (const char *a, ...) G_GNUC_NULL_TERMINATED;

static char *
join (const char *a, ...)
{
  g_autoptr(GString) s = g_string_new (a);
  const char *next;
  va_list ap;

  va_start (ap, a);
  while ((next = va_arg (ap, const char *)) != NULL)
    g_string_append_printf (s, ",%s", next);
  va_end (ap);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

#define ASSERT_QUERY(c, token, query, ...) \
  G_STMT_START { \
    g_autofree char *got_ = query_ids (c, token, query, 200); \
    g_autofree char *want_ = join (__VA_ARGS__, NULL); \
    if (g_strcmp0 (got_, want_) != 0) \
      g_error ("?%s gave [%s], expected [%s]", query, got_, want_); \
  } G_STMT_END

static void
test_filters (City *c, gconstpointer data)
{
  g_autofree char *a = city_create (c, c->avi, "{\"service_code\": \"pothole\", \"channel\": \"web\", "
                                    "\"description\": \"Broken sidewalk near the school\", \"tags\": [\"#Kids\"], "
                                    "\"priority\": \"high\", \"address\": \"1 School Lane\"}");
  g_autofree char *b = city_create (c, c->avi, "{\"service_code\": \"graffiti\", \"channel\": \"phone\", "
                                    "\"description\": \"Paint all over the bridge\"}");
  g_autofree char *d = city_create (c, c->avi, "{\"service_code\": \"streetlight\", \"channel\": \"mobile\", "
                                    "\"description\": \"Lamp out\", \"address\": \"40 Elm Street\", \"assignee\": \"sam\"}");
  g_autofree char *e = city_create (c, c->avi, "{\"service_code\": \"pothole\", \"channel\": \"field\", "
                                    "\"description\": \"Deep pothole\", \"tags\": [\"kids\", \"night\"]}");
  g_autofree char *sql = NULL;
  g_autoptr(JsonNode) closed = NULL;
  guint status = 0;

  closed = city_patch (c, c->mona, e, "{\"state\": \"closed\", \"status_notes\": \"Filled\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  /* a's request in January, d overdue */
  sql = g_strdup_printf ("UPDATE cases SET requested = 1768003200 WHERE request_id = '%s';"   /* 2026-01-10 */
                         "UPDATE cases SET expected = 1000 WHERE request_id = '%s';", a, d);
  g_free (civic_test_sql (c->db, sql));

  ASSERT_QUERY (c, c->sam, "", a, b, d, e);
  ASSERT_QUERY (c, c->sam, "state=new", a, b, d);
  ASSERT_QUERY (c, c->sam, "state=closed", e);
  ASSERT_QUERY (c, c->sam, "state=closed,new", a, b, d, e);
  ASSERT_QUERY (c, c->sam, "department=parks", b);
  ASSERT_QUERY (c, c->sam, "department=roads", a, d, e);
  ASSERT_QUERY (c, c->sam, "service=pothole", a, e);
  ASSERT_QUERY (c, c->sam, "service=pothole,graffiti", a, b, e);
  ASSERT_QUERY (c, c->sam, "assignee=me", d);
  ASSERT_QUERY (c, c->pia, "assignee=sam", d);
  ASSERT_QUERY (c, c->sam, "assignee=none", a, b, e);
  ASSERT_QUERY (c, c->sam, "channel=mobile", d);
  ASSERT_QUERY (c, c->sam, "channel=web,field", a, e);
  ASSERT_QUERY (c, c->sam, "overdue=true", d);
  ASSERT_QUERY (c, c->sam, "overdue=false", a, b, e);
  ASSERT_QUERY (c, c->sam, "tag=kids", a, e);
  ASSERT_QUERY (c, c->sam, "tag=%23NIGHT", e);
  ASSERT_QUERY (c, c->sam, "from=2026-01-01T00:00:00Z&to=2026-01-31T23:59:59Z", a);
  ASSERT_QUERY (c, c->sam, "to=2026-01-31T23:59:59Z", a);
  ASSERT_QUERY (c, c->sam, "q=sidewalk", a);
  ASSERT_QUERY (c, c->sam, "q=SIDEW", a);            /* a prefix, any case */
  ASSERT_QUERY (c, c->sam, "q=elm%20street", d);     /* the address */
  ASSERT_QUERY (c, c->sam, "q=graffiti", b);         /* the service name */
  ASSERT_QUERY (c, c->sam, "q=pothole%20deep", e);   /* every word */
  {
    g_autofree char *q = g_strdup_printf ("q=%s", b);

    ASSERT_QUERY (c, c->sam, q, b);                   /* a tracking number, exactly */
  }
  ASSERT_QUERY (c, c->sam, "department=roads&state=new&service=pothole", a);
  {
    g_autofree char *none = query_ids (c, c->sam, "q=nothing-like-this", 200);

    g_assert_cmpstr (none, ==, "");
  }
}

static void
test_hostile_filters (City *c, gconstpointer data)
{
  g_autofree char *a = city_create (c, c->avi, "{\"service_code\": \"pothole\", \"description\": \"O'Brien's corner\"}");
  const char *harmless[] = {
    "q=%27%3B%20DROP%20TABLE%20cases%3B%20--",
    "q=%22%20OR%201%3D1%20--",
    "q=*%20NEAR%20%28a%20b%29",
    "q=%25%25%25",
    "department=roads%27%20OR%20%271%27%3D%271",
    "service=x%27)%20UNION%20SELECT%201--",
    "assignee=%27%20OR%201%3D1--",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (harmless); i++)
    {
      g_autofree char *got = query_ids (c, c->sam, harmless[i], 200);

      g_assert_cmpstr (got, ==, "");
    }
  /* quotes inside words still find the case */
  ASSERT_QUERY (c, c->sam, "q=O%27Brien", a);
  ASSERT_QUERY (c, c->sam, "", a);
  g_assert_cmpint (civic_test_sql_int (c->db, "SELECT COUNT(*) FROM cases"), ==, 1);
}

static void
test_validation (City *c, gconstpointer data)
{
  struct { const char *query; const char *words; } bad[] = {
    { "state=bogus", "is not a case state" },
    { "state=new,,closed", "empty item" },
    { "channel=fax", "is not a channel" },
    { "overdue=maybe", "true or false" },
    { "tag=two%20words", "is not a tag" },
    { "from=yesterday", "from= must be a date" },
    { "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "range is empty" },
    { "sort=colour", "sort= must be one of" },
    { "limit=0", "limit= must be a whole number from 1 to 1000" },
    { "limit=99999999", "limit= must be a whole number from 1 to 1000" },
    { "limit=ten", "limit= must be" },
    { "offset=-1", "offset= must be" },
    { "offset=5&after=abc", "either offset= or after=" },
    { "after=%21%21", "not a cursor" },
    { "colour=red", "is not a case filter" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *body = query_ids (c, c->sam, bad[i].query, 400);

      if (strstr (body, bad[i].words) == NULL)
        g_error ("?%s answered %s, without “%s”", bad[i].query, body, bad[i].words);
    }
  /* and the server still serves */
  ASSERT_QUERY (c, c->sam, "limit=1000", "");
}

static void
test_sort_and_paging (City *c, gconstpointer data)
{
  g_autofree char *ids[7] = { NULL, };
  const char *priorities[] = { "low", "urgent", "normal", "high", "normal", "urgent", "low" };
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *next = NULL;
  guint i, pages = 0;

  for (i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"service_code\": \"pothole\", \"priority\": \"%s\"}", priorities[i]);

      ids[i] = city_create (c, c->avi, json);
    }
  {
    g_autofree char *asc = query_ids (c, c->sam, "", 200);
    g_autofree char *want = join (ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], NULL);
    guint status = 0;
    g_autoptr(JsonNode) desc = city_call (c, c->sam, "GET", "/api/v1/cases?sort=-request_id", NULL, &status);
    g_autofree char *desc_ids = city_ids (desc);
    g_autofree char *want_desc = join (ids[6], ids[5], ids[4], ids[3], ids[2], ids[1], ids[0], NULL);

    g_assert_cmpstr (asc, ==, want);
    g_assert_cmpstr (desc_ids, ==, want_desc);
  }
  {
    /* urgent first; ties by creation order reversed (the id breaks ties) */
    guint status = 0;
    g_autoptr(JsonNode) reply = city_call (c, c->sam, "GET", "/api/v1/cases?sort=-priority", NULL, &status);
    g_autofree char *got = city_ids (reply);
    g_autofree char *want = join (ids[5], ids[1], ids[3], ids[4], ids[2], ids[6], ids[0], NULL);

    g_assert_cmpstr (got, ==, want);
  }

  /* the queue's other columns sort too (saved views keep them) */
  {
    const char *by[] = { "-address", "address", "channel", "-channel" };

    for (guint k = 0; k < G_N_ELEMENTS (by); k++)
      {
        g_autofree char *query = g_strdup_printf ("sort=%s", by[k]);
        g_autofree char *got = query_ids (c, c->sam, query, 200);
        g_auto(GStrv) listed = g_strsplit (got, ",", -1);

        g_assert_cmpuint (g_strv_length (listed), ==, 7);
      }
  }

  /* keyset pages of 3 walk every case exactly once, total stays 7 */
  do
    {
      g_autofree char *path = next != NULL
        ? g_strdup_printf ("/api/v1/cases?sort=-priority&limit=3&after=%s", next)
        : g_strdup ("/api/v1/cases?sort=-priority&limit=3");
      guint status = 0;
      g_autoptr(JsonNode) reply = city_call (c, c->sam, "GET", path, NULL, &status);
      JsonObject *obj;
      g_autofree char *page = NULL;

      g_assert_cmpuint (status, ==, 200);
      obj = json_node_get_object (reply);
      g_assert_cmpint (json_object_get_int_member (obj, "total"), ==, 7);
      page = city_ids (reply);
      g_string_append_printf (seen, "%s%s", seen->len > 0 ? "," : "", page);
      g_free (next);
      next = g_strdup (json_object_get_null_member (obj, "next") ? NULL : json_object_get_string_member (obj, "next"));
      pages++;
    }
  while (next != NULL);
  g_assert_cmpuint (pages, ==, 3);
  {
    g_autofree char *want = join (ids[5], ids[1], ids[3], ids[4], ids[2], ids[6], ids[0], NULL);

    g_assert_cmpstr (seen->str, ==, want);
  }
  /* offset paging */
  {
    g_autofree char *got = query_ids (c, c->sam, "limit=2&offset=5", 200);
    g_autofree char *want = join (ids[5], ids[6], NULL);

    g_assert_cmpstr (got, ==, want);
  }
}

static void
test_create_channels (City *c, gconstpointer data)
{
  const char *channels[] = { "phone", "web", "mobile", "social", "field", "internal" };
  g_autofree char *long_text = g_strnfill (4001, 'x');
  g_autofree char *ok_text = g_strnfill (4000, 'y');
  struct { const char *json; const char *words; } bad[] = {
    { "{\"description\": \"no service\"}", "needs a “service_code”" },
    { "{\"service_code\": \"unicorn\"}", "There is no service “unicorn”" },
    { "{\"service_code\": \"pothole\", \"lat\": 200, \"long\": 10}", "“lat” must be between -90 and 90" },
    { "{\"service_code\": \"pothole\", \"lat\": 10, \"long\": -181}", "“long” must be between -180 and 180" },
    { "{\"service_code\": \"pothole\", \"lat\": 10}", "Give both “lat” and “long”" },
    { "{\"service_code\": \"pothole\", \"lat\": \"north\", \"long\": 3}", "“lat” must be a number" },
    { "{\"service_code\": \"pothole\", \"channel\": \"pigeon\"}", "is not a channel" },
    { "{\"service_code\": \"pothole\", \"priority\": \"asap\"}", "is not a priority" },
    { "{\"service_code\": \"pothole\", \"tags\": [\"two words\"]}", "is not a tag" },
    { "{\"service_code\": \"pothole\", \"tags\": \"one\"}", "must be a list of tags" },
    { "{\"service_code\": \"pothole\", \"reporter\": {\"email\": \"nobody\"}}", "is not an email address" },
    { "{\"service_code\": \"pothole\", \"department\": \"moon\"}", "There is no department “moon”" },
    { "{\"service_code\": \"pothole\", \"assignee\": \"ghost\"}", "There is no staff user “ghost”" },
    { "{\"service_code\": \"pothole\", \"colour\": \"red\"}", "“colour” is not a case field" },
    { "{\"service_code\": 42}", "“service_code” must be text" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (channels); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"service_code\": \"pothole\", \"channel\": \"%s\", "
                                               "\"location\": {\"lat\": 52.5, \"long\": 13.4, \"address\": \"Main St %u\"}, "
                                               "\"reporter\": {\"name\": \"Lee\", \"email\": \"lee@example.org\", \"phone\": \"555-0100\"}}",
                                               channels[i], i);
      guint status = 0;
      g_autoptr(JsonNode) reply = city_call (c, c->avi, "POST", "/api/v1/cases", json, &status);
      JsonObject *kase;

      g_assert_cmpuint (status, ==, 201);
      kase = city_member (reply, "case");
      g_assert_cmpstr (json_object_get_string_member (kase, "channel"), ==, channels[i]);
      g_assert_cmpstr (json_object_get_string_member (kase, "state"), ==, "new");
      g_assert_cmpstr (json_object_get_string_member (kase, "department"), ==, "roads");
      g_assert_cmpstr (json_object_get_string_member (kase, "reporter_email"), ==, "lee@example.org");
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (kase, "lat"), 52.5, 1e-9);
      g_assert_cmpint (json_object_get_int_member (kase, "version"), ==, 1);
    }
  {
    g_autofree char *chan = query_ids (c, c->sam, "channel=social", 200);

    g_assert_cmpuint (strlen (chan), >, 0);
    g_assert_null (strchr (chan, ','));
  }

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      guint status = 0;
      g_autoptr(JsonNode) reply = city_call (c, c->avi, "POST", "/api/v1/cases", bad[i].json, &status);

      if (status != 400 || strstr (civic_test_last_body (), bad[i].words) == NULL)
        g_error ("%s gave %u %s, expected 400 with “%s”", bad[i].json, status, civic_test_last_body (), bad[i].words);
    }
  {
    g_autofree char *json = g_strdup_printf ("{\"service_code\": \"pothole\", \"description\": \"%s\"}", long_text);
    guint status = 0;
    g_autoptr(JsonNode) reply = city_call (c, c->avi, "POST", "/api/v1/cases", json, &status);

    g_assert_cmpuint (status, ==, 400);
    g_assert_nonnull (strstr (civic_test_last_body (), "4001 characters long; at most 4000"));
  }
  {
    g_autofree char *json = g_strdup_printf ("{\"service_code\": \"pothole\", \"description\": \"%s\"}", ok_text);
    g_autofree char *id = city_create (c, c->avi, json);

    g_assert_nonnull (id);
  }
  g_assert_cmpint (civic_test_sql_int (c->db, "SELECT COUNT(*) FROM cases"), ==, G_N_ELEMENTS (channels) + 1);
}

static JsonArray *
timeline (City *c, const char *id, JsonNode **keep)
{
  g_autofree char *path = g_strconcat ("/api/v1/cases/", id, NULL);
  guint status = 0;

  *keep = city_call (c, c->sam, "GET", path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_object_get_array_member (json_node_get_object (*keep), "timeline");
}

static gboolean
has_event (JsonArray *events, const char *kind, const char *old_value, const char *new_value, const char *body)
{
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);

      if (g_strcmp0 (json_object_get_string_member (e, "kind"), kind) == 0 &&
          (old_value == NULL || g_strcmp0 (json_object_get_string_member (e, "old_value"), old_value) == 0) &&
          (new_value == NULL || g_strcmp0 (json_object_get_string_member (e, "new_value"), new_value) == 0) &&
          (body == NULL || g_strcmp0 (json_object_get_string_member (e, "body"), body) == 0))
        return TRUE;
    }
  return FALSE;
}

static void
test_update_flow (City *c, gconstpointer data)
{
  g_autofree char *id = city_create (c, c->avi, "{\"service_code\": \"pothole\", \"tags\": [\"old\"]}");
  g_autofree char *path = g_strconcat ("/api/v1/cases/", id, NULL);
  g_autoptr(JsonNode) tl = NULL;
  JsonArray *events;
  JsonObject *kase;
  guint status = 0;

  /* a follower hears about changes */
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO follows (username, kind, target, created, seq) "
                                            "VALUES ('pia', 'case', '%s', 0, 0)", id);

    g_free (civic_test_sql (c->db, sql));
  }
  {
    g_autoptr(JsonNode) r = city_call (c, c->sam, "PATCH", path, "{\"state\": \"in_progress\"}", &status);

    g_assert_cmpuint (status, ==, 428);
    g_assert_nonnull (strstr (civic_test_last_body (), "If-Match"));
  }
  {
    g_autoptr(JsonNode) r = civic_test_request (c->server, "PATCH", path, c->sam, "{\"state\": \"in_progress\"}",
                                                NULL, &status, "If-Match", "soon", NULL);

    g_assert_cmpuint (status, ==, 400);
  }
  {
    g_autoptr(JsonNode) r = city_patch (c, c->sam, id, "{\"state\": \"in_progress\", \"assignee\": \"sam\", "
                                        "\"priority\": \"urgent\", \"note\": \"crew on the way\"}", &status);

    g_assert_cmpuint (status, ==, 200);
    kase = city_member (r, "case");
    g_assert_cmpstr (json_object_get_string_member (kase, "state"), ==, "in_progress");
    g_assert_cmpstr (json_object_get_string_member (kase, "assignee"), ==, "sam");
    g_assert_cmpstr (json_object_get_string_member (kase, "priority"), ==, "urgent");
    g_assert_cmpint (json_object_get_int_member (kase, "version"), ==, 2);
  }
  /* a desk still holding version 1 is told, and shown the case as it is */
  {
    g_autoptr(JsonNode) r = civic_test_request (c->server, "PATCH", path, c->mona, "{\"priority\": \"low\"}",
                                                NULL, &status, "If-Match", "1", NULL);

    g_assert_cmpuint (status, ==, 409);
    g_assert_nonnull (strstr (civic_test_last_body (), "Someone else changed"));
    kase = city_member (r, "case");
    g_assert_cmpint (json_object_get_int_member (kase, "version"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (kase, "priority"), ==, "urgent");
  }
  /* … and retries with the version it was shown */
  {
    g_autoptr(JsonNode) r = civic_test_request (c->server, "PATCH", path, c->mona, "{\"priority\": \"high\"}",
                                                NULL, &status, "If-Match", "\"2\"", "Idempotency-Key", "patch-1", NULL);
    g_autoptr(JsonNode) again = NULL;

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (city_member (r, "case"), "version"), ==, 3);
    /* the same write retried is answered from the first, not refused as stale */
    again = civic_test_request (c->server, "PATCH", path, c->mona, "{\"priority\": \"high\"}",
                                NULL, &status, "If-Match", "\"2\"", "Idempotency-Key", "patch-1", NULL);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (city_member (again, "case"), "version"), ==, 3);
    g_assert_cmpint (city_version (c, id), ==, 3);
  }
  {
    g_autoptr(JsonNode) r = civic_test_request (c->server, "PATCH", path, c->sam, "{\"state\": ",
                                                NULL, &status, "If-Match", "3", NULL);

    g_assert_cmpuint (status, ==, 400);
    g_assert_nonnull (strstr (civic_test_last_body (), "not valid JSON"));
  }
  {
    g_autoptr(JsonNode) r = city_patch (c, c->sam, id, "{\"state\": \"closed\"}", &status);

    g_assert_cmpuint (status, ==, 400);
    g_assert_nonnull (strstr (civic_test_last_body (), "needs a resolution note"));
  }
  {
    g_autoptr(JsonNode) r = city_patch (c, c->sam, id, "{\"state\": \"closed\", \"status_notes\": \"   \"}", &status);

    g_assert_cmpuint (status, ==, 400);
  }
  {
    g_autoptr(JsonNode) r = city_patch (c, c->sam, id, "{\"state\": \"closed\", \"status_notes\": \"Filled with asphalt\"}",
                                        &status);

    g_assert_cmpuint (status, ==, 200);
    kase = city_member (r, "case");
    g_assert_cmpstr (json_object_get_string_member (kase, "status"), ==, "closed");
    g_assert_cmpstr (json_object_get_string_member (kase, "status_notes"), ==, "Filled with asphalt");
    g_assert_false (json_object_get_null_member (kase, "closed_datetime"));
    g_assert_cmpint (json_object_get_int_member (kase, "version"), ==, 4);
  }
  {
    g_autoptr(JsonNode) r = city_patch (c, c->sam, id, "{\"state\": \"acknowledged\"}", &status);

    g_assert_cmpuint (status, ==, 200);
    kase = city_member (r, "case");
    g_assert_cmpstr (json_object_get_string_member (kase, "status"), ==, "open");
    g_assert_true (json_object_get_null_member (kase, "closed_datetime"));
  }
  {
    g_autoptr(JsonNode) r = city_patch (c, c->avi, id, "{\"tags\": [\"new\", \"Old\"], \"description\": \"Hole, 1 m wide\"}",
                                        &status);

    g_assert_cmpuint (status, ==, 200);
  }
  {
    struct { const char *json; const char *words; } bad[] = {
      { "{\"state\": \"done\"}", "is not a case state" },
      { "{\"priority\": \"asap\"}", "is not a priority" },
      { "{\"assignee\": \"ghost\"}", "There is no staff user" },
      { "{\"department\": \"moon\"}", "There is no department" },
      { "{\"department\": null}", "always belongs to a department" },
      { "{\"colour\": \"red\"}", "cannot be changed here" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(JsonNode) r = city_patch (c, c->mona, id, bad[i].json, &status);

        if (status != 400 || strstr (civic_test_last_body (), bad[i].words) == NULL)
          g_error ("%s gave %u %s", bad[i].json, status, civic_test_last_body ());
      }
  }

  events = timeline (c, id, &tl);
  g_assert_true (has_event (events, "created", NULL, "new", NULL));
  g_assert_true (has_event (events, "status_changed", "new", "in_progress", NULL));
  g_assert_true (has_event (events, "note", NULL, NULL, "crew on the way"));
  g_assert_true (has_event (events, "assigned", NULL, "sam", NULL));
  g_assert_true (has_event (events, "priority_changed", "normal", "urgent", NULL));
  g_assert_true (has_event (events, "status_changed", "in_progress", "closed", "Filled with asphalt"));
  g_assert_true (has_event (events, "status_changed", "closed", "acknowledged", NULL));
  g_assert_true (has_event (events, "tag_added", NULL, "new", NULL));
  g_assert_false (has_event (events, "tag_removed", NULL, NULL, NULL));
  g_assert_true (has_event (events, "description_changed", NULL, "Hole, 1 m wide", NULL));
  {
    JsonObject *first = json_array_get_object_element (events, 0);

    g_assert_true (json_object_has_member (first, "created"));
    g_assert_true (json_object_has_member (first, "author"));
    g_assert_true (json_object_has_member (first, "public"));
  }

  /* audit before → after, followers notified */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM audit WHERE entity = 'case' AND entity_id = '%s' "
                                            "AND action = 'update' AND before LIKE '%%\"priority\":\"normal\"%%' "
                                            "AND after LIKE '%%\"priority\":\"urgent\"%%'", id);

    g_assert_cmpint (civic_test_sql_int (c->db, sql), ==, 1);
  }
  g_assert_cmpint (civic_test_sql_int (c->db, "SELECT COUNT(*) FROM notifications WHERE username = 'pia' AND kind = 'case'"),
                   ==, 5);
  {
    g_autoptr(JsonNode) r = city_call (c, c->sam, "GET", "/api/v1/cases/311-1999-999999", NULL, &status);

    g_assert_cmpuint (status, ==, 404);
    g_assert_nonnull (strstr (civic_test_last_body (), "There is no case 311-1999-999999"));
  }
}

static void
test_notes (City *c, gconstpointer data)
{
  g_autofree char *id = city_create (c, c->avi, "{\"service_code\": \"pothole\"}");
  g_autofree char *path = g_strconcat ("/api/v1/cases/", id, "/notes", NULL);
  g_autoptr(JsonNode) tl = NULL;
  JsonArray *events;
  guint status = 0;

  {
    g_autoptr(JsonNode) r = city_call (c, c->sam, "POST", path, "{\"body\": \"Checked on site\"}", &status);

    g_assert_cmpuint (status, ==, 201);
    g_assert_false (json_object_get_boolean_member (city_member (r, "event"), "public"));
    g_assert_cmpint (json_object_get_int_member (city_member (r, "case"), "version"), ==, 1);
  }
  {
    g_autoptr(JsonNode) r = city_call (c, c->sam, "POST", path, "{\"body\": \"We will fix it this week\", \"public\": true}",
                                       &status);

    g_assert_cmpuint (status, ==, 201);
  }
  {
    g_autoptr(JsonNode) r = city_call (c, c->sam, "POST", path, "{\"body\": \"\"}", &status);

    g_assert_cmpuint (status, ==, 400);
  }
  {
    g_autoptr(JsonNode) r = city_call (c, c->sam, "POST", path, "{\"body\": \"x\", \"public\": \"yes\"}", &status);

    g_assert_cmpuint (status, ==, 400);
  }
  events = timeline (c, id, &tl);
  g_assert_cmpuint (json_array_get_length (events), ==, 3);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (events, 1), "public"));
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (events, 2), "public"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 2), "author"), ==, "sam");
}

static void
test_merge (City *c, gconstpointer data)
{
  g_autofree char *orig = city_create (c, c->avi, "{\"service_code\": \"pothole\", \"description\": \"Hole at 5th\"}");
  g_autofree char *dup = city_create (c, c->avi, "{\"service_code\": \"pothole\", \"description\": \"Same hole\", "
                                      "\"reporter\": {\"name\": \"Rae\", \"phone\": \"555-0199\"}}");
  g_autofree char *other = city_create (c, c->avi, "{\"service_code\": \"pothole\"}");
  g_autofree char *closed = city_create (c, c->avi, "{\"service_code\": \"pothole\"}");
  g_autofree char *dup_path = g_strconcat ("/api/v1/cases/", dup, "/merge", NULL);
  g_autofree char *other_path = g_strconcat ("/api/v1/cases/", other, "/merge", NULL);
  g_autofree char *into_orig = g_strdup_printf ("{\"into\": \"%s\"}", orig);
  g_autoptr(JsonNode) tl1 = NULL;
  g_autoptr(JsonNode) tl2 = NULL;
  g_autofree char *also = g_strdup_printf ("Also reported by Rae, 555-0199 (from %s, merged into this case)", dup);
  g_autofree char *dup_of = g_strdup_printf ("Duplicate of %s", orig);
  JsonObject *kase;
  guint status = 0;

  {
    g_autoptr(JsonNode) r = city_patch (c, c->mona, closed, "{\"state\": \"closed\", \"note\": \"done\"}", &status);

    g_assert_cmpuint (status, ==, 200);
  }
  {
    g_autoptr(JsonNode) r = city_call (c, c->mona, "POST", dup_path, into_orig, &status);

    g_assert_cmpuint (status, ==, 200);
    kase = city_member (r, "case");
    g_assert_cmpstr (json_object_get_string_member (kase, "state"), ==, "closed");
    g_assert_cmpstr (json_object_get_string_member (kase, "duplicate_of"), ==, orig);
    g_assert_cmpstr (json_object_get_string_member (kase, "status_notes"), ==, dup_of);
    g_assert_cmpstr (json_object_get_string_member (city_member (r, "into"), "service_request_id"), ==, orig);
  }
  g_assert_true (has_event (timeline (c, dup, &tl1), "merged", NULL, orig, dup_of));
  g_assert_true (has_event (timeline (c, orig, &tl2), "merged", dup, NULL, NULL));
  g_assert_true (has_event (json_object_get_array_member (json_node_get_object (tl2), "timeline"), "note", NULL, NULL, also));

  {
    struct { const char *path; const char *json; const char *words; } bad[] = {
      { other_path, g_strdup_printf ("{\"into\": \"%s\"}", other), "cannot be merged into itself" },
      { other_path, g_strdup_printf ("{\"into\": \"%s\"}", dup), "was itself merged into" },
      { other_path, g_strdup_printf ("{\"into\": \"%s\"}", closed), "is closed" },
      { other_path, g_strdup ("{\"into\": \"311-1999-000001\"}"), "There is no case 311-1999-000001 to merge into" },
      { other_path, g_strdup ("{}"), "Say which case" },
      { dup_path, g_strdup_printf ("{\"into\": \"%s\"}", other), "was already merged" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(JsonNode) r = city_call (c, c->mona, "POST", bad[i].path, bad[i].json, &status);

        if (status != 400 || strstr (civic_test_last_body (), bad[i].words) == NULL)
          g_error ("merge %s gave %u %s", bad[i].json, status, civic_test_last_body ());
        g_free ((char *) bad[i].json);
      }
  }
  {
    g_autoptr(JsonNode) r = city_call (c, c->mona, "POST", "/api/v1/cases/311-1999-000001/merge", into_orig, &status);

    g_assert_cmpuint (status, ==, 404);
  }
}

static void
test_bulk (City *c, gconstpointer data)
{
  g_autofree char *r1 = city_create (c, c->avi, "{\"service_code\": \"pothole\", \"tags\": [\"a\"]}");
  g_autofree char *r2 = city_create (c, c->avi, "{\"service_code\": \"streetlight\"}");
  g_autofree char *p1 = city_create (c, c->avi, "{\"service_code\": \"graffiti\"}");
  g_autofree char *body = NULL;
  guint status = 0;

  /* an unknown case refuses everything */
  body = g_strdup_printf ("{\"ids\": [\"%s\", \"311-1999-000001\"], \"changes\": {\"priority\": \"high\"}}", r1);
  {
    g_autoptr(JsonNode) r = city_call (c, c->mona, "POST", "/api/v1/cases/bulk", body, &status);

    g_assert_cmpuint (status, ==, 400);
    g_assert_nonnull (strstr (civic_test_last_body (), "311-1999-000001"));
    g_assert_nonnull (strstr (civic_test_last_body (), "nothing was changed"));
  }
  /* a forbidden case too: sam (roads) may not touch the parks case */
  g_free (body);
  body = g_strdup_printf ("{\"ids\": [\"%s\", \"%s\", \"%s\"], \"changes\": {\"assignee\": \"sam\"}}", r1, r2, p1);
  {
    g_autoptr(JsonNode) r = city_call (c, c->sam, "POST", "/api/v1/cases/bulk", body, &status);

    g_assert_cmpuint (status, ==, 403);
    g_assert_nonnull (strstr (civic_test_last_body (), p1));
  }
  g_assert_cmpint (civic_test_sql_int (c->db, "SELECT COUNT(*) FROM cases WHERE priority <> 'normal' OR assignee IS NOT NULL"),
                   ==, 0);
  g_assert_cmpint (civic_test_sql_int (c->db, "SELECT COUNT(*) FROM case_events WHERE kind <> 'created'"), ==, 0);

  /* sam may for his own department */
  g_free (body);
  body = g_strdup_printf ("{\"ids\": [\"%s\", \"%s\"], \"changes\": {\"assignee\": \"sam\", \"state\": \"in_progress\"}}",
                          r1, r2);
  {
    g_autoptr(JsonNode) r = city_call (c, c->sam, "POST", "/api/v1/cases/bulk", body, &status);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (r), "count"), ==, 2);
  }
  /* a manager closes all three with one note, retags */
  g_free (body);
  body = g_strdup_printf ("{\"ids\": [\"%s\", \"%s\", \"%s\"], \"changes\": {\"state\": \"closed\", "
                          "\"note\": \"Storm clean-up\", \"add_tags\": [\"storm\"], \"remove_tags\": [\"A\"]}}",
                          r1, r2, p1);
  {
    g_autoptr(JsonNode) r = city_call (c, c->mona, "POST", "/api/v1/cases/bulk", body, &status);
    JsonArray *cases;

    g_assert_cmpuint (status, ==, 200);
    cases = json_object_get_array_member (json_node_get_object (r), "cases");
    g_assert_cmpuint (json_array_get_length (cases), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        JsonObject *k = json_array_get_object_element (cases, i);
        JsonArray *tags = json_object_get_array_member (k, "tags");

        g_assert_cmpstr (json_object_get_string_member (k, "state"), ==, "closed");
        /* an internal note closes the case but is never published */
        g_assert_true (json_object_get_null_member (k, "status_notes"));
        g_assert_cmpuint (json_array_get_length (tags), ==, 1);
        g_assert_cmpstr (json_array_get_string_element (tags, 0), ==, "storm");
      }
  }
  {
    g_autoptr(JsonNode) tl = NULL;
    JsonArray *events = timeline (c, r1, &tl);
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (events); i++)
      {
        JsonObject *e = json_array_get_object_element (events, i);

        if (g_strcmp0 (json_object_get_string_member (e, "body"), "Storm clean-up") == 0)
          {
            g_assert_cmpstr (json_object_get_string_member (e, "kind"), ==, "note");
            g_assert_false (json_object_get_boolean_member (e, "public"));
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
  {
    g_autofree char *tagged = query_ids (c, c->sam, "tag=storm", 200);
    g_autofree char *want = join (r1, r2, p1, NULL);

    g_assert_cmpstr (tagged, ==, want);
  }
  /* closing in bulk needs the note too; and the limits */
  {
    g_autoptr(GString) many = g_string_new ("{\"ids\": [");
    g_autoptr(JsonNode) r = NULL;

    for (guint i = 0; i < 501; i++)
      g_string_append_printf (many, "%s\"311-2026-%06u\"", i > 0 ? ", " : "", i);
    g_string_append (many, "], \"changes\": {\"priority\": \"low\"}}");
    r = city_call (c, c->mona, "POST", "/api/v1/cases/bulk", many->str, &status);
    g_assert_cmpuint (status, ==, 400);
    g_assert_nonnull (strstr (civic_test_last_body (), "at most 500"));
  }
  {
    g_autoptr(JsonNode) r = city_call (c, c->mona, "POST", "/api/v1/cases/bulk", "{\"ids\": [], \"changes\": {}}", &status);

    g_assert_cmpuint (status, ==, 400);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server/api-cases/filters", City, NULL, city_setup, test_filters, city_teardown);
  g_test_add ("/server/api-cases/hostile-filters", City, NULL, city_setup, test_hostile_filters, city_teardown);
  g_test_add ("/server/api-cases/validation", City, NULL, city_setup, test_validation, city_teardown);
  g_test_add ("/server/api-cases/sort-and-paging", City, NULL, city_setup, test_sort_and_paging, city_teardown);
  g_test_add ("/server/api-cases/create-channels", City, NULL, city_setup, test_create_channels, city_teardown);
  g_test_add ("/server/api-cases/update-flow", City, NULL, city_setup, test_update_flow, city_teardown);
  g_test_add ("/server/api-cases/notes", City, NULL, city_setup, test_notes, city_teardown);
  g_test_add ("/server/api-cases/merge", City, NULL, city_setup, test_merge, city_teardown);
  g_test_add ("/server/api-cases/bulk", City, NULL, city_setup, test_bulk, city_teardown);
  return g_test_run ();
}
