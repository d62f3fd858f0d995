/* civic-feed-post-row.c: one post of the feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "civic-feed-markup.h"
#include "civic-feed-post-row.h"

struct _CivicFeedPostRow
{
  GtkBox             parent_instance;

  GtkImage          *pin_icon;
  GtkLabel          *author_label;
  GtkLabel          *meta_label;
  GtkLabel          *body_label;
  GtkLabel          *case_label;
  GtkButton         *reply_button;
  AdwButtonContent  *reply_content;
  GtkButton         *like_button;
  AdwButtonContent  *like_content;
  GtkButton         *case_button;
  GtkMenuButton     *more_button;

  /* what the menu offers, built when it opens (not at every bind while
   * the list scrolls) */
  gint64             id;
  gboolean           mine;
  gboolean           can_pin;
  gboolean           pinned;
  gboolean           has_case;
};

G_DEFINE_FINAL_TYPE (CivicFeedPostRow, civic_feed_post_row, GTK_TYPE_BOX)

static gboolean
body_link_cb (GtkLabel   *label,
              const char *uri,
              gpointer    data)
{
  /* the view knows what a tag, a name or a case number opens */
  gtk_widget_activate_action (GTK_WIDGET (label), "feed.open-link", "s", uri);
  return TRUE;
}

static void add_item (GMenu *menu, const char *label, const char *action, gint64 id);

static void
create_menu_cb (GtkMenuButton *button,
                gpointer       data)
{
  CivicFeedPostRow *self = data;
  g_autoptr(GMenu) menu = g_menu_new ();

  if (self->mine)
    {
      add_item (menu, _("Edit…"), "feed.edit", self->id);
      add_item (menu, _("Delete"), "feed.delete", self->id);
    }
  if (self->can_pin)
    add_item (menu, self->pinned ? _("Unpin announcement") : _("Pin as announcement…"), "feed.pin", self->id);
  if (!self->mine)
    add_item (menu, _("Follow author"), "feed.follow-author", self->id);
  if (self->has_case)
    add_item (menu, _("Follow its case"), "feed.follow-case", self->id);
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

/* Plain clicks, not actionable buttons: a target set at every bind made
 * each button look its action up again while the list scrolled. */
static void
reply_clicked_cb (CivicFeedPostRow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "feed.open-thread", "x", self->id);
}

static void
like_clicked_cb (CivicFeedPostRow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "feed.like", "x", self->id);
}

static void
case_clicked_cb (CivicFeedPostRow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "feed.to-case", "x", self->id);
}

static void
civic_feed_post_row_class_init (CivicFeedPostRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-feed-post-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CivicFeedPostRow, pin_icon);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedPostRow, author_label);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedPostRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedPostRow, body_label);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedPostRow, case_label);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedPostRow, reply_button);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedPostRow, reply_content);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedPostRow, like_button);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedPostRow, like_content);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedPostRow, case_button);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedPostRow, more_button);
  gtk_widget_class_bind_template_callback (widget_class, body_link_cb);
}

static void
civic_feed_post_row_init (CivicFeedPostRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->more_button, create_menu_cb, self, NULL);
  g_signal_connect_swapped (self->reply_button, "clicked", G_CALLBACK (reply_clicked_cb), self);
  g_signal_connect_swapped (self->like_button, "clicked", G_CALLBACK (like_clicked_cb), self);
  g_signal_connect_swapped (self->case_button, "clicked", G_CALLBACK (case_clicked_cb), self);
}

GtkWidget *
civic_feed_post_row_new (void)
{
  return g_object_new (CIVIC_TYPE_FEED_POST_ROW, NULL);
}

static void
add_item (GMenu      *menu,
          const char *label,
          const char *action,
          gint64      id)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_int64 (id));
  g_menu_append_item (menu, item);
}

void
civic_feed_post_row_set (CivicFeedPostRow   *self,
                         const CivicPostRow *row,
                         CivicTextScanner   *scanner,
                         const char         *viewer,
                         gboolean            viewer_is_manager,
                         gboolean            synced,
                         gint64              now)
{
  g_autofree char *markup = NULL;
  g_autofree char *when = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *likes = NULL;
  g_autofree char *like_label = NULL;
  gboolean mine, pinned, sent;

  g_return_if_fail (CIVIC_IS_FEED_POST_ROW (self));

  if (row == NULL || row->author == NULL)
    {
      gtk_label_set_text (self->author_label, "");
      gtk_label_set_text (self->meta_label, "");
      gtk_label_set_text (self->body_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->case_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->pin_icon), FALSE);
      return;
    }

  self->id = row->id;
  mine = g_strcmp0 (row->author, viewer) == 0;
  pinned = row->pinned_until > now;
  sent = row->id > 0;
  gtk_label_set_text (self->author_label, row->author_name != NULL ? row->author_name : row->author);
  when = civic_feed_format_time (row->created, now);
  if (row->edited > 0)
    /* TRANSLATORS: department · how long ago · edited */
    meta = g_strdup_printf (_("%s · %s · edited"), row->author_department != NULL ? row->author_department : row->author, when);
  else
    meta = g_strdup_printf ("%s · %s", row->author_department != NULL ? row->author_department : row->author, when);
  if (!sent && synced)
    {
      g_autofree char *waiting = g_strdup_printf (_("%s · waiting to send"), meta);

      gtk_label_set_text (self->meta_label, waiting);
    }
  else
    gtk_label_set_text (self->meta_label, meta);
  gtk_widget_set_visible (GTK_WIDGET (self->pin_icon), pinned);
  if (pinned)
    gtk_widget_add_css_class (GTK_WIDGET (self), "pinned");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "pinned");

  markup = civic_feed_body_markup (scanner, row->body);
  gtk_label_set_markup (self->body_label, markup);

  if (row->case_id != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (row->case_id, -1);
      /* TRANSLATORS: %s twice is the tracking number (a link) */
      g_autofree char *text = g_strdup_printf (_("Case <a href=\"case:%s\">%s</a>"), escaped, escaped);

      gtk_label_set_markup (self->case_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->case_label), row->case_id != NULL);

  if (row->parent_id != 0)
    /* a reply (in Mentions, on a tag page) opens its thread */
    adw_button_content_set_label (self->reply_content, _("Thread"));
  else if (row->reply_count > 0)
    {
      g_autofree char *replies = g_strdup_printf (g_dngettext (NULL, "%d reply", "%d replies", row->reply_count),
                                                  row->reply_count);

      adw_button_content_set_label (self->reply_content, replies);
    }
  else
    adw_button_content_set_label (self->reply_content, _("Reply"));

  likes = g_strdup_printf ("%d", row->like_count);
  adw_button_content_set_label (self->like_content, likes);
  if (row->liked)
    gtk_widget_add_css_class (GTK_WIDGET (self->like_button), "liked");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->like_button), "liked");
  like_label = g_strdup_printf (row->liked ? _("Unlike (%d likes)") : _("Like (%d likes)"), row->like_count);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->like_button), like_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->like_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, like_label, -1);
  /* a post that already became a case does not become a second one */
  gtk_widget_set_visible (GTK_WIDGET (self->case_button), row->case_id == NULL);

  /* the menu is made again when next opened, for this post */
  gtk_menu_button_set_menu_model (self->more_button, NULL);
  self->mine = mine;
  self->can_pin = viewer_is_manager && row->parent_id == 0;
  self->pinned = pinned;
  self->has_case = row->case_id != NULL;
}
