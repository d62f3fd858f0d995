/* civic-setup-page.c: connect this desk to a service
 *
 * Two forms behind a switcher: a Civic Desk service (address, username,
 * password) or a city's plain Open311 endpoint (address, optional
 * jurisdiction_id, optional api_key). The password is only handed to the
 * sign-in and cleared from the form after it, whatever the outcome; what
 * went wrong is a sentence under the form, never a dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-setup-page.h"

struct _CivicSetupPage
{
  AdwBin                  parent_instance;

  CivicConnectionManager *manager;
  GCancellable           *cancellable;
  char                   *title;        /* for the next connection, e.g. "Demo city" */
  gboolean                busy;

  AdwStatusPage          *status_page;
  GtkStack               *kind_stack;
  GtkWidget              *kind_switcher;
  AdwEntryRow            *service_url_row;
  AdwEntryRow            *username_row;
  AdwPasswordEntryRow    *password_row;
  AdwEntryRow            *open311_url_row;
  AdwEntryRow            *jurisdiction_row;
  AdwPasswordEntryRow    *api_key_row;
  GtkLabel               *error_label;
  GtkButton              *connect_button;
  GtkSpinner             *spinner;
};

G_DEFINE_FINAL_TYPE (CivicSetupPage, civic_setup_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_MANAGER,
  N_PROPS
};

