/* civic-department.h: a city department cases are routed to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "civic-enums.h"
#include "civic-types.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_DEPARTMENT (civic_department_get_type ())
G_DECLARE_FINAL_TYPE (CivicDepartment, civic_department, CIVIC, DEPARTMENT, GObject)

CivicDepartment *civic_department_new (void);

const char *civic_department_get_id (CivicDepartment *self);
void civic_department_set_id (CivicDepartment *self,
                              const char *id);
const char *civic_department_get_name (CivicDepartment *self);
void civic_department_set_name (CivicDepartment *self,
                                const char *name);

G_END_DECLS
