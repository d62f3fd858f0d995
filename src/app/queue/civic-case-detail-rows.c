/* civic-case-detail-rows.c: words and rows for the case detail
 *
 * Every timeline entry says what happened in words next to its icon:
 * colour only repeats it. Internal notes and public notes look different
 * AND say who sees them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-case-detail-private.h"
#include "civic-sync-apply.h"

static char *
span_words (gint64 a)
{
  if (a < 3600)
    return g_strdup_printf (g_dngettext (NULL, "%d minute", "%d minutes", MAX (a / 60, 1)), (int) MAX (a / 60, 1));
  if (a < 86400)
    return g_strdup_printf (g_dngettext (NULL, "%d hour", "%d hours", a / 3600), (int) (a / 3600));
  return g_strdup_printf (g_dngettext (NULL, "%d day", "%d days", a / 86400), (int) (a / 86400));
}

char *
civic_case_detail_format_age (gint64 then,
                              gint64 now)
{
  gint64 d = now - then;
  g_autofree char *span = NULL;

  if (d > -60 && d < 60)
    return g_strdup (_("just now"));
  span = span_words (d < 0 ? -d : d);
  /* Translators: "in 3 days" / "3 days ago" */
  return d < 0 ? g_strdup_printf (_("in %s"), span) : g_strdup_printf (_("%s ago"), span);
}

char *
civic_case_detail_format_due (CivicCase *kase,
                              gint64     now,
                              gboolean  *overdue)
{
  gint64 due = civic_case_get_expected_datetime (kase);
  g_autofree char *span = NULL;

  *overdue = FALSE;
  if (due == 0)
    return g_strdup (_("No due date"));
  if (!civic_case_is_open (kase))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (due);

      return g_date_time_format (dt, _("Was due %e %b %Y"));
    }
  span = span_words (due < now ? now - due : due - now);
  if (due < now)
    {
      *overdue = TRUE;
      return g_strdup_printf (_("Overdue by %s"), span);
    }
  return g_strdup_printf (_("Due in %s"), span);
}

const char *
civic_case_detail_state_label (CivicCaseState state)
{
  switch (state)
    {
    case CIVIC_CASE_STATE_NEW: return _("New");
    case CIVIC_CASE_STATE_ACKNOWLEDGED: return _("Acknowledged");
    case CIVIC_CASE_STATE_IN_PROGRESS: return _("In progress");
    case CIVIC_CASE_STATE_WAITING: return _("Waiting");
    case CIVIC_CASE_STATE_CLOSED: return _("Closed");
    default: return _("Unknown");
    }
}

const char *
civic_case_detail_state_icon (CivicCaseState state)
{
  switch (state)
    {
    case CIVIC_CASE_STATE_NEW: return "mail-unread-symbolic";
    case CIVIC_CASE_STATE_ACKNOWLEDGED: return "object-select-symbolic";
    case CIVIC_CASE_STATE_IN_PROGRESS: return "media-playback-start-symbolic";
    case CIVIC_CASE_STATE_WAITING: return "media-playback-pause-symbolic";
    case CIVIC_CASE_STATE_CLOSED: return "emblem-ok-symbolic";
    default: return "dialog-question-symbolic";
    }
}

const char *
civic_case_detail_channel_label (CivicChannel channel)
{
  switch (channel)
    {
    case CIVIC_CHANNEL_PHONE: return _("Phone");
    case CIVIC_CHANNEL_WEB: return _("Web");
    case CIVIC_CHANNEL_MOBILE: return _("Mobile app");
    case CIVIC_CHANNEL_SOCIAL: return _("Social media");
    case CIVIC_CHANNEL_FIELD: return _("Field");
    case CIVIC_CHANNEL_INTERNAL: return _("Internal");
    default: return _("Unknown");
    }
}

const char *
civic_case_detail_priority_label (int priority)
{
  if (priority <= 2)
    return _("Low");
  if (priority == 3)
    return _("Normal");
  if (priority == 4)
    return _("High");
  return _("Urgent");
}

static char *
state_words (const char *nick)
{
  int state;

  if (nick != NULL && civic_enum_from_nick (CIVIC_TYPE_CASE_STATE, nick, &state))
    return g_strdup (civic_case_detail_state_label (state));
  return g_strdup (nick != NULL ? nick : _("nothing"));
}

/* "urgent" (as the service says it) → "Urgent" */
static const char *
priority_words (const char *name)
{
  int priority = civic_priority_from_name (name);

  return priority != 0 ? civic_case_detail_priority_label (priority) : (name != NULL ? name : _("none"));
}

