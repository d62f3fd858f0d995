/* civic-synth.c: a seeded generator of realistic cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-synth.h"

#include <math.h>
#include <string.h>

#include "civic-case-private.h"
#include "civic-department.h"
#include "civic-service.h"
#include "civic-user.h"

#define SPAN_SECONDS (90 * 24 * 3600)
#define USERS_PER_DEPARTMENT 8

/* The city's extent: every generated point stays inside it */
#define LAT_MIN  40.50
#define LAT_MAX  40.91
#define LON_MIN -74.25
#define LON_MAX -73.70

typedef struct
{
  const char *type;        /* complaint type → service */
  const char *descriptor;
  const char *agency;      /* → department */
  guint       weight;
} BuiltinRow;

/* The 40 most frequent (complaint type, descriptor, agency) triples of
 * the NYC sample with their counts, for when the CSV is not at hand. */
static const BuiltinRow builtin_rows[] = {
  { "Noise - Residential", "Loud Music/Party", "NYPD", 110 },
  { "Noise - Residential", "Banging/Pounding", "NYPD", 96 },
  { "Blocked Driveway", "No Access", "NYPD", 89 },
  { "Derelict Vehicle", "With License Plate", "NYPD", 51 },
  { "DHS Advantage -Landlord/Broker", "Payment Not Received from DHS", "DHS", 49 },
  { "SCRIE", "SCRIE Assistance", "DOF", 41 },
  { "Taxi Complaint", "Driver Complaint", "TLC", 40 },
  { "Illegal Parking", "Posted Parking Sign Violation", "NYPD", 28 },
  { "DOF Property - Owner Issue", "Billing Address Incorrect", "DOF", 28 },
  { "DOF Property - Owner Issue", "Remove Mortgage", "DOF", 27 },
  { "Blocked Driveway", "Partial Access", "NYPD", 24 },
  { "Illegal Parking", "Blocked Sidewalk", "NYPD", 20 },
  { "SCRIE", "SCRIE Recertification", "DOF", 19 },
  { "Illegal Parking", "Blocked Hydrant", "NYPD", 17 },
  { "Illegal Parking", "Commercial Overnight Parking", "NYPD", 17 },
  { "Noise - Residential", "Loud Talking", "NYPD", 15 },
  { "Smoking", "Smoking Violation", "DOHMH", 14 },
  { "Illegal Parking", "Double Parked Blocking Vehicle", "NYPD", 13 },
  { "DOF Property - Reduction Issue", "Personal DRIE Exemption", "DOF", 13 },
  { "Noise - Commercial", "Loud Music/Party", "NYPD", 13 },
  { "Non-Emergency Police Matter", "Other (complaint details)", "NYPD", 12 },
  { "DOF Property - Reduction Issue", "Personal STAR Exemption", "DOF", 10 },
  { "DOF Property - Payment Issue", "Property Refunds and Credits", "DOF", 9 },
  { "DOF Property - Payment Issue", "Other Billing Issue", "DOF", 9 },
  { "SCRIE", "SCRIE Application Problem", "DOF", 9 },
  { "Consumer Complaint", "Overcharge", "DCA", 9 },
  { "Illegal Parking", "Double Parked Blocking Traffic", "NYPD", 8 },
  { "Consumer Complaint", "Non-Delivery Goods/Services", "DCA", 8 },
  { "DOF Property - Reduction Issue", "Personal SCHE Exemption", "DOF", 8 },
  { "Noise - Street/Sidewalk", "Loud Talking", "NYPD", 8 },
  { "DOF Property - Request Copy", "Copy of Notice of Property Value", "DOF", 7 },
  { "DOF Property - Reduction Issue", "Personal Veteran Exemption", "DOF", 7 },
  { "Consumer Complaint", "Exchange/Refund/Return", "DCA", 7 },
  { "Noise - Vehicle", "Car/Truck Music", "NYPD", 6 },
  { "Overgrown Tree/Branches", "Hitting Building", "DPR", 6 },
  { "DHS Advantage -Landlord/Broker", "Lease Renewal Question", "DHS", 5 },
  { "Noise - Residential", "Loud Television", "NYPD", 5 },
  { "Maintenance or Facility", "Structure - Outdoors", "DPR", 5 },
  { "Consumer Complaint", "Contract Dispute", "DCA", 5 },
  { "Street Sign - Missing", "Stop", "DOT", 4 },
};

