/* civic-connection.h: one service this desk syncs with
 *
 * Either a Civic Desk service (URL + username; the session token is in
 * the keyring) or a city's plain Open311 endpoint (base URL + optional
 * jurisdiction_id; the optional api_key is in the keyring). Each has its
 * own replica file, so two connections never share or mix data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  CIVIC_CONNECTION_SERVICE,   /* a civicdesk-server: staff API, feed, live */
  CIVIC_CONNECTION_OPEN311,   /* any GeoReport v2 endpoint */
} CivicConnectionKind;

GType civic_connection_kind_get_type (void) G_GNUC_CONST;
#define CIVIC_TYPE_CONNECTION_KIND (civic_connection_kind_get_type ())

#define CIVIC_TYPE_CONNECTION (civic_connection_get_type ())
G_DECLARE_FINAL_TYPE (CivicConnection, civic_connection, CIVIC, CONNECTION, GObject)

/* @account is the username (service) or the jurisdiction_id (Open311,
 * may be empty). A NULL @id makes a fresh one. */
CivicConnection     *civic_connection_new            (const char          *id,
                                                      CivicConnectionKind  kind,
                                                      const char          *title,
                                                      const char          *url,
                                                      const char          *account);
const char          *civic_connection_get_id         (CivicConnection     *self);
CivicConnectionKind  civic_connection_get_kind       (CivicConnection     *self);
const char          *civic_connection_get_title      (CivicConnection     *self);
const char          *civic_connection_get_url        (CivicConnection     *self);
const char          *civic_connection_get_username   (CivicConnection     *self);
const char          *civic_connection_get_jurisdiction_id (CivicConnection *self);
const char          *civic_connection_get_account    (CivicConnection     *self);
/* g_get_user_data_dir()/civicdesk/<id>.db */
char                *civic_connection_dup_store_path (CivicConnection     *self);
/* "advocate at 127.0.0.1:8080" or "Open311 at data.city.gov" */
char                *civic_connection_dup_subtitle   (CivicConnection     *self);

const char          *civic_connection_kind_to_string   (CivicConnectionKind kind);
gboolean             civic_connection_kind_from_string (const char          *text,
                                                        CivicConnectionKind *kind);

/* An http(s) URL with a host; NULL and a message in words otherwise. The
 * result ends with one '/'. */
char                *civic_connection_normalize_url  (const char          *text,
                                                      GError             **error);

G_END_DECLS