/* what happened, in words; the icon beside it repeats it */
static char *
event_title (CivicCaseEvent *event,
             const char    **icon,
             const char    **css)
{
  const char *old_value = civic_case_event_get_old_value (event);
  const char *new_value = civic_case_event_get_new_value (event);

  *css = NULL;
  switch (civic_case_event_get_kind (event))
    {
    case CIVIC_CASE_EVENT_CREATED:
      *icon = "document-new-symbolic";
      return g_strdup (_("Case created"));
    case CIVIC_CASE_EVENT_STATUS_CHANGED:
      {
        g_autofree char *from = state_words (old_value);
        g_autofree char *to = state_words (new_value);

        *icon = "emblem-synchronizing-symbolic";
        return g_strdup_printf (_("State changed from %s to %s"), from, to);
      }
    case CIVIC_CASE_EVENT_ASSIGNED:
      *icon = "avatar-default-symbolic";
      if (new_value == NULL || *new_value == '\0')
        return g_strdup (_("Unassigned"));
      return g_strdup_printf (_("Assigned to %s"), new_value);
    case CIVIC_CASE_EVENT_INTERNAL_NOTE:
      *icon = "changes-prevent-symbolic";
      *css = "internal-note";
      return g_strdup (_("Internal note — staff only"));
    case CIVIC_CASE_EVENT_PUBLIC_NOTE:
      *icon = "system-users-symbolic";
      *css = "public-note";
      return g_strdup (_("Public note — the reporter and the public see this"));
    case CIVIC_CASE_EVENT_TAG_ADDED:
      *icon = "list-add-symbolic";
      return g_strdup_printf (_("Tag #%s added"), new_value != NULL ? new_value : "");
    case CIVIC_CASE_EVENT_TAG_REMOVED:
      *icon = "list-remove-symbolic";
      return g_strdup_printf (_("Tag #%s removed"), old_value != NULL ? old_value : "");
    case CIVIC_CASE_EVENT_MERGED:
      *icon = "edit-copy-symbolic";
      if (g_strcmp0 (civic_case_event_get_case_id (event), new_value) == 0)
        return g_strdup_printf (_("%s was merged into this case"), old_value != NULL ? old_value : "");
      return g_strdup_printf (_("Merged into %s as a duplicate"), new_value != NULL ? new_value : "");
    case CIVIC_CASE_EVENT_LINKED_POST:
      *icon = "mail-attachment-symbolic";
      return g_strdup (_("Linked to a feed post"));
    case CIVIC_CASE_EVENT_CONFLICT:
      *icon = "dialog-warning-symbolic";
      *css = "conflict";
      return g_strdup (_("Edit conflict"));
    case CIVIC_CASE_EVENT_PRIORITY_CHANGED:
      *icon = "dialog-warning-symbolic";
      return g_strdup_printf (_("Priority changed from %s to %s"), priority_words (old_value),
                              priority_words (new_value));
    case CIVIC_CASE_EVENT_DEPARTMENT_CHANGED:
      *icon = "system-file-manager-symbolic";
      return g_strdup_printf (_("Moved from department %s to %s"), old_value != NULL ? old_value : _("none"),
                              new_value != NULL ? new_value : _("none"));
    case CIVIC_CASE_EVENT_DESCRIPTION_CHANGED:
      *icon = "document-edit-symbolic";
      return g_strdup (_("Description edited"));
    case CIVIC_CASE_EVENT_STATUS_NOTES:
      *icon = "document-edit-symbolic";
      return g_strdup_printf (_("Status notes set to “%s”"), new_value != NULL ? new_value : "");
    default:
      *icon = "dialog-information-symbolic";
      return g_strdup (_("Event"));
    }
}

GtkWidget *
civic_case_detail_event_row (CivicCaseEvent *event,
                             gint64          now)
{
  const char *icon = NULL;
  const char *css = NULL;
  g_autofree char *title = event_title (event, &icon, &css);
  g_autofree char *age = civic_case_detail_format_age (civic_case_event_get_created (event), now);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (civic_case_event_get_created (event));
  g_autofree char *when = g_date_time_format (dt, "%e %b %Y %H:%M");
  const char *author = civic_case_event_get_author (event);
  const char *body = civic_case_event_get_body (event);
  g_autofree char *meta = g_strdup_printf ("%s · %s (%s)", author != NULL && *author != '\0' ? author : _("System"),
                                           g_strstrip (when), age);
  g_autofree char *accessible = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *image = gtk_image_new_from_icon_name (icon);
  GtkWidget *label;

  gtk_widget_add_css_class (row, "timeline-row");
  if (css != NULL)
    gtk_widget_add_css_class (row, css);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_valign (image, GTK_ALIGN_START);
  gtk_widget_add_css_class (image, "timeline-icon");
  gtk_box_append (GTK_BOX (box), image);

  label = gtk_label_new (title);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (text), label);
  label = gtk_label_new (meta);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (text), label);
  if (body != NULL && *body != '\0')
    {
      label = gtk_label_new (body);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (text), label);
    }
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  accessible = g_strdup_printf ("%s. %s. %s", title, meta, body != NULL ? body : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return row;
}