/* Real sample points spread over the five boroughs */
static const double builtin_points[][2] = {
  { 40.634822, -73.952246 }, { 40.655380, -73.929912 }, { 40.627641, -73.996555 },
  { 40.787548, -73.948905 }, { 40.673575, -73.939006 }, { 40.766982, -73.916895 },
  { 40.714564, -73.983915 }, { 40.696197, -73.988762 }, { 40.643406, -73.984999 },
  { 40.716544, -73.849313 }, { 40.688682, -73.929231 }, { 40.843286, -73.906778 },
  { 40.576776, -73.953839 }, { 40.822830, -73.953069 }, { 40.848293, -73.848610 },
  { 40.667591, -73.991741 }, { 40.708413, -73.961427 }, { 40.885629, -73.866054 },
  { 40.631467, -73.896193 }, { 40.609463, -74.167944 }, { 40.600308, -73.955724 },
  { 40.714870, -73.998214 }, { 40.729177, -73.942213 }, { 40.736877, -73.781908 },
};

static const struct { const char *agency; const char *name; int sla_hours; } agencies[] = {
  { "NYPD",  "New York City Police Department", 8 },
  { "DOF",   "Department of Finance", 14 * 24 },
  { "DHS",   "Department of Homeless Services", 30 * 24 },
  { "DCA",   "Department of Consumer Affairs", 21 * 24 },
  { "TLC",   "Taxi and Limousine Commission", 14 * 24 },
  { "DPR",   "Department of Parks and Recreation", 30 * 24 },
  { "DOHMH", "Department of Health and Mental Hygiene", 14 * 24 },
  { "DOT",   "Department of Transportation", 7 * 24 },
  { "DFTA",  "Department for the Aging", 14 * 24 },
  { "DSNY",  "Department of Sanitation", 3 * 24 },
};

static const char * const streets[] = {
  "BROADWAY", "AMSTERDAM AVENUE", "FLATBUSH AVENUE", "GRAND CONCOURSE",
  "QUEENS BOULEVARD", "ATLANTIC AVENUE", "OCEAN PARKWAY", "NOSTRAND AVENUE",
  "JAMAICA AVENUE", "VICTORY BOULEVARD", "FORDHAM ROAD", "LEXINGTON AVENUE",
  "ROOSEVELT AVENUE", "KINGS HIGHWAY", "WEST 63 STREET", "25 STREET",
};

static const char * const notes[] = {
  "Caller says it happens every night.",
  "Reported by the building superintendent.",
  "Second report this week from the same block.",
  "Caller asks for a call back.",
  "Condition is ongoing since last weekend.",
  "Neighbors have complained before.",
  "Caller could not give an exact address.",
  "Near the school entrance.",
  "Photo attached by the caller.",
  "Tenant association is following up.",
};

static const char * const first_names[] = {
  "Maria", "James", "Aisha", "Wei", "Carlos", "Fatima", "David", "Olga",
  "Kwame", "Priya", "Sean", "Rosa", "Dmitri", "Grace", "Luis", "Hana",
};

static const char * const last_names[] = {
  "Diaz", "Smith", "Khan", "Chen", "Rivera", "Okafor", "Cohen", "Petrova",
  "Mensah", "Patel", "Murphy", "Santos", "Ivanov", "Kim", "Garcia", "Sato",
};

static const char * const tags[] = {
  "Today", "heat", "rats", "snow", "vip", "followup", "media",
  "councilmember", "repeat", "schoolzone", NULL,
};

typedef struct
{
  char   *type;
  char   *descriptor;
  char   *agency;
  char   *zipcode;
  char   *address;
  char   *resolution;
  double  lat;          /* 0 when the row has no coordinates */
  double  lon;
} Sample;

typedef struct
{
  char *code;
  char *name;
  char *agency;
  int   sla_hours;
} ServiceInfo;

struct _CivicSynth
{
  GRand      *rand;
  GPtrArray  *samples;     /* Sample*: one per real row, so the mix is real */
  GArray     *points;      /* double[2] */
  GHashTable *services;    /* type → ServiceInfo* */
  GPtrArray  *agencies;    /* agency codes in first-seen order */
  gboolean    from_csv;
  gint64      now;
  guint       n_cases;
  double      clock;       /* requested time of the last case */
  guint       seq;         /* tracking number sequence */
};

