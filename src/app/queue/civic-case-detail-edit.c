/* civic-case-detail-edit.c: the fields, tags, timeline, composer and
 * duplicate suggestions of the case detail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-case-detail-private.h"
#include "civic-local-merge.h"
#include "civic-local-write.h"
#include "civic-store-detail.h"

/* ---- fields ---------------------------------------------------------- */

static GtkWidget *
add_field (GtkListBox *list,
           const char *title,
           const char *value,
           const char *icon)
{
  g_autofree char *escaped = g_markup_escape_text (value != NULL && *value != '\0' ? value : _("—"), -1);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  gtk_widget_add_css_class (row, "property");
  if (icon != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon);

      gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, value, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), image);
    }
  gtk_list_box_append (list, row);
  return row;
}

static char *
format_time (gint64 t,
             gint64 now)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *date = NULL;
  g_autofree char *age = NULL;

  if (t == 0)
    return NULL;
  dt = g_date_time_new_from_unix_local (t);
  date = g_date_time_format (dt, "%e %b %Y %H:%M");
  age = civic_case_detail_format_age (t, now);
  return g_strdup_printf ("%s (%s)", g_strstrip (date), age);
}

static void
duplicate_row_activated (AdwActionRow    *row,
                         CivicCaseDetail *self)
{
  if (self->kase != NULL && civic_case_get_duplicate_of (self->kase) != NULL)
    g_signal_emit_by_name (self, "open-case", civic_case_get_duplicate_of (self->kase));
}

void
civic_case_detail_fill_fields (CivicCaseDetail *self,
             gint64           now)
{
  CivicCase *c = self->kase;
  g_autofree char *requested = format_time (civic_case_get_requested_datetime (c), now);
  g_autofree char *updated = format_time (civic_case_get_updated_datetime (c), now);
  g_autofree char *closed = format_time (civic_case_get_closed_datetime (c), now);
  g_autofree char *due = NULL;
  g_autofree char *place = NULL;
  g_autofree char *service = NULL;
  gboolean overdue = FALSE;
  GtkWidget *row;

  civic_case_detail_clear_list (self->fields_list);
  civic_case_detail_clear_list (self->reporter_list);

  add_field (self->fields_list, _("Tracking number"), civic_case_get_service_request_id (c), NULL);
  add_field (self->fields_list, _("State"), civic_case_detail_state_label (civic_case_get_state (c)),
             civic_case_detail_state_icon (civic_case_get_state (c)));
  add_field (self->fields_list, _("Status notes"), civic_case_get_status_notes (c), NULL);
  service = civic_case_get_service_name (c) != NULL
              ? g_strdup_printf ("%s (%s)", civic_case_get_service_name (c), civic_case_get_service_code (c))
              : g_strdup (civic_case_get_service_code (c));
  add_field (self->fields_list, _("Service"), service, NULL);
  add_field (self->fields_list, _("Department"), civic_case_get_department (c), NULL);
  add_field (self->fields_list, _("Assignee"),
             civic_case_get_assignee (c) != NULL ? civic_case_get_assignee (c) : _("Nobody"), NULL);
  add_field (self->fields_list, _("Priority"), civic_case_detail_priority_label (civic_case_get_priority (c)),
             civic_case_get_priority (c) >= 5 ? "dialog-warning-symbolic" : NULL);
  add_field (self->fields_list, _("Channel"), civic_case_detail_channel_label (civic_case_get_channel (c)), NULL);
  add_field (self->fields_list, _("Requested"), requested, NULL);
  due = civic_case_detail_format_due (c, now, &overdue);
  row = add_field (self->fields_list, _("Due"), due, overdue ? "dialog-warning-symbolic" : NULL);
  if (overdue)
    gtk_widget_add_css_class (row, "overdue");
  add_field (self->fields_list, _("Last updated"), updated, NULL);
  if (closed != NULL)
    add_field (self->fields_list, _("Closed"), closed, NULL);
  if (civic_case_get_lat (c) != 0 || civic_case_get_long (c) != 0)
    place = g_strdup_printf ("%s\n%.5f, %.5f", civic_case_get_address (c) != NULL ? civic_case_get_address (c) : "",
                             civic_case_get_lat (c), civic_case_get_long (c));
  else
    place = g_strdup (civic_case_get_address (c));
  add_field (self->fields_list, _("Location"), g_strstrip (place), NULL);
  add_field (self->fields_list, _("Description"), civic_case_get_description (c), NULL);
  if (civic_case_get_duplicate_of (c) != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Duplicate of %s — open the original"), civic_case_get_duplicate_of (c));

      row = add_field (self->fields_list, _("Duplicate"), text, "go-next-symbolic");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect (row, "activated", G_CALLBACK (duplicate_row_activated), self);
    }

  add_field (self->reporter_list, _("Name"), civic_case_get_reporter_name (c), NULL);
  add_field (self->reporter_list, _("Email"), civic_case_get_reporter_email (c), NULL);
  add_field (self->reporter_list, _("Phone"), civic_case_get_reporter_phone (c), NULL);
}

