/* civic-sync-json.c: reading the service's JSON, types checked
 *
 * Times, priority names, members of a change with their types checked
 * (a wrong type fails the page with a sentence naming the entity and its
 * change number), and a case from its staff JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-sync-apply.h"

#include <string.h>

#include "civic-case-private.h"
#include "civic-error.h"
#include "civic-sync-private.h"

/* ---- times ----------------------------------------------------------- */

static gboolean
digits (const char *p,
        int         n,
        int        *value)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      v = v * 10 + (p[i] - '0');
    }
  *value = v;
  return TRUE;
}

/* days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant) */
static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

gboolean
civic_sync_parse_time (const char *text,
                       gint64     *unix_seconds)
{
  int y, mo, d, h, mi, s, oh = 0, om = 0, sign = 0;
  const char *p;

  /* the server's one shape, read without GDateTime: 100,000 cases carry
   * three each */
  if (text == NULL || strlen (text) < 19 ||
      !digits (text, 4, &y) || text[4] != '-' || !digits (text + 5, 2, &mo) || text[7] != '-' ||
      !digits (text + 8, 2, &d) || (text[10] != 'T' && text[10] != ' ') ||
      !digits (text + 11, 2, &h) || text[13] != ':' || !digits (text + 14, 2, &mi) ||
      text[16] != ':' || !digits (text + 17, 2, &s) ||
      mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
    goto slow;

  p = text + 19;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      ;
  if (*p == 'Z' && p[1] == '\0')
    sign = 0;
  else if ((*p == '+' || *p == '-') && strlen (p) == 6 && digits (p + 1, 2, &oh) &&
           p[3] == ':' && digits (p + 4, 2, &om))
    sign = *p == '+' ? 1 : -1;
  else
    goto slow;

  *unix_seconds = days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + s -
                  sign * (oh * 3600 + om * 60);
  return TRUE;

slow:
  {
    g_autoptr(GDateTime) dt = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

    if (dt == NULL)
      return FALSE;
    *unix_seconds = g_date_time_to_unix (dt);
    return TRUE;
  }
}

char *
civic_sync_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

/* ---- priorities ------------------------------------------------------ */

static const char * const priority_names[] = { "low", "normal", "high", "urgent" };

int
civic_priority_from_name (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (priority_names); i++)
    if (g_ascii_strcasecmp (name, priority_names[i]) == 0)
      return (int) i + 2;
  return 0;
}

const char *
civic_priority_to_name (int priority)
{
  if (priority <= 2)
    return "low";
  if (priority >= 5)
    return "urgent";
  return priority_names[priority - 2];
}

/* ---- reading members with their types checked ------------------------ */

gboolean
civic_sync_malformed (CivicApplyCtx        *ctx,
           const char *format,
           ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  /* seq 0: one object read on its own (a push answer), not a page */
  if (ctx->seq > 0)
    g_set_error (ctx->error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                 "The service sent a change this desk cannot read (%s, change %" G_GINT64_FORMAT
                 "): %s. Nothing from that page was saved.",
                 ctx->entity != NULL ? ctx->entity : "unknown entity", ctx->seq, what);
  else
    g_set_error (ctx->error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                 "The service sent a %s this desk cannot read: %s.",
                 ctx->entity != NULL ? ctx->entity : "reply", what);
  return FALSE;
}

