/* civic-open311-parse.c: Open311 JSON and XML into cases, services, definitions
 *
 * XML is first turned into the JSON tree the Spark convention maps it to
 * (elements with children → objects, list containers → arrays, leaves →
 * strings), so one reader serves both formats. The reader never trusts a
 * member's JSON type: real endpoints send ids and coordinates as numbers
 * or strings, booleans as "true", and nulls anywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "civic-error.h"
#include "civic-open311-parse.h"

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
static JsonNode *
parse_any (const char          *data,
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

static JsonNode *
member (JsonObject *o,
        const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

/* Any scalar as text; NULL for null, objects and arrays. */
static char *
member_text (JsonObject *o,
             const char *name)
{
  JsonNode *node = member (o, name);
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
static char *
member_nonempty (JsonObject *o,
                 const char *name)
{
  char *text = member_text (o, name);

  if (text != NULL)
    g_strstrip (text);
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static gboolean
member_double (JsonObject *o,
               const char *name,
               double     *out)
{
  JsonNode *node = member (o, name);
  g_autofree char *text = NULL;
  char *end = NULL;
  double d;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_DOUBLE || json_node_get_value_type (node) == G_TYPE_INT64))
    {
      *out = json_node_get_double (node);
      return isfinite (*out);
    }
  text = member_nonempty (o, name);
  if (text == NULL)
    return FALSE;
  d = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (d))
    return FALSE;
  *out = d;
  return TRUE;
}

static gboolean
member_bool (JsonObject *o,
             const char *name,
             gboolean    fallback)
{
  JsonNode *node = member (o, name);
  g_autofree char *text = NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  text = member_nonempty (o, name);
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
static JsonArray *
document_list (JsonNode *root)
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

static JsonArray *
expect_list (JsonNode    *root,
             const char  *what,
             GError     **error)
{
  JsonArray *list = document_list (root);

  if (list == NULL)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "The city's answer is not a list of %s", what);
      return NULL;
    }
  if (looks_like_errors (list))
    {
      JsonObject *o = json_node_get_object (json_array_get_element (list, 0));
      g_autofree char *description = member_text (o, "description");

      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FAILED,
                   "The city answered with an error instead of %s: %s", what,
                   description != NULL ? description : "no reason given");
      return NULL;
    }
  return list;
}

/* ---- datetimes --------------------------------------------------------- */

gboolean
civic_open311_parse_datetime (const char *text,
                              GTimeZone  *city_tz,
                              gint64     *unix_seconds)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *copy = NULL;
  gsize len;

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  len = strlen (copy);
  if (len == 0)
    return FALSE;
  /* "2014-07-12 10:58:43" and a bare "2014-07-12" are common */
  if (len > 10 && copy[10] == ' ')
    copy[10] = 'T';
  if (len == 10)
    {
      char *full = g_strconcat (copy, "T00:00:00", NULL);

      g_free (copy);
      copy = full;
    }
  if (city_tz == NULL)
    city_tz = utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (copy, city_tz);
  if (dt == NULL)
    return FALSE;
  *unix_seconds = g_date_time_to_unix (dt);
  return TRUE;
}

char *
civic_open311_format_datetime (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("1970-01-01T00:00:00Z");
}

/* ---- requests ---------------------------------------------------------- */

static CivicCaseState
state_from_status (const char *status)
{
  int value;

  if (status == NULL)
    return CIVIC_CASE_STATE_NEW;
  /* "closed", "Closed", "CLOSED"; some cities send a workflow word */
  if (civic_enum_from_nick (CIVIC_TYPE_CASE_STATE, status, &value))
    return value;
  if (g_ascii_strncasecmp (status, "closed", 6) == 0)
    return CIVIC_CASE_STATE_CLOSED;
  return CIVIC_CASE_STATE_NEW;
}

