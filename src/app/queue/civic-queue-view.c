/* civic-queue-view.c: the Case Queue tab
 *
 * An AdwLeaflet: the list side (search, filter bar, a GtkColumnView over
 * CivicCaseListModel in a multi-selection that never reads items) and the detail side (a side
 * pane on wide windows, a page on narrow ones). Filtering and sorting are
 * SQL in the model; this file turns controls into a CivicQueueFilter and
 * a CivicCaseSort and follows the active connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-case-detail.h"
#include "civic-case-selection.h"
#include "civic-local-write.h"
#include "civic-new-case-dialog.h"
#include "civic-queue-bulk.h"
#include "civic-queue-bulk-dialog.h"
#include "civic-store-detail.h"
#include "civic-queue-columns.h"
#include "civic-queue-filter-bar.h"
#include "civic-queue-view.h"
#include "civic-queue-views.h"

struct _CivicQueueView
{
  AdwBin                  parent_instance;

  AdwLeaflet             *leaflet;
  GtkSearchEntry         *search_entry;
  GtkToggleButton        *filters_button;
  GtkMenuButton          *views_button;
  GtkFlowBox             *filter_box;
  GtkScrolledWindow      *scroller;
  GtkColumnView          *column_view;
  GtkInscription         *count_label;
  GtkBox                 *detail_side;
  AdwStatusPage          *detail_placeholder;
  GtkButton              *back_button;
  CivicCaseDetail        *detail;
  GtkRevealer            *bulk_revealer;
  GtkInscription         *bulk_label;
  GSimpleAction          *merge_action;  /* owned by the view's action group */

  CivicCaseListModel     *model;
  CivicCaseSelection     *selection;
  CivicQueueFilter       *filter;

  CivicConnectionManager *manager;
  CivicStore             *store;
  CivicSync              *sync;
  gulong                  sync_changed_handler;
  char                   *open_request_id;
  gboolean                searching;  /* the search entry is writing the filter */
  gboolean                at_top;     /* the list showed its first row before a change */
};

G_DEFINE_FINAL_TYPE (CivicQueueView, civic_queue_view, ADW_TYPE_BIN)


/* ---- helpers --------------------------------------------------------- */

static const char *
me (CivicQueueView *self)
{
  const char *username = NULL;

  if (self->sync != NULL)
    {
      g_autofree char *name = NULL;

      g_object_get (self->sync, "username", &name, NULL);
      /* kept on the object so the pointer stays good */
      g_object_set_data_full (G_OBJECT (self), "civic-me", g_steal_pointer (&name), g_free);
      username = g_object_get_data (G_OBJECT (self), "civic-me");
    }
  return username;
}

static void
update_count (CivicQueueView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autofree char *text = NULL;

  if (self->store == NULL)
    text = g_strdup (_("No connection"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case", "%u cases", n), n);
  gtk_inscription_set_text (self->count_label, text);
}

static GtkWidget *
inner_list_view (CivicQueueView *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

static void
show_detail (CivicQueueView *self,
             const char     *request_id,
             gboolean        navigate)
{
  g_autoptr(CivicCase) kase = NULL;

  if (g_strcmp0 (self->open_request_id, request_id) != 0)
    {
      g_free (self->open_request_id);
      self->open_request_id = g_strdup (request_id);
    }

  if (request_id != NULL && self->store != NULL)
    kase = civic_store_get_case (self->store, request_id, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->detail), kase != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_placeholder), kase == NULL);
  if (kase != NULL)
    {
      civic_case_detail_set_username (self->detail, me (self));
      if (g_strcmp0 (civic_case_detail_get_case (self->detail), request_id) != 0)
        civic_case_detail_set_case (self->detail, self->store, self->sync, request_id);
      else
        civic_case_detail_refresh (self->detail);
    }
  if (navigate && kase != NULL)
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail_side));
}

static void
detail_open_case_cb (CivicCaseDetail *detail,
                     const char      *request_id,
                     CivicQueueView  *self)
{
  civic_queue_view_open_case (self, request_id);
}

