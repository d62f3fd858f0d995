/* civic-case.c: a service request: the Open311 fields plus what the desk adds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-case.h"
#include "civic-util-private.h"
#include "civic-case-private.h"

G_DEFINE_FINAL_TYPE (CivicCase, civic_case, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SERVICE_REQUEST_ID,
  PROP_STATE,
  PROP_STATUS_NOTES,
  PROP_SERVICE_CODE,
  PROP_SERVICE_NAME,
  PROP_DESCRIPTION,
  PROP_AGENCY_RESPONSIBLE,
  PROP_SERVICE_NOTICE,
  PROP_REQUESTED_DATETIME,
  PROP_UPDATED_DATETIME,
  PROP_EXPECTED_DATETIME,
  PROP_CLOSED_DATETIME,
  PROP_ADDRESS,
  PROP_ADDRESS_ID,
  PROP_ZIPCODE,
  PROP_LAT,
  PROP_LONG,
  PROP_MEDIA_URL,
  PROP_DEPARTMENT,
  PROP_ASSIGNEE,
  PROP_PRIORITY,
  PROP_CHANNEL,
  PROP_REPORTER_NAME,
  PROP_REPORTER_EMAIL,
  PROP_REPORTER_PHONE,
  PROP_TAGS,
  PROP_DUPLICATE_OF,
  PROP_VERSION,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
civic_case_finalize (GObject *object)
{
  CivicCase *self = (CivicCase *) object;

  g_clear_pointer (&self->service_request_id, g_free);
  g_clear_pointer (&self->status_notes, g_free);
  g_clear_pointer (&self->service_code, g_free);
  g_clear_pointer (&self->service_name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->agency_responsible, g_free);
  g_clear_pointer (&self->service_notice, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->address_id, g_free);
  g_clear_pointer (&self->zipcode, g_free);
  g_clear_pointer (&self->media_url, g_free);
  g_clear_pointer (&self->department, g_free);
  g_clear_pointer (&self->assignee, g_free);
  g_clear_pointer (&self->reporter_name, g_free);
  g_clear_pointer (&self->reporter_email, g_free);
  g_clear_pointer (&self->reporter_phone, g_free);
  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_pointer (&self->duplicate_of, g_free);

  G_OBJECT_CLASS (civic_case_parent_class)->finalize (object);
}

static void
civic_case_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CivicCase *self = CIVIC_CASE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_SERVICE_REQUEST_ID:
      g_value_set_string (value, self->service_request_id);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_STATUS_NOTES:
      g_value_set_string (value, self->status_notes);
      break;

    case PROP_SERVICE_CODE:
      g_value_set_string (value, self->service_code);
      break;

    case PROP_SERVICE_NAME:
      g_value_set_string (value, self->service_name);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_AGENCY_RESPONSIBLE:
      g_value_set_string (value, self->agency_responsible);
      break;

    case PROP_SERVICE_NOTICE:
      g_value_set_string (value, self->service_notice);
      break;

    case PROP_REQUESTED_DATETIME:
      g_value_set_int64 (value, self->requested_datetime);
      break;

    case PROP_UPDATED_DATETIME:
      g_value_set_int64 (value, self->updated_datetime);
      break;

    case PROP_EXPECTED_DATETIME:
      g_value_set_int64 (value, self->expected_datetime);
      break;

    case PROP_CLOSED_DATETIME:
      g_value_set_int64 (value, self->closed_datetime);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_ADDRESS_ID:
      g_value_set_string (value, self->address_id);
      break;

    case PROP_ZIPCODE:
      g_value_set_string (value, self->zipcode);
      break;

    case PROP_LAT:
      g_value_set_double (value, self->lat);
      break;

    case PROP_LONG:
      g_value_set_double (value, self->lon);
      break;

    case PROP_MEDIA_URL:
      g_value_set_string (value, self->media_url);
      break;

    case PROP_DEPARTMENT:
      g_value_set_string (value, self->department);
      break;

    case PROP_ASSIGNEE:
      g_value_set_string (value, self->assignee);
      break;

    case PROP_PRIORITY:
      g_value_set_int (value, self->priority);
      break;

    case PROP_CHANNEL:
      g_value_set_enum (value, self->channel);
      break;

    case PROP_REPORTER_NAME:
      g_value_set_string (value, self->reporter_name);
      break;

    case PROP_REPORTER_EMAIL:
      g_value_set_string (value, self->reporter_email);
      break;

    case PROP_REPORTER_PHONE:
      g_value_set_string (value, self->reporter_phone);
      break;

    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;

    case PROP_DUPLICATE_OF:
      g_value_set_string (value, self->duplicate_of);
      break;

    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;

    case PROP_STATUS:
      g_value_set_string (value, civic_case_get_status (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_case_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CivicCase *self = CIVIC_CASE (object);

  switch (prop_id)
    {
    case PROP_ID:
      civic_case_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_SERVICE_REQUEST_ID:
      civic_case_set_service_request_id (self, g_value_get_string (value));
      break;

    case PROP_STATE:
      civic_case_set_state (self, g_value_get_enum (value));
      break;

    case PROP_STATUS_NOTES:
      civic_case_set_status_notes (self, g_value_get_string (value));
      break;

    case PROP_SERVICE_CODE:
      civic_case_set_service_code (self, g_value_get_string (value));
      break;

    case PROP_SERVICE_NAME:
      civic_case_set_service_name (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      civic_case_set_description (self, g_value_get_string (value));
      break;

    case PROP_AGENCY_RESPONSIBLE:
      civic_case_set_agency_responsible (self, g_value_get_string (value));
      break;

    case PROP_SERVICE_NOTICE:
      civic_case_set_service_notice (self, g_value_get_string (value));
      break;

    case PROP_REQUESTED_DATETIME:
      civic_case_set_requested_datetime (self, g_value_get_int64 (value));
      break;

    case PROP_UPDATED_DATETIME:
      civic_case_set_updated_datetime (self, g_value_get_int64 (value));
      break;

    case PROP_EXPECTED_DATETIME:
      civic_case_set_expected_datetime (self, g_value_get_int64 (value));
      break;

    case PROP_CLOSED_DATETIME:
      civic_case_set_closed_datetime (self, g_value_get_int64 (value));
      break;

    case PROP_ADDRESS:
      civic_case_set_address (self, g_value_get_string (value));
      break;

    case PROP_ADDRESS_ID:
      civic_case_set_address_id (self, g_value_get_string (value));
      break;

    case PROP_ZIPCODE:
      civic_case_set_zipcode (self, g_value_get_string (value));
      break;

    case PROP_LAT:
      civic_case_set_lat (self, g_value_get_double (value));
      break;

    case PROP_LONG:
      civic_case_set_long (self, g_value_get_double (value));
      break;

    case PROP_MEDIA_URL:
      civic_case_set_media_url (self, g_value_get_string (value));
      break;

    case PROP_DEPARTMENT:
      civic_case_set_department (self, g_value_get_string (value));
      break;

    case PROP_ASSIGNEE:
      civic_case_set_assignee (self, g_value_get_string (value));
      break;

    case PROP_PRIORITY:
      civic_case_set_priority (self, g_value_get_int (value));
      break;

    case PROP_CHANNEL:
      civic_case_set_channel (self, g_value_get_enum (value));
      break;

    case PROP_REPORTER_NAME:
      civic_case_set_reporter_name (self, g_value_get_string (value));
      break;

    case PROP_REPORTER_EMAIL:
      civic_case_set_reporter_email (self, g_value_get_string (value));
      break;

    case PROP_REPORTER_PHONE:
      civic_case_set_reporter_phone (self, g_value_get_string (value));
      break;

    case PROP_TAGS:
      civic_case_set_tags (self, g_value_get_boxed (value));
      break;

    case PROP_DUPLICATE_OF:
      civic_case_set_duplicate_of (self, g_value_get_string (value));
      break;

    case PROP_VERSION:
      civic_case_set_version (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_case_class_init (CivicCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = civic_case_finalize;
  object_class->get_property = civic_case_get_property;
  object_class->set_property = civic_case_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SERVICE_REQUEST_ID] =
    g_param_spec_string ("service-request-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       CIVIC_TYPE_CASE_STATE, CIVIC_CASE_STATE_NEW,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATUS_NOTES] =
    g_param_spec_string ("status-notes", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SERVICE_CODE] =
    g_param_spec_string ("service-code", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SERVICE_NAME] =
    g_param_spec_string ("service-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_AGENCY_RESPONSIBLE] =
    g_param_spec_string ("agency-responsible", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SERVICE_NOTICE] =
    g_param_spec_string ("service-notice", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REQUESTED_DATETIME] =
    g_param_spec_int64 ("requested-datetime", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_UPDATED_DATETIME] =
    g_param_spec_int64 ("updated-datetime", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_EXPECTED_DATETIME] =
    g_param_spec_int64 ("expected-datetime", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CLOSED_DATETIME] =
    g_param_spec_int64 ("closed-datetime", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ADDRESS_ID] =
    g_param_spec_string ("address-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ZIPCODE] =
    g_param_spec_string ("zipcode", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LAT] =
    g_param_spec_double ("lat", NULL, NULL,
                         -90, 90, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LONG] =
    g_param_spec_double ("long", NULL, NULL,
                         -180, 180, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MEDIA_URL] =
    g_param_spec_string ("media-url", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DEPARTMENT] =
    g_param_spec_string ("department", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ASSIGNEE] =
    g_param_spec_string ("assignee", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PRIORITY] =
    g_param_spec_int ("priority", NULL, NULL,
                      1, 5, 3,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CHANNEL] =
    g_param_spec_enum ("channel", NULL, NULL,
                       CIVIC_TYPE_CHANNEL, CIVIC_CHANNEL_PHONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REPORTER_NAME] =
    g_param_spec_string ("reporter-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REPORTER_EMAIL] =
    g_param_spec_string ("reporter-email", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REPORTER_PHONE] =
    g_param_spec_string ("reporter-phone", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DUPLICATE_OF] =
    g_param_spec_string ("duplicate-of", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Open311's "open"/"closed", derived from the workflow state */
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL,
                         "open",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