static CivicCase *
case_from_object (JsonObject *o,
                  GTimeZone  *city_tz)
{
  static const struct
  {
    const char *name;
    void (*set) (CivicCase *, const char *);
  } texts[] = {
    { "status_notes", civic_case_set_status_notes },
    { "service_code", civic_case_set_service_code },
    { "service_name", civic_case_set_service_name },
    { "description", civic_case_set_description },
    { "agency_responsible", civic_case_set_agency_responsible },
    { "service_notice", civic_case_set_service_notice },
    { "address", civic_case_set_address },
    { "address_id", civic_case_set_address_id },
    { "zipcode", civic_case_set_zipcode },
    { "media_url", civic_case_set_media_url },
  };
  static const struct
  {
    const char *name;
    void (*set) (CivicCase *, gint64);
  } times[] = {
    { "requested_datetime", civic_case_set_requested_datetime },
    { "updated_datetime", civic_case_set_updated_datetime },
    { "expected_datetime", civic_case_set_expected_datetime },
  };
  g_autofree char *id = member_nonempty (o, "service_request_id");
  g_autofree char *status = member_nonempty (o, "status");
  CivicCase *kase;
  double lat, lon;
  guint i;

  /* a request without its public id cannot be tracked: skipped */
  if (id == NULL)
    return NULL;
  kase = civic_case_new ();
  civic_case_set_service_request_id (kase, id);
  civic_case_set_state (kase, state_from_status (status));
  for (i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *text = member_nonempty (o, texts[i].name);

      texts[i].set (kase, text);
    }
  for (i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *text = member_nonempty (o, times[i].name);
      gint64 t;

      if (civic_open311_parse_datetime (text, city_tz, &t))
        times[i].set (kase, t);
    }
  if (civic_case_get_updated_datetime (kase) == 0)
    civic_case_set_updated_datetime (kase, civic_case_get_requested_datetime (kase));
  if (civic_case_get_state (kase) == CIVIC_CASE_STATE_CLOSED)
    civic_case_set_closed_datetime (kase, civic_case_get_updated_datetime (kase));
  /* 0,0 is the ocean off Africa: cities send it for "no location" */
  if (member_double (o, "lat", &lat) && member_double (o, "long", &lon) &&
      (lat != 0.0 || lon != 0.0) && fabs (lat) <= 90 && fabs (lon) <= 180)
    {
      civic_case_set_lat (kase, lat);
      civic_case_set_long (kase, lon);
    }
  civic_case_set_channel (kase, CIVIC_CHANNEL_WEB);
  return kase;
}

GPtrArray *
civic_open311_parse_requests (const char          *data,
                              gsize                len,
                              CivicOpen311Format   format,
                              GTimeZone           *city_tz,
                              GError             **error)
{
  g_autoptr(JsonNode) root = parse_any (data, len, format, error);
  GPtrArray *cases;
  JsonArray *list;
  guint i, n;

  if (root == NULL)
    return NULL;
  list = expect_list (root, "service requests", error);
  if (list == NULL)
    return NULL;
  n = json_array_get_length (list);
  cases = g_ptr_array_new_full (n, g_object_unref);
  for (i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      CivicCase *kase;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      kase = case_from_object (json_node_get_object (node), city_tz);
      if (kase != NULL)
        g_ptr_array_add (cases, kase);
    }
  return cases;
}

/* ---- services ------------------------------------------------------------ */

