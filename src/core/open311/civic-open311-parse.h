/* civic-open311-parse.h: reading what real Open311 GeoReport v2 endpoints send
 *
 * Pure functions: bytes in, domain objects out. Both formats (JSON and the
 * standard's XML) go through one reader, and every deviation real cities
 * show is accepted: ids and coordinates as numbers or strings, 0 or empty
 * meaning "no location", capitalised statuses, datetimes without a zone
 * (read in the city's time zone), empty media_url, unknown fields, unknown
 * datatypes (read as string).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "civic-case.h"
#include "civic-service.h"

G_BEGIN_DECLS

typedef enum
{
  CIVIC_OPEN311_FORMAT_JSON,
  CIVIC_OPEN311_FORMAT_XML,
} CivicOpen311Format;

typedef enum
{
  CIVIC_OPEN311_DATATYPE_STRING,
  CIVIC_OPEN311_DATATYPE_NUMBER,
  CIVIC_OPEN311_DATATYPE_DATETIME,
  CIVIC_OPEN311_DATATYPE_TEXT,
  CIVIC_OPEN311_DATATYPE_SINGLEVALUELIST,
  CIVIC_OPEN311_DATATYPE_MULTIVALUELIST,
} CivicOpen311Datatype;

typedef struct
{
  char *key;
  char *name;
} CivicOpen311Value;

/* One question of a service definition. */
typedef struct
{
  gboolean              variable;     /* FALSE: information shown, not asked */
  char                 *code;
  CivicOpen311Datatype  datatype;     /* unknown datatypes read as STRING */
  gboolean              required;
  char                 *datatype_description;
  int                   order;
  char                 *description;
  GPtrArray            *values;       /* CivicOpen311Value */
} CivicOpen311Attribute;

typedef struct
{
  char      *service_code;
  GPtrArray *attributes;              /* CivicOpen311Attribute, by order */
} CivicOpen311Definition;

#define CIVIC_TYPE_OPEN311_DEFINITION (civic_open311_definition_get_type ())
GType                   civic_open311_definition_get_type (void) G_GNUC_CONST;
CivicOpen311Definition *civic_open311_definition_copy     (const CivicOpen311Definition *def);
void                    civic_open311_definition_free     (CivicOpen311Definition       *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicOpen311Definition, civic_open311_definition_free)

/* The attribute with @code, or NULL. */
CivicOpen311Attribute  *civic_open311_definition_lookup   (const CivicOpen311Definition *def,
                                                           const char                   *code);
/* The definition as Open311 JSON (what civic_open311_parse_definition reads
 * back): how definitions are kept in the local store. */
char                   *civic_open311_definition_to_json  (const CivicOpen311Definition *def);

const char             *civic_open311_datatype_to_string  (CivicOpen311Datatype datatype);
/* Unknown or missing names are STRING: an endpoint's invention is asked
 * as free text rather than refused. */
CivicOpen311Datatype    civic_open311_datatype_from_string (const char *name);

/* The answers to a service's questions: attribute code → GPtrArray of
 * strings (one value, or several for a multivaluelist). What the request
 * form produces and civic_open311_client_submit_async() sends. */
GHashTable             *civic_open311_answers_new         (void);
void                    civic_open311_answers_add         (GHashTable  *answers,
                                                           const char  *code,
                                                           const char  *value);

/* Checks one answer against its attribute's datatype; FALSE with a
 * sentence in @error when it does not fit. */
gboolean                civic_open311_check_value         (const CivicOpen311Attribute *attr,
                                                           const char                  *value,
                                                           GError                     **error);

/* w3 datetimes; without a zone they are read in @city_tz (NULL: UTC).
 * A space instead of 'T' and a bare date are accepted. */
gboolean                civic_open311_parse_datetime      (const char  *text,
                                                           GTimeZone   *city_tz,
                                                           gint64      *unix_seconds);
/* "2026-05-04T09:30:00Z" */
char                   *civic_open311_format_datetime     (gint64       unix_seconds);

/* The content decides the format when it starts with '<' (an endpoint may
 * answer XML to a .json URL); @format is the hint otherwise. */
GPtrArray              *civic_open311_parse_requests      (const char          *data,
                                                           gsize                len,
                                                           CivicOpen311Format   format,
                                                           GTimeZone           *city_tz,
                                                           GError             **error);
GPtrArray              *civic_open311_parse_services      (const char          *data,
                                                           gsize                len,
                                                           CivicOpen311Format   format,
                                                           GError             **error);
CivicOpen311Definition *civic_open311_parse_definition    (const char          *data,
                                                           gsize                len,
                                                           CivicOpen311Format   format,
                                                           GError             **error);
/* The answer to POST requests or GET tokens/{token}: the first element's
 * service_request_id and token (each may be NULL). */
gboolean                civic_open311_parse_submitted     (const char          *data,
                                                           gsize                len,
                                                           CivicOpen311Format   format,
                                                           char               **service_request_id,
                                                           char               **token,
                                                           char               **service_notice,
                                                           GError             **error);
/* Which formats discovery offers. */
gboolean                civic_open311_parse_discovery     (const char          *data,
                                                           gsize                len,
                                                           CivicOpen311Format   format,
                                                           gboolean            *offers_json,
                                                           gboolean            *offers_xml,
                                                           GError             **error);
/* The descriptions of an Open311 error list, joined; NULL when the body
 * is not one. */
char                   *civic_open311_parse_error_text    (const char          *data,
                                                           gsize                len);

G_END_DECLS
