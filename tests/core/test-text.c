/* test-text.c: what a post body links to — tags, mentions, case numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-error.h"
#include "civic-text.h"

#define MAX_EXPECTED 6

typedef struct
{
  CivicTextKind  kind;
  const char    *value;
  const char    *display;  /* NULL: same as value */
} Expected;

typedef struct
{
  const char *name;
  const char *body;
  gssize      length;      /* 0: NUL-terminated */
  const char *pattern;     /* NULL: the default tracking number */
  Expected    tokens[MAX_EXPECTED];
} ScanCase;

#define TAG(v)       { CIVIC_TEXT_TAG, v, NULL }
#define TAG_AS(v, d) { CIVIC_TEXT_TAG, v, d }
#define MENTION(v)   { CIVIC_TEXT_MENTION, v, NULL }
#define REF(v)       { CIVIC_TEXT_CASE_REF, v, NULL }

static const ScanCase scan_cases[] = {
  /* nothing to find */
  { "empty", "", 0, NULL, { { 0 } } },
  { "only-hash", "#", 0, NULL, { { 0 } } },
  { "double-hash", "##", 0, NULL, { { 0 } } },
  { "hash-at-end", "see #", 0, NULL, { { 0 } } },
  { "double-at", "@@", 0, NULL, { { 0 } } },
  { "hash-space", "# tag", 0, NULL, { { 0 } } },
  { "markdown-heading", "## Heading\n##tag", 0, NULL, { { 0 } } },
  { "digits-only", "#1 #2026 #42!", 0, NULL, { { 0 } } },
  { "inside-word", "abc#def", 0, NULL, { { 0 } } },
  { "mark-after-hash", "#\xcc\x81" "abc", 0, NULL, { { 0 } } },
  { "joiner-after-hash", "#\xe2\x80\x8d" "abc", 0, NULL, { { 0 } } },

  /* tags */
  { "simple", "#potholes", 0, NULL, { TAG ("potholes") } },
  { "mixed-case", "#Potholes", 0, NULL, { TAG_AS ("potholes", "Potholes") } },
  { "trailing-period", "Fix #potholes.", 0, NULL, { TAG ("potholes") } },
  { "trailing-comma", "#potholes, #snow", 0, NULL, { TAG ("potholes"), TAG ("snow") } },
  { "exclamation", "#Today!", 0, NULL, { TAG_AS ("today", "Today") } },
  { "parens", "(#today)", 0, NULL, { TAG ("today") } },
  { "apostrophe-ends-tag", "#tag's done", 0, NULL, { TAG ("tag") } },
  { "typographic-apostrophe", "#city\xe2\x80\x99s", 0, NULL, { TAG ("city") } },
  { "german-eszett", "#Straßenbau", 0, NULL, { TAG_AS ("strassenbau", "Straßenbau") } },
  { "german-upper-ss", "#STRASSENBAU", 0, NULL, { TAG_AS ("strassenbau", "STRASSENBAU") } },
  { "french", "#café", 0, NULL, { TAG ("café") } },
  { "cyrillic", "#Потоп", 0, NULL, { TAG_AS ("потоп", "Потоп") } },
  { "cjk", "#日本", 0, NULL, { TAG ("日本") } },
  { "persian-zwnj", "#می\xe2\x80\x8cخواهم", 0, NULL, { TAG ("می\xe2\x80\x8cخواهم") } },
  { "joiner-trailing", "#abc\xe2\x80\x8d ok", 0, NULL, { TAG ("abc") } },
  { "combining-mark", "#cafe\xcc\x81 x", 0, NULL, { TAG_AS ("café", "cafe\xcc\x81") } },
  { "digit-then-letter", "#3rdStreet", 0, NULL, { TAG_AS ("3rdstreet", "3rdStreet") } },
  { "underscore-inside", "#snow_removal", 0, NULL, { TAG ("snow_removal") } },
  { "underscore-trailing", "_#italic_", 0, NULL, { TAG ("italic") } },
  { "markdown-bold", "**#bold**", 0, NULL, { TAG ("bold") } },
  { "markdown-strike", "~~#old~~", 0, NULL, { TAG ("old") } },
  { "glued-second-hash", "#a#b", 0, NULL, { TAG ("a") } },
  { "emoji-before", "\xf0\x9f\x9a\xa7#roadwork", 0, NULL, { TAG ("roadwork") } },
  { "emoji-after", "#roadwork\xf0\x9f\x9a\xa7", 0, NULL, { TAG ("roadwork") } },
  { "emoji-variation-selector", "\xe2\x9d\xa4\xef\xb8\x8f#thanks", 0, NULL, { TAG ("thanks") } },
  { "rtl-hebrew", "שלום #חדשות", 0, NULL, { TAG ("חדשות") } },
  { "rtl-mark-before", "\xe2\x80\x8f#news", 0, NULL, { TAG ("news") } },
  { "rtl-arabic", "#مرحبا.", 0, NULL, { TAG ("مرحبا") } },
  { "turkish-dotted-capital", "#İstanbul", 0, NULL, { TAG_AS ("i\xcc\x87stanbul", "İstanbul") } },
  { "turkish-plain-capital", "#ISTANBUL", 0, NULL, { TAG_AS ("istanbul", "ISTANBUL") } },
  { "fullwidth", "#ＰＯＴＨＯＬＥＳ", 0, NULL, { TAG_AS ("potholes", "ＰＯＴＨＯＬＥＳ") } },
  { "duplicates-all-reported", "#Potholes #potholes #POTHOLES", 0, NULL,
    { TAG_AS ("potholes", "Potholes"), TAG ("potholes"), TAG_AS ("potholes", "POTHOLES") } },

  /* mentions and addresses */
  { "mention", "@jane", 0, NULL, { MENTION ("jane") } },
  { "mention-department", "@public-works.", 0, NULL, { MENTION ("public-works") } },
  { "mention-dot-inside", "@j.doe, hi", 0, NULL, { MENTION ("j.doe") } },
  { "mention-trailing-dash", "@roads- now", 0, NULL, { MENTION ("roads") } },
  { "mention-digits-only", "@311", 0, NULL, { { 0 } } },
  { "email", "mail jane@city.gov today", 0, NULL, { { 0 } } },
  { "email-then-tag", "jane@city.gov #roads", 0, NULL, { TAG ("roads") } },
  { "address-after-mention", "@jane@city.gov", 0, NULL, { { 0 } } },

  /* URLs give nothing */
  { "url-fragment", "http://x.org/a#frag", 0, NULL, { { 0 } } },
  { "url-hostile", "see https://x.org/@jane/#frag?x=#y (https://a.b/_(#c)) and #real",
    0, NULL, { TAG ("real") } },
  { "url-www", "www.city.gov/#news @jane", 0, NULL, { MENTION ("jane") } },
  { "url-query-without-scheme", "x.org/?q=#a&b=@c", 0, NULL, { { 0 } } },
  { "url-with-case-number", "https://city.gov/case/311-2026-004213", 0, NULL, { { 0 } } },

  /* case references */
  { "case-ref", "Re 311-2026-004213 please", 0, NULL, { REF ("311-2026-004213") } },
  { "case-ref-hash", "#311-2026-004213", 0, NULL, { REF ("311-2026-004213") } },
  { "case-ref-sentence", "see (311-2026-004213).", 0, NULL, { REF ("311-2026-004213") } },
  { "case-ref-list", "311-2026-004213,#311-2026-004214", 0, NULL,
    { REF ("311-2026-004213"), REF ("311-2026-004214") } },
  { "case-ref-longer-before", "9311-2026-004213", 0, NULL, { { 0 } } },
  { "case-ref-longer-after", "311-2026-0042139", 0, NULL, { { 0 } } },
  { "case-ref-extended", "311-2026-004213-2 1.311-2026-004213", 0, NULL, { { 0 } } },
  { "case-ref-glued-hash", "abc#311-2026-004213", 0, NULL, { { 0 } } },
  { "case-ref-glued-letters", "x311-2026-004213 311-2026-004213x", 0, NULL, { { 0 } } },
  { "case-ref-arabic-digits", "٣١١-٢٠٢٦-٠٠٤٢١٣", 0, NULL, { { 0 } } },
  { "case-ref-after-at", "@311-2026-004213", 0, NULL, { REF ("311-2026-004213") } },
  { "mixed-in-order", "@roads: see #311-2026-004213 about #Potholes", 0, NULL,
    { MENTION ("roads"), REF ("311-2026-004213"), TAG_AS ("potholes", "Potholes") } },
  { "custom-pattern", "see SR12345678 and #SR87654321, not SR123456789", 0, "SR\\d{8}",
    { REF ("SR12345678"), REF ("SR87654321") } },
  { "custom-pattern-no-default", "#311-2026-004213 #SR1", 0, "SR\\d{8}",
    { TAG_AS ("sr1", "SR1") } },

  /* bytes that are not text */
  { "nul-in-middle", "#a\0#b", 5, NULL, { TAG ("a") } },
  { "invalid-byte", "#ok \xff #bad", 0, NULL, { { 0 } } },
  { "truncated-sequence", "#caf\xc3", 0, NULL, { { 0 } } },
  { "overlong-slash", "#a\xc0\xaf", 0, NULL, { { 0 } } },
  { "surrogate-encoded", "#a\xed\xa0\x80", 0, NULL, { { 0 } } },
};