GPtrArray *
civic_open311_parse_services (const char          *data,
                              gsize                len,
                              CivicOpen311Format   format,
                              GError             **error)
{
  g_autoptr(JsonNode) root = parse_any (data, len, format, error);
  GPtrArray *services;
  JsonArray *list;
  guint i, n;

  if (root == NULL)
    return NULL;
  list = expect_list (root, "services", error);
  if (list == NULL)
    return NULL;
  n = json_array_get_length (list);
  services = g_ptr_array_new_full (n, g_object_unref);
  for (i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *o;
      g_autofree char *code = NULL;
      g_autofree char *name = NULL;
      g_autofree char *description = NULL;
      g_autofree char *group = NULL;
      g_autofree char *keywords = NULL;
      g_autofree char *type = NULL;
      g_auto(GStrv) words = NULL;
      CivicService *service;
      int type_value;
      guint j;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      o = json_node_get_object (node);
      code = member_nonempty (o, "service_code");
      if (code == NULL)
        continue;
      name = member_nonempty (o, "service_name");
      description = member_text (o, "description");
      group = member_text (o, "group");
      keywords = member_text (o, "keywords");
      type = member_nonempty (o, "type");

      service = civic_service_new ();
      civic_service_set_code (service, code);
      civic_service_set_name (service, name != NULL ? name : code);
      civic_service_set_description (service, description);
      civic_service_set_group (service, group);
      civic_service_set_metadata (service, member_bool (o, "metadata", FALSE));
      if (type != NULL && civic_enum_from_nick (CIVIC_TYPE_SERVICE_TYPE, type, &type_value))
        civic_service_set_service_type (service, type_value);
      words = g_strsplit (keywords != NULL ? keywords : "", ",", -1);
      for (j = 0; words[j] != NULL; j++)
        g_strstrip (words[j]);
      if (words[0] != NULL && *words[0] != '\0')
        civic_service_set_keywords (service, (const char * const *) words);
      g_ptr_array_add (services, service);
    }
  return services;
}

/* ---- service definitions ------------------------------------------------ */

static const char *datatype_names[] = {
  "string", "number", "datetime", "text", "singlevaluelist", "multivaluelist",
};

const char *
civic_open311_datatype_to_string (CivicOpen311Datatype datatype)
{
  if ((guint) datatype >= G_N_ELEMENTS (datatype_names))
    return "string";
  return datatype_names[datatype];
}

CivicOpen311Datatype
civic_open311_datatype_from_string (const char *name)
{
  g_autofree char *clean = g_strstrip (g_strdup (name != NULL ? name : ""));
  guint i;

  for (i = 0; i < G_N_ELEMENTS (datatype_names); i++)
    if (g_ascii_strcasecmp (clean, datatype_names[i]) == 0)
      return i;
  return CIVIC_OPEN311_DATATYPE_STRING;
}

static void
value_free (gpointer data)
{
  CivicOpen311Value *v = data;

  g_free (v->key);
  g_free (v->name);
  g_free (v);
}

static void
attribute_free (gpointer data)
{
  CivicOpen311Attribute *a = data;

  g_free (a->code);
  g_free (a->datatype_description);
  g_free (a->description);
  g_ptr_array_unref (a->values);
  g_free (a);
}

static CivicOpen311Attribute *
attribute_copy (const CivicOpen311Attribute *a)
{
  CivicOpen311Attribute *copy = g_new0 (CivicOpen311Attribute, 1);
  guint i;

  *copy = *a;
  copy->code = g_strdup (a->code);
  copy->datatype_description = g_strdup (a->datatype_description);
  copy->description = g_strdup (a->description);
  copy->values = g_ptr_array_new_with_free_func (value_free);
  for (i = 0; i < a->values->len; i++)
    {
      CivicOpen311Value *v = g_ptr_array_index (a->values, i);
      CivicOpen311Value *c = g_new0 (CivicOpen311Value, 1);

      c->key = g_strdup (v->key);
      c->name = g_strdup (v->name);
      g_ptr_array_add (copy->values, c);
    }
  return copy;
}

void
civic_open311_definition_free (CivicOpen311Definition *def)
{
  if (def == NULL)
    return;
  g_free (def->service_code);
  g_ptr_array_unref (def->attributes);
  g_free (def);
}