/* ---- tags ------------------------------------------------------------ */

static void
set_tags (CivicCaseDetail    *self,
          const char * const *tags)
{
  CivicCaseChange change = { .fields = CIVIC_CASE_FIELD_TAGS, .tags = tags };

  civic_case_detail_update (self, &change);
}

static void
remove_tag_clicked (GtkButton       *button,
                    CivicCaseDetail *self)
{
  const char *tag = g_object_get_data (G_OBJECT (button), "tag");
  const char * const *tags = civic_case_get_tags (self->kase);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (g_strcmp0 (tags[i], tag) != 0)
      g_ptr_array_add (kept, (gpointer) tags[i]);
  g_ptr_array_add (kept, NULL);
  set_tags (self, (const char * const *) kept->pdata);
}

void
civic_case_detail_tag_entry_activate (GtkEntry        *entry,
                    CivicCaseDetail *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  const char *tag = text[0] == '#' ? text + 1 : text;
  const char * const *tags;
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  if (self->kase == NULL)
    return;
  if (*tag == '\0' || strchr (tag, ' ') != NULL)
    {
      civic_case_detail_show_error (self, _("A tag is one word of letters, digits and _, like #flooding."));
      return;
    }
  tags = civic_case_get_tags (self->kase);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (tags[i], tag) == 0)
        {
          gtk_editable_set_text (GTK_EDITABLE (entry), "");
          return;
        }
      g_ptr_array_add (all, (gpointer) tags[i]);
    }
  g_ptr_array_add (all, (gpointer) tag);
  g_ptr_array_add (all, NULL);
  set_tags (self, (const char * const *) all->pdata);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

void
civic_case_detail_tag_entry_icon (GtkEntry             *entry,
                GtkEntryIconPosition  pos,
                CivicCaseDetail      *self)
{
  civic_case_detail_tag_entry_activate (entry, self);
}

