/* civic-json-reader.c: a pull reader over JSON text, no tree
 *
 * Written for speed on the server's own output (ASCII keys, short
 * strings, few escapes) without trusting it: every byte is checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-json-reader.h"

#include <stdlib.h>
#include <string.h>

#include "civic-error.h"

void
civic_json_reader_init (CivicJsonReader *r,
                        const char      *text,
                        gsize            length)
{
  memset (r, 0, sizeof *r);
  r->start = r->p = text;
  r->end = text + length;
  r->key = g_string_sized_new (64);
  r->value = g_string_sized_new (256);
}

void
civic_json_reader_clear (CivicJsonReader *r)
{
  if (r->key != NULL)
    g_string_free (r->key, TRUE);
  if (r->value != NULL)
    g_string_free (r->value, TRUE);
  r->key = r->value = NULL;
  g_clear_error (&r->error);
}

gboolean
civic_json_reader_failed (CivicJsonReader *r)
{
  return r->error != NULL;
}

gboolean
civic_json_reader_finish (CivicJsonReader *r,
                          GError         **error)
{
  if (r->error == NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&r->error));
  return FALSE;
}

void
civic_json_reader_fail (CivicJsonReader *r,
                        const char      *format,
                        ...)
{
  g_autofree char *what = NULL;
  va_list args;

  if (r->error != NULL)
    return;
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  r->error = g_error_new (CIVIC_ERROR, CIVIC_ERROR_INVALID, "%s (at byte %" G_GSIZE_FORMAT ")",
                          what, (gsize) (r->p - r->start));
  /* nothing more is read after the first fault */
  r->p = r->end;
}

static inline void
skip_space (CivicJsonReader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static CivicJsonType
peek (CivicJsonReader *r)
{
  if (r->error != NULL)
    return CIVIC_JSON_NONE;
  skip_space (r);
  if (r->p >= r->end)
    return CIVIC_JSON_NONE;
  switch (*r->p)
    {
    case '{': return CIVIC_JSON_OBJECT;
    case '[': return CIVIC_JSON_ARRAY;
    case '"': return CIVIC_JSON_STRING;
    case 't': case 'f': return CIVIC_JSON_BOOLEAN;
    case 'n': return CIVIC_JSON_NULL;
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return CIVIC_JSON_NUMBER;
    default:
      return CIVIC_JSON_NONE;
    }
}

/* peek, failing in words when there is no value at all */
static CivicJsonType
expect_value (CivicJsonReader *r)
{
  CivicJsonType type = peek (r);

  if (type == CIVIC_JSON_NONE && r->error == NULL)
    {
      if (r->p >= r->end)
        civic_json_reader_fail (r, "the text ends where a value should be");
      else
        civic_json_reader_fail (r, "“%c” is not the start of a value", g_ascii_isprint (*r->p) ? *r->p : '?');
    }
  return type;
}

/* No value at all (the text ends, or garbage) fails here, in words: a
 * caller checking a type then never blames the type for broken text. */
CivicJsonType
civic_json_reader_peek (CivicJsonReader *r)
{
  return expect_value (r);
}

static gboolean
enter (CivicJsonReader *r)
{
  if (++r->depth > CIVIC_JSON_MAX_DEPTH)
    {
      civic_json_reader_fail (r, "values are nested more than %d levels deep", CIVIC_JSON_MAX_DEPTH);
      return FALSE;
    }
  r->p++;
  r->first = TRUE;
  return TRUE;
}

gboolean
civic_json_reader_begin_object (CivicJsonReader *r)
{
  return expect_value (r) == CIVIC_JSON_OBJECT && enter (r);
}

gboolean
civic_json_reader_begin_array (CivicJsonReader *r)
{
  return expect_value (r) == CIVIC_JSON_ARRAY && enter (r);
}

/* Before the next item of a container: FALSE at its end (consumed). */
static gboolean
next_item (CivicJsonReader *r,
           char             close)
{
  skip_space (r);
  if (r->p >= r->end)
    {
      civic_json_reader_fail (r, "the text ends inside %s", close == '}' ? "an object" : "a list");
      return FALSE;
    }
  if (*r->p == close)
    {
      r->p++;
      r->depth--;
      r->first = FALSE;
      return FALSE;
    }
  if (r->first)
    r->first = FALSE;
  else if (*r->p == ',')
    {
      r->p++;
      skip_space (r);
      /* a trailing comma is not JSON */
      if (r->p < r->end && *r->p == close)
        {
          civic_json_reader_fail (r, "a comma is followed by “%c”", close);
          return FALSE;
        }
    }
  else
    {
      civic_json_reader_fail (r, "“,” or “%c” was expected", close);
      return FALSE;
    }
  return TRUE;
}

static gboolean read_string_into (CivicJsonReader *r, GString *out);

gboolean
civic_json_reader_next_member (CivicJsonReader *r)
{
  if (r->error != NULL || !next_item (r, '}'))
    return FALSE;
  skip_space (r);
  if (r->p >= r->end || *r->p != '"')
    {
      civic_json_reader_fail (r, "a member name was expected");
      return FALSE;
    }
  if (!read_string_into (r, r->key))
    return FALSE;
  skip_space (r);
  if (r->p >= r->end || *r->p != ':')
    {
      civic_json_reader_fail (r, "“:” was expected after “%s”", r->key->str);
      return FALSE;
    }
  r->p++;
  return TRUE;
}

gboolean
civic_json_reader_next_element (CivicJsonReader *r)
{
  return r->error == NULL && next_item (r, ']');
}

static int
hex4 (const char *p)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    {
      int c = p[i], d;

      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      else
        return -1;
      v = v * 16 + d;
    }
  return v;
}

