/* civic-secrets.c: passwords, tokens and api keys, in the keyring only
 *
 * Thin GTask wrappers over libsecret's async calls, so callers get one
 * source-tagged _finish each and errors in words: a locked or missing
 * keyring is something a clerk can fix, and the message says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-error.h"
#include "civic-secrets.h"

const SecretSchema *
civic_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    "org.civicdesk.CivicDesk.Credential", SECRET_SCHEMA_NONE,
    {
      { "connection", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* libsecret's own messages speak of D-Bus and collections; keep them as
 * the detail and lead with what to do. */
static GError *
keyring_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  return g_error_new (CIVIC_ERROR, CIVIC_ERROR_FAILED,
                      _("The keyring could not be used (%s). Make sure it is running and unlocked."),
                      error->message);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
civic_secrets_store_async (const char          *connection_id,
                           const char          *kind,
                           const char          *label,
                           const char          *secret,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (connection_id != NULL && kind != NULL && secret != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, civic_secrets_store_async);

  secret_password_store (civic_secrets_get_schema (), SECRET_COLLECTION_DEFAULT,
                         label, secret, cancellable, store_cb, g_steal_pointer (&task),
                         "connection", connection_id,
                         "kind", kind,
                         NULL);
}

gboolean
civic_secrets_store_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == civic_secrets_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) secret_password_free);
}

void
civic_secrets_lookup_async (const char          *connection_id,
                            const char          *kind,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (connection_id != NULL && kind != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, civic_secrets_lookup_async);

  secret_password_lookup (civic_secrets_get_schema (), cancellable,
                          lookup_cb, g_steal_pointer (&task),
                          "connection", connection_id,
                          "kind", kind,
                          NULL);
}

/* Free with secret_password_free(): it wipes the memory first. */
char *
civic_secrets_lookup_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == civic_secrets_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error only means there was nothing to remove */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
civic_secrets_clear_async (const char          *connection_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (connection_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, civic_secrets_clear_async);

  /* matching on the connection alone removes every kind at once */
  secret_password_clear (civic_secrets_get_schema (), cancellable,
                         clear_cb, g_steal_pointer (&task),
                         "connection", connection_id,
                         NULL);
}

gboolean
civic_secrets_clear_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == civic_secrets_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
