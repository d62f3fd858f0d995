/* civic-store-feed.c: trending tags and tag pages from the local replica
 *
 * post_tags keeps one row per (post, tag) with the post's time, kept in
 * step by triggers on posts: whoever writes a post (a sync page, a local
 * post, civic_store_put_posts) the tags follow, and a deleted post takes
 * its tags along. Trending reads one index range (created, tag_key) over
 * the 15 days it judges and counts in memory: no per-tag query, no sort
 * of the whole range.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-store-feed.h"
#include "civic-store-feed-private.h"
#include "civic-store-private.h"

#include <string.h>

#include "civic-error.h"
#include "civic-json-writer.h"
#include "civic-text.h"

#define DAY 86400

G_DEFINE_BOXED_TYPE (CivicTrend, civic_trend, civic_trend_copy, civic_trend_free)

/* A post's tags are the service's list when it sent one; a post not yet
 * sent (or put by civic_store_put_posts) has none, and its body says. */
#define POST_TAGS(row) \
  "json_each (CASE WHEN json_valid (" row ".tags) AND json_type (" row ".tags) = 'array'" \
  " THEN " row ".tags ELSE civic_body_tags (" row ".body) END)"
#define POST_MENTIONS(row) \
  "json_each (CASE WHEN json_valid (" row ".mentions) AND json_type (" row ".mentions) = 'array'" \
  " THEN " row ".mentions ELSE civic_body_mentions (" row ".body) END)"
/* the service sends {"target", "kind"}; a body gives the name as written */
#define MENTION_TARGET \
  "lower (CASE WHEN type = 'object' THEN json_extract (value, '$.target') ELSE value END)"
#define FILL_TAGS(row) \
  "INSERT OR IGNORE INTO post_tags (post_id, tag_key, tag, created)" \
  " SELECT " row ".id, civic_tag_key (value), value, " row ".created FROM " POST_TAGS (row) \
  " WHERE type = 'text' AND civic_tag_key (value) IS NOT NULL;"
#define FILL_MENTIONS(row) \
  "INSERT OR IGNORE INTO post_mentions (post_id, target)" \
  " SELECT " row ".id, " MENTION_TARGET " FROM " POST_MENTIONS (row) \
  " WHERE " MENTION_TARGET " IS NOT NULL;"

/* Version 5 "feed" (issue 8). IF NOT EXISTS throughout: a file whose
 * version was set back (a repair, a test) runs it again harmlessly. */
const char civic_store_feed_schema[] =
  "CREATE TABLE IF NOT EXISTS post_tags ("
  "  post_id INTEGER NOT NULL, tag_key TEXT NOT NULL, tag TEXT NOT NULL,"
  "  created INTEGER NOT NULL,"
  "  PRIMARY KEY (post_id, tag_key)) WITHOUT ROWID;"
  /* trending: one range of time, tag key read from the index alone */
  "CREATE INDEX IF NOT EXISTS post_tags_time ON post_tags (created, tag_key);"
  /* tag pages, sparklines, completion */
  "CREATE INDEX IF NOT EXISTS post_tags_key ON post_tags (tag_key, created);"
  "CREATE TABLE IF NOT EXISTS post_mentions ("
  "  post_id INTEGER NOT NULL, target TEXT NOT NULL,"
  "  PRIMARY KEY (post_id, target)) WITHOUT ROWID;"
  "CREATE INDEX IF NOT EXISTS post_mentions_target ON post_mentions (target, post_id);"
  "CREATE INDEX IF NOT EXISTS posts_feed ON posts (created, id) WHERE parent_id = 0;"
  "CREATE INDEX IF NOT EXISTS posts_pinned ON posts (pinned_until) WHERE pinned_until > 0;"
  "CREATE INDEX IF NOT EXISTS posts_author ON posts (author, created);"
  "CREATE INDEX IF NOT EXISTS posts_case ON posts (case_id) WHERE case_id IS NOT NULL;"
  "CREATE INDEX IF NOT EXISTS notifications_user ON notifications (username, id);"
  "CREATE TRIGGER IF NOT EXISTS posts_feed_ai AFTER INSERT ON posts BEGIN "
  FILL_TAGS ("new") FILL_MENTIONS ("new")
  "END;"
  "CREATE TRIGGER IF NOT EXISTS posts_feed_au AFTER UPDATE OF id, body, created, tags, mentions ON posts BEGIN "
  "DELETE FROM post_tags WHERE post_id = old.id;"
  "DELETE FROM post_mentions WHERE post_id = old.id;"
  FILL_TAGS ("new") FILL_MENTIONS ("new")
  "END;"
  "CREATE TRIGGER IF NOT EXISTS posts_feed_ad AFTER DELETE ON posts BEGIN "
  "DELETE FROM post_tags WHERE post_id = old.id;"
  "DELETE FROM post_mentions WHERE post_id = old.id;"
  "END;";