/* The length of the valid UTF-8 sequence at @p (lead byte ≥ 0x80), or 0. */
static int
utf8_sequence (const guchar *p,
               const guchar *end)
{
  guchar c = p[0];
  int n;
  gunichar min, u;

  if (c >= 0xC2 && c <= 0xDF)
    n = 2, min = 0x80, u = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, min = 0x800, u = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, min = 0x10000, u = c & 0x07;
  else
    return 0;
  if (end - p < n)
    return 0;
  for (int i = 1; i < n; i++)
    {
      if ((p[i] & 0xC0) != 0x80)
        return 0;
      u = (u << 6) | (p[i] & 0x3F);
    }
  /* overlong forms, surrogates and beyond U+10FFFF are not UTF-8 */
  if (u < min || (u >= 0xD800 && u <= 0xDFFF) || u > 0x10FFFF)
    return 0;
  return n;
}

static gboolean
read_string_into (CivicJsonReader *r,
                  GString         *out)
{
  const guchar *p = (const guchar *) r->p + 1;
  const guchar *end = (const guchar *) r->end;

  g_string_truncate (out, 0);
  for (;;)
    {
      const guchar *run = p;

      /* the plain ASCII run, copied at once */
      while (p < end && *p >= 0x20 && *p != '"' && *p != '\\' && *p < 0x80)
        p++;
      g_string_append_len (out, (const char *) run, p - run);
      if (p >= end)
        {
          r->p = (const char *) p;
          civic_json_reader_fail (r, "the text ends inside a string");
          return FALSE;
        }
      if (*p == '"')
        {
          r->p = (const char *) p + 1;
          return TRUE;
        }
      if (*p < 0x20)
        {
          r->p = (const char *) p;
          civic_json_reader_fail (r, "a string holds a control character");
          return FALSE;
        }
      if (*p >= 0x80)
        {
          int n = utf8_sequence (p, end);

          if (n == 0)
            {
              r->p = (const char *) p;
              civic_json_reader_fail (r, "a string is not valid UTF-8");
              return FALSE;
            }
          g_string_append_len (out, (const char *) p, n);
          p += n;
          continue;
        }
      /* an escape */
      r->p = (const char *) p;
      if (end - p < 2)
        {
          civic_json_reader_fail (r, "the text ends inside a string");
          return FALSE;
        }
      switch (p[1])
        {
        case '"': g_string_append_c (out, '"'); p += 2; break;
        case '\\': g_string_append_c (out, '\\'); p += 2; break;
        case '/': g_string_append_c (out, '/'); p += 2; break;
        case 'b': g_string_append_c (out, '\b'); p += 2; break;
        case 'f': g_string_append_c (out, '\f'); p += 2; break;
        case 'n': g_string_append_c (out, '\n'); p += 2; break;
        case 'r': g_string_append_c (out, '\r'); p += 2; break;
        case 't': g_string_append_c (out, '\t'); p += 2; break;
        case 'u':
          {
            int u = end - p >= 6 ? hex4 ((const char *) p + 2) : -1;

            if (u < 0)
              {
                civic_json_reader_fail (r, "a string has a broken \\u escape");
                return FALSE;
              }
            p += 6;
            if (u >= 0xD800 && u <= 0xDBFF)
              {
                int lo = end - p >= 6 && p[0] == '\\' && p[1] == 'u' ? hex4 ((const char *) p + 2) : -1;

                if (lo < 0xDC00 || lo > 0xDFFF)
                  {
                    civic_json_reader_fail (r, "a string has half of a surrogate pair");
                    return FALSE;
                  }
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                p += 6;
              }
            else if (u >= 0xDC00 && u <= 0xDFFF)
              {
                civic_json_reader_fail (r, "a string has half of a surrogate pair");
                return FALSE;
              }
            else if (u == 0)
              {
                /* a NUL would cut the text short in C */
                civic_json_reader_fail (r, "a string holds a NUL character");
                return FALSE;
              }
            g_string_append_unichar (out, (gunichar) u);
          }
          break;
        default:
          civic_json_reader_fail (r, "a string has an unknown escape “\\%c”",
                                  g_ascii_isprint (p[1]) ? p[1] : '?');
          return FALSE;
        }
    }
}

gboolean
civic_json_reader_read_string (CivicJsonReader *r)
{
  if (civic_json_reader_peek (r) != CIVIC_JSON_STRING)
    return FALSE;
  return read_string_into (r, r->value);
}

