/* civic-service-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "civic-service-record.h"
#include "civic-error.h"
#include "http/civic-http.h"

static const char *datatypes[] = {
  "string", "number", "datetime", "text", "singlevaluelist", "multivaluelist",
};

gboolean
civic_service_datatype_is_known (const char *datatype)
{
  guint i;

  for (i = 0; datatype != NULL && i < G_N_ELEMENTS (datatypes); i++)
    if (g_str_equal (datatype, datatypes[i]))
      return TRUE;
  return FALSE;
}

char *
civic_open311_value_text (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        double d = json_node_get_double (node);

        /* ids exported as floats (12345.0) are still ids */
        if (d == floor (d) && fabs (d) < 1e15)
          return g_strdup_printf ("%.0f", d);
        return g_strdup (g_ascii_dtostr (buf, sizeof buf, d));
      }
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

gboolean
civic_open311_value_bool (JsonNode *node)
{
  g_autofree char *text = NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  text = civic_open311_value_text (node);
  if (text == NULL)
    return FALSE;
  g_strstrip (text);
  return g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "1") ||
         g_ascii_strcasecmp (text, "yes") == 0;
}

gint64
civic_open311_value_int (JsonNode *node,
                         gint64    fallback)
{
  g_autofree char *text = civic_open311_value_text (node);
  gint64 value;

  if (text == NULL)
    return fallback;
  g_strstrip (text);
  if (!g_ascii_string_to_signed (text, 10, G_MININT32, G_MAXINT32, &value, NULL))
    return fallback;
  return value;
}

void
civic_service_attribute_free (CivicServiceAttribute *attr)
{
  if (attr == NULL)
    return;
  g_free (attr->code);
  g_free (attr->datatype);
  g_free (attr->datatype_description);
  g_free (attr->description);
  g_clear_pointer (&attr->values, g_ptr_array_unref);
  g_free (attr);
}

static void
value_free (gpointer data)
{
  CivicServiceValue *v = data;

  g_free (v->key);
  g_free (v->name);
  g_free (v);
}

static gint
compare_order (gconstpointer a,
               gconstpointer b)
{
  const CivicServiceAttribute *x = *(CivicServiceAttribute **) a;
  const CivicServiceAttribute *y = *(CivicServiceAttribute **) b;

  return (x->order > y->order) - (x->order < y->order);
}

static char *
member_text (JsonObject *o,
             const char *name)
{
  char *text = civic_open311_value_text (json_object_get_member (o, name));

  return text != NULL ? text : g_strdup ("");
}

GPtrArray *
civic_service_attributes_from_json (JsonNode *node)
{
  GPtrArray *attrs = g_ptr_array_new_with_free_func ((GDestroyNotify) civic_service_attribute_free);
  JsonArray *array;
  guint i;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return attrs;
  array = json_node_get_array (node);
  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autoptr(CivicServiceAttribute) attr = NULL;
      JsonObject *o;
      JsonNode *values;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      o = json_node_get_object (item);
      attr = g_new0 (CivicServiceAttribute, 1);
      attr->code = member_text (o, "code");
      g_strstrip (attr->code);
      if (*attr->code == '\0')
        continue;
      /* variable defaults to true: an attribute is a question unless it says not */
      attr->variable = json_object_has_member (o, "variable")
                       ? civic_open311_value_bool (json_object_get_member (o, "variable")) : TRUE;
      attr->datatype = member_text (o, "datatype");
      g_strstrip (attr->datatype);
      {
        char *lower = g_ascii_strdown (attr->datatype, -1);

        g_free (attr->datatype);
        attr->datatype = lower;
      }
      if (!civic_service_datatype_is_known (attr->datatype))
        {
          g_free (attr->datatype);
          attr->datatype = g_strdup ("string");
        }
      attr->required = civic_open311_value_bool (json_object_get_member (o, "required"));
      attr->datatype_description = member_text (o, "datatype_description");
      attr->order = civic_open311_value_int (json_object_get_member (o, "order"), i + 1);
      attr->description = member_text (o, "description");
      attr->values = g_ptr_array_new_with_free_func (value_free);
      values = json_object_get_member (o, "values");
      if (values != NULL && JSON_NODE_HOLDS_ARRAY (values))
        {
          JsonArray *va = json_node_get_array (values);
          guint j;

          for (j = 0; j < json_array_get_length (va); j++)
            {
              JsonNode *vn = json_array_get_element (va, j);
              CivicServiceValue *v;

              if (!JSON_NODE_HOLDS_OBJECT (vn))
                continue;
              v = g_new0 (CivicServiceValue, 1);
              v->key = member_text (json_node_get_object (vn), "key");
              v->name = member_text (json_node_get_object (vn), "name");
              if (*v->name == '\0')
                {
                  g_free (v->name);
                  v->name = g_strdup (v->key);
                }
              g_ptr_array_add (attr->values, v);
            }
        }
      g_ptr_array_add (attrs, g_steal_pointer (&attr));
    }
  g_ptr_array_sort (attrs, compare_order);
  return attrs;
}

