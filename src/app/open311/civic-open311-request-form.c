/* civic-open311-request-form.c: the questions of an Open311 service, as a form
 *
 * The template holds the frame (a group and a message); the rows depend on
 * the definition, so they are made here, one per attribute, in the
 * definition's order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-error.h"
#include "civic-open311-request-form.h"

typedef struct
{
  CivicOpen311Attribute *attr;    /* points into self->definition */
  GtkWidget             *row;     /* in the group */
  GtkWidget             *input;   /* entry row, text view, combo row, expander */
  GPtrArray             *checks;  /* GtkCheckButton per value (multivaluelist) */
} Field;

struct _CivicOpen311RequestForm
{
  AdwBin                  parent_instance;

  AdwPreferencesGroup    *group;
  GtkLabel               *message;

  CivicOpen311Definition *definition;
  GArray                 *fields;  /* Field */
};

G_DEFINE_FINAL_TYPE (CivicOpen311RequestForm, civic_open311_request_form, ADW_TYPE_BIN)

static void
field_clear (gpointer data)
{
  Field *field = data;

  g_clear_pointer (&field->checks, g_ptr_array_unref);
}

static const char *
attr_label (CivicOpen311Attribute *attr)
{
  return attr->description != NULL && *attr->description != '\0' ? attr->description : attr->code;
}

static char *
row_title (CivicOpen311Attribute *attr)
{
  g_autofree char *base = NULL;

  if (attr->datatype == CIVIC_OPEN311_DATATYPE_DATETIME)
    /* Translators: the hint after a question that takes a date and time */
    base = g_strdup_printf (_("%s (date and time, like 2026-05-04 09:30)"), attr_label (attr));
  else if (attr->datatype == CIVIC_OPEN311_DATATYPE_NUMBER)
    base = g_strdup_printf (_("%s (a number)"), attr_label (attr));
  else
    base = g_strdup (attr_label (attr));
  if (attr->required)
    return g_strdup_printf (_("%s — required"), base);
  return g_steal_pointer (&base);
}

/* Numbers and datetimes are checked as they are typed, so a wrong one is
 * marked before the clerk presses Send; required answers are only
 * enforced by get_answers (an empty form is not an error yet). */
static void
entry_changed_cb (GtkEditable           *editable,
                  CivicOpen311Attribute *attr)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  gint64 t;
  gboolean ok;

  if (*text == '\0')
    ok = TRUE;
  else if (attr->datatype == CIVIC_OPEN311_DATATYPE_DATETIME)
    ok = civic_open311_parse_datetime (text, NULL, &t);
  else
    ok = civic_open311_check_value (attr, text, NULL);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
}