static void
detail_show_on_map_cb (CivicCaseDetail *detail,
                       const char      *request_id,
                       CivicQueueView  *self)
{
  /* the window turns to the map, centred on the case and ringed */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-on-map", "s", request_id);
}

/* ---- the list -------------------------------------------------------- */

/* Runs before the list sees a change: was it showing its first rows? */
static void
items_changing_cb (GListModel     *model,
                   guint           position,
                   guint           removed,
                   guint           added,
                   CivicQueueView *self)
{
  self->at_top = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scroller)) < 1.0;
}

/* …and after. The list keeps the row it shows in place when cases arrive
 * above it; a clerk at the top of the queue wants the new ones in view. */
static void
items_changed_cb (GListModel     *model,
                  guint           position,
                  guint           removed,
                  guint           added,
                  CivicQueueView *self)
{
  if (g_getenv ("CIVIC_QUEUE_DEBUG"))
    g_printerr ("queue: items-changed %u -%u +%u, at top %d, value %.0f\n", position, removed, added,
                self->at_top, gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scroller)));
  if (self->at_top && position == 0 && added > 0)
    {
      GtkWidget *list = inner_list_view (self);

      /* the list's anchor, not only the adjustment: GTK 4.8 puts the
       * adjustment back from the anchor at the next allocation */
      if (list != NULL)
        gtk_widget_activate_action (list, "list.scroll-to-item", "u", 0);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
    }
  update_count (self);
}

/* A new filter or sort lists other cases: the selection (kept by
 * position) goes, and the list starts at its top. */
static void
start_over (CivicQueueView *self)
{
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static void
filter_changed_cb (CivicQueueFilter *filter,
                   CivicQueueView   *self)
{
  start_over (self);
  civic_case_list_model_set_filter (self->model, civic_queue_filter_get (filter));
}

static void
sorter_changed_cb (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   CivicQueueView  *self)
{
  CivicCaseSort sort = { CIVIC_CASE_SORT_ARRIVAL, TRUE };

  civic_queue_columns_get_sort (self->column_view, &sort);
  start_over (self);
  civic_case_list_model_set_sort (self->model, &sort);
}

static void
activate_cb (GtkColumnView  *view,
             guint           position,
             CivicQueueView *self)
{
  g_autoptr(CivicCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (row != NULL)
    show_detail (self, civic_case_row_get_request_id (row), TRUE);
}

static void
selection_changed_cb (GtkSelectionModel *selection,
                      guint              position,
                      guint              n_items,
                      CivicQueueView    *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (selection);
  g_autoptr(CivicCaseRow) row = NULL;
  guint64 n = gtk_bitset_get_size (set);

  gtk_revealer_set_reveal_child (self->bulk_revealer, n > 1);
  if (n > 1)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected", "%u selected", n),
                                               (guint) n);
      gtk_inscription_set_text (self->bulk_label, text);
      /* merging duplicates is for advocates and managers (DESIGN §3.2) */
      g_simple_action_set_enabled (self->merge_action,
                                   self->store != NULL &&
                                   civic_store_get_user_role (self->store, me (self)) <= CIVIC_USER_ROLE_ADVOCATE);
    }
  if (n != 1)
    return;
  row = g_list_model_get_item (G_LIST_MODEL (self->model), gtk_bitset_get_nth (set, 0));
  if (row != NULL && g_strcmp0 (civic_case_row_get_request_id (row), self->open_request_id) != 0)
    show_detail (self, civic_case_row_get_request_id (row), FALSE);
}

static void
back_clicked_cb (CivicQueueView *self)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

/* ---- search ---------------------------------------------------------- */

static gboolean
is_tracking_number (const char *text)
{
  return g_regex_match_simple ("^\\s*[0-9]{2,}-[0-9]{4}-[0-9]{4,}\\s*$", text, 0, 0);
}

