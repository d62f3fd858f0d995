/* civic-queue-bulk-dialog.c: what a bulk action needs to know first
 *
 * One AdwMessageDialog whose extra child is the one question the action
 * asks: a drop-down of people, of departments or of the selected cases,
 * or an entry for a tag or a resolution note. The confirming button
 * names the action and stays off until the answer is usable (a note to
 * close, a tag with letters in it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "civic-queue-bulk-dialog.h"
#include "civic-store-detail.h"

typedef struct
{
  CivicBulkAction  action;
  CivicCaseState   state;
  GPtrArray       *values;   /* the drop-down's choices, as the change wants them */
  GtkWidget       *input;    /* GtkDropDown or GtkEntry */
  CivicBulkAnswer  answer;
  gpointer         data;
} Ask;

static void
ask_free (gpointer data)
{
  Ask *ask = data;

  g_clear_pointer (&ask->values, g_ptr_array_unref);
  g_free (ask);
}

/* The tag an entry holds, without its '#', or NULL. */
static char *
entry_tag (GtkWidget *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  const char *tag = stripped[0] == '#' ? stripped + 1 : stripped;

  if (*tag == '\0' || strpbrk (tag, " \t#@") != NULL)
    return NULL;
  return g_strdup (tag);
}

static void
entry_changed_cb (GtkEditable      *entry,
                  AdwMessageDialog *dialog)
{
  Ask *ask = g_object_get_data (G_OBJECT (dialog), "civic-ask");
  g_autofree char *tag = NULL;
  gboolean usable;

  if (ask->action == CIVIC_BULK_ADD_TAG)
    usable = (tag = entry_tag (GTK_WIDGET (entry))) != NULL;
  else
    {
      g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

      usable = *note != '\0';
    }
  adw_message_dialog_set_response_enabled (dialog, "apply", usable);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  Ask *ask = g_object_get_data (G_OBJECT (dialog), "civic-ask");
  CivicBulkChange change = { .action = ask->action, .state = ask->state };
  g_autofree char *text = NULL;
  const char *value = NULL;

  if (!g_str_equal (response, "apply"))
    return;
  if (GTK_IS_DROP_DOWN (ask->input))
    {
      guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (ask->input));

      if (i < ask->values->len)
        value = g_ptr_array_index (ask->values, i);
    }
  else if (ask->action == CIVIC_BULK_ADD_TAG)
    value = text = entry_tag (ask->input);
  else
    value = text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ask->input))));

  switch (ask->action)
    {
    case CIVIC_BULK_ASSIGN:
      /* the empty choice is "Nobody" */
      change.assignee = value != NULL && *value != '\0' ? value : NULL;
      break;
    case CIVIC_BULK_DEPARTMENT:
      change.department = value;
      break;
    case CIVIC_BULK_ADD_TAG:
    case CIVIC_BULK_REMOVE_TAG:
      change.tag = value;
      break;
    case CIVIC_BULK_MERGE:
      change.into = value;
      break;
    case CIVIC_BULK_STATE:
    default:
      change.note = value;
      break;
    }
  ask->answer (&change, ask->data);
}

static GtkWidget *
drop_down (GPtrArray *labels)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  GtkWidget *dd;

  for (guint i = 0; i < labels->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (labels, i));
  dd = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dd), labels->len > 8);
  return dd;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GtkWidget *
