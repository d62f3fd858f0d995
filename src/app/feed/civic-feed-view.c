/* civic-feed-view.c: the Hashtag Feed tab — the list, its filters, the
 * composer and what a post's buttons do
 *
 * Everything is read from the local replica and every write is a local
 * write (civic-local-write.h, civic-local-feed.h) that CivicSync pushes:
 * posting, liking and following work offline and show at once. The
 * engine's "changed" refreshes the list in place (new posts are an
 * insertion at the top; a like changes one row).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>

#include "civic-error.h"
#include "civic-feed-markup.h"
#include "civic-feed-post-row.h"
#include "civic-feed-view-private.h"
#include "civic-local-feed.h"
#include "civic-local-write.h"
#include "civic-new-case-dialog.h"
#include "civic-store-detail.h"

G_DEFINE_FINAL_TYPE (CivicFeedView, civic_feed_view, ADW_TYPE_BIN)

enum { PROP_0, PROP_UNREAD_COUNT, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_OPEN_CASE, N_SIGNALS };
static guint signals[N_SIGNALS];

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
civic_feed_view_toast (CivicFeedView *self,
                       const char    *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
  else
    g_message ("feed: %s", text);
}

/* After a local write: show it now, and let the engine send it. */
static void
wrote (CivicFeedView *self,
       gboolean       ok,
       GError        *error)
{
  if (!ok)
    {
      civic_feed_view_toast (self, error != NULL ? error->message : _("That did not work; try again."));
      return;
    }
  if (self->sync != NULL)
    civic_sync_outbox_changed (self->sync);
  civic_feed_list_model_refresh (self->model, NULL);
  civic_feed_view_refresh_page (self);
}

/* ---- the list -------------------------------------------------------- */

static void
schedule_expiry (CivicFeedView *self);

static gboolean
expiry_cb (gpointer data)
{
  CivicFeedView *self = data;

  self->expiry_source = 0;
  civic_feed_list_model_refresh (self->model, NULL);
  /* the post that was pinned keeps its row but loses its pin */
  civic_feed_list_model_touch (self->model);
  schedule_expiry (self);
  return G_SOURCE_REMOVE;
}

/* An announcement leaves the top when its time is up, not at the next
 * sync: a timer for the earliest expiry. */
static void
schedule_expiry (CivicFeedView *self)
{
  gint64 next = civic_feed_list_model_next_expiry (self->model);
  gint64 wait;

  g_clear_handle_id (&self->expiry_source, g_source_remove);
  if (next == 0)
    return;
  wait = MAX (1, next - now_s () + 1);
  self->expiry_source = g_timeout_add_seconds ((guint) MIN (wait, 24 * 3600), expiry_cb, self);
}

static void
update_list_state (CivicFeedView *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;

  gtk_stack_set_visible_child_name (self->list_stack, empty ? "empty" : "list");
  if (!empty)
    return;
  switch (self->filter)
    {
    case CIVIC_FEED_FOLLOWING:
      adw_status_page_set_description (self->empty_page,
                                       _("Follow a tag, a person or a case and their posts gather here."));
      break;
    case CIVIC_FEED_MENTIONS:
      adw_status_page_set_description (self->empty_page, _("Nobody has named you or your department yet."));
      break;
    case CIVIC_FEED_DEPARTMENT:
      adw_status_page_set_description (self->empty_page, _("Nobody in your department has posted yet."));
      break;
    case CIVIC_FEED_ALL:
    default:
      adw_status_page_set_description (self->empty_page,
                                       _("Posts with #tags, @mentions and case numbers show here for every department."));
    }
}

static void
apply_query (CivicFeedView *self)
{
  CivicFeedQuery q = { self->filter, self->username, self->department, NULL, 0, NULL };

  civic_feed_list_model_set_query (self->model, self->store, &q);
  update_list_state (self);
  schedule_expiry (self);
}

static void
filter_toggled_cb (CivicFeedView *self)
{
  CivicFeedFilter filter = CIVIC_FEED_ALL;

  if (gtk_toggle_button_get_active (self->filter_following))
    filter = CIVIC_FEED_FOLLOWING;
  else if (gtk_toggle_button_get_active (self->filter_mentions))
    filter = CIVIC_FEED_MENTIONS;
  else if (gtk_toggle_button_get_active (self->filter_department))
    filter = CIVIC_FEED_DEPARTMENT;
  if (filter == self->filter)
    return;
  self->filter = filter;
  apply_query (self);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CivicFeedView            *self)
{
  gtk_list_item_set_child (item, civic_feed_post_row_new ());
  gtk_list_item_set_activatable (item, FALSE);
}

