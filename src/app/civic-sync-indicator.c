/* civic-sync-indicator.c: the sync state in the header bar
 *
 * An icon and the engine's own line ("Online", "Syncing 12,400 of
 * 100,000", "Offline since 14:02", the reason of an error), and, when
 * writes are waiting, how many. The technical detail and "Sync Now" sit
 * in a popover one click away, so a clerk who sees "Offline" learns since
 * when and why without opening a log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-sync-indicator.h"

struct _CivicSyncIndicator
{
  AdwBin          parent_instance;

  CivicSyncState  state;
  char           *message;
  char           *detail;
  double          progress;
  guint           pending;
  char           *pending_text;

  GtkMenuButton  *button;
  GtkImage       *icon;
  GtkLabel       *label;
  GtkLabel       *pending_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *message_label;
  GtkLabel       *detail_label;
  GtkLabel       *popover_pending_label;
  GtkLabel       *connection_label;
  GtkButton      *sync_button;
  GtkButton      *sign_in_button;
  gboolean        no_sign_in;     /* a connection without accounts (Open311) */
};

G_DEFINE_FINAL_TYPE (CivicSyncIndicator, civic_sync_indicator, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_DETAIL,
  PROP_PROGRESS,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *icon_name;
  const char *label;
  const char *css_class;
} state_looks[] = {
  [CIVIC_SYNC_STATE_OFFLINE]    = { "network-offline-symbolic",          N_("Offline"),     "offline" },
  [CIVIC_SYNC_STATE_CONNECTING] = { "emblem-synchronizing-symbolic",     N_("Connecting…"), "connecting" },
  [CIVIC_SYNC_STATE_SYNCING]    = { "emblem-synchronizing-symbolic",     N_("Syncing…"),    "syncing" },
  [CIVIC_SYNC_STATE_ONLINE]     = { "network-transmit-receive-symbolic", N_("Online"),      "online" },
  [CIVIC_SYNC_STATE_ERROR]      = { "network-error-symbolic",            N_("Sync Error"),  "error" },
};

/* The engine's line when it has one; the state's word otherwise. */
static void
update_label (CivicSyncIndicator *self)
{
  const char *text = self->message != NULL && *self->message != '\0'
                     ? self->message : _(state_looks[self->state].label);
  g_autofree char *label = NULL;

  /* online, the engine's line may add the outbox count, which the pill
   * beside the label already shows: one word is enough there */
  gtk_label_set_label (self->label, self->state == CIVIC_SYNC_STATE_ONLINE
                                    ? _(state_looks[self->state].label) : text);
  gtk_label_set_label (self->message_label, text);
  /* an Open311 engine's line starts with the connection ("Open311 at
   * host — updated 14:02"): the line above it would only repeat it */
  gtk_widget_set_visible (GTK_WIDGET (self->connection_label),
                          *gtk_label_get_label (self->connection_label) != '\0' &&
                          !g_str_has_prefix (text, gtk_label_get_label (self->connection_label)));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), text);

  /* TRANSLATORS: read by screen readers, %s is e.g. "Online" */
  label = g_strdup_printf (_("Sync status: %s"), _(state_looks[self->state].label));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
update_progress (CivicSyncIndicator *self)
{
  gboolean show = self->state == CIVIC_SYNC_STATE_SYNCING && self->progress >= 0;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), show);
  if (show)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (self->progress, 0.0, 1.0));
}

/* The popover would focus the selectable detail first and show it all
 * selected; the button is what a clerk opening it wants anyway. */
static void
popover_show_cb (CivicSyncIndicator *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->sync_button));
}

static void
civic_sync_indicator_finalize (GObject *object)
{
  CivicSyncIndicator *self = CIVIC_SYNC_INDICATOR (object);

  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->pending_text, g_free);

  G_OBJECT_CLASS (civic_sync_indicator_parent_class)->finalize (object);
}

static void
civic_sync_indicator_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CivicSyncIndicator *self = CIVIC_SYNC_INDICATOR (object);

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
      g_value_set_double (value, self->progress);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_sync_indicator_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CivicSyncIndicator *self = CIVIC_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      civic_sync_indicator_set_state (self, g_value_get_enum (value));
      break;
    case PROP_MESSAGE:
      civic_sync_indicator_set_message (self, g_value_get_string (value));
      break;
    case PROP_DETAIL:
      civic_sync_indicator_set_detail (self, g_value_get_string (value));
      break;
    case PROP_PROGRESS:
      civic_sync_indicator_set_progress (self, g_value_get_double (value));
      break;
    case PROP_PENDING:
      civic_sync_indicator_set_pending (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_sync_indicator_class_init (CivicSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = civic_sync_indicator_finalize;
  object_class->get_property = civic_sync_indicator_get_property;
  object_class->set_property = civic_sync_indicator_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       CIVIC_TYPE_SYNC_STATE, CIVIC_SYNC_STATE_OFFLINE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, -1.0, 1.0, -1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, CivicSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, CivicSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, CivicSyncIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, CivicSyncIndicator, pending_label);
  gtk_widget_class_bind_template_child (widget_class, CivicSyncIndicator, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CivicSyncIndicator, message_label);
  gtk_widget_class_bind_template_child (widget_class, CivicSyncIndicator, detail_label);
  gtk_widget_class_bind_template_child (widget_class, CivicSyncIndicator, popover_pending_label);
  gtk_widget_class_bind_template_child (widget_class, CivicSyncIndicator, connection_label);
  gtk_widget_class_bind_template_child (widget_class, CivicSyncIndicator, sync_button);
  gtk_widget_class_bind_template_child (widget_class, CivicSyncIndicator, sign_in_button);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);
  gtk_widget_class_set_css_name (widget_class, "syncindicator");
}

