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

struct _CivicStore
{
  GObject      parent_instance;

  char        *path;
  sqlite3     *db;
  GHashTable  *stmts;        /* SQL text → sqlite3_stmt*, reused */
  guint        txn_depth;
  gboolean     read_only;
  gboolean     bulk;         /* between bulk_begin and bulk_end */
  gboolean     bulk_deferred;/* … and derived data is built at the end */
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
