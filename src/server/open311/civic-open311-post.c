/* civic-open311-post.c: POST requests.{json,xml}, a citizen's report
 *
 * The body is application/x-www-form-urlencoded. Everything is checked
 * before the write starts, so every refusal is in Open311's error format;
 * the reporter's contact, device and account are stored for staff and
 * never sent back through Open311.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "civic-open311-private.h"
#include "auth/civic-auth.h"
#include "civic-error.h"
#include "civic-write.h"
#include "model/civic-case-record.h"
#include "model/civic-service-record.h"

#define MAX_DESCRIPTION_CHARS 4000
#define MAX_FIELD_CHARS       1000

typedef struct
{
  GHashTable *fields;     /* name → value */
  GHashTable *answers;    /* attribute code → GPtrArray of values */
} Form;

static void
form_clear (Form *form)
{
  g_clear_pointer (&form->fields, g_hash_table_unref);
  g_clear_pointer (&form->answers, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Form, form_clear)

/* x-www-form-urlencoded: '+' is a space, %XX a byte; NULs and invalid
 * UTF-8 are refused. */
static char *
form_unescape (const char *text,
               gsize       len)
{
  g_autofree char *plus = g_strndup (text, len);
  char *out;

  g_strdelimit (plus, "+", ' ');
  out = g_uri_unescape_string (plus, NULL);
  if (out != NULL && !g_utf8_validate (out, -1, NULL))
    g_clear_pointer (&out, g_free);
  return out;
}

static gboolean
form_parse (const char  *body,
            Form        *form,
            GError     **error)
{
  const char *p = body;

  form->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  form->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  while (*p != '\0')
    {
      const char *amp = strchr (p, '&');
      const char *end = amp != NULL ? amp : p + strlen (p);
      const char *eq = memchr (p, '=', end - p);
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (end > p)
        {
          name = form_unescape (p, (eq != NULL ? eq : end) - p);
          value = eq != NULL ? form_unescape (eq + 1, end - eq - 1) : g_strdup ("");
          if (name == NULL || value == NULL)
            {
              g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                           "The form is not valid: a field is not percent-encoded UTF-8 text");
              return FALSE;
            }
          if (g_str_has_prefix (name, "attribute["))
            {
              char *code = name + strlen ("attribute[");
              char *close = strchr (code, ']');
              GPtrArray *values;

              if (close == NULL || close == code ||
                  (close[1] != '\0' && !g_str_equal (close + 1, "[]")))
                {
                  g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                               "“%s” is not an attribute field: use attribute[code] or attribute[code][]", name);
                  return FALSE;
                }
              *close = '\0';
              values = g_hash_table_lookup (form->answers, code);
              if (values == NULL)
                {
                  values = g_ptr_array_new_with_free_func (g_free);
                  g_hash_table_insert (form->answers, g_strdup (code), values);
                }
              /* an empty answer is no answer (HTML forms send blanks) */
              if (*value != '\0')
                g_ptr_array_add (values, g_steal_pointer (&value));
            }
          else
            g_hash_table_replace (form->fields, g_steal_pointer (&name), g_steal_pointer (&value));
        }
      p = amp != NULL ? amp + 1 : end;
    }
  return TRUE;
}

/* A field's value, or NULL when absent or blank. */
static const char *
field (Form       *form,
       const char *name)
{
  const char *value = g_hash_table_lookup (form->fields, name);

  return value != NULL && *value != '\0' ? value : NULL;
}

static gboolean
parse_coordinate (const char *text,
                  double      limit,
                  double     *out)
{
  char *end = NULL;
  double d;

  if (text == NULL)
    return FALSE;
  d = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (d) || d < -limit || d > limit)
    return FALSE;
  *out = d;
  return TRUE;
}

typedef struct
{
  CivicOpen311Format  format;
  CivicCaseDraft      draft;
  gboolean            uses_token;
  const char         *account_id;
} Submission;

