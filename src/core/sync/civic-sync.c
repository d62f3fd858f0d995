/* civic-sync.c: the desk's sync engine, as the UI sees it
 *
 * The object lives on the UI thread. It owns the state a clerk reads and
 * decides when to run; each run (push the outbox, then pull the changes)
 * happens in a worker thread with its own store connection and its own
 * HTTP session (civic-sync-run.c), so nothing here blocks on the network
 * or on SQLite writes. Only one run is in flight; anything that asks for
 * one meanwhile sets run_again, so bursts of live nudges coalesce.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "civic-error.h"
#include "civic-sync-engine-private.h"

G_DEFINE_FINAL_TYPE (CivicSync, civic_sync, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CivicSyncState, civic_sync_state,
                    G_DEFINE_ENUM_VALUE (CIVIC_SYNC_STATE_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (CIVIC_SYNC_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (CIVIC_SYNC_STATE_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (CIVIC_SYNC_STATE_ONLINE, "online"),
                    G_DEFINE_ENUM_VALUE (CIVIC_SYNC_STATE_ERROR, "error"))

enum
{
  PROP_0,
  PROP_STORE,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_DETAIL,
  PROP_PROGRESS,
  PROP_PENDING,
  PROP_OFFLINE_SINCE,
  PROP_CURSOR,
  PROP_SERVER_URL,
  PROP_USERNAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CHANGED,
  SIGNAL_CONFLICT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_run (CivicSync *self);

/* ---- small helpers ---------------------------------------------------- */

char *
civic_sync_format_count (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *s = g_string_new (NULL);
  gsize len = strlen (digits);
  gsize i;

  /* "12,400": the grouping a clerk expects, whatever the C locale says */
  for (i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

static void
set_string (CivicSync  *self,
            char      **field,
            const char *value,
            guint       prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_progress (CivicSync *self,
              double     progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_state (CivicSync      *self,
           CivicSyncState  state,
           const char     *message,
           const char     *detail)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (state == CIVIC_SYNC_STATE_OFFLINE)
    {
      if (self->offline_since == 0)
        {
          self->offline_since = g_get_real_time () / G_USEC_PER_SEC;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_SINCE]);
        }
    }
  else if (state != CIVIC_SYNC_STATE_CONNECTING && self->offline_since != 0)
    {
      self->offline_since = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_SINCE]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  set_string (self, &self->message, message, PROP_MESSAGE);
  set_string (self, &self->detail, detail, PROP_DETAIL);
  if (state != CIVIC_SYNC_STATE_SYNCING)
    set_progress (self, -1);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_offline (CivicSync  *self,
             const char *detail)
{
  g_autoptr(GDateTime) since = NULL;
  g_autofree char *hhmm = NULL;
  g_autofree char *message = NULL;

  if (self->offline_since == 0)
    self->offline_since = g_get_real_time () / G_USEC_PER_SEC;
  since = g_date_time_new_from_unix_local (self->offline_since);
  hhmm = g_date_time_format (since, "%H:%M");
  message = g_strdup_printf (_("Offline since %s"), hhmm);
  set_state (self, CIVIC_SYNC_STATE_OFFLINE, message, detail);
}

static void
update_pending (CivicSync *self)
{
  guint pending = civic_sync_count_outbox (self->store);

  if (pending != self->pending)
    {
      self->pending = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
}

static void
set_cursor (CivicSync *self,
            gint64     cursor)
{
  if (cursor == self->cursor)
    return;
  self->cursor = cursor;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR]);
}

static void
set_online (CivicSync *self)
{
  g_autofree char *message = NULL;

  if (self->pending > 0)
    {
      g_autofree char *n = civic_sync_format_count (self->pending);

      /* writes queued while the run finished: the next run sends them */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Online — %s change to send",
                                              "Online — %s changes to send", self->pending), n);
    }
  set_state (self, CIVIC_SYNC_STATE_ONLINE, message != NULL ? message : _("Online"), NULL);
}

/* ---- posting from the worker ----------------------------------------- */

typedef enum
{
  NOTE_PROGRESS,
  NOTE_CHANGED,
  NOTE_CONFLICT,
  NOTE_DROPPED,
} NoteKind;

typedef struct
{
  CivicSync *self;
  NoteKind   kind;
  guint64    n_done;
  guint64    n_total;
  double     fraction;
  GStrv      strv;        /* changed: ids; conflict: id, field, local, server */
  guint      kinds;
  gint64     cursor;
  char      *text;
} Note;

