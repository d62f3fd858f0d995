/* civic-new-case-dialog.c: a new case, its tracking number at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-new-case-dialog.h"

#include <string.h>

#include <glib/gi18n.h>

#include "civic-local-write.h"
#include "open311/civic-open311-request-form.h"

#define MAX_DESCRIPTION 4000

struct _CivicNewCaseDialog
{
  AdwWindow    parent_instance;

  GtkWidget   *stack;
  GtkWidget   *cancel_button;
  GtkWidget   *create_button;
  GtkWidget   *error_label;
  GtkWidget   *channel_row;
  GtkWidget   *service_search;
  GtkWidget   *service_list;
  GtkWidget   *questions_group;
  GtkWidget   *request_form;
  GtkWidget   *location_kind_row;
  GtkWidget   *address_row;
  GtkWidget   *lat_row;
  GtkWidget   *long_row;
  GtkWidget   *counter_label;
  GtkWidget   *description_view;
  GtkWidget   *reporter_name_row;
  GtkWidget   *reporter_email_row;
  GtkWidget   *reporter_phone_row;
  GtkWidget   *number_label;
  GtkWidget   *copy_button;

  CivicStore  *store;
  CivicSync   *sync;
  char        *author;
  GPtrArray   *services;    /* CivicService, in list order */
  char        *service_code;
  char        *request_id;
  gboolean     too_long_shown;
  gint64       source_post;   /* the feed post this case is made from, or 0 */
};

G_DEFINE_FINAL_TYPE (CivicNewCaseDialog, civic_new_case_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (CivicNewCaseDialog *self,
            const char         *message)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), message);
  gtk_widget_set_visible (self->error_label, message != NULL);
}

/* ---- services -------------------------------------------------------- */

static const char *
nonnull (const char *text)
{
  return text != NULL ? text : "";
}

static gboolean
service_matches (CivicService *service,
                 const char   *needle)
{
  const char * const *keywords = civic_service_get_keywords (service);
  g_autofree char *joined = keywords != NULL ? g_strjoinv (" ", (char **) keywords) : NULL;
  g_autofree char *all = NULL;
  g_autofree char *hay = NULL;

  if (needle == NULL || *needle == '\0')
    return TRUE;
  all = g_strjoin (" ", nonnull (civic_service_get_name (service)), nonnull (civic_service_get_code (service)),
                   nonnull (civic_service_get_group (service)), nonnull (joined), NULL);
  hay = g_utf8_casefold (all, -1);
  return strstr (hay, needle) != NULL;
}

static gboolean
row_filter (GtkListBoxRow *row,
            gpointer       user_data)
{
  CivicNewCaseDialog *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->service_search));
  g_autofree char *needle = g_utf8_casefold (text, -1);
  CivicService *service = g_object_get_data (G_OBJECT (row), "service");

  return service != NULL && service_matches (service, needle);
}

static void
service_search_changed_cb (CivicNewCaseDialog *self)
{
  gtk_list_box_invalidate_filter (GTK_LIST_BOX (self->service_list));
}

/* The service's questions as the store keeps them (the service's JSON
 * "attributes": an array, or a whole definition). */
static CivicOpen311Definition *
service_definition (CivicNewCaseDialog *self,
                    const char         *code)
{
  g_autofree char *attributes = civic_local_service_attributes (self->store, code);
  g_autofree char *doc = NULL;
  g_autoptr(GError) error = NULL;
  CivicOpen311Definition *def;

  if (attributes == NULL)
    return NULL;
  g_strchug (attributes);
  if (attributes[0] == '[')
    {
      g_autofree char *escaped = g_strescape (code, NULL);

      doc = g_strdup_printf ("{\"service_code\": \"%s\", \"attributes\": %s}", escaped, attributes);
    }
  else
    doc = g_strdup (attributes);
  def = civic_open311_parse_definition (doc, strlen (doc), CIVIC_OPEN311_FORMAT_JSON, &error);
  if (def == NULL)
    g_message ("The questions of %s cannot be read: %s", code, error->message);
  return def;
}

