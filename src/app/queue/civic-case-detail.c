/* civic-case-detail.c: one case: its fields, timeline, workflow
 *
 * Reads only the local store; every change is a local write (replica +
 * outbox in one transaction) and then a nudge to CivicSync. Errors a
 * clerk can fix (closing without a resolution note, a refused merge)
 * show in words under the actions, not in a dialog.
 *
 * The duplicate suggestions and the rows live in
 * civic-case-detail-rows.c and civic-case-detail-dups.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-case-detail-private.h"
#include "civic-local-merge.h"
#include "civic-local-write.h"
#include "civic-store-detail.h"


G_DEFINE_FINAL_TYPE (CivicCaseDetail, civic_case_detail, ADW_TYPE_BIN)

enum { SIGNAL_SHOW_ON_MAP, SIGNAL_OPEN_CASE, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- helpers --------------------------------------------------------- */

const char *
civic_case_detail_me (CivicCaseDetail *self)
{
  return self->username;
}

static void
sync_username (CivicCaseDetail *self)
{
  g_autofree char *name = NULL;

  if (self->sync == NULL)
    return;
  g_object_get (self->sync, "username", &name, NULL);
  if (name != NULL)
    {
      g_free (self->username);
      self->username = g_steal_pointer (&name);
    }
}

void
civic_case_detail_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

void
civic_case_detail_clear_flow (GtkFlowBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);
}

void
civic_case_detail_show_error (CivicCaseDetail *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* After a local write: push it, and show it. */
void
civic_case_detail_written (CivicCaseDetail *self,
         gboolean         ok,
         GError          *error)
{
  if (!ok)
    {
      civic_case_detail_show_error (self, error != NULL ? error->message : _("The change could not be saved."));
      return;
    }
  civic_case_detail_show_error (self, NULL);
  if (self->sync != NULL)
    civic_sync_outbox_changed (self->sync);
  civic_case_detail_refresh (self);
}

void
civic_case_detail_update (CivicCaseDetail       *self,
             const CivicCaseChange *change)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->kase == NULL)
    return;
  ok = civic_local_update_case (self->store, self->request_id, change, civic_case_detail_me (self), &error);
  civic_case_detail_written (self, ok, error);
}

/* ---- workflow -------------------------------------------------------- */

static void
set_state (CivicCaseDetail *self,
           CivicCaseState   state,
           const char      *note)
{
  CivicCaseChange change = { .fields = CIVIC_CASE_FIELD_STATE, .state = state, .note = note };

  civic_case_detail_update (self, &change);
}

static void
state_action (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  CivicCaseDetail *self = CIVIC_CASE_DETAIL (widget);

  if (g_str_equal (action, "detail.acknowledge"))
    set_state (self, CIVIC_CASE_STATE_ACKNOWLEDGED, NULL);
  else if (g_str_equal (action, "detail.start"))
    set_state (self, CIVIC_CASE_STATE_IN_PROGRESS, NULL);
  else if (g_str_equal (action, "detail.wait"))
    set_state (self, CIVIC_CASE_STATE_WAITING, NULL);
  else if (g_str_equal (action, "detail.reopen"))
    set_state (self, CIVIC_CASE_STATE_ACKNOWLEDGED, NULL);
}

static void
close_action (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  CivicCaseDetail *self = CIVIC_CASE_DETAIL (widget);

  gtk_revealer_set_reveal_child (self->close_revealer, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->close_note_entry));
}

static void
cancel_close_action (GtkWidget  *widget,
                     const char *action,
                     GVariant   *param)
{
  CivicCaseDetail *self = CIVIC_CASE_DETAIL (widget);

  gtk_revealer_set_reveal_child (self->close_revealer, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->close_note_entry), "");
  civic_case_detail_show_error (self, NULL);
}

static void
confirm_close_action (GtkWidget  *widget,
                      const char *action,
                      GVariant   *param)
{
  CivicCaseDetail *self = CIVIC_CASE_DETAIL (widget);
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->close_note_entry))));
  CivicCaseChange change = { .fields = CIVIC_CASE_FIELD_STATE | CIVIC_CASE_FIELD_STATUS_NOTES,
                             .state = CIVIC_CASE_STATE_CLOSED, .status_notes = note, .note = note };

  if (*note == '\0')
    {
      civic_case_detail_show_error (self, _("Closing a case needs a resolution note: say what was done, so the reporter "
                          "and the next clerk know."));
      gtk_widget_grab_focus (GTK_WIDGET (self->close_note_entry));
      return;
    }
  civic_case_detail_update (self, &change);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    {
      gtk_revealer_set_reveal_child (self->close_revealer, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->close_note_entry), "");
    }
}

