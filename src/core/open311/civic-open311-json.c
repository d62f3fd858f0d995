/* civic-open311-json.c: one tolerant tree for both Open311 formats
 *
 * XML is turned into the JSON tree the Spark convention maps it to
 * (elements with children → objects, list containers → arrays, leaves →
 * strings). Member access never trusts a JSON type: real endpoints send ids
 * and coordinates as numbers or strings, booleans as "true", and nulls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <math.h>
#include <string.h>

#include "civic-error.h"
#include "civic-open311-json-private.h"

/* ---- XML → JSON tree ------------------------------------------------- */

/* Elements whose children are the items of a list, whatever their number
 * (an empty <values/> is still an empty list). */
static const char *list_elements[] = {
  "service_requests", "services", "attributes", "values", "errors",
  "endpoints", "formats", "notes", "discovery_endpoints",
};

typedef struct
{
  char     *name;
  GString  *text;
  GPtrArray *children;  /* XmlNode */
} XmlNode;

static void
xml_node_free (gpointer data)
{
  XmlNode *node = data;

  g_free (node->name);
  g_string_free (node->text, TRUE);
  g_ptr_array_unref (node->children);
  g_free (node);
}

static XmlNode *
xml_node_new (const char *name)
{
  XmlNode *node = g_new0 (XmlNode, 1);

  node->name = g_strdup (name);
  node->text = g_string_new (NULL);
  node->children = g_ptr_array_new_with_free_func (xml_node_free);
  return node;
}

typedef struct
{
  XmlNode   *root;
  GPtrArray *stack;   /* XmlNode, not owned */
} XmlParse;

static void
xml_start (GMarkupParseContext  *context,
           const char           *element_name,
           const char          **attribute_names,
           const char          **attribute_values,
           gpointer              user_data,
           GError              **error)
{
  XmlParse *p = user_data;
  XmlNode *node = xml_node_new (element_name);

  if (p->stack->len == 0)
    {
      if (p->root != NULL)
        xml_node_free (p->root);
      p->root = node;
    }
  else
    g_ptr_array_add (((XmlNode *) g_ptr_array_index (p->stack, p->stack->len - 1))->children, node);
  g_ptr_array_add (p->stack, node);
}

static void
xml_end (GMarkupParseContext  *context,
         const char           *element_name,
         gpointer              user_data,
         GError              **error)
{
  XmlParse *p = user_data;

  g_ptr_array_set_size (p->stack, p->stack->len - 1);
}

static void
xml_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 text_len,
          gpointer              user_data,
          GError              **error)
{
  XmlParse *p = user_data;

  if (p->stack->len > 0)
    g_string_append_len (((XmlNode *) g_ptr_array_index (p->stack, p->stack->len - 1))->text, text, text_len);
}

static gboolean
is_list_element (const char *name)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (list_elements); i++)
    if (g_str_equal (name, list_elements[i]))
      return TRUE;
  return FALSE;
}

static JsonNode *
xml_to_json (XmlNode *node)
{
  JsonNode *out;
  guint i;

  if (is_list_element (node->name))
    {
      JsonArray *array = json_array_new ();

      for (i = 0; i < node->children->len; i++)
        json_array_add_element (array, xml_to_json (g_ptr_array_index (node->children, i)));
      out = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (out, array);
    }
  else if (node->children->len > 0)
    {
      JsonObject *object = json_object_new ();

      for (i = 0; i < node->children->len; i++)
        {
          XmlNode *child = g_ptr_array_index (node->children, i);

          json_object_set_member (object, child->name, xml_to_json (child));
        }
      out = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (out, object);
    }
  else
    {
      g_autofree char *text = g_strstrip (g_strdup (node->text->str));

      out = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (out, text);
    }
  return out;
}

static JsonNode *
parse_xml (const char  *data,
           gsize        len,
           GError     **error)
{
  static const GMarkupParser parser = { xml_start, xml_end, xml_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  g_autoptr(GError) local_error = NULL;
  XmlParse p = { NULL, stack };
  JsonNode *out;

  context = g_markup_parse_context_new (&parser, G_MARKUP_IGNORE_QUALIFIED, &p, NULL);
  if (!g_markup_parse_context_parse (context, data, len, &local_error) ||
      !g_markup_parse_context_end_parse (context, &local_error) || p.root == NULL)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "The city's answer is not readable XML: %s",
                   local_error != NULL ? local_error->message : "it is empty");
      if (p.root != NULL)
        xml_node_free (p.root);
      return NULL;
    }
  out = xml_to_json (p.root);
  xml_node_free (p.root);
  return out;
}