void
civic_queue_view_search (CivicQueueView *self,
                         const char     *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(CivicCase) kase = NULL;

  g_return_if_fail (CIVIC_IS_QUEUE_VIEW (self));

  self->searching = TRUE;
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  if (is_tracking_number (stripped) && self->store != NULL &&
      (kase = civic_store_get_case (self->store, stripped, NULL)) != NULL)
    {
      /* the caller's case, whatever the other filters say (it may be
       * closed, or another department's) */
      g_autoptr(CivicCaseFilter) only = civic_case_filter_new ();

      only->text = g_strdup (stripped);
      civic_queue_filter_set (self->filter, only);
      civic_queue_filter_bar_fill (self->filter_box, self->filter, self->store, me (self));
    }
  else
    g_object_set (self->filter, "text", stripped, NULL);
  self->searching = FALSE;

  /* "what's the status of my request?": straight to the case */
  if (kase != NULL)
    civic_queue_view_open_case (self, stripped);
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   CivicQueueView *self)
{
  if (!self->searching)
    civic_queue_view_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
search_activate_cb (GtkSearchEntry *entry,
                    CivicQueueView *self)
{
  /* Enter opens the first case */
  g_autoptr(CivicCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), 0);

  if (row != NULL)
    civic_queue_view_open_case (self, civic_case_row_get_request_id (row));
}

gboolean
civic_queue_view_open_case (CivicQueueView *self,
                            const char     *request_id)
{
  g_autoptr(CivicCase) kase = NULL;
  GtkWidget *list;
  guint position;

  g_return_val_if_fail (CIVIC_IS_QUEUE_VIEW (self), FALSE);

  if (self->store == NULL || request_id == NULL)
    return FALSE;
  kase = civic_store_get_case (self->store, request_id, NULL);
  if (kase == NULL)
    return FALSE;
  position = civic_case_list_model_find (self->model, civic_case_get_id (kase));
  if (position != G_MAXUINT)
    {
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
      list = inner_list_view (self);
      if (list != NULL)
        gtk_widget_activate_action (list, "list.scroll-to-item", "u", position);
    }
  show_detail (self, request_id, TRUE);
  return position != G_MAXUINT;
}

const char *
civic_queue_view_get_open_case (CivicQueueView *self)
{
  g_return_val_if_fail (CIVIC_IS_QUEUE_VIEW (self), NULL);
  return self->open_request_id;
}

/* ---- actions --------------------------------------------------------- */

static gboolean
focus_search_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  CivicQueueView *self = CIVIC_QUEUE_VIEW (widget);

  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return TRUE;
}

static void
new_case_created_cb (CivicNewCaseDialog *dialog,
                     const char         *request_id,
                     CivicQueueView     *self)
{
  civic_case_list_model_refresh (self->model, NULL);
  civic_queue_view_open_case (self, request_id);
}

/* queue.new-case (the button, Ctrl+N): the new case dialog, whose case
 * the queue then lists and opens. */
static void
new_case_cb (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  CivicQueueView *self = CIVIC_QUEUE_VIEW (user_data);
  CivicNewCaseDialog *dialog;

  if (self->store == NULL)
    return;
  dialog = civic_new_case_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                      self->store, self->sync, me (self));
  g_signal_connect_object (dialog, "created", G_CALLBACK (new_case_created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* One local write for the whole selection, and a toast with Undo. */
static void
apply_bulk (CivicQueueView        *self,
            const CivicBulkChange *change)
{
  g_auto(GStrv) ids = civic_queue_view_get_selected_request_ids (self);
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  CivicBulkUndo *undo;

  if (self->store == NULL || ids == NULL || ids[0] == NULL)
    return;
  undo = civic_queue_bulk_apply (self->store, self->sync, ids, change, me (self), &error);
  civic_case_list_model_refresh (self->model, (const char * const *) ids);
  if (overlay == NULL)
    {
      if (undo != NULL)
        civic_bulk_undo_free (undo);
      return;
    }
  if (undo == NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
  else
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                                 civic_queue_bulk_toast_new (ADW_TOAST_OVERLAY (overlay), self->store,
                                                             self->sync, undo, me (self)));
}

static void
bulk_assign_me_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  CivicQueueView *self = user_data;
  CivicBulkChange change = { .action = CIVIC_BULK_ASSIGN, .assignee = me (self) };

  apply_bulk (self, &change);
}

static void
bulk_state_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  CivicBulkChange change = { .action = CIVIC_BULK_STATE, .state = g_variant_get_int32 (parameter) };

  apply_bulk (CIVIC_QUEUE_VIEW (user_data), &change);
}

