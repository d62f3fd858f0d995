/* civic-types.h: forward declarations, so headers need not include each other
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _CivicCase       CivicCase;
typedef struct _CivicCaseEvent  CivicCaseEvent;
typedef struct _CivicService    CivicService;
typedef struct _CivicDepartment CivicDepartment;
typedef struct _CivicUser       CivicUser;
typedef struct _CivicPost       CivicPost;
typedef struct _CivicStore      CivicStore;

G_END_DECLS
