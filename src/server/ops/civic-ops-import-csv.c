/* civic-ops-import-csv.c: `civicdesk-server import-csv --db PATH FILE`
 *
 * Imports New York City's 311 open-data export (41 columns, a header row,
 * RFC 4180 quoting with commas, quotes and line breaks inside fields).
 * Agencies become departments, complaint types become services, NYC's
 * statuses map onto our workflow. Each case keeps "NYC-<Unique Key>" as
 * its tracking number, so importing a newer export of the same period
 * updates the cases instead of adding copies.
 *
 * A row that cannot be used is reported on stderr with the physical line
 * it starts on (the header is line 1) and skipped; one bad row never stops
 * the import. Rows are parsed and checked before the write, so a write
 * retried on a busy database never reports a row twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "civic-ops.h"
#include "civic-error.h"
#include "civic-write.h"
#include "model/civic-case-record.h"

#define ROWS_PER_WRITE 1000

/* ---- RFC 4180 reader that knows its line numbers --------------------- */

typedef struct
{
  const char *p;
  const char *end;
  guint       line;         /* physical line of p, from 1 */
} CsvReader;

/* Reads one record into @fields (raw bytes, unvalidated). Returns FALSE
 * at the end of the input; sets *@start_line and, for a record that
 * cannot be read (an unclosed quote), *@problem. */
static gboolean
csv_next (CsvReader   *r,
          GPtrArray   *fields,
          guint       *start_line,
          const char **problem)
{
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE, was_quoted = FALSE, nul = FALSE;

  g_ptr_array_set_size (fields, 0);
  *problem = NULL;
  if (r->p >= r->end)
    {
      g_string_free (field, TRUE);
      return FALSE;
    }
  *start_line = r->line;
  while (r->p < r->end)
    {
      char c = *r->p++;

      /* a NUL would silently cut the field short: the row is not text */
      if (c == '\0')
        nul = TRUE;
      if (quoted)
        {
          if (c == '"' && r->p < r->end && *r->p == '"')
            {
              g_string_append_c (field, '"');
              r->p++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n')
                r->line++;
              g_string_append_c (field, c);
            }
          continue;
        }
      if (c == '"' && field->len == 0 && !was_quoted)
        {
          quoted = was_quoted = TRUE;
          continue;
        }
      if (c == ',')
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          was_quoted = FALSE;
          continue;
        }
      if (c == '\r' && r->p < r->end && *r->p == '\n')
        continue;
      if (c == '\n')
        {
          r->line++;
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          if (nul)
            *problem = "a NUL byte is not text";
          return TRUE;
        }
      g_string_append_c (field, c);
    }
  if (quoted)
    *problem = "a quoted field is never closed";
  else if (nul)
    *problem = "a NUL byte is not text";
  g_ptr_array_add (fields, g_string_free (field, FALSE));
  return TRUE;
}

/* ---- values ----------------------------------------------------------- */

/* "03/01/2011 02:27:57 PM" in the city's time (also the ISO form newer
 * exports use, "2011-03-01T14:27:57.000"). */
static gboolean
parse_nyc_time (const char *text,
                gint64     *out)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) dt = NULL;
  int mo, d, y, h, mi, s, n = 0;
  char ampm[3] = "";

  if (text == NULL || *text == '\0')
    return FALSE;
  if (sscanf (text, "%2d/%2d/%4d %2d:%2d:%2d %2[APMapm]%n", &mo, &d, &y, &h, &mi, &s, ampm, &n) == 7 &&
      text[n] == '\0')
    {
      gboolean pm = g_ascii_tolower (ampm[0]) == 'p';

      if (g_ascii_tolower (ampm[1]) != 'm' || h < 1 || h > 12)
        return FALSE;
      h = h % 12 + (pm ? 12 : 0);
    }
  else if (sscanf (text, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &n) == 6 &&
           (text[n] == '\0' || text[n] == '.'))
    ;
  else if (sscanf (text, "%2d/%2d/%4d%n", &mo, &d, &y, &n) == 3 && text[n] == '\0')
    h = mi = s = 0;
  else
    return FALSE;
  if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
      h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59)
    return FALSE;
  dt = g_date_time_new (local, y, mo, d, h, mi, s);
  if (dt == NULL || g_date_time_get_day_of_month (dt) != d)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