civic_case_init (CivicCase *self)
{
  self->priority = 3;
}

CivicCase *
civic_case_new (void)
{
  return g_object_new (CIVIC_TYPE_CASE, NULL);
}

gint64
civic_case_get_id (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), 0);

  return self->id;
}

void
civic_case_set_id (CivicCase *self,
                   gint64 id)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
civic_case_get_service_request_id (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->service_request_id;
}

void
civic_case_set_service_request_id (CivicCase *self,
                                   const char *service_request_id)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (civic_set_str (&self->service_request_id, service_request_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE_REQUEST_ID]);
}

CivicCaseState
civic_case_get_state (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), 0);

  return self->state;
}

void
civic_case_set_state (CivicCase *self,
                      CivicCaseState state)
{
  gboolean was_closed;

  g_return_if_fail (CIVIC_IS_CASE (self));

  if (self->state == state)
    return;

  was_closed = self->state == CIVIC_CASE_STATE_CLOSED;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  /* status is derived from the state; say so only when it flips */
  if (was_closed != (state == CIVIC_CASE_STATE_CLOSED))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

const char *
civic_case_get_status_notes (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->status_notes;
}

void
civic_case_set_status_notes (CivicCase *self,
                             const char *status_notes)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (civic_set_str (&self->status_notes, status_notes))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_NOTES]);
}

