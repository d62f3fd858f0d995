/* civic-store-feed.h: the feed read from the local replica
 *
 * Trending tags and tag pages work offline: the store keeps post_tags
 * (tag key, time, post) and post_mentions next to the posts, maintained
 * by triggers on the posts table whoever writes it (sync, a local post,
 * civic_store_put_posts). A post's tags are the service's (posts.tags)
 * or, for a post not yet sent, parsed from its body with civic-text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-store.h"
#include "civic-trend.h"

G_BEGIN_DECLS

/* ---- trending ------------------------------------------------------- */

typedef struct
{
  char     *tag;           /* as first written, without '#' */
  char     *tag_key;       /* civic_text_tag_key() */
  gint      count_today;   /* posts during the day judged */
  double    baseline;      /* posts per day over the 14 days before it */
  double    score;         /* civic_trend_score() */
  gint      daily[CIVIC_TREND_DAYS]; /* the sparkline: the 14 days ending
                                      * with the day judged, oldest first
                                      * (daily[13] == count_today) */
  gboolean  is_today_tag;  /* #Today: listed whether trending or not */
  gboolean  trending;      /* civic_trend_is_trending() */
} CivicTrend;

#define CIVIC_TYPE_TREND (civic_trend_get_type ())
GType       civic_trend_get_type (void) G_GNUC_CONST;
CivicTrend *civic_trend_copy     (const CivicTrend *trend);
void        civic_trend_free     (CivicTrend       *trend);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicTrend, civic_trend_free)

/* The day judged is [@day_end − 24 h, @day_end) (Unix seconds; pass the
 * end of a local day, or now for "the last 24 hours"). Returns #Today
 * first (always, even with no post), then up to @limit trending tags by
 * score: a GPtrArray of CivicTrend. */
GPtrArray  *civic_store_trending_tags   (CivicStore   *store,
                                         gint64        day_end,
                                         guint         limit,
                                         GError      **error);

/* One tag's numbers for the day ending at @day_end (its tag page's
 * sparkline), whether it trends or not. */
CivicTrend *civic_store_tag_trend       (CivicStore   *store,
                                         const char   *tag_key,
                                         gint64        day_end,
                                         GError      **error);

/* Posts (and replies) carrying @tag_key created in [@from, @to), newest
 * first; @to = 0: no upper bound. A GPtrArray of CivicPost. */
GPtrArray  *civic_store_list_posts_tagged (CivicStore *store,
                                           const char *tag_key,
                                           gint64      from,
                                           gint64      to,
                                           GError    **error);

/* The tags of the replica that start with @prefix (a key prefix), most
 * used first: completion in the composer. GStrv of display spellings. */
char      **civic_store_complete_tags   (CivicStore   *store,
                                         const char   *prefix,
                                         guint         limit,
                                         GError      **error);

/* People and departments whose username / id starts with @prefix, and
 * case numbers that start with @prefix: a GStrv of pairs, the text shown
 * then the text inserted ("Sam Okafor (@staff)", "staff"). */
char      **civic_store_complete_names  (CivicStore   *store,
                                         const char   *prefix,
                                         guint         limit,
                                         GError      **error);
char      **civic_store_complete_case_ids (CivicStore *store,
                                           const char *prefix,
                                           guint       limit,
                                           GError    **error);

/* ---- the post list --------------------------------------------------- */

typedef enum
{
  CIVIC_FEED_ALL,
  CIVIC_FEED_FOLLOWING,   /* authors, tags and cases I follow */
  CIVIC_FEED_MENTIONS,    /* posts and replies naming me or my department */
  CIVIC_FEED_DEPARTMENT,  /* posts by people of my department */
} CivicFeedFilter;

typedef struct
{
  CivicFeedFilter  filter;
  const char      *username;    /* me */
  const char      *department;  /* my department id, may be NULL */
  const char      *tag_key;     /* only posts with this tag, may be NULL */
  gint64           now;         /* for pins; 0 = the clock */
  const char      *author;      /* only posts by this username, may be NULL */
} CivicFeedQuery;

/* Top-level post ids (GArray of gint64): pinned announcements that have
 * not expired first (newest pin first), then newest first. One query;
 * the list model materialises rows from it page by page. */
GArray     *civic_store_query_feed_ids  (CivicStore           *store,
                                         const CivicFeedQuery *query,
                                         GError              **error);

/* The earliest pin end after @now (0: none): when the list must change. */
gint64      civic_store_next_pin_expiry (CivicStore           *store,
                                         gint64                now,
                                         GError              **error);

/* What a post row shows. */
typedef struct
{
  gint64    id;
  char     *author;
  char     *author_name;        /* display name, or the username */
  char     *author_department;
  char     *body;
  gint64    created;
  gint64    edited;             /* 0 = never edited */
  gint64    parent_id;
  gint64    pinned_until;
  int       like_count;
  int       reply_count;
  gboolean  liked;              /* by the viewer */
  char     *case_id;            /* the case this post became or links to */
} CivicPostRow;

void        civic_post_row_free          (CivicPostRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicPostRow, civic_post_row_free)

/* Rows for @n_ids posts in the order of @ids; a post not (or no longer)
 * in the store is NULL. @viewer decides "liked". */
GPtrArray  *civic_store_get_post_rows    (CivicStore   *store,
                                          const gint64 *ids,
                                          guint         n_ids,
                                          const char   *viewer,
                                          GError      **error);
/* A thread's replies, oldest first: GPtrArray of CivicPostRow. */
GPtrArray  *civic_store_list_replies     (CivicStore   *store,
                                          gint64        parent_id,
                                          const char   *viewer,
                                          GError      **error);
/* The post made from or linked to @request_id that a case points back
 * to (0 = none). */
gint64      civic_store_post_for_case    (CivicStore   *store,
                                          const char   *request_id,
                                          GError      **error);

/* ---- follows and notifications -------------------------------------- */

gboolean    civic_store_is_following     (CivicStore   *store,
                                          const char   *username,
                                          const char   *kind,
                                          const char   *target,
                                          GError      **error);

typedef struct
{
  gint64    id;
  char     *kind;      /* mention, reply, case, tag … */
  char     *actor;
  gint64    post_id;
  gint64    case_id;
  char     *body;
  gint64    created;
  gboolean  read;
} CivicNotificationRow;

void        civic_notification_row_free  (CivicNotificationRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicNotificationRow, civic_notification_row_free)

/* Newest first: GPtrArray of CivicNotificationRow. */
GPtrArray  *civic_store_list_notifications (CivicStore *store,
                                            const char *username,
                                            guint       limit,
                                            GError    **error);
gint64      civic_store_count_unread_notifications (CivicStore *store,
                                                    const char *username,
                                                    GError    **error);
/* The highest notification id of @username (0 = none): what "mark all
 * read" sends, and what decides which are new since the last look. */
gint64      civic_store_last_notification_id (CivicStore *store,
                                              const char *username,
                                              GError    **error);

G_END_DECLS
