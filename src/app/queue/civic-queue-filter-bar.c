/* civic-queue-filter-bar.c: the controls that edit a CivicQueueFilter
 *
 * Drop-downs list a label and keep the filter value beside it; choosing
 * one sets one property of the shared CivicQueueFilter, which the list
 * (and later the map) follow. Filters combine: each control edits only
 * its own field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-case-row.h"
#include "civic-queue-filter-bar.h"
#include "civic-store-detail.h"

typedef struct
{
  CivicQueueFilter *filter;   /* weak: the bar lives inside the view */
  const char       *property;
  GPtrArray        *values;   /* char*, NULL = "any"; parallel to the labels */
} Choice;

static void
choice_free (gpointer data)
{
  Choice *choice = data;

  g_ptr_array_unref (choice->values);
  g_free (choice);
}

static void
choice_selected_cb (GtkDropDown *dropdown,
                    GParamSpec  *pspec,
                    Choice      *choice)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *value;
  GParamSpec *target;

  if (selected >= choice->values->len)
    return;
  value = g_ptr_array_index (choice->values, selected);
  target = g_object_class_find_property (G_OBJECT_GET_CLASS (choice->filter), choice->property);
  if (G_PARAM_SPEC_VALUE_TYPE (target) == G_TYPE_UINT)
    g_object_set (choice->filter, choice->property,
                  value != NULL ? (guint) g_ascii_strtoull (value, NULL, 10) : 0u, NULL);
  else if (G_PARAM_SPEC_VALUE_TYPE (target) == G_TYPE_INT64)
    {
      gint64 days = value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
      /* whole hours, so the same choice twice is the same filter */
      gint64 now = g_get_real_time () / G_USEC_PER_SEC / 3600 * 3600 + 3600;

      g_object_set (choice->filter, choice->property, days > 0 ? now - days * 86400 : (gint64) 0, NULL);
    }
  else
    g_object_set (choice->filter, choice->property, value, NULL);
}

/* A drop-down of @labels; values[i] goes with labels[i]. Selects the
 * entry whose value equals @current. */
static GtkWidget *
add_choice (GtkFlowBox       *box,
            CivicQueueFilter *filter,
            const char       *property,
            const char       *accessible_name,
            GPtrArray        *labels,
            GPtrArray        *values,
            const char       *current)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  Choice *choice = g_new0 (Choice, 1);
  GtkWidget *dropdown;
  guint selected = 0;

  for (guint i = 0; i < labels->len; i++)
    {
      gtk_string_list_append (model, g_ptr_array_index (labels, i));
      if (g_strcmp0 (g_ptr_array_index (values, i), current) == 0)
        selected = i;
    }
  choice->filter = filter;
  choice->property = property;
  choice->values = g_ptr_array_ref (values);

  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&model)), NULL);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dropdown), labels->len > 12);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  gtk_widget_set_tooltip_text (dropdown, accessible_name);
  g_object_set_data_full (G_OBJECT (dropdown), "civic-choice", choice, choice_free);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (choice_selected_cb), choice);
  gtk_flow_box_append (box, dropdown);
  return dropdown;
}

static void
pair (GPtrArray  *labels,
      GPtrArray  *values,
      const char *label,
      const char *value)
{
  g_ptr_array_add (labels, g_strdup (label));
  g_ptr_array_add (values, g_strdup (value));
}

static void
add_bits_choice (GtkFlowBox       *box,
                 CivicQueueFilter *filter,
                 const char       *property,
                 const char       *any_label,
                 const char       *accessible_name,
                 guint             n,
                 const char *    (*label_of) (guint),
                 guint             extra_bits,
                 const char       *extra_label,
                 guint             current)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *current_text = current != 0 ? g_strdup_printf ("%u", current) : NULL;

  pair (labels, values, any_label, NULL);
  if (extra_bits != 0)
    {
      g_autofree char *v = g_strdup_printf ("%u", extra_bits);
      pair (labels, values, extra_label, v);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *v = g_strdup_printf ("%u", 1u << i);
      pair (labels, values, label_of (i), v);
    }
  add_choice (box, filter, property, accessible_name, labels, values, current_text);
}

static const char *
state_label (guint i)
{
  return civic_case_state_label (i);
}

static const char *
channel_label (guint i)
{
  return civic_channel_label (i);
}

static void
overdue_toggled_cb (GtkToggleButton  *button,
                    CivicQueueFilter *filter)
{
  g_object_set (filter, "overdue-only", gtk_toggle_button_get_active (button), NULL);
}