gboolean
civic_store_feed_backfill (CivicStore  *store,
                           GError     **error)
{
  return civic_store_exec (store,
                           "INSERT OR IGNORE INTO post_tags (post_id, tag_key, tag, created)"
                           " SELECT p.id, civic_tag_key (value), value, p.created FROM posts p, "
                           POST_TAGS ("p") " WHERE type = 'text' AND civic_tag_key (value) IS NOT NULL;"
                           "INSERT OR IGNORE INTO post_mentions (post_id, target)"
                           " SELECT p.id, " MENTION_TARGET " FROM posts p, " POST_MENTIONS ("p")
                           " WHERE " MENTION_TARGET " IS NOT NULL;",
                           error);
}

/* ---- SQL functions ---------------------------------------------------- */

static CivicTextScanner *
default_scanner (void)
{
  static CivicTextScanner *scanner;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      scanner = civic_text_scanner_new (NULL, NULL);
      g_once_init_leave (&once, 1);
    }
  return scanner;
}

static void
sql_tag_key (sqlite3_context  *ctx,
             int               argc,
             sqlite3_value   **argv)
{
  const char *tag = (const char *) sqlite3_value_text (argv[0]);
  char *key;

  if (tag == NULL || (key = civic_text_tag_key (tag)) == NULL || *key == '\0')
    {
      sqlite3_result_null (ctx);
      return;
    }
  sqlite3_result_text (ctx, key, -1, g_free);
}

static void
result_json (sqlite3_context *ctx,
             GPtrArray       *values)
{
  g_autoptr(GString) out = g_string_new (NULL);
  CivicJsonWriter jw;

  civic_json_writer_init (&jw, out);
  civic_json_begin_array (&jw);
  for (guint i = 0; i < values->len; i++)
    civic_json_string (&jw, g_ptr_array_index (values, i));
  civic_json_end_array (&jw);
  sqlite3_result_text (ctx, out->str, (int) out->len, SQLITE_TRANSIENT);
}

static void
sql_body_tags (sqlite3_context  *ctx,
               int               argc,
               sqlite3_value   **argv)
{
  const char *body = (const char *) sqlite3_value_text (argv[0]);
  g_autoptr(GPtrArray) tags = NULL;

  if (body == NULL || default_scanner () == NULL)
    {
      sqlite3_result_text (ctx, "[]", -1, SQLITE_STATIC);
      return;
    }
  tags = civic_text_collect_tags (default_scanner (), body, -1);
  result_json (ctx, tags);
}

static void
sql_body_mentions (sqlite3_context  *ctx,
                   int               argc,
                   sqlite3_value   **argv)
{
  const char *body = (const char *) sqlite3_value_text (argv[0]);
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (body == NULL || default_scanner () == NULL)
    {
      sqlite3_result_text (ctx, "[]", -1, SQLITE_STATIC);
      return;
    }
  tokens = civic_text_scan (default_scanner (), body, -1);
  for (guint i = 0; i < tokens->len; i++)
    {
      const CivicTextToken *t = &g_array_index (tokens, CivicTextToken, i);

      if (t->kind == CIVIC_TEXT_MENTION)
        g_ptr_array_add (names, t->value);
    }
  result_json (ctx, names);
}

