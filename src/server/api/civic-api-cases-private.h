/* civic-api-cases-private.h: what the case handlers share
 *
 * The queue's filter is parsed in one place for GET /cases and for saved
 * views; the rules for who may change what, and the code that applies a
 * change with its timeline events, audit and notifications, are shared by
 * PATCH, bulk and merge so the three can never disagree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "civic-server.h"
#include "civic-write.h"
#include "civic-json-writer.h"

G_BEGIN_DECLS

#define CIVIC_CASE_MAX_DESCRIPTION 4000   /* characters, as Open311 */
#define CIVIC_CASE_MAX_NOTE        4000
#define CIVIC_CASE_MAX_TAGS        50
#define CIVIC_CASE_MAX_TAG_LEN     64
#define CIVIC_CASE_DEFAULT_LIMIT   100
#define CIVIC_CASE_MAX_BULK        500

/* ---- the queue filter (civic-api-cases-query.c) ---------------------- */

typedef struct _CivicCaseSort CivicCaseSort;

typedef struct
{
  GPtrArray           *states;        /* NULL: any */
  GPtrArray           *departments;
  GPtrArray           *services;
  GPtrArray           *channels;
  char                *assignee;      /* NULL: any; "": nobody; "me" resolved when a user is given */
  int                  overdue;       /* -1 any, 0 not overdue, 1 overdue */
  char                *tag_key;
  gint64               from;          /* requested range; 0: open */
  gint64               to;
  char                *q;
  const CivicCaseSort *sort;
  gboolean             descending;
  guint                limit;
  gint64               offset;
  gboolean             has_after;     /* keyset cursor */
  gboolean             after_null;
  gint64               after_int;
  char                *after_text;
  gint64               after_id;
} CivicCaseFilter;

typedef enum
{
  CIVIC_CASE_FILTER_QUERY,   /* GET /cases: paging allowed */
  CIVIC_CASE_FILTER_VIEW,    /* a saved view: filter keys and sort only */
} CivicCaseFilterUse;

/* Parses @params (name → value strings). @me resolves assignee=me (NULL:
 * kept as "me"). Sets a CIVIC_ERROR_INVALID error a clerk can read. */
gboolean civic_case_filter_parse  (GHashTable          *params,
                                   const char          *me,
                                   CivicCaseFilterUse   use,
                                   CivicCaseFilter     *f,
                                   GError             **error);
void     civic_case_filter_clear  (CivicCaseFilter     *f);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CivicCaseFilter, civic_case_filter_clear)
/* The names civic_case_filter_parse() understands, NULL-terminated. */
extern const char *const civic_case_filter_keys[];

/* Streams {"cases": [...], "total": N, "next": cursor|null}. */
gboolean civic_case_filter_run    (CivicDbConn         *conn,
                                   CivicCaseFilter     *f,
                                   gint64               now,
                                   GString             *out,
                                   GError             **error);

/* ---- one case as the write paths see it (civic-api-cases-common.c) --- */

typedef struct
{
  gint64     id;
  char      *request_id;
  char      *state;
  char      *department;
  char      *assignee;
  char      *priority;
  char      *status_notes;
  char      *description;
  char      *duplicate_of;
  gint64     version;
  gint64     closed;
  char      *reporter_name;
  char      *reporter_email;
  char      *reporter_phone;
  GPtrArray *tags;         /* as displayed */
} CivicCaseRow;

void          civic_case_row_free (CivicCaseRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicCaseRow, civic_case_row_free)

/* NULL with CIVIC_ERROR_NOT_FOUND ("There is no case …") when absent. */
CivicCaseRow *civic_case_row_load (CivicDbConn  *conn,
                                   const char   *request_id,
                                   GError      **error);

typedef enum
{
  CIVIC_CASE_ACT_STATE,
  CIVIC_CASE_ACT_ASSIGN,
  CIVIC_CASE_ACT_PRIORITY,
  CIVIC_CASE_ACT_DEPARTMENT,
  CIVIC_CASE_ACT_TAG,
  CIVIC_CASE_ACT_DESCRIPTION,
  CIVIC_CASE_ACT_NOTE,
  CIVIC_CASE_ACT_MERGE,
} CivicCaseAction;