static Field
make_field (CivicOpen311Attribute *attr)
{
  g_autofree char *title = row_title (attr);
  Field field = { attr, NULL, NULL, NULL };
  guint i;

  if (!attr->variable)
    {
      /* information from the city, not a question */
      field.row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field.row), _("From the city"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (field.row), attr_label (attr));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (field.row), 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (field.row), gtk_image_new_from_icon_name ("dialog-information-symbolic"));
      field.input = field.row;
      return field;
    }

  switch (attr->datatype)
    {
    case CIVIC_OPEN311_DATATYPE_TEXT:
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
        GtkWidget *label = gtk_label_new (title);
        GtkWidget *frame = gtk_frame_new (NULL);

        field.input = gtk_text_view_new ();
        gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (field.input), GTK_WRAP_WORD_CHAR);
        gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (field.input), FALSE);
        gtk_widget_set_size_request (field.input, -1, 80);
        gtk_text_view_set_left_margin (GTK_TEXT_VIEW (field.input), 6);
        gtk_text_view_set_right_margin (GTK_TEXT_VIEW (field.input), 6);
        gtk_frame_set_child (GTK_FRAME (frame), field.input);
        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_label_set_mnemonic_widget (GTK_LABEL (label), field.input);
        gtk_box_append (GTK_BOX (box), label);
        gtk_box_append (GTK_BOX (box), frame);
        gtk_widget_set_margin_top (box, 12);
        gtk_widget_set_margin_bottom (box, 12);
        gtk_widget_set_margin_start (box, 12);
        gtk_widget_set_margin_end (box, 12);
        field.row = adw_preferences_row_new ();
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field.row), title);
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (field.row), FALSE);
        gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (field.row), box);
        break;
      }
    case CIVIC_OPEN311_DATATYPE_SINGLEVALUELIST:
      {
        g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

        /* no choice is made for the clerk: the first entry is "none" */
        gtk_string_list_append (names, attr->required ? _("Choose one") : _("Not answered"));
        for (i = 0; i < attr->values->len; i++)
          gtk_string_list_append (names, ((CivicOpen311Value *) g_ptr_array_index (attr->values, i))->name);
        field.row = field.input = adw_combo_row_new ();
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field.row), title);
        adw_combo_row_set_model (ADW_COMBO_ROW (field.row), G_LIST_MODEL (names));
        break;
      }
    case CIVIC_OPEN311_DATATYPE_MULTIVALUELIST:
      field.row = field.input = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field.row), title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (field.row), _("Choose any that apply"));
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (field.row), TRUE);
      field.checks = g_ptr_array_new ();
      for (i = 0; i < attr->values->len; i++)
        {
          CivicOpen311Value *v = g_ptr_array_index (attr->values, i);
          GtkWidget *choice = adw_action_row_new ();
          GtkWidget *check = gtk_check_button_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (choice), v->name);
          adw_action_row_add_prefix (ADW_ACTION_ROW (choice), check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (choice), check);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (field.row), choice);
          g_ptr_array_add (field.checks, check);
        }
      break;
    case CIVIC_OPEN311_DATATYPE_NUMBER:
    case CIVIC_OPEN311_DATATYPE_DATETIME:
    case CIVIC_OPEN311_DATATYPE_STRING:
    default:
      field.row = field.input = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field.row), title);
      if (attr->datatype == CIVIC_OPEN311_DATATYPE_NUMBER)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (field.row), GTK_INPUT_PURPOSE_NUMBER);
      /* the attribute lives as long as the row: both go with the definition */
      if (attr->datatype == CIVIC_OPEN311_DATATYPE_NUMBER || attr->datatype == CIVIC_OPEN311_DATATYPE_DATETIME)
        g_signal_connect (field.row, "changed", G_CALLBACK (entry_changed_cb), attr);
      break;
    }
  return field;
}

static Field *
find_field (CivicOpen311RequestForm *self,
            const char              *code)
{
  guint i;

  for (i = 0; i < self->fields->len; i++)
    {
      Field *field = &g_array_index (self->fields, Field, i);

      if (g_strcmp0 (field->attr->code, code) == 0)
        return field;
    }
  return NULL;
}

/* The text of an entry-like field, stripped; NULL when empty. */
static char *
field_text (Field *field)
{
  g_autofree char *text = NULL;

  if (GTK_IS_TEXT_VIEW (field->input))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->input));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  else if (GTK_IS_EDITABLE (field->input))
    text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->input)));
  if (text == NULL)
    return NULL;
  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* A datetime as the city reads it: w3 with this desk's zone. */
static char *
normalise_datetime (const char *text)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) dt = NULL;
  gint64 t;

  if (!civic_open311_parse_datetime (text, local, &t))
    return NULL;
  dt = g_date_time_new_from_unix_local (t);
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
}

