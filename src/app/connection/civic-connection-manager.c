/* civic-connection-manager.c: the connections of this desk, and the one in use
 *
 * Nothing is kept until it works: a sign-in happens with a throwaway
 * engine on a temporary replica, and only a successful one adds the
 * connection, stores the token in the keyring and opens the real replica.
 * A wrong password therefore leaves no file, no key and no secret behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "civic-connection-manager.h"
#include "civic-error.h"
#include "civic-secrets.h"

struct _CivicConnectionManager
{
  GObject          parent_instance;

  GSettings       *settings;
  GListStore      *connections;
  CivicConnection *active;

  /* the active connection's replica and engine */
  CivicStore      *store;
  CivicSync       *sync;
  char            *error;
  GCancellable    *session_cancellable;  /* the token lookup of this session */

  GCancellable    *cancellable;          /* everything else; cancelled in dispose */
  SoupSession     *soup;                 /* Open311 checks */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CivicConnectionManager, civic_connection_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_ACTIVE,
  PROP_SYNC,
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

  if (*active_id != '\0')
    civic_connection_manager_set_active (self, civic_connection_manager_lookup (self, active_id));
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

  /* plain Open311 connections keep a replica too; their engine is not
   * a CivicSync */
  if (civic_connection_get_kind (self->active) != CIVIC_CONNECTION_SERVICE)
    return;

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

static void
keep (CivicConnectionManager *self,
      CivicConnection        *connection,
      const char             *token)
{
  if (civic_connection_manager_lookup (self, civic_connection_get_id (connection)) == NULL)
    g_list_store_append (self->connections, connection);
  set_active_full (self, connection, token);
  save (self);
}

/* ---- adding a Civic Desk service ---------------------------------------- */

typedef struct
{
  CivicConnection *connection;
  char            *tmpdir;
  CivicStore      *store;
  CivicSync       *sync;
  char            *token;
  char            *api_key;
  char            *username;
  char            *password;
} AddData;

