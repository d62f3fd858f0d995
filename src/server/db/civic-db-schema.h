/* civic-db-schema.h: the server's tables, one text for every backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CIVIC_DB_SCHEMA_VERSION 1

typedef enum
{
  CIVIC_DB_DIALECT_SQLITE,
  CIVIC_DB_DIALECT_POSTGRES,
} CivicDbDialect;

/* The SQL that brings a database from version - 1 to @version. */
char *civic_db_schema_sql (CivicDbDialect dialect,
                           int            version);

G_END_DECLS