int
civic_store_feed_register_sql (sqlite3 *db)
{
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc;

  rc = sqlite3_create_function (db, "civic_tag_key", 1, flags, NULL, sql_tag_key, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function (db, "civic_body_tags", 1, flags, NULL, sql_body_tags, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function (db, "civic_body_mentions", 1, flags, NULL, sql_body_mentions, NULL, NULL);
  return rc;
}

/* ---- trends ------------------------------------------------------------ */

CivicTrend *
civic_trend_copy (const CivicTrend *trend)
{
  CivicTrend *copy = g_memdup2 (trend, sizeof *trend);

  copy->tag = g_strdup (trend->tag);
  copy->tag_key = g_strdup (trend->tag_key);
  return copy;
}

void
civic_trend_free (CivicTrend *trend)
{
  if (trend == NULL)
    return;
  g_free (trend->tag);
  g_free (trend->tag_key);
  g_free (trend);
}

/* Counts per day of the 15 days that end at day_end: [0..13] the
 * baseline, [14] the day judged. */
typedef struct
{
  gint days[CIVIC_TREND_DAYS + 1];
} DayCounts;

static void
trend_finish (CivicTrend      *t,
              const DayCounts *c)
{
  gint64 sum = 0;

  for (guint d = 0; d < CIVIC_TREND_DAYS; d++)
    sum += c->days[d];
  t->count_today = c->days[CIVIC_TREND_DAYS];
  t->baseline = (double) sum / CIVIC_TREND_DAYS;
  t->score = civic_trend_score (t->count_today, t->baseline);
  t->trending = civic_trend_is_trending (t->count_today, t->baseline);
  for (guint d = 0; d < CIVIC_TREND_DAYS; d++)
    t->daily[d] = c->days[d + 1];
  t->is_today_tag = g_strcmp0 (t->tag_key, CIVIC_TREND_TODAY_KEY) == 0;
}

static int
trend_compare (gconstpointer a,
               gconstpointer b)
{
  const CivicTrend *x = *(CivicTrend * const *) a;
  const CivicTrend *y = *(CivicTrend * const *) b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->count_today != y->count_today)
    return x->count_today > y->count_today ? -1 : 1;
  return strcmp (x->tag_key, y->tag_key);
}

static gboolean
step_error (CivicStore    *store,
            sqlite3_stmt  *stmt,
            int            rc,
            GError       **error)
{
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  civic_store_set_error (store, rc, error);
  return FALSE;
}

/* The spelling of a tag's first use: the name the feed shows for it. */
static char *
tag_display (CivicStore  *store,
             const char  *key,
             GError     **error)
{
  sqlite3_stmt *stmt = civic_store_prepare (store,
                                            "SELECT tag FROM post_tags WHERE tag_key = ? "
                                            "ORDER BY created, post_id LIMIT 1",
                                            error);
  char *display = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      display = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rc = SQLITE_DONE;
    }
  if (!step_error (store, stmt, rc, error))
    return NULL;
  return display != NULL ? display : g_strdup (key);
}