static void
note_free (gpointer data)
{
  Note *note = data;

  g_object_unref (note->self);
  g_strfreev (note->strv);
  g_free (note->text);
  g_free (note);
}

static gboolean
note_dispatch (gpointer data)
{
  Note *note = data;
  CivicSync *self = note->self;

  /* a run that outlived stop () says nothing more */
  if (!self->started && note->kind == NOTE_PROGRESS)
    return G_SOURCE_REMOVE;

  switch (note->kind)
    {
    case NOTE_PROGRESS:
      {
        g_autofree char *message = NULL;

        if (note->n_total > 0)
          {
            g_autofree char *done = civic_sync_format_count (note->n_done);
            g_autofree char *total = civic_sync_format_count (MAX (note->n_total, note->n_done));

            message = g_strdup_printf (_("Syncing %s of %s"), done, total);
          }
        g_object_freeze_notify (G_OBJECT (self));
        set_state (self, CIVIC_SYNC_STATE_SYNCING, message != NULL ? message : _("Syncing…"), NULL);
        set_progress (self, note->fraction);
        g_object_thaw_notify (G_OBJECT (self));
      }
      break;

    case NOTE_CHANGED:
      if (note->cursor >= 0)
        set_cursor (self, note->cursor);
      update_pending (self);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0, note->strv, note->kinds);
      break;

    case NOTE_CONFLICT:
      g_signal_emit (self, signals[SIGNAL_CONFLICT], 0,
                     note->strv[0], note->strv[1], note->strv[2], note->strv[3]);
      break;

    case NOTE_DROPPED:
      /* the message stays the state's; the dropped write is the detail
       * the UI shows one click away */
      set_string (self, &self->detail, note->text, PROP_DETAIL);
      break;
    }
  return G_SOURCE_REMOVE;
}

static void
post_note (CivicRun *run,
           Note     *note)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  /* never g_main_context_invoke (): it runs the function right here, in
   * the worker, whenever the UI thread is between two iterations */
  note->self = g_object_ref (run->self);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, note_dispatch, note, note_free);
  g_source_set_static_name (source, "[civic-sync] note");
  g_source_attach (source, run->context);
}

void
civic_sync_post_progress (CivicRun *run,
                          guint64   n_done,
                          guint64   n_total,
                          double    fraction)
{
  Note *note = g_new0 (Note, 1);

  note->kind = NOTE_PROGRESS;
  note->n_done = n_done;
  note->n_total = n_total;
  note->fraction = CLAMP (fraction, 0.0, 1.0);
  post_note (run, note);
}

void
civic_sync_post_changed (CivicRun  *run,
                         GPtrArray *request_ids,
                         guint      kinds,
                         gint64     cursor)
{
  Note *note = g_new0 (Note, 1);

  note->kind = NOTE_CHANGED;
  note->kinds = kinds;
  note->cursor = cursor;
  if (request_ids != NULL)
    {
      guint i;

      note->strv = g_new0 (char *, request_ids->len + 1);
      for (i = 0; i < request_ids->len; i++)
        note->strv[i] = g_strdup (g_ptr_array_index (request_ids, i));
    }
  post_note (run, note);
}

void
civic_sync_post_conflict (CivicRun   *run,
                          const char *request_id,
                          const char *field,
                          const char *local_value,
                          const char *server_value)
{
  Note *note = g_new0 (Note, 1);

  note->kind = NOTE_CONFLICT;
  note->strv = g_new0 (char *, 5);
  note->strv[0] = g_strdup (request_id);
  note->strv[1] = g_strdup (field);
  note->strv[2] = g_strdup (local_value);
  note->strv[3] = g_strdup (server_value);
  post_note (run, note);
}

void
civic_sync_post_dropped (CivicRun   *run,
                         const char *what)
{
  Note *note = g_new0 (Note, 1);

  note->kind = NOTE_DROPPED;
  note->text = g_strdup (what);
  post_note (run, note);
}

/* ---- runs --------------------------------------------------------------- */

static gboolean
run_source_cb (gpointer data)
{
  CivicSync *self = data;

  self->run_source = 0;
  start_run (self);
  return G_SOURCE_REMOVE;
}

/* Asks for a run after @delay_s seconds (0: at the next idle). An earlier
 * request wins over a later one. */
