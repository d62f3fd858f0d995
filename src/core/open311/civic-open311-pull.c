/* civic-open311-pull.c: the worker side of pulling a city into the store
 *
 * What the endpoint can do is probed once per store and kept in meta: the
 * format (discovery, else whether requests.json answers), whether it
 * honours updated_after and page/page_size, and how many rows one answer
 * holds at most. With both extensions a pull pages through everything
 * updated since the last pull; without them it walks back in windows of
 * requested_datetime (Open311 allows at most 90 days), halving a window
 * that comes back full. After every stored answer the resume point is
 * written in the same transaction as the cases, so a cancelled or crashed
 * pull continues where it stopped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include "civic-error.h"
#include "civic-open311-client-private.h"

#define DAY_S        (24 * 3600)
#define MAX_WINDOW_S (90 * DAY_S)
#define MIN_WINDOW_S 3600
#define DEFAULT_CAP  1000

/* Page caps real endpoints use; an undated answer of exactly this many
 * rows is taken as the cap. */
static const guint common_caps[] = { 50, 100, 200, 250, 500, 1000 };

typedef enum
{
  MODE_PAGES,
  MODE_WINDOWS,
} PullMode;

/* ---- small helpers ---------------------------------------------------------- */

static char *
meta_get (CivicOpen311Job *job,
          const char      *key)
{
  return civic_store_get_meta (job->store, key, NULL);
}

static gint64
meta_get_int (CivicOpen311Job *job,
              const char      *key,
              gint64           fallback)
{
  g_autofree char *text = meta_get (job, key);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : fallback;
}

static gboolean
meta_set_int (CivicOpen311Job  *job,
              const char       *key,
              gint64            value,
              GError          **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return civic_store_set_meta (job->store, key, text, error);
}

/* The resume point: "name=value;…" of integers. */
static gint64
state_get (const char *state,
           const char *name,
           gint64      fallback)
{
  g_auto(GStrv) parts = g_strsplit (state != NULL ? state : "", ";", -1);
  gsize len = strlen (name);
  guint i;

  for (i = 0; parts[i] != NULL; i++)
    if (strncmp (parts[i], name, len) == 0 && parts[i][len] == '=')
      return g_ascii_strtoll (parts[i] + len + 1, NULL, 10);
  return fallback;
}

/* GET a list of requests; NULL on error. */
static GPtrArray *
get_requests (CivicOpen311Job  *job,
              const char       *query,
              GError          **error)
{
  g_autofree char *path = g_strdup_printf ("requests.%s", civic_open311_format_ext (job->format));
  g_autoptr(GBytes) body = NULL;
  guint status;

  body = civic_open311_job_send (job, "GET", path, query, NULL, &status, error);
  if (body == NULL)
    return NULL;
  return civic_open311_parse_requests (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                       job->format, job->city_tz, error);
}

static char *
time_param (const char *name,
            gint64      t)
{
  g_autofree char *text = civic_open311_format_datetime (t);
  g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);

  return g_strdup_printf ("%s=%s", name, escaped);
}

