/* civic-post-record.h: a post row as the server reads and sends it
 *
 * The feed pages and the changes feed send posts the same way: select
 * civic_post_select_columns() (table alias p) and write each row with
 * civic_post_write_json(). What depends on who is asking (liked_by_me)
 * is not part of the row; the feed adds it after the row's fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-db.h"
#include "civic-json-writer.h"

G_BEGIN_DECLS

/* Bodies are counted in characters, not bytes. */
#define CIVIC_POST_MAX_CHARS 2000

/* "p.id, p.author, …": the columns civic_post_write_json() reads. */
const char *civic_post_select_columns   (void);
/* How many columns civic_post_select_columns() has. */
int         civic_post_n_columns        (void);

/* Writes the row's fields as a JSON object. */
void        civic_post_write_json       (CivicJsonWriter *w,
                                         CivicDbStmt     *stmt,
                                         int              first_column);
/* Writes the row's fields as members of an object the caller opened, so
 * the caller can add more (liked_by_me, replies) before closing it. */
void        civic_post_write_members    (CivicJsonWriter *w,
                                         CivicDbStmt     *stmt,
                                         int              first_column);
gint64      civic_post_row_id           (CivicDbStmt     *stmt,
                                         int              first_column);
const char *civic_post_row_author       (CivicDbStmt     *stmt,
                                         int              first_column);
gint64      civic_post_row_parent_id    (CivicDbStmt     *stmt,
                                         int              first_column);

G_END_DECLS
