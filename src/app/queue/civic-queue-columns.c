/* civic-queue-columns.c: the columns of the case queue
 *
 * One GtkSignalListItemFactory per column; a cell is a GtkInscription
 * bound to one CivicCaseRow property, so a row updated in place by a sync
 * repaints. An inscription's size does not depend on its text (a label's
 * does): GTK 4.8 keeps up to 200 rows alive, and when a filter gives them
 * all new cases, labels would shape ~1,800 strings just to measure them
 * (25 ms a filter); inscriptions shape only what is drawn.
 * Column headers carry a GtkCustomSorter only so GtkColumnView shows and
 * toggles the sort; the model sorts in SQL. GTK 4.8 has no getter for the
 * primary sort column, so civic_queue_columns_get_sort() asks the
 * column-view sorter to compare two items once: it consults the primary
 * column's sorter first, which records itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-case-row.h"
#include "civic-queue-columns.h"

typedef struct
{
  const char          *property;
  const char          *tooltip;   /* a property shown as the cell's tooltip */
  const char          *title;
  CivicCaseSortColumn  sort;
  int                  width;
  gboolean             expand;
} ColumnInfo;

static const ColumnInfo columns[] = {
  { "request-id", NULL, N_("Number"),     CIVIC_CASE_SORT_TRACKING_ID, 140, FALSE },
  { "service",    NULL, N_("Service"),    CIVIC_CASE_SORT_SERVICE,     150, TRUE },
  { "state",      NULL, N_("State"),      CIVIC_CASE_SORT_STATE,        95, FALSE },
  { "department", "department-name", N_("Department"), CIVIC_CASE_SORT_DEPARTMENT, 100, FALSE },
  { "assignee",   NULL, N_("Assignee"),   CIVIC_CASE_SORT_ASSIGNEE,    110, FALSE },
  { "priority",   NULL, N_("Priority"),   CIVIC_CASE_SORT_PRIORITY,     70, FALSE },
  { "due",        NULL, N_("Age / Due"),  CIVIC_CASE_SORT_EXPECTED,    130, FALSE },
  { "address",    NULL, N_("Address"),    CIVIC_CASE_SORT_ADDRESS,     170, TRUE },
  { "channel",    NULL, N_("Channel"),    CIVIC_CASE_SORT_CHANNEL,      70, FALSE },
};

/* set by a column's sort function during civic_queue_columns_get_sort */
static int probed_column = -1;

/* The tooltip is asked for when shown, not bound: setting tooltip-text
 * makes GTK query the pointer, and a filter re-targets ~200 rows at once
 * (measured: 20 ms more a filter with a bound department tooltip). */
static gboolean
query_tooltip_cb (GtkWidget   *label,
                  int          x,
                  int          y,
                  gboolean     keyboard,
                  GtkTooltip  *tooltip,
                  GtkListItem *item)
{
  const ColumnInfo *info = g_object_get_data (G_OBJECT (label), "civic-column");
  GObject *row = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  if (row == NULL || info == NULL || info->tooltip == NULL)
    return FALSE;
  g_object_get (row, info->tooltip, &text, NULL);
  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          const ColumnInfo         *info)
{
  GtkWidget *label = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (label), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_lines (GTK_INSCRIPTION (label), 1);
  gtk_inscription_set_nat_lines (GTK_INSCRIPTION (label), 1);
  if (g_str_equal (info->property, "request-id"))
    gtk_widget_add_css_class (label, "numeric");
  if (info->tooltip != NULL)
    {
      g_object_set_data (G_OBJECT (label), "civic-column", (gpointer) info);
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (query_tooltip_cb), item);
    }
  gtk_list_item_set_child (item, label);
}

static void
overdue_changed_cb (CivicCaseRow *row,
                    GParamSpec   *pspec,
                    GtkWidget    *label)
{
  if (civic_case_row_get_overdue (row))
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         const ColumnInfo         *info)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  GObject *row = gtk_list_item_get_item (item);
  GBinding *binding;

  if (row == NULL)
    return;
  binding = g_object_bind_property (row, info->property, label, "text", G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (item), "civic-binding", binding);

  if (g_str_equal (info->property, "due"))
    {
      g_signal_connect_object (row, "notify::overdue", G_CALLBACK (overdue_changed_cb), label, 0);
      overdue_changed_cb (CIVIC_CASE_ROW (row), NULL, label);
    }
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           const ColumnInfo         *info)
{
  GBinding *binding = g_object_steal_data (G_OBJECT (item), "civic-binding");
  GObject *row = gtk_list_item_get_item (item);

  if (binding != NULL)
    g_binding_unbind (binding);
  if (row != NULL && g_str_equal (info->property, "due"))
    g_signal_handlers_disconnect_by_func (row, overdue_changed_cb, gtk_list_item_get_child (item));
}

static int
probe_sort_cb (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  if (probed_column < 0)
    probed_column = GPOINTER_TO_INT (user_data);
  return -1;
}

void
civic_queue_columns_add (GtkColumnView *view)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const ColumnInfo *info = &columns[i];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      GtkSorter *sorter;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), (gpointer) info);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), (gpointer) info);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), (gpointer) info);
      column = gtk_column_view_column_new (_(info->title), factory);
      gtk_column_view_column_set_fixed_width (column, info->width);
      gtk_column_view_column_set_expand (column, info->expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      sorter = GTK_SORTER (gtk_custom_sorter_new (probe_sort_cb, GINT_TO_POINTER (i), NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
      gtk_column_view_append_column (view, column);
      g_object_unref (column);
    }
}

gboolean
civic_queue_columns_get_sort (GtkColumnView *view,
                              CivicCaseSort *sort)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (view);
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;

  probed_column = -1;
  order = gtk_sorter_compare (sorter, a, b);
  if (probed_column < 0 || order == GTK_ORDERING_EQUAL)
    return FALSE;

  sort->column = columns[probed_column].sort;
  /* the probe answers "less": a descending column turns that round */
  sort->descending = order == GTK_ORDERING_LARGER;
  return TRUE;
}

void
civic_queue_columns_set_sort (GtkColumnView       *view,
                              const CivicCaseSort *sort)
{
  GListModel *list = gtk_column_view_get_columns (view);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (columns[i].sort == sort->column)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (list, i);

        gtk_column_view_sort_by_column (view, column,
                                        sort->descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
        return;
      }
  gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
}
