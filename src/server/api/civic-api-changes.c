/* civic-api-changes.c: GET /api/v1/changes?after=SEQ&limit=N
 *
 * Every replicated table carries `seq`, the global change sequence of its
 * last change. A page is a merge of one cursor per table, each ordered by
 * seq, written straight into one JSON text: no row becomes an object on
 * the way, so a page of 5,000 cases costs little more than reading them.
 *
 * Two rules keep paging lossless:
 * - Every cursor is bounded by the sequence read before them (`seq <= current`).
 *   Writers bump the sequence inside their transaction and are serialised,
 *   so every write numbered ≤ current has committed when current is read;
 *   a row rewritten after that moves above current and comes on a later
 *   page. No read transaction spanning the cursors is needed.
 * - A page never ends inside one seq. A bulk write puts many rows at the
 *   same seq; `next` is the last seq sent and the client asks for rows
 *   after it, so the rest of that seq would be lost. When the limit falls
 *   inside a seq the whole seq is sent, even past the limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include "civic-api-changes.h"
#include "civic-error.h"
#include "civic-json-writer.h"
#include "civic-write.h"
#include "model/civic-case-record.h"
#include "model/civic-post-record.h"

typedef enum
{
  COL_TEXT,
  COL_INT,
  COL_TIME,     /* Unix seconds → w3 datetime */
  COL_BOOL,
  COL_JSON,     /* stored JSON text, sent as is */
} ColType;

typedef struct
{
  const char *name;
  ColType     type;
} Column;

/* Cases and posts are written by their record modules, as every other
 * endpoint sends them; the rest from a column table here. */
typedef enum
{
  ROWS_COLUMNS,
  ROWS_CASE,
  ROWS_POST,
} RowKind;

typedef struct
{
  const char   *entity;
  RowKind       kind;
  const char   *sql;         /* ?1 after, ?2 current, ?3 the requesting user; seq is the last column */
  const Column *columns;
  guint         n_columns;
  gboolean      per_user;    /* binds ?3 */
} Source;

static const Column event_columns[] = {
  { "id", COL_INT }, { "case_id", COL_INT }, { "service_request_id", COL_TEXT },
  { "kind", COL_TEXT }, { "author", COL_TEXT }, { "body", COL_TEXT },
  { "old_value", COL_TEXT }, { "new_value", COL_TEXT }, { "public", COL_BOOL },
  { "created", COL_TIME },
};

static const Column like_columns[] = {
  { "post_id", COL_INT }, { "username", COL_TEXT }, { "created", COL_TIME },
};

static const Column follow_columns[] = {
  { "username", COL_TEXT }, { "kind", COL_TEXT }, { "target", COL_TEXT }, { "created", COL_TIME },
};

static const Column notification_columns[] = {
  { "id", COL_INT }, { "username", COL_TEXT }, { "kind", COL_TEXT }, { "actor", COL_TEXT },
  { "post_id", COL_INT }, { "case_id", COL_INT }, { "body", COL_TEXT }, { "created", COL_TIME },
  { "read", COL_BOOL },
};

/* Never the password hash. */
static const Column user_columns[] = {
  { "username", COL_TEXT }, { "display_name", COL_TEXT }, { "department", COL_TEXT },
  { "role", COL_TEXT }, { "disabled", COL_BOOL }, { "created", COL_TIME },
};

static const Column department_columns[] = {
  { "id", COL_TEXT }, { "name", COL_TEXT },
};

static const Column service_columns[] = {
  { "service_code", COL_TEXT }, { "service_name", COL_TEXT }, { "description", COL_TEXT },
  { "group", COL_TEXT }, { "keywords", COL_TEXT }, { "metadata", COL_BOOL }, { "type", COL_TEXT },
  { "department", COL_TEXT }, { "sla_hours", COL_INT }, { "uses_token", COL_BOOL },
  { "attributes", COL_JSON },
};

static const Column saved_view_columns[] = {
  { "id", COL_INT }, { "name", COL_TEXT }, { "owner", COL_TEXT }, { "filter", COL_JSON },
  { "created", COL_TIME },
};

static const Column tombstone_columns[] = {
  { "entity", COL_TEXT }, { "id", COL_TEXT },
};

#define RANGE(alias) " WHERE " alias ".seq > ?1 AND " alias ".seq <= ?2 "
#define ORDER(alias) " ORDER BY " alias ".seq"

/* Within one seq, entities come in this order: a case before its events,
 * a post before its likes. */
