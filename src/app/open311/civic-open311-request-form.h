/* civic-open311-request-form.h: the questions of an Open311 service, as a form
 *
 * Built from a service definition: every datatype gets its widget (string
 * → entry row, number → entry row that accepts numbers, datetime → entry
 * row with a format hint, text → text view, singlevaluelist → combo row,
 * multivaluelist → check buttons); required questions are marked and
 * enforced with a message in words; variable=false attributes are shown
 * as information. The answers come out as the table
 * civic_open311_client_submit_async() sends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "open311/civic-open311-parse.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_OPEN311_REQUEST_FORM (civic_open311_request_form_get_type ())
G_DECLARE_FINAL_TYPE (CivicOpen311RequestForm, civic_open311_request_form, CIVIC, OPEN311_REQUEST_FORM, AdwBin)

GtkWidget                    *civic_open311_request_form_new            (void);

/* Replaces the questions; @definition is copied. NULL: no questions. */
void                          civic_open311_request_form_set_definition (CivicOpen311RequestForm      *self,
                                                                         const CivicOpen311Definition *definition);
const CivicOpen311Definition *civic_open311_request_form_get_definition (CivicOpen311RequestForm      *self);

/* Prefills one answer (a draft, a retry): the text of an entry, the key of
 * a list choice (for a multivaluelist, one call per chosen key). FALSE
 * when the form has no such question or choice. */
gboolean                      civic_open311_request_form_set_answer     (CivicOpen311RequestForm      *self,
                                                                         const char                   *code,
                                                                         const char                   *value);

/* The widget that takes the answer to @code (an AdwEntryRow, GtkTextView,
 * AdwComboRow, or for a multivaluelist the row holding its check buttons;
 * for information, the row showing it), or NULL. */
GtkWidget                    *civic_open311_request_form_get_field      (CivicOpen311RequestForm      *self,
                                                                         const char                   *code);
/* The check button of one choice of a multivaluelist, or NULL. */
GtkWidget                    *civic_open311_request_form_get_choice     (CivicOpen311RequestForm      *self,
                                                                         const char                   *code,
                                                                         const char                   *key);

/* Checks every answer. Valid: the answers (code → GPtrArray of strings,
 * datetimes in w3 format with a zone; unanswered questions absent) and the
 * message is hidden. Otherwise NULL, the first problem in @error and in
 * the form's message, and each wrong field marked. */
GHashTable                   *civic_open311_request_form_get_answers    (CivicOpen311RequestForm      *self,
                                                                         GError                      **error);

G_END_DECLS
