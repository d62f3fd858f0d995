/* civic-api-feed-tags.c: trending tags and tag pages
 *
 * GET /api/v1/tags/trending   ?window=24h&limit=10
 * GET /api/v1/tags/{tag}      ?before=&limit=   (the tag's posts, paged)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "civic-api-feed-private.h"
#include "civic-error.h"
#include "civic-trend.h"
#include "model/civic-case-record.h"
#include "model/civic-post-record.h"

/* Trending is a spike over a tag's own usual level, not a raw count: the
 * one definition the desks use too (core/civic-trend.h, DESIGN.md §4
 * Feed). With the default 24 h window "recent" is the desk's "today"; a
 * shorter or longer window W scales the 14-day baseline to W. #Today is
 * always answered, under "today", trending or not. */
#define BASELINE_DAYS  CIVIC_TREND_DAYS
#define MIN_RECENT     CIVIC_TREND_MIN_COUNT
#define MAX_WINDOW_H   (7 * 24)
#define MAX_TRENDING   50
#define DAY            86400

typedef struct
{
  char   *key;
  gint64  recent;
  double  baseline;
  double  score;
} Trend;

static void
trend_clear (gpointer data)
{
  g_free (((Trend *) data)->key);
}

static int
trend_compare (gconstpointer a,
               gconstpointer b)
{
  const Trend *x = a;
  const Trend *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->recent != y->recent)
    return x->recent > y->recent ? -1 : 1;
  return strcmp (x->key, y->key);
}

/* "24h", "6h", "7d" → seconds; 0 when not a window we accept. */
static gint64
parse_window (const char *text)
{
  guint64 n = 0;
  char *end = NULL;

  if (text == NULL)
    return 24 * 3600;
  if (!g_ascii_isdigit (text[0]))
    return 0;
  n = g_ascii_strtoull (text, &end, 10);
  if (end == NULL || end[0] == '\0' || end[1] != '\0' || n == 0 || n > MAX_WINDOW_H)
    return 0;
  if (end[0] == 'h')
    return (gint64) n * 3600;
  if (end[0] == 'd' && n * 24 <= MAX_WINDOW_H)
    return (gint64) n * DAY;
  return 0;
}

/* The spelling of a tag's first use: the name the feed shows for it. */
static char *
tag_display (CivicDbConn *conn,
             const char  *key)
{
  CivicDbStmt *stmt = civic_db_prepare (conn,
                                        "SELECT tag FROM post_tags WHERE tag_key = ?1 "
                                        "ORDER BY created, post_id LIMIT 1",
                                        NULL);
  char *display = NULL;

  if (stmt == NULL)
    return NULL;
  civic_db_bind_text (stmt, 1, key);
  if (civic_db_step (stmt, NULL))
    {
      display = g_strdup (civic_db_column_text (stmt, 0));
      civic_db_done (stmt);
    }
  return display;
}

/* Daily counts for the last BASELINE_DAYS days, oldest first: rolling
 * 24-hour buckets ending now, so the last bar is always "today". */
static gboolean
write_series (CivicDbConn      *conn,
              CivicJsonWriter  *w,
              const char       *key,
              gint64            now,
              GError          **error)
{
  gint64 start = now - BASELINE_DAYS * DAY;
  gint64 counts[BASELINE_DAYS] = { 0, };
  CivicDbStmt *stmt = civic_db_prepare (conn,
                                        "SELECT CAST((created - ?2) / 86400 AS INTEGER), COUNT(*) FROM post_tags "
                                        "WHERE tag_key = ?1 AND created >= ?2 AND created < ?3 "
                                        "GROUP BY CAST((created - ?2) / 86400 AS INTEGER)",
                                        error);
  guint i;

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, key);
  civic_db_bind_int64 (stmt, 2, start);
  civic_db_bind_int64 (stmt, 3, now + 1);
  while (civic_db_step (stmt, error))
    {
      gint64 day = civic_db_column_int64 (stmt, 0);

      counts[CLAMP (day, 0, BASELINE_DAYS - 1)] += civic_db_column_int64 (stmt, 1);
    }
  if (*error != NULL)
    return FALSE;
  civic_json_key (w, "series");
  civic_json_begin_array (w);
  for (i = 0; i < BASELINE_DAYS; i++)
    civic_json_int (w, counts[i]);
  civic_json_end_array (w);
  return TRUE;
}

