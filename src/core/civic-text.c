/* civic-text.c: #tags, @mentions and case references in a post body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules, decided once here so the feed, the notifications and the
 * server agree on what a post links to:
 *
 * - A '#' or '@' starts a token only at the start of a word: after the
 *   start of the body, a space, an opening bracket or quote, markdown
 *   emphasis ("*", "_", "~"), an emoji or other punctuation — but never
 *   after a letter, digit or mark ("abc#def", "jane@city.gov"), nor after
 *   one of  # @ & / = ? . % + - \ $  which glue the sign to an address,
 *   a query string or a path.  "##tag" is therefore nothing at all.
 * - A tag is '#' and then letters, digits, marks and '_' in any script
 *   (ZWJ/ZWNJ allowed inside, as Persian and Indic spellings need them).
 *   It must hold at least one letter, so "#1" and "#2026" are not tags.
 *   The first other character ends it, so trailing punctuation and an
 *   apostrophe ("#tag's") are not part of it; trailing '_' are dropped
 *   too, so "_#tag_" in markdown is the tag "tag".
 * - A mention is '@' and then letters, digits, marks, '_', '-' and '.',
 *   with at least one letter; trailing '-', '.' and '_' are dropped
 *   ("@jane." is "jane").  A name directly followed by another '@'
 *   ("@jane@city.gov") is an address, not a mention.
 * - A case reference is a match of the city's pattern that stands as a
 *   whole word, with or without one leading '#'.  Neighbouring letters,
 *   digits or '_' disqualify it, and so do "-", "." or "/" followed (or
 *   preceded) by a digit, because then it is part of a longer number.
 *   A case reference wins over a tag when both could apply.
 * - A URL (scheme "://" or "www.", up to the next space) contributes no
 *   token of any kind: its '#' is a fragment, its '@' a user info, and a
 *   case number inside is already a link.
 * - Body: scanning stops at an embedded NUL (GTK text can hold none, so
 *   what follows is not something a user wrote) and after
 *   CIVIC_TEXT_MAX_BODY bytes; a token cut by that limit is dropped.
 *   A body that is not valid UTF-8 has no tokens: offsets must point into
 *   the text the caller holds, which a repaired copy would not.
 */
#include "civic-config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "civic-error.h"
#include "civic-text.h"

/* A tracking number is short; bounding the text the pattern sees keeps a
 * greedy custom pattern from scanning the whole body at every word. */
#define CASE_REF_WINDOW 64

struct _CivicTextScanner
{
  GRegex *case_regex;
  char   *case_pattern;
};

static void civic_text_scanner_clear (gpointer data);

G_DEFINE_BOXED_TYPE (CivicTextScanner, civic_text_scanner,
                     civic_text_scanner_ref, civic_text_scanner_unref)

