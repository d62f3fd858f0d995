/* civic-store-private.h: shared by civic-store*.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "civic-store.h"

G_BEGIN_DECLS

/* PRAGMA application_id of our files: "CIVD" */
#define CIVIC_STORE_APPLICATION_ID 1128879684

#ifndef CIVIC_STORE_PAGE_SIZE
#define CIVIC_STORE_PAGE_SIZE 16384
#endif

/* case_counts.dim: which column a maintained count is for */
typedef enum
{
  CIVIC_COUNT_ALL        = 0,
  CIVIC_COUNT_DEPARTMENT = 1,
  CIVIC_COUNT_SERVICE    = 2,
  CIVIC_COUNT_ASSIGNEE   = 3,
  CIVIC_COUNT_CHANNEL    = 4,
  CIVIC_COUNT_TAG        = 5,
} CivicCountDim;

#define CIVIC_N_STATES   (CIVIC_CASE_STATE_LAST + 1)
#define CIVIC_N_CHANNELS (CIVIC_CHANNEL_LAST + 1)

/* Counts gathered in memory while a bulk fill inserts rows without the
 * triggers: no second pass over a million rows at the end. */
typedef struct
{
  gint64      all[CIVIC_N_STATES];
  gint64      channel[CIVIC_N_CHANNELS][CIVIC_N_STATES];
  GHashTable *department;  /* value → gint64[CIVIC_N_STATES] */
  GHashTable *service;
  GHashTable *assignee;
  GHashTable *tag;
} CivicStoreTally;

struct _CivicStore
{
  GObject      parent_instance;

  char        *path;
  sqlite3     *db;
  GHashTable  *stmts;        /* SQL text → sqlite3_stmt*, reused */
  guint        txn_depth;
  /* nested writes join the open transaction instead of opening a
   * savepoint: inside a savepoint every statement that touches an FTS5
   * table makes it flush its pending terms (measured: a page of 5,000
   * cases 20 times slower). Only for a caller that rolls back the whole
   * transaction on any failure (civic_sync_apply_page). */
  gboolean     flat_nesting;
  gboolean     read_only;
  gboolean     reading;      /* between begin_read and end_read */
  gboolean     bulk;         /* between bulk_begin and bulk_end */
  gboolean     bulk_deferred;/* … and derived data is built at the end */
  gboolean     bulk_journal; /* … in rollback-journal mode, not WAL */
  CivicStoreTally *tally;    /* … counted so far; NULL = count at the end */
  GHashTable  *value_ids[CIVIC_COUNT_ASSIGNEE + 1]; /* case_values, by dim */
};

/* Maps an SQLite result code to a CIVIC_ERROR in words a clerk reads. */
void          civic_store_set_error   (CivicStore   *store,
                                       int           rc,
                                       GError      **error);
void          civic_store_path_error  (const char   *path,
                                       int           rc,
                                       const char   *detail,
                                       GError      **error);
/* A cached, reset statement; NULL and @error set on failure. */
sqlite3_stmt *civic_store_prepare     (CivicStore   *store,
                                       const char   *sql,
                                       GError      **error);
gboolean      civic_store_exec        (CivicStore   *store,
                                       const char   *sql,
                                       GError      **error);
gboolean      civic_store_check_open  (CivicStore   *store,
                                       gboolean      for_write,
                                       GError      **error);
/* Open a write: BEGIN IMMEDIATE, or a savepoint inside the caller's
 * transaction. End it with civic_store_write_end(), committing when @ok. */
gboolean      civic_store_write_begin (CivicStore   *store,
                                       GError      **error);
gboolean      civic_store_write_end   (CivicStore   *store,
                                       gboolean      ok,
                                       GError      **error);

void          civic_store_tally_free  (CivicStoreTally *tally);
/* The case_values id of a department, service or assignee. *id is 0 for
 * NULL, and for a value not seen yet unless @create. */
gboolean      civic_store_value_id    (CivicStore     *store,
                                       CivicCountDim   dim,
                                       const char     *value,
                                       gboolean        create,
                                       gint64         *id,
                                       GError        **error);

/* Bulk fills running in this process, by file: a "bulk_pending" marker
 * left by a live fill must not be taken for a crash. */
void          civic_store_bulk_register   (const char *path,
                                           gboolean    running);
gboolean      civic_store_bulk_is_running (const char *path,
                                           const char *marker);

/* civic-store-schema.c */
int           civic_store_schema_read_version (CivicStore *store,
                                               GError    **error);
gboolean      civic_store_schema_migrate      (CivicStore *store,
                                               GError    **error);
gboolean      civic_store_schema_drop_derived (CivicStore *store,
                                               GError    **error);
gboolean      civic_store_schema_build_derived (CivicStore *store,
                                                GError    **error);

G_END_DECLS
