/* civic-connection-manager.c: the connections of this desk, and the one in use
 *
 * The list lives in GSettings (no secrets); the active connection's
 * replica and engine live here, opened on switching and closed before
 * another is opened, so two connections never share anything. Removing
 * one deletes its replica files and its keyring items, nothing else.
 * Adding one is in civic-connection-manager-add.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "civic-connection-manager-private.h"
#include "civic-error.h"
#include "civic-secrets.h"

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CivicConnectionManager, civic_connection_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_ACTIVE,
  PROP_SYNC,
  PROP_OPEN311,
  PROP_STORE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- GListModel: the list, forwarded ----------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return CIVIC_TYPE_CONNECTION;
}

static guint
get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (CIVIC_CONNECTION_MANAGER (model)->connections));
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (CIVIC_CONNECTION_MANAGER (model)->connections), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
items_changed_cb (GListModel             *list,
                  guint                   position,
                  guint                   removed,
                  guint                   added,
                  CivicConnectionManager *self)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* ---- settings ---------------------------------------------------------- */

static void
load (CivicConnectionManager *self)
{
  g_autoptr(GVariant) list = g_settings_get_value (self->settings, "connections");
  g_autofree char *active_id = g_settings_get_string (self->settings, "active-connection");
  CivicConnection *active;
  GVariantIter iter;
  const char *id, *kind_text, *title, *url, *account;

  g_variant_iter_init (&iter, list);
  while (g_variant_iter_next (&iter, "(&s&s&s&s&s)", &id, &kind_text, &title, &url, &account))
    {
      g_autoptr(CivicConnection) connection = NULL;
      CivicConnectionKind kind;

      /* an entry written by a newer desk is skipped, not misread */
      if (*id == '\0' || !civic_connection_kind_from_string (kind_text, &kind))
        continue;
      connection = civic_connection_new (id, kind, title, url, account);
      g_list_store_append (self->connections, connection);
    }

  /* a run with --server for a service not in the list shows the first-run
   * page and leaves no active one behind; the next ordinary start goes
   * back to the first connection rather than asking again */
  active = civic_connection_manager_lookup (self, active_id);
  if (active == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->connections)) > 0)
    {
      g_autoptr(CivicConnection) first = g_list_model_get_item (G_LIST_MODEL (self->connections), 0);

      active = first;   /* the list keeps it alive */
    }
  if (active != NULL)
    civic_connection_manager_set_active (self, active);
}

static void
save (CivicConnectionManager *self)
{
  GVariantBuilder builder;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sssss)"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CivicConnection) c = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      g_variant_builder_add (&builder, "(sssss)",
                             civic_connection_get_id (c),
                             civic_connection_kind_to_string (civic_connection_get_kind (c)),
                             civic_connection_get_title (c),
                             civic_connection_get_url (c),
                             civic_connection_get_account (c));
    }

  g_settings_delay (self->settings);
  g_settings_set_value (self->settings, "connections", g_variant_builder_end (&builder));
  g_settings_set_string (self->settings, "active-connection",
                         self->active ? civic_connection_get_id (self->active) : "");
  g_settings_apply (self->settings);
}

/* ---- the active session ------------------------------------------------ */

static void
set_error (CivicConnectionManager *self,
           const char             *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
close_session (CivicConnectionManager *self)
{
  g_cancellable_cancel (self->session_cancellable);
  g_clear_object (&self->session_cancellable);

  if (self->sync != NULL)
    {
      civic_sync_stop (self->sync);
      g_clear_object (&self->sync);
    }
  if (self->open311 != NULL)
    {
      civic_open311_engine_stop (self->open311);
      g_clear_object (&self->open311);
    }
  if (self->store != NULL)
    {
      civic_store_close (self->store);
      g_clear_object (&self->store);
    }
}

static void
token_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CivicConnectionManager) self = user_data;
  g_autoptr(GError) error = NULL;
  char *token;

  token = civic_secrets_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->sync == NULL)
    {
      secret_password_free (token);
      return;
    }

  if (error != NULL)
    set_error (self, error->message);
  if (token != NULL)
    civic_sync_set_token (self->sync, civic_connection_get_username (self->active), token);
  secret_password_free (token);

  /* without a token the engine says the session has expired, in words */
  civic_sync_start (self->sync);
}