enum {
  CONNECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_busy (CivicSetupPage *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  /* the form stays sensitive (taking the focus away from a field while a
   * dialog closes upsets GtkText); a second press is simply ignored */
  gtk_widget_set_can_target (GTK_WIDGET (self->kind_stack), !busy);
  gtk_widget_set_opacity (GTK_WIDGET (self->kind_stack), busy ? 0.6 : 1.0);
}

static void
set_error (CivicSetupPage *self,
           const char     *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CivicConnectionManager *manager = CIVIC_CONNECTION_MANAGER (object);
  g_autoptr(CivicSetupPage) self = user_data;
  g_autoptr(CivicConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  if (g_task_get_source_tag (G_TASK (result)) == civic_connection_manager_add_service_async)
    connection = civic_connection_manager_add_service_finish (manager, result, &error);
  else
    connection = civic_connection_manager_add_open311_finish (manager, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (connection == NULL)
    {
      set_error (self, error->message);
      return;
    }

  set_error (self, NULL);
  g_signal_emit (self, signals[CONNECTED], 0, connection);
}

static void
connect_clicked_cb (CivicSetupPage *self)
{
  const char *kind = gtk_stack_get_visible_child_name (self->kind_stack);

  g_return_if_fail (self->manager != NULL);

  if (self->busy)
    return;

  set_error (self, NULL);
  set_busy (self, TRUE);

  if (g_strcmp0 (kind, "open311") == 0)
    {
      civic_connection_manager_add_open311_async (self->manager, self->title,
                                                  gtk_editable_get_text (GTK_EDITABLE (self->open311_url_row)),
                                                  gtk_editable_get_text (GTK_EDITABLE (self->jurisdiction_row)),
                                                  gtk_editable_get_text (GTK_EDITABLE (self->api_key_row)),
                                                  self->cancellable, added_cb, g_object_ref (self));
      gtk_editable_set_text (GTK_EDITABLE (self->api_key_row), "");
    }
  else
    {
      civic_connection_manager_add_service_async (self->manager, self->title,
                                                  gtk_editable_get_text (GTK_EDITABLE (self->service_url_row)),
                                                  gtk_editable_get_text (GTK_EDITABLE (self->username_row)),
                                                  gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                                  self->cancellable, added_cb, g_object_ref (self));
      /* the sign-in copied it; the form must not keep it */
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
    }
}

static void
civic_setup_page_dispose (GObject *object)
{
  CivicSetupPage *self = CIVIC_SETUP_PAGE (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (civic_setup_page_parent_class)->dispose (object);
}

static void
civic_setup_page_finalize (GObject *object)
{
  CivicSetupPage *self = CIVIC_SETUP_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->manager);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (civic_setup_page_parent_class)->finalize (object);
}

static void
civic_setup_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CivicSetupPage *self = CIVIC_SETUP_PAGE (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_setup_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CivicSetupPage *self = CIVIC_SETUP_PAGE (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      civic_setup_page_set_manager (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_setup_page_class_init (CivicSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = civic_setup_page_dispose;
  object_class->finalize = civic_setup_page_finalize;
  object_class->get_property = civic_setup_page_get_property;
  object_class->set_property = civic_setup_page_set_property;

  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, CIVIC_TYPE_CONNECTION_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CIVIC_TYPE_CONNECTION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CivicSetupPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, CivicSetupPage, kind_stack);
  gtk_widget_class_bind_template_child (widget_class, CivicSetupPage, kind_switcher);
  gtk_widget_class_bind_template_child (widget_class, CivicSetupPage, service_url_row);
  gtk_widget_class_bind_template_child (widget_class, CivicSetupPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, CivicSetupPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, CivicSetupPage, open311_url_row);
  gtk_widget_class_bind_template_child (widget_class, CivicSetupPage, jurisdiction_row);
  gtk_widget_class_bind_template_child (widget_class, CivicSetupPage, api_key_row);
  gtk_widget_class_bind_template_child (widget_class, CivicSetupPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CivicSetupPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, CivicSetupPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
}

static void
civic_setup_page_init (CivicSetupPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
civic_setup_page_new (CivicConnectionManager *manager)
{
  return g_object_new (CIVIC_TYPE_SETUP_PAGE, "manager", manager, NULL);
}

void
civic_setup_page_set_manager (CivicSetupPage         *self,
                              CivicConnectionManager *manager)
{
  g_return_if_fail (CIVIC_IS_SETUP_PAGE (self));

  if (g_set_object (&self->manager, manager))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANAGER]);
}

void
civic_setup_page_set_service_url (CivicSetupPage *self,
                                  const char     *url)
{
  g_return_if_fail (CIVIC_IS_SETUP_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->service_url_row), url ? url : "");
}

void
civic_setup_page_set_kind (CivicSetupPage *self,
                           const char     *kind)
{
  g_return_if_fail (CIVIC_IS_SETUP_PAGE (self));

  gtk_stack_set_visible_child_name (self->kind_stack,
                                    g_strcmp0 (kind, "open311") == 0 ? "open311" : "service");
}

void
civic_setup_page_set_heading (CivicSetupPage *self,
                              const char     *title,
                              const char     *description)
{
  g_return_if_fail (CIVIC_IS_SETUP_PAGE (self));

  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  adw_status_page_set_icon_name (self->status_page, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_page), "compact");
}

void
civic_setup_page_fill_service (CivicSetupPage *self,
                               const char     *title,
                               const char     *url,
                               const char     *username,
                               const char     *password)
{
  g_return_if_fail (CIVIC_IS_SETUP_PAGE (self));

  g_free (self->title);
  self->title = g_strdup (title);
  civic_setup_page_set_kind (self, "service");
  gtk_editable_set_text (GTK_EDITABLE (self->service_url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
}

void
civic_setup_page_fill_open311 (CivicSetupPage *self,
                               const char     *url,
                               const char     *jurisdiction_id,
                               const char     *api_key)
{
  g_return_if_fail (CIVIC_IS_SETUP_PAGE (self));

  civic_setup_page_set_kind (self, "open311");
  gtk_editable_set_text (GTK_EDITABLE (self->open311_url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->jurisdiction_row), jurisdiction_id ? jurisdiction_id : "");
  gtk_editable_set_text (GTK_EDITABLE (self->api_key_row), api_key ? api_key : "");
}

void
civic_setup_page_connect (CivicSetupPage *self)
{
  g_return_if_fail (CIVIC_IS_SETUP_PAGE (self));

  /* not gtk_widget_activate(): it does nothing before the page is shown,
   * and the demo signs in while the window is still being made */
  connect_clicked_cb (self);
}

gboolean
civic_setup_page_get_busy (CivicSetupPage *self)
{
  g_return_val_if_fail (CIVIC_IS_SETUP_PAGE (self), FALSE);

  return self->busy;
}

const char *
civic_setup_page_get_error (CivicSetupPage *self)
{
  g_return_val_if_fail (CIVIC_IS_SETUP_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

static void
dialog_connected_cb (CivicSetupPage  *page,
                     CivicConnection *connection,
                     GtkWindow       *dialog)
{
  gtk_window_destroy (dialog);
}

/* The form in a dialog of its own: Preferences → Add, and signing in
 * again to @connection (its address and username filled in) when its
 * session has expired. */
GtkWindow *
civic_setup_dialog_present (GtkWindow              *parent,
                            CivicConnectionManager *manager,
                            CivicConnection        *connection)
{
  GtkWidget *dialog, *box, *header, *page;
  const char *title;

  g_return_val_if_fail (CIVIC_IS_CONNECTION_MANAGER (manager), NULL);

  title = connection != NULL ? _("Sign In Again") : _("Add a Connection");
  dialog = adw_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 520, 600);
  gtk_window_set_title (GTK_WINDOW (dialog), title);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  page = civic_setup_page_new (manager);
  if (connection != NULL)
    {
      g_autofree char *subtitle = civic_connection_dup_subtitle (connection);

      civic_setup_page_set_heading (CIVIC_SETUP_PAGE (page), title, subtitle);
      /* the same address and account: the manager keeps its replica;
       * only the password is asked */
      civic_setup_page_fill_service (CIVIC_SETUP_PAGE (page), civic_connection_get_title (connection),
                                     civic_connection_get_url (connection),
                                     civic_connection_get_username (connection), "");
      gtk_widget_set_visible (CIVIC_SETUP_PAGE (page)->kind_switcher, FALSE);
    }
  else
    {
      civic_setup_page_set_heading (CIVIC_SETUP_PAGE (page), title,
                                    _("Each connection keeps its own cases on this desk."));
    }
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (dialog), box);
  g_signal_connect_object (page, "connected", G_CALLBACK (dialog_connected_cb), dialog, 0);


  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}
