/* civic-case-row.c: one row of the case queue, as the columns show it
 *
 * A row holds the strings its cells show and nothing more; the list model
 * makes rows a page at a time and updates them in place when a sync
 * changes their case, so bound cells follow through notify.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-case-row.h"

struct _CivicCaseRow
{
  GObject   parent_instance;

  gint64    id;
  char     *request_id;
  char     *state;
  char     *service;
  char     *department;
  char     *department_name;
  char     *assignee;
  char     *priority;
  char     *due;
  gboolean  overdue;
  char     *address;
  char     *channel;
};

G_DEFINE_FINAL_TYPE (CivicCaseRow, civic_case_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REQUEST_ID,
  PROP_STATE,
  PROP_SERVICE,
  PROP_DEPARTMENT,
  PROP_DEPARTMENT_NAME,
  PROP_ASSIGNEE,
  PROP_PRIORITY,
  PROP_DUE,
  PROP_OVERDUE,
  PROP_ADDRESS,
  PROP_CHANNEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
civic_case_state_label (CivicCaseState state)
{
  switch (state)
    {
    case CIVIC_CASE_STATE_NEW:          return _("New");
    case CIVIC_CASE_STATE_ACKNOWLEDGED: return _("Acknowledged");
    case CIVIC_CASE_STATE_IN_PROGRESS:  return _("In progress");
    case CIVIC_CASE_STATE_WAITING:      return _("Waiting");
    case CIVIC_CASE_STATE_CLOSED:       return _("Closed");
    default:                            return "";
    }
}

const char *
civic_channel_label (CivicChannel channel)
{
  switch (channel)
    {
    case CIVIC_CHANNEL_PHONE:    return _("Phone");
    case CIVIC_CHANNEL_WEB:      return _("Web");
    case CIVIC_CHANNEL_MOBILE:   return _("Mobile");
    case CIVIC_CHANNEL_SOCIAL:   return _("Social");
    case CIVIC_CHANNEL_FIELD:    return _("Field");
    case CIVIC_CHANNEL_INTERNAL: return _("Internal");
    default:                     return "";
    }
}

const char *
civic_priority_label (int priority)
{
  switch (priority)
    {
    case 1:  return _("Urgent");
    case 2:  return _("High");
    case 3:  return _("Normal");
    case 4:  return _("Low");
    default: return _("Lowest");
    }
}

static char *
span_words (gint64 seconds)
{
  gint64 days = seconds / 86400;
  gint64 hours = seconds / 3600;
  gint64 minutes = seconds / 60;

  if (days >= 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", days), (int) days);
  if (hours >= 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", hours), (int) hours);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", MAX (minutes, 1)),
                          (int) MAX (minutes, 1));
}

char *
civic_case_due_text (CivicCaseState  state,
                     gint64          requested,
                     gint64          expected,
                     gint64          now,
                     gboolean       *overdue)
{
  g_autofree char *span = NULL;

  *overdue = FALSE;
  if (state == CIVIC_CASE_STATE_CLOSED)
    return g_strdup (_("Closed"));
  if (expected != 0 && expected < now)
    {
      *overdue = TRUE;
      span = span_words (now - expected);
      /* TRANSLATORS: "3 days overdue" */
      return g_strdup_printf (_("%s overdue"), span);
    }
  if (expected != 0)
    {
      span = span_words (expected - now);
      /* TRANSLATORS: "Due in 3 days" */
      return g_strdup_printf (_("Due in %s"), span);
    }
  if (requested != 0 && requested <= now)
    {
      span = span_words (now - requested);
      /* TRANSLATORS: "Opened 3 days ago" */
      return g_strdup_printf (_("Opened %s ago"), span);
    }
  return g_strdup ("");
}