void
civic_sync_schedule_run (CivicSync *self,
                         guint      delay_s)
{
  if (!self->started || self->token == NULL)
    return;
  if (self->running)
    {
      self->run_again = TRUE;
      return;
    }
  if (self->run_source != 0)
    {
      if (delay_s > 0)
        return;
      g_clear_handle_id (&self->run_source, g_source_remove);
    }
  if (delay_s == 0)
    self->run_source = g_idle_add_full (G_PRIORITY_DEFAULT, run_source_cb, self, NULL);
  else
    self->run_source = g_timeout_add_seconds (delay_s, run_source_cb, self);
}

static void
schedule_retry (CivicSync *self)
{
  guint delay = self->retry_s;

  self->retry_s = MIN (MAX (self->retry_s * 2, CIVIC_SYNC_BACKOFF_MIN_S), CIVIC_SYNC_BACKOFF_MAX_S);
  civic_sync_schedule_run (self, MAX (delay, CIVIC_SYNC_BACKOFF_MIN_S));
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CivicSync *self = CIVIC_SYNC (source);
  CivicRun *run = g_task_get_task_data (G_TASK (result));
  g_autofree char *message = NULL;

  self->running = FALSE;
  g_debug ("sync %p: run done, outcome %d, cursor %" G_GINT64_FORMAT ", current %" G_GINT64_FORMAT
           ", again %d (%s)", self, run->outcome, run->cursor, run->current, self->run_again,
           run->detail != NULL ? run->detail : "");
  if (run->outcome == CIVIC_RUN_CANCELLED || !self->started)
    return;

  set_cursor (self, run->cursor);
  civic_sync_server_seq (self, run->current);
  update_pending (self);

  switch (run->outcome)
    {
    case CIVIC_RUN_OK:
      self->retry_s = CIVIC_SYNC_BACKOFF_MIN_S;
      /* the socket may have dropped while the service was away */
      if (self->live == NULL && !self->live_connecting && self->live_source == 0)
        civic_sync_live_connect (self);
      if (self->run_again || self->pending > 0 || self->cursor < self->server_seq)
        {
          self->run_again = FALSE;
          civic_sync_schedule_run (self, 0);
        }
      else
        set_online (self);
      break;

    case CIVIC_RUN_OFFLINE:
      self->run_again = FALSE;
      set_offline (self, run->detail);
      schedule_retry (self);
      break;

    case CIVIC_RUN_AUTH:
      /* nothing a retry can fix: the clerk signs in again */
      self->run_again = FALSE;
      civic_sync_live_close (self);
      set_state (self, CIVIC_SYNC_STATE_ERROR, _("Your session has expired — sign in again"), run->detail);
      break;

    case CIVIC_RUN_SERVER:
      self->run_again = FALSE;
      message = g_strdup_printf (_("The service answered with an error (%u); we will retry"), run->status);
      set_state (self, CIVIC_SYNC_STATE_ERROR, message, run->detail);
      schedule_retry (self);
      break;

    case CIVIC_RUN_INVALID:
      self->run_again = FALSE;
      set_state (self, CIVIC_SYNC_STATE_ERROR, _("The service sent something that is not valid JSON"),
                 run->detail);
      schedule_retry (self);
      break;

    case CIVIC_RUN_STORE:
      self->run_again = FALSE;
      set_state (self, CIVIC_SYNC_STATE_ERROR, _("The local copy of the cases could not be updated"),
                 run->detail);
      schedule_retry (self);
      break;

    case CIVIC_RUN_CANCELLED:
    default:
      break;
    }
}

static void
start_run (CivicSync *self)
{
  g_autoptr(GTask) task = NULL;
  CivicRun *run;

  if (!self->started || self->token == NULL || self->running)
    return;

  run = g_new0 (CivicRun, 1);
  run->self = g_object_ref (self);
  run->context = g_main_context_ref (self->context);
  run->base_url = g_strdup (self->base_url);
  run->token = g_strdup (self->token);
  run->username = g_strdup (self->username);
  run->store_path = g_strdup (civic_store_get_path (self->store));
  run->cursor = self->cursor;

  self->running = TRUE;
  self->run_again = FALSE;
  if (self->state != CIVIC_SYNC_STATE_SYNCING)
    set_state (self, CIVIC_SYNC_STATE_SYNCING, _("Syncing…"), NULL);

  task = g_task_new (self, self->cancellable, run_done_cb, NULL);
  g_task_set_source_tag (task, start_run);
  g_task_set_task_data (task, run, (GDestroyNotify) civic_run_free);
  g_task_run_in_thread (task, civic_sync_run_thread);
}

