/* civic-open311-submit.c: a new request to the city, and its token
 *
 * The answers are checked against the stored definition before anything
 * is sent, so the clerk hears about a missing answer in words; the POST is
 * form-encoded as GeoReport v2 asks (attribute[code], attribute[code][]);
 * a token is polled with backoff until the city names the request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include "civic-error.h"
#include "civic-open311-client-private.h"

/* ---- submissions ------------------------------------------------------- */

CivicOpen311Submission *
civic_open311_submission_new (void)
{
  CivicOpen311Submission *sub = g_new0 (CivicOpen311Submission, 1);

  sub->attributes = civic_open311_answers_new ();
  return sub;
}

static CivicOpen311Submission *
submission_copy (const CivicOpen311Submission *sub)
{
  CivicOpen311Submission *copy = g_new0 (CivicOpen311Submission, 1);
  GHashTableIter iter;
  gpointer key, value;

  *copy = *sub;
  copy->service_code = g_strdup (sub->service_code);
  copy->address_string = g_strdup (sub->address_string);
  copy->address_id = g_strdup (sub->address_id);
  copy->description = g_strdup (sub->description);
  copy->email = g_strdup (sub->email);
  copy->first_name = g_strdup (sub->first_name);
  copy->last_name = g_strdup (sub->last_name);
  copy->phone = g_strdup (sub->phone);
  copy->device_id = g_strdup (sub->device_id);
  copy->account_id = g_strdup (sub->account_id);
  copy->media_url = g_strdup (sub->media_url);
  copy->attributes = civic_open311_answers_new ();
  if (sub->attributes != NULL)
    {
      g_hash_table_iter_init (&iter, sub->attributes);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          GPtrArray *values = value;
          guint i;

          for (i = 0; i < values->len; i++)
            civic_open311_answers_add (copy->attributes, key, g_ptr_array_index (values, i));
        }
    }
  return copy;
}

void
civic_open311_submission_free (CivicOpen311Submission *sub)
{
  if (sub == NULL)
    return;
  g_free (sub->service_code);
  g_free (sub->address_string);
  g_free (sub->address_id);
  g_free (sub->description);
  g_free (sub->email);
  g_free (sub->first_name);
  g_free (sub->last_name);
  g_free (sub->phone);
  g_free (sub->device_id);
  g_free (sub->account_id);
  g_free (sub->media_url);
  g_clear_pointer (&sub->attributes, g_hash_table_unref);
  g_free (sub);
}

/* ---- submitting ----------------------------------------------------------- */

typedef struct
{
  CivicOpen311Job        *job;
  CivicOpen311Submission *sub;
} SubmitData;

static void
submit_data_free (gpointer data)
{
  SubmitData *d = data;

  civic_open311_job_free (d->job);
  civic_open311_submission_free (d->sub);
  g_free (d);
}

/* Checks the answers against the stored definition, in the clerk's words. */
static gboolean
check_submission (CivicOpen311Job         *job,
                  CivicOpen311Submission  *sub,
                  CivicOpen311Definition **def_out,
                  GError                 **error)
{
  g_autofree char *key = NULL;
  g_autofree char *json = NULL;
  g_autoptr(CivicOpen311Definition) def = NULL;
  guint kinds, i, j;

  if (sub->service_code == NULL || *sub->service_code == '\0')
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "Choose the kind of request (the service) first");
      return FALSE;
    }
  kinds = (sub->has_location ? 1 : 0) + (sub->address_string != NULL && *sub->address_string != '\0') +
          (sub->address_id != NULL && *sub->address_id != '\0');
  if (kinds != 1)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   kinds == 0 ? "Give a location: a point on the map, an address or an address id"
                              : "Give only one kind of location: a point, an address or an address id");
      return FALSE;
    }

  key = g_strconcat (CIVIC_OPEN311_META_DEFINITION, sub->service_code, NULL);
  json = civic_store_get_meta (job->store, key, NULL);
  if (json == NULL)
    return TRUE;
  def = civic_open311_parse_definition (json, strlen (json), CIVIC_OPEN311_FORMAT_JSON, NULL);
  for (i = 0; def != NULL && i < def->attributes->len; i++)
    {
      CivicOpen311Attribute *a = g_ptr_array_index (def->attributes, i);
      GPtrArray *values = sub->attributes != NULL ? g_hash_table_lookup (sub->attributes, a->code) : NULL;

      if (!a->variable)
        continue;
      if (a->required && (values == NULL || values->len == 0))
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "“%s” must be answered",
                       a->description != NULL && *a->description != '\0' ? a->description : a->code);
          return FALSE;
        }
      for (j = 0; values != NULL && j < values->len; j++)
        if (!civic_open311_check_value (a, g_ptr_array_index (values, j), error))
          return FALSE;
    }
  *def_out = g_steal_pointer (&def);
  return TRUE;
}