static void
assign_to (CivicCaseDetail *self,
           const char      *username)
{
  CivicCaseChange change = { .fields = CIVIC_CASE_FIELD_ASSIGNEE, .assignee = username };

  civic_case_detail_update (self, &change);
}

static void
assign_me_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *param)
{
  CivicCaseDetail *self = CIVIC_CASE_DETAIL (widget);

  if (civic_case_detail_me (self) == NULL)
    {
      civic_case_detail_show_error (self, _("Sign in to assign cases to yourself."));
      return;
    }
  assign_to (self, civic_case_detail_me (self));
}

static void
user_row_activated (GtkListBox      *list,
                    GtkListBoxRow   *row,
                    CivicCaseDetail *self)
{
  const char *username = g_object_get_data (G_OBJECT (row), "username");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_POPOVER);

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  assign_to (self, username);
}

static void
department_row_activated (GtkListBox      *list,
                          GtkListBoxRow   *row,
                          CivicCaseDetail *self)
{
  CivicCaseChange change = { .fields = CIVIC_CASE_FIELD_DEPARTMENT,
                             .department = g_object_get_data (G_OBJECT (row), "department") };
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_POPOVER);

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  civic_case_detail_update (self, &change);
}

static gboolean
user_filter (GtkListBoxRow *row,
             gpointer       data)
{
  CivicCaseDetail *self = data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->user_search));
  const char *hay = g_object_get_data (G_OBJECT (row), "search");
  g_autofree char *needle = g_utf8_casefold (text, -1);

  return *text == '\0' || (hay != NULL && strstr (hay, needle) != NULL);
}

static void
user_search_changed (GtkSearchEntry  *entry,
                     CivicCaseDetail *self)
{
  gtk_list_box_invalidate_filter (self->users_list);
}

static GtkWidget *
picker_row (const char *title,
            const char *subtitle)
{
  g_autofree char *t = g_markup_escape_text (title, -1);
  g_autofree char *s = g_markup_escape_text (subtitle != NULL ? subtitle : "", -1);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), t);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), s);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
fill_pickers (CivicCaseDetail *self)
{
  g_autoptr(GPtrArray) users = civic_store_list_users (self->store, NULL);
  g_autoptr(GPtrArray) departments = civic_store_list_departments (self->store, NULL);
  GtkWidget *row;

  civic_case_detail_clear_list (self->users_list);
  civic_case_detail_clear_list (self->departments_list);
  row = picker_row (_("Nobody"), _("Unassign the case"));
  g_object_set_data (G_OBJECT (row), "search", g_utf8_casefold (_("nobody unassign"), -1));
  gtk_list_box_append (self->users_list, row);
  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      CivicUser *u = g_ptr_array_index (users, i);
      const char *name = civic_user_get_display_name (u) != NULL ? civic_user_get_display_name (u)
                                                                : civic_user_get_username (u);
      g_autofree char *sub = g_strdup_printf ("%s · %s", civic_user_get_username (u),
                                              civic_user_get_department (u) != NULL ? civic_user_get_department (u) : "");
      g_autofree char *search = g_strdup_printf ("%s %s", name, sub);

      row = picker_row (name, sub);
      g_object_set_data_full (G_OBJECT (row), "username", g_strdup (civic_user_get_username (u)), g_free);
      g_object_set_data_full (G_OBJECT (row), "search", g_utf8_casefold (search, -1), g_free);
      gtk_list_box_append (self->users_list, row);
    }
  for (guint i = 0; departments != NULL && i < departments->len; i++)
    {
      CivicDepartment *d = g_ptr_array_index (departments, i);

      row = picker_row (civic_department_get_name (d) != NULL ? civic_department_get_name (d)
                                                             : civic_department_get_id (d),
                        civic_department_get_id (d));
      g_object_set_data_full (G_OBJECT (row), "department", g_strdup (civic_department_get_id (d)), g_free);
      gtk_list_box_append (self->departments_list, row);
    }
}

