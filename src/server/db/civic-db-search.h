/* civic-db-search.h: word search over cases, spelled per backend
 *
 * SQLite keeps an FTS5 index over the cases table, maintained by triggers;
 * PostgreSQL would use a GIN index over to_tsvector(). Handlers only ask
 * for "a condition matching these words" and never see either.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-db.h"
#include "civic-db-schema.h"

G_BEGIN_DECLS

/* The DDL for the search index, expanded from @FTS@ in the schema. */
const char *civic_db_search_schema     (CivicDbDialect  dialect);

/* Appends to @where a condition over table alias c that holds for cases
 * whose description, address or service name contain every word of @text
 * (each word as a prefix), reading its argument from parameter ?@param.
 * Returns the text to bind to that parameter, or NULL when @text has no
 * words at all — the caller then matches nothing. */
char       *civic_db_search_case_words (CivicDbConn    *conn,
                                        const char     *text,
                                        int             param,
                                        GString        *where);

G_END_DECLS
