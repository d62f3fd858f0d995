/* civic-sync-private.h: JSON helpers shared by the replica side of sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "civic-case.h"
#include "civic-store.h"
#include "civic-sync-apply.h"

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

/* The summary lists at most this many cases; more means "many". */
#define CIVIC_SYNC_MAX_LISTED_CASES 1000

/* Where a change is read: its entity and sequence number, for the
 * message of a malformed one. */
typedef struct
{
  const char  *entity;
  gint64       seq;
  GError     **error;
} CivicApplyCtx;

/* Sets CIVIC_ERROR_INVALID naming ctx's entity and seq; returns FALSE. */
gboolean    civic_sync_malformed     (CivicApplyCtx         *ctx,
                                      const char  *format,
                                      ...) G_GNUC_PRINTF (2, 3);
gboolean    civic_sync_holds         (JsonNode    *node,
                                      GType        type);
/* Members: absent and null read as NULL/0; a wrong type is malformed. */
gboolean    civic_sync_get_str       (CivicApplyCtx *ctx, JsonObject *o, const char *name,
                                      gboolean required, const char **out);
gboolean    civic_sync_get_int       (CivicApplyCtx *ctx, JsonObject *o, const char *name,
                                      gboolean required, gint64 *out);
gboolean    civic_sync_get_bool      (CivicApplyCtx *ctx, JsonObject *o, const char *name,
                                      gboolean *out);
gboolean    civic_sync_get_double    (CivicApplyCtx *ctx, JsonObject *o, const char *name,
                                      double *out);
gboolean    civic_sync_get_time      (CivicApplyCtx *ctx, JsonObject *o, const char *name,
                                      gint64 *out);
char       *civic_sync_get_json_text (JsonObject *o, const char *name);
/* Fills a fresh @c from staff JSON. */
gboolean    civic_sync_case_from_json (CivicApplyCtx *ctx, JsonObject *o, CivicCase *c);

/* civic-sync-apply-entities.c: one change each, inside the caller's
 * transaction. @touched collects the tracking numbers of cases touched. */
void        civic_sync_touch         (GPtrArray *touched, const char *request_id);
gboolean    civic_sync_apply_event   (CivicStore *store, CivicApplyCtx *ctx, JsonObject *o, GPtrArray *touched);
gboolean    civic_sync_apply_post    (CivicStore *store, CivicApplyCtx *ctx, JsonObject *o);
gboolean    civic_sync_apply_like    (CivicStore *store, CivicApplyCtx *ctx, JsonObject *o);
gboolean    civic_sync_apply_follow  (CivicStore *store, CivicApplyCtx *ctx, JsonObject *o);
gboolean    civic_sync_apply_notification (CivicStore *store, CivicApplyCtx *ctx, JsonObject *o);
gboolean    civic_sync_apply_user    (CivicStore *store, CivicApplyCtx *ctx, JsonObject *o);
gboolean    civic_sync_apply_department (CivicStore *store, CivicApplyCtx *ctx, JsonObject *o);
gboolean    civic_sync_apply_service (CivicStore *store, CivicApplyCtx *ctx, JsonObject *o);
gboolean    civic_sync_apply_saved_view (CivicStore *store, CivicApplyCtx *ctx, JsonObject *o);
gboolean    civic_sync_apply_tombstone (CivicStore *store, CivicApplyCtx *ctx, JsonObject *o, guint *kinds);
/* One page, read but not applied: the cases as objects and every other
 * change (feed order) with its data still as JSON. Filled in the fetcher
 * thread, applied in the run's thread, freed back in the fetcher. */
typedef struct
{
  gint64      id;
  char       *request_id;
  char       *kind;
  char       *author;
  char       *body;
  char       *old_value;
  char       *new_value;
  gboolean    is_public;
  gint64      created;
} CivicParsedEvent;

typedef struct
{
  char             *entity;
  gint64            seq;
  JsonObject       *data;     /* or, for a case_event read from text: */
  CivicParsedEvent *event;
} CivicParsedChange;

typedef struct
{
  GPtrArray  *cases;      /* CivicCase* */
  GPtrArray  *others;     /* CivicParsedChange*, in feed order */
  gint64      next;
  gint64      current;
  gboolean    more;
} CivicParsedPage;

CivicParsedPage *civic_parsed_page_new (void);
void        civic_parsed_page_free   (CivicParsedPage *page);
/* The "changes" array of a page, already parsed by json-glib. */
gboolean    civic_sync_parse_changes (JsonArray *changes, CivicParsedPage *page, GError **error);
/* A whole page's text {"changes":[…],"next":N,"more":b}, with no JSON
 * tree for the cases (civic-sync-apply-text.c). */
CivicParsedPage *civic_sync_parse_page_text (const char *json, gsize length, GError **error);
/* Applies @page and sets the cursor to @next in one transaction. */
gboolean    civic_sync_apply_parsed  (CivicStore *store, CivicParsedPage *page, gint64 next,
                                      CivicApplySummary *summary, GError **error);

gboolean    civic_sync_apply_parsed_event (CivicStore *store, CivicApplyCtx *ctx, const CivicParsedEvent *ev,
                                           sqlite3_stmt **stmts, GPtrArray *touched);

/* Moves events that waited for their case into the timeline. */
gboolean    civic_sync_settle_pending_events (CivicStore *store, GError **error);

G_END_DECLS
