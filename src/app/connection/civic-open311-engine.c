/* civic-open311-engine.c: what keeps an Open311 connection's replica fresh
 *
 * One run is services (and their definitions, which the New Request
 * dialog needs) and then requests; runs never overlap, so "Sync now"
 * during a run changes nothing. A failed run leaves the replica as it was
 * and the pull's resume point in the store, so the next run continues.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "civic-error.h"
#include "civic-open311-engine.h"
#include "civic-secrets.h"

struct _CivicOpen311Engine
{
  GObject             parent_instance;

  CivicConnection    *connection;
  CivicStore         *store;
  CivicOpen311Client *client;

  CivicSyncState      state;
  char               *message;
  char               *detail;
  GDateTime          *offline_since;   /* the first failed run of this outage */

  gboolean            busy;
  gboolean            started;
  guint               timer;
  gulong              progress_handler;
  GCancellable       *cancellable;     /* cancelled in stop and dispose */
};

G_DEFINE_FINAL_TYPE (CivicOpen311Engine, civic_open311_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_DETAIL,
  PROP_PROGRESS,
  PROP_PENDING,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void run (CivicOpen311Engine *self);

/* "12,400": the grouping CivicSync uses, whatever the C locale says */
static char *
format_count (guint n)
{
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *s = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

static void
set_string (CivicOpen311Engine  *self,
            char               **field,
            const char          *value,
            GParamSpec          *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
set_state (CivicOpen311Engine *self,
           CivicSyncState      state,
           const char         *message,
           const char         *detail)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  set_string (self, &self->message, message, properties[PROP_MESSAGE]);
  set_string (self, &self->detail, detail, properties[PROP_DETAIL]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_busy (CivicOpen311Engine *self,
          gboolean            busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static const char *
short_reason (const GError *error)
{
  if (error->domain == CIVIC_ERROR)
    switch (error->code)
      {
      case CIVIC_ERROR_FORBIDDEN:
        return _("The city refused this desk's api key");
      case CIVIC_ERROR_NOT_FOUND:
        return _("The city's endpoint is missing a page it should have");
      case CIVIC_ERROR_INVALID:
        return _("The city's endpoint answered in a way the desk cannot read");
      case CIVIC_ERROR_FAILED:
        return _("The city's endpoint answered with an error");
      default:
        break;
      }
  if (error->domain == CIVIC_ERROR && error->code >= CIVIC_ERROR_STORE_CORRUPT &&
      error->code <= CIVIC_ERROR_STORE_MISSING)
    return _("The local copy of the requests could not be updated");
  return _("Reading the city's endpoint failed");
}

/* Unreachable is "offline since" the first failure, like CivicSync; any
 * other failure is the city's answer, and the reason is the message. */
static void
run_failed (CivicOpen311Engine *self,
            const GError       *error)
{
  set_busy (self, FALSE);
  if (g_error_matches (error, CIVIC_ERROR, CIVIC_ERROR_NETWORK))
    {
      g_autofree char *hhmm = NULL;
      g_autofree char *message = NULL;

      if (self->offline_since == NULL)
        self->offline_since = g_date_time_new_now_local ();
      hhmm = g_date_time_format (self->offline_since, "%H:%M");
      /* TRANSLATORS: %s is a time, e.g. 14:02 */
      message = g_strdup_printf (_("Offline since %s"), hhmm);
      set_state (self, CIVIC_SYNC_STATE_OFFLINE, message, error->message);
      return;
    }

  g_clear_pointer (&self->offline_since, g_date_time_unref);
  /* the header has room for a line; the whole reason is one click away */
  set_state (self, CIVIC_SYNC_STATE_ERROR, short_reason (error), error->message);
}

static void
progress_cb (CivicOpen311Client *client,
             guint               stored,
             CivicOpen311Engine *self)
{
  g_autofree char *n = NULL;
  g_autofree char *message = NULL;

  if (!self->busy)
    return;
  n = format_count (stored);
  /* TRANSLATORS: %s is a count, e.g. "1,200" */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reading %s request",
                                          "Reading %s requests", stored), n);
  set_state (self, CIVIC_SYNC_STATE_SYNCING, message, NULL);
}

static void
pull_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CivicOpen311Engine) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *hhmm = NULL;
  g_autofree char *message = NULL;
  guint n_cases = 0;

  if (!civic_open311_client_pull_finish (CIVIC_OPEN311_CLIENT (object), result, &n_cases, &error))
    {
      if (!is_cancelled (error))
        run_failed (self, error);
      return;
    }

  set_busy (self, FALSE);
  g_clear_pointer (&self->offline_since, g_date_time_unref);
  now = g_date_time_new_now_local ();
  hhmm = g_date_time_format (now, "%H:%M");
  subtitle = civic_connection_dup_subtitle (self->connection);
  /* TRANSLATORS: "Open311 at data.city.gov — updated 14:02" */
  message = g_strdup_printf (_("%s — updated %s"), subtitle, hhmm);
  set_state (self, CIVIC_SYNC_STATE_ONLINE, message, NULL);
}

static void
services_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CivicOpen311Engine) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!civic_open311_client_pull_services_finish (CIVIC_OPEN311_CLIENT (object), result, NULL, &error))
    {
      if (!is_cancelled (error))
        run_failed (self, error);
      return;
    }

  set_state (self, CIVIC_SYNC_STATE_SYNCING, _("Reading requests"), NULL);
  civic_open311_client_pull_async (self->client, self->cancellable, pull_cb, g_object_ref (self));
}