static gboolean
ensure_parent_dir (const char  *path,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_READ_ONLY,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

#define DESK_CACHE_KIB (48 * 1024)

void
civic_connection_manager_limit_store (CivicStore *store)
{
  g_return_if_fail (CIVIC_IS_STORE (store));

  civic_store_set_memory (store, 0, DESK_CACHE_KIB, NULL);
}

/* @token: a fresh one from a sign-in, or NULL to look it up. */
static void
open_session (CivicConnectionManager *self,
              const char             *token)
{
  g_autofree char *path = civic_connection_dup_store_path (self->active);
  g_autoptr(GError) error = NULL;

  if (!ensure_parent_dir (path, &error) ||
      (self->store = civic_store_open (path, &error)) == NULL)
    {
      set_error (self, error->message);
      return;
    }
  civic_connection_manager_limit_store (self->store);

  /* plain Open311 connections keep a replica too; their engine reads
   * the city's endpoint with the api_key from the keyring */
  if (civic_connection_get_kind (self->active) == CIVIC_CONNECTION_OPEN311)
    {
      self->open311 = civic_open311_engine_new (self->active, self->store);
      civic_open311_engine_start (self->open311);
      return;
    }

  self->sync = civic_sync_new (self->store, civic_connection_get_url (self->active));
  if (token != NULL)
    {
      civic_sync_set_token (self->sync, civic_connection_get_username (self->active), token);
      civic_sync_start (self->sync);
      return;
    }

  self->session_cancellable = g_cancellable_new ();
  civic_secrets_lookup_async (civic_connection_get_id (self->active), CIVIC_SECRET_TOKEN,
                              self->session_cancellable, token_lookup_cb, g_object_ref (self));
}

static void
set_active_full (CivicConnectionManager *self,
                 CivicConnection        *connection,
                 const char             *token)
{
  g_object_freeze_notify (G_OBJECT (self));

  close_session (self);
  set_error (self, NULL);
  g_set_object (&self->active, connection);
  if (connection != NULL)
    open_session (self, token);

  g_settings_set_string (self->settings, "active-connection",
                         connection ? civic_connection_get_id (connection) : "");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN311]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* ---- GObject ----------------------------------------------------------- */

static void
civic_connection_manager_dispose (GObject *object)
{
  CivicConnectionManager *self = CIVIC_CONNECTION_MANAGER (object);

  g_cancellable_cancel (self->cancellable);
  close_session (self);
  if (self->connections != NULL)
    g_signal_handlers_disconnect_by_func (self->connections, items_changed_cb, self);

  G_OBJECT_CLASS (civic_connection_manager_parent_class)->dispose (object);
}

static void
civic_connection_manager_finalize (GObject *object)
{
  CivicConnectionManager *self = CIVIC_CONNECTION_MANAGER (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->connections);
  g_clear_object (&self->active);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (civic_connection_manager_parent_class)->finalize (object);
}

static void
civic_connection_manager_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  CivicConnectionManager *self = CIVIC_CONNECTION_MANAGER (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_object (value, self->active);
      break;
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;
    case PROP_OPEN311:
      g_value_set_object (value, self->open311);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_connection_manager_class_init (CivicConnectionManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = civic_connection_manager_dispose;
  object_class->finalize = civic_connection_manager_finalize;
  object_class->get_property = civic_connection_manager_get_property;

  properties[PROP_ACTIVE] =
    g_param_spec_object ("active", NULL, NULL, CIVIC_TYPE_CONNECTION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, CIVIC_TYPE_SYNC,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPEN311] =
    g_param_spec_object ("open311", NULL, NULL, CIVIC_TYPE_OPEN311_ENGINE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CIVIC_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
civic_connection_manager_init (CivicConnectionManager *self)
{
  self->connections = g_list_store_new (CIVIC_TYPE_CONNECTION);
  self->cancellable = g_cancellable_new ();
  g_signal_connect (self->connections, "items-changed", G_CALLBACK (items_changed_cb), self);
}

/* ---- public API -------------------------------------------------------- */

CivicConnectionManager *
civic_connection_manager_new (GSettings *settings)
{
  CivicConnectionManager *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (CIVIC_TYPE_CONNECTION_MANAGER, NULL);
  self->settings = g_object_ref (settings);
  load (self);

  return self;
}

CivicConnection *
civic_connection_manager_get_active (CivicConnectionManager *self)
{
  g_return_val_if_fail (CIVIC_IS_CONNECTION_MANAGER (self), NULL);
  return self->active;
}

CivicSync *
civic_connection_manager_get_sync (CivicConnectionManager *self)
{
  g_return_val_if_fail (CIVIC_IS_CONNECTION_MANAGER (self), NULL);
  return self->sync;
}

CivicOpen311Engine *
civic_connection_manager_get_open311 (CivicConnectionManager *self)
{
  g_return_val_if_fail (CIVIC_IS_CONNECTION_MANAGER (self), NULL);
  return self->open311;
}

GObject *
civic_connection_manager_get_engine (CivicConnectionManager *self)
{
  g_return_val_if_fail (CIVIC_IS_CONNECTION_MANAGER (self), NULL);
  if (self->sync != NULL)
    return G_OBJECT (self->sync);
  return (GObject *) self->open311;
}

void
civic_connection_manager_sync_now (CivicConnectionManager *self)
{
  g_return_if_fail (CIVIC_IS_CONNECTION_MANAGER (self));
  if (self->sync != NULL)
    civic_sync_now (self->sync);
  else if (self->open311 != NULL)
    civic_open311_engine_now (self->open311);
}

CivicStore *
civic_connection_manager_get_store (CivicConnectionManager *self)
{
  g_return_val_if_fail (CIVIC_IS_CONNECTION_MANAGER (self), NULL);
  return self->store;
}

const char *
civic_connection_manager_get_error (CivicConnectionManager *self)
{
  g_return_val_if_fail (CIVIC_IS_CONNECTION_MANAGER (self), NULL);
  return self->error;
}

CivicConnection *
civic_connection_manager_lookup (CivicConnectionManager *self,
                                 const char             *id)
{
  guint n;

  g_return_val_if_fail (CIVIC_IS_CONNECTION_MANAGER (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CivicConnection) c = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      if (g_strcmp0 (civic_connection_get_id (c), id) == 0)
        return c;   /* the list keeps it alive */
    }
  return NULL;
}

CivicConnection *
civic_connection_manager_find (CivicConnectionManager *self,
                               CivicConnectionKind     kind,
                               const char             *url,
                               const char             *account)
{
  guint n;

  g_return_val_if_fail (CIVIC_IS_CONNECTION_MANAGER (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CivicConnection) c = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      if (civic_connection_get_kind (c) == kind &&
          g_strcmp0 (civic_connection_get_url (c), url) == 0 &&
          (account == NULL || g_strcmp0 (civic_connection_get_account (c), account) == 0))
        return c;
    }
  return NULL;
}

void
civic_connection_manager_set_active (CivicConnectionManager *self,
                                     CivicConnection        *connection)
{
  g_return_if_fail (CIVIC_IS_CONNECTION_MANAGER (self));
  g_return_if_fail (!connection || CIVIC_IS_CONNECTION (connection));

  if (self->active == connection && (connection == NULL || self->store != NULL))
    return;

  set_active_full (self, connection, NULL);
}

/* A connection that works: in the list, saved, and in use. */
void
civic_connection_manager_keep (CivicConnectionManager *self,
      CivicConnection        *connection,
      const char             *token)
{
  if (civic_connection_manager_lookup (self, civic_connection_get_id (connection)) == NULL)
    g_list_store_append (self->connections, connection);
  set_active_full (self, connection, token);
  save (self);
}

/* ---- removing ---------------------------------------------------------- */

static void
secrets_cleared_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!civic_secrets_clear_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
civic_connection_manager_remove_async (CivicConnectionManager *self,
                                       CivicConnection        *connection,
                                       GCancellable           *cancellable,
                                       GAsyncReadyCallback     callback,
                                       gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  guint position;

  g_return_if_fail (CIVIC_IS_CONNECTION_MANAGER (self));
  g_return_if_fail (CIVIC_IS_CONNECTION (connection));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, civic_connection_manager_remove_async);
  g_task_set_task_data (task, g_object_ref (connection), g_object_unref);

  if (!g_list_store_find (self->connections, connection, &position))
    {
      g_task_return_new_error (task, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND,
                               _("This connection was already removed."));
      return;
    }

  /* close its replica before deleting it; the desk moves on to the
   * next connection, or to the first-run page when none is left */
  g_list_store_remove (self->connections, position);
  if (self->active == connection)
    {
      g_autoptr(CivicConnection) next = g_list_model_get_item (G_LIST_MODEL (self->connections), 0);
      set_active_full (self, next, NULL);
    }
  save (self);

  path = civic_connection_dup_store_path (connection);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          g_task_return_new_error (task, CIVIC_ERROR, CIVIC_ERROR_STORE_READ_ONLY,
                                   _("Cannot delete %s: %s"), file, g_strerror (saved_errno));
          return;
        }
    }

  civic_secrets_clear_async (civic_connection_get_id (connection), cancellable,
                             secrets_cleared_cb, g_steal_pointer (&task));
}

gboolean
civic_connection_manager_remove_finish (CivicConnectionManager  *self,
                                        GAsyncResult            *result,
                                        GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == civic_connection_manager_remove_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