static gboolean
parse_coordinate (const char *text,
                  double     *out)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0' || !isfinite (v))
    return FALSE;
  *out = v;
  return TRUE;
}

/* "Street Sign - Dangling" → "street-sign-dangling" */
static char *
slug (const char *text)
{
  GString *s = g_string_new (NULL);
  const char *p;

  for (p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (s, g_ascii_tolower (*p));
      else if (s->len > 0 && s->str[s->len - 1] != '-')
        g_string_append_c (s, '-');
    }
  while (s->len > 0 && s->str[s->len - 1] == '-')
    g_string_truncate (s, s->len - 1);
  if (s->len == 0)
    g_string_append (s, "other");
  return g_string_free (s, FALSE);
}

/* NYC's statuses onto our workflow; *@known is FALSE for one we had to
 * guess. */
static const char *
state_for_status (const char *status,
                  gboolean   *known)
{
  static const struct { const char *nyc, *state; } map[] = {
    { "closed", "closed" }, { "assigned", "in_progress" }, { "started", "in_progress" },
    { "pending", "waiting" }, { "open", "new" },
  };
  guint i;

  *known = TRUE;
  for (i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_ascii_strcasecmp (status, map[i].nyc) == 0)
      return map[i].state;
  *known = FALSE;
  return "acknowledged";
}

/* ---- rows ------------------------------------------------------------- */

typedef enum
{
  COL_KEY, COL_CREATED, COL_CLOSED, COL_AGENCY, COL_AGENCY_NAME, COL_TYPE, COL_DESCRIPTOR,
  COL_LOCATION_TYPE, COL_ZIP, COL_ADDRESS, COL_STREET, COL_CROSS_1, COL_CROSS_2,
  COL_INTERSECTION_1, COL_INTERSECTION_2, COL_ADDRESS_TYPE, COL_CITY, COL_LANDMARK,
  COL_FACILITY_TYPE, COL_STATUS, COL_DUE, COL_RESOLUTION, COL_RESOLUTION_UPDATED,
  COL_COMMUNITY_BOARD, COL_BBL, COL_BOROUGH, COL_CHANNEL_TYPE, COL_LAT, COL_LON,
  N_COLS
} Column;

static const char *column_names[N_COLS] = {
  "Unique Key", "Created Date", "Closed Date", "Agency", "Agency Name", "Complaint Type", "Descriptor",
  "Location Type", "Incident Zip", "Incident Address", "Street Name", "Cross Street 1", "Cross Street 2",
  "Intersection Street 1", "Intersection Street 2", "Address Type", "City", "Landmark",
  "Facility Type", "Status", "Due Date", "Resolution Description", "Resolution Action Updated Date",
  "Community Board", "BBL", "Borough", "Open Data Channel Type", "Latitude", "Longitude",
};

/* Columns kept in the case's attributes, under these names. */
static const struct { Column column; const char *name; } attribute_columns[] = {
  { COL_LOCATION_TYPE, "location_type" }, { COL_BOROUGH, "borough" }, { COL_CITY, "city" },
  { COL_COMMUNITY_BOARD, "community_board" }, { COL_BBL, "bbl" }, { COL_ADDRESS_TYPE, "address_type" },
  { COL_LANDMARK, "landmark" }, { COL_FACILITY_TYPE, "facility_type" },
  { COL_CROSS_1, "cross_street_1" }, { COL_CROSS_2, "cross_street_2" },
  { COL_CHANNEL_TYPE, "nyc_channel" },
};

typedef struct
{
  guint   line;
  char   *request_id;
  char   *department;
  char   *department_name;
  char   *service_code;
  char   *service_name;
  char   *description;
  char   *status_notes;
  char   *address;
  char   *zipcode;
  char   *attributes;
  const char *state;
  gint64  requested, updated, expected, closed;   /* 0: none */
  gint64  sla_hours;                              /* for a new service */
  gboolean has_location;
  double  lat, lon;
  gboolean saved;                                 /* in the last write */
} Row;

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->request_id);
  g_free (row->department);
  g_free (row->department_name);
  g_free (row->service_code);
  g_free (row->service_name);
  g_free (row->description);
  g_free (row->status_notes);
  g_free (row->address);
  g_free (row->zipcode);
  g_free (row->attributes);
  g_free (row);
}

