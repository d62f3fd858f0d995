/* civic-connection-manager-add.c: adding a connection, only once it works
 *
 * A Civic Desk service must say so at /health before any password is
 * sent, and the sign-in runs on a throwaway engine and replica in a
 * temporary folder: a wrong password or an unreachable address leaves no
 * file, no settings entry and no secret. A plain Open311 endpoint must
 * answer services.json. What goes wrong is one sentence for the form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "civic-connection-manager-private.h"
#include "civic-error.h"
#include "civic-secrets.h"

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

  civic_connection_manager_keep (self, add->connection, add->token);
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

  civic_connection_manager_keep (self, add->connection, NULL);
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