static gboolean
is_mark (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_joiner (gunichar c)
{
  return c == 0x200C || c == 0x200D;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_' || is_mark (c);
}

/* The character before @p, skipping marks and joiners so that "é" written
 * as e + U+0301, or an emoji with a variation selector, count as the base
 * character they decorate. Returns 0 at the start of the body. */
static gunichar
char_before (const char  *body,
             const char  *p,
             const char **where)
{
  while (p > body)
    {
      gunichar c;

      p = g_utf8_prev_char (p);
      c = g_utf8_get_char (p);
      if (is_mark (c) || is_joiner (c))
        continue;
      if (where != NULL)
        *where = p;
      return c;
    }

  if (where != NULL)
    *where = body;
  return 0;
}

static gboolean
sigil_may_start (const char *body,
                 const char *p)
{
  gunichar prev = char_before (body, p, NULL);

  if (prev == 0 || prev == '_')
    return TRUE;
  if (is_word_char (prev))
    return FALSE;
  if (prev < 0x80 && strchr ("#@&/=?.%+-\\$", (int) prev) != NULL)
    return FALSE;
  return TRUE;
}

static gboolean
is_number_glue (gunichar c)
{
  return c == '-' || c == '.' || c == '/';
}

static gboolean
case_may_start (const char *body,
                const char *p)
{
  const char *where = NULL;
  gunichar prev = char_before (body, p, &where);

  if (prev == 0)
    return TRUE;
  /* '#' glued to a word ("abc#311-…") was already refused as a sign. */
  if (is_word_char (prev) || prev == '#')
    return FALSE;
  if (is_number_glue (prev) && g_unichar_isdigit (char_before (body, where, NULL)))
    return FALSE;
  return TRUE;
}

static gboolean
case_may_end (const char *p,
              const char *end)
{
  gunichar next;

  if (p >= end)
    return TRUE;
  next = g_utf8_get_char (p);
  /* "311-2026-004213@city.gov" is an address */
  if (is_word_char (next) || next == '@')
    return FALSE;
  if (is_number_glue (next))
    {
      const char *after = g_utf8_next_char (p);

      if (after < end && g_unichar_isdigit (g_utf8_get_char (after)))
        return FALSE;
    }
  return TRUE;
}

/* Length in bytes of the URL starting at @p, or 0. */
static gsize
url_length (const char *p,
            const char *end)
{
  const char *q = p;
  gboolean is_url = FALSE;

  if (end - p >= 4 && g_ascii_strncasecmp (p, "www.", 4) == 0)
    is_url = TRUE;
  else if (q < end && g_ascii_isalpha (*q))
    {
      q++;
      while (q < end && q - p < 32 &&
             (g_ascii_isalnum (*q) || *q == '+' || *q == '.' || *q == '-'))
        q++;
      is_url = end - q >= 3 && memcmp (q, "://", 3) == 0;
    }

  if (!is_url)
    return 0;

  q = p;
  while (q < end && !g_unichar_isspace (g_utf8_get_char (q)))
    q = g_utf8_next_char (q);
  return q - p;
}

/* Scans a tag or mention name starting at @p. Returns where scanning
 * stopped; *name_end is where the name ends once trailing punctuation is
 * dropped (equal to @p when there is no valid name). */
static const char *
scan_name (const char    *p,
           const char    *end,
           CivicTextKind  kind,
           const char   **name_end)
{
  const char *q = p;
  const char *good_end = p;
  gboolean has_letter = FALSE;

  while (q < end)
    {
      gunichar c = g_utf8_get_char (q);
      gboolean trailing_only;

      if (q == p && !(g_unichar_isalnum (c) || c == '_'))
        break;

      if (g_unichar_isalnum (c) || is_mark (c))
        trailing_only = FALSE;
      else if (c == '_')
        trailing_only = TRUE;
      else if (kind == CIVIC_TEXT_TAG && is_joiner (c))
        trailing_only = TRUE;
      else if (kind == CIVIC_TEXT_MENTION && (c == '-' || c == '.'))
        trailing_only = TRUE;
      else
        break;

      if (g_unichar_isalpha (c))
        has_letter = TRUE;
      q = g_utf8_next_char (q);
      if (!trailing_only)
        good_end = q;
    }

  *name_end = has_letter ? good_end : p;
  return q;
}

static void
clear_token (gpointer data)
{
  CivicTextToken *token = data;

  g_clear_pointer (&token->value, g_free);
  g_clear_pointer (&token->display, g_free);
}

static void
add_token (GArray        *tokens,
           CivicTextKind  kind,
           const char    *body,
           const char    *start,
           const char    *name,
           const char    *name_end)
{
  CivicTextToken token = { 0, };

  token.kind = kind;
  token.offset = start - body;
  token.length = name_end - start;
  token.display = g_strndup (name, name_end - name);
  if (kind == CIVIC_TEXT_TAG)
    token.value = civic_text_tag_key (token.display);
  else
    token.value = g_strdup (token.display);

  g_array_append_val (tokens, token);
}

/* The end of a case reference whose number starts at @p, or NULL. */
static const char *
match_case_ref (CivicTextScanner *scanner,
                const char       *p,
                const char       *end)
{
  g_autoptr(GMatchInfo) info = NULL;
  gsize window = MIN ((gsize) (end - p), CASE_REF_WINDOW);
  int match_start = 0;
  int match_end = 0;

  /* The window must end on a character boundary, or PCRE refuses the
   * subject as invalid UTF-8. */
  while (window > 0 && p + window < end && (p[window] & 0xC0) == 0x80)
    window--;
  if (window == 0)
    return NULL;

  if (!g_regex_match_full (scanner->case_regex, p, window, 0,
                           G_REGEX_MATCH_ANCHORED | G_REGEX_MATCH_NOTEMPTY,
                           &info, NULL))
    return NULL;

  if (!g_match_info_fetch_pos (info, 0, &match_start, &match_end) ||
      match_start != 0 || match_end <= 0)
    return NULL;

  return p + match_end;
}

static void
civic_text_scanner_clear (gpointer data)
{
  CivicTextScanner *scanner = data;

  g_clear_pointer (&scanner->case_regex, g_regex_unref);
  g_clear_pointer (&scanner->case_pattern, g_free);
}

/**
 * civic_text_scanner_new:
 * @case_pattern: (nullable): a GRegex pattern for the city's tracking
 *   numbers, or %NULL for %CIVIC_TEXT_DEFAULT_CASE_PATTERN
 * @error: a #GError, %CIVIC_ERROR_INVALID if the pattern is not usable
 *
 * Returns: (transfer full) (nullable): a new scanner
 */
CivicTextScanner *
civic_text_scanner_new (const char  *case_pattern,
                        GError     **error)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GError) local_error = NULL;
  CivicTextScanner *scanner;

  if (case_pattern == NULL)
    case_pattern = CIVIC_TEXT_DEFAULT_CASE_PATTERN;

  if (!g_utf8_validate (case_pattern, -1, NULL))
    {
      g_set_error_literal (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                           _("The case number pattern is not valid text."));
      return NULL;
    }

  regex = g_regex_new (case_pattern, G_REGEX_OPTIMIZE, 0, &local_error);
  if (regex == NULL)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   _("The case number pattern “%s” is not valid: %s"),
                   case_pattern, local_error->message);
      return NULL;
    }

  /* A pattern that accepts empty text ("", "\\d*") would either find
   * nothing or find cases everywhere; either way it is a setup mistake
   * the administrator should hear about. */
  if (g_regex_match (regex, "", 0, NULL))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   _("The case number pattern “%s” also matches empty text."),
                   case_pattern);
      return NULL;
    }

  scanner = g_atomic_rc_box_new0 (CivicTextScanner);
  scanner->case_regex = g_steal_pointer (&regex);
  scanner->case_pattern = g_strdup (case_pattern);
  return scanner;
}