static void
sample_free (Sample *s)
{
  g_free (s->type);
  g_free (s->descriptor);
  g_free (s->agency);
  g_free (s->zipcode);
  g_free (s->address);
  g_free (s->resolution);
  g_free (s);
}

static void
service_info_free (ServiceInfo *info)
{
  g_free (info->code);
  g_free (info->name);
  g_free (info->agency);
  g_free (info);
}

/* One CSV record, RFC 4180 quoting; advances *p past the line end. */
static GPtrArray *
csv_next_record (const char **p)
{
  GPtrArray *fields;
  GString *field;
  const char *s = *p;
  gboolean quoted = FALSE;

  if (*s == '\0')
    return NULL;

  fields = g_ptr_array_new_with_free_func (g_free);
  field = g_string_new (NULL);
  for (; *s != '\0'; s++)
    {
      if (quoted)
        {
          if (*s == '"' && s[1] == '"')
            g_string_append_c (field, '"'), s++;
          else if (*s == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *s);
        }
      else if (*s == '"')
        quoted = TRUE;
      else if (*s == ',')
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          field = g_string_new (NULL);
        }
      else if (*s == '\n' || *s == '\r')
        {
          if (*s == '\r' && s[1] == '\n')
            s++;
          s++;
          break;
        }
      else
        g_string_append_c (field, *s);
    }
  g_ptr_array_add (fields, g_string_free (field, FALSE));
  *p = s;

  return fields;
}

static int
column_index (GPtrArray  *header,
              const char *name)
{
  for (guint i = 0; i < header->len; i++)
    if (g_strcmp0 (g_ptr_array_index (header, i), name) == 0)
      return i;
  return -1;
}

static const char *
field_at (GPtrArray *record,
          int        i)
{
  const char *value;

  if (i < 0 || (guint) i >= record->len)
    return NULL;
  value = g_ptr_array_index (record, i);
  return *value != '\0' ? value : NULL;
}

static gboolean
load_csv (CivicSynth *self,
          const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "nyc-311-sample-2011.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) header = NULL;
  const char *p;
  int c_type, c_desc, c_agency, c_zip, c_addr, c_int1, c_int2, c_res, c_lat, c_lon;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;

  p = contents;
  header = csv_next_record (&p);
  if (header == NULL)
    return FALSE;

  c_type = column_index (header, "Complaint Type");
  c_desc = column_index (header, "Descriptor");
  c_agency = column_index (header, "Agency");
  c_zip = column_index (header, "Incident Zip");
  c_addr = column_index (header, "Incident Address");
  c_int1 = column_index (header, "Intersection Street 1");
  c_int2 = column_index (header, "Intersection Street 2");
  c_res = column_index (header, "Resolution Description");
  c_lat = column_index (header, "Latitude");
  c_lon = column_index (header, "Longitude");
  if (c_type < 0 || c_agency < 0)
    return FALSE;

  while (*p != '\0')
    {
      g_autoptr(GPtrArray) record = csv_next_record (&p);
      Sample *s;

      if (record == NULL || field_at (record, c_type) == NULL || field_at (record, c_agency) == NULL)
        continue;

      s = g_new0 (Sample, 1);
      s->type = g_strdup (field_at (record, c_type));
      s->descriptor = g_strdup (field_at (record, c_desc));
      s->agency = g_strdup (field_at (record, c_agency));
      s->zipcode = g_strdup (field_at (record, c_zip));
      if (field_at (record, c_addr) != NULL)
        s->address = g_strdup (field_at (record, c_addr));
      else if (field_at (record, c_int1) != NULL && field_at (record, c_int2) != NULL)
        s->address = g_strdup_printf ("%s and %s", field_at (record, c_int1), field_at (record, c_int2));
      s->resolution = g_strdup (field_at (record, c_res));
      if (field_at (record, c_lat) != NULL && field_at (record, c_lon) != NULL)
        {
          double pt[2] = { g_ascii_strtod (field_at (record, c_lat), NULL),
                           g_ascii_strtod (field_at (record, c_lon), NULL) };

          if (pt[0] >= LAT_MIN && pt[0] <= LAT_MAX && pt[1] >= LON_MIN && pt[1] <= LON_MAX)
            {
              s->lat = pt[0];
              s->lon = pt[1];
              g_array_append_val (self->points, pt);
            }
        }
      g_ptr_array_add (self->samples, s);
    }

  return self->samples->len > 0 && self->points->len > 0;
}

