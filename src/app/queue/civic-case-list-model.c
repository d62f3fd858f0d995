/* civic-case-list-model.c: the case queue as a lazy GListModel
 *
 * The model holds the ordered case ids the store's query gives (8 bytes a
 * case) and materialises CivicCaseRow objects only for what the list
 * asks for, a page of PAGE_SIZE at a time with one statement. Rows live
 * in a cache keyed by case id, so a re-query that only shifts positions
 * keeps the same objects; rows not asked for lately are dropped once the
 * cache grows past CACHE_MAX.
 *
 * Filtering and sorting are SQL: a new filter or sort swaps the id array
 * and emits one items-changed. A big result (the largest department holds
 * half a million cases, 30–45 ms to list every id) arrives in two steps:
 * the count and the first HEAD_SIZE ids at once, so the frame that shows
 * the new rows is not kept waiting, and the other ids from a thread (or
 * at once, should anything ask for a position past the
 * head first), from the same snapshot (civic-case-id-loader.c). A sync or a local write re-queries and
 * emits items-changed over the range between the common prefix and
 * suffix only, so a selection and the scroll position outside it stay.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include "civic-case-id-loader.h"
#include "civic-case-list-model.h"

#define PAGE_SIZE 100
#define CACHE_MAX 1000
#define HEAD_SIZE 2000

typedef struct
{
  CivicCaseRow *row;
  guint64       stamp;     /* when the list last asked for it */
  guint         position;  /* where it is listed, G_MAXUINT: unknown */
} CacheEntry;

struct _CivicCaseListModel
{
  GObject          parent_instance;

  CivicStore      *store;
  CivicCaseIdLoader *loader;
  CivicSync       *sync;
  gulong           changed_handler;

  CivicCaseFilter *filter;
  CivicCaseSort    sort;
  GArray          *ids;      /* gint64, in list order: the first ids->len */
  guint            n_items;  /* how many the filter gives: ids->len or more */
  GHashTable      *cache;    /* gint64* id → CacheEntry* */
  guint64          stamp;
};

static void civic_case_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CivicCaseListModel, civic_case_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      civic_case_list_model_iface_init))

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_object_unref (entry->row);
  g_free (entry);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* ---- GListModel ------------------------------------------------------ */

static GType
civic_case_list_model_get_item_type (GListModel *model)
{
  return CIVIC_TYPE_CASE_ROW;
}

static guint
civic_case_list_model_get_n_items (GListModel *model)
{
  CivicCaseListModel *self = CIVIC_CASE_LIST_MODEL (model);

  return self->n_items;
}

static void load_tail (CivicCaseListModel *self);

static gboolean
evict_old (gpointer key,
           gpointer value,
           gpointer user_data)
{
  CacheEntry *entry = value;
  guint64 threshold = *(guint64 *) user_data;

  /* a row a list item still holds must stay reachable: a sync updates
   * it in place, and a new filter gives it its next case */
  return entry->stamp < threshold && G_OBJECT (entry->row)->ref_count == 1;
}

/* Reads the page holding @position: the ids not cached yet, one SELECT. */
static void
load_page (CivicCaseListModel *self,
           guint               position)
{
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint start = position - position % PAGE_SIZE;
  guint end = MIN (start + PAGE_SIZE, self->ids->len);
  gint64 now = now_seconds ();

  for (guint i = start; i < end; i++)
    {
      gint64 id = g_array_index (self->ids, gint64, i);

      if (!g_hash_table_contains (self->cache, &id))
        g_array_append_val (missing, id);
    }
  if (missing->len == 0)
    return;

  rows = civic_store_get_case_summaries (self->store, (gint64 *) (void *) missing->data,
                                         missing->len, &error);
  if (rows == NULL)
    {
      g_warning ("Cannot read cases of the queue: %s", error->message);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      CivicCaseSummary *s = g_ptr_array_index (rows, i);
      CacheEntry *entry;

      if (s == NULL)
        continue;
      entry = g_new0 (CacheEntry, 1);
      entry->row = civic_case_row_new (s, now);
      entry->stamp = self->stamp;
      entry->position = G_MAXUINT;
      g_hash_table_insert (self->cache, g_memdup2 (&s->id, sizeof s->id), entry);
    }

  if (g_hash_table_size (self->cache) > CACHE_MAX)
    {
      guint64 threshold = self->stamp > CACHE_MAX / 2 ? self->stamp - CACHE_MAX / 2 : 0;

      g_hash_table_foreach_remove (self->cache, evict_old, &threshold);
    }
}