GPtrArray *
civic_service_attributes_parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return civic_service_attributes_from_json (NULL);
  return civic_service_attributes_from_json (json_parser_get_root (parser));
}

void
civic_service_attributes_write_json (CivicJsonWriter *w,
                                     GPtrArray       *attrs)
{
  guint i, j;

  civic_json_begin_array (w);
  for (i = 0; i < attrs->len; i++)
    {
      CivicServiceAttribute *a = g_ptr_array_index (attrs, i);

      civic_json_begin_object (w);
      civic_json_member_bool (w, "variable", a->variable);
      civic_json_member_string (w, "code", a->code);
      civic_json_member_string (w, "datatype", a->datatype);
      civic_json_member_bool (w, "required", a->required);
      civic_json_member_string (w, "datatype_description", a->datatype_description);
      civic_json_member_int (w, "order", a->order);
      civic_json_member_string (w, "description", a->description);
      civic_json_key (w, "values");
      civic_json_begin_array (w);
      for (j = 0; j < a->values->len; j++)
        {
          CivicServiceValue *v = g_ptr_array_index (a->values, j);

          civic_json_begin_object (w);
          civic_json_member_string (w, "key", v->key);
          civic_json_member_string (w, "name", v->name);
          civic_json_end_object (w);
        }
      civic_json_end_array (w);
      civic_json_end_object (w);
    }
  civic_json_end_array (w);
}

char *
civic_service_attributes_to_json (GPtrArray *attrs)
{
  GString *s = g_string_new (NULL);
  CivicJsonWriter w;

  civic_json_writer_init (&w, s);
  civic_service_attributes_write_json (&w, attrs);
  return g_string_free (s, FALSE);
}

static void
xml_element (GString    *out,
             const char *name,
             const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value != NULL ? value : "", -1);

  g_string_append_printf (out, "<%s>%s</%s>", name, escaped, name);
}

void
civic_service_attributes_write_xml (GString   *out,
                                    GPtrArray *attrs)
{
  guint i, j;

  g_string_append (out, "<attributes>");
  for (i = 0; i < attrs->len; i++)
    {
      CivicServiceAttribute *a = g_ptr_array_index (attrs, i);
      g_autofree char *order = g_strdup_printf ("%" G_GINT64_FORMAT, a->order);

      g_string_append (out, "<attribute>");
      xml_element (out, "variable", a->variable ? "true" : "false");
      xml_element (out, "code", a->code);
      xml_element (out, "datatype", a->datatype);
      xml_element (out, "required", a->required ? "true" : "false");
      xml_element (out, "datatype_description", a->datatype_description);
      xml_element (out, "order", order);
      xml_element (out, "description", a->description);
      g_string_append (out, "<values>");
      for (j = 0; j < a->values->len; j++)
        {
          CivicServiceValue *v = g_ptr_array_index (a->values, j);

          g_string_append (out, "<value>");
          xml_element (out, "key", v->key);
          xml_element (out, "name", v->name);
          g_string_append (out, "</value>");
        }
      g_string_append (out, "</values></attribute>");
    }
  g_string_append (out, "</attributes>");
}