CivicOpen311Definition *
civic_open311_definition_copy (const CivicOpen311Definition *def)
{
  CivicOpen311Definition *copy = g_new0 (CivicOpen311Definition, 1);
  guint i;

  copy->service_code = g_strdup (def->service_code);
  copy->attributes = g_ptr_array_new_with_free_func (attribute_free);
  for (i = 0; i < def->attributes->len; i++)
    g_ptr_array_add (copy->attributes, attribute_copy (g_ptr_array_index (def->attributes, i)));
  return copy;
}

G_DEFINE_BOXED_TYPE (CivicOpen311Definition, civic_open311_definition,
                     civic_open311_definition_copy, civic_open311_definition_free)

CivicOpen311Attribute *
civic_open311_definition_lookup (const CivicOpen311Definition *def,
                                 const char                   *code)
{
  guint i;

  for (i = 0; i < def->attributes->len; i++)
    {
      CivicOpen311Attribute *a = g_ptr_array_index (def->attributes, i);

      if (g_strcmp0 (a->code, code) == 0)
        return a;
    }
  return NULL;
}

static gint
compare_order (gconstpointer a,
               gconstpointer b)
{
  const CivicOpen311Attribute *x = *(CivicOpen311Attribute **) a;
  const CivicOpen311Attribute *y = *(CivicOpen311Attribute **) b;

  return (x->order > y->order) - (x->order < y->order);
}

CivicOpen311Definition *
civic_open311_parse_definition (const char          *data,
                                gsize                len,
                                CivicOpen311Format   format,
                                GError             **error)
{
  g_autoptr(JsonNode) root = parse_any (data, len, format, error);
  g_autoptr(CivicOpen311Definition) def = NULL;
  JsonObject *o;
  JsonNode *attrs_node;
  JsonArray *attrs;
  guint i, n;

  if (root == NULL)
    return NULL;
  /* an endpoint may wrap the definition in a one-element list */
  if (JSON_NODE_HOLDS_ARRAY (root) && json_array_get_length (json_node_get_array (root)) == 1)
    {
      JsonNode *first = json_array_dup_element (json_node_get_array (root), 0);

      json_node_unref (root);
      root = first;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "The city's answer is not a service definition");
      return NULL;
    }
  o = json_node_get_object (root);
  def = g_new0 (CivicOpen311Definition, 1);
  def->service_code = member_nonempty (o, "service_code");
  def->attributes = g_ptr_array_new_with_free_func (attribute_free);
  attrs_node = member (o, "attributes");
  attrs = attrs_node != NULL && JSON_NODE_HOLDS_ARRAY (attrs_node) ? json_node_get_array (attrs_node) : NULL;
  n = attrs != NULL ? json_array_get_length (attrs) : 0;
  for (i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (attrs, i);
      g_autofree char *datatype = NULL;
      g_autofree char *order = NULL;
      CivicOpen311Attribute *a;
      JsonObject *ao;
      JsonNode *values_node;
      guint j, m;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      ao = json_node_get_object (node);
      a = g_new0 (CivicOpen311Attribute, 1);
      a->code = member_nonempty (ao, "code");
      if (a->code == NULL)
        {
          a->values = g_ptr_array_new ();
          attribute_free (a);
          continue;
        }
      a->variable = member_bool (ao, "variable", TRUE);
      datatype = member_nonempty (ao, "datatype");
      a->datatype = civic_open311_datatype_from_string (datatype);
      a->required = member_bool (ao, "required", FALSE);
      a->datatype_description = member_text (ao, "datatype_description");
      order = member_nonempty (ao, "order");
      a->order = order != NULL ? (int) g_ascii_strtoll (order, NULL, 10) : (int) i;
      a->description = member_text (ao, "description");
      a->values = g_ptr_array_new_with_free_func (value_free);
      values_node = member (ao, "values");
      m = values_node != NULL && JSON_NODE_HOLDS_ARRAY (values_node)
          ? json_array_get_length (json_node_get_array (values_node)) : 0;
      for (j = 0; j < m; j++)
        {
          JsonNode *vn = json_array_get_element (json_node_get_array (values_node), j);
          CivicOpen311Value *v;

          if (!JSON_NODE_HOLDS_OBJECT (vn))
            continue;
          v = g_new0 (CivicOpen311Value, 1);
          v->key = member_text (json_node_get_object (vn), "key");
          v->name = member_text (json_node_get_object (vn), "name");
          if (v->key == NULL)
            {
              value_free (v);
              continue;
            }
          if (v->name == NULL)
            v->name = g_strdup (v->key);
          g_ptr_array_add (a->values, v);
        }
      /* a list without choices cannot be answered from a list */
      if ((a->datatype == CIVIC_OPEN311_DATATYPE_SINGLEVALUELIST ||
           a->datatype == CIVIC_OPEN311_DATATYPE_MULTIVALUELIST) && a->values->len == 0)
        a->datatype = CIVIC_OPEN311_DATATYPE_STRING;
      g_ptr_array_add (def->attributes, a);
    }
  g_ptr_array_sort (def->attributes, compare_order);
  return g_steal_pointer (&def);
}

