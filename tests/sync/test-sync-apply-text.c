/* test-sync-apply-text.c: the text fast path of a changes page
 *
 * civic_sync_apply_page_text() must give exactly the replica that the
 * json-glib path (civic_sync_apply_page) gives for the server's real
 * pages, and must refuse broken text in words, applying nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sync-test-util.h"

#include "civic-error.h"
#include "civic-sync-apply.h"

static SyncCity *city;

typedef struct
{
  char       *dir;
  char       *path;
  CivicStore *store;
} Replica;

static Replica *
replica_new (const char *name)
{
  Replica *r = g_new0 (Replica, 1);
  g_autoptr(GError) error = NULL;

  r->dir = civic_test_mkdtemp ();
  r->path = g_build_filename (r->dir, name, NULL);
  r->store = civic_store_open (r->path, &error);
  g_assert_no_error (error);
  return r;
}

static void
replica_free (Replica *r)
{
  g_object_unref (r->store);
  civic_test_rm_rf (r->dir);
  g_free (r->path);
  g_free (r->dir);
  g_free (r);
}

/* rows and a checksum of the columns a clerk sees */
static char *
replica_digest (Replica *r)
{
  g_autofree char *cases = civic_test_sql (r->path,
    "SELECT count(*) || ':' || sum(length(service_request_id || state || ifnull(description, '') ||"
    " ifnull(address, '') || priority || channel || ifnull(tags, '') || ifnull(requested, '') ||"
    " ifnull(updated, '') || ifnull(lat, '') || ifnull(lon, '') || version || ifnull(assignee, '') ||"
    " ifnull(reporter_email, '') || ifnull(status_notes, ''))) ||"
    " ':' || sum(unicode(ifnull(description, 'x')) * id) FROM cases");
  g_autofree char *events = civic_test_sql (r->path,
    "SELECT count(*) || ':' || sum(length(case_id || kind || ifnull(author, '') || ifnull(body, '') ||"
    " created || ifnull(old_value, '') || ifnull(new_value, ''))) FROM case_events");
  g_autofree char *other = civic_test_sql (r->path,
    "SELECT (SELECT count(*) FROM users) || ':' || (SELECT count(*) FROM departments) || ':' ||"
    " (SELECT count(*) FROM services) || ':' || (SELECT ifnull(value, '') FROM meta WHERE key = 'sync.cursor')");

  return g_strdup_printf ("cases %s events %s other %s", cases, events, other);
}

static void
test_same_replica (void)
{
  Replica *old_path = replica_new ("json-glib.store");
  Replica *text_path = replica_new ("text.store");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gint64 cursor = 0;
  gboolean more = TRUE;
  guint pages = 0;

  while (more)
    {
      g_autofree char *path = g_strdup_printf ("api/v1/changes?after=%" G_GINT64_FORMAT "&limit=97", cursor);
      guint status = 0;
      g_autoptr(JsonNode) root = civic_test_request (city->server, "GET", path, city->token, NULL, NULL, &status, NULL);
      g_autofree char *text = g_strdup (civic_test_last_body ());
      JsonObject *o;
      CivicApplySummary s1 = { 0 }, s2 = { 0 };
      g_autoptr(GError) error = NULL;
      gint64 next = -1;
      gboolean text_more = FALSE;

      g_assert_cmpuint (status, ==, 200);
      o = json_node_get_object (root);
      g_assert_true (civic_sync_apply_page (old_path->store, json_object_get_array_member (o, "changes"),
                                            json_object_get_int_member (o, "next"), &s1, &error));
      g_assert_no_error (error);
      g_assert_true (civic_sync_apply_page_text (text_path->store, text, strlen (text), &next, &text_more, &s2, &error));
      g_assert_no_error (error);
      g_assert_cmpint (next, ==, json_object_get_int_member (o, "next"));
      g_assert_cmpint (text_more, ==, json_object_get_boolean_member (o, "more"));
      g_assert_cmpuint (s1.n_applied, ==, s2.n_applied);
      g_assert_cmpuint (s1.kinds, ==, s2.kinds);
      g_assert_cmpuint (s1.request_ids != NULL ? s1.request_ids->len : 0, ==,
                        s2.request_ids != NULL ? s2.request_ids->len : 0);
      civic_apply_summary_clear (&s1);
      civic_apply_summary_clear (&s2);
      cursor = next;
      more = text_more;
      pages++;
    }
  g_assert_cmpuint (pages, >, 1);

  a = replica_digest (old_path);
  b = replica_digest (text_path);
  g_test_message ("%s", a);
  g_assert_cmpstr (a, ==, b);
  g_assert_false (g_str_has_prefix (a, "cases 0:"));
  replica_free (old_path);
  replica_free (text_path);
}

/* a page applied, then @text refused in words with nothing changed */
static void
refused (const char *text,
         gssize      length,
         const char *words)
{
  Replica *r = replica_new ("refused.store");
  g_autoptr(GError) error = NULL;
  const char *good = "{\"changes\": [{\"entity\": \"case\", \"seq\": 1, \"data\": {\"service_request_id\": \"T-1\","
                     " \"description\": \"caf\\u00e9 \\\"quoted\\\"\", \"lat\": 40.5, \"tags\": [\"a\", \"b\"]}}],"
                     " \"next\": 1, \"more\": true}";
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (length < 0)
    length = strlen (text);
  g_assert_true (civic_sync_apply_page_text (r->store, good, strlen (good), NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  before = replica_digest (r);
  g_assert_false (civic_sync_apply_page_text (r->store, text, length, NULL, NULL, NULL, &error));
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, words));
  g_assert_true (g_str_has_prefix (error->message, "The service sent"));
  after = replica_digest (r);
  g_assert_cmpstr (before, ==, after);
  replica_free (r);
}

