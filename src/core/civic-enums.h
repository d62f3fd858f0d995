/* civic-enums.h: the enumerations of the domain, as GEnum types
 *
 * The numeric values are stored in the local database (the queue filters
 * on integers), so they are never renumbered: add new values at the end.
 * The nicks are what JSON and the server speak.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CIVIC_CASE_STATE_NEW,
  CIVIC_CASE_STATE_ACKNOWLEDGED,
  CIVIC_CASE_STATE_IN_PROGRESS,
  CIVIC_CASE_STATE_WAITING,
  CIVIC_CASE_STATE_CLOSED,
} CivicCaseState;

#define CIVIC_CASE_STATE_LAST CIVIC_CASE_STATE_CLOSED

typedef enum
{
  CIVIC_CHANNEL_PHONE,
  CIVIC_CHANNEL_WEB,
  CIVIC_CHANNEL_MOBILE,
  CIVIC_CHANNEL_SOCIAL,
  CIVIC_CHANNEL_FIELD,
  CIVIC_CHANNEL_INTERNAL,
} CivicChannel;

#define CIVIC_CHANNEL_LAST CIVIC_CHANNEL_INTERNAL

typedef enum
{
  CIVIC_CASE_EVENT_CREATED,
  CIVIC_CASE_EVENT_STATUS_CHANGED,
  CIVIC_CASE_EVENT_ASSIGNED,
  CIVIC_CASE_EVENT_INTERNAL_NOTE,
  CIVIC_CASE_EVENT_PUBLIC_NOTE,
  CIVIC_CASE_EVENT_TAG_ADDED,
  CIVIC_CASE_EVENT_TAG_REMOVED,
  CIVIC_CASE_EVENT_MERGED,
  CIVIC_CASE_EVENT_LINKED_POST,
  CIVIC_CASE_EVENT_CONFLICT,
  /* the service records these too (PATCH of those fields); before they
   * were listed here, the timeline read them as internal notes */
  CIVIC_CASE_EVENT_PRIORITY_CHANGED,
  CIVIC_CASE_EVENT_DEPARTMENT_CHANGED,
  CIVIC_CASE_EVENT_DESCRIPTION_CHANGED,
  CIVIC_CASE_EVENT_STATUS_NOTES,
} CivicCaseEventKind;

typedef enum
{
  CIVIC_SERVICE_TYPE_REALTIME,
  CIVIC_SERVICE_TYPE_BATCH,
  CIVIC_SERVICE_TYPE_BLACKBOX,
} CivicServiceType;

typedef enum
{
  CIVIC_USER_ROLE_ADMIN,
  CIVIC_USER_ROLE_MANAGER,
  CIVIC_USER_ROLE_ADVOCATE,
  CIVIC_USER_ROLE_STAFF,
} CivicUserRole;

#define CIVIC_TYPE_CASE_STATE      (civic_case_state_get_type ())
#define CIVIC_TYPE_CHANNEL         (civic_channel_get_type ())
#define CIVIC_TYPE_CASE_EVENT_KIND (civic_case_event_kind_get_type ())
#define CIVIC_TYPE_SERVICE_TYPE    (civic_service_type_get_type ())
#define CIVIC_TYPE_USER_ROLE       (civic_user_role_get_type ())

GType civic_case_state_get_type      (void) G_GNUC_CONST;
GType civic_channel_get_type         (void) G_GNUC_CONST;
GType civic_case_event_kind_get_type (void) G_GNUC_CONST;
GType civic_service_type_get_type    (void) G_GNUC_CONST;
GType civic_user_role_get_type       (void) G_GNUC_CONST;

/* The nick of @value in @enum_type, or NULL when @value is not one. */
const char *civic_enum_to_nick   (GType       enum_type,
                                  int         value);
/* Looks @nick up, ignoring ASCII case (real Open311 endpoints send
 * "Closed" as often as "closed"). */
gboolean    civic_enum_from_nick (GType       enum_type,
                                  const char *nick,
                                  int        *value);

G_END_DECLS
