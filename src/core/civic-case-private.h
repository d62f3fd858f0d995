/* civic-case-private.h: the struct, for the store and the generator,
 * which fill and read a million cases and cannot afford a property
 * notification per field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-case.h"

G_BEGIN_DECLS

struct _CivicCase
{
  GObject parent_instance;

  gint64 id;
  char *service_request_id;
  CivicCaseState state;
  char *status_notes;
  char *service_code;
  char *service_name;
  char *description;
  char *agency_responsible;
  char *service_notice;
  gint64 requested_datetime;
  gint64 updated_datetime;
  gint64 expected_datetime;
  gint64 closed_datetime;
  char *address;
  char *address_id;
  char *zipcode;
  double lat;
  double lon;
  char *media_url;
  char *department;
  char *assignee;
  int priority;
  CivicChannel channel;
  char *reporter_name;
  char *reporter_email;
  char *reporter_phone;
  char **tags;
  char *duplicate_of;
  gint64 version;
};

G_END_DECLS