static gboolean
insert_request (CivicWrite  *w,
                gpointer     data,
                GError     **error)
{
  Submission *sub = data;
  g_autofree char *request_id = NULL;
  g_autofree char *token = NULL;
  gint64 id;

  if (!civic_case_insert (w, &sub->draft, &id, &request_id, error))
    return FALSE;
  if (sub->uses_token)
    {
      CivicDbStmt *stmt = civic_db_prepare (w->conn, "SELECT token FROM cases WHERE id = ?1", error);

      if (stmt == NULL)
        return FALSE;
      civic_db_bind_int64 (stmt, 1, id);
      if (!civic_db_step (stmt, error))
        return FALSE;
      token = g_strdup (civic_db_column_text (stmt, 0));
      civic_db_done (stmt);
    }

  if (sub->format == CIVIC_OPEN311_XML)
    {
      w->content_type = CIVIC_OPEN311_XML_TYPE;
      g_string_append (w->body, CIVIC_OPEN311_XML_HEAD "<service_requests><request>");
      if (token != NULL)
        g_string_append_printf (w->body, "<token>%s</token>", token);
      else
        {
          g_autofree char *e_id = g_markup_escape_text (request_id, -1);
          g_autofree char *e_notice = g_markup_escape_text (sub->draft.service_notice, -1);
          g_autofree char *e_account = g_markup_escape_text (sub->account_id != NULL ? sub->account_id : "", -1);

          g_string_append_printf (w->body, "<service_request_id>%s</service_request_id>"
                                  "<service_notice>%s</service_notice><account_id>%s</account_id>",
                                  e_id, e_notice, e_account);
        }
      g_string_append (w->body, "</request></service_requests>");
    }
  else
    {
      CivicJsonWriter jw;

      w->content_type = CIVIC_OPEN311_JSON_TYPE;
      civic_json_writer_init (&jw, w->body);
      civic_json_begin_array (&jw);
      civic_json_begin_object (&jw);
      if (token != NULL)
        civic_json_member_string (&jw, "token", token);
      else
        {
          civic_json_member_string (&jw, "service_request_id", request_id);
          civic_json_member_string (&jw, "service_notice", sub->draft.service_notice);
          civic_json_member_string (&jw, "account_id", sub->account_id);
        }
      civic_json_end_object (&jw);
      civic_json_end_array (&jw);
    }
  return TRUE;
}

/* The api key's name, or NULL after replying 403. */
static char *
check_api_key (CivicRequest       *req,
               CivicOpen311Format  format,
               const char         *key)
{
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  CivicDbStmt *stmt;
  char *name;

  if (key == NULL)
    {
      civic_open311_error (req, format, SOUP_STATUS_FORBIDDEN,
                           "api_key is required to submit a request; ask the city's 311 desk for one");
      return NULL;
    }
  hash = civic_auth_token_hash (key);
  stmt = civic_db_prepare (req->conn, "SELECT name FROM api_keys WHERE key_hash = ?1", &error);
  if (stmt != NULL)
    civic_db_bind_text (stmt, 1, hash);
  if (stmt == NULL || !civic_db_step (stmt, &error))
    {
      if (error != NULL)
        civic_open311_error (req, format, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                             "The api_key cannot be checked right now: %s", error->message);
      else
        civic_open311_error (req, format, SOUP_STATUS_FORBIDDEN, "This api_key is not valid");
      return NULL;
    }
  name = g_strdup (civic_db_column_text (stmt, 0));
  civic_db_done (stmt);
  return name;
}

static char *
service_notice (gint64 sla_hours)
{
  if (sla_hours <= 0)
    return g_strdup ("Thank you: the city has received this request.");
  if (sla_hours % 24 == 0)
    return g_strdup_printf ("Thank you: the city aims to resolve this kind of request within %" G_GINT64_FORMAT " %s.",
                            sla_hours / 24, sla_hours == 24 ? "day" : "days");
  return g_strdup_printf ("Thank you: the city aims to resolve this kind of request within %" G_GINT64_FORMAT " %s.",
                          sla_hours, sla_hours == 1 ? "hour" : "hours");
}

/* Checks the optional text fields for length (and shape where one is
 * expected); replies 400 and returns FALSE on the first bad one. */
static gboolean
check_fields (CivicRequest       *req,
              CivicOpen311Format  format,
              Form               *form)
{
  static const char *limited[] = {
    "email", "device_id", "account_id", "first_name", "last_name", "phone", "media_url",
    "address_string", "address_id", "service_code",
  };
  const char *description = field (form, "description");
  const char *email = field (form, "email");
  const char *media_url = field (form, "media_url");
  glong n;
  guint i;

  if (description != NULL && (n = g_utf8_strlen (description, -1)) > MAX_DESCRIPTION_CHARS)
    {
      civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                           "description may have at most %d characters; this one has %ld",
                           MAX_DESCRIPTION_CHARS, n);
      return FALSE;
    }
  for (i = 0; i < G_N_ELEMENTS (limited); i++)
    {
      const char *value = field (form, limited[i]);

      if (value != NULL && g_utf8_strlen (value, -1) > MAX_FIELD_CHARS)
        {
          civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                               "%s may have at most %d characters", limited[i], MAX_FIELD_CHARS);
          return FALSE;
        }
    }
  if (email != NULL && (strchr (email, '@') == NULL || strlen (email) > 254))
    {
      civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST, "email “%s” is not an email address", email);
      return FALSE;
    }
  if (media_url != NULL && !g_str_has_prefix (media_url, "http://") && !g_str_has_prefix (media_url, "https://"))
    {
      civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                           "media_url must be an http:// or https:// address");
      return FALSE;
    }
  return TRUE;
}