typedef struct
{
  const char *file;
  int         index[N_COLS];  /* header position of each column, -1 absent */
  guint       n_header;
  GPtrArray  *batch;          /* Row* checked, waiting for the write */
  /* what the current write did, merged in once it commits */
  guint       batch_imported;
  guint       batch_no_location;
  GPtrArray  *batch_refused;  /* char*: rows the database refused */
  /* totals */
  guint       imported;
  guint       no_location;
  guint       skipped;
  GHashTable *departments;
  GHashTable *services;
  GHashTable *unknown_statuses; /* status → count */
} Import;

static void
skip_row (Import     *im,
          guint       line,
          const char *format,
          ...) G_GNUC_PRINTF (3, 4);

static void
skip_row (Import     *im,
          guint       line,
          const char *format,
          ...)
{
  g_autofree char *why = NULL;
  va_list ap;

  va_start (ap, format);
  why = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_printerr ("%s: line %u: %s; row skipped\n", im->file, line, why);
  im->skipped++;
}

/* The trimmed field, or NULL when empty or absent. */
static char *
field (Import    *im,
       GPtrArray *fields,
       Column     column)
{
  char *text;

  if (im->index[column] < 0)
    return NULL;
  text = g_strstrip (g_strdup (g_ptr_array_index (fields, im->index[column])));
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static char *
attributes_json (Import    *im,
                 GPtrArray *fields)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint i;

  json_builder_begin_object (b);
  for (i = 0; i < G_N_ELEMENTS (attribute_columns); i++)
    {
      g_autofree char *value = field (im, fields, attribute_columns[i].column);

      /* NYC fills unused columns with these; they say nothing */
      if (value == NULL || g_str_equal (value, "N/A") || g_str_equal (value, "Unspecified"))
        continue;
      json_builder_set_member_name (b, attribute_columns[i].name);
      json_builder_add_string_value (b, value);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* A date column other than Created Date: a bad one is reported and left
 * empty, the row still imports. */
static gint64
optional_time (Import     *im,
               GPtrArray  *fields,
               Column      column,
               guint       line)
{
  g_autofree char *text = field (im, fields, column);
  gint64 t = 0;

  if (text != NULL && !parse_nyc_time (text, &t))
    {
      g_printerr ("%s: line %u: %s “%s” is not a date, left empty\n", im->file, line, column_names[column], text);
      return 0;
    }
  return t;
}

/* Checks one record and turns it into a Row, or reports why not. */
static Row *
read_row (Import    *im,
          GPtrArray *fields,
          guint      line)
{
  g_autofree char *key = NULL;
  g_autofree char *created = NULL;
  g_autofree char *type = NULL;
  g_autofree char *status = NULL;
  g_autofree char *lat = NULL;
  g_autofree char *lon = NULL;
  g_autofree char *intersection_1 = NULL;
  g_autofree char *intersection_2 = NULL;
  Row *row;
  gboolean known = TRUE;
  gint64 due, resolved;
  guint i;

  if (fields->len != im->n_header)
    {
      skip_row (im, line, "%u columns where the header has %u", fields->len, im->n_header);
      return NULL;
    }
  for (i = 0; i < fields->len; i++)
    if (!g_utf8_validate (g_ptr_array_index (fields, i), -1, NULL))
      {
        skip_row (im, line, "column %u is not valid UTF-8 text", i + 1);
        return NULL;
      }

  key = field (im, fields, COL_KEY);
  created = field (im, fields, COL_CREATED);
  type = field (im, fields, COL_TYPE);
  if (key == NULL)
    {
      skip_row (im, line, "no Unique Key");
      return NULL;
    }
  if (type == NULL)
    {
      skip_row (im, line, "no Complaint Type");
      return NULL;
    }

  row = g_new0 (Row, 1);
  row->line = line;
  if (!parse_nyc_time (created, &row->requested))
    {
      skip_row (im, line, "Created Date “%s” is not a date (MM/DD/YYYY hh:mm:ss AM)", created ? created : "");
      row_free (row);
      return NULL;
    }

  lat = field (im, fields, COL_LAT);
  lon = field (im, fields, COL_LON);
  if (lat != NULL || lon != NULL)
    {
      if (lat == NULL || lon == NULL || !parse_coordinate (lat, &row->lat) || !parse_coordinate (lon, &row->lon))
        {
          skip_row (im, line, "Latitude “%s” and Longitude “%s” are not coordinates",
                    lat ? lat : "", lon ? lon : "");
          row_free (row);
          return NULL;
        }
      if (row->lat < -90 || row->lat > 90 || row->lon < -180 || row->lon > 180)
        {
          skip_row (im, line, "%s, %s is not a place on Earth (latitude −90…90, longitude −180…180)", lat, lon);
          row_free (row);
          return NULL;
        }
      row->has_location = TRUE;
    }

  status = field (im, fields, COL_STATUS);
  row->state = state_for_status (status != NULL ? status : "", &known);
  if (!known)
    {
      const char *name = status != NULL ? status : "(empty)";
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (im->unknown_statuses, name));

      g_hash_table_replace (im->unknown_statuses, g_strdup (name), GUINT_TO_POINTER (n + 1));
    }

  row->request_id = g_strconcat ("NYC-", key, NULL);
  row->department = field (im, fields, COL_AGENCY);
  row->department_name = field (im, fields, COL_AGENCY_NAME);
  row->service_code = slug (type);
  row->service_name = g_steal_pointer (&type);
  row->description = field (im, fields, COL_DESCRIPTOR);
  row->status_notes = field (im, fields, COL_RESOLUTION);
  row->zipcode = field (im, fields, COL_ZIP);
  row->address = field (im, fields, COL_ADDRESS);
  intersection_1 = field (im, fields, COL_INTERSECTION_1);
  intersection_2 = field (im, fields, COL_INTERSECTION_2);
  if (row->address == NULL && intersection_1 != NULL && intersection_2 != NULL)
    row->address = g_strdup_printf ("%s & %s", intersection_1, intersection_2);
  if (row->address == NULL)
    row->address = field (im, fields, COL_STREET);
  row->attributes = attributes_json (im, fields);

  due = optional_time (im, fields, COL_DUE, line);
  row->closed = optional_time (im, fields, COL_CLOSED, line);
  resolved = optional_time (im, fields, COL_RESOLUTION_UPDATED, line);
  row->sla_hours = 72;
  if (due > row->requested)
    {
      row->expected = due;
      row->sla_hours = MAX (1, (due - row->requested + 1800) / 3600);
    }
  row->updated = MAX (row->requested, MAX (resolved, row->closed));
  if (g_str_equal (row->state, "closed"))
    row->closed = row->closed > 0 ? MAX (row->closed, row->requested) : row->updated;
  else
    row->closed = 0;
  return row;
}

/* Some agencies fill "Agency Name" with the unit that took the call
 * (DOF: "Correspondence Unit", DSNY: "Queens West 06"), so the first row
 * would name the whole department after one desk. The city's own names
 * for those agencies win; any other agency is named from its rows. */
static const struct { const char *id, *name; } nyc_agencies[] = {
  { "DOF", "Department of Finance" },
  { "DSNY", "Department of Sanitation" },
  { "DHS", "Department of Homeless Services" },
  { "HPD", "Department of Housing Preservation and Development" },
  { "DEP", "Department of Environmental Protection" },
  { "DOB", "Department of Buildings" },
  { "DOE", "Department of Education" },
  { "FDNY", "Fire Department" },
  { "DOITT", "Department of Information Technology and Telecommunications" },
  { "EDC", "Economic Development Corporation" },
};

static const char *
department_name (Row *row)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (nyc_agencies); i++)
    if (g_ascii_strcasecmp (row->department, nyc_agencies[i].id) == 0)
      return nyc_agencies[i].name;
  return row->department_name != NULL ? row->department_name : row->department;
}

