/* civic-sync-indicator.c: the sync state in the header bar
 *
 * An icon and a one-word label; the full sentence is the tooltip and sits
 * in a popover with a "Check Now" button, so a clerk who sees "Offline"
 * learns since when and why without opening a log.
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

  GtkMenuButton  *button;
  GtkImage       *icon;
  GtkLabel       *label;
  GtkLabel       *message_label;
};

G_DEFINE_FINAL_TYPE (CivicSyncIndicator, civic_sync_indicator, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STATE,
  PROP_MESSAGE,
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
  [CIVIC_SYNC_STATE_ONLINE]     = { "network-transmit-receive-symbolic", N_("Online"),      "online" },
  [CIVIC_SYNC_STATE_ERROR]      = { "network-error-symbolic",            N_("Sync Error"),  "error" },
};

static void
update_accessible (CivicSyncIndicator *self)
{
  g_autofree char *label = NULL;

  /* TRANSLATORS: read by screen readers, %s is e.g. "Online" */
  label = g_strdup_printf (_("Sync status: %s"), _(state_looks[self->state].label));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->message ? self->message : "",
                                  -1);
}

static void
civic_sync_indicator_finalize (GObject *object)
{
  CivicSyncIndicator *self = CIVIC_SYNC_INDICATOR (object);

  g_clear_pointer (&self->message, g_free);

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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, CivicSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, CivicSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, CivicSyncIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, CivicSyncIndicator, message_label);
  gtk_widget_class_set_css_name (widget_class, "syncindicator");
}

static void
civic_sync_indicator_init (CivicSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

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
  gtk_label_set_label (self->label, _(state_looks[state].label));
  update_accessible (self);

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

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), message);
  gtk_label_set_label (self->message_label, message ? message : "");
  update_accessible (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

/* The one word a user sees in the header bar. */
const char *
civic_sync_indicator_get_label (CivicSyncIndicator *self)
{
  g_return_val_if_fail (CIVIC_IS_SYNC_INDICATOR (self), NULL);

  return gtk_label_get_label (self->label);
}
