/* civic-json-writer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "civic-json-writer.h"

void
civic_json_writer_init (CivicJsonWriter *w,
                        GString         *out)
{
  w->out = out;
  w->depth = 0;
  w->first[0] = TRUE;
  w->after_key = FALSE;
}

/* Writes the separator a new value needs at the current level. */
static void
before_value (CivicJsonWriter *w)
{
  if (w->after_key)
    {
      w->after_key = FALSE;
      return;
    }
  if (!w->first[w->depth])
    g_string_append_c (w->out, ',');
  w->first[w->depth] = FALSE;
}

static void
writer_open (CivicJsonWriter *w,
      char             c)
{
  before_value (w);
  g_string_append_c (w->out, c);
  g_return_if_fail (w->depth + 1 < CIVIC_JSON_WRITER_MAX_DEPTH);
  w->depth++;
  w->first[w->depth] = TRUE;
}

static void
writer_close (CivicJsonWriter *w,
       char             c)
{
  g_return_if_fail (w->depth > 0);
  w->depth--;
  g_string_append_c (w->out, c);
}

void civic_json_begin_object (CivicJsonWriter *w) { writer_open (w, '{'); }
void civic_json_end_object (CivicJsonWriter *w) { writer_close (w, '}'); }
void civic_json_begin_array (CivicJsonWriter *w) { writer_open (w, '['); }
void civic_json_end_array (CivicJsonWriter *w) { writer_close (w, ']'); }

void
civic_json_append_escaped (GString    *out,
                           const char *value)
{
  const unsigned char *p = (const unsigned char *) value;
  const unsigned char *run = p;

  g_string_append_c (out, '"');
  for (; *p != '\0'; p++)
    {
      if (*p >= 0x20 && *p != '"' && *p != '\\')
        continue;
      g_string_append_len (out, (const char *) run, p - run);
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_printf (out, "\\u%04x", *p); break;
        }
      run = p + 1;
    }
  g_string_append_len (out, (const char *) run, p - run);
  g_string_append_c (out, '"');
}

void
civic_json_key (CivicJsonWriter *w,
                const char      *key)
{
  before_value (w);
  civic_json_append_escaped (w->out, key);
  g_string_append_c (w->out, ':');
  w->after_key = TRUE;
}

void
civic_json_string (CivicJsonWriter *w,
                   const char      *value)
{
  before_value (w);
  if (value == NULL)
    g_string_append (w->out, "null");
  else
    civic_json_append_escaped (w->out, value);
}

void
civic_json_int (CivicJsonWriter *w,
                gint64           value)
{
  /* by hand: printf's machinery was a tenth of the changes feed */
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 v = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;

  before_value (w);
  do
    {
      *--p = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  if (value < 0)
    *--p = '-';
  g_string_append_len (w->out, p, buf + sizeof buf - p);
}

void
civic_json_double (CivicJsonWriter *w,
                   double           value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  before_value (w);
  if (!isfinite (value))
    {
      g_string_append (w->out, "null");
      return;
    }
  g_string_append (w->out, g_ascii_formatd (buf, sizeof buf, "%.7f", value));
}

void
civic_json_bool (CivicJsonWriter *w,
                 gboolean         value)
{
  before_value (w);
  g_string_append (w->out, value ? "true" : "false");
}

void
civic_json_null (CivicJsonWriter *w)
{
  before_value (w);
  g_string_append (w->out, "null");
}

void
civic_json_raw (CivicJsonWriter *w,
                const char      *json)
{
  before_value (w);
  g_string_append (w->out, json != NULL && *json != '\0' ? json : "null");
}

void
civic_json_member_string (CivicJsonWriter *w,
                          const char      *key,
                          const char      *value)
{
  civic_json_key (w, key);
  civic_json_string (w, value);
}

void
civic_json_member_int (CivicJsonWriter *w,
                       const char      *key,
                       gint64           value)
{
  civic_json_key (w, key);
  civic_json_int (w, value);
}

void
civic_json_member_double (CivicJsonWriter *w,
                          const char      *key,
                          double           value)
{
  civic_json_key (w, key);
  civic_json_double (w, value);
}

void
civic_json_member_bool (CivicJsonWriter *w,
                        const char      *key,
                        gboolean         value)
{
  civic_json_key (w, key);
  civic_json_bool (w, value);
}