static void
priority_changed (GtkDropDown     *dropdown,
                  GParamSpec      *pspec,
                  CivicCaseDetail *self)
{
  CivicCaseChange change = { .fields = CIVIC_CASE_FIELD_PRIORITY,
                             .priority = (int) gtk_drop_down_get_selected (dropdown) + 2 };

  if (self->updating || self->kase == NULL || change.priority == MAX (civic_case_get_priority (self->kase), 2))
    return;
  civic_case_detail_update (self, &change);
}

static void
follow_toggled (GtkToggleButton *button,
                CivicCaseDetail *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->updating || self->kase == NULL)
    return;
  if (civic_case_detail_me (self) == NULL)
    {
      civic_case_detail_show_error (self, _("Sign in to follow cases."));
      return;
    }
  ok = civic_local_set_follow (self->store, "case", self->request_id, civic_case_detail_me (self),
                               gtk_toggle_button_get_active (button), &error);
  civic_case_detail_written (self, ok, error);
}

static void
show_on_map_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  CivicCaseDetail *self = CIVIC_CASE_DETAIL (widget);

  if (self->request_id != NULL)
    g_signal_emit (self, signals[SIGNAL_SHOW_ON_MAP], 0, self->request_id);
}

/* ---- the case -------------------------------------------------------- */

static void
fill_header (CivicCaseDetail *self,
             gint64           now)
{
  CivicCase *c = self->kase;
  CivicCaseState state = civic_case_get_state (c);
  gboolean open = state != CIVIC_CASE_STATE_CLOSED;
  g_autofree char *state_text = NULL;
  g_autofree char *due = NULL;
  gboolean overdue = FALSE;

  gtk_label_set_text (self->title_label, civic_case_get_service_request_id (c));
  due = civic_case_detail_format_due (c, now, &overdue);
  state_text = overdue ? g_strdup_printf ("%s · %s", civic_case_detail_state_label (state), due)
                       : g_strdup (civic_case_detail_state_label (state));
  gtk_label_set_text (self->state_label, state_text);
  gtk_image_set_from_icon_name (self->state_icon, overdue ? "dialog-warning-symbolic"
                                                          : civic_case_detail_state_icon (state));
  if (overdue)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
  gtk_label_set_text (self->subtitle_label, civic_case_get_service_name (c) != NULL ? civic_case_get_service_name (c)
                                                                                    : civic_case_get_service_code (c));

  /* the flow box's child, not the button: a hidden button would leave a hole */
  gtk_widget_set_visible (gtk_widget_get_parent (self->ack_button), state == CIVIC_CASE_STATE_NEW);
  gtk_widget_set_visible (gtk_widget_get_parent (self->start_button), open && state != CIVIC_CASE_STATE_IN_PROGRESS);
  gtk_widget_set_visible (gtk_widget_get_parent (self->wait_button), open && state != CIVIC_CASE_STATE_WAITING);
  gtk_widget_set_visible (gtk_widget_get_parent (self->close_button), open);
  gtk_widget_set_visible (gtk_widget_get_parent (self->reopen_button), !open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.acknowledge", state == CIVIC_CASE_STATE_NEW);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.start", open && state != CIVIC_CASE_STATE_IN_PROGRESS);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.wait", open && state != CIVIC_CASE_STATE_WAITING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.close", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.reopen", !open);
  if (!open)
    gtk_revealer_set_reveal_child (self->close_revealer, FALSE);

  gtk_drop_down_set_selected (self->priority_dropdown, CLAMP (civic_case_get_priority (c), 2, 5) - 2);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->follow_button),
                                civic_store_is_following_case (self->store, civic_case_detail_me (self), self->request_id));
  gtk_button_set_label (GTK_BUTTON (self->follow_button),
                        gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->follow_button)) ? _("Un_follow")
                                                                                               : _("_Follow"));
}

void
civic_case_detail_refresh (CivicCaseDetail *self)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_if_fail (CIVIC_IS_CASE_DETAIL (self));

  g_clear_object (&self->kase);
  if (self->store == NULL || self->request_id == NULL ||
      (self->kase = civic_store_get_case (self->store, self->request_id, &error)) == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  self->updating = TRUE;
  fill_header (self, now);
  civic_case_detail_fill_fields (self, now);
  civic_case_detail_fill_tags (self);
  civic_case_detail_fill_duplicates (self, now);
  civic_case_detail_fill_timeline (self, now);
  self->updating = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "case");
}

