/* civic-tile-source.c: tiles from the cache, else from the network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "civic-tile-source.h"

struct _CivicTileSource
{
  ShumateDataSource  parent_instance;

  char              *url_template;
  SoupSession       *session;
  ShumateFileCache  *cache;
  gboolean           available;
  char              *error;
};

G_DEFINE_FINAL_TYPE (CivicTileSource, civic_tile_source, SHUMATE_TYPE_DATA_SOURCE)

enum { PROP_0, PROP_AVAILABLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

typedef struct
{
  int x, y, z;
} TileData;

static void
set_available (CivicTileSource *self,
               gboolean         available,
               const char      *error)
{
  if (!available)
    {
      g_free (self->error);
      self->error = g_strdup (error);
    }
  if (self->available == available)
    return;
  self->available = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

static char *
tile_url (CivicTileSource *self,
          int              x,
          int              y,
          int              z)
{
  g_autoptr(GString) url = g_string_new (self->url_template);
  char buf[16];

  g_snprintf (buf, sizeof buf, "%d", x);
  g_string_replace (url, "{x}", buf, 0);
  g_snprintf (buf, sizeof buf, "%d", y);
  g_string_replace (url, "{y}", buf, 0);
  g_snprintf (buf, sizeof buf, "%d", z);
  g_string_replace (url, "{z}", buf, 0);
  return g_string_free (g_steal_pointer (&url), FALSE);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  /* a full disk only costs a refetch later */
  shumate_file_cache_store_tile_finish (SHUMATE_FILE_CACHE (source), result, NULL);
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CivicTileSource *self = g_task_get_source_object (task);
  TileData *tile = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (bytes != NULL && !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      g_clear_pointer (&bytes, g_bytes_unref);
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The tile server answered “%s”."), soup_message_get_reason_phrase (msg));
    }
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_available (self, FALSE, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  set_available (self, TRUE, NULL);
  shumate_file_cache_store_tile_async (self->cache, tile->x, tile->y, tile->z, bytes,
                                       soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag"),
                                       NULL, stored_cb, NULL);
  g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
}

static void
cached_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CivicTileSource *self = g_task_get_source_object (task);
  TileData *tile = g_task_get_task_data (task);
  g_autoptr(GDateTime) modtime = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GBytes) bytes = shumate_file_cache_get_tile_finish (SHUMATE_FILE_CACHE (source), &etag,
                                                                &modtime, result, NULL);
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  GCancellable *cancellable;

  if (bytes != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
      return;
    }
  url = tile_url (self, tile->x, tile->y, tile->z);
  msg = soup_message_new (SOUP_METHOD_GET, url);
  if (msg == NULL)
    {
      set_available (self, FALSE, _("The map tile address in Preferences is not a valid web address."));
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s", self->error);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    cancellable, fetched_cb, g_steal_pointer (&task));
}

static void
civic_tile_source_get_tile_data_async (ShumateDataSource   *source,
                                       int                  x,
                                       int                  y,
                                       int                  zoom_level,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  CivicTileSource *self = CIVIC_TILE_SOURCE (source);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  TileData *tile = g_new (TileData, 1);

  tile->x = x, tile->y = y, tile->z = zoom_level;
  g_task_set_task_data (task, tile, g_free);
  shumate_file_cache_get_tile_async (self->cache, x, y, zoom_level, cancellable, cached_cb, task);
}

static GBytes *
civic_tile_source_get_tile_data_finish (ShumateDataSource  *source,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
civic_tile_source_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CivicTileSource *self = CIVIC_TILE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_tile_source_finalize (GObject *object)
{
  CivicTileSource *self = CIVIC_TILE_SOURCE (object);

  g_free (self->url_template);
  g_free (self->error);
  g_clear_object (&self->session);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (civic_tile_source_parent_class)->finalize (object);
}

static void
civic_tile_source_class_init (CivicTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->get_property = civic_tile_source_get_property;
  object_class->finalize = civic_tile_source_finalize;
  source_class->get_tile_data_async = civic_tile_source_get_tile_data_async;
  source_class->get_tile_data_finish = civic_tile_source_get_tile_data_finish;

  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
civic_tile_source_init (CivicTileSource *self)
{
  self->available = TRUE;
}

CivicTileSource *
civic_tile_source_new (const char *url_template,
                       const char *cache_dir)
{
  CivicTileSource *self = g_object_new (CIVIC_TYPE_TILE_SOURCE, NULL);
  g_autofree char *dir = NULL;
  g_autofree char *key = NULL;

  self->url_template = g_strdup (url_template);
  self->session = soup_session_new_with_options ("user-agent", "CivicDesk/" PACKAGE_VERSION " (libshumate)",
                                                 "timeout", 15, NULL);
  if (cache_dir == NULL)
    dir = g_build_filename (g_get_user_cache_dir (), "civicdesk", "tiles", NULL);
  /* one cache folder per template: another server's tiles never mix in */
  key = g_compute_checksum_for_string (G_CHECKSUM_SHA1, url_template, -1);
  self->cache = shumate_file_cache_new_full (200 * 1000 * 1000, key, cache_dir != NULL ? cache_dir : dir);
  return self;
}

gboolean
civic_tile_source_get_available (CivicTileSource *self)
{
  g_return_val_if_fail (CIVIC_IS_TILE_SOURCE (self), FALSE);
  return self->available;
}

const char *
civic_tile_source_get_error (CivicTileSource *self)
{
  g_return_val_if_fail (CIVIC_IS_TILE_SOURCE (self), NULL);
  return self->error;
}