void
civic_sync_server_seq (CivicSync *self,
                       gint64     seq)
{
  if (seq <= self->server_seq)
    return;
  self->server_seq = seq;
  if (seq > self->cursor)
    civic_sync_schedule_run (self, 0);
}

void
civic_sync_live_state (CivicSync *self,
                       gboolean   open)
{
  if (open)
    {
      /* a socket that opens means the service is back: catch up now */
      self->retry_s = CIVIC_SYNC_BACKOFF_MIN_S;
      if (self->state == CIVIC_SYNC_STATE_OFFLINE || self->state == CIVIC_SYNC_STATE_CONNECTING)
        civic_sync_schedule_run (self, 0);
    }
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    CivicSync       *self)
{
  if (!self->started)
    return;
  if (!available)
    {
      set_offline (self, _("The computer has no network connection"));
      return;
    }
  self->retry_s = CIVIC_SYNC_BACKOFF_MIN_S;
  self->live_backoff_s = CIVIC_SYNC_BACKOFF_MIN_S;
  civic_sync_schedule_run (self, 0);
  if (self->live == NULL && !self->live_connecting)
    {
      g_clear_handle_id (&self->live_source, g_source_remove);
      civic_sync_live_connect (self);
    }
}

/* ---- GObject ------------------------------------------------------------ */

static void
civic_sync_dispose (GObject *object)
{
  CivicSync *self = CIVIC_SYNC (object);

  civic_sync_stop (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_signal_handler (&self->network_changed_id, self->monitor);
  g_clear_object (&self->monitor);
  if (self->session != NULL)
    g_object_set_data (G_OBJECT (self->session), "civic-sync", NULL);
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (civic_sync_parent_class)->dispose (object);
}

static void
civic_sync_finalize (GObject *object)
{
  CivicSync *self = CIVIC_SYNC (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->server_url);
  g_free (self->base_url);
  g_free (self->host);
  g_free (self->token);
  g_free (self->username);
  g_free (self->message);
  g_free (self->detail);

  G_OBJECT_CLASS (civic_sync_parent_class)->finalize (object);
}

static void
civic_sync_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CivicSync *self = CIVIC_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:         g_value_set_object (value, self->store); break;
    case PROP_STATE:         g_value_set_enum (value, self->state); break;
    case PROP_MESSAGE:       g_value_set_string (value, self->message); break;
    case PROP_DETAIL:        g_value_set_string (value, self->detail); break;
    case PROP_PROGRESS:      g_value_set_double (value, self->progress); break;
    case PROP_PENDING:       g_value_set_uint (value, self->pending); break;
    case PROP_OFFLINE_SINCE: g_value_set_int64 (value, self->offline_since); break;
    case PROP_CURSOR:        g_value_set_int64 (value, self->cursor); break;
    case PROP_SERVER_URL:    g_value_set_string (value, self->server_url); break;
    case PROP_USERNAME:      g_value_set_string (value, self->username); break;
    default:                 G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_sync_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CivicSync *self = CIVIC_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SERVER_URL:
      self->server_url = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_sync_constructed (GObject *object)
{
  CivicSync *self = CIVIC_SYNC (object);
  g_autoptr(GUri) uri = NULL;
  const char *url = self->server_url != NULL ? self->server_url : "";

  G_OBJECT_CLASS (civic_sync_parent_class)->constructed (object);

  self->base_url = g_str_has_suffix (url, "/") ? g_strdup (url) : g_strconcat (url, "/", NULL);
  uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL && g_uri_get_port (uri) > 0)
    self->host = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  else
    self->host = g_strdup (uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : url);

  g_return_if_fail (CIVIC_IS_STORE (self->store));
  self->cursor = civic_sync_read_cursor (self->store);
  self->pending = civic_sync_count_outbox (self->store);
}