static const Source sources[] = {
  { "case", ROWS_CASE, NULL /* case_sql () */, NULL, 0, FALSE },
  { "case_event", ROWS_COLUMNS,
    "SELECT e.id, e.case_id, c.request_id, e.kind, e.author, e.body, e.old_value, e.new_value,"
    " e.public, e.created, e.seq FROM case_events e LEFT JOIN cases c ON c.id = e.case_id"
    RANGE ("e") ORDER ("e"),
    event_columns, G_N_ELEMENTS (event_columns), FALSE },
  { "post", ROWS_POST, NULL /* post_sql () */, NULL, 0, FALSE },
  { "like", ROWS_COLUMNS,
    "SELECT l.post_id, l.username, l.created, l.seq FROM likes l"
    RANGE ("l") "AND l.username = ?3" ORDER ("l"),
    like_columns, G_N_ELEMENTS (like_columns), TRUE },
  { "follow", ROWS_COLUMNS,
    "SELECT f.username, f.kind, f.target, f.created, f.seq FROM follows f"
    RANGE ("f") "AND f.username = ?3" ORDER ("f"),
    follow_columns, G_N_ELEMENTS (follow_columns), TRUE },
  { "notification", ROWS_COLUMNS,
    "SELECT n.id, n.username, n.kind, n.actor, n.post_id, n.case_id, n.body, n.created, n.read, n.seq"
    " FROM notifications n" RANGE ("n") "AND n.username = ?3" ORDER ("n"),
    notification_columns, G_N_ELEMENTS (notification_columns), TRUE },
  { "user", ROWS_COLUMNS,
    "SELECT u.username, u.display_name, u.department_id, u.role, u.disabled, u.created, u.seq"
    " FROM users u" RANGE ("u") ORDER ("u"),
    user_columns, G_N_ELEMENTS (user_columns), FALSE },
  { "department", ROWS_COLUMNS,
    "SELECT d.id, d.name, d.seq FROM departments d" RANGE ("d") ORDER ("d"),
    department_columns, G_N_ELEMENTS (department_columns), FALSE },
  { "service", ROWS_COLUMNS,
    "SELECT s.code, s.name, s.description, s.grp, s.keywords, s.metadata, s.type, s.department_id,"
    " s.sla_hours, s.uses_token, s.attributes, s.seq FROM services s" RANGE ("s") ORDER ("s"),
    service_columns, G_N_ELEMENTS (service_columns), FALSE },
  { "saved_view", ROWS_COLUMNS,
    "SELECT v.id, v.name, v.owner, v.filter, v.created, v.seq FROM saved_views v"
    RANGE ("v") ORDER ("v"),
    saved_view_columns, G_N_ELEMENTS (saved_view_columns), FALSE },
  { "tombstone", ROWS_COLUMNS,
    "SELECT t.entity, t.entity_id, t.seq FROM tombstones t" RANGE ("t") ORDER ("t"),
    tombstone_columns, G_N_ELEMENTS (tombstone_columns), FALSE },
};

static const char *
case_sql (void)
{
  static gsize once = 0;
  static char *sql;

  if (g_once_init_enter (&once))
    {
      sql = g_strdup_printf ("SELECT %s, c.seq FROM cases c" RANGE ("c") ORDER ("c"),
                             civic_case_select_columns ());
      g_once_init_leave (&once, 1);
    }
  return sql;
}

static const char *
post_sql (void)
{
  static gsize once = 0;
  static char *sql;

  if (g_once_init_enter (&once))
    {
      sql = g_strdup_printf ("SELECT %s, p.seq FROM posts p" RANGE ("p") ORDER ("p"),
                             civic_post_select_columns ());
      g_once_init_leave (&once, 1);
    }
  return sql;
}

typedef struct
{
  const Source *source;
  CivicDbStmt  *stmt;
  int           seq_column;
  gboolean      has_row;
  gint64        seq;        /* of the row under the cursor */
} Cursor;

