/* civic-api-feed-links.c: what a post body links to, stored and announced
 *
 * A body is parsed with the same scanner the desk uses (civic-text), so
 * the server and every desk agree on what is a tag, a mention or a case
 * reference. On an edit the links are replaced, but only what is new is
 * announced: fixing a typo does not notify everyone again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-api-feed-private.h"
#include "civic-error.h"
#include "model/civic-case-record.h"
#include "model/civic-notify.h"

typedef struct
{
  char *target;   /* username or department id, as stored */
  char *kind;     /* "user" or "department" */
} Mention;

static void
mention_free (gpointer data)
{
  Mention *m = data;

  g_free (m->target);
  g_free (m->kind);
  g_free (m);
}

typedef struct
{
  gint64  id;
  char   *request_id;
} CaseLink;

static void
case_link_free (gpointer data)
{
  CaseLink *c = data;

  g_free (c->request_id);
  g_free (c);
}

/* The values of one column of "SELECT x FROM table WHERE post_id = ?1". */
static GHashTable *
read_set (CivicWrite  *w,
          const char  *sql,
          gint64       post_id,
          GError     **error)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  CivicDbStmt *stmt = civic_db_prepare (w->conn, sql, error);

  if (stmt == NULL)
    return set;
  civic_db_bind_int64 (stmt, 1, post_id);
  while (civic_db_step (stmt, error))
    g_hash_table_add (set, g_strdup (civic_db_column_text (stmt, 0)));
  return set;
}

static gboolean
run_post_sql (CivicWrite  *w,
              const char  *sql,
              gint64       post_id,
              GError     **error)
{
  CivicDbStmt *stmt = civic_db_prepare (w->conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, post_id);
  return civic_db_run (stmt, error);
}

/* A mention names a user (preferred) or a department, in any case;
 * anything else stays plain text. */