static void
sync_changed (CivicSync       *sync,
              GStrv            request_ids,
              guint            kinds,
              CivicCaseDetail *self)
{
  /* a new colleague or department: the pickers offer them */
  if ((kinds & CIVIC_SYNC_KIND_CATALOG) && self->store != NULL)
    fill_pickers (self);
  if (self->request_id == NULL)
    return;
  /* a duplicate's original changes too: its reporter and merge show there */
  if (request_ids == NULL || g_strv_contains ((const char * const *) request_ids, self->request_id) ||
      (self->kase != NULL && civic_case_get_duplicate_of (self->kase) != NULL &&
       g_strv_contains ((const char * const *) request_ids, civic_case_get_duplicate_of (self->kase))))
    civic_case_detail_refresh (self);
}

void
civic_case_detail_set_case (CivicCaseDetail *self,
                            CivicStore      *store,
                            CivicSync       *sync,
                            const char      *request_id)
{
  g_return_if_fail (CIVIC_IS_CASE_DETAIL (self));
  g_return_if_fail (store == NULL || CIVIC_IS_STORE (store));
  g_return_if_fail (sync == NULL || CIVIC_IS_SYNC (sync));

  if (self->sync != sync)
    {
      if (self->sync != NULL)
        g_signal_handlers_disconnect_by_data (self->sync, self);
      g_set_object (&self->sync, sync);
      if (sync != NULL)
        g_signal_connect_object (sync, "changed", G_CALLBACK (sync_changed), self, 0);
    }
  sync_username (self);
  if (self->store != store)
    {
      g_set_object (&self->store, store);
      if (store != NULL)
        fill_pickers (self);
    }
  if (g_strcmp0 (self->request_id, request_id) != 0)
    {
      g_free (self->request_id);
      self->request_id = g_strdup (request_id);
      gtk_revealer_set_reveal_child (self->close_revealer, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->close_note_entry), "");
      civic_case_detail_show_error (self, NULL);
    }
  civic_case_detail_refresh (self);
}

const char *
civic_case_detail_get_case (CivicCaseDetail *self)
{
  g_return_val_if_fail (CIVIC_IS_CASE_DETAIL (self), NULL);
  return self->request_id;
}

void
civic_case_detail_set_username (CivicCaseDetail *self,
                                const char      *username)
{
  g_return_if_fail (CIVIC_IS_CASE_DETAIL (self));
  g_free (self->username);
  self->username = g_strdup (username);
  sync_username (self);
}

/* ---- construction ---------------------------------------------------- */

/* "Assi_gn To…" → "Assign To" for screen readers */
static void
label_for_readers (GtkWidget  *widget,
                   const char *mnemonic_label)
{
  g_autoptr(GString) s = g_string_new (mnemonic_label);

  g_string_replace (s, "_", "", 0);
  g_string_replace (s, "…", "", 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, s->str, -1);
}

static GtkWidget *
action_button (CivicCaseDetail *self,
               const char      *label,
               const char      *action,
               const char      *icon)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), icon);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  label_for_readers (button, label);
  gtk_flow_box_append (self->actions_box, button);
  return button;
}

static GtkWidget *
picker_button (CivicCaseDetail *self,
               const char      *label,
               const char      *icon,
               GtkWidget       *search,
               GtkListBox      *list)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), icon);
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), content);
  if (search != NULL)
    gtk_box_append (GTK_BOX (box), search);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_list_box_set_selection_mode (list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (list), "boxed-list");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (list));
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_widget_set_size_request (box, 260, -1);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  label_for_readers (button, label);
  gtk_flow_box_append (self->actions_box, button);
  return button;
}

