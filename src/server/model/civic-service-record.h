/* civic-service-record.h: the service catalogue as Open311 sees it
 *
 * A service's attribute definitions live in `services.attributes` as a
 * JSON array of {variable, code, datatype, required, datatype_description,
 * order, description, values: [{key, name}]}. This file reads that array,
 * writes it as Open311 JSON and XML, checks a citizen's attribute answers
 * against it, and saves services and definitions (imports, seeding).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "civic-db.h"
#include "civic-json-writer.h"
#include "civic-write.h"

G_BEGIN_DECLS

typedef struct
{
  char *key;
  char *name;
} CivicServiceValue;

typedef struct
{
  gboolean   variable;
  char      *code;
  char      *datatype;              /* one of the six Open311 datatypes */
  gboolean   required;
  char      *datatype_description;
  gint64     order;
  char      *description;
  GPtrArray *values;                /* CivicServiceValue */
} CivicServiceAttribute;

void       civic_service_attribute_free   (CivicServiceAttribute *attr);

/* Real exports spell one value many ways (12, "12", true, "true",
 * null, ""): these read any of them. Text is NULL for null, objects and
 * arrays; bool is TRUE for true, "true", "1", "yes" in any case. */
char      *civic_open311_value_text       (JsonNode   *node);
gboolean   civic_open311_value_bool       (JsonNode   *node);
gint64     civic_open311_value_int        (JsonNode   *node,
                                           gint64      fallback);

/* TRUE for string, number, datetime, text, singlevaluelist, multivaluelist. */
gboolean   civic_service_datatype_is_known (const char *datatype);

/* Reads a definition array, tolerating what real exports do: booleans
 * as "true"/"false", orders and keys as strings or numbers, an empty
 * <values/> as "", unknown datatypes (kept as "string"). Attributes
 * without a code are dropped. Sorted by order. */
GPtrArray *civic_service_attributes_from_json (JsonNode     *node);
/* The same from the stored column text; an unreadable column is empty. */
GPtrArray *civic_service_attributes_parse     (const char   *json);
/* The canonical stored form. */
char      *civic_service_attributes_to_json   (GPtrArray    *attrs);

void       civic_service_attributes_write_json (CivicJsonWriter *w,
                                                GPtrArray       *attrs);
void       civic_service_attributes_write_xml  (GString         *out,
                                                GPtrArray       *attrs);

/* A citizen's answers: code → GPtrArray of strings, and whether the
 * code came as a list (`attribute[code][]`). Checks them against @attrs
 * and returns the case's attributes object ({"code": "v" | ["v", …]}),
 * or NULL with a plain-words CIVIC_ERROR_INVALID. */
char      *civic_service_attributes_check      (GPtrArray    *attrs,
                                                GHashTable   *answers,
                                                GError      **error);

/* Columns of a service row for the writers below, table alias s. */
#define CIVIC_SERVICE_COLUMNS \
  "s.code, s.name, s.description, s.metadata, s.type, s.keywords, s.grp, s.attributes"

void       civic_service_write_json  (CivicJsonWriter *w,
                                      CivicDbStmt     *stmt);
void       civic_service_write_xml   (GString         *out,
                                      CivicDbStmt     *stmt);

/* What an import or the seeder saves; NULL text keeps the stored value
 * on update (or the column default on insert). */
typedef struct
{
  const char *code;
  const char *name;
  const char *description;
  const char *group;
  const char *keywords;
  const char *type;
  gboolean    metadata;
} CivicServiceDraft;

/* Inserts or updates a service in the current write (attributes,
 * department, SLA and token setting are kept). */
gboolean   civic_service_upsert          (CivicWrite              *w,
                                          const CivicServiceDraft *draft,
                                          GError                 **error);
/* Stores @attributes_json as @code's definition, creating the service
 * (named after its code) when it does not exist yet. */
gboolean   civic_service_set_attributes  (CivicWrite   *w,
                                          const char   *code,
                                          const char   *attributes_json,
                                          GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicServiceAttribute, civic_service_attribute_free)

G_END_DECLS