const char *
civic_case_get_service_code (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->service_code;
}

void
civic_case_set_service_code (CivicCase *self,
                             const char *service_code)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (civic_set_str (&self->service_code, service_code))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE_CODE]);
}

const char *
civic_case_get_service_name (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->service_name;
}

void
civic_case_set_service_name (CivicCase *self,
                             const char *service_name)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (civic_set_str (&self->service_name, service_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE_NAME]);
}

const char *
civic_case_get_description (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->description;
}

void
civic_case_set_description (CivicCase *self,
                            const char *description)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  /* Open311 caps descriptions at 4,000 characters; keep the local copy
   * within what the server and every other client will accept. */
  if (description != NULL && g_utf8_strlen (description, -1) > CIVIC_CASE_DESCRIPTION_MAX)
    {
      g_autofree char *clamped = g_utf8_substring (description, 0, CIVIC_CASE_DESCRIPTION_MAX);

      if (civic_set_str (&self->description, clamped))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
      return;
    }

  if (civic_set_str (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

const char *
civic_case_get_agency_responsible (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->agency_responsible;
}

void
civic_case_set_agency_responsible (CivicCase *self,
                                   const char *agency_responsible)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (civic_set_str (&self->agency_responsible, agency_responsible))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENCY_RESPONSIBLE]);
}

const char *
civic_case_get_service_notice (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->service_notice;
}

void
civic_case_set_service_notice (CivicCase *self,
                               const char *service_notice)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (civic_set_str (&self->service_notice, service_notice))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE_NOTICE]);
}

gint64
civic_case_get_requested_datetime (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), 0);

  return self->requested_datetime;
}

void
civic_case_set_requested_datetime (CivicCase *self,
                                   gint64 requested_datetime)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (self->requested_datetime == requested_datetime)
    return;

  self->requested_datetime = requested_datetime;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUESTED_DATETIME]);
}

gint64
civic_case_get_updated_datetime (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), 0);

  return self->updated_datetime;
}

void
civic_case_set_updated_datetime (CivicCase *self,
                                 gint64 updated_datetime)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (self->updated_datetime == updated_datetime)
    return;

  self->updated_datetime = updated_datetime;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_DATETIME]);
}

gint64
civic_case_get_expected_datetime (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), 0);

  return self->expected_datetime;
}

void
civic_case_set_expected_datetime (CivicCase *self,
                                  gint64 expected_datetime)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (self->expected_datetime == expected_datetime)
    return;

  self->expected_datetime = expected_datetime;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTED_DATETIME]);
}