static void
bulk_answer_cb (const CivicBulkChange *change,
                gpointer               data)
{
  apply_bulk (CIVIC_QUEUE_VIEW (data), change);
}

/* Assign to…, Move to…, Tag…, Close…, Merge…: @what says what to ask
 * first. */
static void
bulk_ask (CivicQueueView *self,
          const char     *what)
{
  g_auto(GStrv) ids = civic_queue_view_get_selected_request_ids (self);
  CivicBulkAction kind = CIVIC_BULK_STATE;

  if (self->store == NULL || ids == NULL || ids[0] == NULL)
    return;
  if (g_str_equal (what, "assign"))
    kind = CIVIC_BULK_ASSIGN;
  else if (g_str_equal (what, "department"))
    kind = CIVIC_BULK_DEPARTMENT;
  else if (g_str_equal (what, "tag"))
    kind = CIVIC_BULK_ADD_TAG;
  else if (g_str_equal (what, "merge"))
    kind = CIVIC_BULK_MERGE;
  civic_queue_bulk_dialog_present (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->store,
                                   kind, CIVIC_CASE_STATE_CLOSED, (const char * const *) ids,
                                   bulk_answer_cb, self);
}

static void
bulk_ask_cb (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  bulk_ask (CIVIC_QUEUE_VIEW (user_data), g_variant_get_string (parameter, NULL));
}

/* its own action, so the menu hides it from those who may not merge */
static void
bulk_merge_ask_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  bulk_ask (CIVIC_QUEUE_VIEW (user_data), "merge");
}

static void
rebuild_views_menu (CivicQueueView *self)
{
  g_autoptr(GMenuModel) menu = civic_queue_views_menu (self->store);

  gtk_menu_button_set_menu_model (self->views_button, menu);
}

static void
apply_view_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  CivicQueueView *self = user_data;
  g_autoptr(CivicCaseFilter) filter = NULL;
  CivicCaseSort sort = { CIVIC_CASE_SORT_ARRIVAL, TRUE };

  if (self->store == NULL ||
      !civic_queue_views_load (self->store, g_variant_get_int64 (parameter), &filter, &sort))
    return;
  civic_queue_filter_set (self->filter, filter);
  self->searching = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), filter->text != NULL ? filter->text : "");
  self->searching = FALSE;
  civic_queue_filter_bar_fill (self->filter_box, self->filter, self->store, me (self));
  civic_queue_columns_set_sort (self->column_view, &sort);
}

static void
save_view_cb (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  civic_queue_views_ask_name (CIVIC_QUEUE_VIEW (user_data));
}

gboolean
civic_queue_view_save_view (CivicQueueView  *self,
                            const char      *name,
                            GError         **error)
{
  g_autoptr(JsonObject) params = NULL;
  const CivicCaseSort *sort;

  g_return_val_if_fail (CIVIC_IS_QUEUE_VIEW (self), FALSE);

  if (self->store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("There is no connection to save the view to."));
      return FALSE;
    }
  params = civic_queue_filter_to_params (civic_queue_filter_get (self->filter));
  sort = civic_case_list_model_get_sort (self->model);
  if (!civic_local_save_view (self->store, name, params,
                              civic_queue_views_sort_param (sort), me (self), NULL, error))
    return FALSE;
  if (self->sync != NULL)
    civic_sync_outbox_changed (self->sync);
  rebuild_views_menu (self);
  return TRUE;
}

/* ---- the connection -------------------------------------------------- */