/* ---- the write -------------------------------------------------------- */

static gboolean
put_catalogue (CivicWrite  *w,
               Row         *row,
               GError     **error)
{
  CivicDbStmt *stmt;

  if (row->department != NULL)
    {
      /* a department someone made with `user add` is named after its id:
       * give it NYC's name; a name the city chose is kept */
      stmt = civic_db_prepare (w->conn,
                               "INSERT INTO departments (id, name, seq) VALUES (?1, ?2, ?3) "
                               "ON CONFLICT (id) DO UPDATE SET name = excluded.name, seq = excluded.seq "
                               "WHERE departments.name = departments.id AND excluded.name <> departments.name",
                               error);
      if (stmt == NULL)
        return FALSE;
      civic_db_bind_text (stmt, 1, row->department);
      civic_db_bind_text (stmt, 2, department_name (row));
      civic_db_bind_int64 (stmt, 3, w->seq);
      if (!civic_db_run (stmt, error))
        return FALSE;
    }
  stmt = civic_db_prepare (w->conn,
                           "INSERT INTO services (code, name, department_id, sla_hours, seq) "
                           "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (code) DO NOTHING",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, row->service_code);
  civic_db_bind_text (stmt, 2, row->service_name);
  civic_db_bind_text (stmt, 3, row->department);
  civic_db_bind_int64 (stmt, 4, row->sla_hours);
  civic_db_bind_int64 (stmt, 5, w->seq);
  return civic_db_run (stmt, error);
}