void
civic_case_detail_fill_tags (CivicCaseDetail *self)
{
  const char * const *tags = civic_case_get_tags (self->kase);

  civic_case_detail_clear_flow (self->tags_box);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *text = g_strdup_printf ("#%s", tags[i]);
      g_autofree char *remove = g_strdup_printf (_("Remove tag %s"), text);
      GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
      GtkWidget *button = gtk_button_new_from_icon_name ("window-close-symbolic");

      gtk_widget_add_css_class (chip, "tag-chip");
      gtk_box_append (GTK_BOX (chip), gtk_label_new (text));
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "circular");
      gtk_widget_set_tooltip_text (button, remove);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove, -1);
      g_object_set_data_full (G_OBJECT (button), "tag", g_strdup (tags[i]), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (remove_tag_clicked), self);
      gtk_box_append (GTK_BOX (chip), button);
      gtk_flow_box_append (self->tags_box, chip);
    }
  if (tags == NULL || tags[0] == NULL)
    {
      GtkWidget *none = gtk_label_new (_("No tags yet"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_flow_box_append (self->tags_box, none);
    }
}

/* ---- timeline -------------------------------------------------------- */

void
civic_case_detail_fill_timeline (CivicCaseDetail *self,
               gint64           now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = civic_store_list_events (self->store, self->request_id, &error);

  civic_case_detail_clear_list (self->timeline_list);
  if (events == NULL)
    {
      civic_case_detail_show_error (self, error->message);
      return;
    }
  for (guint i = events->len; i > 0; i--)
    gtk_list_box_append (self->timeline_list, civic_case_detail_event_row (g_ptr_array_index (events, i - 1), now));
  if (events->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nothing has happened to this case yet"));
      gtk_list_box_append (self->timeline_list, row);
    }
}

/* ---- the composer ---------------------------------------------------- */

void
civic_case_detail_update_audience (CivicCaseDetail *self)
{
  gboolean is_public = gtk_toggle_button_get_active (self->public_toggle);

  gtk_image_set_from_icon_name (self->audience_icon, is_public ? "system-users-symbolic" : "changes-prevent-symbolic");
  gtk_label_set_text (self->audience_label,
                      is_public ? _("Public: the reporter and anyone following the request on the public "
                                    "site will see this note.")
                                : _("Internal: only staff will see this note."));
  gtk_widget_remove_css_class (self->note_frame, is_public ? "internal-note" : "public-note");
  gtk_widget_add_css_class (self->note_frame, is_public ? "public-note" : "internal-note");
}

void
civic_case_detail_send_note (GtkWidget  *widget,
           const char *action,
           GVariant   *param)
{
  CivicCaseDetail *self = CIVIC_CASE_DETAIL (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->kase == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  ok = civic_local_add_note (self->store, self->request_id, text, gtk_toggle_button_get_active (self->public_toggle),
                             civic_case_detail_me (self), &error);
  if (ok)
    gtk_text_buffer_set_text (buffer, "", -1);
  civic_case_detail_written (self, ok, error);
}

/* ---- duplicate suggestions ------------------------------------------- */

static void
merge (CivicCaseDetail *self,
       const char      *duplicate_id,
       const char      *original_id)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = civic_local_merge_case (self->store, duplicate_id, original_id, civic_case_detail_me (self), &error);

  civic_case_detail_written (self, ok, error);
}

static void
merge_into_clicked (GtkButton       *button,
                    CivicCaseDetail *self)
{
  g_autofree char *other = g_strdup (g_object_get_data (G_OBJECT (button), "request-id"));
  g_autofree char *mine = g_strdup (self->request_id);

  merge (self, mine, other);
}

static void
merge_here_clicked (GtkButton       *button,
                    CivicCaseDetail *self)
{
  g_autofree char *other = g_strdup (g_object_get_data (G_OBJECT (button), "request-id"));
  g_autofree char *mine = g_strdup (self->request_id);

  merge (self, other, mine);
}

static void
dup_row_activated (AdwActionRow    *row,
                   CivicCaseDetail *self)
{
  g_signal_emit_by_name (self, "open-case", g_object_get_data (G_OBJECT (row), "request-id"));
}

static GtkWidget *
merge_button (CivicCaseDetail *self,
              const char      *label,
              const char      *tooltip,
              const char      *request_id,
              GCallback        callback)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data_full (G_OBJECT (button), "request-id", g_strdup (request_id), g_free);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

void
civic_case_detail_fill_duplicates (CivicCaseDetail *self,
                 gint64           now)
{
  g_autoptr(GPtrArray) near = NULL;
  g_autoptr(GError) error = NULL;
  /* merging duplicates is for advocates and managers (DESIGN §3.2):
   * others still see the suggestions and may open them */
  gboolean may_merge = civic_store_get_user_role (self->store, civic_case_detail_me (self)) <= CIVIC_USER_ROLE_ADVOCATE;

  civic_case_detail_clear_list (self->dups_list);
  if (!civic_case_is_open (self->kase) || civic_case_get_duplicate_of (self->kase) != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->dups_group), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->dups_group), TRUE);
  near = civic_store_find_nearby_cases (self->store, self->request_id, 200, 14, now, 10, &error);
  for (guint i = 0; near != NULL && i < near->len; i++)
    {
      CivicCase *c = g_ptr_array_index (near, i);
      const char *id = civic_case_get_service_request_id (c);
      double metres = civic_geo_distance_m (civic_case_get_lat (self->kase), civic_case_get_long (self->kase),
                                            civic_case_get_lat (c), civic_case_get_long (c));
      g_autofree char *age = civic_case_detail_format_age (civic_case_get_requested_datetime (c), now);
      g_autofree char *title = g_markup_escape_text (id, -1);
      g_autofree char *sub = g_strdup_printf (_("%d m away · reported %s · %s · %s"), (int) (metres + 0.5), age,
                                              civic_case_detail_state_label (civic_case_get_state (c)),
                                              civic_case_get_address (c) != NULL ? civic_case_get_address (c) : "");
      g_autofree char *sub_escaped = g_markup_escape_text (sub, -1);
      g_autofree char *into_tip = g_strdup_printf (_("Merge this case into %s: this one closes as its duplicate"), id);
      g_autofree char *here_tip = g_strdup_printf (_("Merge %s into this case: it closes as a duplicate of this one"), id);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub_escaped);
      g_object_set_data_full (G_OBJECT (row), "request-id", g_strdup (id), g_free);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect (row, "activated", G_CALLBACK (dup_row_activated), self);
      if (may_merge)
        {
          GtkWidget *buttons = gtk_flow_box_new ();

          gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (buttons), GTK_SELECTION_NONE);
          gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (buttons), 2);
          gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (buttons), 1);
          gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
          gtk_flow_box_append (GTK_FLOW_BOX (buttons),
                               merge_button (self, _("Merge into this"), into_tip, id, G_CALLBACK (merge_into_clicked)));
          gtk_flow_box_append (GTK_FLOW_BOX (buttons),
                               merge_button (self, _("Merge here"), here_tip, id, G_CALLBACK (merge_here_clicked)));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons);
        }
      gtk_list_box_append (self->dups_list, row);
    }
  /* nothing to suggest: no empty box in the way */
  if (near == NULL)
    civic_case_detail_show_error (self, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->dups_group), near != NULL && near->len > 0);

}
