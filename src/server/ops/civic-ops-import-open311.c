/* civic-ops-import-open311.c: `civicdesk-server import-open311 FILE…`
 *
 * Reads what real Open311 endpoints export, JSON or XML: service lists,
 * service definitions and request lists. Real exports deviate from the
 * standard (ids as numbers, lat as a string or 0, "Open"/"CLOSED",
 * datetimes without a zone, empty media_url, extra fields), so every
 * value is read leniently. A record that cannot be used is reported with
 * its position and skipped; the rest of the file still imports. Requests
 * keep their service_request_id, so importing a file again updates the
 * same cases instead of adding copies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "civic-ops.h"
#include "civic-ops-open311.h"
#include "civic-error.h"
#include "civic-write.h"
#include "http/civic-http.h"
#include "model/civic-case-record.h"
#include "model/civic-service-record.h"

/* ---- XML → the same JSON tree the JSON exports give ------------------- */

/* Elements whose children form a list even when there is only one. */
static const char *list_items[] = {
  "service", "request", "service_request", "attribute", "value", "note", "error",
};

typedef struct
{
  char      *name;
  GString   *text;
  GPtrArray *child_names;   /* char* */
  GPtrArray *child_nodes;   /* JsonNode* */
} XmlFrame;

typedef struct
{
  GPtrArray *stack;         /* XmlFrame* */
  JsonNode  *root;
} XmlReader;

static void
xml_frame_free (gpointer data)
{
  XmlFrame *f = data;

  g_free (f->name);
  g_string_free (f->text, TRUE);
  g_ptr_array_unref (f->child_names);
  g_ptr_array_unref (f->child_nodes);
  g_free (f);
}

static void
xml_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **attr_names,
           const char          **attr_values,
           gpointer              user_data,
           GError              **error)
{
  XmlReader *r = user_data;
  XmlFrame *f = g_new0 (XmlFrame, 1);

  if (r->stack->len >= 32)
    {
      g_free (f);
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "the XML is nested too deep");
      return;
    }
  f->name = g_strdup (element);
  f->text = g_string_new (NULL);
  f->child_names = g_ptr_array_new_with_free_func (g_free);
  f->child_nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_ptr_array_add (r->stack, f);
}

static gboolean
children_form_list (XmlFrame *f)
{
  const char *first = g_ptr_array_index (f->child_names, 0);
  guint i;

  if (!g_strv_contains (list_items, first))
    return FALSE;
  for (i = 1; i < f->child_names->len; i++)
    if (!g_str_equal (g_ptr_array_index (f->child_names, i), first))
      return FALSE;
  return TRUE;
}

static void
xml_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  XmlReader *r = user_data;
  XmlFrame *f = g_ptr_array_steal_index (r->stack, r->stack->len - 1);
  JsonNode *node;
  guint i;

  if (f->child_nodes->len == 0)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, g_strstrip (f->text->str));
    }
  else if (children_form_list (f))
    {
      JsonArray *array = json_array_new ();

      for (i = 0; i < f->child_nodes->len; i++)
        json_array_add_element (array, json_node_ref (g_ptr_array_index (f->child_nodes, i)));
      node = json_node_init_array (json_node_alloc (), array);
      json_array_unref (array);
    }
  else
    {
      JsonObject *object = json_object_new ();

      for (i = 0; i < f->child_nodes->len; i++)
        json_object_set_member (object, g_ptr_array_index (f->child_names, i),
                                json_node_ref (g_ptr_array_index (f->child_nodes, i)));
      node = json_node_init_object (json_node_alloc (), object);
      json_object_unref (object);
    }

  if (r->stack->len == 0)
    {
      g_clear_pointer (&r->root, json_node_unref);
      r->root = node;
    }
  else
    {
      XmlFrame *parent = g_ptr_array_index (r->stack, r->stack->len - 1);

      g_ptr_array_add (parent->child_names, g_strdup (f->name));
      g_ptr_array_add (parent->child_nodes, node);
    }
  xml_frame_free (f);
}

static void
xml_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 len,
          gpointer              user_data,
          GError              **error)
{
  XmlReader *r = user_data;

  if (r->stack->len > 0)
    g_string_append_len (((XmlFrame *) g_ptr_array_index (r->stack, r->stack->len - 1))->text, text, len);
}