static void
service_selected_cb (CivicNewCaseDialog *self,
                     GtkListBoxRow      *row)
{
  CivicService *service = row != NULL ? g_object_get_data (G_OBJECT (row), "service") : NULL;
  g_autoptr(CivicOpen311Definition) def = NULL;

  /* the list lets go of its selection while the dialog is torn down */
  if (self->request_form == NULL)
    return;
  g_free (self->service_code);
  self->service_code = service != NULL ? g_strdup (civic_service_get_code (service)) : NULL;
  def = service != NULL ? service_definition (self, self->service_code) : NULL;
  civic_open311_request_form_set_definition (CIVIC_OPEN311_REQUEST_FORM (self->request_form), def);
  gtk_widget_set_visible (self->questions_group, def != NULL && def->attributes != NULL && def->attributes->len > 0);
}

static void
fill_services (CivicNewCaseDialog *self)
{
  g_autoptr(GError) error = NULL;

  self->services = civic_store_list_services (self->store, &error);
  if (self->services == NULL)
    {
      show_error (self, error->message);
      self->services = g_ptr_array_new_with_free_func (g_object_unref);
      return;
    }
  for (guint i = 0; i < self->services->len; i++)
    {
      CivicService *service = g_ptr_array_index (self->services, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), civic_service_get_name (service));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), civic_service_get_group (service));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      civic_service_get_name (service), -1);
      g_object_set_data_full (G_OBJECT (row), "service", g_object_ref (service), g_object_unref);
      gtk_list_box_append (GTK_LIST_BOX (self->service_list), row);
    }
  gtk_list_box_set_filter_func (GTK_LIST_BOX (self->service_list), row_filter, self, NULL);
}

