/* civic-feed-markup.c: a post body as GtkLabel markup with its links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "civic-feed-markup.h"

static void
append_escaped (GString    *out,
                const char *text,
                gssize      length)
{
  g_autofree char *escaped = g_markup_escape_text (text, length);

  g_string_append (out, escaped);
}

char *
civic_feed_body_markup (CivicTextScanner *scanner,
                        const char       *body)
{
  g_autoptr(GArray) tokens = NULL;
  GString *out = g_string_new (NULL);
  gsize at = 0;

  if (body == NULL)
    return g_string_free (out, FALSE);
  tokens = civic_text_scan (scanner, body, -1);
  for (guint i = 0; i < tokens->len; i++)
    {
      const CivicTextToken *t = &g_array_index (tokens, CivicTextToken, i);
      static const char * const schemes[] = { "tag", "mention", "case" };
      g_autofree char *uri = NULL;
      g_autofree char *href = NULL;

      if (t->offset < at)
        continue;
      append_escaped (out, body + at, (gssize) (t->offset - at));
      uri = g_strconcat (schemes[t->kind], ":", t->value, NULL);
      href = g_markup_escape_text (uri, -1);
      g_string_append_printf (out, "<a href=\"%s\">", href);
      append_escaped (out, body + t->offset, (gssize) t->length);
      g_string_append (out, "</a>");
      at = t->offset + t->length;
    }
  append_escaped (out, body + at, -1);
  return g_string_free (out, FALSE);
}

gboolean
civic_feed_parse_link (const char  *uri,
                       char       **kind,
                       char       **value)
{
  const char *colon = uri != NULL ? strchr (uri, ':') : NULL;

  if (colon == NULL || colon[1] == '\0')
    return FALSE;
  *kind = g_strndup (uri, (gsize) (colon - uri));
  *value = g_strdup (colon + 1);
  if (g_str_equal (*kind, "tag") || g_str_equal (*kind, "mention") || g_str_equal (*kind, "case"))
    return TRUE;
  g_clear_pointer (kind, g_free);
  g_clear_pointer (value, g_free);
  return FALSE;
}

char *
civic_feed_format_time (gint64 when,
                        gint64 now)
{
  gint64 ago = now - when;
  g_autoptr(GDateTime) t = NULL;

  if (ago < 60)
    return g_strdup (_("now"));
  if (ago < 3600)
    /* TRANSLATORS: minutes ago, short */
    return g_strdup_printf (_("%d min"), (int) (ago / 60));
  if (ago < 86400)
    /* TRANSLATORS: hours ago, short */
    return g_strdup_printf (_("%d h"), (int) (ago / 3600));
  /* only older posts need the calendar (and the time zone) */
  t = g_date_time_new_from_unix_local (when);
  if (t == NULL)
    return g_strdup ("");
  if (ago < 7 * 86400)
    return g_date_time_format (t, "%a %H:%M");
  return g_date_time_format (t, "%e %b");
}

/* A street address ("1200 W Elm St") or a corner ("4th and Pine", "Main
 * St & 5th Ave") the text names, for the new-case form; NULL when none.
 * The clerk checks it: a guess that fills a field saves typing, never
 * decides the location alone. */
char *
civic_feed_guess_address (const char *text)
{
  static const char * const patterns[] = {
    "\\b\\d{1,6}\\s+(?:[NSEW]\\.?\\s+)?(?:[A-Z0-9][\\w'.-]*\\s+){0,3}"
    "(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Ln|Lane|Way|Pl|Place|Ct|Court|Pkwy|Hwy)\\b\\.?",
    "\\b(?:[A-Z0-9][\\w'.-]*\\s+){0,2}?[A-Z0-9][\\w'.-]*\\s+(?:and|&)\\s+(?:[A-Z0-9][\\w'.-]*)"
    "(?:\\s+(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Dr|Drive))?\\b",
  };

  if (text == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autoptr(GRegex) regex = g_regex_new (patterns[i], G_REGEX_OPTIMIZE, 0, NULL);
      g_autoptr(GMatchInfo) info = NULL;

      if (regex != NULL && g_regex_match (regex, text, 0, &info))
        return g_match_info_fetch (info, 0);
    }
  return NULL;
}

gboolean
civic_feed_should_announce (gint64   id,
                            gboolean read,
                            gint64   announced_up_to,
                            gboolean window_active)
{
  return id > announced_up_to && !read && !window_active;
}