/* #Today, the city's "anything that matters to the day": always listed. */
static gboolean
write_today (CivicDbConn      *conn,
             CivicJsonWriter  *w,
             gint64            window_start,
             gint64            baseline_start,
             gint64            now,
             gint64            window,
             GError          **error)
{
  g_autofree char *display = tag_display (conn, CIVIC_TREND_TODAY_KEY);
  CivicDbStmt *stmt = civic_db_prepare (conn,
                                        "SELECT SUM(CASE WHEN created >= ?2 THEN 1 ELSE 0 END),"
                                        " SUM(CASE WHEN created < ?2 THEN 1 ELSE 0 END) FROM post_tags "
                                        "WHERE tag_key = ?4 AND created >= ?1 AND created <= ?3",
                                        error);
  gint64 recent = 0, before = 0;
  double baseline;

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, baseline_start);
  civic_db_bind_int64 (stmt, 2, window_start);
  civic_db_bind_int64 (stmt, 3, now);
  civic_db_bind_text (stmt, 4, CIVIC_TREND_TODAY_KEY);
  if (civic_db_step (stmt, error))
    {
      recent = civic_db_column_int64 (stmt, 0);
      before = civic_db_column_int64 (stmt, 1);
      civic_db_done (stmt);
    }
  if (*error != NULL)
    return FALSE;
  baseline = (double) before * (double) window / (double) (BASELINE_DAYS * DAY);
  civic_json_key (w, "today");
  civic_json_begin_object (w);
  civic_json_member_string (w, "tag", CIVIC_TREND_TODAY_KEY);
  civic_json_member_string (w, "display", display != NULL ? display : "Today");
  civic_json_member_int (w, "recent", recent);
  civic_json_member_double (w, "baseline", round (baseline * 100) / 100);
  civic_json_member_double (w, "score", round (civic_trend_score (recent, baseline) * 100) / 100);
  civic_json_member_bool (w, "trending", civic_trend_is_trending (recent, baseline));
  if (!write_series (conn, w, CIVIC_TREND_TODAY_KEY, now, error))
    return FALSE;
  civic_json_end_object (w);
  return TRUE;
}

