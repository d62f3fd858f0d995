/* civic-case-event.h: one entry in the append-only timeline of a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "civic-enums.h"
#include "civic-types.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_CASE_EVENT (civic_case_event_get_type ())
G_DECLARE_FINAL_TYPE (CivicCaseEvent, civic_case_event, CIVIC, CASE_EVENT, GObject)

CivicCaseEvent *civic_case_event_new (void);

gint64 civic_case_event_get_id (CivicCaseEvent *self);
void civic_case_event_set_id (CivicCaseEvent *self,
                              gint64 id);
const char *civic_case_event_get_case_id (CivicCaseEvent *self);
void civic_case_event_set_case_id (CivicCaseEvent *self,
                                   const char *case_id);
CivicCaseEventKind civic_case_event_get_kind (CivicCaseEvent *self);
void civic_case_event_set_kind (CivicCaseEvent *self,
                                CivicCaseEventKind kind);
const char *civic_case_event_get_author (CivicCaseEvent *self);
void civic_case_event_set_author (CivicCaseEvent *self,
                                  const char *author);
const char *civic_case_event_get_body (CivicCaseEvent *self);
void civic_case_event_set_body (CivicCaseEvent *self,
                                const char *body);
gint64 civic_case_event_get_created (CivicCaseEvent *self);
void civic_case_event_set_created (CivicCaseEvent *self,
                                   gint64 created);
const char *civic_case_event_get_old_value (CivicCaseEvent *self);
void civic_case_event_set_old_value (CivicCaseEvent *self,
                                     const char *old_value);
const char *civic_case_event_get_new_value (CivicCaseEvent *self);
void civic_case_event_set_new_value (CivicCaseEvent *self,
                                     const char *new_value);

G_END_DECLS