GPtrArray *
civic_store_trending_tags (CivicStore  *store,
                           gint64       day_end,
                           guint        limit,
                           GError     **error)
{
  gint64 start = day_end - (CIVIC_TREND_DAYS + 1) * (gint64) DAY;
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) civic_trend_free);
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) civic_trend_free);
  GHashTableIter iter;
  gpointer key, value;
  sqlite3_stmt *stmt;
  CivicTrend *today = NULL;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  if (!civic_store_check_open (store, FALSE, error))
    return NULL;
  stmt = civic_store_prepare (store,
                              "SELECT tag_key, created FROM post_tags INDEXED BY post_tags_time "
                              "WHERE created >= ? AND created < ?",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, day_end);
  /* the rows come in time order, so one tag's rows are spread out: a
   * hash of ~hundreds of tags is cheaper than asking SQLite to sort the
   * range by tag */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *tag_key = (const char *) sqlite3_column_text (stmt, 0);
      gint64 day = (sqlite3_column_int64 (stmt, 1) - start) / DAY;
      DayCounts *c = g_hash_table_lookup (counts, tag_key);

      if (c == NULL)
        {
          c = g_new0 (DayCounts, 1);
          g_hash_table_insert (counts, g_strdup (tag_key), c);
        }
      c->days[CLAMP (day, 0, CIVIC_TREND_DAYS)]++;
    }
  if (!step_error (store, stmt, rc, error))
    return NULL;

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      CivicTrend *t = g_new0 (CivicTrend, 1);

      t->tag_key = g_strdup (key);
      trend_finish (t, value);
      if (t->is_today_tag)
        today = t;
      else if (t->trending)
        {
          g_ptr_array_add (all, t);
          continue;
        }
      else
        {
          civic_trend_free (t);
          continue;
        }
    }
  if (today == NULL)
    {
      static const DayCounts none;

      today = g_new0 (CivicTrend, 1);
      today->tag_key = g_strdup (CIVIC_TREND_TODAY_KEY);
      trend_finish (today, &none);
    }
  g_ptr_array_sort (all, trend_compare);

  g_ptr_array_add (result, today);
  for (guint i = 0; i < all->len && i < limit; i++)
    g_ptr_array_add (result, g_steal_pointer (&all->pdata[i]));

  for (guint i = 0; i < result->len; i++)
    {
      CivicTrend *t = g_ptr_array_index (result, i);

      t->tag = tag_display (store, t->tag_key, error);
      if (t->tag == NULL)
        return NULL;
    }
  /* an unused #Today still reads as the city writes it */
  if (g_str_equal (today->tag, CIVIC_TREND_TODAY_KEY))
    {
      g_free (today->tag);
      today->tag = g_strdup ("Today");
    }
  return g_steal_pointer (&result);
}

CivicTrend *
civic_store_tag_trend (CivicStore  *store,
                       const char  *tag_key,
                       gint64       day_end,
                       GError     **error)
{
  gint64 start = day_end - (CIVIC_TREND_DAYS + 1) * (gint64) DAY;
  g_autoptr(CivicTrend) t = g_new0 (CivicTrend, 1);
  DayCounts c = { { 0, } };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);
  g_return_val_if_fail (tag_key != NULL, NULL);

  if (!civic_store_check_open (store, FALSE, error))
    return NULL;
  stmt = civic_store_prepare (store,
                              "SELECT created FROM post_tags INDEXED BY post_tags_key "
                              "WHERE tag_key = ? AND created >= ? AND created < ?",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, tag_key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, day_end);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    c.days[CLAMP ((sqlite3_column_int64 (stmt, 0) - start) / DAY, 0, CIVIC_TREND_DAYS)]++;
  if (!step_error (store, stmt, rc, error))
    return NULL;
  t->tag_key = g_strdup (tag_key);
  trend_finish (t, &c);
  t->tag = tag_display (store, tag_key, error);
  if (t->tag == NULL)
    return NULL;
  return g_steal_pointer (&t);
}

GPtrArray *
civic_store_list_posts_tagged (CivicStore  *store,
                               const char  *tag_key,
                               gint64       from,
                               gint64       to,
                               GError     **error)
{
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);
  g_return_val_if_fail (tag_key != NULL, NULL);

  if (!civic_store_check_open (store, FALSE, error))
    return NULL;
  stmt = civic_store_prepare (store,
                              "SELECT p.id, p.author, p.body, p.created, p.edited, p.parent_id,"
                              " p.pinned_until, p.like_count FROM post_tags t INDEXED BY post_tags_key"
                              " JOIN posts p ON p.id = t.post_id"
                              " WHERE t.tag_key = ? AND t.created >= ? AND t.created < ?"
                              " ORDER BY t.created DESC, t.post_id DESC",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, tag_key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to > 0 ? to : G_MAXINT64);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CivicPost *post = civic_post_new ();

      civic_post_set_id (post, sqlite3_column_int64 (stmt, 0));
      civic_post_set_author (post, (const char *) sqlite3_column_text (stmt, 1));
      civic_post_set_body (post, (const char *) sqlite3_column_text (stmt, 2));
      civic_post_set_created (post, sqlite3_column_int64 (stmt, 3));
      civic_post_set_edited (post, sqlite3_column_int64 (stmt, 4));
      civic_post_set_parent_id (post, sqlite3_column_int64 (stmt, 5));
      civic_post_set_pinned_until (post, sqlite3_column_int64 (stmt, 6));
      civic_post_set_like_count (post, sqlite3_column_int (stmt, 7));
      g_ptr_array_add (posts, post);
    }
  if (!step_error (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&posts);
}