/* The answers of one field into @answers; FALSE with @error when wrong. */
static gboolean
collect_field (Field       *field,
               GHashTable  *answers,
               GError     **error)
{
  CivicOpen311Attribute *attr = field->attr;
  gboolean answered = FALSE;
  guint i;

  if (!attr->variable)
    return TRUE;
  switch (attr->datatype)
    {
    case CIVIC_OPEN311_DATATYPE_SINGLEVALUELIST:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->input));

        if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= attr->values->len)
          {
            civic_open311_answers_add (answers, attr->code,
                                       ((CivicOpen311Value *) g_ptr_array_index (attr->values, selected - 1))->key);
            answered = TRUE;
          }
        break;
      }
    case CIVIC_OPEN311_DATATYPE_MULTIVALUELIST:
      for (i = 0; i < field->checks->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (field->checks, i)))
          {
            civic_open311_answers_add (answers, attr->code,
                                       ((CivicOpen311Value *) g_ptr_array_index (attr->values, i))->key);
            answered = TRUE;
          }
      break;
    case CIVIC_OPEN311_DATATYPE_DATETIME:
    case CIVIC_OPEN311_DATATYPE_NUMBER:
    case CIVIC_OPEN311_DATATYPE_STRING:
    case CIVIC_OPEN311_DATATYPE_TEXT:
    default:
      {
        g_autofree char *text = field_text (field);
        g_autofree char *datetime = NULL;

        if (text == NULL)
          break;
        if (attr->datatype == CIVIC_OPEN311_DATATYPE_DATETIME)
          {
            datetime = normalise_datetime (text);
            if (datetime == NULL)
              {
                g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                             _("“%s” needs a date and time such as 2026-05-04 09:30, not “%s”."),
                             attr_label (attr), text);
                return FALSE;
              }
          }
        else if (attr->datatype == CIVIC_OPEN311_DATATYPE_NUMBER &&
                 !civic_open311_check_value (attr, text, NULL))
          {
            g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                         _("“%s” needs a number, such as 3 or 2.5, not “%s”."), attr_label (attr), text);
            return FALSE;
          }
        civic_open311_answers_add (answers, attr->code, datetime != NULL ? datetime : text);
        answered = TRUE;
        break;
      }
    }
  if (attr->required && !answered)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, _("“%s” must be answered."), attr_label (attr));
      return FALSE;
    }
  return TRUE;
}

static void
clear_rows (CivicOpen311RequestForm *self)
{
  guint i;

  for (i = 0; i < self->fields->len; i++)
    adw_preferences_group_remove (self->group, g_array_index (self->fields, Field, i).row);
  g_array_set_size (self->fields, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
}

static void
civic_open311_request_form_dispose (GObject *object)
{
  CivicOpen311RequestForm *self = CIVIC_OPEN311_REQUEST_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CIVIC_TYPE_OPEN311_REQUEST_FORM);
  G_OBJECT_CLASS (civic_open311_request_form_parent_class)->dispose (object);
}

static void
civic_open311_request_form_finalize (GObject *object)
{
  CivicOpen311RequestForm *self = CIVIC_OPEN311_REQUEST_FORM (object);

  g_clear_pointer (&self->fields, g_array_unref);
  g_clear_pointer (&self->definition, civic_open311_definition_free);
  G_OBJECT_CLASS (civic_open311_request_form_parent_class)->finalize (object);
}

static void
civic_open311_request_form_class_init (CivicOpen311RequestFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = civic_open311_request_form_dispose;
  object_class->finalize = civic_open311_request_form_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-open311-request-form.ui");
  gtk_widget_class_bind_template_child (widget_class, CivicOpen311RequestForm, group);
  gtk_widget_class_bind_template_child (widget_class, CivicOpen311RequestForm, message);
}

static void
civic_open311_request_form_init (CivicOpen311RequestForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = g_array_new (FALSE, TRUE, sizeof (Field));
  g_array_set_clear_func (self->fields, field_clear);
}

GtkWidget *
civic_open311_request_form_new (void)
{
  return g_object_new (CIVIC_TYPE_OPEN311_REQUEST_FORM, NULL);
}

void
civic_open311_request_form_set_definition (CivicOpen311RequestForm      *self,
                                           const CivicOpen311Definition *definition)
{
  guint i;

  g_return_if_fail (CIVIC_IS_OPEN311_REQUEST_FORM (self));

  clear_rows (self);
  g_clear_pointer (&self->definition, civic_open311_definition_free);
  if (definition == NULL)
    return;
  self->definition = civic_open311_definition_copy (definition);
  for (i = 0; i < self->definition->attributes->len; i++)
    {
      Field field = make_field (g_ptr_array_index (self->definition->attributes, i));

      adw_preferences_group_add (self->group, field.row);
      g_array_append_val (self->fields, field);
    }
}