gboolean
civic_new_case_dialog_select_service (CivicNewCaseDialog *self,
                                      const char         *code)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (CIVIC_IS_NEW_CASE_DIALOG (self), FALSE);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->service_list), i)) != NULL; i++)
    {
      CivicService *service = g_object_get_data (G_OBJECT (row), "service");

      if (g_strcmp0 (civic_service_get_code (service), code) == 0)
        {
          gtk_list_box_select_row (GTK_LIST_BOX (self->service_list), row);
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- the rest of the form -------------------------------------------- */

static void
location_kind_cb (CivicNewCaseDialog *self)
{
  gboolean point = adw_combo_row_get_selected (ADW_COMBO_ROW (self->location_kind_row)) == 1;

  gtk_widget_set_visible (self->address_row, !point);
  gtk_widget_set_visible (self->lat_row, point);
  gtk_widget_set_visible (self->long_row, point);
}

static char *
description_text (CivicNewCaseDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->description_view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
description_changed_cb (GtkTextBuffer      *buffer,
                        CivicNewCaseDialog *self)
{
  int n = gtk_text_buffer_get_char_count (buffer);
  g_autofree char *text = g_strdup_printf (_("%'d / %'d"), n, MAX_DESCRIPTION);

  gtk_label_set_text (GTK_LABEL (self->counter_label), text);
  /* the message about the length goes once the text fits */
  if (n <= MAX_DESCRIPTION && self->too_long_shown)
    {
      self->too_long_shown = FALSE;
      show_error (self, NULL);
    }
  if (n > MAX_DESCRIPTION)
    {
      gtk_widget_add_css_class (self->counter_label, "error");
      gtk_widget_remove_css_class (self->counter_label, "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (self->counter_label, "error");
      gtk_widget_add_css_class (self->counter_label, "dim-label");
    }
}

static gboolean
read_coordinate (GtkWidget  *row,
                 double      min,
                 double      max,
                 double     *out)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  char *end = NULL;

  *out = g_ascii_strtod (text, &end);
  return text[0] != '\0' && end != NULL && *end == '\0' && *out >= min && *out <= max;
}

/* The answers as {"code": "value" | ["a", "b"]}; NULL text when none. */
static gboolean
answers_json (CivicNewCaseDialog  *self,
              char               **json,
              GError             **error)
{
  CivicOpen311RequestForm *form = CIVIC_OPEN311_REQUEST_FORM (self->request_form);
  const CivicOpen311Definition *def = civic_open311_request_form_get_definition (form);
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(JsonNode) node = NULL;
  GHashTableIter iter;
  gpointer key, value;

  *json = NULL;
  if (def == NULL || def->attributes == NULL || def->attributes->len == 0)
    return TRUE;
  answers = civic_open311_request_form_get_answers (form, error);
  if (answers == NULL)
    return FALSE;
  o = json_object_new ();
  g_hash_table_iter_init (&iter, answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *values = value;

      if (values->len == 1)
        json_object_set_string_member (o, key, g_ptr_array_index (values, 0));
      else
        {
          JsonArray *array = json_array_new ();

          for (guint i = 0; i < values->len; i++)
            json_array_add_string_element (array, g_ptr_array_index (values, i));
          json_object_set_array_member (o, key, array);
        }
    }
  node = json_node_init_object (json_node_alloc (), o);
  *json = json_to_string (node, FALSE);
  return TRUE;
}

static void
create_clicked_cb (CivicNewCaseDialog *self)
{
  g_autofree char *description = description_text (self);
  g_autofree char *attributes = NULL;
  g_autofree char *number = NULL;
  g_autoptr(GError) error = NULL;
  CivicNewCase draft = { 0 };

  if (self->service_code == NULL)
    {
      show_error (self, _("Choose a service: what kind of problem is it?"));
      gtk_widget_grab_focus (self->service_search);
      return;
    }
  if (g_utf8_strlen (description, -1) > MAX_DESCRIPTION)
    {
      g_autofree char *message = g_strdup_printf (_("The description is %'ld characters long; shorten it to %'d."),
                                                  (long) g_utf8_strlen (description, -1), MAX_DESCRIPTION);

      show_error (self, message);
      self->too_long_shown = TRUE;
      gtk_widget_grab_focus (self->description_view);
      return;
    }
  if (!answers_json (self, &attributes, &error))
    {
      show_error (self, error->message);
      return;
    }
  draft.channel = (CivicChannel) adw_combo_row_get_selected (ADW_COMBO_ROW (self->channel_row));
  draft.service_code = self->service_code;
  draft.description = description;
  if (adw_combo_row_get_selected (ADW_COMBO_ROW (self->location_kind_row)) == 1)
    {
      if (!read_coordinate (self->lat_row, -90, 90, &draft.lat) ||
          !read_coordinate (self->long_row, -180, 180, &draft.lon))
        {
          show_error (self, _("Give the point as numbers: a latitude from -90 to 90 and a longitude from -180 to 180, "
                              "for example 40.7128 and -74.0060."));
          gtk_widget_grab_focus (self->lat_row);
          return;
        }
      draft.has_location = TRUE;
    }
  else
    draft.address = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  draft.reporter_name = gtk_editable_get_text (GTK_EDITABLE (self->reporter_name_row));
  draft.reporter_email = gtk_editable_get_text (GTK_EDITABLE (self->reporter_email_row));
  draft.reporter_phone = gtk_editable_get_text (GTK_EDITABLE (self->reporter_phone_row));
  draft.attributes_json = attributes;
  draft.source_post = self->source_post;

  if (!civic_local_create_case (self->store, &draft, self->author, &number, &error))
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  if (self->sync != NULL)
    civic_sync_outbox_changed (self->sync);

  self->request_id = g_steal_pointer (&number);
  gtk_label_set_text (GTK_LABEL (self->number_label), self->request_id);
  gtk_label_select_region (GTK_LABEL (self->number_label), 0, 0);
  gtk_widget_set_visible (self->create_button, FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "done");
  gtk_widget_grab_focus (self->copy_button);
  g_signal_emit (self, signals[SIGNAL_CREATED], 0, self->request_id);
}

/* Ctrl+Enter: Create, from anywhere in the form */
static gboolean
create_shortcut_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  CivicNewCaseDialog *self = CIVIC_NEW_CASE_DIALOG (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->stack)), "form") != 0)
    return FALSE;
  create_clicked_cb (self);
  return TRUE;
}