static JsonNode *
xml_to_json (const char  *text,
             gsize        len,
             GError     **error)
{
  static const GMarkupParser parser = { xml_start, xml_end, xml_text, NULL, NULL };
  XmlReader r = { g_ptr_array_new_with_free_func (xml_frame_free), NULL };
  GMarkupParseContext *ctx = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &r, NULL);
  gboolean ok = g_markup_parse_context_parse (ctx, text, len, error) &&
                g_markup_parse_context_end_parse (ctx, error);

  g_markup_parse_context_free (ctx);
  g_ptr_array_unref (r.stack);
  if (!ok)
    g_clear_pointer (&r.root, json_node_unref);
  return r.root;
}

/* ---- reading one record leniently ------------------------------------- */

/* Text, or NULL when absent, null or blank. */
static char *
rec_text (JsonObject *o,
          const char *name)
{
  char *text = civic_open311_value_text (json_object_get_member (o, name));

  if (text != NULL)
    g_strstrip (text);
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static gboolean
rec_double (JsonObject *o,
            const char *name,
            double     *out)
{
  g_autofree char *text = rec_text (o, name);
  char *end = NULL;
  double d;

  if (text == NULL)
    return FALSE;
  d = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (d))
    return FALSE;
  *out = d;
  return TRUE;
}

typedef struct
{
  const char *file;
  const char *service_option;   /* --service */
  JsonNode   *root;
  guint       services;
  guint       definitions;
  guint       requests;
  guint       skipped;
} Import;

static void
skip (Import     *im,
      const char *kind,
      guint       position,
      const char *why)
{
  g_printerr ("%s: %s %u: %s, skipped\n", im->file, kind, position, why);
  im->skipped++;
}

/* Runs @func for one record inside a savepoint, so a record the database
 * refuses is skipped without undoing the others. */
static gboolean
in_savepoint (CivicWrite  *w,
              gboolean   (*func) (CivicWrite *, Import *, JsonObject *, guint, GError **),
              Import      *im,
              JsonObject  *o,
              guint        position,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!civic_write_savepoint_begin (w, "import_record", error))
    return FALSE;
  if (func (w, im, o, position, &local_error))
    return civic_write_savepoint_end (w, "import_record", TRUE, error);
  if (!civic_write_savepoint_end (w, "import_record", FALSE, error))
    return FALSE;
  if (local_error != NULL)
    skip (im, "record", position, local_error->message);
  return TRUE;
}

static gboolean
import_service (CivicWrite  *w,
                Import      *im,
                JsonObject  *o,
                guint        position,
                GError     **error)
{
  g_autofree char *code = rec_text (o, "service_code");
  g_autofree char *name = rec_text (o, "service_name");
  g_autofree char *description = civic_open311_value_text (json_object_get_member (o, "description"));
  g_autofree char *group = rec_text (o, "group");
  g_autofree char *keywords = rec_text (o, "keywords");
  g_autofree char *type = rec_text (o, "type");
  CivicServiceDraft d = { 0, };

  if (code == NULL)
    {
      skip (im, "service", position, "no service_code");
      return TRUE;
    }
  if (type != NULL)
    {
      char *lower = g_ascii_strdown (type, -1);

      g_free (type);
      type = lower;
    }
  d.code = code;
  d.name = name;
  d.description = description != NULL ? g_strstrip (description) : "";
  d.group = group != NULL ? group : "";
  d.keywords = keywords != NULL ? keywords : "";
  d.type = type;
  d.metadata = civic_open311_value_bool (json_object_get_member (o, "metadata"));
  if (!civic_service_upsert (w, &d, error))
    return FALSE;
  im->services++;
  return TRUE;
}

/* "dc-services-S0301.xml" → "S0301": exports name definitions after
 * their service. */
static char *
code_from_file_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');
  const char *dash;

  if (dot != NULL)
    *dot = '\0';
  dash = strrchr (base, '-');
  if (dash == NULL)
    dash = strrchr (base, '_');
  return g_strdup (dash != NULL && dash[1] != '\0' ? dash + 1 : base);
}

