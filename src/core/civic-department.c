/* civic-department.c: a city department cases are routed to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-department.h"
#include "civic-util-private.h"

struct _CivicDepartment
{
  GObject parent_instance;

  char *id;
  char *name;
};

G_DEFINE_FINAL_TYPE (CivicDepartment, civic_department, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
civic_department_finalize (GObject *object)
{
  CivicDepartment *self = (CivicDepartment *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (civic_department_parent_class)->finalize (object);
}

static void
civic_department_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CivicDepartment *self = CIVIC_DEPARTMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_department_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CivicDepartment *self = CIVIC_DEPARTMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      civic_department_set_id (self, g_value_get_string (value));
      break;

    case PROP_NAME:
      civic_department_set_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_department_class_init (CivicDepartmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = civic_department_finalize;
  object_class->get_property = civic_department_get_property;
  object_class->set_property = civic_department_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
civic_department_init (CivicDepartment *self)
{
}

CivicDepartment *
civic_department_new (void)
{
  return g_object_new (CIVIC_TYPE_DEPARTMENT, NULL);
}

const char *
civic_department_get_id (CivicDepartment *self)
{
  g_return_val_if_fail (CIVIC_IS_DEPARTMENT (self), NULL);

  return self->id;
}

void
civic_department_set_id (CivicDepartment *self,
                         const char *id)
{
  g_return_if_fail (CIVIC_IS_DEPARTMENT (self));

  if (civic_set_str (&self->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
civic_department_get_name (CivicDepartment *self)
{
  g_return_val_if_fail (CIVIC_IS_DEPARTMENT (self), NULL);

  return self->name;
}

void
civic_department_set_name (CivicDepartment *self,
                           const char *name)
{
  g_return_if_fail (CIVIC_IS_DEPARTMENT (self));

  if (civic_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}