static void
copy_clicked_cb (CivicNewCaseDialog *self)
{
  if (self->request_id != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->request_id);
}

/* ---- GObject --------------------------------------------------------- */

static void
civic_new_case_dialog_dispose (GObject *object)
{
  CivicNewCaseDialog *self = CIVIC_NEW_CASE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CIVIC_TYPE_NEW_CASE_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->sync);
  g_clear_pointer (&self->services, g_ptr_array_unref);

  G_OBJECT_CLASS (civic_new_case_dialog_parent_class)->dispose (object);
}

static void
civic_new_case_dialog_finalize (GObject *object)
{
  CivicNewCaseDialog *self = CIVIC_NEW_CASE_DIALOG (object);

  g_free (self->author);
  g_free (self->service_code);
  g_free (self->request_id);

  G_OBJECT_CLASS (civic_new_case_dialog_parent_class)->finalize (object);
}

static void
civic_new_case_dialog_class_init (CivicNewCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = civic_new_case_dialog_dispose;
  object_class->finalize = civic_new_case_dialog_finalize;

  /**
   * CivicNewCaseDialog::created:
   * @request_id: the tracking number of the new case
   */
  signals[SIGNAL_CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (CIVIC_TYPE_OPEN311_REQUEST_FORM);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/civicdesk/CivicDesk/civic-new-case-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, service_search);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, service_list);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, questions_group);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, request_form);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, location_kind_row);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, lat_row);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, long_row);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, counter_label);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, description_view);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, reporter_name_row);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, reporter_email_row);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, reporter_phone_row);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, number_label);
  gtk_widget_class_bind_template_child (widget_class, CivicNewCaseDialog, copy_button);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, service_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, service_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, location_kind_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, create_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, create_shortcut_cb, NULL);
}

static void
civic_new_case_dialog_init (CivicNewCaseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->description_view)), "changed",
                    G_CALLBACK (description_changed_cb), self);
  description_changed_cb (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->description_view)), self);
}

CivicNewCaseDialog *
civic_new_case_dialog_new (GtkWindow  *parent,
                           CivicStore *store,
                           CivicSync  *sync,
                           const char *author)
{
  CivicNewCaseDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);
  g_return_val_if_fail (sync == NULL || CIVIC_IS_SYNC (sync), NULL);

  self = g_object_new (CIVIC_TYPE_NEW_CASE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->sync = sync != NULL ? g_object_ref (sync) : NULL;
  self->author = g_strdup (author);
  fill_services (self);
  /* running low on numbers: a sync run leases more while the clerk types */
  if (self->sync != NULL && civic_local_numbers_wanted (store) > 0)
    civic_sync_now (self->sync);
  return self;
}

void
civic_new_case_dialog_set_prefill (CivicNewCaseDialog *self,
                                   CivicChannel        channel,
                                   const char         *description,
                                   const char         *address)
{
  g_return_if_fail (CIVIC_IS_NEW_CASE_DIALOG (self));

  if ((int) channel >= 0 && channel <= CIVIC_CHANNEL_LAST)
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->channel_row), channel);
  if (description != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->description_view)), description, -1);
  if (address != NULL)
    {
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->location_kind_row), 0);
      gtk_editable_set_text (GTK_EDITABLE (self->address_row), address);
    }
}

void
civic_new_case_dialog_set_source_post (CivicNewCaseDialog *self,
                                       gint64              post_id)
{
  g_return_if_fail (CIVIC_IS_NEW_CASE_DIALOG (self));
  self->source_post = post_id;
}

const char *
civic_new_case_dialog_get_request_id (CivicNewCaseDialog *self)
{
  g_return_val_if_fail (CIVIC_IS_NEW_CASE_DIALOG (self), NULL);

  return self->request_id;
}