static gpointer
civic_case_list_model_get_item (GListModel *model,
                                guint       position)
{
  CivicCaseListModel *self = CIVIC_CASE_LIST_MODEL (model);
  CacheEntry *entry;
  gint64 id;

  if (position >= self->n_items || self->store == NULL)
    return NULL;
  if (position >= self->ids->len)
    load_tail (self);
  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  self->stamp++;
  entry = g_hash_table_lookup (self->cache, &id);
  if (entry == NULL)
    {
      load_page (self, position);
      entry = g_hash_table_lookup (self->cache, &id);
    }
  if (entry == NULL)
    {
      /* deleted since the query: an empty row rather than a hole */
      CivicCaseSummary gone = { .id = id };

      return civic_case_row_new (&gone, now_seconds ());
    }
  entry->stamp = self->stamp;
  entry->position = position;
  return g_object_ref (entry->row);
}

static void
civic_case_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = civic_case_list_model_get_item_type;
  iface->get_n_items = civic_case_list_model_get_n_items;
  iface->get_item = civic_case_list_model_get_item;
}

/* ---- queries --------------------------------------------------------- */

/* The first @limit ids of the filter (0 = every id). */
static GArray *
query_ids (CivicCaseListModel *self,
           guint               limit)
{
  g_autoptr(GError) error = NULL;
  GArray *ids;

  if (self->store == NULL)
    return g_array_new (FALSE, FALSE, sizeof (gint64));

  ids = civic_store_query_case_ids (self->store, self->filter, &self->sort, 0, limit, &error);
  if (ids == NULL)
    {
      g_warning ("Cannot query the case queue: %s", error->message);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  return ids;
}

/* Gives the rows the list holds at positions [0, n) the cases now at
 * those positions, in place: GTK 4.8 recycles no row widget across an
 * items-changed (and walks every added item when a row it tracks is
 * removed), so replacing a million items would cost a rebuild of every
 * row widget and one get_item per item. Rows are objects bound by
 * property, so updating them repaints their cells. FALSE when a held
 * row's position is not known: then the slow, plain replacement. */
static gboolean
retarget_rows (CivicCaseListModel *self,
               GArray             *old_ids,
               GArray             *new_ids)
{
  g_autoptr(GHashTable) cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, cache_entry_free);
  g_autoptr(GPtrArray) moved = g_ptr_array_new ();
  g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) rows = NULL;
  guint n = MIN (old_ids->len, new_ids->len);
  GHashTableIter iter;
  gpointer key, value;
  gint64 now = now_seconds ();

  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      CacheEntry *entry = value;
      gboolean held = G_OBJECT (entry->row)->ref_count > 1;
      gboolean placed = entry->position < old_ids->len &&
                        g_array_index (old_ids, gint64, entry->position) == *(gint64 *) key;

      if (held && !placed)
        return FALSE;
      if (placed && entry->position < n)
        g_ptr_array_add (moved, entry);
    }

  for (guint i = 0; i < moved->len; i++)
    {
      CacheEntry *entry = g_ptr_array_index (moved, i);

      g_array_append_val (wanted, g_array_index (new_ids, gint64, entry->position));
    }
  rows = civic_store_get_case_summaries (self->store, (gint64 *) (void *) wanted->data,
                                         wanted->len, NULL);
  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < moved->len; i++)
    {
      CacheEntry *entry = g_ptr_array_index (moved, i);
      CacheEntry *copy = g_new0 (CacheEntry, 1);
      CivicCaseSummary *summary = g_ptr_array_index (rows, i);
      CivicCaseSummary gone = { .id = g_array_index (wanted, gint64, i) };

      copy->row = g_object_ref (entry->row);
      copy->stamp = entry->stamp;
      copy->position = entry->position;
      civic_case_row_update (copy->row, summary != NULL ? summary : &gone, now);
      g_hash_table_insert (cache, g_memdup2 (&gone.id, sizeof gone.id), copy);
    }
  g_hash_table_unref (self->cache);
  self->cache = g_steal_pointer (&cache);
  return TRUE;
}

