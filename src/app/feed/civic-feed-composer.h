/* civic-feed-composer.h: write a post or a reply, with completion for
 * #tags, @people and @departments, and case numbers
 *
 * Emits "submit" (text) on Enter or the Post button; the owner clears it
 * once the post is in the outbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "civic-store.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_FEED_COMPOSER (civic_feed_composer_get_type ())
G_DECLARE_FINAL_TYPE (CivicFeedComposer, civic_feed_composer, CIVIC, FEED_COMPOSER, GtkBox)

GtkWidget  *civic_feed_composer_new          (void);
void        civic_feed_composer_set_store    (CivicFeedComposer *self,
                                              CivicStore        *store);
void        civic_feed_composer_set_hint     (CivicFeedComposer *self,
                                              const char        *placeholder,
                                              const char        *button_label);
GtkEditable *civic_feed_composer_get_editable (CivicFeedComposer *self);
/* What completing the word under the cursor would offer now: a GStrv of
 * (shown, inserted) pairs; for tests and the popup alike. */
char      **civic_feed_composer_suggest      (CivicFeedComposer *self);
/* Replaces the word under the cursor with @inserted and a space. */
void        civic_feed_composer_complete     (CivicFeedComposer *self,
                                              const char        *inserted);
void        civic_feed_composer_clear        (CivicFeedComposer *self);

G_END_DECLS
