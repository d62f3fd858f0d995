/* civic-enums.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-enums.h"

G_DEFINE_ENUM_TYPE (CivicCaseState, civic_case_state,
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_STATE_NEW, "new"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_STATE_ACKNOWLEDGED, "acknowledged"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_STATE_IN_PROGRESS, "in_progress"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_STATE_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_STATE_CLOSED, "closed"))

G_DEFINE_ENUM_TYPE (CivicChannel, civic_channel,
  G_DEFINE_ENUM_VALUE (CIVIC_CHANNEL_PHONE, "phone"),
  G_DEFINE_ENUM_VALUE (CIVIC_CHANNEL_WEB, "web"),
  G_DEFINE_ENUM_VALUE (CIVIC_CHANNEL_MOBILE, "mobile"),
  G_DEFINE_ENUM_VALUE (CIVIC_CHANNEL_SOCIAL, "social"),
  G_DEFINE_ENUM_VALUE (CIVIC_CHANNEL_FIELD, "field"),
  G_DEFINE_ENUM_VALUE (CIVIC_CHANNEL_INTERNAL, "internal"))

G_DEFINE_ENUM_TYPE (CivicCaseEventKind, civic_case_event_kind,
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_EVENT_CREATED, "created"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_EVENT_STATUS_CHANGED, "status_changed"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_EVENT_ASSIGNED, "assigned"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_EVENT_INTERNAL_NOTE, "internal_note"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_EVENT_PUBLIC_NOTE, "public_note"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_EVENT_TAG_ADDED, "tag_added"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_EVENT_TAG_REMOVED, "tag_removed"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_EVENT_MERGED, "merged"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_EVENT_LINKED_POST, "linked_post"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_EVENT_CONFLICT, "conflict"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_EVENT_PRIORITY_CHANGED, "priority_changed"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_EVENT_DEPARTMENT_CHANGED, "department_changed"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_EVENT_DESCRIPTION_CHANGED, "description_changed"),
  G_DEFINE_ENUM_VALUE (CIVIC_CASE_EVENT_STATUS_NOTES, "status_notes"))

G_DEFINE_ENUM_TYPE (CivicServiceType, civic_service_type,
  G_DEFINE_ENUM_VALUE (CIVIC_SERVICE_TYPE_REALTIME, "realtime"),
  G_DEFINE_ENUM_VALUE (CIVIC_SERVICE_TYPE_BATCH, "batch"),
  G_DEFINE_ENUM_VALUE (CIVIC_SERVICE_TYPE_BLACKBOX, "blackbox"))

G_DEFINE_ENUM_TYPE (CivicUserRole, civic_user_role,
  G_DEFINE_ENUM_VALUE (CIVIC_USER_ROLE_ADMIN, "admin"),
  G_DEFINE_ENUM_VALUE (CIVIC_USER_ROLE_MANAGER, "manager"),
  G_DEFINE_ENUM_VALUE (CIVIC_USER_ROLE_ADVOCATE, "advocate"),
  G_DEFINE_ENUM_VALUE (CIVIC_USER_ROLE_STAFF, "staff"))

const char *
civic_enum_to_nick (GType enum_type,
                    int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *ev = g_enum_get_value (klass, value);

  /* the class stays alive after our unref: the type system keeps static
   * enum classes for the life of the program, so the nick does too */
  return ev != NULL ? ev->value_nick : NULL;
}

gboolean
civic_enum_from_nick (GType       enum_type,
                      const char *nick,
                      int        *value)
{
  g_autoptr(GEnumClass) klass = NULL;

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (enum_type);
  for (guint i = 0; i < klass->n_values; i++)
    {
      if (g_ascii_strcasecmp (klass->values[i].value_nick, nick) == 0)
        {
          if (value != NULL)
            *value = klass->values[i].value;
          return TRUE;
        }
    }

  return FALSE;
}