gint64
civic_case_get_closed_datetime (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), 0);

  return self->closed_datetime;
}

void
civic_case_set_closed_datetime (CivicCase *self,
                                gint64 closed_datetime)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (self->closed_datetime == closed_datetime)
    return;

  self->closed_datetime = closed_datetime;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSED_DATETIME]);
}

const char *
civic_case_get_address (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->address;
}

void
civic_case_set_address (CivicCase *self,
                        const char *address)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (civic_set_str (&self->address, address))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS]);
}

const char *
civic_case_get_address_id (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->address_id;
}

void
civic_case_set_address_id (CivicCase *self,
                           const char *address_id)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (civic_set_str (&self->address_id, address_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS_ID]);
}

const char *
civic_case_get_zipcode (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->zipcode;
}

void
civic_case_set_zipcode (CivicCase *self,
                        const char *zipcode)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (civic_set_str (&self->zipcode, zipcode))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZIPCODE]);
}

double
civic_case_get_lat (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), 0);

  return self->lat;
}

void
civic_case_set_lat (CivicCase *self,
                    double lat)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (self->lat == lat)
    return;

  self->lat = lat;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAT]);
}

double
civic_case_get_long (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), 0);

  return self->lon;
}

void
civic_case_set_long (CivicCase *self,
                     double lon)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (self->lon == lon)
    return;

  self->lon = lon;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LONG]);
}

const char *
civic_case_get_media_url (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->media_url;
}

void
civic_case_set_media_url (CivicCase *self,
                          const char *media_url)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (civic_set_str (&self->media_url, media_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_URL]);
}

const char *
civic_case_get_department (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->department;
}

void
civic_case_set_department (CivicCase *self,
                           const char *department)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (civic_set_str (&self->department, department))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPARTMENT]);
}

const char *
civic_case_get_assignee (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->assignee;
}

void
civic_case_set_assignee (CivicCase *self,
                         const char *assignee)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (civic_set_str (&self->assignee, assignee))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSIGNEE]);
}

int
civic_case_get_priority (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), 0);

  return self->priority;
}

void
civic_case_set_priority (CivicCase *self,
                         int priority)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (self->priority == priority)
    return;

  self->priority = priority;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIORITY]);
}

CivicChannel
civic_case_get_channel (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), 0);

  return self->channel;
}

void
civic_case_set_channel (CivicCase *self,
                        CivicChannel channel)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (self->channel == channel)
    return;

  self->channel = channel;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
}

const char *
civic_case_get_reporter_name (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->reporter_name;
}

void
civic_case_set_reporter_name (CivicCase *self,
                              const char *reporter_name)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (civic_set_str (&self->reporter_name, reporter_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORTER_NAME]);
}

const char *
civic_case_get_reporter_email (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->reporter_email;
}

void
civic_case_set_reporter_email (CivicCase *self,
                               const char *reporter_email)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (civic_set_str (&self->reporter_email, reporter_email))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORTER_EMAIL]);
}

const char *
civic_case_get_reporter_phone (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->reporter_phone;
}

void
civic_case_set_reporter_phone (CivicCase *self,
                               const char *reporter_phone)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (civic_set_str (&self->reporter_phone, reporter_phone))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORTER_PHONE]);
}

const char * const *
civic_case_get_tags (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return (const char * const *) self->tags;
}

void
civic_case_set_tags (CivicCase *self,
                     const char * const *tags)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (tags == NULL && self->tags == NULL)
    return;
  if (tags != NULL && self->tags != NULL &&
      g_strv_equal ((const char * const *) self->tags, tags))
    return;

  g_strfreev (self->tags);
  self->tags = g_strdupv ((char **) tags);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

const char *
civic_case_get_duplicate_of (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->duplicate_of;
}

void
civic_case_set_duplicate_of (CivicCase *self,
                             const char *duplicate_of)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (civic_set_str (&self->duplicate_of, duplicate_of))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DUPLICATE_OF]);
}

gint64
civic_case_get_version (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), 0);

  return self->version;
}

void
civic_case_set_version (CivicCase *self,
                        gint64 version)
{
  g_return_if_fail (CIVIC_IS_CASE (self));

  if (self->version == version)
    return;

  self->version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

/**
 * civic_case_get_status:
 *
 * Returns: Open311's "open" or "closed": every workflow state but closed
 * is open to the public.
 */
const char *
civic_case_get_status (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), NULL);

  return self->state == CIVIC_CASE_STATE_CLOSED ? "closed" : "open";
}

gboolean
civic_case_is_open (CivicCase *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE (self), FALSE);

  return self->state != CIVIC_CASE_STATE_CLOSED;
}