static gboolean
import_definition (CivicWrite  *w,
                   Import      *im,
                   JsonObject  *o,
                   guint        position,
                   GError     **error)
{
  g_autofree char *inner = rec_text (o, "service_code");
  g_autofree char *from_name = code_from_file_name (im->file);
  g_autoptr(GPtrArray) attrs = civic_service_attributes_from_json (json_object_get_member (o, "attributes"));
  g_autofree char *json = civic_service_attributes_to_json (attrs);
  const char *code = im->service_option != NULL ? im->service_option : inner != NULL ? inner : from_name;

  if (code == NULL || *code == '\0')
    {
      skip (im, "service definition", position, "no service_code (give one with --service CODE)");
      return TRUE;
    }
  if (!civic_service_set_attributes (w, code, json, error))
    return FALSE;
  im->definitions++;
  return TRUE;
}

static gboolean
parse_time_member (Import      *im,
                   JsonObject  *o,
                   const char  *name,
                   guint        position,
                   gint64      *out)
{
  g_autofree char *text = rec_text (o, name);

  if (text == NULL)
    return FALSE;
  if (civic_parse_time (text, out))
    return TRUE;
  g_printerr ("%s: request %u: %s “%s” is not a date, left empty\n", im->file, position, name, text);
  return FALSE;
}

static const char *
state_from_status (const char *status)
{
  static const char *kept[] = { "acknowledged", "in_progress", "waiting" };
  g_autofree char *lower = status != NULL ? g_ascii_strdown (status, -1) : NULL;
  guint i;

  if (lower == NULL)
    return "new";
  if (g_str_equal (lower, "closed") || g_str_equal (lower, "resolved") || g_str_equal (lower, "completed"))
    return "closed";
  /* our own exports may carry a workflow state; anything else is open */
  for (i = 0; i < G_N_ELEMENTS (kept); i++)
    if (g_str_equal (lower, kept[i]))
      return kept[i];
  return "new";
}

