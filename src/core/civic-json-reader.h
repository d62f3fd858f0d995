/* civic-json-reader.h: a pull reader over JSON text, no tree
 *
 * For the hot path of a first sync (100,000 cases in pages of 5,000):
 * the caller walks the text value by value and takes what it needs, so
 * nothing is allocated per value. Strings are unescaped into a buffer
 * the reader reuses (valid until the next string of the same kind is
 * read). Structure, numbers, escapes and UTF-8 are checked as strictly
 * as RFC 8259; the first fault is a CIVIC_ERROR_INVALID in words with
 * its byte offset, and the reader stays failed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CIVIC_JSON_NONE,          /* failed, or nothing left */
  CIVIC_JSON_OBJECT,
  CIVIC_JSON_ARRAY,
  CIVIC_JSON_STRING,
  CIVIC_JSON_NUMBER,
  CIVIC_JSON_BOOLEAN,
  CIVIC_JSON_NULL,
} CivicJsonType;

/* deeper than this is refused (a page is 4 levels deep) */
#define CIVIC_JSON_MAX_DEPTH 64

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  guint       depth;
  gboolean    first;        /* no member/element read yet in this container */
  GString    *key;          /* the last member name */
  GString    *value;        /* the last string value */
  GError     *error;
} CivicJsonReader;

void          civic_json_reader_init          (CivicJsonReader *r,
                                               const char      *text,
                                               gsize            length);
void          civic_json_reader_clear         (CivicJsonReader *r);
/* TRUE when nothing failed so far; else moves the error to @error */
gboolean      civic_json_reader_finish        (CivicJsonReader *r,
                                               GError         **error);
gboolean      civic_json_reader_failed        (CivicJsonReader *r);
void          civic_json_reader_fail          (CivicJsonReader *r,
                                               const char      *format,
                                               ...) G_GNUC_PRINTF (2, 3);

/* The type of the next value, without reading it; CIVIC_JSON_NONE (and
 * failed) when there is none. */
CivicJsonType civic_json_reader_peek          (CivicJsonReader *r);
/* Reads "{"; then next_member gives each name (r->key) until FALSE at "}". */
gboolean      civic_json_reader_begin_object  (CivicJsonReader *r);
gboolean      civic_json_reader_next_member   (CivicJsonReader *r);
gboolean      civic_json_reader_begin_array   (CivicJsonReader *r);
gboolean      civic_json_reader_next_element  (CivicJsonReader *r);
/* Scalars: FALSE (and no error) when the next value has another type,
 * which is then left unread; FALSE with an error when it is broken. */
gboolean      civic_json_reader_read_string   (CivicJsonReader *r);   /* into r->value */
gboolean      civic_json_reader_read_int      (CivicJsonReader *r,
                                               gint64          *out);
gboolean      civic_json_reader_read_double   (CivicJsonReader *r,
                                               double          *out);
gboolean      civic_json_reader_read_boolean  (CivicJsonReader *r,
                                               gboolean        *out);
gboolean      civic_json_reader_read_null     (CivicJsonReader *r);
/* Checks and passes over one whole value; its text is [*begin, r->p). */
gboolean      civic_json_reader_skip          (CivicJsonReader *r,
                                               const char     **begin);
/* After the top value: only white space may follow. */
gboolean      civic_json_reader_end           (CivicJsonReader *r);

G_END_DECLS