static CivicTextScanner *
scanner_for (const char *pattern)
{
  g_autoptr(GError) error = NULL;
  CivicTextScanner *scanner = civic_text_scanner_new (pattern, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scanner);
  return scanner;
}

/* Every token must point at text the UI can turn into a link: inside the
 * body, on character boundaries, and spelling its own display text. */
static void
assert_token_spans (GArray     *tokens,
                    const char *body,
                    gsize       len)
{
  gsize last_end = 0;

  for (guint i = 0; i < tokens->len; i++)
    {
      const CivicTextToken *token = &g_array_index (tokens, CivicTextToken, i);
      const char *span = body + token->offset;
      gsize display_len;

      g_assert_nonnull (token->value);
      g_assert_nonnull (token->display);
      g_assert_cmpuint (token->offset, >=, last_end);
      g_assert_cmpuint (token->offset + token->length, <=, len);
      g_assert_true (g_utf8_validate_len (span, token->length, NULL));
      last_end = token->offset + token->length;

      display_len = strlen (token->display);
      g_assert_cmpuint (display_len, >, 0);
      if (display_len < token->length)
        {
          g_assert_cmpuint (display_len + 1, ==, token->length);
          g_assert_true (span[0] == '#' || span[0] == '@');
          g_assert_true (token->kind != CIVIC_TEXT_MENTION || span[0] == '@');
          g_assert_true (token->kind != CIVIC_TEXT_TAG || span[0] == '#');
          span++;
        }
      else
        g_assert_cmpint (token->kind, ==, CIVIC_TEXT_CASE_REF);
      g_assert_cmpmem (span, display_len, token->display, display_len);
    }
}