static char *
submission_form (CivicOpen311Job        *job,
                 CivicOpen311Submission *sub,
                 CivicOpen311Definition *def)
{
  GString *form = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  civic_open311_form_add (form, "api_key", job->api_key);
  if (job->jurisdiction_id != NULL && *job->jurisdiction_id != '\0')
    civic_open311_form_add (form, "jurisdiction_id", job->jurisdiction_id);
  civic_open311_form_add (form, "service_code", sub->service_code);
  if (sub->has_location)
    {
      civic_open311_form_add (form, "lat", g_ascii_dtostr (buf, sizeof buf, sub->lat));
      civic_open311_form_add (form, "long", g_ascii_dtostr (buf, sizeof buf, sub->lon));
    }
  else if (sub->address_string != NULL && *sub->address_string != '\0')
    civic_open311_form_add (form, "address_string", sub->address_string);
  else
    civic_open311_form_add (form, "address_id", sub->address_id);
  civic_open311_form_add (form, "description", sub->description);
  civic_open311_form_add (form, "email", sub->email);
  civic_open311_form_add (form, "first_name", sub->first_name);
  civic_open311_form_add (form, "last_name", sub->last_name);
  civic_open311_form_add (form, "phone", sub->phone);
  civic_open311_form_add (form, "device_id", sub->device_id);
  civic_open311_form_add (form, "account_id", sub->account_id);
  civic_open311_form_add (form, "media_url", sub->media_url);
  if (sub->attributes != NULL)
    {
      g_hash_table_iter_init (&iter, sub->attributes);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          GPtrArray *values = value;
          g_autofree char *one = g_strdup_printf ("attribute[%s]", (const char *) key);
          g_autofree char *many = g_strdup_printf ("attribute[%s][]", (const char *) key);
          CivicOpen311Attribute *a = def != NULL ? civic_open311_definition_lookup (def, key) : NULL;
          gboolean multi = a != NULL ? a->datatype == CIVIC_OPEN311_DATATYPE_MULTIVALUELIST : values->len > 1;
          guint i;

          /* a multivaluelist answer goes as attribute[code][], even with one choice */
          for (i = 0; i < values->len; i++)
            civic_open311_form_add (form, multi ? many : one, g_ptr_array_index (values, i));
        }
    }
  return g_string_free (form, FALSE);
}

/* Waits @ms, waking early when the job is cancelled. */
static gboolean
job_sleep (CivicOpen311Job  *job,
           guint             ms,
           GError          **error)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
        return FALSE;
      g_usleep (MIN (20000, MAX (0, until - g_get_monotonic_time ())));
    }
  return !g_cancellable_set_error_if_cancelled (job->cancellable, error);
}

/* tokens/{token} until the city names the request: 0.25 s, doubling to 8 s. */
static char *
poll_token (CivicOpen311Job  *job,
            const char       *token,
            GError          **error)
{
  g_autofree char *escaped = g_uri_escape_string (token, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("tokens/%s.%s", escaped, civic_open311_format_ext (job->format));
  gint64 deadline = g_get_monotonic_time () + (gint64) job->token_timeout_s * G_USEC_PER_SEC;
  guint delay = 250;

  for (;;)
    {
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *id = NULL;
      guint status;

      body = civic_open311_job_send (job, "GET", path, NULL, NULL, &status, &local_error);
      if (body != NULL &&
          civic_open311_parse_submitted (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                         job->format, &id, NULL, NULL, NULL) && id != NULL)
        return g_steal_pointer (&id);
      /* 404 means "not yet" for a token; anything but a network blip is final */
      if (body == NULL && status != 404 && !g_error_matches (local_error, CIVIC_ERROR, CIVIC_ERROR_NETWORK))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (g_get_monotonic_time () + (gint64) delay * 1000 > deadline)
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FAILED,
                       "The city accepted the request but has not given it a number yet "
                       "(token %s); it will show up in the next sync", token);
          return NULL;
        }
      if (!job_sleep (job, delay, error))
        return NULL;
      delay = MIN (delay * 2, 8000);
    }
}