static void
load_builtin (CivicSynth *self)
{
  g_ptr_array_set_size (self->samples, 0);
  g_array_set_size (self->points, 0);

  for (guint i = 0; i < G_N_ELEMENTS (builtin_points); i++)
    g_array_append_val (self->points, builtin_points[i]);

  for (guint i = 0; i < G_N_ELEMENTS (builtin_rows); i++)
    for (guint w = 0; w < builtin_rows[i].weight; w++)
      {
        Sample *s = g_new0 (Sample, 1);

        s->type = g_strdup (builtin_rows[i].type);
        s->descriptor = g_strdup (builtin_rows[i].descriptor);
        s->agency = g_strdup (builtin_rows[i].agency);
        g_ptr_array_add (self->samples, s);
      }
}

static char *
slug (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > 0 && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }
  while (out->len > 0 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static int
agency_sla_hours (const char *agency)
{
  for (guint i = 0; i < G_N_ELEMENTS (agencies); i++)
    if (g_strcmp0 (agencies[i].agency, agency) == 0)
      return agencies[i].sla_hours;
  return 72;
}

static const char *
agency_name (const char *agency)
{
  for (guint i = 0; i < G_N_ELEMENTS (agencies); i++)
    if (g_strcmp0 (agencies[i].agency, agency) == 0)
      return agencies[i].name;
  return agency;
}

static void
build_catalogue (CivicSynth *self)
{
  for (guint i = 0; i < self->samples->len; i++)
    {
      Sample *s = g_ptr_array_index (self->samples, i);
      ServiceInfo *info;

      if (g_hash_table_contains (self->services, s->type))
        continue;

      info = g_new0 (ServiceInfo, 1);
      info->code = slug (s->type);
      info->name = g_strdup (s->type);
      info->agency = g_strdup (s->agency);
      info->sla_hours = agency_sla_hours (s->agency);
      g_hash_table_insert (self->services, info->name, info);

      if (!g_ptr_array_find_with_equal_func (self->agencies, s->agency, g_str_equal, NULL))
        g_ptr_array_add (self->agencies, g_strdup (s->agency));
    }
}

CivicSynth *
civic_synth_new (guint64     seed,
                 const char *shared_data_dir)
{
  CivicSynth *self = g_new0 (CivicSynth, 1);

  self->rand = g_rand_new_with_seed ((guint32) (seed ^ (seed >> 32)));
  self->samples = g_ptr_array_new_with_free_func ((GDestroyNotify) sample_free);
  self->points = g_array_new (FALSE, FALSE, sizeof (double[2]));
  self->services = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) service_info_free);
  self->agencies = g_ptr_array_new_with_free_func (g_free);
  self->now = g_get_real_time () / G_USEC_PER_SEC / 3600 * 3600;
  self->n_cases = 100000;
  self->clock = -1;

  self->from_csv = shared_data_dir != NULL && load_csv (self, shared_data_dir);
  if (!self->from_csv)
    load_builtin (self);
  build_catalogue (self);

  return self;
}

void
civic_synth_free (CivicSynth *self)
{
  if (self == NULL)
    return;

  g_rand_free (self->rand);
  g_ptr_array_unref (self->samples);
  g_array_unref (self->points);
  g_hash_table_unref (self->services);
  g_ptr_array_unref (self->agencies);
  g_free (self);
}

void
civic_synth_set_now (CivicSynth *self,
                     gint64      now)
{
  self->now = now;
}

void
civic_synth_set_n_cases (CivicSynth *self,
                         guint       n_cases)
{
  self->n_cases = MAX (n_cases, 1);
}

gboolean
civic_synth_uses_sample (CivicSynth *self)
{
  return self->from_csv;
}

const char * const *
civic_synth_get_tags (CivicSynth *self)
{
  return tags;
}

static guint
pick (CivicSynth *self,
      guint       n)
{
  return g_rand_int_range (self->rand, 0, n);
}

static char *
username_for (const char *agency,
              guint       i)
{
  g_autofree char *lower = g_ascii_strdown (agency, -1);

  return g_strdup_printf ("%c%s.%s", g_ascii_tolower (first_names[i % G_N_ELEMENTS (first_names)][0]),
                          last_names[(i * 7 + strlen (agency)) % G_N_ELEMENTS (last_names)], lower);
}