static void
test_scan_case (gconstpointer data)
{
  const ScanCase *c = data;
  g_autoptr(CivicTextScanner) scanner = scanner_for (c->pattern);
  gssize length = c->length > 0 ? c->length : -1;
  gsize len = c->length > 0 ? (gsize) c->length : strlen (c->body);
  g_autoptr(GArray) tokens = civic_text_scan (scanner, c->body, length);
  guint n_expected = 0;

  while (n_expected < MAX_EXPECTED && c->tokens[n_expected].value != NULL)
    n_expected++;

  for (guint i = 0; i < MIN (tokens->len, n_expected); i++)
    {
      const CivicTextToken *token = &g_array_index (tokens, CivicTextToken, i);
      const Expected *want = &c->tokens[i];

      g_test_message ("token %u: kind %d value “%s” display “%s”",
                      i, token->kind, token->value, token->display);
      g_assert_cmpint (token->kind, ==, want->kind);
      g_assert_cmpstr (token->value, ==, want->value);
      g_assert_cmpstr (token->display, ==, want->display ? want->display : want->value);
    }
  g_assert_cmpuint (tokens->len, ==, n_expected);

  assert_token_spans (tokens, c->body, len);
}

static void
test_scan_null_body (void)
{
  g_autoptr(CivicTextScanner) scanner = scanner_for (NULL);
  g_autoptr(GArray) tokens = civic_text_scan (scanner, NULL, -1);

  g_assert_cmpuint (tokens->len, ==, 0);
}

static void
test_scan_offsets (void)
{
  g_autoptr(CivicTextScanner) scanner = scanner_for (NULL);
  const char *body = "Café #Straße, @jane: #311-2026-004213";
  g_autoptr(GArray) tokens = civic_text_scan (scanner, body, -1);
  const CivicTextToken *t;

  g_assert_cmpuint (tokens->len, ==, 3);
  t = &g_array_index (tokens, CivicTextToken, 0);
  g_assert_cmpuint (t->offset, ==, strlen ("Café "));
  g_assert_cmpuint (t->length, ==, strlen ("#Straße"));
  t = &g_array_index (tokens, CivicTextToken, 1);
  g_assert_cmpuint (t->offset, ==, strlen ("Café #Straße, "));
  g_assert_cmpuint (t->length, ==, strlen ("@jane"));
  t = &g_array_index (tokens, CivicTextToken, 2);
  g_assert_cmpuint (t->offset, ==, strlen ("Café #Straße, @jane: "));
  g_assert_cmpuint (t->length, ==, strlen ("#311-2026-004213"));
}