gboolean
civic_sync_holds (JsonNode *node,
                  GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* A string member: NULL when absent or null; FALSE (and error) for any
 * other type, or when @required and missing. */
gboolean
civic_sync_get_str (CivicApplyCtx  *ctx,
                    JsonObject     *o,
                    const char     *name,
                    gboolean        required,
                    const char    **out)
{
  JsonNode *node = json_object_get_member (o, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return !required || civic_sync_malformed (ctx, "“%s” is missing", name);
  if (!civic_sync_holds (node, G_TYPE_STRING))
    return civic_sync_malformed (ctx, "“%s” is not text", name);
  *out = json_node_get_string (node);
  if (required && **out == '\0')
    return civic_sync_malformed (ctx, "“%s” is empty", name);
  return TRUE;
}

gboolean
civic_sync_get_int (CivicApplyCtx *ctx,
                    JsonObject    *o,
                    const char    *name,
                    gboolean       required,
                    gint64        *out)
{
  JsonNode *node = json_object_get_member (o, name);

  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return !required || civic_sync_malformed (ctx, "“%s” is missing", name);
  if (!civic_sync_holds (node, G_TYPE_INT64))
    return civic_sync_malformed (ctx, "“%s” is not a whole number", name);
  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
civic_sync_get_bool (CivicApplyCtx *ctx,
                     JsonObject    *o,
                     const char    *name,
                     gboolean      *out)
{
  JsonNode *node = json_object_get_member (o, name);

  *out = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (civic_sync_holds (node, G_TYPE_BOOLEAN))
    *out = json_node_get_boolean (node);
  else if (civic_sync_holds (node, G_TYPE_INT64))
    *out = json_node_get_int (node) != 0;
  else
    return civic_sync_malformed (ctx, "“%s” is not true or false", name);
  return TRUE;
}

gboolean
civic_sync_get_double (CivicApplyCtx *ctx,
                       JsonObject    *o,
                       const char    *name,
                       double        *out)
{
  JsonNode *node = json_object_get_member (o, name);

  *out = 0.0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (civic_sync_holds (node, G_TYPE_DOUBLE))
    *out = json_node_get_double (node);
  else if (civic_sync_holds (node, G_TYPE_INT64))
    *out = (double) json_node_get_int (node);
  else
    return civic_sync_malformed (ctx, "“%s” is not a number", name);
  return TRUE;
}

gboolean
civic_sync_get_time (CivicApplyCtx *ctx,
                     JsonObject    *o,
                     const char    *name,
                     gint64        *out)
{
  const char *text;

  *out = 0;
  if (!civic_sync_get_str (ctx, o, name, FALSE, &text))
    return FALSE;
  if (text != NULL && *text != '\0' && !civic_sync_parse_time (text, out))
    return civic_sync_malformed (ctx, "“%s” is not a date and time", name);
  return TRUE;
}

/* Any JSON member kept as its text (arrays, objects); NULL when absent. */
char *
civic_sync_get_json_text (JsonObject *o,
                          const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return json_to_string (node, FALSE);
}

/* ---- cases ----------------------------------------------------------- */

/* The nicks of CivicCaseState and CivicChannel, in enum order: looked up
 * here without the GEnumClass, which takes a lock per call. */
static const char * const state_names[] = { "new", "acknowledged", "in_progress", "waiting", "closed" };
static const char * const channel_names[] = { "phone", "web", "mobile", "social", "field", "internal" };

G_STATIC_ASSERT (G_N_ELEMENTS (state_names) == CIVIC_CASE_STATE_LAST + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (channel_names) == CIVIC_CHANNEL_LAST + 1);

static int
index_of (const char * const *names,
          guint               n,
          const char         *name)
{
  for (guint i = 0; i < n; i++)
    if (strcmp (names[i], name) == 0)
      return (int) i;
  return -1;
}

gboolean
civic_sync_case_from_json (CivicApplyCtx *ctx,
                           JsonObject    *o,
                           CivicCase     *c)
{
  const char *s;
  JsonNode *tags;
  gint64 version;
  int v;

  if (!civic_sync_get_str (ctx, o, "service_request_id", TRUE, &s))
    return FALSE;
  c->service_request_id = g_strdup (s);

  if (!civic_sync_get_str (ctx, o, "state", FALSE, &s))
    return FALSE;
  if (s == NULL && !civic_sync_get_str (ctx, o, "status", FALSE, &s))
    return FALSE;
  if (s == NULL || g_str_equal (s, "open"))
    c->state = CIVIC_CASE_STATE_NEW;
  else if ((v = index_of (state_names, G_N_ELEMENTS (state_names), s)) >= 0)
    c->state = v;
  else
    return civic_sync_malformed (ctx, "“%s” is not a case state", s);

#define TEXT(field, name) \
  G_STMT_START { \
    if (!civic_sync_get_str (ctx, o, name, FALSE, &s)) \
      return FALSE; \
    c->field = g_strdup (s); \
  } G_STMT_END
  TEXT (status_notes, "status_notes");
  TEXT (service_code, "service_code");
  TEXT (service_name, "service_name");
  TEXT (description, "description");
  TEXT (agency_responsible, "agency_responsible");
  TEXT (service_notice, "service_notice");
  TEXT (address, "address");
  TEXT (address_id, "address_id");
  TEXT (zipcode, "zipcode");
  TEXT (media_url, "media_url");
  TEXT (department, "department");
  TEXT (assignee, "assignee");
  TEXT (reporter_name, "reporter_name");
  TEXT (reporter_email, "reporter_email");
  TEXT (reporter_phone, "reporter_phone");
  TEXT (duplicate_of, "duplicate_of");
#undef TEXT

  if (!civic_sync_get_time (ctx, o, "requested_datetime", &c->requested_datetime) ||
      !civic_sync_get_time (ctx, o, "updated_datetime", &c->updated_datetime) ||
      !civic_sync_get_time (ctx, o, "expected_datetime", &c->expected_datetime) ||
      !civic_sync_get_time (ctx, o, "closed_datetime", &c->closed_datetime) ||
      !civic_sync_get_double (ctx, o, "lat", &c->lat) ||
      !civic_sync_get_double (ctx, o, "long", &c->lon) ||
      !civic_sync_get_int (ctx, o, "version", FALSE, &version))
    return FALSE;
  c->version = version;

  if (!civic_sync_get_str (ctx, o, "priority", FALSE, &s))
    return FALSE;
  c->priority = s != NULL ? civic_priority_from_name (s) : 3;
  if (c->priority == 0)
    return civic_sync_malformed (ctx, "“%s” is not a priority", s);

  if (!civic_sync_get_str (ctx, o, "channel", FALSE, &s))
    return FALSE;
  /* a channel this desk does not know yet is still a case to show */
  v = s != NULL ? index_of (channel_names, G_N_ELEMENTS (channel_names), s) : -1;
  c->channel = v >= 0 ? (CivicChannel) v : CIVIC_CHANNEL_INTERNAL;

  tags = json_object_get_member (o, "tags");
  if (tags != NULL && JSON_NODE_HOLDS_ARRAY (tags))
    {
      JsonArray *array = json_node_get_array (tags);
      guint n = json_array_get_length (array);
      guint k = 0;

      if (n > 0)
        {
          c->tags = g_new0 (char *, n + 1);
          for (guint i = 0; i < n; i++)
            {
              JsonNode *t = json_array_get_element (array, i);

              if (!civic_sync_holds (t, G_TYPE_STRING))
                return civic_sync_malformed (ctx, "a tag is not text");
              c->tags[k++] = g_strdup (json_node_get_string (t));
            }
        }
    }
  else if (tags != NULL && !JSON_NODE_HOLDS_NULL (tags))
    return civic_sync_malformed (ctx, "“tags” is not a list");

  return TRUE;
}

CivicCase *
civic_case_from_staff_json (JsonObject  *object,
                            GError     **error)
{
  g_autoptr(CivicCase) c = civic_case_new ();
  CivicApplyCtx ctx = { "case", 0, error };

  g_return_val_if_fail (object != NULL, NULL);

  if (!civic_sync_case_from_json (&ctx, object, c))
    return NULL;
  return g_steal_pointer (&c);
}