static void
build_actions (CivicCaseDetail *self)
{
  const char *priorities[] = { _("Low"), _("Normal"), _("High"), _("Urgent"), NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("Priorit_y"));

  self->ack_button = action_button (self, _("_Acknowledge"), "detail.acknowledge", "object-select-symbolic");
  self->start_button = action_button (self, _("S_tart"), "detail.start", "media-playback-start-symbolic");
  self->wait_button = action_button (self, _("_Wait"), "detail.wait", "media-playback-pause-symbolic");
  self->close_button = action_button (self, _("Cl_ose…"), "detail.close", "emblem-ok-symbolic");
  self->reopen_button = action_button (self, _("_Reopen"), "detail.reopen", "edit-undo-symbolic");
  action_button (self, _("Assign to _Me"), "detail.assign-me", "avatar-default-symbolic");

  self->users_list = GTK_LIST_BOX (gtk_list_box_new ());
  self->user_search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->user_search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search people"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->users_list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("People"), -1);
  gtk_list_box_set_filter_func (self->users_list, user_filter, self, NULL);
  g_signal_connect (self->user_search, "search-changed", G_CALLBACK (user_search_changed), self);
  g_signal_connect (self->users_list, "row-activated", G_CALLBACK (user_row_activated), self);
  self->assign_button = picker_button (self, _("Assi_gn To…"), "system-users-symbolic",
                                       GTK_WIDGET (self->user_search), self->users_list);
  gtk_widget_set_tooltip_text (self->assign_button, _("Assign to a person"));

  self->departments_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->departments_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Departments"), -1);
  g_signal_connect (self->departments_list, "row-activated", G_CALLBACK (department_row_activated), self);
  self->department_button = picker_button (self, _("_Department…"), "system-file-manager-symbolic", NULL,
                                           self->departments_list);
  gtk_widget_set_tooltip_text (self->department_button, _("Move to another department"));

  self->priority_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (priorities));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->priority_dropdown));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->priority_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Priority"), -1);
  g_signal_connect (self->priority_dropdown, "notify::selected", G_CALLBACK (priority_changed), self);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->priority_dropdown));
  gtk_flow_box_append (self->actions_box, box);

  self->follow_button = gtk_toggle_button_new_with_mnemonic (_("_Follow"));
  gtk_widget_set_tooltip_text (self->follow_button, _("Be notified when this case changes"));
  g_signal_connect (self->follow_button, "toggled", G_CALLBACK (follow_toggled), self);
  gtk_flow_box_append (self->actions_box, self->follow_button);

  action_button (self, _("Show on Ma_p"), "detail.show-on-map", "mark-location-symbolic");
}

/* The columns: details | notes and timeline side by side when the pane
 * is wide enough, one under the other when it is not. Decided from the
 * width given, not natural sizes (a long note would always ask for one
 * column), and measured so that the narrow layout's minimum is the
 * minimum: the pane still fits 360 px after being wide. */
#define TWO_COLUMNS_MIN_WIDTH 760
#define COLUMN_SPACING        24

static GtkSizeRequestMode
columns_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
columns_measure (GtkWidget      *widget,
                 GtkOrientation  orientation,
                 int             for_size,
                 int            *minimum,
                 int            *natural,
                 int            *minimum_baseline,
                 int            *natural_baseline)
{
  gboolean two = orientation == GTK_ORIENTATION_VERTICAL && for_size >= TWO_COLUMNS_MIN_WIDTH;
  int child_for = two ? (for_size - COLUMN_SPACING) / 2 : for_size;
  int n = 0;

  *minimum = *natural = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      int cmin = 0, cnat = 0;

      if (!gtk_widget_should_layout (c))
        continue;
      gtk_widget_measure (c, orientation, child_for, &cmin, &cnat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum = MAX (*minimum, cmin);
          *natural += cnat + (n > 0 ? COLUMN_SPACING : 0);
        }
      else if (two)
        {
          *minimum = MAX (*minimum, cmin);
          *natural = MAX (*natural, cnat);
        }
      else
        {
          *minimum += cmin + (n > 0 ? COLUMN_SPACING : 0);
          *natural += cnat + (n > 0 ? COLUMN_SPACING : 0);
        }
      n++;
    }
  *minimum_baseline = *natural_baseline = -1;
}

static void
columns_allocate (GtkWidget *widget,
                  int        width,
                  int        height,
                  int        baseline)
{
  gboolean two = width >= TWO_COLUMNS_MIN_WIDTH;
  int column_width = two ? (width - COLUMN_SPACING) / 2 : width;
  int x = 0, y = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      int cmin = 0, cnat = 0;
      GtkAllocation a;

      if (!gtk_widget_should_layout (c))
        continue;
      gtk_widget_measure (c, GTK_ORIENTATION_VERTICAL, column_width, &cmin, &cnat, NULL, NULL);
      a.x = x;
      a.y = y;
      a.width = column_width;
      a.height = two ? MAX (cnat, height) : cnat;
      gtk_widget_size_allocate (c, &a, -1);
      if (two)
        x += column_width + COLUMN_SPACING;
      else
        y += cnat + COLUMN_SPACING;
    }
}