char **
civic_store_complete_tags (CivicStore  *store,
                           const char  *prefix,
                           guint        limit,
                           GError     **error)
{
  g_autofree char *key = civic_text_tag_key (prefix != NULL ? prefix : "");
  g_autofree char *upper = NULL;
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  if (key == NULL || !civic_store_check_open (store, FALSE, error))
    return key == NULL ? g_new0 (char *, 1) : NULL;
  /* every key that starts with the prefix sorts below prefix + U+10FFFF */
  upper = g_strconcat (key, "\xf4\x8f\xbf\xbf", NULL);
  stmt = civic_store_prepare (store,
                              "SELECT tag_key, count(*) AS n FROM post_tags INDEXED BY post_tags_key"
                              " WHERE tag_key >= ? AND tag_key < ? GROUP BY tag_key"
                              " ORDER BY n DESC, tag_key LIMIT ?",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, upper, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, (int) limit);
  {
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_ptr_array_add (keys, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    if (!step_error (store, stmt, rc, error))
      return NULL;
    for (guint i = 0; i < keys->len; i++)
      {
        g_autofree char *display = tag_display (store, g_ptr_array_index (keys, i), error);

        if (display == NULL)
          return NULL;
        g_strv_builder_add (out, display);
      }
  }
  return g_strv_builder_end (out);
}

/* Completion for the composer: rows of (shown, inserted) text pairs. */
static char **
complete_rows (CivicStore  *store,
               const char  *sql,
               const char  *low,
               const char  *high,
               guint        limit,
               GError     **error)
{
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  if (!civic_store_check_open (store, FALSE, error))
    return NULL;
  stmt = civic_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, low, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, high, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, (int) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_strv_builder_add (out, (const char *) sqlite3_column_text (stmt, 0));
      g_strv_builder_add (out, (const char *) sqlite3_column_text (stmt, 1));
    }
  if (!step_error (store, stmt, rc, error))
    return NULL;
  return g_strv_builder_end (out);
}

char **
civic_store_complete_names (CivicStore  *store,
                            const char  *prefix,
                            guint        limit,
                            GError     **error)
{
  g_autofree char *low = g_ascii_strdown (prefix != NULL ? prefix : "", -1);
  g_autofree char *high = g_strconcat (low, "\xf4\x8f\xbf\xbf", NULL);

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);
  return complete_rows (store,
                        "SELECT coalesce (display_name, username) || ' (@' || username || ')', username"
                        " FROM users WHERE lower (username) >= ?1 AND lower (username) < ?2 AND disabled = 0"
                        " UNION ALL SELECT coalesce (name, id) || ' (@' || id || ')', id FROM departments"
                        " WHERE lower (id) >= ?1 AND lower (id) < ?2 LIMIT ?3",
                        low, high, limit, error);
}

char **
civic_store_complete_case_ids (CivicStore  *store,
                               const char  *prefix,
                               guint        limit,
                               GError     **error)
{
  g_autofree char *high = g_strconcat (prefix != NULL ? prefix : "", "\xf4\x8f\xbf\xbf", NULL);

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);
  return complete_rows (store,
                        "SELECT service_request_id || ' — ' || coalesce (service_name, ''), service_request_id"
                        " FROM cases WHERE service_request_id >= ?1 AND service_request_id < ?2"
                        " ORDER BY service_request_id DESC LIMIT ?3",
                        prefix != NULL ? prefix : "", high, limit, error);
}