void
civic_open311_post_request (CivicRequest *req)
{
  g_auto(Form) form = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) attrs = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *key_name = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *attributes_json = NULL;
  g_autofree char *reporter_name = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *service_name = NULL;
  CivicOpen311Format format;
  const char *content_type = civic_request_header (req, "Content-Type");
  const char *body;
  const char *service_code, *lat, *lon, *address, *address_id;
  guint kinds;
  gint64 sla_hours = 0;
  gboolean uses_token = FALSE;
  CivicDbStmt *stmt;
  Submission sub = { 0, };
  CivicAuthUser submitter = { 0, };

  format_name = civic_open311_split_format (req, civic_request_param (req, 0), &format);
  if (format_name == NULL)
    return;
  if (content_type == NULL ||
      g_ascii_strncasecmp (content_type, "application/x-www-form-urlencoded",
                           strlen ("application/x-www-form-urlencoded")) != 0)
    {
      civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                           "Send the request as application/x-www-form-urlencoded fields");
      return;
    }
  body = civic_request_body_text (req, NULL);
  if (body == NULL)
    return;
  if (!form_parse (body, &form, &error))
    {
      civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST, "%s", error->message);
      return;
    }
  if (!civic_open311_check_jurisdiction (req, format,
                                         field (&form, "jurisdiction_id") != NULL ? field (&form, "jurisdiction_id")
                                                                                  : civic_request_query (req, "jurisdiction_id")))
    return;
  key_name = check_api_key (req, format, field (&form, "api_key"));
  if (key_name == NULL)
    return;

  service_code = field (&form, "service_code");
  if (service_code == NULL)
    {
      civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                           "service_code is required (see services.json for the list)");
      return;
    }
  if (!check_fields (req, format, &form))
    return;
  stmt = civic_db_prepare (req->conn, "SELECT name, sla_hours, uses_token, attributes FROM services WHERE code = ?1",
                           &error);
  if (stmt != NULL)
    {
      civic_db_bind_text (stmt, 1, service_code);
      if (civic_db_step (stmt, &error))
        {
          service_name = g_strdup (civic_db_column_text (stmt, 0));
          sla_hours = civic_db_column_int64 (stmt, 1);
          uses_token = civic_db_column_int64 (stmt, 2) != 0;
          attrs = civic_service_attributes_parse (civic_db_column_text (stmt, 3));
          civic_db_done (stmt);
        }
    }
  if (error != NULL)
    {
      civic_open311_error (req, format, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                           "The service cannot be looked up right now: %s", error->message);
      return;
    }
  if (service_name == NULL)
    {
      civic_open311_error (req, format, SOUP_STATUS_NOT_FOUND,
                           "There is no service with the code “%s” (see services.json)", service_code);
      return;
    }

  /* exactly one kind of location */
  lat = field (&form, "lat");
  lon = field (&form, "long");
  address = field (&form, "address_string");
  address_id = field (&form, "address_id");
  if ((lat == NULL) != (lon == NULL))
    {
      civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST, "lat and long must be given together");
      return;
    }
  kinds = (lat != NULL) + (address != NULL) + (address_id != NULL);
  if (kinds != 1)
    {
      civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                           kinds == 0 ? "A location is required: lat and long, address_string or address_id"
                                      : "Give only one location: lat and long, address_string or address_id, not several");
      return;
    }
  if (lat != NULL)
    {
      if (!parse_coordinate (lat, 90, &sub.draft.lat))
        {
          civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                               "lat must be a number from -90 to 90, not “%s”", lat);
          return;
        }
      if (!parse_coordinate (lon, 180, &sub.draft.lon))
        {
          civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST,
                               "long must be a number from -180 to 180, not “%s”", lon);
          return;
        }
      sub.draft.has_location = TRUE;
    }

  attributes_json = civic_service_attributes_check (attrs, form.answers, &error);
  if (attributes_json == NULL)
    {
      civic_open311_error (req, format, SOUP_STATUS_BAD_REQUEST, "%s", error->message);
      return;
    }

  if (field (&form, "first_name") != NULL || field (&form, "last_name") != NULL)
    reporter_name = g_strjoin (" ", field (&form, "first_name") != NULL ? field (&form, "first_name") : "",
                               field (&form, "last_name") != NULL ? field (&form, "last_name") : "", NULL);
  if (reporter_name != NULL)
    g_strstrip (reporter_name);
  notice = service_notice (sla_hours);

  sub.format = format;
  sub.uses_token = uses_token;
  sub.account_id = field (&form, "account_id");
  sub.draft.service_code = service_code;
  sub.draft.description = field (&form, "description");
  sub.draft.service_notice = notice;
  sub.draft.address = address;
  sub.draft.address_id = address_id;
  sub.draft.media_url = field (&form, "media_url");
  sub.draft.channel = field (&form, "device_id") != NULL ? "mobile" : "web";
  sub.draft.reporter_name = reporter_name;
  sub.draft.reporter_email = field (&form, "email");
  sub.draft.reporter_phone = field (&form, "phone");
  sub.draft.device_id = field (&form, "device_id");
  sub.draft.account_id = sub.account_id;
  sub.draft.attributes_json = attributes_json;
  sub.draft.with_token = uses_token;

  /* The audit log and idempotency keys name the application whose key
   * submitted the request. */
  actor = g_strconcat ("open311:", key_name, NULL);
  submitter.username = actor;
  submitter.role = (char *) "open311";
  req->user = &submitter;
  civic_write_run_request (req, insert_request, &sub);
  req->user = NULL;
}
