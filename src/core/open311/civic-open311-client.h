/* civic-open311-client.h: a desk connected to any city's Open311 endpoint
 *
 * Plain Open311 mode: requests are pulled into the local CivicStore as a
 * background job that survives restarts (its resume point is kept in the
 * store's meta), the service list and definitions are read into the store,
 * and new requests are POSTed with the city's api_key. Nothing else goes
 * out: in this mode the feed, tags and notes stay local to the desk (there
 * is no outbox to a staff API).
 *
 * Pulling uses `page`/`page_size` with `updated_after` when the endpoint
 * honours them (probed, remembered in meta); otherwise it walks back from
 * now in windows of at most 90 days of requested_datetime, halving a window
 * whose answer comes back full at the endpoint's cap.
 *
 * Every job runs in a worker thread with its own HTTP session and its own
 * CivicStore on the same file; results and progress come back on the
 * thread-default main context of the caller.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "civic-store.h"
#include "civic-open311-parse.h"

G_BEGIN_DECLS

/* Meta keys in the store (all prefixed "open311."); public so that a
 * connection switch or a test can read them. */
#define CIVIC_OPEN311_META_FORMAT      "open311.format"       /* json | xml */
#define CIVIC_OPEN311_META_MODE        "open311.mode"         /* pages | windows */
#define CIVIC_OPEN311_META_CAP         "open311.cap"          /* rows per answer */
#define CIVIC_OPEN311_META_PULL        "open311.pull"         /* an unfinished pull */
#define CIVIC_OPEN311_META_CURSOR      "open311.cursor"       /* updated_after, unix s */
#define CIVIC_OPEN311_META_WALKED      "open311.walked"       /* last full walk, unix s */
#define CIVIC_OPEN311_META_DEFINITION  "open311.definition."  /* + service_code */

/* A new request, as the city will receive it. Exactly one location kind:
 * has_location (lat/long), address_string or address_id. */
typedef struct
{
  char       *service_code;
  gboolean    has_location;
  double      lat;
  double      lon;
  char       *address_string;
  char       *address_id;
  char       *description;
  char       *email;
  char       *first_name;
  char       *last_name;
  char       *phone;
  char       *device_id;
  char       *account_id;
  char       *media_url;
  GHashTable *attributes;   /* civic_open311_answers_new(); may be NULL */
} CivicOpen311Submission;

CivicOpen311Submission *civic_open311_submission_new  (void);
void                    civic_open311_submission_free (CivicOpen311Submission *sub);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicOpen311Submission, civic_open311_submission_free)

#define CIVIC_TYPE_OPEN311_CLIENT (civic_open311_client_get_type ())
G_DECLARE_FINAL_TYPE (CivicOpen311Client, civic_open311_client, CIVIC, OPEN311_CLIENT, GObject)

/* @base_url is the endpoint, e.g. "https://city.example/open311/v2/";
 * @jurisdiction_id and @api_key may be NULL. @store must be a file. */
CivicOpen311Client *civic_open311_client_new (const char  *base_url,
                                              const char  *jurisdiction_id,
                                              const char  *api_key,
                                              CivicStore  *store);

const char *civic_open311_client_get_base_url  (CivicOpen311Client *self);
/* The city's time zone (an IANA name) for datetimes sent without one;
 * NULL: this computer's. */
void        civic_open311_client_set_time_zone (CivicOpen311Client *self,
                                                const char         *tz_identifier);
/* Rows asked for per page when paging works (default 200). */
void        civic_open311_client_set_page_size (CivicOpen311Client *self,
                                                guint               page_size);
/* The most rows the endpoint returns in one answer, when its documentation
 * says; 0 (default): a probe guesses from the common caps, else 1,000. */
void        civic_open311_client_set_page_cap  (CivicOpen311Client *self,
                                                guint               page_cap);
/* The oldest requested_datetime a window walk goes back to (unix s);
 * 0 (default): a year before now. */
void        civic_open311_client_set_since     (CivicOpen311Client *self,
                                                gint64              since);
/* How long a token may wait for its service_request_id (default 60 s). */
void        civic_open311_client_set_token_timeout (CivicOpen311Client *self,
                                                    guint               seconds);
/* HTTP answers read by this client so far (all jobs). */
guint       civic_open311_client_get_requests_made (CivicOpen311Client *self);

/* Pull requests into the store. Emits ::progress (cases stored so far in
 * this job) after each answer is stored. Cancelling leaves a resume point;
 * the next pull, by this or another client on the same store, continues. */
void        civic_open311_client_pull_async  (CivicOpen311Client   *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
/* @n_cases: cases stored by this job. */
gboolean    civic_open311_client_pull_finish (CivicOpen311Client   *self,
                                              GAsyncResult         *result,
                                              guint                *n_cases,
                                              GError              **error);

/* services.{fmt} into the store, and every definition of a service with
 * metadata=true into the store's meta. */
void        civic_open311_client_pull_services_async  (CivicOpen311Client   *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean    civic_open311_client_pull_services_finish (CivicOpen311Client   *self,
                                                       GAsyncResult         *result,
                                                       guint                *n_services,
                                                       GError              **error);

/* A definition read into the store by pull_services, or NULL with
 * CIVIC_ERROR_NOT_FOUND. Reads the client's store on the calling thread. */
CivicOpen311Definition *civic_open311_client_lookup_definition (CivicOpen311Client  *self,
                                                                const char          *service_code,
                                                                GError             **error);

/* POST a new request; when the city answers with a token, polls
 * tokens/{token} with backoff until it names the service_request_id. The
 * new case is stored locally and returned. Answers are checked against the
 * stored definition first, so a clerk hears about a missing required
 * answer before anything is sent. */
void        civic_open311_client_submit_async  (CivicOpen311Client           *self,
                                                const CivicOpen311Submission *submission,
                                                GCancellable                 *cancellable,
                                                GAsyncReadyCallback           callback,
                                                gpointer                      user_data);
CivicCase  *civic_open311_client_submit_finish (CivicOpen311Client           *self,
                                                GAsyncResult                 *result,
                                                GError                      **error);

G_END_DECLS