static gboolean
import_request (CivicWrite  *w,
                Import      *im,
                JsonObject  *o,
                guint        position,
                GError     **error)
{
  g_autofree char *id = rec_text (o, "service_request_id");
  g_autofree char *code = rec_text (o, "service_code");
  g_autofree char *name = rec_text (o, "service_name");
  g_autofree char *status = rec_text (o, "status");
  g_autofree char *notes = rec_text (o, "status_notes");
  g_autofree char *description = rec_text (o, "description");
  g_autofree char *agency = rec_text (o, "agency_responsible");
  g_autofree char *notice = rec_text (o, "service_notice");
  g_autofree char *address = rec_text (o, "address");
  g_autofree char *address_id = rec_text (o, "address_id");
  g_autofree char *zipcode = rec_text (o, "zipcode");
  g_autofree char *media_url = rec_text (o, "media_url");
  const char *state = state_from_status (status);
  gint64 requested = 0, updated = 0, expected = 0, case_id = 0;
  gboolean has_expected, has_location = FALSE, existed;
  double lat = 0, lon = 0;
  CivicDbStmt *stmt;

  if (id == NULL)
    {
      skip (im, "request", position, "no service_request_id");
      return TRUE;
    }
  if (code == NULL)
    {
      skip (im, "request", position, "no service_code");
      return TRUE;
    }
  if (!parse_time_member (im, o, "requested_datetime", position, &requested))
    requested = 0;
  if (!parse_time_member (im, o, "updated_datetime", position, &updated))
    updated = 0;
  if (requested == 0)
    requested = updated != 0 ? updated : w->now;
  if (updated < requested)
    updated = requested;
  has_expected = parse_time_member (im, o, "expected_datetime", position, &expected);
  if (rec_double (o, "lat", &lat) && rec_double (o, "long", &lon))
    {
      /* 0,0 is how several cities say "no location" */
      has_location = !(lat == 0 && lon == 0);
      if (has_location && (lat < -90 || lat > 90 || lon < -180 || lon > 180))
        {
          g_printerr ("%s: request %u: %g, %g is not a place on Earth, location left empty\n",
                      im->file, position, lat, lon);
          has_location = FALSE;
        }
    }
  if (description != NULL && g_utf8_strlen (description, -1) > 4000)
    {
      skip (im, "request", position, "description longer than 4,000 characters");
      return TRUE;
    }

  /* a request may name a service the export did not list */
  stmt = civic_db_prepare (w->conn, "INSERT INTO services (code, name, seq) VALUES (?1, ?2, ?3) "
                           "ON CONFLICT (code) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, code);
  civic_db_bind_text (stmt, 2, name != NULL ? name : code);
  civic_db_bind_int64 (stmt, 3, w->seq);
  if (!civic_db_run (stmt, error))
    return FALSE;

  if (!civic_case_find_id (w->conn, id, &case_id, error))
    return FALSE;

  existed = case_id != 0;
  if (!existed)
    {
      CivicCaseDraft d = { 0, };

      d.request_id = id;
      d.service_code = code;
      d.service_name = name;
      d.description = description;
      d.state = state;
      d.channel = "web";
      d.requested = requested;
      d.expected = has_expected ? expected : 0;
      d.closed = g_str_equal (state, "closed") ? updated : 0;
      /* the timeline starts when the citizen asked, not at the import */
      if (!civic_case_insert_imported (w, &d, &case_id, error))
        return FALSE;
    }
  else
    civic_write_audit (w, "import-update", "case", id, NULL, NULL);

  /* one statement sets what the export says, new or known */
  stmt = civic_db_prepare (w->conn,
                           "UPDATE cases SET state = ?2, status_notes = ?3, service_code = ?4,"
                           " service_name = COALESCE(?5, service_name), description = ?6, agency_responsible = ?7,"
                           " service_notice = ?8, requested = ?9, updated = ?10,"
                           " expected = ?11, closed = ?12, address = ?13, address_id = ?14,"
                           " zipcode = ?15, lat = ?16, lon = ?17, media_url = ?18, seq = ?19,"
                           " version = version + ?20 WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, case_id);
  civic_db_bind_text (stmt, 2, state);
  civic_db_bind_text (stmt, 3, notes);
  civic_db_bind_text (stmt, 4, code);
  civic_db_bind_text (stmt, 5, name);
  civic_db_bind_text (stmt, 6, description);
  civic_db_bind_text (stmt, 7, agency);
  civic_db_bind_text (stmt, 8, notice);
  civic_db_bind_int64 (stmt, 9, requested);
  civic_db_bind_int64 (stmt, 10, updated);
  if (has_expected)
    civic_db_bind_int64 (stmt, 11, expected);
  else
    civic_db_bind_null (stmt, 11);
  if (g_str_equal (state, "closed"))
    civic_db_bind_int64 (stmt, 12, updated);
  else
    civic_db_bind_null (stmt, 12);
  civic_db_bind_text (stmt, 13, address);
  civic_db_bind_text (stmt, 14, address_id);
  civic_db_bind_text (stmt, 15, zipcode);
  if (has_location)
    {
      civic_db_bind_double (stmt, 16, lat);
      civic_db_bind_double (stmt, 17, lon);
    }
  else
    {
      civic_db_bind_null (stmt, 16);
      civic_db_bind_null (stmt, 17);
    }
  civic_db_bind_text (stmt, 18, media_url);
  civic_db_bind_int64 (stmt, 19, w->seq);
  civic_db_bind_int64 (stmt, 20, existed ? 1 : 0);
  if (!civic_db_run (stmt, error))
    return FALSE;
  im->requests++;
  return TRUE;
}

typedef enum { RECORD_SERVICE, RECORD_DEFINITION, RECORD_REQUEST, RECORD_UNKNOWN } RecordKind;

static RecordKind
record_kind (JsonObject *o)
{
  if (json_object_has_member (o, "service_request_id") || json_object_has_member (o, "requested_datetime") ||
      json_object_has_member (o, "status"))
    return RECORD_REQUEST;
  if (json_object_has_member (o, "attributes"))
    return RECORD_DEFINITION;
  if (json_object_has_member (o, "service_code") || json_object_has_member (o, "service_name"))
    return RECORD_SERVICE;
  return RECORD_UNKNOWN;
}

static gboolean
import_array (CivicWrite  *w,
              Import      *im,
              JsonArray   *array,
              GError     **error)
{
  guint i;

  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *o;
      gboolean ok = TRUE;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          skip (im, "record", i + 1, "not an object");
          continue;
        }
      o = json_node_get_object (node);
      switch (record_kind (o))
        {
        case RECORD_REQUEST:
          ok = in_savepoint (w, import_request, im, o, i + 1, error);
          break;
        case RECORD_SERVICE:
          ok = in_savepoint (w, import_service, im, o, i + 1, error);
          break;
        case RECORD_DEFINITION:
          ok = in_savepoint (w, import_definition, im, o, i + 1, error);
          break;
        default:
          skip (im, "record", i + 1, "neither a service nor a request");
          break;
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
import_root (CivicWrite  *w,
             gpointer     data,
             GError     **error)
{
  Import *im = data;
  JsonObject *o;
  static const char *wrappers[] = { "services", "service_requests", "requests", "request", "service" };
  guint i;

  if (JSON_NODE_HOLDS_ARRAY (im->root))
    return import_array (w, im, json_node_get_array (im->root), error);
  if (!JSON_NODE_HOLDS_OBJECT (im->root))
    {
      skip (im, "file", 1, "holds neither a list nor a record");
      return TRUE;
    }
  o = json_node_get_object (im->root);
  /* {"services": […]} and the like */
  for (i = 0; i < G_N_ELEMENTS (wrappers); i++)
    {
      JsonNode *inner = json_object_get_member (o, wrappers[i]);

      if (inner != NULL && JSON_NODE_HOLDS_ARRAY (inner))
        return import_array (w, im, json_node_get_array (inner), error);
    }
  switch (record_kind (o))
    {
    case RECORD_DEFINITION:
      return in_savepoint (w, import_definition, im, o, 1, error);
    case RECORD_REQUEST:
      return in_savepoint (w, import_request, im, o, 1, error);
    case RECORD_SERVICE:
      return in_savepoint (w, import_service, im, o, 1, error);
    default:
      /* an empty <services/> or <service_requests/> is an empty export */
      if (json_object_get_size (o) > 0)
        skip (im, "file", 1, "is not an Open311 export");
      return TRUE;
    }
}

static JsonNode *
load_file (const char  *path,
           GError     **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  const char *p;

  if (!g_file_get_contents (path, &text, &len, error))
    return NULL;
  if (!g_utf8_validate (text, len, NULL))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "the file is not UTF-8 text");
      return NULL;
    }
  for (p = text; g_ascii_isspace (*p); p++)
    ;
  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;
  if (*p == '<')
    return xml_to_json (p, len - (p - text), error);
  if (*p == '[' || *p == '{')
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      if (!json_parser_load_from_data (parser, p, len - (p - text), error))
        return NULL;
      return json_node_ref (json_parser_get_root (parser));
    }
  g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "the file is neither JSON nor XML");
  return NULL;
}