const CivicOpen311Definition *
civic_open311_request_form_get_definition (CivicOpen311RequestForm *self)
{
  g_return_val_if_fail (CIVIC_IS_OPEN311_REQUEST_FORM (self), NULL);
  return self->definition;
}

gboolean
civic_open311_request_form_set_answer (CivicOpen311RequestForm *self,
                                       const char              *code,
                                       const char              *value)
{
  Field *field;
  guint i;

  g_return_val_if_fail (CIVIC_IS_OPEN311_REQUEST_FORM (self), FALSE);

  field = find_field (self, code);
  if (field == NULL || !field->attr->variable)
    return FALSE;
  switch (field->attr->datatype)
    {
    case CIVIC_OPEN311_DATATYPE_SINGLEVALUELIST:
    case CIVIC_OPEN311_DATATYPE_MULTIVALUELIST:
      for (i = 0; i < field->attr->values->len; i++)
        if (g_strcmp0 (((CivicOpen311Value *) g_ptr_array_index (field->attr->values, i))->key, value) == 0)
          {
            if (field->checks != NULL)
              gtk_check_button_set_active (g_ptr_array_index (field->checks, i), TRUE);
            else
              adw_combo_row_set_selected (ADW_COMBO_ROW (field->input), i + 1);
            return TRUE;
          }
      return FALSE;
    case CIVIC_OPEN311_DATATYPE_TEXT:
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->input)), value, -1);
      return TRUE;
    case CIVIC_OPEN311_DATATYPE_NUMBER:
    case CIVIC_OPEN311_DATATYPE_DATETIME:
    case CIVIC_OPEN311_DATATYPE_STRING:
    default:
      gtk_editable_set_text (GTK_EDITABLE (field->input), value);
      return TRUE;
    }
}

GtkWidget *
civic_open311_request_form_get_field (CivicOpen311RequestForm *self,
                                      const char              *code)
{
  Field *field;

  g_return_val_if_fail (CIVIC_IS_OPEN311_REQUEST_FORM (self), NULL);
  field = find_field (self, code);
  return field != NULL ? field->input : NULL;
}

GtkWidget *
civic_open311_request_form_get_choice (CivicOpen311RequestForm *self,
                                       const char              *code,
                                       const char              *key)
{
  Field *field;
  guint i;

  g_return_val_if_fail (CIVIC_IS_OPEN311_REQUEST_FORM (self), NULL);
  field = find_field (self, code);
  if (field == NULL || field->checks == NULL)
    return NULL;
  for (i = 0; i < field->attr->values->len; i++)
    if (g_strcmp0 (((CivicOpen311Value *) g_ptr_array_index (field->attr->values, i))->key, key) == 0)
      return g_ptr_array_index (field->checks, i);
  return NULL;
}

GHashTable *
civic_open311_request_form_get_answers (CivicOpen311RequestForm  *self,
                                        GError                  **error)
{
  g_autoptr(GHashTable) answers = civic_open311_answers_new ();
  g_autoptr(GError) first = NULL;
  guint i;

  g_return_val_if_fail (CIVIC_IS_OPEN311_REQUEST_FORM (self), NULL);

  /* every field is checked, so every wrong one is marked at once */
  for (i = 0; i < self->fields->len; i++)
    {
      Field *field = &g_array_index (self->fields, Field, i);
      g_autoptr(GError) local_error = NULL;

      if (collect_field (field, answers, &local_error))
        gtk_widget_remove_css_class (field->row, "error");
      else
        {
          gtk_widget_add_css_class (field->row, "error");
          if (first == NULL)
            first = g_steal_pointer (&local_error);
        }
    }
  if (first != NULL)
    {
      gtk_label_set_text (self->message, first->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message), TRUE);
      g_propagate_error (error, g_steal_pointer (&first));
      return NULL;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  return g_steal_pointer (&answers);
}
