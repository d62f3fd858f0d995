/* civic-case-id-loader.c: the ids of a queue filter, head first, the
 * rest from a thread
 *
 * Listing every id of a big filter (half a million cases in the largest
 * department) takes 30–45 ms; the frame that shows the new rows needs
 * only the first screenful and the count. So the head and the count
 * (when quick: counting a text search costs as much as listing it; then
 * the list starts as long as its head and grows) are read on the calling thread through a second, read-only
 * connection to the same file, inside a read transaction; a thread then
 * lists every id in that same transaction and ends it. Because the
 * snapshot is the head's, the whole list agrees with the head and the
 * count even when the app wrote in between, and a refresh after that
 * write compares the right old list with the new one.
 *
 * SQLite connections may be used from any thread, one at a time: the
 * main thread touches the reader only while no thread runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-case-id-loader.h"
#include "civic-error.h"

/* the reader's page cache: it reads indexes only */
#define READER_CACHE_KIB 8192

typedef struct
{
  CivicStore      *reader;
  CivicCaseFilter *filter;
  CivicCaseSort    sort;
  GArray          *ids;     /* every id, once done */
  gint             done;    /* atomic */
  GSourceFunc      ready;
  gpointer         data;
  GDestroyNotify   destroy;
} Job;

struct _CivicCaseIdLoader
{
  char       *path;         /* of the reader's file */
  CivicStore *reader;
  gboolean    reader_failed;
  GThread    *thread;
  Job        *job;
  gboolean    growing;      /* the count was not known: n_items = the head */
};

static void
job_free (Job *job)
{
  g_clear_object (&job->reader);
  g_clear_pointer (&job->filter, civic_case_filter_free);
  g_clear_pointer (&job->ids, g_array_unref);
  g_free (job);
}

static gpointer
job_run (gpointer data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;

  job->ids = civic_store_query_case_ids (job->reader, job->filter, &job->sort, 0, 0, &error);
  if (job->ids == NULL)
    {
      if (!g_error_matches (error, CIVIC_ERROR, CIVIC_ERROR_CANCELLED))
        g_warning ("Cannot list the case queue: %s", error->message);
      job->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  civic_store_end_read (job->reader);
  g_atomic_int_set (&job->done, TRUE);
  /* the data goes with the idle, which the main context runs or frees */
  g_idle_add_full (G_PRIORITY_DEFAULT, job->ready, job->data, job->destroy);
  job->data = NULL;
  return NULL;
}

CivicCaseIdLoader *
civic_case_id_loader_new (void)
{
  return g_new0 (CivicCaseIdLoader, 1);
}

void
civic_case_id_loader_free (CivicCaseIdLoader *loader)
{
  if (loader == NULL)
    return;
  civic_case_id_loader_cancel (loader);
  g_clear_object (&loader->reader);
  g_free (loader->path);
  g_free (loader);
}

static CivicStore *
get_reader (CivicCaseIdLoader *loader,
            CivicStore        *store)
{
  g_autoptr(GError) error = NULL;
  const char *path = civic_store_get_path (store);

  if (g_strcmp0 (path, loader->path) != 0)
    {
      g_clear_object (&loader->reader);
      loader->reader_failed = FALSE;
      g_free (loader->path);
      loader->path = g_strdup (path);
    }
  if (loader->reader != NULL || loader->reader_failed)
    return loader->reader;

  loader->reader = civic_store_open_full (path, CIVIC_STORE_OPEN_READ_ONLY, &error);
  if (loader->reader == NULL)
    {
      /* a store in memory, say: every id at once, as before */
      g_debug ("No second connection for the queue: %s", error->message);
      loader->reader_failed = TRUE;
      return NULL;
    }
  civic_store_set_memory (loader->reader, 0, READER_CACHE_KIB, NULL);
  return loader->reader;
}

static GArray *
query (CivicStore            *store,
       const CivicCaseFilter *filter,
       const CivicCaseSort   *sort,
       guint                  limit)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = civic_store_query_case_ids (store, filter, sort, 0, limit, &error);

  if (ids == NULL)
    {
      g_warning ("Cannot query the case queue: %s", error->message);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  return ids;
}

GArray *
civic_case_id_loader_start (CivicCaseIdLoader     *loader,
                            CivicStore            *store,
                            const CivicCaseFilter *filter,
                            const CivicCaseSort   *sort,
                            guint                  head_size,
                            guint                 *n_items,
                            GSourceFunc            ready,
                            gpointer               data,
                            GDestroyNotify         destroy)
{
  CivicStore *reader;
  GArray *head;
  gint64 count;
  Job *job;

  civic_case_id_loader_cancel (loader);

  reader = get_reader (loader, store);
  if (reader == NULL || !civic_store_begin_read (reader, NULL))
    {
      head = query (store, filter, sort, 0);
      *n_items = head->len;
      goto whole;
    }

  head = query (reader, filter, sort, head_size);
  if (head->len < head_size)
    {
      civic_store_end_read (reader);
      *n_items = head->len;
      goto whole;
    }
  /* no quick count (a text search): listing is counting, so the list
   * starts as long as its head and grows when the thread is done */
  count = civic_store_count_cases_kept (reader, filter, NULL);
  loader->growing = count < 0;
  *n_items = count < 0 ? head->len : (guint) MAX (count, (gint64) head->len);
  job = g_new0 (Job, 1);
  job->reader = g_object_ref (reader);
  job->filter = filter != NULL ? civic_case_filter_copy (filter) : NULL;
  job->sort = *sort;
  job->ready = ready;
  job->data = data;
  job->destroy = destroy;
  loader->job = job;
  loader->thread = g_thread_new ("civic-queue-ids", job_run, job);
  return head;

whole:
  if (destroy != NULL)
    destroy (data);
  return head;
}

gboolean
civic_case_id_loader_is_pending (CivicCaseIdLoader *loader)
{
  return loader->thread != NULL;
}

gboolean
civic_case_id_loader_is_growing (CivicCaseIdLoader *loader)
{
  return loader->thread != NULL && loader->growing;
}

gboolean
civic_case_id_loader_is_done (CivicCaseIdLoader *loader)
{
  return loader->job != NULL && g_atomic_int_get (&loader->job->done);
}

GArray *
civic_case_id_loader_finish (CivicCaseIdLoader *loader)
{
  GArray *ids;

  if (loader->thread == NULL)
    return NULL;
  g_thread_join (g_steal_pointer (&loader->thread));
  loader->growing = FALSE;
  ids = g_steal_pointer (&loader->job->ids);
  g_clear_pointer (&loader->job, job_free);
  return ids;
}

void
civic_case_id_loader_cancel (CivicCaseIdLoader *loader)
{
  if (loader->thread == NULL)
    return;
  /* stops the statement the thread runs; sqlite3_interrupt is safe from
   * any thread */
  civic_store_interrupt (loader->job->reader);
  g_clear_pointer (&loader->thread, g_thread_join);
  g_clear_pointer (&loader->job, job_free);
  loader->growing = FALSE;
}
