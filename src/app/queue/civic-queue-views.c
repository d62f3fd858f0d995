/* civic-queue-views.c: saved views of the queue (name + filter + sort)
 *
 * Views are shared across staff through the service (POST /api/v1/views)
 * and come back to every desk with the sync; the replica's saved_views
 * table is what the menu lists.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-queue-views.h"

static const struct
{
  CivicCaseSortColumn  column;
  const char          *name;
} sort_names[] = {
  { CIVIC_CASE_SORT_ARRIVAL,     "requested" },
  { CIVIC_CASE_SORT_REQUESTED,   "requested" },
  { CIVIC_CASE_SORT_UPDATED,     "updated" },
  { CIVIC_CASE_SORT_EXPECTED,    "expected" },
  { CIVIC_CASE_SORT_PRIORITY,    "priority" },
  { CIVIC_CASE_SORT_STATE,       "state" },
  { CIVIC_CASE_SORT_SERVICE,     "service" },
  { CIVIC_CASE_SORT_DEPARTMENT,  "department" },
  { CIVIC_CASE_SORT_ASSIGNEE,    "assignee" },
  { CIVIC_CASE_SORT_TRACKING_ID, "request_id" },
  { CIVIC_CASE_SORT_ADDRESS,     "address" },
  { CIVIC_CASE_SORT_CHANNEL,     "channel" },
};

const char *
civic_queue_views_sort_param (const CivicCaseSort *sort)
{
  static char buffer[40];
  const char *name = "requested";

  for (guint i = 0; i < G_N_ELEMENTS (sort_names); i++)
    if (sort_names[i].column == sort->column)
      name = sort_names[i].name;
  g_snprintf (buffer, sizeof buffer, "%s%s", sort->descending ? "-" : "", name);
  return buffer;
}

static void
parse_sort (const char    *text,
            CivicCaseSort *sort)
{
  gboolean descending = text != NULL && *text == '-';
  const char *name = text != NULL ? text + (descending ? 1 : 0) : "";

  sort->column = CIVIC_CASE_SORT_ARRIVAL;
  sort->descending = TRUE;
  if (g_str_equal (name, "requested") || *name == '\0')
    return;
  for (guint i = 1; i < G_N_ELEMENTS (sort_names); i++)
    if (g_str_equal (sort_names[i].name, name))
      {
        sort->column = sort_names[i].column;
        sort->descending = descending;
      }
}

GMenuModel *
civic_queue_views_menu (CivicStore *store)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) views = g_menu_new ();
  g_autoptr(GMenu) actions = g_menu_new ();
  g_autoptr(GPtrArray) list = store != NULL ? civic_store_list_saved_views (store, NULL) : NULL;

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      CivicSavedView *v = g_ptr_array_index (list, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (v->name, NULL);

      g_menu_item_set_action_and_target_value (item, "queue.apply-view", g_variant_new_int64 (v->id));
      g_menu_append_item (views, item);
    }
  if (list == NULL || list->len == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Saved Views"), "queue.none");
      g_menu_append_item (views, item);
    }
  g_menu_append (actions, _("_Save View…"), "queue.save-view");
  g_menu_append_section (menu, _("Saved Views"), G_MENU_MODEL (views));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions));
  return G_MENU_MODEL (g_steal_pointer (&menu));
}

gboolean
civic_queue_views_load (CivicStore       *store,
                        gint64            id,
                        CivicCaseFilter **filter,
                        CivicCaseSort    *sort)
{
  g_autoptr(GPtrArray) list = civic_store_list_saved_views (store, NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      CivicSavedView *v = g_ptr_array_index (list, i);
      g_autoptr(JsonNode) node = NULL;
      JsonObject *root, *params;

      if (v->id != id)
        continue;
      node = v->filter != NULL ? json_from_string (v->filter, NULL) : NULL;
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return FALSE;
      root = json_node_get_object (node);
      /* the service's form {"filter": {…}, "sort": …} or the bare params */
      params = json_object_has_member (root, "filter") &&
               JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "filter"))
                 ? json_object_get_object_member (root, "filter") : root;
      *filter = civic_queue_filter_from_params (params);
      parse_sort (json_object_has_member (root, "sort") ? json_object_get_string_member (root, "sort")
                  : json_object_has_member (params, "sort") ? json_object_get_string_member (params, "sort")
                  : NULL, sort);
      return TRUE;
    }
  return FALSE;
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             CivicQueueView   *view)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "civic-entry");
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "save"))
    return;
  if (!civic_queue_view_save_view (view, gtk_editable_get_text (entry), &error))
    {
      GtkWidget *alert = adw_message_dialog_new (gtk_window_get_transient_for (GTK_WINDOW (dialog)),
                                                 _("The View Was Not Saved"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
    }
}

static void
entry_changed_cb (GtkEditable      *entry,
                  AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save", *text != '\0');
}

static void
entry_activate_cb (GtkEntry         *entry,
                   AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "save"))
    {
      adw_message_dialog_response (dialog, "save");
      gtk_window_close (GTK_WINDOW (dialog));
    }
}

void
civic_queue_views_ask_name (CivicQueueView *view)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (view));
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Save View"),
                                   _("The filters, search and sort are shared with every member of staff."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("View name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", FALSE);
  g_object_set_data (G_OBJECT (dialog), "civic-entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (entry_activate_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (response_cb), view, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
