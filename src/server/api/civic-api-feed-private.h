/* civic-api-feed-private.h: what the feed's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-server.h"
#include "civic-text.h"
#include "civic-write.h"

G_BEGIN_DECLS

#define CIVIC_FEED_DEFAULT_LIMIT 50
#define CIVIC_FEED_MAX_LIMIT     200

/* The one scanner every thread shares (it is immutable). */
CivicTextScanner *civic_feed_scanner            (void);

/* Reads ?limit= (default @fallback, at most CIVIC_FEED_MAX_LIMIT); on a
 * bad value replies 400 and returns FALSE. */
gboolean          civic_feed_query_limit        (CivicRequest    *req,
                                                 guint           *limit);
/* Reads an optional positive integer query parameter (0 when absent); on
 * a bad value replies 400 and returns FALSE. */
gboolean          civic_feed_query_id           (CivicRequest    *req,
                                                 const char      *name,
                                                 gint64          *value);
/* The post id in route parameter @index; replies 404 on anything that is
 * not a positive number. */
gboolean          civic_feed_param_id           (CivicRequest    *req,
                                                 guint            index,
                                                 gint64          *id);

/* Writes post @id as the feed sends it, as seen by @viewer (liked_by_me),
 * with its replies when @with_replies. NOT_FOUND when there is none. */
gboolean          civic_feed_write_post         (CivicDbConn     *conn,
                                                 CivicJsonWriter *w,
                                                 gint64           id,
                                                 const char      *viewer,
                                                 gboolean         with_replies,
                                                 GError         **error);
/* Writes every row of @stmt (post columns at 0, liked-by-viewer flag
 * right after them) as an array of posts. */
gboolean          civic_feed_write_post_rows    (CivicDbStmt     *stmt,
                                                 CivicJsonWriter *w,
                                                 GError         **error);
/* The post columns followed by the liked-by-?@viewer_param flag. */
char             *civic_feed_post_columns_sql   (int              viewer_param);

/* Replies with @error's status and message. */
void              civic_feed_reply_error        (CivicRequest    *req,
                                                 const GError    *error);

/* Parses @body's tags, mentions and case references and stores them for
 * post @post_id (replacing what an earlier version linked), notifying
 * who is newly mentioned, the followers of newly linked cases and of
 * newly used tags. @explicit_case_id (0: none) is the case the post was
 * written about. @notified holds usernames already told about this
 * write (they are not told twice). */
gboolean          civic_feed_store_links        (CivicWrite      *w,
                                                 gint64           post_id,
                                                 const char      *body,
                                                 gint64           created,
                                                 gint64           explicit_case_id,
                                                 GHashTable      *notified,
                                                 GError         **error);

/* The COUNT(*) of @sql with ?1 = @text and, when the SQL has it,
 * ?2 = @number; 0 with @error set when the read fails. */
gint64            civic_feed_count              (CivicDbConn     *conn,
                                                 const char      *sql,
                                                 const char      *text,
                                                 gint64           number,
                                                 GError         **error);

/* Reads a tag as a clerk would type it ("#Potholes" or "Potholes"):
 * it must be exactly one tag as the post scanner reads it. Sets the
 * spelling (without '#') and the key. FALSE when it is not a tag. */
gboolean          civic_feed_parse_tag          (const char      *text,
                                                 char           **display,
                                                 char           **key);

/* Post → case (issue 8): case @case_id (@request_id), just made from
 * post @post_id, and the post point at each other (posts.case_id,
 * post_cases, a "linked_post" event), and the post gets a reply by the
 * actor with the tracking number. A post that already became a case is
 * refused (CIVIC_ERROR_CONFLICT), so one post makes one case. */
gboolean          civic_feed_case_from_post     (CivicWrite      *w,
                                                 gint64           post_id,
                                                 gint64           case_id,
                                                 const char      *request_id,
                                                 GError         **error);
/* A short excerpt of a post body for notifications. */
char             *civic_feed_excerpt            (const char      *body);

void              civic_api_feed_posts_register  (CivicServer *server);
void              civic_api_feed_social_register (CivicServer *server);
void              civic_api_feed_tags_register   (CivicServer *server);

G_END_DECLS
