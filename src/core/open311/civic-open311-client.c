/* civic-open311-client.c: the connection, its jobs, and the HTTP they share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include "civic-error.h"
#include "civic-open311-client-private.h"

#define USER_AGENT "CivicDesk/" PACKAGE_VERSION " (Open311 GeoReport v2)"

struct _CivicOpen311Client
{
  GObject       parent_instance;

  char         *base_url;
  char         *jurisdiction_id;
  char         *api_key;
  CivicStore   *store;
  GTimeZone    *city_tz;
  guint         page_size;
  guint         page_cap;
  gint64        since;
  guint         token_timeout_s;
  gint          requests_made;   /* atomic: workers count */
  GCancellable *cancellable;     /* cancelled in dispose: ends every job */
};

G_DEFINE_FINAL_TYPE (CivicOpen311Client, civic_open311_client, G_TYPE_OBJECT)

enum {
  PROGRESS,
  WAITING_FOR_NUMBER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- jobs --------------------------------------------------------------- */

static void
cancel_job_cb (GCancellable *source,
               gpointer      data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

CivicOpen311Job *
civic_open311_job_new (CivicOpen311Client *client,
                       GCancellable       *cancellable)
{
  CivicOpen311Job *job = g_new0 (CivicOpen311Job, 1);

  job->client = g_object_ref (client);
  job->context = g_main_context_ref_thread_default ();
  job->base_url = g_str_has_suffix (client->base_url, "/") ? g_strdup (client->base_url)
                                                           : g_strconcat (client->base_url, "/", NULL);
  job->jurisdiction_id = g_strdup (client->jurisdiction_id);
  job->api_key = g_strdup (client->api_key);
  job->store_path = g_strdup (civic_store_get_path (client->store));
  job->city_tz = client->city_tz != NULL ? g_time_zone_ref (client->city_tz) : g_time_zone_new_local ();
  job->page_size = client->page_size;
  job->page_cap = client->page_cap;
  job->since = client->since;
  job->token_timeout_s = client->token_timeout_s;
  job->cancellable = g_cancellable_new ();
  /* either the caller or the client's own end stops the job */
  job->own_cancellable = g_object_ref (client->cancellable);
  job->own_handler = g_cancellable_connect (job->own_cancellable, G_CALLBACK (cancel_job_cb),
                                            g_object_ref (job->cancellable), g_object_unref);
  if (cancellable != NULL)
    {
      job->caller_cancellable = g_object_ref (cancellable);
      job->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_job_cb),
                                                   g_object_ref (job->cancellable), g_object_unref);
    }
  return job;
}

void
civic_open311_job_free (CivicOpen311Job *job)
{
  if (job->caller_cancellable != NULL)
    {
      g_cancellable_disconnect (job->caller_cancellable, job->caller_handler);
      g_object_unref (job->caller_cancellable);
    }
  g_cancellable_disconnect (job->own_cancellable, job->own_handler);
  g_object_unref (job->own_cancellable);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->session);
  if (job->store != NULL)
    civic_store_close (job->store);
  g_clear_object (&job->store);
  g_time_zone_unref (job->city_tz);
  g_free (job->base_url);
  g_free (job->jurisdiction_id);
  g_free (job->api_key);
  g_free (job->store_path);
  g_main_context_unref (job->context);
  g_object_unref (job->client);
  g_free (job);
}

gboolean
civic_open311_job_open (CivicOpen311Job  *job,
                        GError          **error)
{
  if (job->session == NULL)
    job->session = soup_session_new_with_options ("timeout", 60, "user-agent", USER_AGENT, NULL);
  if (job->store == NULL)
    {
      job->store = civic_store_open (job->store_path, error);
      if (job->store == NULL)
        return FALSE;
    }
  return TRUE;
}

const char *
civic_open311_format_ext (CivicOpen311Format format)
{
  return format == CIVIC_OPEN311_FORMAT_XML ? "xml" : "json";
}

void
civic_open311_form_add (GString    *form,
                        const char *name,
                        const char *value)
{
  g_autofree char *e_name = NULL;
  g_autofree char *e_value = NULL;

  if (value == NULL)
    return;
  e_name = g_uri_escape_string (name, "[]", FALSE);
  e_value = g_uri_escape_string (value, NULL, FALSE);
  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append_printf (form, "%s=%s", e_name, e_value);
}

void
civic_open311_client_count_request (CivicOpen311Client *self)
{
  g_atomic_int_inc (&self->requests_made);
}

