/* civic-sync-private.h: JSON helpers shared by the replica side of sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "civic-case.h"

G_BEGIN_DECLS

/* The sync cursor's key in the store's meta table. */
#define CIVIC_SYNC_CURSOR_KEY "sync.cursor"

/* Parses a W3C datetime as the server writes it ("2026-03-01T09:30:00-05:00",
 * "…Z", with or without fractions). FALSE when it is not one. */
gboolean    civic_sync_parse_time   (const char  *text,
                                     gint64      *unix_seconds);
/* Unix seconds → "2026-03-01T14:30:00Z" (newly allocated). */
char       *civic_sync_format_time  (gint64       unix_seconds);

/* The JSON text of a case field as a 409 answer or a PATCH body carries
 * it ("closed", "high", ["a","b"], null); NULL for an unknown field. */
char       *civic_sync_case_field_json (CivicCase   *kase,
                                        const char  *field);

G_END_DECLS