static void
trending (CivicRequest *req)
{
  const char *window_text = civic_request_query (req, "window");
  const char *limit_text = civic_request_query (req, "limit");
  gint64 window = parse_window (window_text);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 window_start = now - window;
  gint64 baseline_start = window_start - BASELINE_DAYS * DAY;
  guint64 limit = 10;
  g_autoptr(GArray) trends = g_array_new (FALSE, TRUE, sizeof (Trend));
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *series_start = civic_format_time (now - BASELINE_DAYS * DAY);
  CivicJsonWriter jw;
  CivicDbStmt *stmt;
  guint i;

  g_array_set_clear_func (trends, trend_clear);
  if (window == 0)
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                         "window must be hours or days such as 24h, 6h or 7d (at most 7 days), not “%s”",
                         window_text);
      return;
    }
  if (limit_text != NULL &&
      !g_ascii_string_to_unsigned (limit_text, 10, 1, MAX_TRENDING, &limit, NULL))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                         "limit must be a whole number from 1 to %d, not “%s”", MAX_TRENDING, limit_text);
      return;
    }

  /* two short reads instead of one long one: the tags used at least
   * MIN_RECENT times in the window (one small range of the time index),
   * then each one's own baseline (a range of its tag index). Grouping the
   * whole 15 days by tag sorted ~80,000 rows at 500,000 posts. */
  stmt = civic_db_prepare (req->conn,
                           "SELECT tag_key, COUNT(*) FROM post_tags "
                           "WHERE created >= ?1 AND created <= ?2 GROUP BY tag_key HAVING COUNT(*) >= ?3",
                           &error);
  if (stmt == NULL)
    {
      civic_feed_reply_error (req, error);
      return;
    }
  civic_db_bind_int64 (stmt, 1, window_start);
  civic_db_bind_int64 (stmt, 2, now);
  civic_db_bind_int64 (stmt, 3, MIN_RECENT);
  while (civic_db_step (stmt, &error))
    {
      Trend t = { 0, };

      t.key = g_strdup (civic_db_column_text (stmt, 0));
      t.recent = civic_db_column_int64 (stmt, 1);
      g_array_append_val (trends, t);
    }
  if (error != NULL)
    {
      civic_feed_reply_error (req, error);
      return;
    }
  for (i = 0; i < trends->len; )
    {
      Trend *t = &g_array_index (trends, Trend, i);
      gint64 before = 0;

      stmt = civic_db_prepare (req->conn,
                               "SELECT COUNT(*) FROM post_tags WHERE tag_key = ?1"
                               " AND created >= ?2 AND created < ?3",
                               &error);
      if (stmt == NULL)
        {
          civic_feed_reply_error (req, error);
          return;
        }
      civic_db_bind_text (stmt, 1, t->key);
      civic_db_bind_int64 (stmt, 2, baseline_start);
      civic_db_bind_int64 (stmt, 3, window_start);
      if (civic_db_step (stmt, &error))
        {
          before = civic_db_column_int64 (stmt, 0);
          civic_db_done (stmt);
        }
      if (error != NULL)
        {
          civic_feed_reply_error (req, error);
          return;
        }
      t->baseline = (double) before * (double) window / (double) (BASELINE_DAYS * DAY);
      t->score = civic_trend_score (t->recent, t->baseline);
      if (civic_trend_is_trending (t->recent, t->baseline))
        i++;
      else
        g_array_remove_index_fast (trends, i);
    }
  g_array_sort (trends, trend_compare);

  civic_json_writer_init (&jw, out);
  civic_json_begin_object (&jw);
  civic_json_member_int (&jw, "window_seconds", window);
  civic_json_member_string (&jw, "series_start", series_start);
  civic_json_key (&jw, "tags");
  civic_json_begin_array (&jw);
  for (i = 0; i < trends->len && i < limit; i++)
    {
      Trend *t = &g_array_index (trends, Trend, i);
      g_autofree char *display = tag_display (req->conn, t->key);

      civic_json_begin_object (&jw);
      civic_json_member_string (&jw, "tag", t->key);
      civic_json_member_string (&jw, "display", display != NULL ? display : t->key);
      civic_json_member_int (&jw, "recent", t->recent);
      civic_json_member_double (&jw, "baseline", round (t->baseline * 100) / 100);
      civic_json_member_double (&jw, "score", round (t->score * 100) / 100);
      if (!write_series (req->conn, &jw, t->key, now, &error))
        {
          civic_feed_reply_error (req, error);
          return;
        }
      civic_json_end_object (&jw);
    }
  civic_json_end_array (&jw);
  if (!write_today (req->conn, &jw, window_start, baseline_start, now, window, &error))
    {
      civic_feed_reply_error (req, error);
      return;
    }
  civic_json_end_object (&jw);
  civic_reply_string (req, SOUP_STATUS_OK, out);
}

/* ---- tag page ----------------------------------------------------------- */