#define CASE(seq, data) "{\"entity\": \"case\", \"seq\": " #seq ", \"data\": " data "}"
#define PAGE(changes) "{\"changes\": [" changes "], \"next\": 9, \"more\": false}"

static void
test_malformed (void)
{
  const char *page = PAGE (CASE (2, "{\"service_request_id\": \"T-2\", \"description\": \"a long description\"}"));
  GString *deep = g_string_new ("{\"changes\": [{\"entity\": \"case\", \"seq\": 2, \"data\": {\"x\": ");

  /* truncated anywhere: never applied */
  for (gsize n = 0; n < strlen (page); n += 7)
    refused (page, (gssize) n, "");
  refused (page, (gssize) strlen (page) - 1, "ends inside");

  for (int i = 0; i < 200; i++)
    g_string_append_c (deep, '[');
  refused (deep->str, deep->len, "nested more than 64 levels deep");
  g_string_free (deep, TRUE);

  refused (PAGE (CASE (2, "{\"service_request_id\": \"T-2\", \"description\": \"bad \\x escape\"}")),
           -1, "unknown escape");
  refused (PAGE (CASE (2, "{\"service_request_id\": \"T-2\", \"description\": \"half \\ud800 pair\"}")),
           -1, "surrogate");
  refused (PAGE (CASE (2, "{\"service_request_id\": \"T-2\", \"description\": \"latin1 \xe9t\xe9\"}")),
           -1, "not valid UTF-8");
  refused (PAGE (CASE (2, "{\"service_request_id\": \"T-2\", \"description\": \"overlong \xc0\xaf\"}")),
           -1, "not valid UTF-8");
  refused (PAGE (CASE (2, "{\"service_request_id\": \"T-2\", \"lat\": \"40.7\"}")),
           -1, "“lat” is not a number");
  refused (PAGE (CASE (2, "{\"service_request_id\": \"T-2\", \"version\": \"3\"}")),
           -1, "“version” is not a whole number");
  refused (PAGE ("{\"entity\": \"case\", \"seq\": \"2\", \"data\": {\"service_request_id\": \"T-2\"}}"),
           -1, "“seq” is not a whole number");
  refused (PAGE (CASE (2, "{\"service_request_id\": \"T-2\", \"lat\": 01}")), -1, "");
  refused (PAGE (CASE (2, "{\"service_request_id\": \"T-2\", \"state\": \"lost\"}")), -1,
           "“lost” is not a case state");
  refused (PAGE (CASE (2, "{\"description\": \"no id\"}")), -1, "“service_request_id” is missing");
  /* a good case first: the page is refused whole */
  refused (PAGE (CASE (2, "{\"service_request_id\": \"T-2\"}") ", "
                 "{\"entity\": \"case_event\", \"seq\": 3, \"data\": {\"id\": 5, \"kind\": 7}}"),
           -1, "(case_event, change 3): “kind” is not text");
  refused (PAGE (CASE (2, "{\"service_request_id\": \"T-2\"}") ","), -1, "");
  refused ("{\"changes\": [], \"next\": 9}", -1, "“more” is missing");
  refused (PAGE ("") " trailing", -1, "more text follows");
}

/* members in another order, unknown members and entities, a department
 * through json-glib: all read as the json-glib path reads them */
static void
test_any_order (void)
{
  Replica *r = replica_new ("order.store");
  g_autoptr(GError) error = NULL;
  const char *page = PAGE (
    "{\"data\": {\"version\": 4, \"service_request_id\": \"T-9\", \"status\": \"closed\", \"new\": [1, {}],"
    " \"priority\": \"HIGH\", \"long\": -73, \"tags\": null}, \"seq\": 2, \"entity\": \"case\"},"
    "{\"entity\": \"department\", \"seq\": 3, \"data\": {\"id\": \"DOT\", \"name\": \"Transport\"}},"
    "{\"entity\": \"hologram\", \"seq\": 4, \"data\": {}}");
  g_autoptr(CivicCase) c = NULL;

  g_assert_true (civic_sync_apply_page_text (r->store, page, strlen (page), NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  c = civic_store_get_case (r->store, "T-9", &error);
  g_assert_no_error (error);
  g_assert_nonnull (c);
  g_assert_cmpint (civic_case_get_state (c), ==, CIVIC_CASE_STATE_CLOSED);
  g_assert_cmpint (civic_case_get_priority (c), ==, 4);
  g_assert_cmpfloat (civic_case_get_long (c), ==, -73.0);
  g_assert_cmpint (civic_test_sql_int (r->path, "SELECT count(*) FROM departments WHERE id = 'DOT'"), ==, 1);
  replica_free (r);
}

int
main (int argc, char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  city = sync_city_new (400);
  g_test_add_func ("/sync/apply-text/same-replica", test_same_replica);
  g_test_add_func ("/sync/apply-text/malformed", test_malformed);
  g_test_add_func ("/sync/apply-text/any-order", test_any_order);
  rc = g_test_run ();
  sync_city_free (city);
  return rc;
}
