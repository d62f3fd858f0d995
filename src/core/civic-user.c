/* civic-user.c: a staff member
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-user.h"
#include "civic-util-private.h"

struct _CivicUser
{
  GObject parent_instance;

  char *username;
  char *display_name;
  char *department;
  CivicUserRole role;
};

G_DEFINE_FINAL_TYPE (CivicUser, civic_user, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_USERNAME,
  PROP_DISPLAY_NAME,
  PROP_DEPARTMENT,
  PROP_ROLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
civic_user_finalize (GObject *object)
{
  CivicUser *self = (CivicUser *) object;

  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->department, g_free);

  G_OBJECT_CLASS (civic_user_parent_class)->finalize (object);
}

static void
civic_user_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CivicUser *self = CIVIC_USER (object);

  switch (prop_id)
    {
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_DEPARTMENT:
      g_value_set_string (value, self->department);
      break;

    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_user_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CivicUser *self = CIVIC_USER (object);

  switch (prop_id)
    {
    case PROP_USERNAME:
      civic_user_set_username (self, g_value_get_string (value));
      break;

    case PROP_DISPLAY_NAME:
      civic_user_set_display_name (self, g_value_get_string (value));
      break;

    case PROP_DEPARTMENT:
      civic_user_set_department (self, g_value_get_string (value));
      break;

    case PROP_ROLE:
      civic_user_set_role (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_user_class_init (CivicUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = civic_user_finalize;
  object_class->get_property = civic_user_get_property;
  object_class->set_property = civic_user_set_property;

  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DEPARTMENT] =
    g_param_spec_string ("department", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL,
                       CIVIC_TYPE_USER_ROLE, CIVIC_USER_ROLE_STAFF,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
civic_user_init (CivicUser *self)
{
  self->role = CIVIC_USER_ROLE_STAFF;
}

CivicUser *
civic_user_new (void)
{
  return g_object_new (CIVIC_TYPE_USER, NULL);
}

const char *
civic_user_get_username (CivicUser *self)
{
  g_return_val_if_fail (CIVIC_IS_USER (self), NULL);

  return self->username;
}

void
civic_user_set_username (CivicUser *self,
                         const char *username)
{
  g_return_if_fail (CIVIC_IS_USER (self));

  if (civic_set_str (&self->username, username))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
}

const char *
civic_user_get_display_name (CivicUser *self)
{
  g_return_val_if_fail (CIVIC_IS_USER (self), NULL);

  return self->display_name;
}

void
civic_user_set_display_name (CivicUser *self,
                             const char *display_name)
{
  g_return_if_fail (CIVIC_IS_USER (self));

  if (civic_set_str (&self->display_name, display_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

const char *
civic_user_get_department (CivicUser *self)
{
  g_return_val_if_fail (CIVIC_IS_USER (self), NULL);

  return self->department;
}

void
civic_user_set_department (CivicUser *self,
                           const char *department)
{
  g_return_if_fail (CIVIC_IS_USER (self));

  if (civic_set_str (&self->department, department))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPARTMENT]);
}

CivicUserRole
civic_user_get_role (CivicUser *self)
{
  g_return_val_if_fail (CIVIC_IS_USER (self), 0);

  return self->role;
}

void
civic_user_set_role (CivicUser *self,
                     CivicUserRole role)
{
  g_return_if_fail (CIVIC_IS_USER (self));

  if (self->role == role)
    return;

  self->role = role;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}
