/* civic-conflict.c: merging a stale case edit, field by field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-conflict.h"

void
civic_conflict_free (CivicConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->field);
  g_free (conflict->local_value);
  g_free (conflict->server_value);
  g_free (conflict);
}

/* A missing member and a JSON null mean the same: no value. */
static JsonNode *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static gboolean
same (JsonNode *a,
      JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return json_node_equal (a, b);
}

static char *
text_of (JsonNode *node)
{
  return node != NULL ? json_to_string (node, FALSE) : g_strdup ("null");
}

/* Tags as a set of case-folded names → the original spelling. */
static GHashTable *
tag_set (JsonNode *node)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *tag = json_array_get_string_element (array, i);

          if (tag != NULL)
            g_hash_table_insert (set, g_utf8_casefold (tag, -1), g_strdup (tag));
        }
    }
  return set;
}

static gboolean
set_equal (GHashTable *a,
           GHashTable *b)
{
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (b, key))
      return FALSE;
  return TRUE;
}

/* Tags are a set, and two desks tagging one case at once is the common
 * case, not a conflict: the desk's additions and removals are replayed on
 * the server's set. Returns the set to send, or NULL when the server's
 * set already is the result. */
static JsonNode *
merge_tags (JsonNode *ours,
            JsonNode *base,
            JsonNode *server)
{
  g_autoptr(GHashTable) o = tag_set (ours);
  g_autoptr(GHashTable) b = tag_set (base);
  g_autoptr(GHashTable) s = tag_set (server);
  g_autoptr(GHashTable) result = tag_set (server);
  g_autoptr(GList) keys = NULL;
  GHashTableIter iter;
  gpointer key, value;
  JsonArray *array;
  JsonNode *node;

  g_hash_table_iter_init (&iter, o);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (b, key))
      g_hash_table_insert (result, g_strdup (key), g_strdup (value));
  g_hash_table_iter_init (&iter, b);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (o, key))
      g_hash_table_remove (result, key);

  if (set_equal (result, s))
    return NULL;

  /* the server's order first, then the desk's additions in its order */
  array = json_array_new ();
  if (server != NULL && JSON_NODE_HOLDS_ARRAY (server))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (server)); i++)
      {
        const char *tag = json_array_get_string_element (json_node_get_array (server), i);
        g_autofree char *k = tag != NULL ? g_utf8_casefold (tag, -1) : NULL;

        if (k != NULL && g_hash_table_remove (result, k))
          json_array_add_string_element (array, tag);
      }
  if (ours != NULL && JSON_NODE_HOLDS_ARRAY (ours))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (ours)); i++)
      {
        const char *tag = json_array_get_string_element (json_node_get_array (ours), i);
        g_autofree char *k = tag != NULL ? g_utf8_casefold (tag, -1) : NULL;

        if (k != NULL && g_hash_table_remove (result, k))
          json_array_add_string_element (array, tag);
      }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;
}

JsonObject *
civic_conflict_merge (JsonObject *ours,
                      JsonObject *base,
                      JsonObject *server_case,
                      GPtrArray  *conflicts)
{
  JsonObject *resend = json_object_new ();
  g_autoptr(GList) fields = NULL;

  g_return_val_if_fail (ours != NULL, resend);
  g_return_val_if_fail (server_case != NULL, resend);

  fields = json_object_get_members (ours);
  for (GList *l = fields; l != NULL; l = l->next)
    {
      const char *field = l->data;
      JsonNode *mine = member (ours, field);
      JsonNode *was = member (base, field);
      JsonNode *now = member (server_case, field);

      /* the note goes with the edit, not into a field: it is never stale */
      if (g_str_equal (field, "note"))
        {
          if (mine != NULL)
            json_object_set_member (resend, field, json_node_copy (mine));
          continue;
        }

      if (g_str_equal (field, "tags"))
        {
          JsonNode *merged = merge_tags (mine, was, now);

          if (merged != NULL)
            json_object_set_member (resend, field, merged);
          continue;
        }

      /* the server still has what the edit started from: reapply */
      if (same (now, was))
        {
          json_object_set_member (resend, field, mine != NULL ? json_node_copy (mine) : json_node_new (JSON_NODE_NULL));
          continue;
        }
      /* both made the same change: nothing left to do */
      if (same (now, mine))
        continue;

      if (conflicts != NULL)
        {
          CivicConflict *conflict = g_new0 (CivicConflict, 1);

          conflict->field = g_strdup (field);
          conflict->local_value = text_of (mine);
          conflict->server_value = text_of (now);
          g_ptr_array_add (conflicts, conflict);
        }
    }

  return resend;
}