/* Whether a row the list holds sits at @from or further down. */
static gboolean
holds_rows_from (CivicCaseListModel *self,
                 guint               from)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      CacheEntry *entry = value;

      if (G_OBJECT (entry->row)->ref_count > 1 && entry->position != G_MAXUINT &&
          entry->position >= from)
        return TRUE;
    }
  return FALSE;
}

static gboolean
recount_idle_cb (gpointer data)
{
  CivicCaseListModel *self = data;
  guint old = self->n_items;

  self->n_items = self->ids->len;
  g_hash_table_remove_all (self->cache);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
  return G_SOURCE_REMOVE;
}

/* Takes every id of the list from the loader, waiting if need be; a
 * list whose count was not known grows by what follows the head. */
static void
load_tail (CivicCaseListModel *self)
{
  g_autoptr(GArray) head = NULL;
  gboolean growing = civic_case_id_loader_is_growing (self->loader);
  GArray *all = civic_case_id_loader_finish (self->loader);
  guint announced = self->n_items;

  if (all == NULL)
    return;
  head = self->ids;
  self->ids = all;
  /* the same snapshot: only a failed read can disagree */
  if ((!growing && all->len != announced) || all->len < head->len ||
      memcmp (all->data, head->data, head->len * sizeof (gint64)) != 0)
    {
      g_idle_add_full (G_PRIORITY_HIGH_IDLE, recount_idle_cb, g_object_ref (self), g_object_unref);
      return;
    }
  if (growing && all->len > announced)
    {
      self->n_items = all->len;
      g_list_model_items_changed (G_LIST_MODEL (self), announced, 0, all->len - announced);
    }
}

static gboolean
tail_ready_cb (gpointer data)
{
  CivicCaseListModel *self = data;

  /* a cancelled listing's call finds a newer one still running */
  if (civic_case_id_loader_is_done (self->loader))
    load_tail (self);
  return G_SOURCE_REMOVE;
}

/* Replaces every item: one items-changed (over the tail only when the
 * rows in front could be given their new cases in place). */
static void
reload_all (CivicCaseListModel *self)
{
  g_autoptr(GArray) old = self->ids;
  guint old_len = self->n_items;
  gint64 t0 = g_get_monotonic_time (), t1;
  guint n_new = 0, keep = 0;

  if (self->store != NULL)
    self->ids = civic_case_id_loader_start (self->loader, self->store, self->filter, &self->sort,
                                            HEAD_SIZE, &n_new, tail_ready_cb,
                                            g_object_ref (self), g_object_unref);
  else
    {
      civic_case_id_loader_cancel (self->loader);
      self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  self->n_items = n_new;
  /* a held row past the head (the list was scrolled far down) needs its
   * new case now */
  if (n_new > self->ids->len && holds_rows_from (self, self->ids->len))
    load_tail (self);
  t1 = g_get_monotonic_time ();
  if (self->store != NULL && retarget_rows (self, old, self->ids))
    keep = MIN (old_len, n_new);
  else
    g_hash_table_remove_all (self->cache);
  if (old_len - keep > 0 || n_new - keep > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), keep, old_len - keep, n_new - keep);
  if (g_getenv ("CIVIC_QUEUE_DEBUG"))
    g_printerr ("[query %.1f ms, rest %.1f ms, kept %u of %u listed] ", (t1 - t0) / 1000.0,
                (g_get_monotonic_time () - t1) / 1000.0, keep, self->ids->len);
}