static void
civic_case_detail_dispose (GObject *object)
{
  CivicCaseDetail *self = CIVIC_CASE_DETAIL (object);

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->kase);
  G_OBJECT_CLASS (civic_case_detail_parent_class)->dispose (object);
}

static void
civic_case_detail_finalize (GObject *object)
{
  CivicCaseDetail *self = CIVIC_CASE_DETAIL (object);

  g_free (self->request_id);
  g_free (self->username);
  G_OBJECT_CLASS (civic_case_detail_parent_class)->finalize (object);
}

static void
civic_case_detail_class_init (CivicCaseDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = civic_case_detail_dispose;
  object_class->finalize = civic_case_detail_finalize;

  signals[SIGNAL_SHOW_ON_MAP] = g_signal_new ("show-on-map", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                              NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_OPEN_CASE] = g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/civicdesk/CivicDesk/civic-case-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, state_icon);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, state_label);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, actions_box);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, close_revealer);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, close_note_entry);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, error_label);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, fields_group);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, reporter_group);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, dups_group);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, tags_box);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, tag_entry);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, dups_list);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, internal_toggle);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, public_toggle);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, audience_icon);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, audience_label);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, note_view);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, note_frame);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, columns);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, left_column);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, right_column);
  gtk_widget_class_bind_template_child (widget_class, CivicCaseDetail, timeline_list);

  gtk_widget_class_install_action (widget_class, "detail.acknowledge", NULL, state_action);
  gtk_widget_class_install_action (widget_class, "detail.start", NULL, state_action);
  gtk_widget_class_install_action (widget_class, "detail.wait", NULL, state_action);
  gtk_widget_class_install_action (widget_class, "detail.reopen", NULL, state_action);
  gtk_widget_class_install_action (widget_class, "detail.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "detail.confirm-close", NULL, confirm_close_action);
  gtk_widget_class_install_action (widget_class, "detail.cancel-close", NULL, cancel_close_action);
  gtk_widget_class_install_action (widget_class, "detail.assign-me", NULL, assign_me_action);
  gtk_widget_class_install_action (widget_class, "detail.send-note", NULL, civic_case_detail_send_note);
  gtk_widget_class_install_action (widget_class, "detail.show-on-map", NULL, show_on_map_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "detail.send-note", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "detail.send-note", NULL);
}

/* Enter in the resolution note closes the case */
static void
close_note_activate (GtkEntry        *entry,
                     CivicCaseDetail *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "detail.confirm-close", NULL);
}

static void
audience_toggled (GtkToggleButton *button,
                  CivicCaseDetail *self)
{
  civic_case_detail_update_audience (self);
}

static void
civic_case_detail_init (CivicCaseDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self->columns),
                                 gtk_custom_layout_new (columns_request_mode, columns_measure, columns_allocate));

  self->fields_list = GTK_LIST_BOX (gtk_list_box_new ());
  self->reporter_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->fields_list, GTK_SELECTION_NONE);
  gtk_list_box_set_selection_mode (self->reporter_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->fields_list), "boxed-list");
  gtk_widget_add_css_class (GTK_WIDGET (self->reporter_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fields_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Case details"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reporter_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reporter contact, staff only"), -1);
  adw_preferences_group_add (self->fields_group, GTK_WIDGET (self->fields_list));
  adw_preferences_group_add (self->reporter_group, GTK_WIDGET (self->reporter_list));

  build_actions (self);
  g_signal_connect (self->tag_entry, "activate", G_CALLBACK (civic_case_detail_tag_entry_activate), self);
  g_signal_connect (self->tag_entry, "icon-release", G_CALLBACK (civic_case_detail_tag_entry_icon), self);
  g_signal_connect (self->public_toggle, "toggled", G_CALLBACK (audience_toggled), self);
  g_signal_connect (self->close_note_entry, "activate", G_CALLBACK (close_note_activate), self);
  civic_case_detail_update_audience (self);
}

GtkWidget *
civic_case_detail_new (void)
{
  return g_object_new (CIVIC_TYPE_CASE_DETAIL, NULL);
}