/* Inserts the case when its tracking number is new, then sets every
 * field from the row either way: the upsert that makes re-imports update
 * instead of duplicate. */
static gboolean
upsert_case (CivicWrite  *w,
             Row         *row,
             GError     **error)
{
  CivicDbStmt *stmt;
  gint64 case_id = 0;
  gboolean existed;

  if (!civic_case_find_id (w->conn, row->request_id, &case_id, error))
    return FALSE;

  existed = case_id != 0;
  if (!existed)
    {
      CivicCaseDraft d = { 0, };

      d.request_id = row->request_id;
      d.service_code = row->service_code;
      d.service_name = row->service_name;
      d.description = row->description;
      d.state = row->state;
      d.channel = "phone";    /* NYC's export does not say; 311 is a phone line first */
      d.requested = row->requested;
      d.expected = row->expected;
      d.closed = row->closed;
      d.department = row->department;
      /* the timeline starts when the caller rang, not at the import */
      if (!civic_case_insert_imported (w, &d, &case_id, error))
        return FALSE;
    }
  else
    civic_write_audit (w, "import-update", "case", row->request_id, NULL, NULL);

  stmt = civic_db_prepare (w->conn,
                           "UPDATE cases SET state = ?2, status_notes = ?3, service_code = ?4, service_name = ?5,"
                           " description = ?6, agency_responsible = ?7, requested = ?8, updated = ?9,"
                           " expected = COALESCE(?10, CAST(?8 AS BIGINT) + (SELECT s.sla_hours FROM services s WHERE s.code = ?4) * 3600),"
                           " closed = ?11, address = ?12, zipcode = ?13, lat = ?14, lon = ?15,"
                           " department_id = ?16, attributes = ?17, seq = ?18, version = version + ?19"
                           " WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, case_id);
  civic_db_bind_text (stmt, 2, row->state);
  civic_db_bind_text (stmt, 3, row->status_notes);
  civic_db_bind_text (stmt, 4, row->service_code);
  civic_db_bind_text (stmt, 5, row->service_name);
  civic_db_bind_text (stmt, 6, row->description);
  civic_db_bind_text (stmt, 7, row->department);
  civic_db_bind_int64 (stmt, 8, row->requested);
  civic_db_bind_int64 (stmt, 9, row->updated);
  if (row->expected > 0)
    civic_db_bind_int64 (stmt, 10, row->expected);
  else
    civic_db_bind_null (stmt, 10);
  if (row->closed > 0)
    civic_db_bind_int64 (stmt, 11, row->closed);
  else
    civic_db_bind_null (stmt, 11);
  civic_db_bind_text (stmt, 12, row->address);
  civic_db_bind_text (stmt, 13, row->zipcode);
  if (row->has_location)
    {
      civic_db_bind_double (stmt, 14, row->lat);
      civic_db_bind_double (stmt, 15, row->lon);
    }
  else
    {
      civic_db_bind_null (stmt, 14);
      civic_db_bind_null (stmt, 15);
    }
  civic_db_bind_text (stmt, 16, row->department);
  civic_db_bind_text (stmt, 17, row->attributes);
  civic_db_bind_int64 (stmt, 18, w->seq);
  civic_db_bind_int64 (stmt, 19, existed ? 1 : 0);
  return civic_db_run (stmt, error);
}

/* One batch in one write. Each row sits in a savepoint, so a row the
 * database refuses is skipped without undoing its neighbours. Counters
 * start again here because a busy database makes the write run again. */
static gboolean
write_batch (CivicWrite  *w,
             gpointer     data,
             GError     **error)
{
  Import *im = data;
  guint i;

  im->batch_imported = 0;
  im->batch_no_location = 0;
  g_ptr_array_set_size (im->batch_refused, 0);
  for (i = 0; i < im->batch->len; i++)
    {
      Row *row = g_ptr_array_index (im->batch, i);
      g_autoptr(GError) row_error = NULL;

      row->saved = FALSE;
      if (!civic_write_savepoint_begin (w, "import_row", error))
        return FALSE;
      if (put_catalogue (w, row, &row_error) && upsert_case (w, row, &row_error))
        {
          if (!civic_write_savepoint_end (w, "import_row", TRUE, error))
            return FALSE;
          im->batch_imported++;
          row->saved = TRUE;
          if (!row->has_location)
            im->batch_no_location++;
          continue;
        }
      if (row_error != NULL && g_error_matches (row_error, CIVIC_ERROR, CIVIC_ERROR_STORE_LOCKED))
        {
          g_propagate_error (error, g_steal_pointer (&row_error));
          return FALSE;
        }
      if (!civic_write_savepoint_end (w, "import_row", FALSE, error))
        return FALSE;
      g_ptr_array_add (im->batch_refused,
                       g_strdup_printf ("%s: line %u: the database refused it (%s); row skipped",
                                        im->file, row->line,
                                        row_error != NULL ? row_error->message : "unknown reason"));
    }
  civic_write_audit (w, "import-csv", "batch", im->file, NULL, NULL);
  return TRUE;
}

static gboolean
flush_batch (Import       *im,
             CivicDbConn  *conn,
             GError      **error)
{
  guint i;

  if (im->batch->len == 0)
    return TRUE;
  if (!civic_write_run (NULL, conn, "import-csv", write_batch, im, error))
    return FALSE;
  for (i = 0; i < im->batch_refused->len; i++)
    g_printerr ("%s\n", (char *) g_ptr_array_index (im->batch_refused, i));
  im->skipped += im->batch_refused->len;
  im->imported += im->batch_imported;
  im->no_location += im->batch_no_location;
  /* only rows that made it count towards departments and services */
  for (i = 0; i < im->batch->len; i++)
    {
      Row *row = g_ptr_array_index (im->batch, i);

      if (!row->saved)
        continue;
      if (row->department != NULL)
        g_hash_table_add (im->departments, g_strdup (row->department));
      g_hash_table_add (im->services, g_strdup (row->service_code));
    }
  g_ptr_array_set_size (im->batch, 0);
  return TRUE;
}

static gboolean
read_header (Import      *im,
             CsvReader   *r,
             GError     **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  const char *problem = NULL;
  guint line = 0, i, j;

  /* a byte order mark, as spreadsheet programs write */
  if (r->end - r->p >= 3 && memcmp (r->p, "\xEF\xBB\xBF", 3) == 0)
    r->p += 3;
  if (!csv_next (r, fields, &line, &problem) || problem != NULL)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "the file has no header row");
      return FALSE;
    }
  im->n_header = fields->len;
  for (j = 0; j < N_COLS; j++)
    {
      im->index[j] = -1;
      for (i = 0; i < fields->len; i++)
        if (g_ascii_strcasecmp (g_strstrip ((char *) g_ptr_array_index (fields, i)), column_names[j]) == 0)
          {
            im->index[j] = (int) i;
            break;
          }
    }
  if (im->index[COL_KEY] < 0 || im->index[COL_CREATED] < 0 || im->index[COL_TYPE] < 0)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "the header lacks “Unique Key”, “Created Date” or “Complaint Type”: "
                   "is this NYC's 311 open-data export?");
      return FALSE;
    }
  return TRUE;
}

