/* civic-case-record.h: a case row as the server reads, writes and sends it
 *
 * One table of fields drives the SELECT column list, the staff JSON, the
 * Open311 JSON and the Open311 XML, so the three never drift apart and
 * reporter contact can only leave through the staff form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-db.h"
#include "civic-json-writer.h"
#include "civic-write.h"

G_BEGIN_DECLS

typedef enum
{
  CIVIC_CASE_FIELD_TEXT,
  CIVIC_CASE_FIELD_TIME,      /* Unix seconds → w3 datetime */
  CIVIC_CASE_FIELD_REAL,
  CIVIC_CASE_FIELD_INT,
  CIVIC_CASE_FIELD_JSON,      /* stored JSON text, sent as is */
  CIVIC_CASE_FIELD_STATUS,    /* workflow state → Open311 open/closed */
} CivicCaseFieldType;

typedef struct
{
  const char         *name;     /* JSON / XML name */
  const char         *column;   /* SQL expression over table alias c */
  CivicCaseFieldType  type;
  gboolean            open311;  /* part of the public Open311 record */
} CivicCaseField;

/* In Open311's element order for the public fields. */
extern const CivicCaseField civic_case_fields[];
extern const guint          civic_case_n_fields;

/* "c.request_id, c.state, …" in civic_case_fields order, then c.id. */
const char *civic_case_select_columns (void);

typedef enum
{
  CIVIC_CASE_VIEW_STAFF,
  CIVIC_CASE_VIEW_OPEN311,
} CivicCaseView;

/* Writes the row at @stmt (columns from civic_case_select_columns()
 * starting at @first_column) as a JSON object. */
void civic_case_write_json (CivicJsonWriter *w,
                            CivicDbStmt     *stmt,
                            int              first_column,
                            CivicCaseView    view);
/* The same as Open311 <request> XML. */
void civic_case_write_xml  (GString         *out,
                            CivicDbStmt     *stmt,
                            int              first_column);
/* Writes the case's internal id column (last of the select list). */
gint64 civic_case_row_id   (CivicDbStmt     *stmt,
                            int              first_column);

/* Workflow states and their Open311 status. */
gboolean    civic_case_state_is_valid  (const char *state);
const char *civic_case_state_to_status (const char *state);

/* What a new case needs; NULL fields are left empty. */
typedef struct
{
  const char *service_code;
  const char *service_name;
  const char *description;
  const char *state;            /* default "new" */
  const char *status_notes;
  const char *agency_responsible;
  const char *service_notice;
  gint64      requested;        /* 0: now */
  gint64      expected;         /* 0: from the service's SLA */
  gint64      closed;
  const char *address;
  const char *address_id;
  const char *zipcode;
  gboolean    has_location;
  double      lat;
  double      lon;
  const char *media_url;
  const char *department;
  const char *assignee;
  const char *priority;         /* low, normal, high, urgent */
  const char *channel;          /* phone, web, mobile, social, field, internal */
  const char *reporter_name;
  const char *reporter_email;
  const char *reporter_phone;
  const char *device_id;
  const char *account_id;
  const char *attributes_json;  /* {"code": value, …} */
  const char *const *tags;
  const char *request_id;       /* imports keep theirs; NULL: next number */
  gboolean    with_token;       /* answer with a token, id assigned later */
} CivicCaseDraft;

/* Inserts in the current write; fills @out_id and @out_request_id. The
 * service's department and SLA fill what the draft leaves empty. */
gboolean civic_case_insert (CivicWrite            *w,
                            const CivicCaseDraft  *draft,
                            gint64                *out_id,
                            char                 **out_request_id,
                            GError               **error);

/* civic_case_insert() for a case an importer brings in: its timeline
 * starts at the draft's requested time, not at the import. */
gboolean civic_case_insert_imported (CivicWrite            *w,
                                     const CivicCaseDraft  *draft,
                                     gint64                *out_id,
                                     GError               **error);

/* Finds the internal id of the case with tracking number @request_id:
 * TRUE with *@out_id = 0 when there is none, FALSE on a database error. */
gboolean civic_case_find_id (CivicDbConn  *conn,
                             const char   *request_id,
                             gint64       *out_id,
                             GError      **error);

/* Appends an event row to a case's timeline in the current write. */
gboolean civic_case_add_event (CivicWrite  *w,
                               gint64       case_id,
                               const char  *kind,
                               const char  *body,
                               const char  *old_value,
                               const char  *new_value,
                               gboolean     is_public,
                               GError     **error);

/* Writes one case (staff view) found by tracking number into @w as JSON. */
gboolean civic_case_write_by_request_id (CivicDbConn     *conn,
                                         CivicJsonWriter *w,
                                         const char      *request_id,
                                         CivicCaseView    view,
                                         GError         **error);

G_END_DECLS