/* What the desk knows of a request the city has not shown back yet. */
static CivicCase *
case_from_submission (CivicOpen311Submission *sub,
                      const char             *id,
                      const char             *notice)
{
  CivicCase *kase = civic_case_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  civic_case_set_service_request_id (kase, id);
  civic_case_set_state (kase, CIVIC_CASE_STATE_NEW);
  civic_case_set_service_code (kase, sub->service_code);
  civic_case_set_description (kase, sub->description);
  civic_case_set_service_notice (kase, notice);
  civic_case_set_address (kase, sub->address_string);
  civic_case_set_address_id (kase, sub->address_id);
  civic_case_set_media_url (kase, sub->media_url);
  civic_case_set_requested_datetime (kase, now);
  civic_case_set_updated_datetime (kase, now);
  civic_case_set_channel (kase, CIVIC_CHANNEL_WEB);
  if (sub->has_location)
    {
      civic_case_set_lat (kase, sub->lat);
      civic_case_set_long (kase, sub->lon);
    }
  return kase;
}

static void
submit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SubmitData *d = task_data;
  CivicOpen311Job *job = d->job;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(CivicCase) kase = NULL;
  g_autoptr(CivicOpen311Definition) def = NULL;
  g_autofree char *form = NULL;
  g_autofree char *path = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *notice = NULL;
  guint status;

  if (!civic_open311_job_open (job, &error) ||
      !check_submission (job, d->sub, &def, &error) ||
      !civic_open311_detect_format (job, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  form = submission_form (job, d->sub, def);
  path = g_strdup_printf ("requests.%s", civic_open311_format_ext (job->format));
  body = civic_open311_job_send (job, "POST", path, NULL, form, &status, &error);
  if (body == NULL ||
      !civic_open311_parse_submitted (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                      job->format, &id, &token, &notice, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (id == NULL && token == NULL)
    {
      g_task_return_new_error (task, CIVIC_ERROR, CIVIC_ERROR_FAILED,
                               "The city accepted the request but gave neither a number nor a token");
      return;
    }
  if (id == NULL)
    {
      civic_open311_job_waiting_for_number (job, token);
      id = poll_token (job, token, &error);
      if (id == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  /* the city's own record when it shows it; else what was sent */
  {
    g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
    g_autofree char *one = g_strdup_printf ("requests/%s.%s", escaped, civic_open311_format_ext (job->format));
    g_autoptr(GBytes) record = civic_open311_job_send (job, "GET", one, NULL, NULL, &status, NULL);
    g_autoptr(GPtrArray) cases = NULL;

    if (record != NULL)
      cases = civic_open311_parse_requests (g_bytes_get_data (record, NULL), g_bytes_get_size (record),
                                            job->format, job->city_tz, NULL);
    if (cases != NULL && cases->len > 0)
      kase = g_object_ref (g_ptr_array_index (cases, 0));
    else
      kase = case_from_submission (d->sub, id, notice);
  }
  {
    g_autoptr(GPtrArray) one = g_ptr_array_new ();

    g_ptr_array_add (one, kase);
    civic_open311_keep_desk_fields (job->store, one);
  }
  if (!civic_store_put_case (job->store, kase, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&kase), g_object_unref);
}

void
civic_open311_client_submit_async (CivicOpen311Client           *self,
                                   const CivicOpen311Submission *submission,
                                   GCancellable                 *cancellable,
                                   GAsyncReadyCallback           callback,
                                   gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  SubmitData *d;

  g_return_if_fail (CIVIC_IS_OPEN311_CLIENT (self));
  g_return_if_fail (submission != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, civic_open311_client_submit_async);
  d = g_new0 (SubmitData, 1);
  d->job = civic_open311_job_new (self, cancellable);
  d->sub = submission_copy (submission);
  g_task_set_task_data (task, d, submit_data_free);
  g_task_run_in_thread (task, submit_thread);
}

CivicCase *
civic_open311_client_submit_finish (CivicOpen311Client  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == civic_open311_client_submit_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