static void
row_changed_cb (CivicFeedItem *feed_item,
                GParamSpec    *pspec,
                GtkListItem   *item)
{
  CivicFeedView *self = g_object_get_data (G_OBJECT (item), "civic-feed-view");

  civic_feed_post_row_set (CIVIC_FEED_POST_ROW (gtk_list_item_get_child (item)),
                           civic_feed_item_get_row (feed_item), self->scanner,
                           self->username, self->is_manager, self->sync != NULL, now_s ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CivicFeedView            *self)
{
  CivicFeedItem *feed_item = gtk_list_item_get_item (item);

  g_object_set_data (G_OBJECT (item), "civic-feed-view", self);
  row_changed_cb (feed_item, NULL, item);
  g_signal_connect_object (feed_item, "notify::row", G_CALLBACK (row_changed_cb), item, 0);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CivicFeedView            *self)
{
  CivicFeedItem *feed_item = gtk_list_item_get_item (item);

  if (feed_item != NULL)
    g_signal_handlers_disconnect_by_func (feed_item, row_changed_cb, item);
}

/* ---- the store and the engine ---------------------------------------- */

static void
sync_changed_cb (CivicSync     *sync,
                 GStrv          request_ids,
                 guint          kinds,
                 CivicFeedView *self)
{
  if ((kinds & (CIVIC_SYNC_KIND_POSTS | CIVIC_SYNC_KIND_SOCIAL | CIVIC_SYNC_KIND_CATALOG)) == 0)
    {
      /* a tag page lists cases too */
      if ((kinds & CIVIC_SYNC_KIND_CASES) != 0 && self->topic_kind != NULL)
        civic_feed_view_refresh_page (self);
      return;
    }
  if (!civic_feed_list_model_refresh (self->model, NULL))
    return;
  update_list_state (self);
  schedule_expiry (self);
  civic_feed_view_refresh_sidebar (self, TRUE);
  civic_feed_view_refresh_page (self);
}

static void
read_viewer (CivicFeedView *self,
             const char    *username)
{
  g_autoptr(GPtrArray) users = NULL;

  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->department, g_free);
  self->is_manager = FALSE;
  if (username == NULL || self->store == NULL)
    return;
  self->username = g_strdup (username);
  users = civic_store_list_users (self->store, NULL);
  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      CivicUser *u = g_ptr_array_index (users, i);

      if (g_strcmp0 (civic_user_get_username (u), self->username) != 0)
        continue;
      self->department = g_strdup (civic_user_get_department (u));
      self->is_manager = civic_user_get_role (u) == CIVIC_USER_ROLE_MANAGER ||
                         civic_user_get_role (u) == CIVIC_USER_ROLE_ADMIN;
    }
}

static void
use_store (CivicFeedView *self,
           CivicStore    *store,
           CivicSync     *sync,
           const char    *username)
{
  if (self->sync != NULL && self->changed_handler != 0)
    g_signal_handler_disconnect (self->sync, self->changed_handler);
  self->changed_handler = 0;
  g_set_object (&self->store, store);
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    self->changed_handler = g_signal_connect (sync, "changed", G_CALLBACK (sync_changed_cb), self);
  read_viewer (self, username);
  civic_feed_composer_set_store (self->composer, store);
  civic_feed_composer_set_store (self->reply_composer, store);
  /* notifications already there when the desk opens are not news */
  self->notified_up_to = store != NULL && self->username != NULL
                         ? civic_store_last_notification_id (store, self->username, NULL) : 0;
  gtk_widget_activate_action (GTK_WIDGET (self), "feed.back", NULL);
  apply_query (self);
  civic_feed_view_refresh_sidebar (self, FALSE);
}

static void
manager_changed_cb (CivicFeedView *self)
{
  CivicConnection *active = self->manager != NULL ? civic_connection_manager_get_active (self->manager) : NULL;

  use_store (self,
             self->manager != NULL ? civic_connection_manager_get_store (self->manager) : NULL,
             self->manager != NULL ? civic_connection_manager_get_sync (self->manager) : NULL,
             active != NULL ? civic_connection_get_username (active) : NULL);
}

/* ---- the composer ---------------------------------------------------- */

static void
post (CivicFeedView     *self,
      CivicFeedComposer *composer,
      const char        *text,
      gint64             parent_id)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->store == NULL || self->username == NULL)
    {
      civic_feed_view_toast (self, _("Sign in to a Civic Desk service to post."));
      return;
    }
  ok = civic_local_create_post (self->store, text, parent_id, self->username, NULL, &error);
  if (ok)
    civic_feed_composer_clear (composer);
  wrote (self, ok, error);
  if (ok && parent_id == 0)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static void