static gboolean
is_cancelled (GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---- probing ---------------------------------------------------------------- */

gboolean
civic_open311_detect_format (CivicOpen311Job  *job,
                             GError          **error)
{
  g_autofree char *known = meta_get (job, CIVIC_OPEN311_META_FORMAT);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gboolean json = FALSE, xml = FALSE;
  guint status;

  if (known != NULL)
    {
      job->format = g_str_equal (known, "xml") ? CIVIC_OPEN311_FORMAT_XML : CIVIC_OPEN311_FORMAT_JSON;
      return TRUE;
    }

  /* discovery says it when the city publishes one */
  body = civic_open311_job_send (job, "GET", "discovery.json", NULL, NULL, &status, &local_error);
  if (body == NULL && is_cancelled (local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (body != NULL &&
      civic_open311_parse_discovery (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                     CIVIC_OPEN311_FORMAT_JSON, &json, &xml, NULL) && (json || xml))
    {
      job->format = json ? CIVIC_OPEN311_FORMAT_JSON : CIVIC_OPEN311_FORMAT_XML;
      return civic_store_set_meta (job->store, CIVIC_OPEN311_META_FORMAT,
                                   civic_open311_format_ext (job->format), error);
    }
  g_clear_error (&local_error);
  g_clear_pointer (&body, g_bytes_unref);

  /* else: JSON unless requests.json is missing, refused or not JSON */
  job->format = CIVIC_OPEN311_FORMAT_JSON;
  rows = get_requests (job, NULL, &local_error);
  if (rows == NULL)
    {
      if (is_cancelled (local_error) || g_error_matches (local_error, CIVIC_ERROR, CIVIC_ERROR_NETWORK) ||
          g_error_matches (local_error, CIVIC_ERROR, CIVIC_ERROR_FORBIDDEN))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_error (&local_error);
      job->format = CIVIC_OPEN311_FORMAT_XML;
      rows = get_requests (job, NULL, &local_error);
      if (rows == NULL)
        {
          if (!is_cancelled (local_error))
            g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FAILED,
                         "The address %s does not answer like an Open311 endpoint "
                         "(neither requests.json nor requests.xml): %s",
                         job->base_url, local_error->message);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return civic_store_set_meta (job->store, CIVIC_OPEN311_META_FORMAT,
                               civic_open311_format_ext (job->format), error);
}

/* Rows of a probe, or NULL when the endpoint refuses the parameters (a
 * refusal is an answer here, not an error). */
static GPtrArray *
probe (CivicOpen311Job  *job,
       const char       *query,
       GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *rows = get_requests (job, query, &local_error);

  if (rows == NULL && (is_cancelled (local_error) ||
                       g_error_matches (local_error, CIVIC_ERROR, CIVIC_ERROR_NETWORK)))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return rows;
}

static gboolean
probe_mode (CivicOpen311Job  *job,
            PullMode         *mode,
            guint            *cap,
            GError          **error)
{
  g_autofree char *known = meta_get (job, CIVIC_OPEN311_META_MODE);
  g_autofree char *future = time_param ("updated_after", g_get_real_time () / G_USEC_PER_SEC + 5 * 365 * DAY_S);
  g_autofree char *epoch = time_param ("updated_after", 0);
  g_autofree char *q = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  gboolean updated_after, paging;
  GError *local_error = NULL;
  guint i;

  if (known != NULL)
    {
      *mode = g_str_equal (known, "pages") ? MODE_PAGES : MODE_WINDOWS;
      *cap = job->page_cap > 0 ? job->page_cap : (guint) meta_get_int (job, CIVIC_OPEN311_META_CAP, DEFAULT_CAP);
      return TRUE;
    }

  /* updated_after is honoured when the far future finds nothing and the
   * epoch finds something */
  q = g_strdup_printf ("%s&page_size=1", future);
  none = probe (job, q, &local_error);
  g_free (q);
  q = g_strdup_printf ("%s&page_size=2", epoch);
  if (local_error == NULL)
    all = probe (job, q, &local_error);
  g_free (q);
  updated_after = none != NULL && none->len == 0 && all != NULL && all->len > 0;

  /* paging is honoured when page 2 of size 1 is the second row of page 1 */
  q = g_strdup_printf ("%s%spage=1&page_size=2", updated_after ? epoch : "", updated_after ? "&" : "");
  if (local_error == NULL)
    p1 = probe (job, q, &local_error);
  g_free (q);
  q = g_strdup_printf ("%s%spage=2&page_size=1", updated_after ? epoch : "", updated_after ? "&" : "");
  if (local_error == NULL && p1 != NULL && p1->len == 2)
    p2 = probe (job, q, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  paging = p1 != NULL && p1->len == 2 && p2 != NULL && p2->len == 1 &&
           g_strcmp0 (civic_case_get_service_request_id (g_ptr_array_index (p1, 1)),
                      civic_case_get_service_request_id (g_ptr_array_index (p2, 0))) == 0;
  *mode = updated_after && paging ? MODE_PAGES : MODE_WINDOWS;
  g_debug ("Open311 endpoint %s: updated_after %s, paging %s", job->base_url,
           updated_after ? "honoured" : "ignored", paging ? "honoured" : "ignored");

  *cap = DEFAULT_CAP;
  if (job->page_cap > 0)
    *cap = job->page_cap;
  else if (*mode == MODE_WINDOWS)
    {
      g_autoptr(GPtrArray) plain = probe (job, NULL, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      for (i = 0; plain != NULL && i < G_N_ELEMENTS (common_caps); i++)
        if (plain->len == common_caps[i])
          *cap = plain->len;
    }
  return civic_store_set_meta (job->store, CIVIC_OPEN311_META_MODE,
                               *mode == MODE_PAGES ? "pages" : "windows", error) &&
         meta_set_int (job, CIVIC_OPEN311_META_CAP, *cap, error);
}

/* ---- storing one answer ----------------------------------------------------- */

/* The city knows nothing of what this desk adds to a case (tags, who has
 * it, priority, the reporter it phoned in), so a re-pull must not wipe it:
 * those fields are carried over from the stored case. */
void
civic_open311_keep_desk_fields (CivicStore *store,
                                GPtrArray  *cases)
{
  guint i;

  for (i = 0; i < cases->len; i++)
    {
      CivicCase *c = g_ptr_array_index (cases, i);
      g_autoptr(CivicCase) old = civic_store_get_case (store, civic_case_get_service_request_id (c), NULL);

      if (old == NULL)
        continue;
      civic_case_set_tags (c, civic_case_get_tags (old));
      civic_case_set_assignee (c, civic_case_get_assignee (old));
      civic_case_set_department (c, civic_case_get_department (old));
      civic_case_set_priority (c, civic_case_get_priority (old));
      civic_case_set_channel (c, civic_case_get_channel (old));
      civic_case_set_duplicate_of (c, civic_case_get_duplicate_of (old));
      civic_case_set_reporter_name (c, civic_case_get_reporter_name (old));
      civic_case_set_reporter_email (c, civic_case_get_reporter_email (old));
      civic_case_set_reporter_phone (c, civic_case_get_reporter_phone (old));
      civic_case_set_version (c, civic_case_get_version (old));
    }
}

/* The cases and the new resume point land together or not at all. */
static gboolean
store_answer (CivicOpen311Job  *job,
              GPtrArray        *cases,
              const char       *state,
              GError          **error)
{
  if (!civic_store_begin (job->store, error))
    return FALSE;
  civic_open311_keep_desk_fields (job->store, cases);
  if ((cases->len > 0 && !civic_store_put_cases (job->store, cases, error)) ||
      !civic_store_set_meta (job->store, CIVIC_OPEN311_META_PULL, state, error) ||
      !civic_store_commit (job->store, error))
    {
      civic_store_rollback (job->store);
      return FALSE;
    }
  job->stored += cases->len;
  civic_open311_job_progress (job);
  return TRUE;
}

/* ---- paging with updated_after --------------------------------------------- */

static gboolean
pull_pages (CivicOpen311Job  *job,
            GError          **error)
{
  g_autofree char *state = meta_get (job, CIVIC_OPEN311_META_PULL);
  gboolean resuming = state != NULL && g_str_has_prefix (state, "mode=pages;");
  gint64 after = resuming ? state_get (state, "after", 0) : meta_get_int (job, CIVIC_OPEN311_META_CURSOR, 0);
  gint64 page = resuming ? state_get (state, "page", 1) : 1;
  gint64 newest = resuming ? state_get (state, "newest", after) : after;
  g_autofree char *after_param = time_param ("updated_after", after);
  guint longest = 0;

  for (;;)
    {
      g_autofree char *q = g_strdup_printf ("%s&page=%" G_GINT64_FORMAT "&page_size=%u",
                                            after_param, page, job->page_size);
      g_autofree char *next = NULL;
      g_autoptr(GPtrArray) cases = NULL;
      guint i;

      if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
        return FALSE;
      cases = get_requests (job, q, error);
      if (cases == NULL)
        return FALSE;
      for (i = 0; i < cases->len; i++)
        newest = MAX (newest, civic_case_get_updated_datetime (g_ptr_array_index (cases, i)));
      page++;
      next = g_strdup_printf ("mode=pages;after=%" G_GINT64_FORMAT ";page=%" G_GINT64_FORMAT
                              ";newest=%" G_GINT64_FORMAT, after, page, newest);
      if (!store_answer (job, cases, next, error))
        return FALSE;
      /* An endpoint may cap page_size below what was asked: a short page
       * ends the pull only once a longer one showed the real size. */
      if (cases->len == 0 || (cases->len < job->page_size && cases->len < longest))
        break;
      longest = MAX (longest, cases->len);
    }

  /* done: the next pull asks only for what changed since the newest seen */
  if (!civic_store_begin (job->store, error))
    return FALSE;
  if (!meta_set_int (job, CIVIC_OPEN311_META_CURSOR, newest, error) ||
      !civic_store_set_meta (job->store, CIVIC_OPEN311_META_PULL, NULL, error) ||
      !civic_store_commit (job->store, error))
    {
      civic_store_rollback (job->store);
      return FALSE;
    }
  return TRUE;
}

/* ---- walking back in date windows ------------------------------------------- */

static gboolean
pull_windows (CivicOpen311Job  *job,
              guint             cap,
              GError          **error)
{
  g_autofree char *state = meta_get (job, CIVIC_OPEN311_META_PULL);
  gboolean resuming = state != NULL && g_str_has_prefix (state, "mode=windows;");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 since = job->since > 0 ? job->since : now - 365 * DAY_S;
  gint64 walked = meta_get_int (job, CIVIC_OPEN311_META_WALKED, 0);
  /* a later walk refreshes the last 90 days before the previous one */
  gint64 stop = walked > 0 ? MAX (since, walked - MAX_WINDOW_S) : since;
  gint64 started = now, end = now + DAY_S, size = MAX_WINDOW_S;

  if (resuming)
    {
      started = state_get (state, "started", now);
      end = state_get (state, "end", end);
      size = state_get (state, "size", size);
      stop = state_get (state, "stop", stop);
    }

  while (end > stop)
    {
      gint64 start = MAX (end - size, stop);
      g_autofree char *from = time_param ("start_date", start);
      g_autofree char *to = time_param ("end_date", end);
      g_autofree char *q = g_strconcat (from, "&", to, NULL);
      g_autofree char *next = NULL;
      g_autoptr(GPtrArray) cases = NULL;

      if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
        return FALSE;
      cases = get_requests (job, q, error);
      if (cases == NULL)
        return FALSE;
      /* more than the cap thought: the real cap is at least this */
      if (cases->len > cap)
        {
          cap = cases->len;
          if (!meta_set_int (job, CIVIC_OPEN311_META_CAP, cap, error))
            return FALSE;
        }
      /* a full answer may have left rows out: ask for half the window */
      if (cases->len >= cap && end - start > MIN_WINDOW_S)
        {
          size = MAX ((end - start) / 2, MIN_WINDOW_S);
          continue;
        }
      end = start;
      size = MIN (size * 2, MAX_WINDOW_S);
      next = g_strdup_printf ("mode=windows;started=%" G_GINT64_FORMAT ";end=%" G_GINT64_FORMAT
                              ";size=%" G_GINT64_FORMAT ";stop=%" G_GINT64_FORMAT,
                              started, end, size, stop);
      if (!store_answer (job, cases, next, error))
        return FALSE;
    }

  if (!civic_store_begin (job->store, error))
    return FALSE;
  if (!meta_set_int (job, CIVIC_OPEN311_META_WALKED, started, error) ||
      !civic_store_set_meta (job->store, CIVIC_OPEN311_META_PULL, NULL, error) ||
      !civic_store_commit (job->store, error))
    {
      civic_store_rollback (job->store);
      return FALSE;
    }
  return TRUE;
}

gboolean
civic_open311_pull_run (CivicOpen311Job  *job,
                        GError          **error)
{
  PullMode mode;
  guint cap;

  if (!civic_open311_detect_format (job, error) || !probe_mode (job, &mode, &cap, error))
    return FALSE;
  if (mode == MODE_PAGES)
    return pull_pages (job, error);
  return pull_windows (job, cap, error);
}

/* ---- services and definitions ------------------------------------------------ */

gboolean
civic_open311_pull_services_run (CivicOpen311Job  *job,
                                 guint            *n_services,
                                 GError          **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) definitions = g_ptr_array_new_with_free_func ((GDestroyNotify) civic_open311_definition_free);
  guint status, i;

  if (!civic_open311_detect_format (job, error))
    return FALSE;
  path = g_strdup_printf ("services.%s", civic_open311_format_ext (job->format));
  body = civic_open311_job_send (job, "GET", path, NULL, NULL, &status, error);
  if (body == NULL)
    return FALSE;
  services = civic_open311_parse_services (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                           job->format, error);
  if (services == NULL)
    return FALSE;

  for (i = 0; i < services->len; i++)
    {
      CivicService *service = g_ptr_array_index (services, i);
      g_autofree char *escaped = NULL;
      g_autofree char *def_path = NULL;
      g_autoptr(GBytes) def_body = NULL;
      g_autoptr(GError) local_error = NULL;
      CivicOpen311Definition *def;

      if (!civic_service_get_metadata (service))
        continue;
      escaped = g_uri_escape_string (civic_service_get_code (service), NULL, FALSE);
      def_path = g_strdup_printf ("services/%s.%s", escaped, civic_open311_format_ext (job->format));
      def_body = civic_open311_job_send (job, "GET", def_path, NULL, NULL, &status, &local_error);
      if (def_body == NULL)
        {
          /* cities often flag metadata they do not publish: no questions then */
          if (g_error_matches (local_error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      def = civic_open311_parse_definition (g_bytes_get_data (def_body, NULL), g_bytes_get_size (def_body),
                                            job->format, NULL);
      if (def == NULL)
        continue;
      g_free (def->service_code);
      def->service_code = g_strdup (civic_service_get_code (service));
      g_ptr_array_add (definitions, def);
    }

  if (!civic_store_begin (job->store, error))
    return FALSE;
  if (!civic_store_put_services (job->store, services, error))
    {
      civic_store_rollback (job->store);
      return FALSE;
    }
  for (i = 0; i < definitions->len; i++)
    {
      CivicOpen311Definition *def = g_ptr_array_index (definitions, i);
      g_autofree char *key = g_strconcat (CIVIC_OPEN311_META_DEFINITION, def->service_code, NULL);
      g_autofree char *json = civic_open311_definition_to_json (def);

      if (!civic_store_set_meta (job->store, key, json, error))
        {
          civic_store_rollback (job->store);
          return FALSE;
        }
    }
  if (!civic_store_commit (job->store, error))
    {
      civic_store_rollback (job->store);
      return FALSE;
    }
  *n_services = services->len;
  return TRUE;
}