static void
store_sync_changed_cb (CivicSync          *sync,
                       const char * const *request_ids,
                       guint               kinds,
                       CivicQueueView     *self)
{
  if (kinds & CIVIC_SYNC_KIND_CATALOG)
    {
      rebuild_views_menu (self);
      civic_queue_filter_bar_fill (self->filter_box, self->filter, self->store, me (self));
    }
  if (self->open_request_id != NULL && (kinds & CIVIC_SYNC_KIND_CASES))
    show_detail (self, self->open_request_id, FALSE);
}

void
civic_queue_view_set_store (CivicQueueView *self,
                            CivicStore     *store,
                            CivicSync      *sync)
{
  g_return_if_fail (CIVIC_IS_QUEUE_VIEW (self));

  if (self->sync != NULL)
    g_clear_signal_handler (&self->sync_changed_handler, self->sync);
  if (self->store != store)
    g_clear_pointer (&self->open_request_id, g_free);
  g_set_object (&self->store, store);
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    self->sync_changed_handler = g_signal_connect (sync, "changed",
                                                   G_CALLBACK (store_sync_changed_cb), self);

  civic_case_list_model_set_store (self->model, store, sync);
  civic_queue_filter_bar_fill (self->filter_box, self->filter, store, me (self));
  rebuild_views_menu (self);
  show_detail (self, self->open_request_id, FALSE);
  update_count (self);
}

static void
manager_changed_cb (CivicQueueView *self)
{
  civic_queue_view_set_store (self,
                              civic_connection_manager_get_store (self->manager),
                              civic_connection_manager_get_sync (self->manager));
}

