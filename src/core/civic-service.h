/* civic-service.h: an entry of the service catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "civic-enums.h"
#include "civic-types.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_SERVICE (civic_service_get_type ())
G_DECLARE_FINAL_TYPE (CivicService, civic_service, CIVIC, SERVICE, GObject)

CivicService *civic_service_new (void);

const char *civic_service_get_code (CivicService *self);
void civic_service_set_code (CivicService *self,
                             const char *code);
const char *civic_service_get_name (CivicService *self);
void civic_service_set_name (CivicService *self,
                             const char *name);
const char *civic_service_get_description (CivicService *self);
void civic_service_set_description (CivicService *self,
                                    const char *description);
const char *civic_service_get_group (CivicService *self);
void civic_service_set_group (CivicService *self,
                              const char *group);
const char * const *civic_service_get_keywords (CivicService *self);
void civic_service_set_keywords (CivicService *self,
                                 const char * const *keywords);
gboolean civic_service_get_metadata (CivicService *self);
void civic_service_set_metadata (CivicService *self,
                                 gboolean metadata);
CivicServiceType civic_service_get_service_type (CivicService *self);
void civic_service_set_service_type (CivicService *self,
                                     CivicServiceType type);
const char *civic_service_get_department (CivicService *self);
void civic_service_set_department (CivicService *self,
                                   const char *department);
int civic_service_get_sla_hours (CivicService *self);
void civic_service_set_sla_hours (CivicService *self,
                                  int sla_hours);

G_END_DECLS
