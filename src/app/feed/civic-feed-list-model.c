/* civic-feed-list-model.c: the feed as a lazy GListModel over the replica
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-feed-list-model.h"

#define PAGE 50
/* items kept made; beyond this the cache starts again (rows still shown
 * keep theirs alive through the list) */
#define CACHE_MAX 4000

/* ---- CivicFeedItem --------------------------------------------------- */

struct _CivicFeedItem
{
  GObject       parent_instance;
  CivicPostRow *row;
};

G_DEFINE_FINAL_TYPE (CivicFeedItem, civic_feed_item, G_TYPE_OBJECT)

enum { ITEM_PROP_0, ITEM_PROP_ROW, ITEM_N_PROPS };
static GParamSpec *item_properties[ITEM_N_PROPS];

static void
civic_feed_item_finalize (GObject *object)
{
  civic_post_row_free (CIVIC_FEED_ITEM (object)->row);
  G_OBJECT_CLASS (civic_feed_item_parent_class)->finalize (object);
}

static void
civic_feed_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case ITEM_PROP_ROW:
      g_value_set_pointer (value, CIVIC_FEED_ITEM (object)->row);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_feed_item_class_init (CivicFeedItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = civic_feed_item_finalize;
  object_class->get_property = civic_feed_item_get_property;
  item_properties[ITEM_PROP_ROW] =
    g_param_spec_pointer ("row", NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
civic_feed_item_init (CivicFeedItem *self)
{
}

CivicFeedItem *
civic_feed_item_new (CivicPostRow *row)
{
  CivicFeedItem *self = g_object_new (CIVIC_TYPE_FEED_ITEM, NULL);

  self->row = row;
  return self;
}

const CivicPostRow *
civic_feed_item_get_row (CivicFeedItem *self)
{
  g_return_val_if_fail (CIVIC_IS_FEED_ITEM (self), NULL);
  return self->row;
}

gint64
civic_feed_item_get_id (CivicFeedItem *self)
{
  g_return_val_if_fail (CIVIC_IS_FEED_ITEM (self), 0);
  return self->row != NULL ? self->row->id : 0;
}

void
civic_feed_item_set_row (CivicFeedItem *self,
                         CivicPostRow  *row)
{
  g_return_if_fail (CIVIC_IS_FEED_ITEM (self));
  civic_post_row_free (self->row);
  self->row = row;
  g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_ROW]);
}

/* ---- CivicFeedListModel ---------------------------------------------- */

struct _CivicFeedListModel
{
  GObject        parent_instance;

  CivicStore    *store;
  CivicFeedQuery query;       /* strings owned below */
  char          *username;
  char          *department;
  char          *tag_key;
  char          *author;
  GArray        *ids;
  GHashTable    *items;       /* id → CivicFeedItem (ref) */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CivicFeedListModel, civic_feed_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return CIVIC_TYPE_FEED_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return CIVIC_FEED_LIST_MODEL (model)->ids->len;
}

/* Reads the page around @position in one go: the list asks for rows in
 * runs, so one statement per page, not per row. */
static void
load_page (CivicFeedListModel *self,
           guint               position)
{
  guint start = position - position % PAGE;
  guint n = MIN (PAGE, self->ids->len - start);
  g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = start; i < start + n; i++)
    {
      gint64 id = g_array_index (self->ids, gint64, i);

      if (!g_hash_table_contains (self->items, &id))
        g_array_append_val (wanted, id);
    }
  if (wanted->len == 0)
    return;
  rows = civic_store_get_post_rows (self->store, (const gint64 *) wanted->data, wanted->len,
                                    self->query.username, &error);
  if (rows == NULL)
    {
      g_warning ("feed: could not read posts: %s", error->message);
      return;
    }
  if (g_hash_table_size (self->items) > CACHE_MAX)
    g_hash_table_remove_all (self->items);
  for (guint i = 0; i < rows->len; i++)
    {
      CivicPostRow *row = g_steal_pointer (&rows->pdata[i]);
      gint64 *key;

      if (row == NULL)
        continue;
      key = g_new (gint64, 1);
      *key = row->id;
      g_hash_table_insert (self->items, key, civic_feed_item_new (row));
    }
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  CivicFeedListModel *self = CIVIC_FEED_LIST_MODEL (model);
  CivicFeedItem *item;
  gint64 id;

  if (position >= self->ids->len || self->store == NULL)
    return NULL;
  id = g_array_index (self->ids, gint64, position);
  item = g_hash_table_lookup (self->items, &id);
  if (item == NULL)
    {
      load_page (self, position);
      item = g_hash_table_lookup (self->items, &id);
    }
  if (item == NULL)
    {
      /* deleted since the ids were read: an empty row until the refresh
       * that the same change brings */
      CivicPostRow *row = g_new0 (CivicPostRow, 1);

      row->id = id;
      row->body = g_strdup ("");
      return civic_feed_item_new (row);
    }
  return g_object_ref (item);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