static Mention *
resolve_mention (CivicWrite  *w,
                 const char  *name,
                 GError     **error)
{
  static const struct { const char *kind; const char *sql; } lookups[] = {
    { "user", "SELECT username FROM users WHERE lower(username) = lower(?1) AND disabled = 0" },
    { "department", "SELECT id FROM departments WHERE lower(id) = lower(?1)" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (lookups); i++)
    {
      CivicDbStmt *stmt = civic_db_prepare (w->conn, lookups[i].sql, error);
      Mention *m;

      if (stmt == NULL)
        return NULL;
      civic_db_bind_text (stmt, 1, name);
      if (!civic_db_step (stmt, error))
        {
          if (error != NULL && *error != NULL)
            return NULL;
          continue;
        }
      m = g_new0 (Mention, 1);
      m->target = g_strdup (civic_db_column_text (stmt, 0));
      m->kind = g_strdup (lookups[i].kind);
      civic_db_done (stmt);
      return m;
    }
  return NULL;
}

static CaseLink *
resolve_case (CivicWrite  *w,
              const char  *request_id,
              GError     **error)
{
  CivicDbStmt *stmt = civic_db_prepare (w->conn, "SELECT id, request_id FROM cases WHERE request_id = ?1", error);
  CaseLink *c;

  if (stmt == NULL)
    return NULL;
  civic_db_bind_text (stmt, 1, request_id);
  if (!civic_db_step (stmt, error))
    return NULL;
  c = g_new0 (CaseLink, 1);
  c->id = civic_db_column_int64 (stmt, 0);
  c->request_id = g_strdup (civic_db_column_text (stmt, 1));
  civic_db_done (stmt);
  return c;
}

static gboolean
store_tags (CivicWrite  *w,
            gint64       post_id,
            const char  *body,
            gint64       created,
            GHashTable  *old_tags,
            GHashTable  *told,
            const char  *excerpt,
            GString     *json,
            GError     **error)
{
  g_autoptr(GPtrArray) tags = civic_text_collect_tags (civic_feed_scanner (), body, -1);
  CivicJsonWriter jw;
  guint i;

  civic_json_writer_init (&jw, json);
  civic_json_begin_array (&jw);
  for (i = 0; i < tags->len; i++)
    {
      const char *display = g_ptr_array_index (tags, i);
      g_autofree char *key = civic_text_tag_key (display);
      CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                            "INSERT INTO post_tags (post_id, tag_key, tag, created) "
                                            "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                                            error);

      if (stmt == NULL)
        return FALSE;
      civic_db_bind_int64 (stmt, 1, post_id);
      civic_db_bind_text (stmt, 2, key);
      civic_db_bind_text (stmt, 3, display);
      civic_db_bind_int64 (stmt, 4, created);
      if (!civic_db_run (stmt, error))
        return FALSE;
      civic_json_string (&jw, display);

      if (!g_hash_table_contains (old_tags, key))
        {
          g_autofree char *note = g_strdup_printf ("%s posted in #%s: %s", w->actor, display, excerpt);

          if (!civic_notify_followers (w, told, "tag", key, "tag", post_id, 0, note, error))
            return FALSE;
        }
    }
  civic_json_end_array (&jw);
  return TRUE;
}

static gboolean
store_mentions (CivicWrite  *w,
                gint64       post_id,
                GArray      *tokens,
                GHashTable  *old_mentions,
                GHashTable  *told,
                const char  *excerpt,
                GString     *json,
                GError     **error)
{
  g_autoptr(GPtrArray) mentions = g_ptr_array_new_with_free_func (mention_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  CivicJsonWriter jw;
  guint i;

  for (i = 0; i < tokens->len; i++)
    {
      const CivicTextToken *t = &g_array_index (tokens, CivicTextToken, i);
      Mention *m;

      if (t->kind != CIVIC_TEXT_MENTION)
        continue;
      m = resolve_mention (w, t->value, error);
      if (error != NULL && *error != NULL)
        return FALSE;
      if (m == NULL)
        continue;
      if (!g_hash_table_add (seen, m->target))
        {
          mention_free (m);
          continue;
        }
      g_ptr_array_add (mentions, m);
    }

  civic_json_writer_init (&jw, json);
  civic_json_begin_array (&jw);
  for (i = 0; i < mentions->len; i++)
    {
      Mention *m = g_ptr_array_index (mentions, i);
      CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                            "INSERT INTO post_mentions (post_id, target) VALUES (?1, ?2) "
                                            "ON CONFLICT DO NOTHING",
                                            error);

      if (stmt == NULL)
        return FALSE;
      civic_db_bind_int64 (stmt, 1, post_id);
      civic_db_bind_text (stmt, 2, m->target);
      if (!civic_db_run (stmt, error))
        return FALSE;

      civic_json_begin_object (&jw);
      civic_json_member_string (&jw, "target", m->target);
      civic_json_member_string (&jw, "kind", m->kind);
      civic_json_end_object (&jw);

      if (g_hash_table_contains (old_mentions, m->target))
        continue;
      if (g_str_equal (m->kind, "user"))
        {
          g_autofree char *note = g_strdup_printf ("%s mentioned you: %s", w->actor, excerpt);

          if (!civic_notify_user_once (w, told, m->target, "mention", post_id, 0, note, error))
            return FALSE;
        }
      else
        {
          g_autofree char *note = g_strdup_printf ("%s mentioned @%s: %s", w->actor, m->target, excerpt);

          if (!civic_notify_department (w, told, m->target, "mention", post_id, note, error))
            return FALSE;
        }
    }
  civic_json_end_array (&jw);
  return TRUE;
}

static gboolean
store_cases (CivicWrite  *w,
             gint64       post_id,
             GArray      *tokens,
             gint64       explicit_case_id,
             GHashTable  *old_cases,
             GHashTable  *told,
             const char  *excerpt,
             GString     *json,
             gint64      *main_case_id,
             GError     **error)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (case_link_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *post_ref = g_strdup_printf ("%" G_GINT64_FORMAT, post_id);
  CivicJsonWriter jw;
  guint i;

  if (explicit_case_id > 0)
    {
      CivicDbStmt *stmt = civic_db_prepare (w->conn, "SELECT request_id FROM cases WHERE id = ?1", error);

      if (stmt == NULL)
        return FALSE;
      civic_db_bind_int64 (stmt, 1, explicit_case_id);
      if (civic_db_step (stmt, error))
        {
          CaseLink *c = g_new0 (CaseLink, 1);

          c->id = explicit_case_id;
          c->request_id = g_strdup (civic_db_column_text (stmt, 0));
          civic_db_done (stmt);
          g_hash_table_add (seen, c->request_id);
          g_ptr_array_add (cases, c);
        }
    }
  for (i = 0; i < tokens->len; i++)
    {
      const CivicTextToken *t = &g_array_index (tokens, CivicTextToken, i);
      CaseLink *c;

      if (t->kind != CIVIC_TEXT_CASE_REF || g_hash_table_contains (seen, t->value))
        continue;
      c = resolve_case (w, t->value, error);
      if (error != NULL && *error != NULL)
        return FALSE;
      if (c == NULL)
        continue;   /* an unknown number stays plain text */
      g_hash_table_add (seen, c->request_id);
      g_ptr_array_add (cases, c);
    }

  *main_case_id = cases->len > 0 ? ((CaseLink *) g_ptr_array_index (cases, 0))->id : 0;
  civic_json_writer_init (&jw, json);
  civic_json_begin_array (&jw);
  for (i = 0; i < cases->len; i++)
    {
      CaseLink *c = g_ptr_array_index (cases, i);
      CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                            "INSERT INTO post_cases (post_id, case_id, request_id) VALUES (?1, ?2, ?3) "
                                            "ON CONFLICT DO NOTHING",
                                            error);

      if (stmt == NULL)
        return FALSE;
      civic_db_bind_int64 (stmt, 1, post_id);
      civic_db_bind_int64 (stmt, 2, c->id);
      civic_db_bind_text (stmt, 3, c->request_id);
      if (!civic_db_run (stmt, error))
        return FALSE;
      civic_json_string (&jw, c->request_id);

      if (!g_hash_table_contains (old_cases, c->request_id))
        {
          g_autofree char *note = g_strdup_printf ("%s: linked in a post by %s: %s",
                                                   c->request_id, w->actor, excerpt);

          /* the case's timeline shows where it was discussed */
          if (!civic_case_add_event (w, c->id, "linked_post", excerpt, NULL, post_ref, FALSE, error) ||
              !civic_notify_followers (w, told, "case", c->request_id, "case", post_id, c->id, note, error))
            return FALSE;
        }
    }
  civic_json_end_array (&jw);
  return TRUE;
}