GBytes *
civic_open311_job_send (CivicOpen311Job  *job,
                        const char       *method,
                        const char       *path,
                        const char       *query,
                        const char       *form_body,
                        guint            *status,
                        GError          **error)
{
  g_autoptr(GString) url = g_string_new (job->base_url);
  g_autoptr(GString) q = g_string_new (query);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *reason = NULL;
  guint code;

  *status = 0;
  g_string_append (url, path);
  /* a POST carries the jurisdiction in its form */
  if (job->jurisdiction_id != NULL && *job->jurisdiction_id != '\0' && form_body == NULL)
    civic_open311_form_add (q, "jurisdiction_id", job->jurisdiction_id);
  if (q->len > 0)
    g_string_append_printf (url, "?%s", q->str);
  msg = soup_message_new (method, url->str);
  if (msg == NULL)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "“%s” is not a web address an Open311 endpoint can have", url->str);
      return NULL;
    }
  if (form_body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (form_body, strlen (form_body));

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    }
  body = soup_session_send_and_read (job->session, msg, job->cancellable, &local_error);
  civic_open311_client_count_request (job->client);
  if (body == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_NETWORK,
                     "The city's Open311 service at %s cannot be reached: %s",
                     job->base_url, local_error->message);
      return NULL;
    }
  code = soup_message_get_status (msg);
  *status = code;
  if (code >= 200 && code < 300)
    return g_steal_pointer (&body);

  reason = civic_open311_parse_error_text (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  if (reason == NULL)
    reason = g_strdup_printf ("HTTP %u %s", code, soup_status_get_phrase (code));
  switch (code)
    {
    case 401:
    case 403:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FORBIDDEN,
                   "The city refused the request (check the api key): %s", reason);
      break;
    case 404:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND,
                   "The city's Open311 service has no %s: %s", path, reason);
      break;
    case 400:
    case 406:
    case 415:
    case 422:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "The city did not accept the request: %s", reason);
      break;
    default:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FAILED,
                   "The city's Open311 service has a problem right now: %s", reason);
      break;
    }
  return NULL;
}

typedef struct
{
  CivicOpen311Client *client;
  guint               stored;
} Progress;

static gboolean
emit_progress_cb (gpointer data)
{
  Progress *p = data;

  g_signal_emit (p->client, signals[PROGRESS], 0, p->stored);
  g_object_unref (p->client);
  g_free (p);
  return G_SOURCE_REMOVE;
}

void
civic_open311_job_progress (CivicOpen311Job *job)
{
  Progress *p = g_new0 (Progress, 1);

  p->client = g_object_ref (job->client);
  p->stored = job->stored;
  g_main_context_invoke (job->context, emit_progress_cb, p);
}

typedef struct
{
  CivicOpen311Client *client;
  char               *token;
} Waiting;

static gboolean
emit_waiting_cb (gpointer data)
{
  Waiting *w = data;

  g_signal_emit (w->client, signals[WAITING_FOR_NUMBER], 0, w->token);
  g_object_unref (w->client);
  g_free (w->token);
  g_free (w);
  return G_SOURCE_REMOVE;
}

void
civic_open311_job_waiting_for_number (CivicOpen311Job *job,
                                      const char      *token)
{
  Waiting *w = g_new0 (Waiting, 1);

  w->client = g_object_ref (job->client);
  w->token = g_strdup (token);
  g_main_context_invoke (job->context, emit_waiting_cb, w);
}

/* ---- GObject ----------------------------------------------------------------- */

static void
civic_open311_client_dispose (GObject *object)
{
  CivicOpen311Client *self = CIVIC_OPEN311_CLIENT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (civic_open311_client_parent_class)->dispose (object);
}

static void
civic_open311_client_finalize (GObject *object)
{
  CivicOpen311Client *self = CIVIC_OPEN311_CLIENT (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->city_tz, g_time_zone_unref);
  g_free (self->base_url);
  g_free (self->jurisdiction_id);
  g_free (self->api_key);
  G_OBJECT_CLASS (civic_open311_client_parent_class)->finalize (object);
}