CivicTextScanner *
civic_text_scanner_ref (CivicTextScanner *scanner)
{
  g_return_val_if_fail (scanner != NULL, NULL);

  return g_atomic_rc_box_acquire (scanner);
}

void
civic_text_scanner_unref (CivicTextScanner *scanner)
{
  g_return_if_fail (scanner != NULL);

  g_atomic_rc_box_release_full (scanner, civic_text_scanner_clear);
}

const char *
civic_text_scanner_get_case_pattern (CivicTextScanner *scanner)
{
  g_return_val_if_fail (scanner != NULL, NULL);

  return scanner->case_pattern;
}

/**
 * civic_text_scan:
 * @scanner: a #CivicTextScanner
 * @body: (nullable): the post body
 * @length: its length in bytes, or -1 if NUL-terminated
 *
 * Finds the tags, mentions and case references of @body, in order of
 * their offset. Never fails: a body with nothing recognisable, or that is
 * not valid UTF-8, gives an empty array.
 *
 * Returns: (transfer full) (element-type CivicTextToken): the tokens
 */
GArray *
civic_text_scan (CivicTextScanner *scanner,
                 const char       *body,
                 gssize            length)
{
  g_autoptr(GArray) tokens = NULL;
  gboolean truncated = FALSE;
  const char *end;
  const char *p;
  gsize len;

  g_return_val_if_fail (scanner != NULL, NULL);

  tokens = g_array_new (FALSE, TRUE, sizeof (CivicTextToken));
  g_array_set_clear_func (tokens, clear_token);

  if (body == NULL)
    return g_steal_pointer (&tokens);

  if (length < 0)
    len = strnlen (body, CIVIC_TEXT_MAX_BODY + 1);
  else
    {
      const char *nul = memchr (body, '\0', length);

      len = nul != NULL ? (gsize) (nul - body) : (gsize) length;
    }

  if (len > CIVIC_TEXT_MAX_BODY)
    {
      /* body[len] is still inside the caller's text here; step back to a
       * character boundary so the prefix can be valid UTF-8. */
      truncated = TRUE;
      len = CIVIC_TEXT_MAX_BODY;
      while (len > 0 && (body[len] & 0xC0) == 0x80)
        len--;
    }

  if (!g_utf8_validate_len (body, len, NULL))
    return g_steal_pointer (&tokens);

  end = body + len;
  p = body;

  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      const char *stop;
      const char *name_end;
      gboolean sigil_ok;

      if (g_unichar_isspace (c))
        {
          p = next;
          continue;
        }

      if (g_ascii_isalpha (c) && !g_unichar_isalnum (char_before (body, p, NULL)))
        {
          gsize url_len = url_length (p, end);

          if (url_len > 0)
            {
              p += url_len;
              continue;
            }
        }

      sigil_ok = (c == '#' || c == '@') && sigil_may_start (body, p);

      /* Case references first: "#311-2026-004213" is a case, not a tag. */
      if (c == '#' && sigil_ok)
        stop = match_case_ref (scanner, next, end);
      else if (case_may_start (body, p))
        stop = match_case_ref (scanner, p, end);
      else
        stop = NULL;

      if (stop != NULL && case_may_end (stop, end))
        {
          const char *number = c == '#' && sigil_ok ? next : p;

          if (!(truncated && stop == end))
            add_token (tokens, CIVIC_TEXT_CASE_REF, body, p, number, stop);
          p = stop;
          continue;
        }

      if (sigil_ok)
        {
          CivicTextKind kind = c == '#' ? CIVIC_TEXT_TAG : CIVIC_TEXT_MENTION;

          stop = scan_name (next, end, kind, &name_end);

          if (kind == CIVIC_TEXT_MENTION && stop < end && *stop == '@')
            name_end = next;

          if (name_end > next)
            {
              if (!(truncated && stop == end))
                add_token (tokens, kind, body, p, next, name_end);
              p = name_end;
              continue;
            }
        }

      p = next;
    }

  return g_steal_pointer (&tokens);
}

