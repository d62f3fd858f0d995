/* civic-open311-client-private.h: what the client's job files share
 *
 * A Job is a copy of everything a worker thread needs, so the worker never
 * touches the GObject except to post progress back to its main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "civic-open311-client.h"

G_BEGIN_DECLS

typedef struct
{
  CivicOpen311Client *client;      /* a ref, used only to post progress */
  GMainContext       *context;     /* where progress is posted */
  char               *base_url;    /* ends in '/' */
  char               *jurisdiction_id;
  char               *api_key;
  char               *store_path;
  GTimeZone          *city_tz;
  guint               page_size;
  guint               page_cap;
  gint64              since;
  guint               token_timeout_s;
  GCancellable       *cancellable; /* cancelled by the caller's or by dispose */
  gulong              caller_handler;
  GCancellable       *caller_cancellable;
  gulong              own_handler;
  GCancellable       *own_cancellable;

  SoupSession        *session;     /* made in the worker thread */
  CivicStore         *store;       /* opened in the worker thread */
  CivicOpen311Format  format;
  guint               stored;
} CivicOpen311Job;

CivicOpen311Job *civic_open311_job_new  (CivicOpen311Client *client,
                                         GCancellable       *cancellable);
void             civic_open311_job_free (CivicOpen311Job    *job);

/* The worker side: session and store, opened on first use. */
gboolean         civic_open311_job_open (CivicOpen311Job    *job,
                                         GError            **error);

/* One HTTP exchange. @query (may be NULL) is already encoded; the
 * jurisdiction_id is added. Any status other than 2xx is an error in
 * words, with @status set to the HTTP status (0: no answer). */
GBytes          *civic_open311_job_send (CivicOpen311Job    *job,
                                         const char         *method,
                                         const char         *path,
                                         const char         *query,
                                         const char         *form_body,
                                         guint              *status,
                                         GError            **error);

void             civic_open311_job_progress (CivicOpen311Job *job);
void             civic_open311_job_waiting_for_number (CivicOpen311Job *job,
                                                       const char      *token);

/* Appends name=value, percent-encoded, to an x-www-form-urlencoded string. */
void             civic_open311_form_add (GString    *form,
                                         const char *name,
                                         const char *value);

const char      *civic_open311_format_ext (CivicOpen311Format format);

/* Worker bodies (civic-open311-pull.c). */
gboolean         civic_open311_pull_run          (CivicOpen311Job *job,
                                                  GError         **error);
gboolean         civic_open311_pull_services_run (CivicOpen311Job *job,
                                                  guint           *n_services,
                                                  GError         **error);
/* Decides json or xml, once per store (remembered in meta). */
gboolean         civic_open311_detect_format     (CivicOpen311Job *job,
                                                  GError         **error);

void             civic_open311_keep_desk_fields  (CivicStore      *store,
                                                  GPtrArray       *cases);

void             civic_open311_client_count_request (CivicOpen311Client *self);

G_END_DECLS