/* The document as a JSON tree, whatever format it came in. */
JsonNode *
civic_open311_parse_any (const char          *data,
           gsize                len,
           CivicOpen311Format   format,
           GError             **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize i = 0;

  while (i < len && g_ascii_isspace (data[i]))
    i++;
  /* the content decides: some endpoints answer XML whatever was asked */
  if (i < len && data[i] == '<')
    return parse_xml (data + i, len - i, error);
  if (i == len)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "The city's answer is empty");
      return NULL;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data + i, len - i, &local_error))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "The city's answer is not readable JSON: %s", local_error->message);
      return NULL;
    }
  return json_parser_steal_root (parser);
}

/* ---- tolerant member access ------------------------------------------ */

JsonNode *
civic_open311_member (JsonObject *o,
        const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

/* Any scalar as text; NULL for null, objects and arrays. */
char *
civic_open311_member_text (JsonObject *o,
             const char *name)
{
  JsonNode *node = civic_open311_member (o, name);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

/* Text, with blanks as NULL. */
char *
civic_open311_member_nonempty (JsonObject *o,
                 const char *name)
{
  char *text = civic_open311_member_text (o, name);

  if (text != NULL)
    g_strstrip (text);
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

gboolean
civic_open311_member_double (JsonObject *o,
               const char *name,
               double     *out)
{
  JsonNode *node = civic_open311_member (o, name);
  g_autofree char *text = NULL;
  char *end = NULL;
  double d;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_DOUBLE || json_node_get_value_type (node) == G_TYPE_INT64))
    {
      *out = json_node_get_double (node);
      return isfinite (*out);
    }
  text = civic_open311_member_nonempty (o, name);
  if (text == NULL)
    return FALSE;
  d = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (d))
    return FALSE;
  *out = d;
  return TRUE;
}

gboolean
civic_open311_member_bool (JsonObject *o,
             const char *name,
             gboolean    fallback)
{
  JsonNode *node = civic_open311_member (o, name);
  g_autofree char *text = NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  text = civic_open311_member_nonempty (o, name);
  if (text == NULL)
    return fallback;
  if (g_ascii_strcasecmp (text, "true") == 0 || g_ascii_strcasecmp (text, "yes") == 0 ||
      g_ascii_strcasecmp (text, "t") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (text, "false") == 0 || g_ascii_strcasecmp (text, "no") == 0 ||
      g_ascii_strcasecmp (text, "f") == 0)
    return FALSE;
  return g_ascii_strtoll (text, NULL, 10) != 0;
}

/* The list a document holds: the root array, or the one array member of
 * a root object (some endpoints wrap the list: {"service_requests": […]}). */
JsonArray *
civic_open311_document_list (JsonNode *root)
{
  JsonObject *o;
  GList *members, *l;
  JsonArray *found = NULL;

  if (JSON_NODE_HOLDS_ARRAY (root))
    return json_node_get_array (root);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  o = json_node_get_object (root);
  members = json_object_get_members (o);
  for (l = members; l != NULL && found == NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (o, l->data);

      if (JSON_NODE_HOLDS_ARRAY (node))
        found = json_node_get_array (node);
    }
  g_list_free (members);
  return found;
}

static gboolean
looks_like_errors (JsonArray *list)
{
  JsonNode *first;
  JsonObject *o;

  if (json_array_get_length (list) == 0)
    return FALSE;
  first = json_array_get_element (list, 0);
  if (!JSON_NODE_HOLDS_OBJECT (first))
    return FALSE;
  o = json_node_get_object (first);
  return json_object_has_member (o, "description") && json_object_has_member (o, "code") &&
         json_object_get_size (o) == 2;
}

JsonArray *
civic_open311_expect_list (JsonNode    *root,
             const char  *what,
             GError     **error)
{
  JsonArray *list = civic_open311_document_list (root);

  if (list == NULL)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "The city's answer is not a list of %s", what);
      return NULL;
    }
  if (looks_like_errors (list))
    {
      JsonObject *o = json_node_get_object (json_array_get_element (list, 0));
      g_autofree char *description = civic_open311_member_text (o, "description");

      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FAILED,
                   "The city answered with an error instead of %s: %s", what,
                   description != NULL ? description : "no reason given");
      return NULL;
    }
  return list;
}