civic_feed_list_model_finalize (GObject *object)
{
  CivicFeedListModel *self = CIVIC_FEED_LIST_MODEL (object);

  g_clear_object (&self->store);
  g_free (self->username);
  g_free (self->department);
  g_free (self->tag_key);
  g_free (self->author);
  g_array_unref (self->ids);
  g_hash_table_unref (self->items);
  G_OBJECT_CLASS (civic_feed_list_model_parent_class)->finalize (object);
}

static void
civic_feed_list_model_class_init (CivicFeedListModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = civic_feed_list_model_finalize;
}

static void
civic_feed_list_model_init (CivicFeedListModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

CivicFeedListModel *
civic_feed_list_model_new (void)
{
  return g_object_new (CIVIC_TYPE_FEED_LIST_MODEL, NULL);
}

static void
replace_ids (CivicFeedListModel *self,
             GArray             *ids)
{
  guint old_n = self->ids->len;
  guint new_n = ids->len;
  guint prefix = 0, suffix = 0;
  const gint64 *a = (const gint64 *) self->ids->data;
  const gint64 *b = (const gint64 *) ids->data;

  while (prefix < old_n && prefix < new_n && a[prefix] == b[prefix])
    prefix++;
  while (suffix < old_n - prefix && suffix < new_n - prefix &&
         a[old_n - 1 - suffix] == b[new_n - 1 - suffix])
    suffix++;
  g_array_unref (self->ids);
  self->ids = g_array_ref (ids);
  if (old_n - prefix - suffix > 0 || new_n - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_n - prefix - suffix, new_n - prefix - suffix);
}

/* Items already made get their new row in place: likes, edits, replies. */
static void
refresh_items (CivicFeedListModel *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) rows = NULL;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  if (ids->len == 0)
    return;
  rows = civic_store_get_post_rows (self->store, (const gint64 *) ids->data, ids->len,
                                    self->query.username, NULL);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      CivicPostRow *row = g_steal_pointer (&rows->pdata[i]);
      gint64 id = g_array_index (ids, gint64, i);
      CivicFeedItem *item = g_hash_table_lookup (self->items, &id);
      const CivicPostRow *old = civic_feed_item_get_row (item);

      if (row == NULL)
        g_hash_table_remove (self->items, &id);
      else if (old->like_count != row->like_count || old->liked != row->liked ||
               old->edited != row->edited || old->reply_count != row->reply_count ||
               old->pinned_until != row->pinned_until || g_strcmp0 (old->body, row->body) != 0 ||
               g_strcmp0 (old->case_id, row->case_id) != 0)
        civic_feed_item_set_row (item, g_steal_pointer (&row));
      civic_post_row_free (row);
    }
}

gboolean
civic_feed_list_model_refresh (CivicFeedListModel  *self,
                               GError             **error)
{
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (CIVIC_IS_FEED_LIST_MODEL (self), FALSE);

  if (self->store == NULL)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_remove_all (self->items);
      replace_ids (self, ids);
      return TRUE;
    }
  self->query.now = 0;
  ids = civic_store_query_feed_ids (self->store, &self->query, error);
  if (ids == NULL)
    return FALSE;
  refresh_items (self);
  replace_ids (self, ids);
  return TRUE;
}

void
civic_feed_list_model_set_query (CivicFeedListModel   *self,
                                 CivicStore           *store,
                                 const CivicFeedQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) none = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_if_fail (CIVIC_IS_FEED_LIST_MODEL (self));

  g_set_object (&self->store, store);
  g_free (self->username);
  g_free (self->department);
  g_free (self->tag_key);
  g_free (self->author);
  self->username = g_strdup (query->username);
  self->department = g_strdup (query->department);
  self->tag_key = g_strdup (query->tag_key);
  self->author = g_strdup (query->author);
  self->query = *query;
  self->query.username = self->username;
  self->query.department = self->department;
  self->query.tag_key = self->tag_key;
  self->query.author = self->author;
  /* another list altogether: start from nothing, no diff */
  g_hash_table_remove_all (self->items);
  replace_ids (self, none);
  if (!civic_feed_list_model_refresh (self, &error))
    g_warning ("feed: could not list posts: %s", error->message);
}

gint64
civic_feed_list_model_next_expiry (CivicFeedListModel *self)
{
  g_return_val_if_fail (CIVIC_IS_FEED_LIST_MODEL (self), 0);
  if (self->store == NULL)
    return 0;
  return civic_store_next_pin_expiry (self->store, g_get_real_time () / G_USEC_PER_SEC, NULL);
}

void
civic_feed_list_model_touch (CivicFeedListModel *self)
{
  GHashTableIter iter;
  gpointer item;

  g_return_if_fail (CIVIC_IS_FEED_LIST_MODEL (self));

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    g_object_notify_by_pspec (item, item_properties[ITEM_PROP_ROW]);
}