static void
run (CivicOpen311Engine *self)
{
  if (self->busy || self->client == NULL)
    return;

  set_busy (self, TRUE);
  set_state (self, CIVIC_SYNC_STATE_SYNCING, _("Reading the city's services"), NULL);
  civic_open311_client_pull_services_async (self->client, self->cancellable,
                                            services_cb, g_object_ref (self));
}

static gboolean
tick_cb (gpointer data)
{
  run (CIVIC_OPEN311_ENGINE (data));
  return G_SOURCE_CONTINUE;
}

static void
api_key_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CivicOpen311Engine) self = user_data;
  g_autoptr(GError) error = NULL;
  char *api_key;

  api_key = civic_secrets_lookup_finish (result, &error);
  if (is_cancelled (error))
    {
      secret_password_free (api_key);
      return;
    }

  /* without the keyring the desk can still read; only submitting needs
   * the key, and the city says so in words when it is missing */
  self->client = civic_open311_client_new (civic_connection_get_url (self->connection),
                                           civic_connection_get_jurisdiction_id (self->connection),
                                           api_key, self->store);
  secret_password_free (api_key);
  self->progress_handler = g_signal_connect (self->client, "progress", G_CALLBACK (progress_cb), self);

  self->timer = g_timeout_add_seconds (CIVIC_OPEN311_ENGINE_INTERVAL, tick_cb, self);
  run (self);
}

/* ---- GObject ----------------------------------------------------------- */

static void
civic_open311_engine_dispose (GObject *object)
{
  CivicOpen311Engine *self = CIVIC_OPEN311_ENGINE (object);

  civic_open311_engine_stop (self);
  if (self->client != NULL)
    g_clear_signal_handler (&self->progress_handler, self->client);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (civic_open311_engine_parent_class)->dispose (object);
}

static void
civic_open311_engine_finalize (GObject *object)
{
  CivicOpen311Engine *self = CIVIC_OPEN311_ENGINE (object);

  g_clear_object (&self->connection);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->offline_since, g_date_time_unref);

  G_OBJECT_CLASS (civic_open311_engine_parent_class)->finalize (object);
}

static void
civic_open311_engine_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CivicOpen311Engine *self = CIVIC_OPEN311_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, -1.0);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, 0);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_open311_engine_class_init (CivicOpen311EngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = civic_open311_engine_dispose;
  object_class->finalize = civic_open311_engine_finalize;
  object_class->get_property = civic_open311_engine_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CIVIC_TYPE_SYNC_STATE, CIVIC_SYNC_STATE_CONNECTING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, -1.0, 1.0, -1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
civic_open311_engine_init (CivicOpen311Engine *self)
{
  self->state = CIVIC_SYNC_STATE_CONNECTING;
  self->cancellable = g_cancellable_new ();
}

/* ---- public API -------------------------------------------------------- */

CivicOpen311Engine *
civic_open311_engine_new (CivicConnection *connection,
                          CivicStore      *store)
{
  CivicOpen311Engine *self;

  g_return_val_if_fail (CIVIC_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  self = g_object_new (CIVIC_TYPE_OPEN311_ENGINE, NULL);
  self->connection = g_object_ref (connection);
  self->store = g_object_ref (store);
  self->message = civic_connection_dup_subtitle (connection);
  return self;
}

void
civic_open311_engine_start (CivicOpen311Engine *self)
{
  g_return_if_fail (CIVIC_IS_OPEN311_ENGINE (self));

  if (self->started)
    return;
  self->started = TRUE;
  civic_secrets_lookup_async (civic_connection_get_id (self->connection), CIVIC_SECRET_API_KEY,
                              self->cancellable, api_key_cb, g_object_ref (self));
}

void
civic_open311_engine_stop (CivicOpen311Engine *self)
{
  g_return_if_fail (CIVIC_IS_OPEN311_ENGINE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer, g_source_remove);
  set_busy (self, FALSE);
}

void
civic_open311_engine_now (CivicOpen311Engine *self)
{
  g_return_if_fail (CIVIC_IS_OPEN311_ENGINE (self));

  run (self);
}

CivicOpen311Client *
civic_open311_engine_get_client (CivicOpen311Engine *self)
{
  g_return_val_if_fail (CIVIC_IS_OPEN311_ENGINE (self), NULL);
  return self->client;
}

gboolean
civic_open311_engine_get_busy (CivicOpen311Engine *self)
{
  g_return_val_if_fail (CIVIC_IS_OPEN311_ENGINE (self), FALSE);
  return self->busy;
}

CivicSyncState
civic_open311_engine_get_state (CivicOpen311Engine *self)
{
  g_return_val_if_fail (CIVIC_IS_OPEN311_ENGINE (self), CIVIC_SYNC_STATE_OFFLINE);
  return self->state;
}

const char *
civic_open311_engine_get_message (CivicOpen311Engine *self)
{
  g_return_val_if_fail (CIVIC_IS_OPEN311_ENGINE (self), NULL);
  return self->message;
}

const char *
civic_open311_engine_get_detail (CivicOpen311Engine *self)
{
  g_return_val_if_fail (CIVIC_IS_OPEN311_ENGINE (self), NULL);
  return self->detail;
}
