/* civic-service.c: an entry of the service catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-service.h"
#include "civic-util-private.h"

struct _CivicService
{
  GObject parent_instance;

  char *code;
  char *name;
  char *description;
  char *group;
  char **keywords;
  gboolean metadata;
  CivicServiceType type;
  char *department;
  int sla_hours;
};

G_DEFINE_FINAL_TYPE (CivicService, civic_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_GROUP,
  PROP_KEYWORDS,
  PROP_METADATA,
  PROP_TYPE,
  PROP_DEPARTMENT,
  PROP_SLA_HOURS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
civic_service_finalize (GObject *object)
{
  CivicService *self = (CivicService *) object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->group, g_free);
  g_clear_pointer (&self->keywords, g_strfreev);
  g_clear_pointer (&self->department, g_free);

  G_OBJECT_CLASS (civic_service_parent_class)->finalize (object);
}

static void
civic_service_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CivicService *self = CIVIC_SERVICE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_GROUP:
      g_value_set_string (value, self->group);
      break;

    case PROP_KEYWORDS:
      g_value_set_boxed (value, self->keywords);
      break;

    case PROP_METADATA:
      g_value_set_boolean (value, self->metadata);
      break;

    case PROP_TYPE:
      g_value_set_enum (value, self->type);
      break;

    case PROP_DEPARTMENT:
      g_value_set_string (value, self->department);
      break;

    case PROP_SLA_HOURS:
      g_value_set_int (value, self->sla_hours);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_service_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CivicService *self = CIVIC_SERVICE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      civic_service_set_code (self, g_value_get_string (value));
      break;

    case PROP_NAME:
      civic_service_set_name (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      civic_service_set_description (self, g_value_get_string (value));
      break;

    case PROP_GROUP:
      civic_service_set_group (self, g_value_get_string (value));
      break;

    case PROP_KEYWORDS:
      civic_service_set_keywords (self, g_value_get_boxed (value));
      break;

    case PROP_METADATA:
      civic_service_set_metadata (self, g_value_get_boolean (value));
      break;

    case PROP_TYPE:
      civic_service_set_service_type (self, g_value_get_enum (value));
      break;

    case PROP_DEPARTMENT:
      civic_service_set_department (self, g_value_get_string (value));
      break;

    case PROP_SLA_HOURS:
      civic_service_set_sla_hours (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_service_class_init (CivicServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = civic_service_finalize;
  object_class->get_property = civic_service_get_property;
  object_class->set_property = civic_service_set_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_GROUP] =
    g_param_spec_string ("group", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_KEYWORDS] =
    g_param_spec_boxed ("keywords", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_METADATA] =
    g_param_spec_boolean ("metadata", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TYPE] =
    g_param_spec_enum ("type", NULL, NULL,
                       CIVIC_TYPE_SERVICE_TYPE, CIVIC_SERVICE_TYPE_REALTIME,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DEPARTMENT] =
    g_param_spec_string ("department", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SLA_HOURS] =
    g_param_spec_int ("sla-hours", NULL, NULL,
                      0, 100000, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
civic_service_init (CivicService *self)
{
}

CivicService *
civic_service_new (void)
{
  return g_object_new (CIVIC_TYPE_SERVICE, NULL);
}

const char *
civic_service_get_code (CivicService *self)
{
  g_return_val_if_fail (CIVIC_IS_SERVICE (self), NULL);

  return self->code;
}

void
civic_service_set_code (CivicService *self,
                        const char *code)
{
  g_return_if_fail (CIVIC_IS_SERVICE (self));

  if (civic_set_str (&self->code, code))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

const char *
civic_service_get_name (CivicService *self)
{
  g_return_val_if_fail (CIVIC_IS_SERVICE (self), NULL);

  return self->name;
}

void
civic_service_set_name (CivicService *self,
                        const char *name)
{
  g_return_if_fail (CIVIC_IS_SERVICE (self));

  if (civic_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
civic_service_get_description (CivicService *self)
{
  g_return_val_if_fail (CIVIC_IS_SERVICE (self), NULL);

  return self->description;
}

void
civic_service_set_description (CivicService *self,
                               const char *description)
{
  g_return_if_fail (CIVIC_IS_SERVICE (self));

  if (civic_set_str (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

const char *
civic_service_get_group (CivicService *self)
{
  g_return_val_if_fail (CIVIC_IS_SERVICE (self), NULL);

  return self->group;
}

void
civic_service_set_group (CivicService *self,
                         const char *group)
{
  g_return_if_fail (CIVIC_IS_SERVICE (self));

  if (civic_set_str (&self->group, group))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP]);
}

const char * const *
civic_service_get_keywords (CivicService *self)
{
  g_return_val_if_fail (CIVIC_IS_SERVICE (self), NULL);

  return (const char * const *) self->keywords;
}

void
civic_service_set_keywords (CivicService *self,
                            const char * const *keywords)
{
  g_return_if_fail (CIVIC_IS_SERVICE (self));

  if (keywords == NULL && self->keywords == NULL)
    return;
  if (keywords != NULL && self->keywords != NULL &&
      g_strv_equal ((const char * const *) self->keywords, keywords))
    return;

  g_strfreev (self->keywords);
  self->keywords = g_strdupv ((char **) keywords);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYWORDS]);
}

gboolean
civic_service_get_metadata (CivicService *self)
{
  g_return_val_if_fail (CIVIC_IS_SERVICE (self), FALSE);

  return self->metadata;
}

void
civic_service_set_metadata (CivicService *self,
                            gboolean metadata)
{
  g_return_if_fail (CIVIC_IS_SERVICE (self));

  if (self->metadata == metadata)
    return;

  self->metadata = metadata;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METADATA]);
}

CivicServiceType
civic_service_get_service_type (CivicService *self)
{
  g_return_val_if_fail (CIVIC_IS_SERVICE (self), 0);

  return self->type;
}

void
civic_service_set_service_type (CivicService *self,
                                CivicServiceType type)
{
  g_return_if_fail (CIVIC_IS_SERVICE (self));

  if (self->type == type)
    return;

  self->type = type;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TYPE]);
}

const char *
civic_service_get_department (CivicService *self)
{
  g_return_val_if_fail (CIVIC_IS_SERVICE (self), NULL);

  return self->department;
}

void
civic_service_set_department (CivicService *self,
                              const char *department)
{
  g_return_if_fail (CIVIC_IS_SERVICE (self));

  if (civic_set_str (&self->department, department))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPARTMENT]);
}

int
civic_service_get_sla_hours (CivicService *self)
{
  g_return_val_if_fail (CIVIC_IS_SERVICE (self), 0);

  return self->sla_hours;
}

void
civic_service_set_sla_hours (CivicService *self,
                             int sla_hours)
{
  g_return_if_fail (CIVIC_IS_SERVICE (self));

  if (self->sla_hours == sla_hours)
    return;

  self->sla_hours = sla_hours;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLA_HOURS]);
}