/* A weighted choice among @n values with @weights in per-mille */
static guint
weighted (CivicSynth  *self,
          const guint *weights,
          guint        n)
{
  guint r = pick (self, 1000);

  for (guint i = 0; i < n; i++)
    {
      if (r < weights[i])
        return i;
      r -= weights[i];
    }
  return n - 1;
}

CivicCase *
civic_synth_next_case (CivicSynth *self)
{
  static const guint channel_weights[] = { 550, 200, 150, 40, 40, 20 };
  static const guint priority_weights[] = { 30, 120, 600, 200, 50 };
  CivicCase *c = civic_case_new ();
  Sample *s = g_ptr_array_index (self->samples, pick (self, self->samples->len));
  ServiceInfo *info = g_hash_table_lookup (self->services, s->type);
  double start = (double) (self->now - SPAN_SECONDS);
  double mean_gap = (double) SPAN_SECONDS / self->n_cases;
  double sla = info->sla_hours * 3600.0;
  double lat, lon, resolve, f;
  const double *pt;
  gboolean closed;
  g_autoptr(GDateTime) when = NULL;

  /* arrivals as a Poisson process over the span: time order, like a
   * real queue, with the bursts and lulls that come with it */
  if (self->clock < 0)
    self->clock = start;
  self->clock += -log (1.0 - g_rand_double (self->rand)) * mean_gap;
  c->requested_datetime = (gint64) MIN (self->clock, (double) self->now - 60);

  when = g_date_time_new_from_unix_utc (c->requested_datetime);
  c->service_request_id = g_strdup_printf ("311-%d-%06u", g_date_time_get_year (when), ++self->seq);
  c->service_code = g_strdup (info->code);
  c->service_name = g_strdup (info->name);
  c->department = g_strdup (info->agency);
  c->agency_responsible = g_strdup (agency_name (info->agency));
  if (g_rand_int_range (self->rand, 0, 10) < 6)
    c->description = g_strdup_printf ("%s. %s", s->descriptor ? s->descriptor : info->name,
                                      notes[pick (self, G_N_ELEMENTS (notes))]);
  else
    c->description = g_strdup (s->descriptor ? s->descriptor : info->name);

  /* around a real point, spread like a neighbourhood (σ ≈ 400 m) */
  pt = s->lat != 0 ? (double[2]) { s->lat, s->lon }
                   : &g_array_index (self->points, double, 2 * pick (self, self->points->len));
  lat = pt[0] + 0.0036 * sqrt (-2 * log (1.0 - g_rand_double (self->rand))) *
                cos (2 * G_PI * g_rand_double (self->rand));
  lon = pt[1] + 0.0048 * sqrt (-2 * log (1.0 - g_rand_double (self->rand))) *
                cos (2 * G_PI * g_rand_double (self->rand));
  c->lat = CLAMP (lat, LAT_MIN, LAT_MAX);
  c->lon = CLAMP (lon, LON_MIN, LON_MAX);
  c->zipcode = g_strdup (s->zipcode);
  c->address = s->address != NULL
                 ? g_strdup (s->address)
                 : g_strdup_printf ("%u %s", 1 + pick (self, 2400), streets[pick (self, G_N_ELEMENTS (streets))]);

  c->expected_datetime = c->requested_datetime + (gint64) sla;
  /* most close in time, some late, a few linger in the backlog: tuned so
   * that about one open case in seven is overdue, as in a healthy city */
  f = g_rand_double (self->rand);
  if (f < 0.86)
    resolve = sla * g_rand_double_range (self->rand, 0.05, 0.95);
  else if (f < 0.995)
    resolve = sla * g_rand_double_range (self->rand, 1.0, 1.6);
  else
    resolve = G_MAXDOUBLE;
  closed = resolve < G_MAXDOUBLE && c->requested_datetime + resolve < (double) self->now;

  if (closed)
    {
      c->state = CIVIC_CASE_STATE_CLOSED;
      c->closed_datetime = c->requested_datetime + (gint64) resolve;
      c->updated_datetime = c->closed_datetime;
      c->status_notes = g_strdup (s->resolution != NULL ? s->resolution
                                                         : "The agency completed the request.");
      c->version = 3 + pick (self, 3);
    }
  else
    {
      gint64 age = self->now - c->requested_datetime;
      guint r = pick (self, 100);

      c->state = age < 3600 && r < 60 ? CIVIC_CASE_STATE_NEW
                 : r < 25 ? CIVIC_CASE_STATE_ACKNOWLEDGED
                 : r < 75 ? CIVIC_CASE_STATE_IN_PROGRESS
                 : r < 90 ? CIVIC_CASE_STATE_WAITING
                 : CIVIC_CASE_STATE_NEW;
      c->updated_datetime = c->requested_datetime + (gint64) (age * g_rand_double (self->rand));
      c->version = 1 + (c->state != CIVIC_CASE_STATE_NEW) + pick (self, 2);
    }

  if (c->state != CIVIC_CASE_STATE_NEW &&
      (c->state != CIVIC_CASE_STATE_ACKNOWLEDGED || pick (self, 2) == 0))
    c->assignee = username_for (info->agency, pick (self, USERS_PER_DEPARTMENT));

  c->channel = weighted (self, channel_weights, G_N_ELEMENTS (channel_weights));
  c->priority = 1 + weighted (self, priority_weights, G_N_ELEMENTS (priority_weights));

  if (pick (self, 100) < 19)
    {
      guint n = pick (self, 5) == 0 ? 2 : 1;
      guint first = pick (self, G_N_ELEMENTS (tags) - 1);

      c->tags = g_new0 (char *, n + 1);
      c->tags[0] = g_strdup (tags[first]);
      if (n == 2)
        c->tags[1] = g_strdup (tags[(first + 1 + pick (self, G_N_ELEMENTS (tags) - 2)) % (G_N_ELEMENTS (tags) - 1)]);
    }

  c->reporter_name = g_strdup_printf ("%s %s", first_names[pick (self, G_N_ELEMENTS (first_names))],
                                      last_names[pick (self, G_N_ELEMENTS (last_names))]);
  if (pick (self, 10) < 4)
    c->reporter_email = g_strdup_printf ("resident%u@example.org", pick (self, 100000));
  if (pick (self, 10) < 6)
    c->reporter_phone = g_strdup_printf ("+1 718 555 %04u", pick (self, 10000));
  if (pick (self, 20) == 0)
    c->media_url = g_strdup_printf ("https://media.example.org/311/%u.jpg", self->seq);

  return c;
}