static void
print_summary (Import *im)
{
  if (g_hash_table_size (im->unknown_statuses) > 0)
    {
      GHashTableIter iter;
      gpointer key, value;
      g_autoptr(GString) note = g_string_new ("note: statuses without a workflow match were imported as acknowledged:");

      g_hash_table_iter_init (&iter, im->unknown_statuses);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_string_append_printf (note, " “%s” (%u)", (char *) key, GPOINTER_TO_UINT (value));
      printf ("%s\n", note->str);
    }
  printf ("imported %u cases (%u without coordinates) into %u departments and %u services; skipped %u rows\n",
          im->imported, im->no_location, g_hash_table_size (im->departments),
          g_hash_table_size (im->services), im->skipped);
}

int
civic_ops_import_csv (int    argc,
                      char **argv)
{
  g_autofree char *db_path = NULL;
  g_auto(GStrv) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(CivicDb) db = NULL;
  g_autoptr(CivicDbConn) conn = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  Import im = { 0, };
  CsvReader r = { 0, };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database file", "PATH" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE" },
    { NULL }
  };
  int status = 0;
  guint line = 0;
  const char *problem = NULL;

  if (!civic_ops_parse_options ("import-csv", "FILE — import NYC 311 open-data rows (CSV)", entries, argc, argv))
    return 2;
  if (files == NULL || files[0] == NULL || files[1] != NULL)
    {
      g_printerr ("civicdesk-server import-csv: name one CSV file (NYC 311 open-data export)\n");
      return 2;
    }

  mapped = g_mapped_file_new (files[0], FALSE, &error);
  if (mapped == NULL)
    {
      g_printerr ("civicdesk-server import-csv: %s\n", error->message);
      return 1;
    }
  conn = civic_ops_connect ("import-csv", db_path, &db);
  if (conn == NULL)
    return 1;

  im.file = files[0];
  im.batch = g_ptr_array_new_with_free_func (row_free);
  im.batch_refused = g_ptr_array_new_with_free_func (g_free);
  im.departments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im.services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im.unknown_statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r.p = g_mapped_file_get_contents (mapped);
  r.end = r.p + g_mapped_file_get_length (mapped);
  r.line = 1;

  if (r.p == NULL || !read_header (&im, &r, &error))
    {
      g_printerr ("civicdesk-server import-csv: %s: %s\n", im.file,
                  error != NULL ? error->message : "the file is empty");
      status = 1;
      goto done;
    }

  while (csv_next (&r, fields, &line, &problem))
    {
      Row *row;

      /* a blank line between records holds nothing to import */
      if (problem == NULL && fields->len == 1 && *(char *) g_ptr_array_index (fields, 0) == '\0')
        continue;
      if (problem != NULL)
        {
          skip_row (&im, line, "%s", problem);
          continue;
        }
      row = read_row (&im, fields, line);
      if (row != NULL)
        g_ptr_array_add (im.batch, row);
      if (im.batch->len >= ROWS_PER_WRITE && !flush_batch (&im, conn, &error))
        break;
    }
  if (error == NULL)
    flush_batch (&im, conn, &error);
  if (error != NULL)
    {
      /* the database itself failed (disk full, locked for too long): what
       * committed stays, the rest is not there */
      g_printerr ("civicdesk-server import-csv: the database stopped the import: %s\n", error->message);
      status = 1;
    }
  print_summary (&im);

done:
  g_ptr_array_unref (im.batch);
  g_ptr_array_unref (im.batch_refused);
  g_hash_table_unref (im.departments);
  g_hash_table_unref (im.services);
  g_hash_table_unref (im.unknown_statuses);
  return status;
}