static void
tag_activate_cb (GtkEntry         *entry,
                 CivicQueueFilter *filter)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  while (*text == '#')
    text++;
  g_object_set (filter, "tag", *text != '\0' ? text : NULL, NULL);
}

static void
clear_clicked_cb (GtkButton        *button,
                  CivicQueueFilter *filter)
{
  /* the search stays: it is a separate control */
  g_autoptr(CivicCaseFilter) none = civic_case_filter_new ();

  none->text = g_strdup (civic_queue_filter_get (filter)->text);
  civic_queue_filter_set (filter, none);
}

void
civic_queue_filter_bar_fill (GtkFlowBox       *box,
                             CivicQueueFilter *filter,
                             CivicStore       *store,
                             const char       *me)
{
  const CivicCaseFilter *f = civic_queue_filter_get (filter);
  GtkWidget *child;
  GtkWidget *toggle;
  GtkWidget *entry;
  GtkWidget *button;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);

  add_bits_choice (box, filter, "states", _("Any state"), _("State"),
                   CIVIC_CASE_STATE_LAST + 1, state_label,
                   CIVIC_CASE_STATES_OPEN, _("Open"), f->states);

  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) departments = store != NULL ? civic_store_list_departments (store, NULL) : NULL;

    pair (labels, values, _("Any department"), NULL);
    for (guint i = 0; departments != NULL && i < departments->len; i++)
      {
        CivicDepartment *d = g_ptr_array_index (departments, i);
        pair (labels, values, civic_department_get_name (d), civic_department_get_id (d));
      }
    add_choice (box, filter, "department", _("Department"), labels, values, f->department);
  }

  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) services = store != NULL ? civic_store_list_services (store, NULL) : NULL;

    pair (labels, values, _("Any service"), NULL);
    for (guint i = 0; services != NULL && i < services->len; i++)
      {
        CivicService *s = g_ptr_array_index (services, i);
        pair (labels, values, civic_service_get_name (s), civic_service_get_code (s));
      }
    add_choice (box, filter, "service-code", _("Service"), labels, values, f->service_code);
  }

  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) users = store != NULL ? civic_store_list_users (store, NULL) : NULL;

    pair (labels, values, _("Anyone"), NULL);
    if (me != NULL)
      pair (labels, values, _("Me"), me);
    pair (labels, values, _("Unassigned"), "");
    for (guint i = 0; users != NULL && i < users->len; i++)
      {
        CivicUser *u = g_ptr_array_index (users, i);
        const char *name = civic_user_get_display_name (u);

        if (g_strcmp0 (civic_user_get_username (u), me) == 0)
          continue;
        pair (labels, values, name != NULL && *name != '\0' ? name : civic_user_get_username (u),
              civic_user_get_username (u));
      }
    add_choice (box, filter, "assignee", _("Assignee"), labels, values, f->assignee);
  }

  add_bits_choice (box, filter, "channels", _("Any channel"), _("Channel"),
                   CIVIC_CHANNEL_LAST + 1, channel_label, 0, NULL, f->channels);

  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
    static const int spans[] = { 1, 7, 30, 365 };
    const char *span_labels[] = { N_("Last 24 hours"), N_("Last 7 days"), N_("Last 30 days"), N_("Last year") };
    const char *current = NULL;

    pair (labels, values, _("Any time"), NULL);
    for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
      {
        g_autofree char *v = g_strdup_printf ("%d", spans[i]);
        pair (labels, values, _(span_labels[i]), v);
      }
    if (f->requested_from != 0)
      {
        gint64 days = (g_get_real_time () / G_USEC_PER_SEC - f->requested_from + 86399) / 86400;

        for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
          if (days <= spans[i])
            {
              current = g_ptr_array_index (values, i + 1);
              break;
            }
      }
    add_choice (box, filter, "requested-from", _("Requested"), labels, values, current);
  }

  toggle = gtk_toggle_button_new_with_mnemonic (_("_Overdue"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), f->overdue_only);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Only overdue cases"), -1);
  g_signal_connect_object (toggle, "toggled", G_CALLBACK (overdue_toggled_cb), filter, 0);
  gtk_flow_box_append (box, toggle);

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("#tag"));
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 10);
  if (f->tag != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), f->tag);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Tag"), -1);
  g_signal_connect_object (entry, "activate", G_CALLBACK (tag_activate_cb), filter, 0);
  gtk_flow_box_append (box, entry);

  button = gtk_button_new_with_mnemonic (_("C_lear"));
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Clear the filters"), -1);
  g_signal_connect_object (button, "clicked", G_CALLBACK (clear_clicked_cb), filter, 0);
  gtk_flow_box_append (box, button);
}
