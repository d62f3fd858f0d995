/* civic-case.h: a service request: the Open311 fields plus what the desk adds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "civic-enums.h"
#include "civic-types.h"

G_BEGIN_DECLS

/* Open311 limit on the description, in characters */
#define CIVIC_CASE_DESCRIPTION_MAX 4000

#define CIVIC_TYPE_CASE (civic_case_get_type ())
G_DECLARE_FINAL_TYPE (CivicCase, civic_case, CIVIC, CASE, GObject)

CivicCase *civic_case_new (void);

gint64 civic_case_get_id (CivicCase *self);
void civic_case_set_id (CivicCase *self,
                        gint64 id);
const char *civic_case_get_service_request_id (CivicCase *self);
void civic_case_set_service_request_id (CivicCase *self,
                                        const char *service_request_id);
CivicCaseState civic_case_get_state (CivicCase *self);
void civic_case_set_state (CivicCase *self,
                           CivicCaseState state);
const char *civic_case_get_status_notes (CivicCase *self);
void civic_case_set_status_notes (CivicCase *self,
                                  const char *status_notes);
const char *civic_case_get_service_code (CivicCase *self);
void civic_case_set_service_code (CivicCase *self,
                                  const char *service_code);
const char *civic_case_get_service_name (CivicCase *self);
void civic_case_set_service_name (CivicCase *self,
                                  const char *service_name);
const char *civic_case_get_description (CivicCase *self);
void civic_case_set_description (CivicCase *self,
                                 const char *description);
const char *civic_case_get_agency_responsible (CivicCase *self);
void civic_case_set_agency_responsible (CivicCase *self,
                                        const char *agency_responsible);
const char *civic_case_get_service_notice (CivicCase *self);
void civic_case_set_service_notice (CivicCase *self,
                                    const char *service_notice);
gint64 civic_case_get_requested_datetime (CivicCase *self);
void civic_case_set_requested_datetime (CivicCase *self,
                                        gint64 requested_datetime);
gint64 civic_case_get_updated_datetime (CivicCase *self);
void civic_case_set_updated_datetime (CivicCase *self,
                                      gint64 updated_datetime);
gint64 civic_case_get_expected_datetime (CivicCase *self);
void civic_case_set_expected_datetime (CivicCase *self,
                                       gint64 expected_datetime);
gint64 civic_case_get_closed_datetime (CivicCase *self);
void civic_case_set_closed_datetime (CivicCase *self,
                                     gint64 closed_datetime);
const char *civic_case_get_address (CivicCase *self);
void civic_case_set_address (CivicCase *self,
                             const char *address);
const char *civic_case_get_address_id (CivicCase *self);
void civic_case_set_address_id (CivicCase *self,
                                const char *address_id);
const char *civic_case_get_zipcode (CivicCase *self);
void civic_case_set_zipcode (CivicCase *self,
                             const char *zipcode);
double civic_case_get_lat (CivicCase *self);
void civic_case_set_lat (CivicCase *self,
                         double lat);
double civic_case_get_long (CivicCase *self);
void civic_case_set_long (CivicCase *self,
                          double lon);
const char *civic_case_get_media_url (CivicCase *self);
void civic_case_set_media_url (CivicCase *self,
                               const char *media_url);
const char *civic_case_get_department (CivicCase *self);
void civic_case_set_department (CivicCase *self,
                                const char *department);
const char *civic_case_get_assignee (CivicCase *self);
void civic_case_set_assignee (CivicCase *self,
                              const char *assignee);
int civic_case_get_priority (CivicCase *self);
void civic_case_set_priority (CivicCase *self,
                              int priority);
CivicChannel civic_case_get_channel (CivicCase *self);
void civic_case_set_channel (CivicCase *self,
                             CivicChannel channel);
const char *civic_case_get_reporter_name (CivicCase *self);
void civic_case_set_reporter_name (CivicCase *self,
                                   const char *reporter_name);
const char *civic_case_get_reporter_email (CivicCase *self);
void civic_case_set_reporter_email (CivicCase *self,
                                    const char *reporter_email);
const char *civic_case_get_reporter_phone (CivicCase *self);
void civic_case_set_reporter_phone (CivicCase *self,
                                    const char *reporter_phone);
const char * const *civic_case_get_tags (CivicCase *self);
void civic_case_set_tags (CivicCase *self,
                          const char * const *tags);
const char *civic_case_get_duplicate_of (CivicCase *self);
void civic_case_set_duplicate_of (CivicCase *self,
                                  const char *duplicate_of);
gint64 civic_case_get_version (CivicCase *self);
void civic_case_set_version (CivicCase *self,
                             gint64 version);
const char *civic_case_get_status (CivicCase *self);
gboolean civic_case_is_open (CivicCase *self);

G_END_DECLS