static gboolean
value_is_listed (CivicServiceAttribute *a,
                 const char            *key)
{
  guint i;

  for (i = 0; i < a->values->len; i++)
    if (g_str_equal (((CivicServiceValue *) g_ptr_array_index (a->values, i))->key, key))
      return TRUE;
  return FALSE;
}

static gboolean
check_one (CivicServiceAttribute  *a,
           const char             *value,
           GError                **error)
{
  if (g_str_equal (a->datatype, "number"))
    {
      char *end = NULL;
      double d = g_ascii_strtod (value, &end);

      if (end == value || *end != '\0' || !isfinite (d))
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                       "attribute[%s] must be a number, not “%s”", a->code, value);
          return FALSE;
        }
    }
  else if (g_str_equal (a->datatype, "datetime"))
    {
      gint64 t;

      if (!civic_parse_time (value, &t))
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                       "attribute[%s] must be a date and time like 2026-05-04T09:30:00-05:00, not “%s”",
                       a->code, value);
          return FALSE;
        }
    }
  else if (g_str_equal (a->datatype, "singlevaluelist") || g_str_equal (a->datatype, "multivaluelist"))
    {
      if (!value_is_listed (a, value))
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                       "“%s” is not one of the choices for attribute[%s]", value, a->code);
          return FALSE;
        }
    }
  return TRUE;
}

char *
civic_service_attributes_check (GPtrArray   *attrs,
                                GHashTable  *answers,
                                GError     **error)
{
  g_autoptr(GString) s = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;
  CivicJsonWriter w;
  guint i, j;

  /* every answer must name a question of this service */
  g_hash_table_iter_init (&iter, answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gboolean found = FALSE;

      for (i = 0; i < attrs->len && !found; i++)
        found = g_str_equal (((CivicServiceAttribute *) g_ptr_array_index (attrs, i))->code, key);
      if (!found)
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                       "attribute[%s] is not a question of this service", (const char *) key);
          return NULL;
        }
    }

  civic_json_writer_init (&w, s);
  civic_json_begin_object (&w);
  for (i = 0; i < attrs->len; i++)
    {
      CivicServiceAttribute *a = g_ptr_array_index (attrs, i);
      GPtrArray *given = g_hash_table_lookup (answers, a->code);
      gboolean multi = g_str_equal (a->datatype, "multivaluelist");

      if (given == NULL || given->len == 0)
        {
          if (a->required && a->variable)
            {
              g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                           "attribute[%s] is required (%s)", a->code, a->description);
              return NULL;
            }
          continue;
        }
      if (!multi && given->len > 1)
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                       "attribute[%s] takes one value, not %u", a->code, given->len);
          return NULL;
        }
      for (j = 0; j < given->len; j++)
        if (!check_one (a, g_ptr_array_index (given, j), error))
          return NULL;

      civic_json_key (&w, a->code);
      if (multi)
        {
          civic_json_begin_array (&w);
          for (j = 0; j < given->len; j++)
            civic_json_string (&w, g_ptr_array_index (given, j));
          civic_json_end_array (&w);
        }
      else
        civic_json_string (&w, g_ptr_array_index (given, 0));
    }
  civic_json_end_object (&w);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* metadata is true when the service has questions, whatever was stored */
static gboolean
row_has_metadata (CivicDbStmt *stmt)
{
  const char *attrs = civic_db_column_text (stmt, 7);

  if (civic_db_column_int64 (stmt, 3) != 0)
    return TRUE;
  return attrs != NULL && strchr (attrs, '{') != NULL;
}