void
civic_queue_view_set_manager (CivicQueueView         *self,
                              CivicConnectionManager *manager)
{
  g_return_if_fail (CIVIC_IS_QUEUE_VIEW (self));

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_func (self->manager, manager_changed_cb, self);
  g_set_object (&self->manager, manager);
  if (manager != NULL)
    {
      g_signal_connect_object (manager, "notify::store", G_CALLBACK (manager_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (manager, "notify::sync", G_CALLBACK (manager_changed_cb),
                               self, G_CONNECT_SWAPPED);
      manager_changed_cb (self);
    }
  else
    civic_queue_view_set_store (self, NULL, NULL);
}

/* ---- getters --------------------------------------------------------- */

CivicQueueFilter *
civic_queue_view_get_filter (CivicQueueView *self)
{
  g_return_val_if_fail (CIVIC_IS_QUEUE_VIEW (self), NULL);
  return self->filter;
}

CivicCaseListModel *
civic_queue_view_get_model (CivicQueueView *self)
{
  g_return_val_if_fail (CIVIC_IS_QUEUE_VIEW (self), NULL);
  return self->model;
}

GtkSelectionModel *
civic_queue_view_get_selection (CivicQueueView *self)
{
  g_return_val_if_fail (CIVIC_IS_QUEUE_VIEW (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

GtkColumnView *
civic_queue_view_get_column_view (CivicQueueView *self)
{
  g_return_val_if_fail (CIVIC_IS_QUEUE_VIEW (self), NULL);
  return self->column_view;
}

GtkScrolledWindow *
civic_queue_view_get_scrolled_window (CivicQueueView *self)
{
  g_return_val_if_fail (CIVIC_IS_QUEUE_VIEW (self), NULL);
  return self->scroller;
}

GStrv
civic_queue_view_get_selected_request_ids (CivicQueueView *self)
{
  g_autoptr(GtkBitset) set = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (CIVIC_IS_QUEUE_VIEW (self), NULL);

  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(CivicCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), position);

      if (row != NULL && civic_case_row_get_request_id (row) != NULL)
        g_strv_builder_add (builder, civic_case_row_get_request_id (row));
    }
  return g_strv_builder_end (builder);
}

/* ---- GObject --------------------------------------------------------- */

static void
civic_queue_view_dispose (GObject *object)
{
  CivicQueueView *self = CIVIC_QUEUE_VIEW (object);

  if (self->sync != NULL)
    g_clear_signal_handler (&self->sync_changed_handler, self->sync);
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_func (self->manager, manager_changed_cb, self);
  g_clear_object (&self->manager);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  if (self->model != NULL)
    civic_case_list_model_set_store (self->model, NULL, NULL);

  G_OBJECT_CLASS (civic_queue_view_parent_class)->dispose (object);
}

static void
civic_queue_view_finalize (GObject *object)
{
  CivicQueueView *self = CIVIC_QUEUE_VIEW (object);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->filter);
  g_free (self->open_request_id);

  G_OBJECT_CLASS (civic_queue_view_parent_class)->finalize (object);
}

static void
civic_queue_view_class_init (CivicQueueViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = civic_queue_view_dispose;
  object_class->finalize = civic_queue_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-queue-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CivicQueueView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CivicQueueView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CivicQueueView, filters_button);
  gtk_widget_class_bind_template_child (widget_class, CivicQueueView, views_button);
  gtk_widget_class_bind_template_child (widget_class, CivicQueueView, filter_box);
  gtk_widget_class_bind_template_child (widget_class, CivicQueueView, scroller);
  gtk_widget_class_bind_template_child (widget_class, CivicQueueView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CivicQueueView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CivicQueueView, detail_side);
  gtk_widget_class_bind_template_child (widget_class, CivicQueueView, detail_placeholder);
  gtk_widget_class_bind_template_child (widget_class, CivicQueueView, back_button);
  gtk_widget_class_bind_template_child (widget_class, CivicQueueView, bulk_revealer);
  gtk_widget_class_bind_template_child (widget_class, CivicQueueView, bulk_label);
}

static void
civic_queue_view_init (CivicQueueView *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  const GActionEntry entries[] = {
    { "apply-view", apply_view_cb, "x" },
    { "save-view", save_view_cb },
    { "bulk-assign-me", bulk_assign_me_cb },
    { "bulk-state", bulk_state_cb, "i" },
    { "bulk-ask", bulk_ask_cb, "s" },
    { "bulk-merge-ask", bulk_merge_ask_cb },
    { "new-case", new_case_cb },
  };
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = civic_queue_filter_new ();
  /* the work: open cases first; "Any state" is one click away */
  g_object_set (self->filter, "states", (guint) CIVIC_CASE_STATES_OPEN, NULL);
  self->model = civic_case_list_model_new ();
  civic_case_list_model_set_filter (self->model, civic_queue_filter_get (self->filter));
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (items_changing_cb), self, 0);
  self->selection = civic_case_selection_new (G_LIST_MODEL (self->model));
  civic_queue_columns_add (self->column_view);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (items_changed_cb), self, 0);
  g_signal_connect_object (self->filter, "changed", G_CALLBACK (filter_changed_cb), self, 0);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, 0);
  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (activate_cb), self, 0);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, 0);
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (search_changed_cb), self, 0);
  g_signal_connect_object (self->search_entry, "activate",
                           G_CALLBACK (search_activate_cb), self, 0);
  g_signal_connect_object (self->back_button, "clicked",
                           G_CALLBACK (back_clicked_cb), self, G_CONNECT_SWAPPED);

  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), self);
  self->merge_action = G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (group), "bulk-merge-ask"));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "queue", G_ACTION_GROUP (group));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>f"),
                                                          gtk_callback_action_new (focus_search_cb, NULL, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>n"),
                                                          gtk_named_action_new ("queue.new-case")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  self->detail = CIVIC_CASE_DETAIL (civic_case_detail_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->detail), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->detail), FALSE);
  gtk_box_append (self->detail_side, GTK_WIDGET (self->detail));
  g_signal_connect_object (self->detail, "open-case", G_CALLBACK (detail_open_case_cb), self, 0);
  g_signal_connect_object (self->detail, "show-on-map", G_CALLBACK (detail_show_on_map_cb), self, 0);

  update_count (self);
}

GtkWidget *
civic_queue_view_new (void)
{
  return g_object_new (CIVIC_TYPE_QUEUE_VIEW, NULL);
}