static void
tag_page (CivicRequest *req)
{
  const char *text = civic_request_param (req, 0);
  g_autofree char *spelling = NULL;
  g_autofree char *key = NULL;
  g_autofree char *display = NULL;
  g_autofree char *columns = civic_feed_post_columns_sql (1);
  g_autofree char *posts_sql = NULL;
  g_autofree char *cases_sql = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 before = 0;
  gint64 post_count, recent, followers, following, case_count;
  CivicJsonWriter jw;
  CivicDbStmt *stmt;
  guint limit;

  if (!civic_feed_parse_tag (text, &spelling, &key))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                         "“%s” is not a tag: use letters, digits and _ with at least one letter", text);
      return;
    }
  if (!civic_feed_query_limit (req, &limit) || !civic_feed_query_id (req, "before", &before))
    return;

  display = tag_display (req->conn, key);
  post_count = civic_feed_count (req->conn, "SELECT COUNT(*) FROM post_tags WHERE tag_key = ?1", key, 0, &error);
  recent = civic_feed_count (req->conn, "SELECT COUNT(*) FROM post_tags WHERE tag_key = ?1 AND created >= ?2",
                             key, now - DAY, error == NULL ? &error : NULL);
  followers = civic_feed_count (req->conn, "SELECT COUNT(*) FROM follows WHERE kind = 'tag' AND target = ?1",
                                key, 0, error == NULL ? &error : NULL);
  case_count = civic_feed_count (req->conn, "SELECT COUNT(*) FROM case_tags WHERE tag_key = ?1",
                                 key, 0, error == NULL ? &error : NULL);
  {
    CivicDbStmt *f = civic_db_prepare (req->conn,
                                       "SELECT COUNT(*) FROM follows WHERE kind = 'tag' AND target = ?1 AND username = ?2",
                                       error == NULL ? &error : NULL);

    following = 0;
    if (f != NULL)
      {
        civic_db_bind_text (f, 1, key);
        civic_db_bind_text (f, 2, req->user->username);
        if (civic_db_step (f, error == NULL ? &error : NULL))
          {
            following = civic_db_column_int64 (f, 0);
            civic_db_done (f);
          }
      }
  }
  if (error != NULL)
    {
      civic_feed_reply_error (req, error);
      return;
    }

  civic_json_writer_init (&jw, out);
  civic_json_begin_object (&jw);
  civic_json_member_string (&jw, "tag", key);
  civic_json_member_string (&jw, "display", display != NULL ? display : spelling);
  civic_json_member_int (&jw, "post_count", post_count);
  civic_json_member_int (&jw, "recent_24h", recent);
  civic_json_member_int (&jw, "case_count", case_count);
  civic_json_member_int (&jw, "followers", followers);
  civic_json_member_bool (&jw, "following", following > 0);

  posts_sql = g_strdup_printf ("SELECT %s FROM posts p JOIN post_tags t ON t.post_id = p.id AND t.tag_key = ?2 "
                               "WHERE p.id < ?3 ORDER BY p.id DESC LIMIT ?4", columns);
  stmt = civic_db_prepare (req->conn, posts_sql, &error);
  if (stmt == NULL)
    {
      civic_feed_reply_error (req, error);
      return;
    }
  civic_db_bind_text (stmt, 1, req->user->username);
  civic_db_bind_text (stmt, 2, key);
  civic_db_bind_int64 (stmt, 3, before > 0 ? before : G_MAXINT64);
  civic_db_bind_int64 (stmt, 4, limit);
  civic_json_key (&jw, "posts");
  if (!civic_feed_write_post_rows (stmt, &jw, &error))
    {
      civic_feed_reply_error (req, error);
      return;
    }

  cases_sql = g_strdup_printf ("SELECT %s FROM cases c JOIN case_tags ct ON ct.case_id = c.id "
                               "WHERE ct.tag_key = ?1 ORDER BY c.requested DESC, c.id DESC LIMIT 50",
                               civic_case_select_columns ());
  stmt = civic_db_prepare (req->conn, cases_sql, &error);
  if (stmt == NULL)
    {
      civic_feed_reply_error (req, error);
      return;
    }
  civic_db_bind_text (stmt, 1, key);
  civic_json_key (&jw, "cases");
  civic_json_begin_array (&jw);
  while (civic_db_step (stmt, &error))
    civic_case_write_json (&jw, stmt, 0, CIVIC_CASE_VIEW_STAFF);
  if (error != NULL)
    {
      civic_feed_reply_error (req, error);
      return;
    }
  civic_json_end_array (&jw);
  civic_json_end_object (&jw);
  civic_reply_string (req, SOUP_STATUS_OK, out);
}

static const CivicRoute routes[] = {
  /* before the tag page, which would otherwise take "trending" as a tag */
  { "GET", "/api/v1/tags/trending", trending, CIVIC_ROUTE_STAFF },
  { "GET", "/api/v1/tags/{}", tag_page, CIVIC_ROUTE_STAFF },
};

void
civic_api_feed_tags_register (CivicServer *server)
{
  civic_server_add_routes (server, routes, G_N_ELEMENTS (routes));
}