/* The role rules of DESIGN §3.2 for one action on one case; FALSE with
 * CIVIC_ERROR_FORBIDDEN and the reason in words. @new_state matters for
 * CIVIC_CASE_ACT_STATE (advocates may acknowledge any case). */
gboolean civic_case_may           (CivicAuthUser       *user,
                                   const CivicCaseRow  *row,
                                   CivicCaseAction      action,
                                   const char          *new_state,
                                   GError             **error);

/* ---- changes (civic-api-cases-update.c) ----------------------------- */

typedef struct
{
  const char *state;
  gboolean    has_assignee;
  const char *assignee;      /* NULL with has_assignee: unassign */
  const char *department;
  const char *priority;
  const char *status_notes;
  const char *description;
  const char *note;          /* internal note recorded with the change */
  GPtrArray  *tags;          /* NULL: unchanged; else the full new list */
  GPtrArray  *add_tags;
  GPtrArray  *remove_tags;
} CivicCaseChanges;

void     civic_case_changes_clear (CivicCaseChanges    *c);
/* Reads a change object; @bulk selects the bulk spelling (add_tags /
 * remove_tags instead of tags). Unknown keys are refused. */
gboolean civic_case_changes_parse (JsonObject          *obj,
                                   gboolean             bulk,
                                   CivicCaseChanges    *c,
                                   GError             **error);
/* Applies @c to @row in the current write: permissions, the closing
 * note rule, the row update (version + 1), tag rows, timeline events,
 * audit and follower notifications. A change that changes nothing leaves
 * the case untouched. */
gboolean civic_case_apply_changes (CivicWrite          *w,
                                   CivicAuthUser       *user,
                                   CivicCaseRow        *row,
                                   const CivicCaseChanges *c,
                                   GError             **error);

/* Writes the staff JSON of one case as a member value. */
gboolean civic_case_write_current (CivicDbConn         *conn,
                                   CivicJsonWriter     *jw,
                                   const char          *request_id,
                                   GError             **error);

/* Replaces @w's answer with {"case": <the case as it now is>}. */
gboolean civic_case_reply_current (CivicWrite          *w,
                                   const char          *request_id,
                                   GError             **error);

/* A department a case may move to, an active user it may be assigned
 * to: CIVIC_ERROR_INVALID naming it when there is none. */
gboolean civic_case_check_department (CivicDbConn      *conn,
                                      const char       *department,
                                      GError          **error);
gboolean civic_case_check_assignee   (CivicDbConn      *conn,
                                      const char       *username,
                                      GError          **error);

/* Validated members of a request body. Each sets CIVIC_ERROR_INVALID
 * naming the field when it is of the wrong type or too long; a missing
 * or null member leaves *out NULL. */
gboolean civic_body_string        (JsonObject          *obj,
                                   const char          *name,
                                   guint                max_chars,
                                   const char         **out,
                                   GError             **error);
/* An array of tags, '#' stripped, duplicates (case-insensitive) dropped. */
gboolean civic_body_tags          (JsonObject          *obj,
                                   const char          *name,
                                   GPtrArray          **out,
                                   GError             **error);
gboolean civic_tag_is_valid       (const char          *tag);
/* A {"@key": [ … ]} answer: _begin opens it in @out, the caller writes
 * the rows, _reply closes it and sends it — or @error (may be NULL) if
 * reading the rows failed. */
void     civic_list_begin         (CivicJsonWriter     *jw,
                                   GString             *out,
                                   const char          *key);
void     civic_list_reply         (CivicRequest        *req,
                                   CivicJsonWriter     *jw,
                                   GString             *out,
                                   const GError        *error);
/* Replies with @error's status and message (for handlers outside a write). */
void     civic_reply_gerror       (CivicRequest        *req,
                                   const GError        *error);

/* Case routes in the other files. */
void civic_api_cases_update (CivicRequest *req);
void civic_api_cases_note   (CivicRequest *req);
void civic_api_cases_merge  (CivicRequest *req);
void civic_api_cases_bulk   (CivicRequest *req);

G_END_DECLS
