/* civic-queue-filter.c: the queue's filter as a GObject the list and the
 * map share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-queue-filter.h"

struct _CivicQueueFilter
{
  GObject         parent_instance;

  CivicCaseFilter f;
};

G_DEFINE_FINAL_TYPE (CivicQueueFilter, civic_queue_filter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATES,
  PROP_CHANNELS,
  PROP_DEPARTMENT,
  PROP_SERVICE_CODE,
  PROP_ASSIGNEE,
  PROP_TAG,
  PROP_OVERDUE_ONLY,
  PROP_REQUESTED_FROM,
  PROP_REQUESTED_TO,
  PROP_TEXT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const state_nicks[] = { "new", "acknowledged", "in_progress", "waiting", "closed" };
static const char * const channel_nicks[] = { "phone", "web", "mobile", "social", "field", "internal" };

static char **
text_field (CivicQueueFilter *self,
            guint             prop_id)
{
  switch (prop_id)
    {
    case PROP_DEPARTMENT:   return &self->f.department;
    case PROP_SERVICE_CODE: return &self->f.service_code;
    case PROP_ASSIGNEE:     return &self->f.assignee;
    case PROP_TAG:          return &self->f.tag;
    case PROP_TEXT:         return &self->f.text;
    default:                return NULL;
    }
}

static void
civic_queue_filter_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CivicQueueFilter *self = CIVIC_QUEUE_FILTER (object);
  char **text = text_field (self, prop_id);

  if (text != NULL)
    {
      g_value_set_string (value, *text);
      return;
    }
  switch (prop_id)
    {
    case PROP_STATES:         g_value_set_uint (value, self->f.states); break;
    case PROP_CHANNELS:       g_value_set_uint (value, self->f.channels); break;
    case PROP_OVERDUE_ONLY:   g_value_set_boolean (value, self->f.overdue_only); break;
    case PROP_REQUESTED_FROM: g_value_set_int64 (value, self->f.requested_from); break;
    case PROP_REQUESTED_TO:   g_value_set_int64 (value, self->f.requested_to); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_queue_filter_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CivicQueueFilter *self = CIVIC_QUEUE_FILTER (object);
  char **text = text_field (self, prop_id);
  gboolean changed = FALSE;

  if (text != NULL)
    {
      const char *v = g_value_get_string (value);

      /* an empty search is no search; an empty assignee means unassigned */
      if (v != NULL && *v == '\0' && prop_id != PROP_ASSIGNEE)
        v = NULL;
      changed = g_strcmp0 (*text, v) != 0;
      if (changed)
        {
          g_free (*text);
          *text = g_strdup (v);
        }
    }
  else
    switch (prop_id)
      {
      case PROP_STATES:
        changed = self->f.states != g_value_get_uint (value);
        self->f.states = g_value_get_uint (value);
        break;
      case PROP_CHANNELS:
        changed = self->f.channels != g_value_get_uint (value);
        self->f.channels = g_value_get_uint (value);
        break;
      case PROP_OVERDUE_ONLY:
        changed = self->f.overdue_only != g_value_get_boolean (value);
        self->f.overdue_only = g_value_get_boolean (value);
        break;
      case PROP_REQUESTED_FROM:
        changed = self->f.requested_from != g_value_get_int64 (value);
        self->f.requested_from = g_value_get_int64 (value);
        break;
      case PROP_REQUESTED_TO:
        changed = self->f.requested_to != g_value_get_int64 (value);
        self->f.requested_to = g_value_get_int64 (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

/* GObject hands every notify of one freeze/thaw here at once */
static void
civic_queue_filter_dispatch_properties_changed (GObject     *object,
                                                guint        n_pspecs,
                                                GParamSpec **pspecs)
{
  G_OBJECT_CLASS (civic_queue_filter_parent_class)->dispatch_properties_changed (object, n_pspecs, pspecs);
  if (n_pspecs > 0)
    g_signal_emit (object, signals[CHANGED], 0);
}

static void
civic_queue_filter_finalize (GObject *object)
{
  CivicQueueFilter *self = CIVIC_QUEUE_FILTER (object);

  g_free (self->f.department);
  g_free (self->f.service_code);
  g_free (self->f.assignee);
  g_free (self->f.tag);
  g_free (self->f.text);

  G_OBJECT_CLASS (civic_queue_filter_parent_class)->finalize (object);
}

static void
civic_queue_filter_class_init (CivicQueueFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = civic_queue_filter_get_property;
  object_class->set_property = civic_queue_filter_set_property;
  object_class->dispatch_properties_changed = civic_queue_filter_dispatch_properties_changed;
  object_class->finalize = civic_queue_filter_finalize;

  properties[PROP_STATES] = g_param_spec_uint ("states", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CHANNELS] = g_param_spec_uint ("channels", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_DEPARTMENT] = g_param_spec_string ("department", NULL, NULL, NULL, flags);
  properties[PROP_SERVICE_CODE] = g_param_spec_string ("service-code", NULL, NULL, NULL, flags);
  properties[PROP_ASSIGNEE] = g_param_spec_string ("assignee", NULL, NULL, NULL, flags);
  properties[PROP_TAG] = g_param_spec_string ("tag", NULL, NULL, NULL, flags);
  properties[PROP_OVERDUE_ONLY] = g_param_spec_boolean ("overdue-only", NULL, NULL, FALSE, flags);
  properties[PROP_REQUESTED_FROM] = g_param_spec_int64 ("requested-from", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_REQUESTED_TO] = g_param_spec_int64 ("requested-to", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
civic_queue_filter_init (CivicQueueFilter *self)
{
}

CivicQueueFilter *
civic_queue_filter_new (void)
{
  return g_object_new (CIVIC_TYPE_QUEUE_FILTER, NULL);
}

const CivicCaseFilter *
civic_queue_filter_get (CivicQueueFilter *self)
{
  g_return_val_if_fail (CIVIC_IS_QUEUE_FILTER (self), NULL);
  return &self->f;
}

void
civic_queue_filter_set (CivicQueueFilter      *self,
                        const CivicCaseFilter *filter)
{
  CivicCaseFilter none = { 0 };

  g_return_if_fail (CIVIC_IS_QUEUE_FILTER (self));

  if (filter == NULL)
    filter = &none;
  g_object_freeze_notify (G_OBJECT (self));
  /* the briefing's conditions have no property (no filter bar control):
   * copied as they are, and a change of them alone still says "changed" */
  if (self->f.closed_from != filter->closed_from || self->f.closed_to != filter->closed_to ||
      self->f.closed_on_time != filter->closed_on_time || self->f.open_at != filter->open_at ||
      self->f.due_before != filter->due_before || self->f.in_area != filter->in_area ||
      self->f.lat_min != filter->lat_min || self->f.lat_max != filter->lat_max ||
      self->f.lon_min != filter->lon_min || self->f.lon_max != filter->lon_max)
    {
      self->f.closed_from = filter->closed_from;
      self->f.closed_to = filter->closed_to;
      self->f.closed_on_time = filter->closed_on_time;
      self->f.open_at = filter->open_at;
      self->f.due_before = filter->due_before;
      self->f.in_area = filter->in_area;
      self->f.lat_min = filter->lat_min;
      self->f.lat_max = filter->lat_max;
      self->f.lon_min = filter->lon_min;
      self->f.lon_max = filter->lon_max;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUESTED_FROM]);
    }
  g_object_set (self,
                "states", filter->states,
                "channels", filter->channels,
                "department", filter->department,
                "service-code", filter->service_code,
                "assignee", filter->assignee,
                "tag", filter->tag,
                "overdue-only", filter->overdue_only,
                "requested-from", filter->requested_from,
                "requested-to", filter->requested_to,
                "text", filter->text,
                NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

void
civic_queue_filter_reset (CivicQueueFilter *self)
{
  civic_queue_filter_set (self, NULL);
}

static void
add_bits (JsonObject         *params,
          const char         *key,
          guint               bits,
          const char * const *nicks,
          guint               n_nicks)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < n_nicks; i++)
    if (bits & (1u << i))
      g_string_append_printf (s, "%s%s", s->len > 0 ? "," : "", nicks[i]);
  if (s->len > 0)
    json_object_set_string_member (params, key, s->str);
}

static char *
format_time (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

JsonObject *
civic_queue_filter_to_params (const CivicCaseFilter *f)
{
  JsonObject *params = json_object_new ();

  add_bits (params, "state", f->states, state_nicks, G_N_ELEMENTS (state_nicks));
  add_bits (params, "channel", f->channels, channel_nicks, G_N_ELEMENTS (channel_nicks));
  if (f->department != NULL)
    json_object_set_string_member (params, "department", f->department);
  if (f->service_code != NULL)
    json_object_set_string_member (params, "service", f->service_code);
  if (f->assignee != NULL)
    json_object_set_string_member (params, "assignee", *f->assignee == '\0' ? "none" : f->assignee);
  if (f->tag != NULL)
    json_object_set_string_member (params, "tag", f->tag);
  if (f->overdue_only)
    json_object_set_string_member (params, "overdue", "true");
  if (f->requested_from != 0)
    {
      g_autofree char *t = format_time (f->requested_from);
      json_object_set_string_member (params, "from", t);
    }
  if (f->requested_to != 0)
    {
      g_autofree char *t = format_time (f->requested_to);
      json_object_set_string_member (params, "to", t);
    }
  if (f->text != NULL)
    json_object_set_string_member (params, "q", f->text);
  return params;
}

static guint
parse_bits (const char         *value,
            const char * const *nicks,
            guint               n_nicks)
{
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);
  guint bits = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    for (guint j = 0; j < n_nicks; j++)
      if (g_str_equal (g_strstrip (parts[i]), nicks[j]))
        bits |= 1u << j;
  return bits;
}

static gint64
parse_time (const char *value)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (value, utc);

  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

static const char *
param (JsonObject *params,
       const char *key)
{
  JsonNode *node = json_object_get_member (params, key);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

CivicCaseFilter *
civic_queue_filter_from_params (JsonObject *params)
{
  CivicCaseFilter *f = civic_case_filter_new ();
  const char *v;

  if ((v = param (params, "state")) != NULL)
    f->states = parse_bits (v, state_nicks, G_N_ELEMENTS (state_nicks));
  if ((v = param (params, "channel")) != NULL)
    f->channels = parse_bits (v, channel_nicks, G_N_ELEMENTS (channel_nicks));
  f->department = g_strdup (param (params, "department"));
  f->service_code = g_strdup (param (params, "service"));
  if ((v = param (params, "assignee")) != NULL)
    f->assignee = g_strdup (g_str_equal (v, "none") ? "" : v);
  f->tag = g_strdup (param (params, "tag"));
  f->overdue_only = g_strcmp0 (param (params, "overdue"), "true") == 0;
  if ((v = param (params, "from")) != NULL)
    f->requested_from = parse_time (v);
  if ((v = param (params, "to")) != NULL)
    f->requested_to = parse_time (v);
  f->text = g_strdup (param (params, "q"));
  return f;
}