static void
test_scan_long_tag (void)
{
  g_autoptr(CivicTextScanner) scanner = scanner_for (NULL);
  g_autoptr(GString) body = g_string_new ("#");
  g_autoptr(GArray) tokens = NULL;
  const CivicTextToken *t;

  for (guint i = 0; i < 5000; i++)
    g_string_append_c (body, i % 2 ? 'a' : 'B');
  g_string_append (body, ".");

  tokens = civic_text_scan (scanner, body->str, body->len);
  g_assert_cmpuint (tokens->len, ==, 1);
  t = &g_array_index (tokens, CivicTextToken, 0);
  g_assert_cmpuint (t->length, ==, 5001);
  g_assert_cmpuint (strlen (t->value), ==, 5000);
  g_assert_true (g_str_has_prefix (t->value, "baba"));
  assert_token_spans (tokens, body->str, body->len);
}

/* Only CIVIC_TEXT_MAX_BODY bytes count; a tag the cut goes through is
 * dropped rather than reported half-spelled. */
static void
test_scan_max_body (void)
{
  g_autoptr(CivicTextScanner) scanner = scanner_for (NULL);
  g_autoptr(GString) body = g_string_new ("#first ");
  g_autoptr(GArray) tokens = NULL;

  while (body->len < CIVIC_TEXT_MAX_BODY - 4)
    g_string_append_c (body, ' ');
  g_string_append (body, "#cut_through_the_limit #after");
  /* a multibyte character straddling the limit must not make the body
   * look invalid */
  g_string_append (body, " é\xff");

  tokens = civic_text_scan (scanner, body->str, body->len);
  g_assert_cmpuint (tokens->len, ==, 1);
  g_assert_cmpstr (g_array_index (tokens, CivicTextToken, 0).value, ==, "first");
}

static void
test_scan_max_body_boundary (void)
{
  g_autoptr(CivicTextScanner) scanner = scanner_for (NULL);
  g_autoptr(GString) body = g_string_new ("#first ");
  g_autoptr(GArray) tokens = NULL;

  /* 'é' occupies bytes MAX-1 and MAX: the cut steps back before it */
  while (body->len < CIVIC_TEXT_MAX_BODY - 1)
    g_string_append_c (body, ' ');
  g_string_append (body, "é #late");
  g_assert_cmpuint ((guchar) body->str[CIVIC_TEXT_MAX_BODY], ==, 0xA9);

  tokens = civic_text_scan (scanner, body->str, -1);
  g_assert_cmpuint (tokens->len, ==, 1);
  g_assert_cmpstr (g_array_index (tokens, CivicTextToken, 0).value, ==, "first");
}

static void
test_collect_tags (void)
{
  g_autoptr(CivicTextScanner) scanner = scanner_for (NULL);
  g_autoptr(GPtrArray) tags = NULL;

  tags = civic_text_collect_tags (scanner,
                                  "#Potholes on Elm. #potholes again, #POTHOLES! "
                                  "#STRASSE #Straße #snow #311-2026-004213 @roads",
                                  -1);
  g_assert_cmpuint (tags->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (tags, 0), ==, "Potholes");
  g_assert_cmpstr (g_ptr_array_index (tags, 1), ==, "STRASSE");
  g_assert_cmpstr (g_ptr_array_index (tags, 2), ==, "snow");
}

static void
test_collect_tags_none (void)
{
  g_autoptr(CivicTextScanner) scanner = scanner_for (NULL);
  g_autoptr(GPtrArray) tags = civic_text_collect_tags (scanner, "\xff#bad", -1);

  g_assert_cmpuint (tags->len, ==, 0);
}

typedef struct
{
  const char *tag;
  const char *key;
} KeyCase;