/* The number at r->p, checked against the JSON grammar; its extent and
 * whether it is whole. */
static gboolean
scan_number (CivicJsonReader *r,
             const char     **num_end,
             gboolean        *whole)
{
  const char *p = r->p;
  const char *end = r->end;

  *whole = TRUE;
  if (p < end && *p == '-')
    p++;
  if (p < end && *p == '0')
    p++;
  else if (p < end && *p >= '1' && *p <= '9')
    while (p < end && g_ascii_isdigit (*p))
      p++;
  else
    goto bad;
  if (p < end && *p == '.')
    {
      *whole = FALSE;
      p++;
      if (p >= end || !g_ascii_isdigit (*p))
        goto bad;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      *whole = FALSE;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        goto bad;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  *num_end = p;
  return TRUE;

bad:
  civic_json_reader_fail (r, "a number is malformed");
  return FALSE;
}

gboolean
civic_json_reader_read_int (CivicJsonReader *r,
                            gint64          *out)
{
  const char *end, *p;
  gboolean whole, neg;
  guint64 v = 0;

  if (civic_json_reader_peek (r) != CIVIC_JSON_NUMBER || !scan_number (r, &end, &whole))
    return FALSE;
  if (!whole)
    return FALSE;
  p = r->p;
  neg = *p == '-';
  if (neg)
    p++;
  for (; p < end; p++)
    {
      guint d = *p - '0';

      if (v > (G_MAXUINT64 - d) / 10)
        goto range;
      v = v * 10 + d;
    }
  if (v > (guint64) G_MAXINT64 + (neg ? 1 : 0))
    goto range;
  *out = neg ? (gint64) (0 - v) : (gint64) v;
  r->p = end;
  return TRUE;

range:
  civic_json_reader_fail (r, "a whole number is too large");
  return FALSE;
}

gboolean
civic_json_reader_read_double (CivicJsonReader *r,
                               double          *out)
{
  const char *end;
  gboolean whole;
  char buf[128];
  gsize n;

  if (civic_json_reader_peek (r) != CIVIC_JSON_NUMBER || !scan_number (r, &end, &whole))
    return FALSE;
  n = end - r->p;
  if (n >= sizeof buf)
    {
      g_autofree char *copy = g_strndup (r->p, n);

      *out = g_ascii_strtod (copy, NULL);
    }
  else
    {
      /* the text is not NUL-terminated: strtod reads a copy */
      memcpy (buf, r->p, n);
      buf[n] = '\0';
      *out = g_ascii_strtod (buf, NULL);
    }
  r->p = end;
  return TRUE;
}

static gboolean
literal (CivicJsonReader *r,
         const char      *word)
{
  gsize n = strlen (word);

  if ((gsize) (r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    {
      civic_json_reader_fail (r, "a word other than true, false or null");
      return FALSE;
    }
  r->p += n;
  return TRUE;
}

gboolean
civic_json_reader_read_boolean (CivicJsonReader *r,
                                gboolean        *out)
{
  if (civic_json_reader_peek (r) != CIVIC_JSON_BOOLEAN)
    return FALSE;
  *out = *r->p == 't';
  return literal (r, *out ? "true" : "false");
}

gboolean
civic_json_reader_read_null (CivicJsonReader *r)
{
  return civic_json_reader_peek (r) == CIVIC_JSON_NULL && literal (r, "null");
}

gboolean
civic_json_reader_skip (CivicJsonReader *r,
                        const char     **begin)
{
  CivicJsonType type = expect_value (r);
  gint64 i;
  double d;
  gboolean b;

  if (begin != NULL)
    *begin = r->p;
  switch (type)
    {
    case CIVIC_JSON_NONE:
      return FALSE;
    case CIVIC_JSON_OBJECT:
      if (!civic_json_reader_begin_object (r))
        return FALSE;
      while (civic_json_reader_next_member (r))
        if (!civic_json_reader_skip (r, NULL))
          return FALSE;
      return r->error == NULL;
    case CIVIC_JSON_ARRAY:
      if (!civic_json_reader_begin_array (r))
        return FALSE;
      while (civic_json_reader_next_element (r))
        if (!civic_json_reader_skip (r, NULL))
          return FALSE;
      return r->error == NULL;
    case CIVIC_JSON_STRING:
      return read_string_into (r, r->value);
    case CIVIC_JSON_NUMBER:
      return civic_json_reader_read_int (r, &i) || civic_json_reader_read_double (r, &d);
    case CIVIC_JSON_BOOLEAN:
      return civic_json_reader_read_boolean (r, &b);
    case CIVIC_JSON_NULL:
      return civic_json_reader_read_null (r);
    default:
      g_assert_not_reached ();
    }
}

gboolean
civic_json_reader_end (CivicJsonReader *r)
{
  if (r->error != NULL)
    return FALSE;
  skip_space (r);
  if (r->p < r->end)
    {
      civic_json_reader_fail (r, "more text follows the end of the answer");
      return FALSE;
    }
  return TRUE;
}