/* Updates cached rows in place from the store: @only NULL = all. */
static void
update_rows (CivicCaseListModel *self,
             const char * const *only)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) wanted = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gint64 now = now_seconds ();

  if (self->store == NULL || g_hash_table_size (self->cache) == 0)
    return;
  if (only != NULL)
    {
      wanted = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; only[i] != NULL; i++)
        g_hash_table_add (wanted, (gpointer) only[i]);
    }

  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      CacheEntry *entry = value;

      if (wanted == NULL ||
          g_hash_table_contains (wanted, civic_case_row_get_request_id (entry->row)))
        g_array_append_val (ids, *(gint64 *) key);
    }
  if (ids->len == 0)
    return;

  rows = civic_store_get_case_summaries (self->store, (gint64 *) (void *) ids->data,
                                         ids->len, &error);
  if (rows == NULL)
    {
      g_warning ("Cannot read cases of the queue: %s", error->message);
      return;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      CivicCaseSummary *s = g_ptr_array_index (rows, i);
      gint64 id = g_array_index (ids, gint64, i);

      if (s != NULL)
        civic_case_row_update (((CacheEntry *) g_hash_table_lookup (self->cache, &id))->row, s, now);
      else
        g_hash_table_remove (self->cache, &id);
    }
}

void
civic_case_list_model_refresh (CivicCaseListModel *self,
                               const char * const *request_ids)
{
  g_autoptr(GArray) old = NULL;
  const gint64 *a, *b;
  guint prefix = 0, suffix = 0, n_old, n_new;

  g_return_if_fail (CIVIC_IS_CASE_LIST_MODEL (self));

  /* the old list whole, as it was before the write that brings us here */
  load_tail (self);
  old = self->ids;
  self->ids = query_ids (self, 0);
  self->n_items = self->ids->len;
  update_rows (self, request_ids);

  a = (const gint64 *) (void *) old->data;
  b = (const gint64 *) (void *) self->ids->data;
  n_old = old->len;
  n_new = self->ids->len;
  while (prefix < n_old && prefix < n_new && a[prefix] == b[prefix])
    prefix++;
  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         a[n_old - 1 - suffix] == b[n_new - 1 - suffix])
    suffix++;

  /* rows keep their case; their positions move with the change */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->cache);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        CacheEntry *entry = value;

        if (entry->position == G_MAXUINT || entry->position < prefix)
          continue;
        if (entry->position >= n_old - suffix)
          entry->position = entry->position - (n_old - suffix) + (n_new - suffix);
        else
          entry->position = G_MAXUINT;
      }
  }

  if (n_old - prefix - suffix > 0 || n_new - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                n_old - prefix - suffix, n_new - prefix - suffix);
}

static void
sync_changed_cb (CivicSync           *sync,
                 const char * const  *request_ids,
                 guint                kinds,
                 CivicCaseListModel  *self)
{
  if ((kinds & (CIVIC_SYNC_KIND_CASES | CIVIC_SYNC_KIND_CATALOG)) == 0)
    return;
  /* names of departments and people may have changed: every row */
  civic_case_list_model_refresh (self, (kinds & CIVIC_SYNC_KIND_CATALOG) ? NULL : request_ids);
}

/* ---- API ------------------------------------------------------------- */

CivicCaseListModel *
civic_case_list_model_new (void)
{
  return g_object_new (CIVIC_TYPE_CASE_LIST_MODEL, NULL);
}

