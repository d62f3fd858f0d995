/* civic-write.h: every mutation, the same way
 *
 * A write runs in one transaction that bumps the global change sequence,
 * does its work, appends an audit row per change and, when the client sent
 * an Idempotency-Key, stores the answer under that key. A retry with the
 * same key gets the first answer and changes nothing. Live clients hear the
 * new sequence after the commit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-server.h"
#include "civic-json-writer.h"

G_BEGIN_DECLS

typedef struct
{
  CivicRequest *req;        /* NULL when run from the command line */
  CivicDbConn  *conn;
  const char   *actor;      /* username, or "system" */
  gint64        seq;        /* the sequence value of this transaction */
  gint64        now;        /* Unix seconds, one clock for the whole write */
  guint         status;     /* reply status, 200 unless the func sets it */
  GString      *body;       /* reply body (JSON), filled by the func */
  const char   *content_type;
} CivicWrite;

/* Returns FALSE with @error set to roll back. CIVIC_ERROR codes map to
 * HTTP: INVALID 400, FORBIDDEN 403, NOT_FOUND 404, CONFLICT 409 (the body
 * already written is sent, e.g. the current case), STORE_* 503/507. */
typedef gboolean (*CivicWriteFunc) (CivicWrite  *w,
                                    gpointer     user_data,
                                    GError     **error);

/* Runs @func as one write for an HTTP request and replies. */
void      civic_write_run_request (CivicRequest   *req,
                                   CivicWriteFunc  func,
                                   gpointer        user_data);
/* The same outside HTTP (seeding, imports, user admin). */
gboolean  civic_write_run         (CivicServer    *server,
                                   CivicDbConn    *conn,
                                   const char     *actor,
                                   CivicWriteFunc  func,
                                   gpointer        user_data,
                                   GError        **error);

void      civic_write_audit       (CivicWrite     *w,
                                   const char     *action,
                                   const char     *entity,
                                   const char     *entity_id,
                                   const char     *before_json,
                                   const char     *after_json);
void      civic_write_tombstone   (CivicWrite     *w,
                                   const char     *entity,
                                   const char     *entity_id,
                                   GError        **error);

/* A savepoint named @name inside the current write, so that one record
 * of a batch can fail without undoing its neighbours: _begin sets it,
 * _end releases it, first rolling back to it unless @keep. */
gboolean  civic_write_savepoint_begin (CivicWrite  *w,
                                       const char  *name,
                                       GError     **error);
gboolean  civic_write_savepoint_end   (CivicWrite  *w,
                                       const char  *name,
                                       gboolean     keep,
                                       GError     **error);

/* The current sequence (no write). */
gint64    civic_write_current_seq (CivicDbConn    *conn,
                                   GError        **error);

G_END_DECLS