gboolean
civic_feed_store_links (CivicWrite  *w,
                        gint64       post_id,
                        const char  *body,
                        gint64       created,
                        gint64       explicit_case_id,
                        GHashTable  *told,
                        GError     **error)
{
  g_autoptr(GArray) tokens = civic_text_scan (civic_feed_scanner (), body, -1);
  g_autofree char *excerpt = civic_feed_excerpt (body);
  g_autoptr(GHashTable) old_tags = NULL;
  g_autoptr(GHashTable) old_mentions = NULL;
  g_autoptr(GHashTable) old_cases = NULL;
  g_autoptr(GString) tags_json = g_string_new (NULL);
  g_autoptr(GString) mentions_json = g_string_new (NULL);
  g_autoptr(GString) cases_json = g_string_new (NULL);
  gint64 main_case_id = 0;
  CivicDbStmt *stmt;

  old_tags = read_set (w, "SELECT tag_key FROM post_tags WHERE post_id = ?1", post_id, error);
  if (error != NULL && *error != NULL)
    return FALSE;
  old_mentions = read_set (w, "SELECT target FROM post_mentions WHERE post_id = ?1", post_id, error);
  if (error != NULL && *error != NULL)
    return FALSE;
  old_cases = read_set (w, "SELECT request_id FROM post_cases WHERE post_id = ?1", post_id, error);
  if (error != NULL && *error != NULL)
    return FALSE;

  if (!run_post_sql (w, "DELETE FROM post_tags WHERE post_id = ?1", post_id, error) ||
      !run_post_sql (w, "DELETE FROM post_mentions WHERE post_id = ?1", post_id, error) ||
      !run_post_sql (w, "DELETE FROM post_cases WHERE post_id = ?1", post_id, error))
    return FALSE;

  /* mentions first: being named is the strongest reason to hear about a
   * post, and each person hears about it once */
  if (!store_mentions (w, post_id, tokens, old_mentions, told, excerpt, mentions_json, error) ||
      !store_cases (w, post_id, tokens, explicit_case_id, old_cases, told, excerpt, cases_json,
                    &main_case_id, error) ||
      !store_tags (w, post_id, body, created, old_tags, told, excerpt, tags_json, error))
    return FALSE;

  stmt = civic_db_prepare (w->conn,
                           "UPDATE posts SET tags = ?2, mentions = ?3, case_refs = ?4, case_id = ?5, seq = ?6 "
                           "WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, post_id);
  civic_db_bind_text (stmt, 2, tags_json->str);
  civic_db_bind_text (stmt, 3, mentions_json->str);
  civic_db_bind_text (stmt, 4, cases_json->str);
  if (main_case_id > 0)
    civic_db_bind_int64 (stmt, 5, main_case_id);
  else
    civic_db_bind_null (stmt, 5);
  civic_db_bind_int64 (stmt, 6, w->seq);
  return civic_db_run (stmt, error);
}
