/* civic-feed-composer.c: write a post or a reply, with completion
 *
 * The word under the cursor decides what is offered: "#31…" (digits)
 * case numbers, "#Wat…" tags used in the replica, "@sa…" people and
 * departments. The suggestions come from the local store, so completion
 * works offline. GtkEntryCompletion (GTK 4.8) shows them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "civic-feed-composer.h"
#include "civic-store-feed.h"

G_GNUC_BEGIN_IGNORE_DEPRECATIONS

#define MAX_SUGGESTIONS 8

struct _CivicFeedComposer
{
  GtkBox              parent_instance;

  CivicStore         *store;
  GtkEntry           *entry;
  GtkButton          *button;
  GtkListStore       *suggestions;   /* shown, inserted */
  GtkEntryCompletion *completion;
  gboolean            completing;
};

G_DEFINE_FINAL_TYPE (CivicFeedComposer, civic_feed_composer, GTK_TYPE_BOX)

enum { SIGNAL_SUBMIT, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The word under the cursor: from the last space before it. */
static char *
current_word (CivicFeedComposer *self,
              int               *start)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  int pos = gtk_editable_get_position (GTK_EDITABLE (self->entry));
  const char *end = g_utf8_offset_to_pointer (text, pos);
  const char *p = end;

  while (p > text)
    {
      const char *prev = g_utf8_prev_char (p);

      if (g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      p = prev;
    }
  *start = (int) g_utf8_pointer_to_offset (text, p);
  return g_strndup (p, (gsize) (end - p));
}

char **
civic_feed_composer_suggest (CivicFeedComposer *self)
{
  int start;
  g_autofree char *word = current_word (self, &start);
  char **pairs = NULL;

  if (self->store == NULL || strlen (word) < 2)
    return g_new0 (char *, 1);
  if (word[0] == '#' && g_ascii_isdigit (word[1]))
    pairs = civic_store_complete_case_ids (self->store, word + 1, MAX_SUGGESTIONS, NULL);
  else if (word[0] == '#')
    {
      g_auto(GStrv) tags = civic_store_complete_tags (self->store, word + 1, MAX_SUGGESTIONS, NULL);
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

      for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
        {
          g_autofree char *shown = g_strconcat ("#", tags[i], NULL);

          g_strv_builder_add (b, shown);
          g_strv_builder_add (b, tags[i]);
        }
      pairs = g_strv_builder_end (b);
    }
  else if (word[0] == '@')
    pairs = civic_store_complete_names (self->store, word + 1, MAX_SUGGESTIONS, NULL);
  return pairs != NULL ? pairs : g_new0 (char *, 1);
}

void
civic_feed_composer_complete (CivicFeedComposer *self,
                              const char        *inserted)
{
  GtkEditable *editable = GTK_EDITABLE (self->entry);
  int start, pos = gtk_editable_get_position (editable);
  g_autofree char *word = current_word (self, &start);
  g_autofree char *text = g_strdup_printf ("%c%s ", word[0] != '\0' ? word[0] : '#', inserted);

  self->completing = TRUE;
  gtk_editable_delete_text (editable, start, pos);
  gtk_editable_insert_text (editable, text, -1, &start);
  gtk_editable_set_position (editable, start);
  self->completing = FALSE;
}

static void
changed_cb (CivicFeedComposer *self)
{
  g_auto(GStrv) pairs = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->button),
                            *gtk_editable_get_text (GTK_EDITABLE (self->entry)) != '\0');
  if (self->completing || self->suggestions == NULL)
    return;
  pairs = civic_feed_composer_suggest (self);
  gtk_list_store_clear (self->suggestions);
  for (guint i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    gtk_list_store_insert_with_values (self->suggestions, NULL, -1, 0, pairs[i], 1, pairs[i + 1], -1);
}

static gboolean
match_all (GtkEntryCompletion *completion,
           const char         *key,
           GtkTreeIter        *iter,
           gpointer            data)
{
  /* the model holds only what fits the word under the cursor */
  return TRUE;
}

static gboolean
match_selected_cb (GtkEntryCompletion *completion,
                   GtkTreeModel       *model,
                   GtkTreeIter        *iter,
                   CivicFeedComposer  *self)
{
  g_autofree char *inserted = NULL;

  gtk_tree_model_get (model, iter, 1, &inserted, -1);
  civic_feed_composer_complete (self, inserted);
  return TRUE;
}

static void
submit (CivicFeedComposer *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  if (*text != '\0')
    g_signal_emit (self, signals[SIGNAL_SUBMIT], 0, text);
}

static void
civic_feed_composer_dispose (GObject *object)
{
  CivicFeedComposer *self = CIVIC_FEED_COMPOSER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->suggestions);
  g_clear_object (&self->completion);
  G_OBJECT_CLASS (civic_feed_composer_parent_class)->dispose (object);
}

static void
civic_feed_composer_class_init (CivicFeedComposerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = civic_feed_composer_dispose;
  signals[SIGNAL_SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "composer");
}

static void
civic_feed_composer_init (CivicFeedComposer *self)
{
  gtk_box_set_spacing (GTK_BOX (self), 6);
  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
  gtk_entry_set_max_length (self->entry, 2000);
  self->button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Post")));
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "suggested-action");
  gtk_widget_set_sensitive (GTK_WIDGET (self->button), FALSE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->entry));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->button));
  civic_feed_composer_set_hint (self, _("Share with every department — #tag, @name, #311-…"), _("_Post"));

  self->suggestions = gtk_list_store_new (2, G_TYPE_STRING, G_TYPE_STRING);
  self->completion = gtk_entry_completion_new ();
  gtk_entry_completion_set_model (self->completion, GTK_TREE_MODEL (self->suggestions));
  gtk_entry_completion_set_text_column (self->completion, 0);
  gtk_entry_completion_set_match_func (self->completion, match_all, NULL, NULL);
  gtk_entry_completion_set_minimum_key_length (self->completion, 2);
  gtk_entry_completion_set_inline_completion (self->completion, FALSE);
  g_signal_connect (self->completion, "match-selected", G_CALLBACK (match_selected_cb), self);
  /* before the completion's own handler: it must see this keystroke's
   * suggestions, not the last one's */
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (changed_cb), self);
  gtk_entry_set_completion (self->entry, self->completion);

  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (submit), self);
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (submit), self);
}

GtkWidget *
civic_feed_composer_new (void)
{
  return g_object_new (CIVIC_TYPE_FEED_COMPOSER, NULL);
}

void
civic_feed_composer_set_store (CivicFeedComposer *self,
                               CivicStore        *store)
{
  g_return_if_fail (CIVIC_IS_FEED_COMPOSER (self));
  g_set_object (&self->store, store);
}

void
civic_feed_composer_set_hint (CivicFeedComposer *self,
                              const char        *placeholder,
                              const char        *button_label)
{
  gtk_entry_set_placeholder_text (self->entry, placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
  gtk_button_set_label (self->button, button_label);
  gtk_button_set_use_underline (self->button, TRUE);
}

GtkEditable *
civic_feed_composer_get_editable (CivicFeedComposer *self)
{
  return GTK_EDITABLE (self->entry);
}

void
civic_feed_composer_clear (CivicFeedComposer *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

G_GNUC_END_IGNORE_DEPRECATIONS
