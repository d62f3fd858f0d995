/* civic-case-event.c: one entry in the append-only timeline of a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-case-event.h"
#include "civic-util-private.h"

struct _CivicCaseEvent
{
  GObject parent_instance;

  gint64 id;
  char *case_id;
  CivicCaseEventKind kind;
  char *author;
  char *body;
  gint64 created;
  char *old_value;
  char *new_value;
};

G_DEFINE_FINAL_TYPE (CivicCaseEvent, civic_case_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CASE_ID,
  PROP_KIND,
  PROP_AUTHOR,
  PROP_BODY,
  PROP_CREATED,
  PROP_OLD_VALUE,
  PROP_NEW_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
civic_case_event_finalize (GObject *object)
{
  CivicCaseEvent *self = (CivicCaseEvent *) object;

  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->body, g_free);
  g_clear_pointer (&self->old_value, g_free);
  g_clear_pointer (&self->new_value, g_free);

  G_OBJECT_CLASS (civic_case_event_parent_class)->finalize (object);
}

static void
civic_case_event_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CivicCaseEvent *self = CIVIC_CASE_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_CASE_ID:
      g_value_set_string (value, self->case_id);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;

    case PROP_BODY:
      g_value_set_string (value, self->body);
      break;

    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;

    case PROP_OLD_VALUE:
      g_value_set_string (value, self->old_value);
      break;

    case PROP_NEW_VALUE:
      g_value_set_string (value, self->new_value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_case_event_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CivicCaseEvent *self = CIVIC_CASE_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      civic_case_event_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_CASE_ID:
      civic_case_event_set_case_id (self, g_value_get_string (value));
      break;

    case PROP_KIND:
      civic_case_event_set_kind (self, g_value_get_enum (value));
      break;

    case PROP_AUTHOR:
      civic_case_event_set_author (self, g_value_get_string (value));
      break;

    case PROP_BODY:
      civic_case_event_set_body (self, g_value_get_string (value));
      break;

    case PROP_CREATED:
      civic_case_event_set_created (self, g_value_get_int64 (value));
      break;

    case PROP_OLD_VALUE:
      civic_case_event_set_old_value (self, g_value_get_string (value));
      break;

    case PROP_NEW_VALUE:
      civic_case_event_set_new_value (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_case_event_class_init (CivicCaseEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = civic_case_event_finalize;
  object_class->get_property = civic_case_event_get_property;
  object_class->set_property = civic_case_event_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CASE_ID] =
    g_param_spec_string ("case-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       CIVIC_TYPE_CASE_EVENT_KIND, CIVIC_CASE_EVENT_CREATED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_AUTHOR] =
    g_param_spec_string ("author", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_OLD_VALUE] =
    g_param_spec_string ("old-value", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NEW_VALUE] =
    g_param_spec_string ("new-value", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
civic_case_event_init (CivicCaseEvent *self)
{
}

CivicCaseEvent *
civic_case_event_new (void)
{
  return g_object_new (CIVIC_TYPE_CASE_EVENT, NULL);
}

gint64
civic_case_event_get_id (CivicCaseEvent *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_EVENT (self), 0);

  return self->id;
}

void
civic_case_event_set_id (CivicCaseEvent *self,
                         gint64 id)
{
  g_return_if_fail (CIVIC_IS_CASE_EVENT (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
civic_case_event_get_case_id (CivicCaseEvent *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_EVENT (self), NULL);

  return self->case_id;
}

void
civic_case_event_set_case_id (CivicCaseEvent *self,
                              const char *case_id)
{
  g_return_if_fail (CIVIC_IS_CASE_EVENT (self));

  if (civic_set_str (&self->case_id, case_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE_ID]);
}

CivicCaseEventKind
civic_case_event_get_kind (CivicCaseEvent *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_EVENT (self), 0);

  return self->kind;
}

void
civic_case_event_set_kind (CivicCaseEvent *self,
                           CivicCaseEventKind kind)
{
  g_return_if_fail (CIVIC_IS_CASE_EVENT (self));

  if (self->kind == kind)
    return;

  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

const char *
civic_case_event_get_author (CivicCaseEvent *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_EVENT (self), NULL);

  return self->author;
}

void
civic_case_event_set_author (CivicCaseEvent *self,
                             const char *author)
{
  g_return_if_fail (CIVIC_IS_CASE_EVENT (self));

  if (civic_set_str (&self->author, author))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHOR]);
}

const char *
civic_case_event_get_body (CivicCaseEvent *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_EVENT (self), NULL);

  return self->body;
}

void
civic_case_event_set_body (CivicCaseEvent *self,
                           const char *body)
{
  g_return_if_fail (CIVIC_IS_CASE_EVENT (self));

  if (civic_set_str (&self->body, body))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BODY]);
}

gint64
civic_case_event_get_created (CivicCaseEvent *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_EVENT (self), 0);

  return self->created;
}

void
civic_case_event_set_created (CivicCaseEvent *self,
                              gint64 created)
{
  g_return_if_fail (CIVIC_IS_CASE_EVENT (self));

  if (self->created == created)
    return;

  self->created = created;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
}

const char *
civic_case_event_get_old_value (CivicCaseEvent *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_EVENT (self), NULL);

  return self->old_value;
}

void
civic_case_event_set_old_value (CivicCaseEvent *self,
                                const char *old_value)
{
  g_return_if_fail (CIVIC_IS_CASE_EVENT (self));

  if (civic_set_str (&self->old_value, old_value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OLD_VALUE]);
}

const char *
civic_case_event_get_new_value (CivicCaseEvent *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_EVENT (self), NULL);

  return self->new_value;
}

void
civic_case_event_set_new_value (CivicCaseEvent *self,
                                const char *new_value)
{
  g_return_if_fail (CIVIC_IS_CASE_EVENT (self));

  if (civic_set_str (&self->new_value, new_value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEW_VALUE]);
}