void
civic_service_write_json (CivicJsonWriter *w,
                          CivicDbStmt     *stmt)
{
  civic_json_begin_object (w);
  civic_json_member_string (w, "service_code", civic_db_column_text (stmt, 0));
  civic_json_member_string (w, "service_name", civic_db_column_text (stmt, 1));
  civic_json_member_string (w, "description", civic_db_column_text (stmt, 2));
  civic_json_member_bool (w, "metadata", row_has_metadata (stmt));
  civic_json_member_string (w, "type", civic_db_column_text (stmt, 4));
  civic_json_member_string (w, "keywords", civic_db_column_text (stmt, 5));
  civic_json_member_string (w, "group", civic_db_column_text (stmt, 6));
  civic_json_end_object (w);
}

void
civic_service_write_xml (GString     *out,
                         CivicDbStmt *stmt)
{
  g_string_append (out, "<service>");
  xml_element (out, "service_code", civic_db_column_text (stmt, 0));
  xml_element (out, "service_name", civic_db_column_text (stmt, 1));
  xml_element (out, "description", civic_db_column_text (stmt, 2));
  xml_element (out, "metadata", row_has_metadata (stmt) ? "true" : "false");
  xml_element (out, "type", civic_db_column_text (stmt, 4));
  xml_element (out, "keywords", civic_db_column_text (stmt, 5));
  xml_element (out, "group", civic_db_column_text (stmt, 6));
  g_string_append (out, "</service>");
}

gboolean
civic_service_upsert (CivicWrite               *w,
                      const CivicServiceDraft  *d,
                      GError                  **error)
{
  CivicDbStmt *stmt;
  const char *type = d->type;

  if (type == NULL || (!g_str_equal (type, "realtime") && !g_str_equal (type, "batch") &&
                       !g_str_equal (type, "blackbox")))
    type = "realtime";
  stmt = civic_db_prepare (w->conn,
                           "INSERT INTO services (code, name, description, grp, keywords, metadata, type, seq) "
                           "VALUES (?1, ?2, COALESCE(?3, ''), COALESCE(?4, ''), COALESCE(?5, ''), ?6, ?7, ?8) "
                           "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
                           "description = COALESCE(?3, services.description), "
                           "grp = COALESCE(?4, services.grp), keywords = COALESCE(?5, services.keywords), "
                           "metadata = excluded.metadata, type = excluded.type, seq = excluded.seq",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, d->code);
  civic_db_bind_text (stmt, 2, d->name != NULL && *d->name != '\0' ? d->name : d->code);
  civic_db_bind_text (stmt, 3, d->description);
  civic_db_bind_text (stmt, 4, d->group);
  civic_db_bind_text (stmt, 5, d->keywords);
  civic_db_bind_int64 (stmt, 6, d->metadata ? 1 : 0);
  civic_db_bind_text (stmt, 7, type);
  civic_db_bind_int64 (stmt, 8, w->seq);
  if (!civic_db_run (stmt, error))
    return FALSE;
  civic_write_audit (w, "service-save", "service", d->code, NULL, NULL);
  return TRUE;
}

gboolean
civic_service_set_attributes (CivicWrite   *w,
                              const char   *code,
                              const char   *attributes_json,
                              GError      **error)
{
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "INSERT INTO services (code, name, metadata, attributes, seq) "
                                        "VALUES (?1, ?1, 1, ?2, ?3) "
                                        "ON CONFLICT (code) DO UPDATE SET attributes = excluded.attributes, "
                                        "metadata = 1, seq = excluded.seq",
                                        error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, code);
  civic_db_bind_text (stmt, 2, attributes_json);
  civic_db_bind_int64 (stmt, 3, w->seq);
  if (!civic_db_run (stmt, error))
    return FALSE;
  civic_write_audit (w, "service-definition", "service", code, NULL, attributes_json);
  return TRUE;
}