composer_submit_cb (CivicFeedView *self,
                    const char    *text)
{
  post (self, self->composer, text, 0);
}

static void
reply_submit_cb (CivicFeedView *self,
                 const char    *text)
{
  post (self, self->reply_composer, text, self->thread_id);
}

/* ---- actions ----------------------------------------------------------- */

static CivicPostRow *
load_row (CivicFeedView *self,
          gint64         id)
{
  g_autoptr(GPtrArray) rows = NULL;

  if (self->store == NULL)
    return NULL;
  rows = civic_store_get_post_rows (self->store, &id, 1, self->username, NULL);
  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_steal_pointer (&rows->pdata[0]);
}

static void
open_link_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  CivicFeedView *self = CIVIC_FEED_VIEW (widget);
  g_autofree char *kind = NULL;
  g_autofree char *value = NULL;

  if (!civic_feed_parse_link (g_variant_get_string (param, NULL), &kind, &value))
    return;
  if (g_str_equal (kind, "case"))
    g_signal_emit (self, signals[SIGNAL_OPEN_CASE], 0, value);
  else if (g_str_equal (kind, "tag"))
    civic_feed_view_show_topic (self, "tag", value);
  else
    {
      /* a person if the replica knows one by that name, else a department */
      g_autoptr(GPtrArray) users = self->store != NULL ? civic_store_list_users (self->store, NULL) : NULL;

      for (guint i = 0; users != NULL && i < users->len; i++)
        if (g_ascii_strcasecmp (civic_user_get_username (g_ptr_array_index (users, i)), value) == 0)
          {
            civic_feed_view_show_topic (self, "user", civic_user_get_username (g_ptr_array_index (users, i)));
            return;
          }
      civic_feed_view_show_topic (self, "department", value);
    }
}

static void
open_thread_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  civic_feed_view_show_thread (CIVIC_FEED_VIEW (widget), g_variant_get_int64 (param));
}

static void
like_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  CivicFeedView *self = CIVIC_FEED_VIEW (widget);
  g_autoptr(CivicPostRow) row = load_row (self, g_variant_get_int64 (param));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (row == NULL || self->username == NULL)
    return;
  ok = civic_local_set_like (self->store, row->id, self->username, !row->liked, &error);
  wrote (self, ok, error);
}

static void
follow_target (CivicFeedView *self,
               const char    *kind,
               const char    *target)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;
  g_autofree char *text = NULL;

  if (self->username == NULL || target == NULL)
    return;
  ok = civic_local_set_follow (self->store, kind, target, self->username, TRUE, &error);
  wrote (self, ok, error);
  /* TRANSLATORS: %s is a username or a tracking number */
  text = g_strdup_printf (_("Following %s"), target);
  if (ok)
    civic_feed_view_toast (self, text);
}

static void
follow_author_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  CivicFeedView *self = CIVIC_FEED_VIEW (widget);
  g_autoptr(CivicPostRow) row = load_row (self, g_variant_get_int64 (param));

  if (row != NULL)
    follow_target (self, "user", row->author);
}

static void
follow_case_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  CivicFeedView *self = CIVIC_FEED_VIEW (widget);
  g_autoptr(CivicPostRow) row = load_row (self, g_variant_get_int64 (param));

  if (row != NULL)
    follow_target (self, "case", row->case_id);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CivicFeedView    *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "post-id"));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") == 0)
    {
      gboolean ok = civic_local_delete_post (self->store, id, &error);

      wrote (self, ok, error);
      if (ok && self->thread_id == id)
        gtk_widget_activate_action (GTK_WIDGET (self), "feed.back", NULL);
    }
}

static void
delete_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  CivicFeedView *self = CIVIC_FEED_VIEW (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                              _("Delete This Post?"),
                                              _("It disappears for everyone, with its replies."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data (G_OBJECT (dialog), "post-id", GSIZE_TO_POINTER ((gsize) g_variant_get_int64 (param)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  CivicFeedView    *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "post-id"));
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "save") == 0)
    wrote (self, civic_local_edit_post (self->store, id, gtk_editable_get_text (entry), &error), error);
}

