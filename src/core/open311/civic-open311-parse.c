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
#include "civic-open311-json-private.h"
#include "civic-open311-parse.h"

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
  /* "2014-07-12T10:58" (no seconds), which GLib refuses */
  len = strlen (copy);
  if (len >= 16 && copy[10] == 'T' && copy[13] == ':' && copy[16] != ':')
    {
      char *full = g_strdup_printf ("%.16s:00%s", copy, copy + 16);

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
  g_autofree char *id = civic_open311_member_nonempty (o, "service_request_id");
  g_autofree char *status = civic_open311_member_nonempty (o, "status");
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
      g_autofree char *text = civic_open311_member_nonempty (o, texts[i].name);

      texts[i].set (kase, text);
    }
  for (i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *text = civic_open311_member_nonempty (o, times[i].name);
      gint64 t;

      if (civic_open311_parse_datetime (text, city_tz, &t))
        times[i].set (kase, t);
    }
  if (civic_case_get_updated_datetime (kase) == 0)
    civic_case_set_updated_datetime (kase, civic_case_get_requested_datetime (kase));
  if (civic_case_get_state (kase) == CIVIC_CASE_STATE_CLOSED)
    civic_case_set_closed_datetime (kase, civic_case_get_updated_datetime (kase));
  /* 0,0 is the ocean off Africa: cities send it for "no location" */
  if (civic_open311_member_double (o, "lat", &lat) && civic_open311_member_double (o, "long", &lon) &&
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
  g_autoptr(JsonNode) root = civic_open311_parse_any (data, len, format, error);
  GPtrArray *cases;
  JsonArray *list;
  guint i, n;

  if (root == NULL)
    return NULL;
  list = civic_open311_expect_list (root, "service requests", error);
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
  g_autoptr(JsonNode) root = civic_open311_parse_any (data, len, format, error);
  GPtrArray *services;
  JsonArray *list;
  guint i, n;

  if (root == NULL)
    return NULL;
  list = civic_open311_expect_list (root, "services", error);
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
      code = civic_open311_member_nonempty (o, "service_code");
      if (code == NULL)
        continue;
      name = civic_open311_member_nonempty (o, "service_name");
      description = civic_open311_member_text (o, "description");
      group = civic_open311_member_text (o, "group");
      keywords = civic_open311_member_text (o, "keywords");
      type = civic_open311_member_nonempty (o, "type");

      service = civic_service_new ();
      civic_service_set_code (service, code);
      civic_service_set_name (service, name != NULL ? name : code);
      civic_service_set_description (service, description);
      civic_service_set_group (service, group);
      civic_service_set_metadata (service, civic_open311_member_bool (o, "metadata", FALSE));
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
  g_autoptr(JsonNode) root = civic_open311_parse_any (data, len, format, error);
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
  def->service_code = civic_open311_member_nonempty (o, "service_code");
  def->attributes = g_ptr_array_new_with_free_func (attribute_free);
  attrs_node = civic_open311_member (o, "attributes");
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
      a->code = civic_open311_member_nonempty (ao, "code");
      if (a->code == NULL)
        {
          a->values = g_ptr_array_new ();
          attribute_free (a);
          continue;
        }
      a->variable = civic_open311_member_bool (ao, "variable", TRUE);
      datatype = civic_open311_member_nonempty (ao, "datatype");
      a->datatype = civic_open311_datatype_from_string (datatype);
      a->required = civic_open311_member_bool (ao, "required", FALSE);
      a->datatype_description = civic_open311_member_text (ao, "datatype_description");
      order = civic_open311_member_nonempty (ao, "order");
      a->order = order != NULL ? (int) g_ascii_strtoll (order, NULL, 10) : (int) i;
      a->description = civic_open311_member_text (ao, "description");
      a->values = g_ptr_array_new_with_free_func (value_free);
      values_node = civic_open311_member (ao, "values");
      m = values_node != NULL && JSON_NODE_HOLDS_ARRAY (values_node)
          ? json_array_get_length (json_node_get_array (values_node)) : 0;
      for (j = 0; j < m; j++)
        {
          JsonNode *vn = json_array_get_element (json_node_get_array (values_node), j);
          CivicOpen311Value *v;

          if (!JSON_NODE_HOLDS_OBJECT (vn))
            continue;
          v = g_new0 (CivicOpen311Value, 1);
          v->key = civic_open311_member_text (json_node_get_object (vn), "key");
          v->name = civic_open311_member_text (json_node_get_object (vn), "name");
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
  g_autoptr(JsonNode) root = civic_open311_parse_any (data, len, format, error);
  JsonArray *list;
  JsonObject *o;

  if (root == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (root) && json_object_has_member (json_node_get_object (root), "service_request_id"))
    o = json_node_get_object (root);
  else
    {
      JsonNode *first;

      list = civic_open311_expect_list (root, "a submitted request", error);
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
    *service_request_id = civic_open311_member_nonempty (o, "service_request_id");
  if (token != NULL)
    *token = civic_open311_member_nonempty (o, "token");
  if (service_notice != NULL)
    *service_notice = civic_open311_member_nonempty (o, "service_notice");
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
  g_autoptr(JsonNode) root = civic_open311_parse_any (data, len, format, error);
  JsonNode *endpoints;
  guint i, j;

  *offers_json = *offers_xml = FALSE;
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (endpoints = civic_open311_member (json_node_get_object (root), "endpoints")) == NULL ||
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
      formats = civic_open311_member (json_node_get_object (e), "formats");
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
  root = civic_open311_parse_any (data, len, CIVIC_OPEN311_FORMAT_JSON, NULL);
  if (root == NULL || (list = civic_open311_document_list (root)) == NULL)
    return NULL;
  s = g_string_new (NULL);
  for (i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *e = json_array_get_element (list, i);
      g_autofree char *description = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        continue;
      description = civic_open311_member_nonempty (json_node_get_object (e), "description");
      if (description == NULL)
        continue;
      if (s->len > 0)
        g_string_append (s, "; ");
      g_string_append (s, description);
    }
  return s->len > 0 ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
}