char *
civic_open311_definition_to_json (const CivicOpen311Definition *def)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint i, j;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "service_code");
  json_builder_add_string_value (b, def->service_code);
  json_builder_set_member_name (b, "attributes");
  json_builder_begin_array (b);
  for (i = 0; i < def->attributes->len; i++)
    {
      CivicOpen311Attribute *a = g_ptr_array_index (def->attributes, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "variable");
      json_builder_add_boolean_value (b, a->variable);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, a->code);
      json_builder_set_member_name (b, "datatype");
      json_builder_add_string_value (b, civic_open311_datatype_to_string (a->datatype));
      json_builder_set_member_name (b, "required");
      json_builder_add_boolean_value (b, a->required);
      json_builder_set_member_name (b, "datatype_description");
      json_builder_add_string_value (b, a->datatype_description);
      json_builder_set_member_name (b, "order");
      json_builder_add_int_value (b, a->order);
      json_builder_set_member_name (b, "description");
      json_builder_add_string_value (b, a->description);
      json_builder_set_member_name (b, "values");
      json_builder_begin_array (b);
      for (j = 0; j < a->values->len; j++)
        {
          CivicOpen311Value *v = g_ptr_array_index (a->values, j);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "key");
          json_builder_add_string_value (b, v->key);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, v->name);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* ---- answers ------------------------------------------------------------- */

GHashTable *
civic_open311_answers_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
}

void
civic_open311_answers_add (GHashTable *answers,
                           const char *code,
                           const char *value)
{
  GPtrArray *values = g_hash_table_lookup (answers, code);

  if (values == NULL)
    {
      values = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (answers, g_strdup (code), values);
    }
  g_ptr_array_add (values, g_strdup (value));
}

gboolean
civic_open311_check_value (const CivicOpen311Attribute  *attr,
                           const char                   *value,
                           GError                      **error)
{
  const char *label = attr->description != NULL && *attr->description != '\0' ? attr->description : attr->code;
  guint i;

  switch (attr->datatype)
    {
    case CIVIC_OPEN311_DATATYPE_NUMBER:
      {
        char *end = NULL;
        double d = g_ascii_strtod (value, &end);

        if (end == value || *end != '\0' || !isfinite (d))
          {
            g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                         "“%s” needs a number, such as 3 or 2.5, not “%s”", label, value);
            return FALSE;
          }
        return TRUE;
      }
    case CIVIC_OPEN311_DATATYPE_DATETIME:
      {
        gint64 t;

        if (!civic_open311_parse_datetime (value, NULL, &t))
          {
            g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                         "“%s” needs a date and time such as 2026-05-04T09:30:00-05:00, not “%s”",
                         label, value);
            return FALSE;
          }
        return TRUE;
      }
    case CIVIC_OPEN311_DATATYPE_SINGLEVALUELIST:
    case CIVIC_OPEN311_DATATYPE_MULTIVALUELIST:
      for (i = 0; i < attr->values->len; i++)
        if (g_strcmp0 (((CivicOpen311Value *) g_ptr_array_index (attr->values, i))->key, value) == 0)
          return TRUE;
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "“%s” is not one of the choices for “%s”", value, label);
      return FALSE;
    case CIVIC_OPEN311_DATATYPE_STRING:
    case CIVIC_OPEN311_DATATYPE_TEXT:
    default:
      return TRUE;
    }
}

