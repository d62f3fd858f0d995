/* civic-sync-login.c: signing in (POST /api/v1/session)
 *
 * On the UI thread with the engine's async session: the answer is a few
 * hundred bytes, so parsing it here costs nothing. Every failure is a
 * sentence a clerk can act on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "civic-error.h"
#include "civic-sync-engine-private.h"

typedef struct
{
  char *username;
} Login;

static void
login_free (gpointer data)
{
  Login *login = data;

  g_free (login->username);
  g_free (login);
}

static char *
error_message_of (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *error;

  if (body == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  error = json_object_get_object_member (json_node_get_object (root), "error");
  if (error == NULL || !json_object_has_member (error, "message"))
    return NULL;
  return g_strdup (json_object_get_string_member (error, "message"));
}

static void
login_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CivicSync *self = g_task_get_source_object (task);
  Login *login = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *server_says = NULL;
  JsonNode *root;
  const char *token = NULL;
  guint status;

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, CIVIC_ERROR, CIVIC_ERROR_NETWORK,
                                 _("Cannot reach the service at %s: %s"), self->host, error->message);
      return;
    }

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_task_return_new_error (task, CIVIC_ERROR, CIVIC_ERROR_FORBIDDEN,
                               _("Wrong username or password"));
      return;
    }
  if (status == CIVIC_SYNC_STATUS_TOO_MANY_REQUESTS)
    {
      g_task_return_new_error (task, CIVIC_ERROR, CIVIC_ERROR_FORBIDDEN,
                               _("Too many attempts to sign in; wait a minute and try again"));
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      server_says = error_message_of (body);
      g_task_return_new_error (task, CIVIC_ERROR, CIVIC_ERROR_NETWORK,
                               _("The service answered with an error (%u)%s%s"), status,
                               server_says != NULL ? ": " : "", server_says != NULL ? server_says : "");
      return;
    }

  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    token = json_object_get_string_member_with_default (json_node_get_object (root), "token", NULL);
  if (token == NULL || *token == '\0')
    {
      g_task_return_new_error (task, CIVIC_ERROR, CIVIC_ERROR_NETWORK,
                               _("The service sent something that is not valid JSON"));
      return;
    }

  civic_sync_set_token (self, login->username, token);
  g_task_return_pointer (task, g_strdup (token), g_free);
}

void
civic_sync_login_async (CivicSync           *self,
                        const char          *username,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Login *login;

  g_return_if_fail (CIVIC_IS_SYNC (self));
  g_return_if_fail (username != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, civic_sync_login_async);
  login = g_new0 (Login, 1);
  login->username = g_strdup (username);
  g_task_set_task_data (task, login, login_free);

  url = g_strconcat (self->base_url, "api/v1/session", NULL);
  msg = soup_message_new (SOUP_METHOD_POST, url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                               _("“%s” is not a web address"), self->server_url);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  bytes = g_bytes_new (body, strlen (body));
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    login_cb, g_steal_pointer (&task));
}

char *
civic_sync_login_finish (CivicSync     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (CIVIC_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == civic_sync_login_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
