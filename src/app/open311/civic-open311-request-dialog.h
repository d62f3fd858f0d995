/* civic-open311-request-dialog.h: a new request to the city, in Open311 mode
 *
 * Pick a service (searchable), answer the city's questions for it (the
 * form generated from its definition), say where (an address, or a
 * latitude and longitude — exactly one), describe it (at most 4,000
 * characters) and optionally who to contact. Submit sends it with the
 * connection's CivicOpen311Client; on success the dialog emits
 * ::submitted with the new case and closes; on an error it says why in
 * words and keeps every field, so nothing typed is lost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "civic-case.h"
#include "open311/civic-open311-client.h"
#include "open311/civic-open311-request-form.h"

G_BEGIN_DECLS

#define CIVIC_OPEN311_DESCRIPTION_MAX 4000

#define CIVIC_TYPE_OPEN311_REQUEST_DIALOG (civic_open311_request_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CivicOpen311RequestDialog, civic_open311_request_dialog, CIVIC, OPEN311_REQUEST_DIALOG, AdwWindow)

/* Services come from @store (read by the engine's last sync). */
CivicOpen311RequestDialog *civic_open311_request_dialog_new (GtkWindow          *parent,
                                                             CivicOpen311Client *client,
                                                             CivicStore         *store);

/* For tests and drafts: what a clerk would do with the mouse. */
gboolean                 civic_open311_request_dialog_select_service (CivicOpen311RequestDialog *self,
                                                                      const char                *service_code);
const char              *civic_open311_request_dialog_get_service    (CivicOpen311RequestDialog *self);
void                     civic_open311_request_dialog_set_search     (CivicOpen311RequestDialog *self,
                                                                      const char                *text);
/* Visible services after the search. */
guint                    civic_open311_request_dialog_count_shown    (CivicOpen311RequestDialog *self);
CivicOpen311RequestForm *civic_open311_request_dialog_get_form       (CivicOpen311RequestDialog *self);
void                     civic_open311_request_dialog_set_address    (CivicOpen311RequestDialog *self,
                                                                      const char                *address);
void                     civic_open311_request_dialog_set_location   (CivicOpen311RequestDialog *self,
                                                                      const char                *lat,
                                                                      const char                *lon);
void                     civic_open311_request_dialog_set_description (CivicOpen311RequestDialog *self,
                                                                       const char                *text);
void                     civic_open311_request_dialog_set_contact    (CivicOpen311RequestDialog *self,
                                                                      const char                *first_name,
                                                                      const char                *last_name,
                                                                      const char                *email,
                                                                      const char                *phone);
/* As the Submit button. */
void                     civic_open311_request_dialog_submit         (CivicOpen311RequestDialog *self);
gboolean                 civic_open311_request_dialog_get_busy       (CivicOpen311RequestDialog *self);
/* What the dialog is waiting for ("Sending the request to the city…",
 * "Waiting for the city to assign a number…"), or NULL. */
const char              *civic_open311_request_dialog_get_status     (CivicOpen311RequestDialog *self);
/* The problem shown in the dialog, or NULL. */
const char              *civic_open311_request_dialog_get_error      (CivicOpen311RequestDialog *self);

G_END_DECLS