/* ---- small answers ------------------------------------------------------- */

gboolean
civic_open311_parse_submitted (const char          *data,
                               gsize                len,
                               CivicOpen311Format   format,
                               char               **service_request_id,
                               char               **token,
                               char               **service_notice,
                               GError             **error)
{
  g_autoptr(JsonNode) root = parse_any (data, len, format, error);
  JsonArray *list;
  JsonObject *o;

  if (root == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (root) && json_object_has_member (json_node_get_object (root), "service_request_id"))
    o = json_node_get_object (root);
  else
    {
      JsonNode *first;

      list = expect_list (root, "a submitted request", error);
      if (list == NULL)
        return FALSE;
      first = json_array_get_length (list) > 0 ? json_array_get_element (list, 0) : NULL;
      if (first == NULL || !JSON_NODE_HOLDS_OBJECT (first))
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                       "The city accepted the request but its answer names no request");
          return FALSE;
        }
      o = json_node_get_object (first);
    }
  if (service_request_id != NULL)
    *service_request_id = member_nonempty (o, "service_request_id");
  if (token != NULL)
    *token = member_nonempty (o, "token");
  if (service_notice != NULL)
    *service_notice = member_nonempty (o, "service_notice");
  return TRUE;
}

gboolean
civic_open311_parse_discovery (const char          *data,
                               gsize                len,
                               CivicOpen311Format   format,
                               gboolean            *offers_json,
                               gboolean            *offers_xml,
                               GError             **error)
{
  g_autoptr(JsonNode) root = parse_any (data, len, format, error);
  JsonNode *endpoints;
  guint i, j;

  *offers_json = *offers_xml = FALSE;
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (endpoints = member (json_node_get_object (root), "endpoints")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (endpoints))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "The city's discovery document lists no endpoints");
      return FALSE;
    }
  for (i = 0; i < json_array_get_length (json_node_get_array (endpoints)); i++)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (endpoints), i);
      JsonNode *formats;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        continue;
      formats = member (json_node_get_object (e), "formats");
      if (formats == NULL || !JSON_NODE_HOLDS_ARRAY (formats))
        continue;
      for (j = 0; j < json_array_get_length (json_node_get_array (formats)); j++)
        {
          const char *f = json_array_get_string_element (json_node_get_array (formats), j);

          if (f == NULL)
            continue;
          if (strstr (f, "json") != NULL)
            *offers_json = TRUE;
          if (strstr (f, "xml") != NULL)
            *offers_xml = TRUE;
        }
    }
  return TRUE;
}

char *
civic_open311_parse_error_text (const char *data,
                                gsize       len)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) s = NULL;
  JsonArray *list;
  guint i;

  if (data == NULL || len == 0)
    return NULL;
  root = parse_any (data, len, CIVIC_OPEN311_FORMAT_JSON, NULL);
  if (root == NULL || (list = document_list (root)) == NULL)
    return NULL;
  s = g_string_new (NULL);
  for (i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *e = json_array_get_element (list, i);
      g_autofree char *description = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        continue;
      description = member_nonempty (json_node_get_object (e), "description");
      if (description == NULL)
        continue;
      if (s->len > 0)
        g_string_append (s, "; ");
      g_string_append (s, description);
    }
  return s->len > 0 ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
}
