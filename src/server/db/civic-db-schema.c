/* civic-db-schema.c
 *
 * The schema is written once with three placeholders that the dialects
 * spell differently: @ID@ (an auto-assigned 64-bit key), @INT@ (64-bit
 * integer) and @REAL@ (double). Times are Unix seconds (UTC) in @INT@
 * columns; they are formatted for clients at the edge.
 *
 * Every row that clients replicate carries `seq`: the value of the global
 * change sequence when it last changed. The changes feed reads rows by
 * `seq`; deletions leave a row in `tombstones`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-db-schema.h"
#include "civic-db-search.h"

static const char schema_v1[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
  /* One row: the global change sequence. Bumping it in a write transaction
   * serialises writers, so commit order and sequence order agree and a
   * client paging with after=SEQ never skips a row committed late. */
  "CREATE TABLE change_seq (id INTEGER PRIMARY KEY CHECK (id = 1), value @INT@ NOT NULL);\n"
  "INSERT INTO change_seq (id, value) VALUES (1, 0);\n"
  "CREATE TABLE departments (\n"
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL, seq @INT@ NOT NULL);\n"
  "CREATE TABLE services (\n"
  "  code TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',\n"
  "  grp TEXT NOT NULL DEFAULT '', keywords TEXT NOT NULL DEFAULT '',\n"
  "  metadata INTEGER NOT NULL DEFAULT 0, type TEXT NOT NULL DEFAULT 'realtime',\n"
  "  department_id TEXT REFERENCES departments (id), sla_hours INTEGER NOT NULL DEFAULT 72,\n"
  "  uses_token INTEGER NOT NULL DEFAULT 0,\n"
  "  attributes TEXT NOT NULL DEFAULT '[]', seq @INT@ NOT NULL);\n"
  "CREATE TABLE users (\n"
  "  username TEXT PRIMARY KEY, display_name TEXT NOT NULL,\n"
  "  department_id TEXT REFERENCES departments (id), role TEXT NOT NULL,\n"
  "  password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,\n"
  "  created @INT@ NOT NULL, seq @INT@ NOT NULL);\n"
  "CREATE TABLE sessions (\n"
  "  token_hash TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES users (username),\n"
  "  created @INT@ NOT NULL, expires @INT@ NOT NULL);\n"
  "CREATE TABLE api_keys (key_hash TEXT PRIMARY KEY, name TEXT NOT NULL, created @INT@ NOT NULL);\n"
  "CREATE TABLE cases (\n"
  "  id @ID@,\n"
  "  request_id TEXT NOT NULL UNIQUE,\n"
  "  token TEXT UNIQUE,\n"
  "  state TEXT NOT NULL,\n"
  "  status_notes TEXT,\n"
  "  service_code TEXT NOT NULL,\n"
  "  service_name TEXT,\n"
  "  description TEXT,\n"
  "  agency_responsible TEXT,\n"
  "  service_notice TEXT,\n"
  "  requested @INT@ NOT NULL,\n"
  "  updated @INT@ NOT NULL,\n"
  "  expected @INT@,\n"
  "  closed @INT@,\n"
  "  address TEXT,\n"
  "  address_id TEXT,\n"
  "  zipcode TEXT,\n"
  "  lat @REAL@,\n"
  "  lon @REAL@,\n"
  "  media_url TEXT,\n"
  "  department_id TEXT,\n"
  "  assignee TEXT,\n"
  "  priority TEXT NOT NULL DEFAULT 'normal',\n"
  "  channel TEXT NOT NULL DEFAULT 'phone',\n"
  "  reporter_name TEXT,\n"
  "  reporter_email TEXT,\n"
  "  reporter_phone TEXT,\n"
  "  device_id TEXT,\n"
  "  account_id TEXT,\n"
  "  tags TEXT NOT NULL DEFAULT '[]',\n"
  "  attributes TEXT NOT NULL DEFAULT '{}',\n"
  "  duplicate_of TEXT,\n"
  "  version @INT@ NOT NULL DEFAULT 1,\n"
  "  seq @INT@ NOT NULL);\n"
  "CREATE INDEX cases_seq ON cases (seq);\n"
  "CREATE INDEX cases_requested ON cases (requested);\n"
  "CREATE INDEX cases_updated ON cases (updated);\n"
  "CREATE INDEX cases_service ON cases (service_code, requested);\n"
  "CREATE INDEX cases_state ON cases (state, requested);\n"
  "CREATE TABLE case_tags (\n"
  "  case_id @INT@ NOT NULL REFERENCES cases (id), tag_key TEXT NOT NULL, tag TEXT NOT NULL,\n"
  "  PRIMARY KEY (case_id, tag_key));\n"
  "CREATE INDEX case_tags_key ON case_tags (tag_key);\n"
  "CREATE TABLE case_events (\n"
  "  id @ID@,\n"
  "  case_id @INT@ NOT NULL REFERENCES cases (id),\n"
  "  kind TEXT NOT NULL,\n"
  "  author TEXT,\n"
  "  body TEXT NOT NULL DEFAULT '',\n"
  "  old_value TEXT,\n"
  "  new_value TEXT,\n"
  "  public INTEGER NOT NULL DEFAULT 0,\n"
  "  created @INT@ NOT NULL,\n"
  "  seq @INT@ NOT NULL);\n"
  "CREATE INDEX case_events_case ON case_events (case_id, id);\n"
  "CREATE INDEX case_events_seq ON case_events (seq);\n"
  "CREATE TABLE posts (\n"
  "  id @ID@,\n"
  "  author TEXT NOT NULL,\n"
  "  body TEXT NOT NULL,\n"
  "  parent_id @INT@ REFERENCES posts (id),\n"
  "  case_id @INT@ REFERENCES cases (id),\n"
  "  created @INT@ NOT NULL,\n"
  "  edited @INT@,\n"
  "  pinned_until @INT@,\n"
  "  like_count @INT@ NOT NULL DEFAULT 0,\n"
  "  reply_count @INT@ NOT NULL DEFAULT 0,\n"
  "  tags TEXT NOT NULL DEFAULT '[]',\n"
  "  mentions TEXT NOT NULL DEFAULT '[]',\n"
  "  case_refs TEXT NOT NULL DEFAULT '[]',\n"
  "  seq @INT@ NOT NULL);\n"
  "CREATE INDEX posts_seq ON posts (seq);\n"
  "CREATE INDEX posts_parent ON posts (parent_id, id);\n"
  "CREATE INDEX posts_created ON posts (created);\n"
  "CREATE TABLE post_tags (\n"
  "  post_id @INT@ NOT NULL REFERENCES posts (id) ON DELETE CASCADE,\n"
  "  tag_key TEXT NOT NULL, tag TEXT NOT NULL, created @INT@ NOT NULL,\n"
  "  PRIMARY KEY (post_id, tag_key));\n"
  "CREATE INDEX post_tags_key ON post_tags (tag_key, created);\n"
  "CREATE TABLE post_mentions (\n"
  "  post_id @INT@ NOT NULL REFERENCES posts (id) ON DELETE CASCADE,\n"
  "  target TEXT NOT NULL, PRIMARY KEY (post_id, target));\n"
  "CREATE TABLE likes (\n"
  "  post_id @INT@ NOT NULL REFERENCES posts (id) ON DELETE CASCADE,\n"
  "  username TEXT NOT NULL, created @INT@ NOT NULL, seq @INT@ NOT NULL,\n"
  "  PRIMARY KEY (post_id, username));\n"
  "CREATE INDEX likes_seq ON likes (seq);\n"
  "CREATE TABLE follows (\n"
  "  username TEXT NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL,\n"
  "  created @INT@ NOT NULL, seq @INT@ NOT NULL,\n"
  "  PRIMARY KEY (username, kind, target));\n"
  "CREATE INDEX follows_target ON follows (kind, target);\n"
  "CREATE INDEX follows_seq ON follows (seq);\n"
  "CREATE TABLE notifications (\n"
  "  id @ID@,\n"
  "  username TEXT NOT NULL, kind TEXT NOT NULL, actor TEXT,\n"
  "  post_id @INT@, case_id @INT@, body TEXT NOT NULL DEFAULT '',\n"
  "  created @INT@ NOT NULL, read INTEGER NOT NULL DEFAULT 0, seq @INT@ NOT NULL);\n"
  "CREATE INDEX notifications_user ON notifications (username, id);\n"
  "CREATE INDEX notifications_seq ON notifications (seq);\n"
  "CREATE TABLE saved_views (\n"
  "  id @ID@, name TEXT NOT NULL, owner TEXT NOT NULL, filter TEXT NOT NULL,\n"
  "  created @INT@ NOT NULL, seq @INT@ NOT NULL);\n"
  "CREATE INDEX saved_views_seq ON saved_views (seq);\n"
  "CREATE TABLE tombstones (\n"
  "  entity TEXT NOT NULL, entity_id TEXT NOT NULL, seq @INT@ NOT NULL,\n"
  "  PRIMARY KEY (entity, entity_id));\n"
  "CREATE INDEX tombstones_seq ON tombstones (seq);\n"
  /* A retried write with the same key answers from here. */
  "CREATE TABLE idempotency (\n"
  "  key TEXT NOT NULL, username TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,\n"
  "  status INTEGER NOT NULL, body TEXT NOT NULL, created @INT@ NOT NULL,\n"
  "  PRIMARY KEY (key, username));\n"
  "CREATE TABLE audit (\n"
  "  id @ID@, seq @INT@ NOT NULL, at @INT@ NOT NULL, actor TEXT, action TEXT NOT NULL,\n"
  "  entity TEXT NOT NULL, entity_id TEXT NOT NULL, before TEXT, after TEXT);\n"
  "CREATE INDEX audit_entity ON audit (entity, entity_id);\n"
  "CREATE TABLE login_failures (\n"
  "  subject TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_at @INT@ NOT NULL);\n"
  /* ---- feed (posts, likes, follows, trending) ----
   * A post's tags, mentions and case references are also kept on the row
   * (posts.tags, .mentions, .case_refs)
   * as JSON arrays, as cases keep theirs, so a post is sent (feed pages,
   * the changes feed) from its own row without one query per post; the
   * post_tags / post_mentions / post_cases rows serve the filters. */
  "CREATE TABLE post_cases (\n"
  "  post_id @INT@ NOT NULL REFERENCES posts (id) ON DELETE CASCADE,\n"
  "  case_id @INT@ NOT NULL REFERENCES cases (id), request_id TEXT NOT NULL,\n"
  "  PRIMARY KEY (post_id, case_id));\n"
  "CREATE INDEX post_cases_request ON post_cases (request_id);\n"
  "CREATE INDEX post_mentions_target ON post_mentions (target, post_id);\n"
  "CREATE INDEX posts_author ON posts (author, id);\n"
  "CREATE INDEX posts_pinned ON posts (pinned_until);\n"
  /* Staff case queries (srv-cases): the queue filters by department and
   * assignee and sorts by due time; @FTS@ is the word-search index, which
   * each backend spells its own way (db/civic-db-search.c). */
  "CREATE INDEX cases_department ON cases (department_id, state);\n"
  "CREATE INDEX cases_assignee ON cases (assignee, state);\n"
  "CREATE INDEX cases_expected ON cases (expected);\n"
  "@FTS@;\n"
  /* ---- tracking numbers leased to desks (queue-create) ----
   * POST /api/v1/numbers advances meta's case-counter-YYYY by a block and
   * records it here; a create that brings its own service_request_id
   * must find it in a block of the same user (api/civic-api-numbers.c). */
  "CREATE TABLE number_leases (\n"
  "  id @ID@, username TEXT NOT NULL, year @INT@ NOT NULL,\n"
  "  first @INT@ NOT NULL, last @INT@ NOT NULL, created @INT@ NOT NULL);\n"
  "CREATE INDEX number_leases_user ON number_leases (username, year, first);\n"
  /* ---- trending (issue 8) ----
   * GET /api/v1/tags/trending reads the last 15 days of post_tags by
   * time, not every tag's whole history (51 ms → a few at 500,000 posts). */
  "CREATE INDEX post_tags_time ON post_tags (created, tag_key);\n";

static const char *
spell (CivicDbDialect  dialect,
       const char     *placeholder)
{
  gboolean pg = dialect == CIVIC_DB_DIALECT_POSTGRES;

  if (g_str_equal (placeholder, "ID"))
    return pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY";
  if (g_str_equal (placeholder, "INT"))
    return pg ? "BIGINT" : "INTEGER";
  if (g_str_equal (placeholder, "REAL"))
    return pg ? "DOUBLE PRECISION" : "REAL";
  if (g_str_equal (placeholder, "FTS"))
    return civic_db_search_schema (dialect);
  g_return_val_if_reached ("");
}

char *
civic_db_schema_sql (CivicDbDialect dialect,
                     int            version)
{
  const char *p;
  GString *out;

  g_return_val_if_fail (version == 1, NULL);

  out = g_string_new (NULL);
  for (p = schema_v1; *p != '\0'; p++)
    {
      const char *end;

      if (*p == '@' && (end = strchr (p + 1, '@')) != NULL && end - p <= 5)
        {
          g_autofree char *name = g_strndup (p + 1, end - p - 1);

          g_string_append (out, spell (dialect, name));
          p = end;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}