static void
civic_sync_class_init (CivicSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = civic_sync_constructed;
  object_class->dispose = civic_sync_dispose;
  object_class->finalize = civic_sync_finalize;
  object_class->get_property = civic_sync_get_property;
  object_class->set_property = civic_sync_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CIVIC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CIVIC_TYPE_SYNC_STATE, CIVIC_SYNC_STATE_OFFLINE, ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, -1, 1, -1, ro);
  properties[PROP_PENDING] = g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_OFFLINE_SINCE] =
    g_param_spec_int64 ("offline-since", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_CURSOR] = g_param_spec_int64 ("cursor", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRV, G_TYPE_UINT);
  signals[SIGNAL_CONFLICT] =
    g_signal_new ("conflict", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
civic_sync_init (CivicSync *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->state = CIVIC_SYNC_STATE_OFFLINE;
  self->message = g_strdup (_("Not connected"));
  self->progress = -1;
  self->retry_s = CIVIC_SYNC_BACKOFF_MIN_S;
  self->live_backoff_s = CIVIC_SYNC_BACKOFF_MIN_S;
  self->session = soup_session_new_with_options ("timeout", 30, "idle-timeout", 60, NULL);
}

/* ---- public API ----------------------------------------------------------- */

CivicSync *
civic_sync_new (CivicStore *store,
                const char *server_url)
{
  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);
  g_return_val_if_fail (server_url != NULL, NULL);

  return g_object_new (CIVIC_TYPE_SYNC, "store", store, "server-url", server_url, NULL);
}

void
civic_sync_set_token (CivicSync  *self,
                      const char *username,
                      const char *token)
{
  g_return_if_fail (CIVIC_IS_SYNC (self));

  g_free (self->token);
  self->token = g_strdup (token);
  set_string (self, &self->username, username, PROP_USERNAME);

  /* a new session clears an expired one's error and starts over */
  if (self->started)
    {
      self->retry_s = CIVIC_SYNC_BACKOFF_MIN_S;
      civic_sync_live_close (self);
      set_state (self, CIVIC_SYNC_STATE_CONNECTING, _("Connecting…"), NULL);
      civic_sync_live_connect (self);
      civic_sync_schedule_run (self, 0);
    }
}

void
civic_sync_start (CivicSync *self)
{
  g_autofree char *message = NULL;

  g_return_if_fail (CIVIC_IS_SYNC (self));

  if (self->started)
    return;
  self->started = TRUE;
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }

  if (self->monitor == NULL)
    {
      self->monitor = g_object_ref (g_network_monitor_get_default ());
      self->network_changed_id = g_signal_connect (self->monitor, "network-changed",
                                                   G_CALLBACK (network_changed_cb), self);
    }

  if (self->token == NULL)
    {
      set_state (self, CIVIC_SYNC_STATE_ERROR, _("Sign in to sync with the service"), NULL);
      return;
    }
  message = g_strdup_printf (_("Connecting to %s…"), self->host);
  set_state (self, CIVIC_SYNC_STATE_CONNECTING, message, NULL);
  civic_sync_live_connect (self);
  civic_sync_schedule_run (self, 0);
}

void
civic_sync_stop (CivicSync *self)
{
  g_return_if_fail (CIVIC_IS_SYNC (self));

  if (!self->started)
    return;
  self->started = FALSE;
  self->run_again = FALSE;
  g_clear_handle_id (&self->run_source, g_source_remove);
  civic_sync_live_close (self);
  /* the running worker sees this between requests and pages; what it
   * already committed stays, what it had not is sent again next time */
  g_cancellable_cancel (self->cancellable);
  if (self->store != NULL)
    set_offline (self, NULL);
}

void
civic_sync_now (CivicSync *self)
{
  g_return_if_fail (CIVIC_IS_SYNC (self));

  self->retry_s = CIVIC_SYNC_BACKOFF_MIN_S;
  self->live_backoff_s = CIVIC_SYNC_BACKOFF_MIN_S;
  if (self->started && self->live == NULL && !self->live_connecting)
    {
      g_clear_handle_id (&self->live_source, g_source_remove);
      civic_sync_live_connect (self);
    }
  civic_sync_schedule_run (self, 0);
}

void
civic_sync_outbox_changed (CivicSync *self)
{
  g_return_if_fail (CIVIC_IS_SYNC (self));

  update_pending (self);
  /* an expired session or a backoff waits; otherwise send at once */
  if (self->state != CIVIC_SYNC_STATE_ERROR && self->state != CIVIC_SYNC_STATE_OFFLINE)
    civic_sync_schedule_run (self, 0);
}
