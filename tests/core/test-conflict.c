/* test-conflict.c: the field-by-field merge of a stale case edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-conflict.h"

typedef struct
{
  const char *name;
  const char *ours;       /* the desk's PATCH body */
  const char *base;       /* the values it replaced */
  const char *server;     /* the case in the 409 answer */
  const char *resend;     /* what to send again */
  const char *conflicts;  /* "field=local|server;…" in the order of ours */
} MergeCase;

static const MergeCase cases[] = {
  { "no overlap",
    "{\"priority\":\"high\"}", "{\"priority\":\"normal\"}",
    "{\"priority\":\"normal\",\"assignee\":\"bob\",\"version\":4}",
    "{\"priority\":\"high\"}", "" },
  { "overlap: the server's value stands",
    "{\"priority\":\"high\"}", "{\"priority\":\"normal\"}",
    "{\"priority\":\"urgent\",\"version\":4}",
    "{}", "priority=\"high\"|\"urgent\"" },
  { "same change on both sides",
    "{\"state\":\"in_progress\"}", "{\"state\":\"new\"}",
    "{\"state\":\"in_progress\",\"version\":4}",
    "{}", "" },
  { "one field merges, one conflicts",
    "{\"state\":\"waiting\",\"priority\":\"high\"}", "{\"state\":\"new\",\"priority\":\"normal\"}",
    "{\"state\":\"acknowledged\",\"priority\":\"normal\"}",
    "{\"priority\":\"high\"}", "state=\"waiting\"|\"acknowledged\"" },
  { "assignee to nobody, server unchanged",
    "{\"assignee\":null}", "{\"assignee\":\"bob\"}",
    "{\"assignee\":\"bob\"}",
    "{\"assignee\":null}", "" },
  { "assignee to nobody, server reassigned",
    "{\"assignee\":null}", "{\"assignee\":\"bob\"}",
    "{\"assignee\":\"carol\"}",
    "{}", "assignee=null|\"carol\"" },
  { "assignee set, server unassigned (null)",
    "{\"assignee\":\"dan\"}", "{\"assignee\":\"bob\"}",
    "{\"assignee\":null}",
    "{}", "assignee=\"dan\"|null" },
  { "server deleted the field (absent = null)",
    "{\"status_notes\":\"Fixed\"}", "{\"status_notes\":\"Looking\"}",
    "{\"version\":9}",
    "{}", "status_notes=\"Fixed\"|null" },
  { "field absent on the server and in the base",
    "{\"status_notes\":\"Fixed\"}", "{\"status_notes\":null}",
    "{\"version\":9}",
    "{\"status_notes\":\"Fixed\"}", "" },
  { "tags: additions and removals replayed on the server's set",
    "{\"tags\":[\"water\",\"school\"]}", "{\"tags\":[\"water\",\"noise\"]}",
    "{\"tags\":[\"water\",\"noise\",\"urgent\"]}",
    "{\"tags\":[\"water\",\"urgent\",\"school\"]}", "" },
  { "tags: the server already has the result",
    "{\"tags\":[\"a\",\"b\"]}", "{\"tags\":[\"a\"]}",
    "{\"tags\":[\"B\",\"a\"]}",
    "{}", "" },
  { "tags: each side removed a different one",
    "{\"tags\":[\"a\",\"c\"]}", "{\"tags\":[\"a\",\"b\"]}",
    "{\"tags\":[\"b\"]}",
    "{\"tags\":[\"c\"]}", "" },
  { "the note always goes again",
    "{\"state\":\"closed\",\"note\":\"Filled the hole\"}", "{\"state\":\"in_progress\"}",
    "{\"state\":\"closed\"}",
    "{\"note\":\"Filled the hole\"}", "" },
  { "description changed on both sides",
    "{\"description\":\"Deep hole, two lanes\"}", "{\"description\":\"Hole\"}",
    "{\"description\":\"Hole by the school\"}",
    "{}", "description=\"Deep hole, two lanes\"|\"Hole by the school\"" },
  { "no base at all: only equal server values merge",
    "{\"priority\":\"low\"}", NULL,
    "{\"priority\":\"normal\"}",
    "{}", "priority=\"low\"|\"normal\"" },
};

static JsonObject *
object (const char *text)
{
  g_autoptr(JsonNode) node = NULL;

  if (text == NULL)
    return NULL;
  node = json_from_string (text, NULL);
  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
test_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const MergeCase *mc = &cases[i];
      g_autoptr(JsonObject) ours = object (mc->ours);
      g_autoptr(JsonObject) base = object (mc->base);
      g_autoptr(JsonObject) server = object (mc->server);
      g_autoptr(JsonObject) want = object (mc->resend);
      g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) civic_conflict_free);
      g_autoptr(JsonObject) got = civic_conflict_merge (ours, base, server, conflicts);
      g_autoptr(JsonNode) got_node = json_node_init_object (json_node_alloc (), got);
      g_autoptr(JsonNode) want_node = json_node_init_object (json_node_alloc (), want);
      g_autoptr(GString) listed = g_string_new (NULL);
      g_autofree char *got_text = json_to_string (got_node, FALSE);

      g_test_message ("%s: %s", mc->name, got_text);
      if (!json_node_equal (got_node, want_node))
        g_error ("%s: resend %s, want %s", mc->name, got_text, mc->resend);
      for (guint k = 0; k < conflicts->len; k++)
        {
          CivicConflict *c = g_ptr_array_index (conflicts, k);

          g_string_append_printf (listed, "%s%s=%s|%s", k > 0 ? ";" : "", c->field, c->local_value, c->server_value);
        }
      g_assert_cmpstr (listed->str, ==, mc->conflicts);
    }
}

/* NULL for conflicts is allowed: the merge alone */
static void
test_no_list (void)
{
  g_autoptr(JsonObject) ours = object ("{\"priority\":\"high\"}");
  g_autoptr(JsonObject) base = object ("{\"priority\":\"normal\"}");
  g_autoptr(JsonObject) server = object ("{\"priority\":\"low\"}");
  g_autoptr(JsonObject) got = civic_conflict_merge (ours, base, server, NULL);

  g_assert_cmpuint (json_object_get_size (got), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/conflict/table", test_table);
  g_test_add_func ("/conflict/no-list", test_no_list);
  return g_test_run ();
}