static void
edit_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  CivicFeedView *self = CIVIC_FEED_VIEW (widget);
  g_autoptr(CivicPostRow) row = load_row (self, g_variant_get_int64 (param));
  GtkWidget *dialog, *entry;

  if (row == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Edit Post"),
                                   _("Everyone sees that the post was edited."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), row->body);
  gtk_entry_set_max_length (GTK_ENTRY (entry), 2000);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Post text"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  g_object_set_data (G_OBJECT (dialog), "post-id", GSIZE_TO_POINTER ((gsize) row->id));
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (edit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
pin_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 CivicFeedView    *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "post-id"));
  g_autoptr(GError) error = NULL;
  gint64 hours = 0;

  if (g_str_equal (response, "8h"))
    hours = 8;
  else if (g_str_equal (response, "1d"))
    hours = 24;
  else if (g_str_equal (response, "7d"))
    hours = 7 * 24;
  else
    return;
  wrote (self, civic_local_pin_post (self->store, id, now_s () + hours * 3600, &error), error);
  schedule_expiry (self);
}

static void
pin_action (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  CivicFeedView *self = CIVIC_FEED_VIEW (widget);
  g_autoptr(CivicPostRow) row = load_row (self, g_variant_get_int64 (param));
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (row == NULL)
    return;
  if (row->pinned_until > now_s ())
    {
      wrote (self, civic_local_pin_post (self->store, row->id, 0, &error), error);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Pin as Announcement"),
                                   _("Pinned posts stay on top of everyone’s feed until they expire."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "8h", _("For _8 Hours"), "1d", _("For a _Day"), "7d", _("For a _Week"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "1d", ADW_RESPONSE_SUGGESTED);
  g_object_set_data (G_OBJECT (dialog), "post-id", GSIZE_TO_POINTER ((gsize) row->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (pin_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
case_created_cb (CivicNewCaseDialog *dialog,
                 const char         *request_id,
                 CivicFeedView      *self)
{
  wrote (self, TRUE, NULL);
}

/* "Turn into case": the Kansas City practice — a citizen's message pasted
 * as a post becomes a tracked case; the service links both and answers
 * the post with the number. */
static void
to_case_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  CivicFeedView *self = CIVIC_FEED_VIEW (widget);
  g_autoptr(CivicPostRow) row = load_row (self, g_variant_get_int64 (param));
  g_autofree char *address = NULL;
  CivicNewCaseDialog *dialog;

  if (row == NULL || self->store == NULL)
    return;
  if (row->id < 0)
    {
      civic_feed_view_toast (self, _("That post has not reached the service yet; turn it into a case once it has."));
      return;
    }
  address = civic_feed_guess_address (row->body);
  dialog = civic_new_case_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store, self->sync,
                                      self->username);
  civic_new_case_dialog_set_prefill (dialog, CIVIC_CHANNEL_SOCIAL, row->body, address);
  civic_new_case_dialog_set_source_post (dialog, row->id);
  g_signal_connect_object (dialog, "created", G_CALLBACK (case_created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
back_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  CivicFeedView *self = CIVIC_FEED_VIEW (widget);

  g_clear_pointer (&self->topic_kind, g_free);
  g_clear_pointer (&self->topic_target, g_free);
  self->thread_id = 0;
  gtk_stack_set_visible_child_name (self->main_stack, "feed");
  gtk_widget_set_visible (self->back_button, FALSE);
  gtk_widget_set_visible (self->filter_box, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->page_title), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->follow_button), FALSE);
}

static void
mark_read_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  CivicFeedView *self = CIVIC_FEED_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->username == NULL || self->unread == 0)
    return;
  if (!civic_local_mark_all_read (self->store, self->username, &error))
    civic_feed_view_toast (self, error->message);
  else if (self->sync != NULL)
    civic_sync_outbox_changed (self->sync);
  civic_feed_view_refresh_sidebar (self, FALSE);
}

/* ---- GObject ----------------------------------------------------------- */

static void
civic_feed_view_dispose (GObject *object)
{
  CivicFeedView *self = CIVIC_FEED_VIEW (object);

  g_clear_handle_id (&self->expiry_source, g_source_remove);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  if (self->sync != NULL && self->changed_handler != 0)
    g_signal_handler_disconnect (self->sync, self->changed_handler);
  self->changed_handler = 0;
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->manager);
  g_clear_object (&self->model);
  g_clear_pointer (&self->scanner, civic_text_scanner_unref);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->department, g_free);
  g_clear_pointer (&self->topic_kind, g_free);
  g_clear_pointer (&self->topic_target, g_free);
  G_OBJECT_CLASS (civic_feed_view_parent_class)->dispose (object);
}

static void
civic_feed_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_UNREAD_COUNT:
      g_value_set_uint (value, CIVIC_FEED_VIEW (object)->unread);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}