static void
civic_open311_client_class_init (CivicOpen311ClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = civic_open311_client_dispose;
  object_class->finalize = civic_open311_client_finalize;

  /**
   * CivicOpen311Client::progress:
   * @stored: cases stored by the running pull so far
   */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * CivicOpen311Client::waiting-for-number:
   * @token: what the city answered a submission with instead of its number
   *
   * A submission is polling the token, so a dialog can say why it waits.
   */
  signals[WAITING_FOR_NUMBER] = g_signal_new ("waiting-for-number", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
civic_open311_client_init (CivicOpen311Client *self)
{
  self->cancellable = g_cancellable_new ();
  self->page_size = 200;
  self->token_timeout_s = 60;
}

/* ---- public API ------------------------------------------------------------ */

CivicOpen311Client *
civic_open311_client_new (const char *base_url,
                          const char *jurisdiction_id,
                          const char *api_key,
                          CivicStore *store)
{
  CivicOpen311Client *self;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  self = g_object_new (CIVIC_TYPE_OPEN311_CLIENT, NULL);
  self->base_url = g_strdup (base_url);
  self->jurisdiction_id = jurisdiction_id != NULL && *jurisdiction_id != '\0' ? g_strdup (jurisdiction_id) : NULL;
  self->api_key = api_key != NULL && *api_key != '\0' ? g_strdup (api_key) : NULL;
  self->store = g_object_ref (store);
  return self;
}

const char *
civic_open311_client_get_base_url (CivicOpen311Client *self)
{
  g_return_val_if_fail (CIVIC_IS_OPEN311_CLIENT (self), NULL);
  return self->base_url;
}

void
civic_open311_client_set_time_zone (CivicOpen311Client *self,
                                    const char         *tz_identifier)
{
  g_return_if_fail (CIVIC_IS_OPEN311_CLIENT (self));
  g_clear_pointer (&self->city_tz, g_time_zone_unref);
  if (tz_identifier != NULL)
    self->city_tz = g_time_zone_new_identifier (tz_identifier);
}

void
civic_open311_client_set_page_size (CivicOpen311Client *self,
                                    guint               page_size)
{
  g_return_if_fail (CIVIC_IS_OPEN311_CLIENT (self));
  self->page_size = CLAMP (page_size, 1, 1000);
}

void
civic_open311_client_set_page_cap (CivicOpen311Client *self,
                                   guint               page_cap)
{
  g_return_if_fail (CIVIC_IS_OPEN311_CLIENT (self));
  self->page_cap = page_cap;
}

void
civic_open311_client_set_since (CivicOpen311Client *self,
                                gint64              since)
{
  g_return_if_fail (CIVIC_IS_OPEN311_CLIENT (self));
  self->since = since;
}

void
civic_open311_client_set_token_timeout (CivicOpen311Client *self,
                                        guint               seconds)
{
  g_return_if_fail (CIVIC_IS_OPEN311_CLIENT (self));
  self->token_timeout_s = seconds;
}

guint
civic_open311_client_get_requests_made (CivicOpen311Client *self)
{
  g_return_val_if_fail (CIVIC_IS_OPEN311_CLIENT (self), 0);
  return (guint) g_atomic_int_get (&self->requests_made);
}

static void
pull_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CivicOpen311Job *job = task_data;
  GError *error = NULL;

  if (!civic_open311_job_open (job, &error) || !civic_open311_pull_run (job, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, job->stored);
}

void
civic_open311_client_pull_async (CivicOpen311Client  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CIVIC_IS_OPEN311_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, civic_open311_client_pull_async);
  g_task_set_task_data (task, civic_open311_job_new (self, cancellable), (GDestroyNotify) civic_open311_job_free);
  g_task_run_in_thread (task, pull_thread);
}

gboolean
civic_open311_client_pull_finish (CivicOpen311Client  *self,
                                  GAsyncResult        *result,
                                  guint               *n_cases,
                                  GError             **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == civic_open311_client_pull_async, FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n_cases != NULL)
    *n_cases = n > 0 ? (guint) n : 0;
  return n >= 0;
}

static void
services_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  CivicOpen311Job *job = task_data;
  GError *error = NULL;
  guint n = 0;

  if (!civic_open311_job_open (job, &error) || !civic_open311_pull_services_run (job, &n, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

void
civic_open311_client_pull_services_async (CivicOpen311Client  *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CIVIC_IS_OPEN311_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, civic_open311_client_pull_services_async);
  g_task_set_task_data (task, civic_open311_job_new (self, cancellable), (GDestroyNotify) civic_open311_job_free);
  g_task_run_in_thread (task, services_thread);
}

gboolean
civic_open311_client_pull_services_finish (CivicOpen311Client  *self,
                                           GAsyncResult        *result,
                                           guint               *n_services,
                                           GError             **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == civic_open311_client_pull_services_async, FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n_services != NULL)
    *n_services = n > 0 ? (guint) n : 0;
  return n >= 0;
}

CivicOpen311Definition *
civic_open311_client_lookup_definition (CivicOpen311Client  *self,
                                        const char          *service_code,
                                        GError             **error)
{
  g_autofree char *key = NULL;
  g_autofree char *json = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (CIVIC_IS_OPEN311_CLIENT (self), NULL);

  key = g_strconcat (CIVIC_OPEN311_META_DEFINITION, service_code, NULL);
  json = civic_store_get_meta (self->store, key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (json == NULL)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND,
                   "The questions of service “%s” have not been read from the city yet", service_code);
      return NULL;
    }
  return civic_open311_parse_definition (json, strlen (json), CIVIC_OPEN311_FORMAT_JSON, error);
}