static gboolean
set_text (CivicCaseRow *self,
          char        **field,
          const char   *value,
          int           prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value != NULL ? value : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

void
civic_case_row_update (CivicCaseRow           *self,
                       const CivicCaseSummary *s,
                       gint64                  now)
{
  g_autofree char *due = NULL;
  gboolean overdue;

  g_return_if_fail (CIVIC_IS_CASE_ROW (self));

  g_object_freeze_notify (G_OBJECT (self));
  self->id = s->id;
  set_text (self, &self->request_id, s->service_request_id, PROP_REQUEST_ID);
  set_text (self, &self->state, civic_case_state_label (s->state), PROP_STATE);
  set_text (self, &self->service, s->service_name != NULL ? s->service_name : s->service_code,
            PROP_SERVICE);
  /* the short id (DSNY, NYPD) is what staff say and what fits a column;
   * the name is the cell's tooltip */
  set_text (self, &self->department, s->department, PROP_DEPARTMENT);
  set_text (self, &self->department_name, s->department_name, PROP_DEPARTMENT_NAME);
  set_text (self, &self->assignee, s->assignee_name != NULL ? s->assignee_name : _("Unassigned"),
            PROP_ASSIGNEE);
  set_text (self, &self->priority, civic_priority_label (s->priority), PROP_PRIORITY);
  due = civic_case_due_text (s->state, s->requested, s->expected, now, &overdue);
  set_text (self, &self->due, due, PROP_DUE);
  if (self->overdue != overdue)
    {
      self->overdue = overdue;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERDUE]);
    }
  set_text (self, &self->address, s->address, PROP_ADDRESS);
  set_text (self, &self->channel, civic_channel_label (s->channel), PROP_CHANNEL);
  g_object_thaw_notify (G_OBJECT (self));
}

CivicCaseRow *
civic_case_row_new (const CivicCaseSummary *summary,
                    gint64                  now)
{
  CivicCaseRow *self = g_object_new (CIVIC_TYPE_CASE_ROW, NULL);

  civic_case_row_update (self, summary, now);
  return self;
}

gint64
civic_case_row_get_id (CivicCaseRow *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_ROW (self), 0);
  return self->id;
}

const char *
civic_case_row_get_request_id (CivicCaseRow *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_ROW (self), NULL);
  return self->request_id;
}

const char *
civic_case_row_get_due (CivicCaseRow *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_ROW (self), NULL);
  return self->due;
}

gboolean
civic_case_row_get_overdue (CivicCaseRow *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_ROW (self), FALSE);
  return self->overdue;
}

static void
civic_case_row_finalize (GObject *object)
{
  CivicCaseRow *self = CIVIC_CASE_ROW (object);

  g_free (self->request_id);
  g_free (self->state);
  g_free (self->service);
  g_free (self->department);
  g_free (self->department_name);
  g_free (self->assignee);
  g_free (self->priority);
  g_free (self->due);
  g_free (self->address);
  g_free (self->channel);

  G_OBJECT_CLASS (civic_case_row_parent_class)->finalize (object);
}

static void
civic_case_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CivicCaseRow *self = CIVIC_CASE_ROW (object);

  switch (prop_id)
    {
    case PROP_ID:         g_value_set_int64 (value, self->id); break;
    case PROP_REQUEST_ID: g_value_set_string (value, self->request_id); break;
    case PROP_STATE:      g_value_set_string (value, self->state); break;
    case PROP_SERVICE:    g_value_set_string (value, self->service); break;
    case PROP_DEPARTMENT: g_value_set_string (value, self->department); break;
    case PROP_DEPARTMENT_NAME: g_value_set_string (value, self->department_name); break;
    case PROP_ASSIGNEE:   g_value_set_string (value, self->assignee); break;
    case PROP_PRIORITY:   g_value_set_string (value, self->priority); break;
    case PROP_DUE:        g_value_set_string (value, self->due); break;
    case PROP_OVERDUE:    g_value_set_boolean (value, self->overdue); break;
    case PROP_ADDRESS:    g_value_set_string (value, self->address); break;
    case PROP_CHANNEL:    g_value_set_string (value, self->channel); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
text_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
civic_case_row_class_init (CivicCaseRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = civic_case_row_finalize;
  object_class->get_property = civic_case_row_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUEST_ID] = text_property ("request-id");
  properties[PROP_STATE] = text_property ("state");
  properties[PROP_SERVICE] = text_property ("service");
  properties[PROP_DEPARTMENT] = text_property ("department");
  properties[PROP_DEPARTMENT_NAME] = text_property ("department-name");
  properties[PROP_ASSIGNEE] = text_property ("assignee");
  properties[PROP_PRIORITY] = text_property ("priority");
  properties[PROP_DUE] = text_property ("due");
  properties[PROP_OVERDUE] =
    g_param_spec_boolean ("overdue", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDRESS] = text_property ("address");
  properties[PROP_CHANNEL] = text_property ("channel");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
civic_case_row_init (CivicCaseRow *self)
{
}