static void
civic_sync_indicator_init (CivicSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->progress = -1.0;
  /* start from a different state so the first set paints everything */
  self->state = CIVIC_SYNC_STATE_ERROR;
  civic_sync_indicator_set_state (self, CIVIC_SYNC_STATE_OFFLINE);
}

GtkWidget *
civic_sync_indicator_new (void)
{
  return g_object_new (CIVIC_TYPE_SYNC_INDICATOR, NULL);
}

CivicSyncState
civic_sync_indicator_get_state (CivicSyncIndicator *self)
{
  g_return_val_if_fail (CIVIC_IS_SYNC_INDICATOR (self), CIVIC_SYNC_STATE_OFFLINE);

  return self->state;
}

void
civic_sync_indicator_set_state (CivicSyncIndicator *self,
                                CivicSyncState      state)
{
  g_return_if_fail (CIVIC_IS_SYNC_INDICATOR (self));
  g_return_if_fail (state <= CIVIC_SYNC_STATE_ERROR);

  if (self->state == state)
    return;

  gtk_widget_remove_css_class (GTK_WIDGET (self), state_looks[self->state].css_class);
  self->state = state;
  gtk_widget_add_css_class (GTK_WIDGET (self), state_looks[state].css_class);

  gtk_image_set_from_icon_name (self->icon, state_looks[state].icon_name);
  /* an error needs the user; for a wrong or expired sign-in this is the way
   * out (the window disables the action where it does not apply) */
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button),
                          state == CIVIC_SYNC_STATE_ERROR && !self->no_sign_in);
  update_label (self);
  update_progress (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
civic_sync_indicator_get_message (CivicSyncIndicator *self)
{
  g_return_val_if_fail (CIVIC_IS_SYNC_INDICATOR (self), NULL);

  return self->message;
}

void
civic_sync_indicator_set_message (CivicSyncIndicator *self,
                                  const char         *message)
{
  g_return_if_fail (CIVIC_IS_SYNC_INDICATOR (self));

  if (g_strcmp0 (self->message, message) == 0)
    return;

  g_free (self->message);
  self->message = g_strdup (message);
  update_label (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

void
civic_sync_indicator_set_detail (CivicSyncIndicator *self,
                                 const char         *detail)
{
  g_return_if_fail (CIVIC_IS_SYNC_INDICATOR (self));

  if (g_strcmp0 (self->detail, detail) == 0)
    return;

  g_free (self->detail);
  self->detail = g_strdup (detail);
  gtk_label_set_label (self->detail_label, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL && *detail != '\0');

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
}

void
civic_sync_indicator_set_progress (CivicSyncIndicator *self,
                                   double              progress)
{
  g_return_if_fail (CIVIC_IS_SYNC_INDICATOR (self));

  if (self->progress == progress)
    return;

  self->progress = progress;
  update_progress (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

void
civic_sync_indicator_set_pending (CivicSyncIndicator *self,
                                  guint               pending)
{
  g_return_if_fail (CIVIC_IS_SYNC_INDICATOR (self));

  if (self->pending == pending && (pending == 0 || self->pending_text != NULL))
    return;

  self->pending = pending;
  g_clear_pointer (&self->pending_text, g_free);
  if (pending > 0)
    /* TRANSLATORS: local edits not yet sent to the service */
    self->pending_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change waiting",
                                                       "%u changes waiting", pending),
                                          pending);

  gtk_label_set_label (self->pending_label, self->pending_text ? self->pending_text : "");
  gtk_label_set_label (self->popover_pending_label, self->pending_text ? self->pending_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->pending_label), pending > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->popover_pending_label), pending > 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

const char *
civic_sync_indicator_get_label (CivicSyncIndicator *self)
{
  g_return_val_if_fail (CIVIC_IS_SYNC_INDICATOR (self), NULL);

  return gtk_label_get_label (self->label);
}

const char *
civic_sync_indicator_get_pending_label (CivicSyncIndicator *self)
{
  g_return_val_if_fail (CIVIC_IS_SYNC_INDICATOR (self), NULL);

  return self->pending_text;
}

/* Which connection this is about, e.g. "advocate at 311.example.gov". */
void
civic_sync_indicator_set_connection (CivicSyncIndicator *self,
                                     const char         *text)
{
  g_return_if_fail (CIVIC_IS_SYNC_INDICATOR (self));

  gtk_label_set_label (self->connection_label, text ? text : "");
  update_label (self);
}

/* An Open311 endpoint has no sign-in: its errors offer only Sync Now. */
void
civic_sync_indicator_set_can_sign_in (CivicSyncIndicator *self,
                                      gboolean            can_sign_in)
{
  g_return_if_fail (CIVIC_IS_SYNC_INDICATOR (self));

  self->no_sign_in = !can_sign_in;
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button),
                          self->state == CIVIC_SYNC_STATE_ERROR && can_sign_in);
}