static void
wipe_free (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
add_data_free (gpointer data)
{
  AddData *add = data;

  g_clear_object (&add->sync);
  if (add->store != NULL)
    civic_store_close (add->store);
  g_clear_object (&add->store);
  if (add->tmpdir != NULL)
    {
      /* the throwaway replica of the sign-in: nothing of it may stay */
      g_autoptr(GDir) dir = g_dir_open (add->tmpdir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (add->tmpdir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (add->tmpdir);
    }
  g_clear_pointer (&add->tmpdir, g_free);
  g_clear_object (&add->connection);
  g_clear_pointer (&add->token, wipe_free);
  g_clear_pointer (&add->api_key, wipe_free);
  g_clear_pointer (&add->password, wipe_free);
  g_clear_pointer (&add->username, g_free);
  g_free (add);
}

static void
token_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CivicConnectionManager *self = g_task_get_source_object (task);
  AddData *add = g_task_get_task_data (task);
  GError *error = NULL;

  if (!civic_secrets_store_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  keep (self, add->connection, add->token);
  g_task_return_pointer (task, g_object_ref (add->connection), g_object_unref);
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AddData *add = g_task_get_task_data (task);
  g_autofree char *label = NULL;
  g_autofree char *subtitle = NULL;
  GError *error = NULL;

  add->token = civic_sync_login_finish (CIVIC_SYNC (object), result, &error);
  if (add->token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* the label is what Passwords and Keys shows */
  subtitle = civic_connection_dup_subtitle (add->connection);
  label = g_strdup_printf ("Civic Desk: %s", subtitle);
  civic_secrets_store_async (civic_connection_get_id (add->connection), CIVIC_SECRET_TOKEN,
                             label, add->token, g_task_get_cancellable (task),
                             token_stored_cb, g_object_ref (task));
}

/* A Civic Desk service says so at /health; anything else (a web site, an
 * Open311 endpoint, a typo that lands on some server) gets a sentence
 * that says what the address is not, before any password is sent. */
static void
health_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AddData *add = g_task_get_task_data (task);
  const char *url = civic_connection_get_url (add->connection);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  const char *service = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, CIVIC_ERROR, CIVIC_ERROR_NETWORK,
                                 _("Cannot reach %s. Check the address and the network (%s)."),
                                 url, error->message);
      return;
    }

  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    service = json_object_get_string_member_with_default (json_node_get_object (root), "service", NULL);
  if (g_strcmp0 (service, "civicdesk-server") != 0)
    {
      g_task_return_new_error (task, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                               _("%s is not a Civic Desk service. Check the address, or use “City Open311 Endpoint” for a city’s Open311 address."),
                               url);
      return;
    }

  civic_sync_login_async (add->sync, add->username, add->password, g_task_get_cancellable (task),
                          login_cb, g_object_ref (task));
  g_clear_pointer (&add->password, wipe_free);
}

void
civic_connection_manager_add_service_async (CivicConnectionManager *self,
                                            const char             *title,
                                            const char             *url,
                                            const char             *username,
                                            const char             *password,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *login_db = NULL;
  g_autofree char *user = NULL;
  g_autofree char *health = NULL;
  g_autoptr(SoupMessage) message = NULL;
  CivicConnection *existing;
  AddData *add;

  g_return_if_fail (CIVIC_IS_CONNECTION_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, civic_connection_manager_add_service_async);
  add = g_new0 (AddData, 1);
  g_task_set_task_data (task, add, add_data_free);

  normal = civic_connection_normalize_url (url, &error);
  if (normal == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  user = g_strstrip (g_strdup (username ? username : ""));
  if (*user == '\0' || password == NULL || *password == '\0')
    {
      g_task_return_new_error (task, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                               _("Enter your username and password."));
      return;
    }

  existing = civic_connection_manager_find (self, CIVIC_CONNECTION_SERVICE, normal, user);
  if (existing != NULL)
    add->connection = g_object_ref (existing);
  else
    add->connection = civic_connection_new (NULL, CIVIC_CONNECTION_SERVICE, title, normal, user);

  add->tmpdir = g_dir_make_tmp ("civicdesk-login-XXXXXX", &error);
  if (add->tmpdir != NULL)
    {
      login_db = g_build_filename (add->tmpdir, "login.db", NULL);
      add->store = civic_store_open (login_db, &error);
    }
  if (add->store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  add->sync = civic_sync_new (add->store, normal);
  add->username = g_steal_pointer (&user);
  add->password = g_strdup (password);

  health = g_strconcat (normal, "health", NULL);
  message = soup_message_new (SOUP_METHOD_GET, health);
  if (self->soup == NULL)
    self->soup = soup_session_new_with_options ("timeout", 30, NULL);
  soup_session_send_and_read_async (self->soup, message, G_PRIORITY_DEFAULT, cancellable,
                                    health_cb, g_steal_pointer (&task));
}

CivicConnection *
civic_connection_manager_add_service_finish (CivicConnectionManager  *self,
                                             GAsyncResult            *result,
                                             GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == civic_connection_manager_add_service_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- adding a plain Open311 endpoint ----------------------------------- */

static void
api_key_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CivicConnectionManager *self = g_task_get_source_object (task);
  AddData *add = g_task_get_task_data (task);
  GError *error = NULL;

  if (result != NULL && !civic_secrets_store_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  keep (self, add->connection, NULL);
  g_task_return_pointer (task, g_object_ref (add->connection), g_object_unref);
}

static void
services_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AddData *add = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *url = civic_connection_get_url (add->connection);
  JsonNode *root;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, CIVIC_ERROR, CIVIC_ERROR_NETWORK,
                                 _("Cannot reach %s. Check the address and the network (%s)."),
                                 url, error->message);
      return;
    }

  if (soup_message_get_status (message) != SOUP_STATUS_OK ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_task_return_new_error (task, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                               _("%s does not look like an Open311 endpoint: its services.json answered “%u %s”."),
                               url, soup_message_get_status (message),
                               soup_message_get_reason_phrase (message) ? soup_message_get_reason_phrase (message) : "");
      return;
    }

  if (add->api_key == NULL)
    {
      api_key_stored_cb (NULL, NULL, g_steal_pointer (&task));
      return;
    }
  civic_secrets_store_async (civic_connection_get_id (add->connection), CIVIC_SECRET_API_KEY,
                             "Civic Desk: Open311 api_key", add->api_key,
                             g_task_get_cancellable (task), api_key_stored_cb, g_object_ref (task));
}

void
civic_connection_manager_add_open311_async (CivicConnectionManager *self,
                                            const char             *title,
                                            const char             *url,
                                            const char             *jurisdiction_id,
                                            const char             *api_key,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *services = NULL;
  g_autofree char *jurisdiction = NULL;
  CivicConnection *existing;
  AddData *add;

  g_return_if_fail (CIVIC_IS_CONNECTION_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, civic_connection_manager_add_open311_async);
  add = g_new0 (AddData, 1);
  g_task_set_task_data (task, add, add_data_free);

  normal = civic_connection_normalize_url (url, &error);
  if (normal == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  jurisdiction = g_strstrip (g_strdup (jurisdiction_id ? jurisdiction_id : ""));
  if (api_key != NULL && *api_key != '\0')
    add->api_key = g_strdup (api_key);

  existing = civic_connection_manager_find (self, CIVIC_CONNECTION_OPEN311, normal, jurisdiction);
  if (existing != NULL)
    add->connection = g_object_ref (existing);
  else
    add->connection = civic_connection_new (NULL, CIVIC_CONNECTION_OPEN311, title, normal, jurisdiction);

  if (*jurisdiction != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (jurisdiction, NULL, FALSE);
      services = g_strconcat (normal, "services.json?jurisdiction_id=", escaped, NULL);
    }
  else
    services = g_strconcat (normal, "services.json", NULL);

  message = soup_message_new (SOUP_METHOD_GET, services);
  if (message == NULL)
    {
      g_task_return_new_error (task, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                               _("Enter an address that starts with https:// or http://"));
      return;
    }
  if (self->soup == NULL)
    self->soup = soup_session_new_with_options ("timeout", 30, NULL);
  soup_session_send_and_read_async (self->soup, message, G_PRIORITY_DEFAULT, cancellable,
                                    services_cb, g_steal_pointer (&task));
}

CivicConnection *
civic_connection_manager_add_open311_finish (CivicConnectionManager  *self,
                                             GAsyncResult            *result,
                                             GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == civic_connection_manager_add_open311_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
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