static void
write_row (CivicJsonWriter *w,
           Cursor          *cursor)
{
  const Source *src = cursor->source;
  CivicDbStmt *stmt = cursor->stmt;
  guint i;

  if (src->kind == ROWS_CASE)
    {
      civic_case_write_json (w, stmt, 0, CIVIC_CASE_VIEW_STAFF);
      return;
    }
  if (src->kind == ROWS_POST)
    {
      civic_post_write_json (w, stmt, 0);
      return;
    }
  civic_json_begin_object (w);
  for (i = 0; i < src->n_columns; i++)
    {
      int col = (int) i;

      civic_json_key (w, src->columns[i].name);
      if (civic_db_column_is_null (stmt, col))
        {
          civic_json_null (w);
          continue;
        }
      switch (src->columns[i].type)
        {
        case COL_TEXT:
          civic_json_string (w, civic_db_column_text (stmt, col));
          break;
        case COL_INT:
          civic_json_int (w, civic_db_column_int64 (stmt, col));
          break;
        case COL_BOOL:
          civic_json_bool (w, civic_db_column_int64 (stmt, col) != 0);
          break;
        case COL_JSON:
          civic_json_raw (w, civic_db_column_text (stmt, col));
          break;
        case COL_TIME:
          {
            char t[40];

            civic_format_time_buf (civic_db_column_int64 (stmt, col), t, sizeof t);
            civic_json_string (w, t);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  civic_json_end_object (w);
}

static gboolean
cursor_advance (Cursor  *cursor,
                GError **error)
{
  cursor->has_row = civic_db_step (cursor->stmt, error);
  if (cursor->has_row)
    cursor->seq = civic_db_column_int64 (cursor->stmt, cursor->seq_column);
  return error == NULL || *error == NULL;
}

/* Parses a whole non-negative decimal number; no sign, no spaces. */
static gboolean
parse_count (const char *text,
             gint64     *value)
{
  guint64 v = 0;

  if (text == NULL || *text == '\0' || strlen (text) > 18)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      v = v * 10 + (guint64) (*p - '0');
    }
  *value = (gint64) v;
  return TRUE;
}

static void
changes_get (CivicRequest *req)
{
  const char *after_text = civic_request_query (req, "after");
  const char *limit_text = civic_request_query (req, "limit");
  Cursor cursors[G_N_ELEMENTS (sources)];
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = NULL;
  CivicJsonWriter w;
  gint64 after = 0;
  gint64 limit = CIVIC_CHANGES_DEFAULT_LIMIT;
  gint64 current;
  gint64 last_seq = -1;
  gint64 count = 0;
  gboolean more = FALSE;
  guint n_open = 0;
  guint i;

  if (after_text != NULL && !parse_count (after_text, &after))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                         "“after” must be a change number (a whole number, 0 or more), not “%.40s”",
                         after_text);
      return;
    }
  if (limit_text != NULL &&
      (!parse_count (limit_text, &limit) || limit < 1 || limit > CIVIC_CHANGES_MAX_LIMIT))
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                         "“limit” must be a whole number from 1 to %d, not “%.40s”",
                         CIVIC_CHANGES_MAX_LIMIT, limit_text);
      return;
    }

  current = civic_write_current_seq (req->conn, &error);
  if (current < 0)
    {
      civic_reply_error (req, SOUP_STATUS_SERVICE_UNAVAILABLE,
                         "The list of changes cannot be read right now: %s",
                         error != NULL ? error->message : "the change sequence is missing");
      return;
    }

  for (i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      Cursor *c = &cursors[i];

      c->source = &sources[i];
      c->has_row = FALSE;
      switch (sources[i].kind)
        {
        case ROWS_CASE:
          c->stmt = civic_db_prepare (req->conn, case_sql (), &error);
          c->seq_column = (int) civic_case_n_fields + 1;   /* after the case's id */
          break;
        case ROWS_POST:
          c->stmt = civic_db_prepare (req->conn, post_sql (), &error);
          c->seq_column = civic_post_n_columns ();
          break;
        case ROWS_COLUMNS:
        default:
          c->stmt = civic_db_prepare (req->conn, sources[i].sql, &error);
          c->seq_column = (int) sources[i].n_columns;
          break;
        }
      if (c->stmt == NULL)
        break;
      n_open = i + 1;
      civic_db_bind_int64 (c->stmt, 1, after);
      civic_db_bind_int64 (c->stmt, 2, current);
      if (sources[i].per_user)
        civic_db_bind_text (c->stmt, 3, req->user->username);
      if (!cursor_advance (c, &error))
        break;
    }

  out = g_string_sized_new (64 * 1024);
  civic_json_writer_init (&w, out);
  civic_json_begin_object (&w);
  civic_json_key (&w, "changes");
  civic_json_begin_array (&w);

  while (error == NULL)
    {
      Cursor *next = NULL;

      for (i = 0; i < n_open; i++)
        if (cursors[i].has_row && (next == NULL || cursors[i].seq < next->seq))
          next = &cursors[i];
      if (next == NULL)
        break;
      /* full, and the seq we were sending is complete */
      if (count >= limit && next->seq != last_seq)
        {
          more = TRUE;
          break;
        }

      civic_json_begin_object (&w);
      civic_json_member_string (&w, "entity", next->source->entity);
      civic_json_member_int (&w, "seq", next->seq);
      civic_json_key (&w, "data");
      write_row (&w, next);
      civic_json_end_object (&w);
      last_seq = next->seq;
      count++;
      cursor_advance (next, &error);
    }

  for (i = 0; i < n_open; i++)
    if (cursors[i].has_row)
      civic_db_done (cursors[i].stmt);

  if (error != NULL)
    {
      civic_reply_error (req, SOUP_STATUS_SERVICE_UNAVAILABLE,
                         "The list of changes cannot be read right now: %s", error->message);
      return;
    }

  civic_json_end_array (&w);
  /* When every cursor ran out, everything up to current was sent, even
   * sequence numbers with nothing this user may see: the client resumes
   * from current instead of scanning them again. */
  civic_json_member_int (&w, "next", more ? last_seq : MAX (after, current));
  civic_json_member_bool (&w, "more", more);
  civic_json_member_int (&w, "current", current);
  civic_json_end_object (&w);

  {
    gsize len = out->len;

    civic_reply_raw (req, SOUP_STATUS_OK, "application/json; charset=utf-8",
                     g_string_free (g_steal_pointer (&out), FALSE), len);
  }
}

static const CivicRoute routes[] = {
  { "GET", "/api/v1/changes", changes_get, CIVIC_ROUTE_STAFF },
};

void
civic_api_changes_register (CivicServer *server)
{
  civic_server_add_routes (server, routes, G_N_ELEMENTS (routes));
}