void
civic_synth_fill (CivicSynth *self,
                  GPtrArray  *cases,
                  guint       n)
{
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (cases, civic_synth_next_case (self));
}

GPtrArray *
civic_synth_get_services (CivicSynth *self)
{
  GPtrArray *services = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  ServiceInfo *info;

  g_hash_table_iter_init (&iter, self->services);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &info))
    {
      CivicService *service = civic_service_new ();

      civic_service_set_code (service, info->code);
      civic_service_set_name (service, info->name);
      civic_service_set_group (service, agency_name (info->agency));
      civic_service_set_department (service, info->agency);
      civic_service_set_sla_hours (service, info->sla_hours);
      civic_service_set_service_type (service, CIVIC_SERVICE_TYPE_REALTIME);
      g_ptr_array_add (services, service);
    }

  return services;
}

GPtrArray *
civic_synth_get_departments (CivicSynth *self)
{
  GPtrArray *departments = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->agencies->len; i++)
    {
      const char *agency = g_ptr_array_index (self->agencies, i);
      CivicDepartment *department = civic_department_new ();

      civic_department_set_id (department, agency);
      civic_department_set_name (department, agency_name (agency));
      g_ptr_array_add (departments, department);
    }

  return departments;
}

GPtrArray *
civic_synth_get_users (CivicSynth *self)
{
  GPtrArray *users = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->agencies->len; i++)
    {
      const char *agency = g_ptr_array_index (self->agencies, i);

      for (guint u = 0; u < USERS_PER_DEPARTMENT; u++)
        {
          CivicUser *user = civic_user_new ();
          g_autofree char *username = username_for (agency, u);
          g_autofree char *display = g_strdup_printf ("%s %s",
                                                      first_names[u % G_N_ELEMENTS (first_names)],
                                                      last_names[(u * 7 + strlen (agency)) % G_N_ELEMENTS (last_names)]);

          civic_user_set_username (user, username);
          civic_user_set_display_name (user, display);
          civic_user_set_department (user, agency);
          civic_user_set_role (user, u == 0 ? CIVIC_USER_ROLE_MANAGER : CIVIC_USER_ROLE_STAFF);
          g_ptr_array_add (users, user);
        }
    }

  return users;
}
