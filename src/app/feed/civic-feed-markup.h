/* civic-feed-markup.h: a post body as GtkLabel markup with its links
 *
 * #tags, @mentions and case references become <a href> links a label
 * hands to "activate-link": "tag:KEY", "mention:NAME", "case:NUMBER".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "civic-text.h"

G_BEGIN_DECLS

char     *civic_feed_body_markup  (CivicTextScanner  *scanner,
                                   const char        *body);
/* Splits a link made above: @kind "tag", "mention" or "case". */
gboolean  civic_feed_parse_link   (const char        *uri,
                                   char             **kind,
                                   char             **value);
/* "now", "5 min", "3 h", "Mon 14:05", "12 Nov" — how long ago, briefly. */
char     *civic_feed_format_time  (gint64             when,
                                   gint64             now);

/* A street address or a corner the text names ("4th and Pine"), or NULL. */
char     *civic_feed_guess_address (const char       *text);

/* Whether notification @id (@read or not) becomes a desktop notification:
 * only news (above @announced_up_to), only unread, and only while the
 * window is in the background — in front, the list and its badge say it. */
gboolean  civic_feed_should_announce (gint64            id,
                                      gboolean          read,
                                      gint64            announced_up_to,
                                      gboolean          window_active);

G_END_DECLS