/**
 * civic_text_collect_tags:
 * @scanner: a #CivicTextScanner
 * @body: (nullable): the post body
 * @length: its length in bytes, or -1 if NUL-terminated
 *
 * The distinct tags of @body, compared with civic_text_tag_key(), each
 * spelled as it was first written and in order of first appearance.
 *
 * Returns: (transfer full) (element-type utf8): the tags, without '#'
 */
GPtrArray *
civic_text_collect_tags (CivicTextScanner *scanner,
                         const char       *body,
                         gssize            length)
{
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GHashTable) seen = NULL;
  GPtrArray *tags;

  g_return_val_if_fail (scanner != NULL, NULL);

  tokens = civic_text_scan (scanner, body, length);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  tags = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < tokens->len; i++)
    {
      const CivicTextToken *token = &g_array_index (tokens, CivicTextToken, i);

      if (token->kind == CIVIC_TEXT_TAG && g_hash_table_add (seen, token->value))
        g_ptr_array_add (tags, g_strdup (token->display));
    }

  return tags;
}

/**
 * civic_text_tag_key:
 * @tag: a tag, with or without its leading '#'
 *
 * The key under which tags are compared: "Potholes", "POTHOLES" and
 * "ｐｏｔｈｏｌｅｓ" share one. Full Unicode case folding, so "Straße" and
 * "STRASSE" share one too, while "İstanbul" (dotted capital I) folds to
 * "i̇stanbul" and differs from "istanbul": case folding is not
 * locale-aware, and the tag must not change meaning with the clerk's
 * locale.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL if @tag is not
 *   valid UTF-8
 */
char *
civic_text_tag_key (const char *tag)
{
  g_autofree char *compat = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (tag != NULL, NULL);

  if (!g_utf8_validate (tag, -1, NULL))
    return NULL;

  if (*tag == '#')
    tag++;

  /* NFKC before folding, so compatibility capitals (fullwidth, letterlike
   * symbols) fold too; again after, because folding can denormalise. */
  compat = g_utf8_normalize (tag, -1, G_NORMALIZE_NFKC);
  folded = g_utf8_casefold (compat, -1);
  return g_utf8_normalize (folded, -1, G_NORMALIZE_NFKC);
}