static void
test_tag_key (void)
{
  /* What full Unicode case folding gives, locale-independent:
   * ß and SS meet at "ss"; İ keeps its dot as U+0307, so "İstanbul" and
   * "Istanbul" are different tags; dotless ı is its own letter. */
  static const KeyCase cases[] = {
    { "Potholes", "potholes" },
    { "#Potholes", "potholes" },
    { "Straße", "strasse" },
    { "STRASSE", "strasse" },
    { "İstanbul", "i\xcc\x87stanbul" },
    { "Istanbul", "istanbul" },
    { "ıstanbul", "ıstanbul" },
    { "cafe\xcc\x81", "café" },
    { "CAFÉ", "café" },
    { "ＴＡＧ", "tag" },
    { "ﬁre", "fire" },
    { "ΣΟΦΊΑ", "σοφία" },
    { "", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = civic_text_tag_key (cases[i].tag);

      g_assert_cmpstr (key, ==, cases[i].key);
    }

  g_assert_null (civic_text_tag_key ("bad\xff"));
}

static void
test_invalid_pattern (void)
{
  static const char *bad[] = { "SR(\\d{8}", "[0-9", "*x", "\\d*", "", "a|" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CivicTextScanner) scanner = civic_text_scanner_new (bad[i], &error);

      g_assert_null (scanner);
      g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
      /* the administrator must see which pattern was refused */
      if (*bad[i] != '\0')
        g_assert_nonnull (strstr (error->message, bad[i]));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CivicTextScanner) scanner = civic_text_scanner_new ("SR\xff", &error);

    g_assert_null (scanner);
    g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
  }
}

static void
test_scanner_pattern (void)
{
  g_autoptr(CivicTextScanner) def = scanner_for (NULL);
  g_autoptr(CivicTextScanner) custom = scanner_for ("SR\\d{8}");
  g_autoptr(CivicTextScanner) ref = civic_text_scanner_ref (custom);

  g_assert_cmpstr (civic_text_scanner_get_case_pattern (def), ==,
                   CIVIC_TEXT_DEFAULT_CASE_PATTERN);
  g_assert_cmpstr (civic_text_scanner_get_case_pattern (ref), ==, "SR\\d{8}");
  g_assert_true (G_TYPE_IS_BOXED (CIVIC_TYPE_TEXT_SCANNER));
}

/* Random bytes and random mixes of the interesting characters: never a
 * crash, never a token outside the body. */
static void
test_scan_fuzz (void)
{
  static const char *pieces[] = {
    "#", "@", "a", "É", "1", "-", ".", "_", " ", "\xcc\x81", "\xe2\x80\x8d",
    "\xf0\x9f\x9a\xa7", "://", "http", "www.", "311-2026-004213", "\xff", "\xc3",
    "\0", "'", "(", "*", "ß", "İ",
  };
  g_autoptr(CivicTextScanner) scanner = scanner_for (NULL);

  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      g_autoptr(GArray) tokens = NULL;
      guint n = g_test_rand_int_range (0, 40);
      gboolean raw = round % 4 == 0;

      for (guint i = 0; i < n; i++)
        {
          if (raw)
            g_string_append_c (body, (char) g_test_rand_int_range (0, 256));
          else
            {
              const char *piece = pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))];

              if (*piece == '\0')
                g_string_append_c (body, '\0');
              else
                g_string_append (body, piece);
            }
        }

      tokens = civic_text_scan (scanner, body->str, body->len);
      assert_token_spans (tokens, body->str, body->len);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (scan_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/text/scan/%s", scan_cases[i].name);

      g_test_add_data_func (path, &scan_cases[i], test_scan_case);
    }

  g_test_add_func ("/text/scan/null-body", test_scan_null_body);
  g_test_add_func ("/text/scan/offsets", test_scan_offsets);
  g_test_add_func ("/text/scan/long-tag", test_scan_long_tag);
  g_test_add_func ("/text/scan/max-body", test_scan_max_body);
  g_test_add_func ("/text/scan/max-body-boundary", test_scan_max_body_boundary);
  g_test_add_func ("/text/scan/fuzz", test_scan_fuzz);
  g_test_add_func ("/text/collect-tags/first-spelling", test_collect_tags);
  g_test_add_func ("/text/collect-tags/invalid", test_collect_tags_none);
  g_test_add_func ("/text/tag-key", test_tag_key);
  g_test_add_func ("/text/scanner/invalid-pattern", test_invalid_pattern);
  g_test_add_func ("/text/scanner/pattern", test_scanner_pattern);

  return g_test_run ();
}
