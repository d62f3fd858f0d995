/* civic-db-private.h: what a storage backend implements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-db.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;

  gpointer  (*open)          (const char *location, GError **error);
  void      (*close)         (gpointer backend_data);
  gpointer  (*connect)       (gpointer backend_data, GError **error);
  void      (*disconnect)    (gpointer conn_data);
  gboolean  (*exec)          (gpointer conn_data, const char *sql, GError **error);
  const char *begin_sql;
  gpointer  (*prepare)       (gpointer conn_data, const char *sql, GError **error);
  void      (*finalize)      (gpointer stmt_data);
  void      (*reset)         (gpointer stmt_data);
  void      (*bind_text)     (gpointer stmt_data, int index, const char *value);
  void      (*bind_int64)    (gpointer stmt_data, int index, gint64 value);
  void      (*bind_double)   (gpointer stmt_data, int index, double value);
  void      (*bind_null)     (gpointer stmt_data, int index);
  int       (*step)          (gpointer stmt_data, GError **error); /* 1 row, 0 done, -1 error */
  int       (*column_count)  (gpointer stmt_data);
  gboolean  (*column_is_null)(gpointer stmt_data, int column);
  const char *(*column_text) (gpointer stmt_data, int column);
  gint64    (*column_int64)  (gpointer stmt_data, int column);
  double    (*column_double) (gpointer stmt_data, int column);
  gint64    (*changes)       (gpointer conn_data);
  /* Creates or upgrades the schema; called once per open. */
  gboolean  (*migrate)       (gpointer conn_data, GError **error);
} CivicDbBackend;

extern const CivicDbBackend civic_db_sqlite_backend;
extern const CivicDbBackend civic_db_pg_backend;

G_END_DECLS