civic_queue_bulk_dialog_present (GtkWindow            *parent,
                                 CivicStore           *store,
                                 CivicBulkAction       action,
                                 CivicCaseState        state,
                                 const char * const   *request_ids,
                                 CivicBulkAnswer       answer,
                                 gpointer              data)
{
  guint n = request_ids != NULL ? g_strv_length ((char **) request_ids) : 0;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *verb;
  const char *accessible;
  Ask *ask = g_new0 (Ask, 1);
  GtkWidget *dialog;

  ask->action = action;
  ask->state = state;
  ask->answer = answer;
  ask->data = data;
  ask->values = g_ptr_array_new_with_free_func (g_free);

  switch (action)
    {
    case CIVIC_BULK_ASSIGN:
    case CIVIC_BULK_DEPARTMENT:
      {
        g_autoptr(GPtrArray) items = action == CIVIC_BULK_ASSIGN ? civic_store_list_users (store, NULL)
                                                                  : civic_store_list_departments (store, NULL);

        if (action == CIVIC_BULK_ASSIGN)
          {
            g_ptr_array_add (labels, g_strdup (_("Nobody")));
            g_ptr_array_add (ask->values, g_strdup (""));
          }
        for (guint i = 0; items != NULL && i < items->len; i++)
          {
            gpointer item = g_ptr_array_index (items, i);

            if (action == CIVIC_BULK_ASSIGN)
              {
                const char *name = civic_user_get_display_name (item);
                const char *username = civic_user_get_username (item);

                g_ptr_array_add (labels, g_strdup (name != NULL && *name != '\0' ? name : username));
                g_ptr_array_add (ask->values, g_strdup (username));
              }
            else
              {
                const char *name = civic_department_get_name (item);
                const char *id = civic_department_get_id (item);

                g_ptr_array_add (labels, g_strdup (name != NULL && *name != '\0' ? name : id));
                g_ptr_array_add (ask->values, g_strdup (id));
              }
          }
        ask->input = drop_down (labels);
        if (action == CIVIC_BULK_ASSIGN)
          {
            heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Assign %u Case", "Assign %u Cases", n), n);
            verb = _("_Assign");
            accessible = _("Person to assign the cases to");
          }
        else
          {
            heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Move %u Case", "Move %u Cases", n), n);
            body = g_strdup (_("The department chosen takes the cases over."));
            verb = _("_Move");
            accessible = _("Department to move the cases to");
          }
      }
      break;

    case CIVIC_BULK_MERGE:
      {
        g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

        /* the oldest number first: the first report is usually the one
         * to keep */
        for (guint i = 0; i < n; i++)
          g_ptr_array_add (sorted, (gpointer) request_ids[i]);
        g_ptr_array_sort (sorted, compare_strings);
        for (guint i = 0; i < sorted->len; i++)
          {
            g_ptr_array_add (labels, g_strdup (g_ptr_array_index (sorted, i)));
            g_ptr_array_add (ask->values, g_strdup (g_ptr_array_index (sorted, i)));
          }
        ask->input = drop_down (labels);
        heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Merge %u Case", "Merge %u Cases", n), n);
        body = g_strdup (_("Pick the case to keep. The others close as its duplicates, and their "
                           "reporters show on it. A merge cannot be undone."));
        verb = _("_Merge");
        accessible = _("Case to keep");
      }
      break;

    case CIVIC_BULK_ADD_TAG:
    case CIVIC_BULK_REMOVE_TAG:
      ask->input = gtk_entry_new ();
      gtk_entry_set_placeholder_text (GTK_ENTRY (ask->input), _("#potholes"));
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tag %u Case", "Tag %u Cases", n), n);
      verb = _("_Add Tag");
      accessible = _("Tag to add");
      break;

    case CIVIC_BULK_STATE:
    default:
      ask->input = gtk_entry_new ();
      gtk_entry_set_placeholder_text (GTK_ENTRY (ask->input), _("What was done"));
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Close %u Case", "Close %u Cases", n), n);
      body = g_strdup (_("The resolution note is public: residents see it with their case."));
      verb = _("_Close Cases");
      accessible = _("Resolution note");
      break;
    }

  dialog = adw_message_dialog_new (parent, heading, body);
  g_object_set_data_full (G_OBJECT (dialog), "civic-ask", ask, ask_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ask->input), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), ask->input);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "apply", verb,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              action == CIVIC_BULK_MERGE ? ADW_RESPONSE_DESTRUCTIVE
                                                                         : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (GTK_IS_ENTRY (ask->input))
    {
      gtk_entry_set_activates_default (GTK_ENTRY (ask->input), TRUE);
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "apply", FALSE);
      g_signal_connect (ask->input, "changed", G_CALLBACK (entry_changed_cb), dialog);
    }
  else if (ask->values->len == 0)
    adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "apply", FALSE);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
