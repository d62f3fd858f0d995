/* civic-secrets.h: passwords, tokens and api keys, in the keyring only
 *
 * One libsecret schema, "org.civicdesk.CivicDesk.Credential", keyed by the
 * connection id and the kind of secret. Nothing secret is ever written to
 * GSettings or to a file of ours.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

/* the "kind" attribute */
#define CIVIC_SECRET_TOKEN    "token"     /* a Civic Desk session token */
#define CIVIC_SECRET_API_KEY  "api-key"   /* an Open311 endpoint's api_key */

const SecretSchema *civic_secrets_get_schema (void) G_GNUC_CONST;

void      civic_secrets_store_async   (const char           *connection_id,
                                       const char           *kind,
                                       const char           *label,
                                       const char           *secret,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean  civic_secrets_store_finish  (GAsyncResult         *result,
                                       GError              **error);

/* Resolves to NULL (and no error) when there is none. */
void      civic_secrets_lookup_async  (const char           *connection_id,
                                       const char           *kind,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
char     *civic_secrets_lookup_finish (GAsyncResult         *result,
                                       GError              **error);

/* Every secret of one connection, whatever its kind. */
void      civic_secrets_clear_async   (const char           *connection_id,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean  civic_secrets_clear_finish  (GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