int
civic_ops_import_open311 (int argc, char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *service = NULL;
  g_auto(GStrv) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicDb) db = NULL;
  g_autoptr(CivicDbConn) conn = NULL;
  guint services = 0, definitions = 0, requests = 0, skipped = 0, failed = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database file", "PATH" },
    { "service", 0, 0, G_OPTION_ARG_STRING, &service, "Service code a definition file belongs to", "CODE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE…" },
    { NULL }
  };
  guint i;

  if (!civic_ops_parse_options ("import-open311", "FILE… — import Open311 services, definitions and requests", entries, argc, argv))
    return 2;
  if (files == NULL || files[0] == NULL)
    {
      g_printerr ("civicdesk-server import-open311: name one or more export files (JSON or XML)\n");
      return 2;
    }
  conn = civic_ops_connect ("import-open311", db_path, &db);
  if (conn == NULL)
    return 1;

  for (i = 0; files[i] != NULL; i++)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) file_error = NULL;
      Import im = { .file = files[i], .service_option = service };

      root = load_file (files[i], &file_error);
      if (root == NULL)
        {
          g_printerr ("%s: cannot be read: %s\n", files[i],
                      file_error != NULL ? file_error->message : "empty file");
          failed++;
          continue;
        }
      im.root = root;
      if (!civic_write_run (NULL, conn, "import-open311", import_root, &im, &file_error))
        {
          g_printerr ("%s: not imported: %s\n", files[i], file_error->message);
          failed++;
          continue;
        }
      services += im.services;
      definitions += im.definitions;
      requests += im.requests;
      skipped += im.skipped;
    }
  printf ("imported %u services, %u definitions, %u requests, skipped %u\n",
          services, definitions, requests, skipped);
  return failed > 0 ? 1 : 0;
}
