/* civic-user.h: a staff member
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "civic-enums.h"
#include "civic-types.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_USER (civic_user_get_type ())
G_DECLARE_FINAL_TYPE (CivicUser, civic_user, CIVIC, USER, GObject)

CivicUser *civic_user_new (void);

const char *civic_user_get_username (CivicUser *self);
void civic_user_set_username (CivicUser *self,
                              const char *username);
const char *civic_user_get_display_name (CivicUser *self);
void civic_user_set_display_name (CivicUser *self,
                                  const char *display_name);
const char *civic_user_get_department (CivicUser *self);
void civic_user_set_department (CivicUser *self,
                                const char *department);
CivicUserRole civic_user_get_role (CivicUser *self);
void civic_user_set_role (CivicUser *self,
                          CivicUserRole role);

G_END_DECLS
