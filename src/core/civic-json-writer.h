/* civic-json-writer.h: a fast, allocation-light JSON writer into a GString
 *
 * JsonBuilder makes a node per value; the changes feed writes a hundred
 * thousand cases a second, so it streams text instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CIVIC_JSON_WRITER_MAX_DEPTH 64

typedef struct
{
  GString *out;
  guint    depth;
  gboolean first[CIVIC_JSON_WRITER_MAX_DEPTH];
  gboolean after_key;
} CivicJsonWriter;

void civic_json_writer_init         (CivicJsonWriter *w,
                                     GString         *out);
void civic_json_begin_object        (CivicJsonWriter *w);
void civic_json_end_object          (CivicJsonWriter *w);
void civic_json_begin_array         (CivicJsonWriter *w);
void civic_json_end_array           (CivicJsonWriter *w);
void civic_json_key                 (CivicJsonWriter *w,
                                     const char      *key);
void civic_json_string              (CivicJsonWriter *w,
                                     const char      *value);   /* NULL → null */
void civic_json_int                 (CivicJsonWriter *w,
                                     gint64           value);
void civic_json_double              (CivicJsonWriter *w,
                                     double           value);
void civic_json_bool                (CivicJsonWriter *w,
                                     gboolean         value);
void civic_json_null                (CivicJsonWriter *w);
/* Inserts already-serialised JSON (e.g. a stored attributes object). */
void civic_json_raw                 (CivicJsonWriter *w,
                                     const char      *json);

/* key + value in one call */
void civic_json_member_string       (CivicJsonWriter *w,
                                     const char      *key,
                                     const char      *value);
void civic_json_member_int          (CivicJsonWriter *w,
                                     const char      *key,
                                     gint64           value);
void civic_json_member_double       (CivicJsonWriter *w,
                                     const char      *key,
                                     double           value);
void civic_json_member_bool         (CivicJsonWriter *w,
                                     const char      *key,
                                     gboolean         value);

/* Appends @value as a JSON string literal, quotes included. */
void civic_json_append_escaped      (GString         *out,
                                     const char      *value);

G_END_DECLS