static void
civic_feed_view_class_init (CivicFeedViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = civic_feed_view_dispose;
  object_class->get_property = civic_feed_view_get_property;

  properties[PROP_UNREAD_COUNT] =
    g_param_spec_uint ("unread-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_OPEN_CASE] = g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (CIVIC_TYPE_FEED_COMPOSER);
  g_type_ensure (CIVIC_TYPE_FEED_SPARKLINE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-feed-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, back_button);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, filter_box);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, filter_all);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, filter_following);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, filter_mentions);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, filter_department);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, page_title);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, follow_button);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, composer);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, scroller);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, list_view);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, topic_summary);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, topic_sparkline);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, topic_cases_heading);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, topic_cases);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, topic_posts);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, thread_list);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, reply_composer);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, trend_list);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, unread_badge);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, mark_read_button);
  gtk_widget_class_bind_template_child (widget_class, CivicFeedView, notification_list);
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, composer_submit_cb);
  gtk_widget_class_bind_template_callback (widget_class, reply_submit_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "follow_toggled_cb",
                                                G_CALLBACK (civic_feed_view_follow_toggled));
  gtk_widget_class_bind_template_callback_full (widget_class, "trend_activated_cb",
                                                G_CALLBACK (civic_feed_view_trend_activated));
  gtk_widget_class_bind_template_callback_full (widget_class, "notification_activated_cb",
                                                G_CALLBACK (civic_feed_view_notification_activated));

  gtk_widget_class_install_action (widget_class, "feed.open-link", "s", open_link_action);
  gtk_widget_class_install_action (widget_class, "feed.open-thread", "x", open_thread_action);
  gtk_widget_class_install_action (widget_class, "feed.like", "x", like_action);
  gtk_widget_class_install_action (widget_class, "feed.to-case", "x", to_case_action);
  gtk_widget_class_install_action (widget_class, "feed.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "feed.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "feed.pin", "x", pin_action);
  gtk_widget_class_install_action (widget_class, "feed.follow-author", "x", follow_author_action);
  gtk_widget_class_install_action (widget_class, "feed.follow-case", "x", follow_case_action);
  gtk_widget_class_install_action (widget_class, "feed.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "feed.mark-read", NULL, mark_read_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "feed.back", NULL);
}

static gboolean
clock_cb (gpointer data)
{
  CivicFeedView *self = data;

  /* "5 min" becomes "6 min": rebind what is shown, no query */
  civic_feed_list_model_touch (self->model);
  return G_SOURCE_CONTINUE;
}

static void
civic_feed_view_init (CivicFeedView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->scanner = civic_text_scanner_new (NULL, NULL);
  self->model = civic_feed_list_model_new ();
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  civic_feed_composer_set_hint (self->reply_composer, _("Reply to this thread"), _("_Reply"));
  self->clock_source = g_timeout_add_seconds (60, clock_cb, self);
}

/* ---- public API ----------------------------------------------------------- */

GtkWidget *
civic_feed_view_new (void)
{
  return g_object_new (CIVIC_TYPE_FEED_VIEW, NULL);
}

void
civic_feed_view_set_manager (CivicFeedView          *self,
                             CivicConnectionManager *manager)
{
  g_return_if_fail (CIVIC_IS_FEED_VIEW (self));

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_func (self->manager, manager_changed_cb, self);
  g_set_object (&self->manager, manager);
  if (manager != NULL)
    {
      g_signal_connect_object (manager, "notify::store", G_CALLBACK (manager_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (manager, "notify::sync", G_CALLBACK (manager_changed_cb), self, G_CONNECT_SWAPPED);
    }
  manager_changed_cb (self);
}

void
civic_feed_view_set_store (CivicFeedView *self,
                           CivicStore    *store,
                           CivicSync     *sync,
                           const char    *username)
{
  g_return_if_fail (CIVIC_IS_FEED_VIEW (self));
  use_store (self, store, sync, username);
}

guint
civic_feed_view_get_unread_count (CivicFeedView *self)
{
  g_return_val_if_fail (CIVIC_IS_FEED_VIEW (self), 0);
  return self->unread;
}

GListModel *
civic_feed_view_get_model (CivicFeedView *self)
{
  g_return_val_if_fail (CIVIC_IS_FEED_VIEW (self), NULL);
  return G_LIST_MODEL (self->model);
}

void
civic_feed_view_notify_unread (CivicFeedView *self,
                               guint          unread)
{
  if (self->unread == unread)
    return;
  self->unread = unread;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD_COUNT]);
}
