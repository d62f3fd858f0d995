/* civic-connection.c: one service this desk syncs with
 *
 * Immutable once made: changing the address or the account of a
 * connection is a new connection with a new replica, so nothing pulled
 * from one service is ever shown as coming from another.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-connection.h"
#include "civic-error.h"

struct _CivicConnection
{
  GObject              parent_instance;

  char                *id;
  CivicConnectionKind  kind;
  char                *title;
  char                *url;
  char                *account;
};

G_DEFINE_FINAL_TYPE (CivicConnection, civic_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_URL,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
civic_connection_kind_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { CIVIC_CONNECTION_SERVICE, "CIVIC_CONNECTION_SERVICE", "service" },
    { CIVIC_CONNECTION_OPEN311, "CIVIC_CONNECTION_OPEN311", "open311" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("CivicConnectionKind", values));

  return type_id;
}

const char *
civic_connection_kind_to_string (CivicConnectionKind kind)
{
  return kind == CIVIC_CONNECTION_OPEN311 ? "open311" : "service";
}

gboolean
civic_connection_kind_from_string (const char          *text,
                                   CivicConnectionKind *kind)
{
  if (g_strcmp0 (text, "service") == 0)
    *kind = CIVIC_CONNECTION_SERVICE;
  else if (g_strcmp0 (text, "open311") == 0)
    *kind = CIVIC_CONNECTION_OPEN311;
  else
    return FALSE;

  return TRUE;
}

static void
civic_connection_finalize (GObject *object)
{
  CivicConnection *self = CIVIC_CONNECTION (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->account, g_free);

  G_OBJECT_CLASS (civic_connection_parent_class)->finalize (object);
}

static void
civic_connection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CivicConnection *self = CIVIC_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_take_string (value, civic_connection_dup_subtitle (self));
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_ACCOUNT:
      g_value_set_string (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_connection_class_init (CivicConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = civic_connection_finalize;
  object_class->get_property = civic_connection_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, CIVIC_TYPE_CONNECTION_KIND, CIVIC_CONNECTION_SERVICE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_string ("account", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
civic_connection_init (CivicConnection *self)
{
}

/* The host and port, which is how clerks tell two services apart. */
static char *
dup_host (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

CivicConnection *
civic_connection_new (const char          *id,
                      CivicConnectionKind  kind,
                      const char          *title,
                      const char          *url,
                      const char          *account)
{
  CivicConnection *self;

  g_return_val_if_fail (url != NULL, NULL);

  self = g_object_new (CIVIC_TYPE_CONNECTION, NULL);
  /* a UUID is a safe file name and never reused after a removal */
  self->id = id != NULL ? g_strdup (id) : g_uuid_string_random ();
  self->kind = kind;
  self->url = g_strdup (url);
  self->account = g_strdup (account != NULL ? account : "");
  if (title != NULL && *title != '\0')
    self->title = g_strdup (title);
  else
    self->title = dup_host (url);

  return self;
}

const char *
civic_connection_get_id (CivicConnection *self)
{
  g_return_val_if_fail (CIVIC_IS_CONNECTION (self), NULL);
  return self->id;
}

CivicConnectionKind
civic_connection_get_kind (CivicConnection *self)
{
  g_return_val_if_fail (CIVIC_IS_CONNECTION (self), CIVIC_CONNECTION_SERVICE);
  return self->kind;
}

const char *
civic_connection_get_title (CivicConnection *self)
{
  g_return_val_if_fail (CIVIC_IS_CONNECTION (self), NULL);
  return self->title;
}

const char *
civic_connection_get_url (CivicConnection *self)
{
  g_return_val_if_fail (CIVIC_IS_CONNECTION (self), NULL);
  return self->url;
}

const char *
civic_connection_get_account (CivicConnection *self)
{
  g_return_val_if_fail (CIVIC_IS_CONNECTION (self), NULL);
  return self->account;
}

const char *
civic_connection_get_username (CivicConnection *self)
{
  g_return_val_if_fail (CIVIC_IS_CONNECTION (self), NULL);
  return self->kind == CIVIC_CONNECTION_SERVICE ? self->account : NULL;
}

const char *
civic_connection_get_jurisdiction_id (CivicConnection *self)
{
  g_return_val_if_fail (CIVIC_IS_CONNECTION (self), NULL);
  if (self->kind != CIVIC_CONNECTION_OPEN311 || *self->account == '\0')
    return NULL;
  return self->account;
}

char *
civic_connection_dup_store_path (CivicConnection *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (CIVIC_IS_CONNECTION (self), NULL);

  name = g_strconcat (self->id, ".db", NULL);
  return g_build_filename (g_get_user_data_dir (), "civicdesk", name, NULL);
}

char *
civic_connection_dup_subtitle (CivicConnection *self)
{
  g_autofree char *host = NULL;

  g_return_val_if_fail (CIVIC_IS_CONNECTION (self), NULL);

  host = dup_host (self->url);
  if (self->kind == CIVIC_CONNECTION_OPEN311)
    /* TRANSLATORS: %s is a host name, e.g. "data.city.gov" */
    return g_strdup_printf (_("Open311 at %s"), host);
  /* TRANSLATORS: "advocate at 311.example.gov" */
  return g_strdup_printf (_("%s at %s"), self->account, host);
}

char *
civic_connection_normalize_url (const char  *text,
                                GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GUri) uri = NULL;

  uri = g_uri_parse (stripped, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "http") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   _("Enter an address that starts with https:// or http://"));
      return NULL;
    }

  if (g_str_has_suffix (stripped, "/"))
    return g_steal_pointer (&stripped);
  return g_strconcat (stripped, "/", NULL);
}