void
civic_case_list_model_set_store (CivicCaseListModel *self,
                                 CivicStore         *store,
                                 CivicSync          *sync)
{
  g_return_if_fail (CIVIC_IS_CASE_LIST_MODEL (self));

  if (self->store == store && self->sync == sync)
    return;

  if (self->sync != NULL)
    g_clear_signal_handler (&self->changed_handler, self->sync);
  g_set_object (&self->sync, sync);
  /* the tail of the old store's list is not wanted any more */
  civic_case_id_loader_cancel (self->loader);
  g_set_object (&self->store, store);
  if (sync != NULL)
    self->changed_handler = g_signal_connect (sync, "changed",
                                              G_CALLBACK (sync_changed_cb), self);
  /* held rows are given the new store's cases in reload_all */
  reload_all (self);
}

CivicStore *
civic_case_list_model_get_store (CivicCaseListModel *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_LIST_MODEL (self), NULL);
  return self->store;
}

void
civic_case_list_model_set_filter (CivicCaseListModel    *self,
                                  const CivicCaseFilter *filter)
{
  g_return_if_fail (CIVIC_IS_CASE_LIST_MODEL (self));

  g_clear_pointer (&self->filter, civic_case_filter_free);
  if (filter != NULL)
    self->filter = civic_case_filter_copy (filter);
  reload_all (self);
}

const CivicCaseFilter *
civic_case_list_model_get_filter (CivicCaseListModel *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_LIST_MODEL (self), NULL);
  return self->filter;
}

void
civic_case_list_model_set_sort (CivicCaseListModel  *self,
                                const CivicCaseSort *sort)
{
  g_return_if_fail (CIVIC_IS_CASE_LIST_MODEL (self));

  if (sort == NULL)
    {
      self->sort.column = CIVIC_CASE_SORT_ARRIVAL;
      self->sort.descending = TRUE;
    }
  else
    self->sort = *sort;
  reload_all (self);
}

const CivicCaseSort *
civic_case_list_model_get_sort (CivicCaseListModel *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_LIST_MODEL (self), NULL);
  return &self->sort;
}

guint
civic_case_list_model_find (CivicCaseListModel *self,
                            gint64              id)
{
  g_return_val_if_fail (CIVIC_IS_CASE_LIST_MODEL (self), G_MAXUINT);

  load_tail (self);
  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return i;
  return G_MAXUINT;
}

gint64
civic_case_list_model_get_id (CivicCaseListModel *self,
                              guint               position)
{
  g_return_val_if_fail (CIVIC_IS_CASE_LIST_MODEL (self), 0);

  if (position >= self->ids->len && position < self->n_items)
    load_tail (self);
  if (position >= self->ids->len)
    return 0;
  return g_array_index (self->ids, gint64, position);
}

static void
civic_case_list_model_dispose (GObject *object)
{
  CivicCaseListModel *self = CIVIC_CASE_LIST_MODEL (object);

  civic_case_id_loader_cancel (self->loader);
  if (self->sync != NULL)
    g_clear_signal_handler (&self->changed_handler, self->sync);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_hash_table_remove_all (self->cache);

  G_OBJECT_CLASS (civic_case_list_model_parent_class)->dispose (object);
}

static void
civic_case_list_model_finalize (GObject *object)
{
  CivicCaseListModel *self = CIVIC_CASE_LIST_MODEL (object);

  civic_case_id_loader_free (self->loader);
  g_array_unref (self->ids);
  g_hash_table_unref (self->cache);
  g_clear_pointer (&self->filter, civic_case_filter_free);

  G_OBJECT_CLASS (civic_case_list_model_parent_class)->finalize (object);
}

static void
civic_case_list_model_class_init (CivicCaseListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = civic_case_list_model_dispose;
  object_class->finalize = civic_case_list_model_finalize;
}

static void
civic_case_list_model_init (CivicCaseListModel *self)
{
  self->loader = civic_case_id_loader_new ();
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, cache_entry_free);
  self->sort.column = CIVIC_CASE_SORT_ARRIVAL;
  self->sort.descending = TRUE;
}
