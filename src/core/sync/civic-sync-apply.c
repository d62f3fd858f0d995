/* civic-sync-apply.c: one page of the changes feed into the replica
 *
 * The whole page and the cursor go in one transaction. Cases are
 * gathered first and written in one batch through the store's own put
 * path (bulk when the engine opened a bulk fill), so tag rows, counts and
 * the search index stay right; the other entities follow in feed order.
 * Everything is keyed by the server's identity, so applying a page twice
 * changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-sync-apply.h"

#include <string.h>

#include "civic-case-private.h"
#include "civic-error.h"
#include "civic-store-private.h"
#include "civic-sync-private.h"

#define MAX_LISTED_CASES 1000

/* ---- times ----------------------------------------------------------- */

static gboolean
digits (const char *p,
        int         n,
        int        *value)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      v = v * 10 + (p[i] - '0');
    }
  *value = v;
  return TRUE;
}

/* days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant) */
static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

gboolean
civic_sync_parse_time (const char *text,
                       gint64     *unix_seconds)
{
  int y, mo, d, h, mi, s, oh = 0, om = 0, sign = 0;
  const char *p;

  /* the server's one shape, read without GDateTime: 100,000 cases carry
   * three each */
  if (text == NULL || strlen (text) < 19 ||
      !digits (text, 4, &y) || text[4] != '-' || !digits (text + 5, 2, &mo) || text[7] != '-' ||
      !digits (text + 8, 2, &d) || (text[10] != 'T' && text[10] != ' ') ||
      !digits (text + 11, 2, &h) || text[13] != ':' || !digits (text + 14, 2, &mi) ||
      text[16] != ':' || !digits (text + 17, 2, &s) ||
      mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
    goto slow;

  p = text + 19;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      ;
  if (*p == 'Z' && p[1] == '\0')
    sign = 0;
  else if ((*p == '+' || *p == '-') && strlen (p) == 6 && digits (p + 1, 2, &oh) &&
           p[3] == ':' && digits (p + 4, 2, &om))
    sign = *p == '+' ? 1 : -1;
  else
    goto slow;

  *unix_seconds = days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + s -
                  sign * (oh * 3600 + om * 60);
  return TRUE;

slow:
  {
    g_autoptr(GDateTime) dt = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

    if (dt == NULL)
      return FALSE;
    *unix_seconds = g_date_time_to_unix (dt);
    return TRUE;
  }
}

char *
civic_sync_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

/* ---- priorities ------------------------------------------------------ */

static const char * const priority_names[] = { "low", "normal", "high", "urgent" };

int
civic_priority_from_name (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (priority_names); i++)
    if (g_ascii_strcasecmp (name, priority_names[i]) == 0)
      return (int) i + 2;
  return 0;
}

const char *
civic_priority_to_name (int priority)
{
  if (priority <= 2)
    return "low";
  if (priority >= 5)
    return "urgent";
  return priority_names[priority - 2];
}

/* ---- reading members with their types checked ------------------------ */

typedef struct
{
  const char  *entity;
  gint64       seq;
  GError     **error;
} Ctx;

static gboolean
malformed (Ctx        *ctx,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static gboolean
malformed (Ctx        *ctx,
           const char *format,
           ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (ctx->error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
               "The service sent a change this desk cannot read (%s, change %" G_GINT64_FORMAT
               "): %s. Nothing from that page was saved.",
               ctx->entity != NULL ? ctx->entity : "unknown entity", ctx->seq, what);
  return FALSE;
}

static gboolean
holds (JsonNode *node,
       GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* A string member: NULL when absent or null; FALSE (and error) for any
 * other type, or when @required and missing. */
static gboolean
get_str (Ctx         *ctx,
         JsonObject  *o,
         const char  *name,
         gboolean     required,
         const char **out)
{
  JsonNode *node = json_object_get_member (o, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return !required || malformed (ctx, "“%s” is missing", name);
  if (!holds (node, G_TYPE_STRING))
    return malformed (ctx, "“%s” is not text", name);
  *out = json_node_get_string (node);
  if (required && **out == '\0')
    return malformed (ctx, "“%s” is empty", name);
  return TRUE;
}

static gboolean
get_int (Ctx         *ctx,
         JsonObject  *o,
         const char  *name,
         gboolean     required,
         gint64      *out)
{
  JsonNode *node = json_object_get_member (o, name);

  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return !required || malformed (ctx, "“%s” is missing", name);
  if (!holds (node, G_TYPE_INT64))
    return malformed (ctx, "“%s” is not a whole number", name);
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_bool (Ctx         *ctx,
          JsonObject  *o,
          const char  *name,
          gboolean    *out)
{
  JsonNode *node = json_object_get_member (o, name);

  *out = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (holds (node, G_TYPE_BOOLEAN))
    *out = json_node_get_boolean (node);
  else if (holds (node, G_TYPE_INT64))
    *out = json_node_get_int (node) != 0;
  else
    return malformed (ctx, "“%s” is not true or false", name);
  return TRUE;
}

static gboolean
get_double (Ctx         *ctx,
            JsonObject  *o,
            const char  *name,
            double      *out)
{
  JsonNode *node = json_object_get_member (o, name);

  *out = 0.0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (holds (node, G_TYPE_DOUBLE))
    *out = json_node_get_double (node);
  else if (holds (node, G_TYPE_INT64))
    *out = (double) json_node_get_int (node);
  else
    return malformed (ctx, "“%s” is not a number", name);
  return TRUE;
}

static gboolean
get_time (Ctx         *ctx,
          JsonObject  *o,
          const char  *name,
          gint64      *out)
{
  const char *text;

  *out = 0;
  if (!get_str (ctx, o, name, FALSE, &text))
    return FALSE;
  if (text != NULL && *text != '\0' && !civic_sync_parse_time (text, out))
    return malformed (ctx, "“%s” is not a date and time", name);
  return TRUE;
}

/* Any JSON member kept as its text (arrays, objects); NULL when absent. */
static char *
get_json_text (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return json_to_string (node, FALSE);
}

/* ---- cases ----------------------------------------------------------- */

static gboolean
case_from_json (Ctx        *ctx,
                JsonObject *o,
                CivicCase  *c)
{
  const char *s;
  JsonNode *tags;
  gint64 version;
  int v;

  if (!get_str (ctx, o, "service_request_id", TRUE, &s))
    return FALSE;
  c->service_request_id = g_strdup (s);

  if (!get_str (ctx, o, "state", FALSE, &s))
    return FALSE;
  if (s == NULL && !get_str (ctx, o, "status", FALSE, &s))
    return FALSE;
  if (s == NULL || g_str_equal (s, "open"))
    c->state = CIVIC_CASE_STATE_NEW;
  else if (civic_enum_from_nick (CIVIC_TYPE_CASE_STATE, s, &v))
    c->state = v;
  else
    return malformed (ctx, "“%s” is not a case state", s);

#define TEXT(field, name) \
  G_STMT_START { \
    if (!get_str (ctx, o, name, FALSE, &s)) \
      return FALSE; \
    c->field = g_strdup (s); \
  } G_STMT_END
  TEXT (status_notes, "status_notes");
  TEXT (service_code, "service_code");
  TEXT (service_name, "service_name");
  TEXT (description, "description");
  TEXT (agency_responsible, "agency_responsible");
  TEXT (service_notice, "service_notice");
  TEXT (address, "address");
  TEXT (address_id, "address_id");
  TEXT (zipcode, "zipcode");
  TEXT (media_url, "media_url");
  TEXT (department, "department");
  TEXT (assignee, "assignee");
  TEXT (reporter_name, "reporter_name");
  TEXT (reporter_email, "reporter_email");
  TEXT (reporter_phone, "reporter_phone");
  TEXT (duplicate_of, "duplicate_of");
#undef TEXT

  if (!get_time (ctx, o, "requested_datetime", &c->requested_datetime) ||
      !get_time (ctx, o, "updated_datetime", &c->updated_datetime) ||
      !get_time (ctx, o, "expected_datetime", &c->expected_datetime) ||
      !get_time (ctx, o, "closed_datetime", &c->closed_datetime) ||
      !get_double (ctx, o, "lat", &c->lat) ||
      !get_double (ctx, o, "long", &c->lon) ||
      !get_int (ctx, o, "version", FALSE, &version))
    return FALSE;
  c->version = version;

  if (!get_str (ctx, o, "priority", FALSE, &s))
    return FALSE;
  c->priority = s != NULL ? civic_priority_from_name (s) : 3;
  if (c->priority == 0)
    return malformed (ctx, "“%s” is not a priority", s);

  if (!get_str (ctx, o, "channel", FALSE, &s))
    return FALSE;
  /* a channel this desk does not know yet is still a case to show */
  c->channel = s != NULL && civic_enum_from_nick (CIVIC_TYPE_CHANNEL, s, &v) ? (CivicChannel) v
                                                                           : CIVIC_CHANNEL_INTERNAL;

  tags = json_object_get_member (o, "tags");
  if (tags != NULL && JSON_NODE_HOLDS_ARRAY (tags))
    {
      JsonArray *array = json_node_get_array (tags);
      guint n = json_array_get_length (array);
      guint k = 0;

      if (n > 0)
        {
          c->tags = g_new0 (char *, n + 1);
          for (guint i = 0; i < n; i++)
            {
              JsonNode *t = json_array_get_element (array, i);

              if (!holds (t, G_TYPE_STRING))
                return malformed (ctx, "a tag is not text");
              c->tags[k++] = g_strdup (json_node_get_string (t));
            }
        }
    }
  else if (tags != NULL && !JSON_NODE_HOLDS_NULL (tags))
    return malformed (ctx, "“tags” is not a list");

  return TRUE;
}

CivicCase *
civic_case_from_staff_json (JsonObject  *object,
                            GError     **error)
{
  g_autoptr(CivicCase) c = civic_case_new ();
  Ctx ctx = { "case", 0, error };

  g_return_val_if_fail (object != NULL, NULL);

  if (!case_from_json (&ctx, object, c))
    return NULL;
  return g_steal_pointer (&c);
}

/* ---- the other entities ---------------------------------------------- */

/* Lists a case the page touched, up to one more than the summary keeps
 * (the summary then says "too many" with NULL). */
static void
touch (GPtrArray  *touched,
       const char *request_id)
{
  if (touched->len <= MAX_LISTED_CASES)
    g_ptr_array_add (touched, g_strdup (request_id));
}

static gboolean
step (CivicStore    *store,
      sqlite3_stmt  *stmt,
      GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  civic_store_set_error (store, rc, error);
  return FALSE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           i,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

static const char *
event_kind (const char *kind,
            gboolean    is_public)
{
  int v;

  /* the server's notes are one kind with a flag; the timeline shows two */
  if (g_strcmp0 (kind, "note") == 0)
    return is_public ? "public_note" : "internal_note";
  if (civic_enum_from_nick (CIVIC_TYPE_CASE_EVENT_KIND, kind, &v))
    return kind;
  return kind;
}

static gboolean
apply_event (CivicStore  *store,
             Ctx         *ctx,
             JsonObject  *o,
             GPtrArray   *touched)
{
  const char *request_id, *kind, *author, *body, *old_value, *new_value;
  gint64 id, created;
  gboolean is_public, exists;
  sqlite3_stmt *stmt;
  int rc;

  if (!get_int (ctx, o, "id", TRUE, &id) ||
      !get_str (ctx, o, "service_request_id", FALSE, &request_id) ||
      !get_str (ctx, o, "kind", TRUE, &kind) ||
      !get_str (ctx, o, "author", FALSE, &author) ||
      !get_str (ctx, o, "body", FALSE, &body) ||
      !get_str (ctx, o, "old_value", FALSE, &old_value) ||
      !get_str (ctx, o, "new_value", FALSE, &new_value) ||
      !get_bool (ctx, o, "public", &is_public) ||
      !get_time (ctx, o, "created", &created))
    return FALSE;
  /* an event of a case the server no longer has: nothing to hang it on */
  if (request_id == NULL)
    return TRUE;

  stmt = civic_store_prepare (store, "SELECT 1 FROM cases WHERE service_request_id = ?", ctx->error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, request_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, ctx->error);
      return FALSE;
    }
  exists = rc == SQLITE_ROW;

  stmt = civic_store_prepare (store,
                              exists
                              ? "INSERT INTO case_events (server_id, case_id, kind, author, body, created,"
                                " old_value, new_value, public) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                                " ON CONFLICT (server_id) WHERE server_id IS NOT NULL DO UPDATE SET"
                                " case_id = excluded.case_id, kind = excluded.kind, author = excluded.author,"
                                " body = excluded.body, created = excluded.created,"
                                " old_value = excluded.old_value, new_value = excluded.new_value,"
                                " public = excluded.public"
                              : "INSERT OR REPLACE INTO case_events_pending (server_id, case_id, kind, author,"
                                " body, created, old_value, new_value, public)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, request_id);
  bind_text (stmt, 3, event_kind (kind, is_public));
  bind_text (stmt, 4, author);
  bind_text (stmt, 5, body);
  sqlite3_bind_int64 (stmt, 6, created);
  bind_text (stmt, 7, old_value);
  bind_text (stmt, 8, new_value);
  sqlite3_bind_int (stmt, 9, is_public);
  if (!step (store, stmt, ctx->error))
    return FALSE;

  touch (touched, request_id);
  return TRUE;
}

/* Events that waited for their case, moved once the case is here. */
static gboolean
settle_pending_events (CivicStore  *store,
                       GError     **error)
{
  sqlite3_stmt *stmt = civic_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM case_events_pending)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 0)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  sqlite3_reset (stmt);

  return civic_store_exec (store,
                           "INSERT INTO case_events (server_id, case_id, kind, author, body, created,"
                           " old_value, new_value, public)"
                           " SELECT p.server_id, p.case_id, p.kind, p.author, p.body, p.created,"
                           " p.old_value, p.new_value, p.public FROM case_events_pending p"
                           " WHERE p.case_id IN (SELECT service_request_id FROM cases) AND true"
                           " ON CONFLICT (server_id) WHERE server_id IS NOT NULL DO NOTHING;"
                           "DELETE FROM case_events_pending"
                           " WHERE case_id IN (SELECT service_request_id FROM cases);",
                           error);
}

static gboolean
apply_post (CivicStore  *store,
            Ctx         *ctx,
            JsonObject  *o)
{
  const char *author, *display_name, *body, *request_id;
  gint64 id, created, edited, parent_id, like_count, reply_count, pinned_until;
  g_autofree char *tags = NULL, *mentions = NULL, *case_refs = NULL;
  sqlite3_stmt *stmt;

  if (!get_int (ctx, o, "id", TRUE, &id) ||
      !get_str (ctx, o, "author", FALSE, &author) ||
      !get_str (ctx, o, "author_display_name", FALSE, &display_name) ||
      !get_str (ctx, o, "body", FALSE, &body) ||
      !get_time (ctx, o, "created", &created) ||
      !get_time (ctx, o, "edited", &edited) ||
      !get_int (ctx, o, "parent_id", FALSE, &parent_id) ||
      !get_str (ctx, o, "case", FALSE, &request_id) ||
      !get_int (ctx, o, "like_count", FALSE, &like_count) ||
      !get_int (ctx, o, "reply_count", FALSE, &reply_count) ||
      !get_time (ctx, o, "pinned_until", &pinned_until))
    return FALSE;
  tags = get_json_text (o, "tags");
  mentions = get_json_text (o, "mentions");
  case_refs = get_json_text (o, "case_refs");

  /* an upsert, not REPLACE: the search index's delete trigger must see
   * the old body */
  stmt = civic_store_prepare (store,
                              "INSERT INTO posts (id, author, body, created, edited, parent_id, pinned_until,"
                              " like_count, case_id, tags, mentions, case_refs, reply_count, author_display_name)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
                              " ON CONFLICT (id) DO UPDATE SET author = excluded.author, body = excluded.body,"
                              " created = excluded.created, edited = excluded.edited,"
                              " parent_id = excluded.parent_id, pinned_until = excluded.pinned_until,"
                              " like_count = excluded.like_count, case_id = excluded.case_id,"
                              " tags = excluded.tags, mentions = excluded.mentions,"
                              " case_refs = excluded.case_refs, reply_count = excluded.reply_count,"
                              " author_display_name = excluded.author_display_name",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, author);
  bind_text (stmt, 3, body != NULL ? body : "");
  sqlite3_bind_int64 (stmt, 4, created);
  sqlite3_bind_int64 (stmt, 5, edited);
  sqlite3_bind_int64 (stmt, 6, parent_id);
  sqlite3_bind_int64 (stmt, 7, pinned_until);
  sqlite3_bind_int64 (stmt, 8, like_count);
  bind_text (stmt, 9, request_id);
  bind_text (stmt, 10, tags);
  bind_text (stmt, 11, mentions);
  bind_text (stmt, 12, case_refs);
  sqlite3_bind_int64 (stmt, 13, reply_count);
  bind_text (stmt, 14, display_name);
  return step (store, stmt, ctx->error);
}

static gboolean
apply_like (CivicStore  *store,
            Ctx         *ctx,
            JsonObject  *o)
{
  const char *username;
  gint64 post_id, created;
  sqlite3_stmt *stmt;

  if (!get_int (ctx, o, "post_id", TRUE, &post_id) ||
      !get_str (ctx, o, "username", TRUE, &username) ||
      !get_time (ctx, o, "created", &created))
    return FALSE;
  stmt = civic_store_prepare (store,
                              "INSERT OR REPLACE INTO likes (post_id, username, created) VALUES (?, ?, ?)",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, post_id);
  bind_text (stmt, 2, username);
  sqlite3_bind_int64 (stmt, 3, created);
  return step (store, stmt, ctx->error);
}

static gboolean
apply_follow (CivicStore  *store,
              Ctx         *ctx,
              JsonObject  *o)
{
  const char *username, *kind, *target;
  gint64 created;
  sqlite3_stmt *stmt;

  if (!get_str (ctx, o, "username", TRUE, &username) ||
      !get_str (ctx, o, "kind", TRUE, &kind) ||
      !get_str (ctx, o, "target", TRUE, &target) ||
      !get_time (ctx, o, "created", &created))
    return FALSE;
  stmt = civic_store_prepare (store,
                              "INSERT OR REPLACE INTO follows (username, kind, target, created) VALUES (?, ?, ?, ?)",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, username);
  bind_text (stmt, 2, kind);
  bind_text (stmt, 3, target);
  sqlite3_bind_int64 (stmt, 4, created);
  return step (store, stmt, ctx->error);
}

static gboolean
apply_notification (CivicStore  *store,
                    Ctx         *ctx,
                    JsonObject  *o)
{
  const char *username, *kind, *actor, *body;
  gint64 id, post_id, case_id, created;
  gboolean read;
  sqlite3_stmt *stmt;

  if (!get_int (ctx, o, "id", TRUE, &id) ||
      !get_str (ctx, o, "username", FALSE, &username) ||
      !get_str (ctx, o, "kind", FALSE, &kind) ||
      !get_str (ctx, o, "actor", FALSE, &actor) ||
      !get_int (ctx, o, "post_id", FALSE, &post_id) ||
      !get_int (ctx, o, "case_id", FALSE, &case_id) ||
      !get_str (ctx, o, "body", FALSE, &body) ||
      !get_time (ctx, o, "created", &created) ||
      !get_bool (ctx, o, "read", &read))
    return FALSE;
  stmt = civic_store_prepare (store,
                              "INSERT OR REPLACE INTO notifications"
                              " (id, username, kind, actor, post_id, case_id, body, created, read)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, username);
  bind_text (stmt, 3, kind);
  bind_text (stmt, 4, actor);
  if (post_id != 0)
    sqlite3_bind_int64 (stmt, 5, post_id);
  if (case_id != 0)
    sqlite3_bind_int64 (stmt, 6, case_id);
  bind_text (stmt, 7, body);
  sqlite3_bind_int64 (stmt, 8, created);
  sqlite3_bind_int (stmt, 9, read);
  return step (store, stmt, ctx->error);
}

static gboolean
apply_user (CivicStore  *store,
            Ctx         *ctx,
            JsonObject  *o)
{
  const char *username, *display_name, *department, *role;
  gboolean disabled;
  gint64 created;
  sqlite3_stmt *stmt;

  if (!get_str (ctx, o, "username", TRUE, &username) ||
      !get_str (ctx, o, "display_name", FALSE, &display_name) ||
      !get_str (ctx, o, "department", FALSE, &department) ||
      !get_str (ctx, o, "role", FALSE, &role) ||
      !get_bool (ctx, o, "disabled", &disabled) ||
      !get_time (ctx, o, "created", &created))
    return FALSE;
  stmt = civic_store_prepare (store,
                              "INSERT OR REPLACE INTO users (username, display_name, department, role,"
                              " disabled, created) VALUES (?, ?, ?, ?, ?, ?)",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, username);
  bind_text (stmt, 2, display_name);
  bind_text (stmt, 3, department);
  bind_text (stmt, 4, role);
  sqlite3_bind_int (stmt, 5, disabled);
  sqlite3_bind_int64 (stmt, 6, created);
  return step (store, stmt, ctx->error);
}

static gboolean
apply_department (CivicStore  *store,
                  Ctx         *ctx,
                  JsonObject  *o)
{
  const char *id, *name;
  sqlite3_stmt *stmt;

  if (!get_str (ctx, o, "id", TRUE, &id) ||
      !get_str (ctx, o, "name", FALSE, &name))
    return FALSE;
  stmt = civic_store_prepare (store, "INSERT OR REPLACE INTO departments (id, name) VALUES (?, ?)",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, name);
  return step (store, stmt, ctx->error);
}

/* "a, b ,c" → "a\nb\nc": the store keeps keywords one a line */
static char *
keywords_lines (const char *keywords)
{
  g_auto(GStrv) split = NULL;
  g_autoptr(GPtrArray) kept = NULL;

  if (keywords == NULL || *keywords == '\0')
    return NULL;
  split = g_strsplit_set (keywords, ",\n", -1);
  kept = g_ptr_array_new ();
  for (guint i = 0; split[i] != NULL; i++)
    if (*g_strstrip (split[i]) != '\0')
      g_ptr_array_add (kept, split[i]);
  g_ptr_array_add (kept, NULL);
  return g_strjoinv ("\n", (char **) kept->pdata);
}

static gboolean
apply_service (CivicStore  *store,
               Ctx         *ctx,
               JsonObject  *o)
{
  const char *code, *name, *description, *group, *keywords, *type, *department;
  g_autofree char *lines = NULL;
  g_autofree char *attributes = NULL;
  gboolean metadata, uses_token;
  gint64 sla_hours;
  sqlite3_stmt *stmt;

  if (!get_str (ctx, o, "service_code", TRUE, &code) ||
      !get_str (ctx, o, "service_name", FALSE, &name) ||
      !get_str (ctx, o, "description", FALSE, &description) ||
      !get_str (ctx, o, "group", FALSE, &group) ||
      !get_str (ctx, o, "keywords", FALSE, &keywords) ||
      !get_bool (ctx, o, "metadata", &metadata) ||
      !get_str (ctx, o, "type", FALSE, &type) ||
      !get_str (ctx, o, "department", FALSE, &department) ||
      !get_int (ctx, o, "sla_hours", FALSE, &sla_hours) ||
      !get_bool (ctx, o, "uses_token", &uses_token))
    return FALSE;
  lines = keywords_lines (keywords);
  /* the definition stays as the service wrote it: the form is built from it */
  attributes = get_json_text (o, "attributes");

  stmt = civic_store_prepare (store,
                              "INSERT OR REPLACE INTO services (code, name, description, grp, keywords,"
                              " metadata, type, department, sla_hours, uses_token, attributes)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, code);
  bind_text (stmt, 2, name);
  bind_text (stmt, 3, description);
  bind_text (stmt, 4, group);
  bind_text (stmt, 5, lines);
  sqlite3_bind_int (stmt, 6, metadata);
  bind_text (stmt, 7, type);
  bind_text (stmt, 8, department);
  sqlite3_bind_int64 (stmt, 9, sla_hours);
  sqlite3_bind_int (stmt, 10, uses_token);
  bind_text (stmt, 11, attributes);
  return step (store, stmt, ctx->error);
}

static gboolean
apply_saved_view (CivicStore  *store,
                  Ctx         *ctx,
                  JsonObject  *o)
{
  const char *name, *owner;
  g_autofree char *filter = NULL;
  gint64 id, created;
  sqlite3_stmt *stmt;

  if (!get_int (ctx, o, "id", TRUE, &id) ||
      !get_str (ctx, o, "name", FALSE, &name) ||
      !get_str (ctx, o, "owner", FALSE, &owner) ||
      !get_time (ctx, o, "created", &created))
    return FALSE;
  filter = get_json_text (o, "filter");
  stmt = civic_store_prepare (store,
                              "INSERT OR REPLACE INTO saved_views (id, name, owner, filter, created)"
                              " VALUES (?, ?, ?, ?, ?)",
                              ctx->error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, name);
  bind_text (stmt, 3, owner);
  bind_text (stmt, 4, filter);
  sqlite3_bind_int64 (stmt, 5, created);
  return step (store, stmt, ctx->error);
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  *id = g_ascii_strtoll (text, &end, 10);
  return end != NULL && *end == '\0';
}

static gboolean
apply_tombstone (CivicStore  *store,
                 Ctx         *ctx,
                 JsonObject  *o,
                 guint       *kinds)
{
  const char *entity, *id;
  sqlite3_stmt *stmt;
  gint64 n;

  if (!get_str (ctx, o, "entity", TRUE, &entity) ||
      !get_str (ctx, o, "id", TRUE, &id))
    return FALSE;

  if (g_str_equal (entity, "post") || g_str_equal (entity, "saved_view"))
    {
      gboolean post = g_str_equal (entity, "post");

      if (!parse_id (id, &n))
        return malformed (ctx, "“%s” is not the id of a %s", id, entity);
      stmt = civic_store_prepare (store,
                                  post ? "DELETE FROM posts WHERE id = ?" : "DELETE FROM saved_views WHERE id = ?",
                                  ctx->error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, n);
      if (!step (store, stmt, ctx->error))
        return FALSE;
      if (post)
        {
          stmt = civic_store_prepare (store, "DELETE FROM likes WHERE post_id = ?", ctx->error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, n);
          if (!step (store, stmt, ctx->error))
            return FALSE;
        }
      *kinds |= post ? CIVIC_SYNC_KIND_POSTS : CIVIC_SYNC_KIND_CATALOG;
    }
  else if (g_str_equal (entity, "like"))
    {
      const char *colon = strchr (id, ':');
      g_autofree char *post_text = colon != NULL ? g_strndup (id, (gsize) (colon - id)) : NULL;

      if (colon == NULL || !parse_id (post_text, &n))
        return malformed (ctx, "“%s” does not name a like (post:user)", id);
      stmt = civic_store_prepare (store, "DELETE FROM likes WHERE post_id = ? AND username = ?", ctx->error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, n);
      bind_text (stmt, 2, colon + 1);
      if (!step (store, stmt, ctx->error))
        return FALSE;
      *kinds |= CIVIC_SYNC_KIND_SOCIAL;
    }
  else if (g_str_equal (entity, "follow"))
    {
      /* user:kind:target; a target may itself hold colons, the user and
       * kind never do */
      g_auto(GStrv) parts = g_strsplit (id, ":", 3);

      if (g_strv_length (parts) != 3)
        return malformed (ctx, "“%s” does not name a follow (user:kind:target)", id);
      stmt = civic_store_prepare (store, "DELETE FROM follows WHERE username = ? AND kind = ? AND target = ?",
                                  ctx->error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, parts[0]);
      bind_text (stmt, 2, parts[1]);
      bind_text (stmt, 3, parts[2]);
      if (!step (store, stmt, ctx->error))
        return FALSE;
      *kinds |= CIVIC_SYNC_KIND_SOCIAL;
    }
  /* other tombstones are for things this desk does not keep */
  return TRUE;
}

/* ---- the page -------------------------------------------------------- */

void
civic_apply_summary_clear (CivicApplySummary *summary)
{
  g_return_if_fail (summary != NULL);

  g_clear_pointer (&summary->request_ids, g_ptr_array_unref);
  summary->n_applied = 0;
  summary->kinds = 0;
}

typedef enum
{
  E_UNKNOWN,
  E_CASE,
  E_CASE_EVENT,
  E_POST,
  E_LIKE,
  E_FOLLOW,
  E_NOTIFICATION,
  E_USER,
  E_DEPARTMENT,
  E_SERVICE,
  E_SAVED_VIEW,
  E_TOMBSTONE,
} Entity;

static const struct { const char *name; Entity entity; guint kind; } entities[] = {
  { "case", E_CASE, CIVIC_SYNC_KIND_CASES },
  { "case_event", E_CASE_EVENT, CIVIC_SYNC_KIND_EVENTS },
  { "post", E_POST, CIVIC_SYNC_KIND_POSTS },
  { "like", E_LIKE, CIVIC_SYNC_KIND_SOCIAL },
  { "follow", E_FOLLOW, CIVIC_SYNC_KIND_SOCIAL },
  { "notification", E_NOTIFICATION, CIVIC_SYNC_KIND_SOCIAL },
  { "user", E_USER, CIVIC_SYNC_KIND_CATALOG },
  { "department", E_DEPARTMENT, CIVIC_SYNC_KIND_CATALOG },
  { "service", E_SERVICE, CIVIC_SYNC_KIND_CATALOG },
  { "saved_view", E_SAVED_VIEW, CIVIC_SYNC_KIND_CATALOG },
  { "tombstone", E_TOMBSTONE, 0 },
};

static Entity
entity_of (const char *name,
           guint      *kind)
{
  /* "case" is nearly every row of a big pull: compare it first */
  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (g_str_equal (name, entities[i].name))
      {
        *kind = entities[i].kind;
        return entities[i].entity;
      }
  *kind = 0;
  return E_UNKNOWN;
}

/* Reads {"entity", "seq", "data"}; FALSE on a malformed envelope. */
static gboolean
read_envelope (Ctx         *ctx,
               JsonNode    *node,
               guint        index,
               JsonObject **data)
{
  JsonObject *o;
  JsonNode *d;
  const char *entity;

  ctx->entity = NULL;
  ctx->seq = 0;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return malformed (ctx, "item %u of the page is not an object", index);
  o = json_node_get_object (node);
  if (!get_str (ctx, o, "entity", TRUE, &entity))
    return FALSE;
  ctx->entity = entity;
  if (!get_int (ctx, o, "seq", TRUE, &ctx->seq))
    return FALSE;
  d = json_object_get_member (o, "data");
  if (d == NULL || !JSON_NODE_HOLDS_OBJECT (d))
    return malformed (ctx, "“data” is not an object");
  *data = json_node_get_object (d);
  return TRUE;
}

static gboolean
apply_all (CivicStore         *store,
           JsonArray          *changes,
           CivicApplySummary  *summary,
           GPtrArray          *touched,
           GError            **error)
{
  guint n = json_array_get_length (changes);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_full (n, g_object_unref);
  Ctx ctx = { NULL, 0, error };

  /* first pass: every case, so events and posts below find them */
  for (guint i = 0; i < n; i++)
    {
      JsonObject *data;
      CivicCase *c;
      guint kind;

      if (!read_envelope (&ctx, json_array_get_element (changes, i), i, &data))
        return FALSE;
      if (entity_of (ctx.entity, &kind) != E_CASE)
        continue;
      c = civic_case_new ();
      g_ptr_array_add (cases, c);
      if (!case_from_json (&ctx, data, c))
        return FALSE;
      touch (touched, c->service_request_id);
    }
  if (cases->len > 0)
    {
      if (!(store->bulk ? civic_store_bulk_put_cases (store, cases, error)
                        : civic_store_put_cases (store, cases, error)))
        return FALSE;
      summary->kinds |= CIVIC_SYNC_KIND_CASES;
      summary->n_applied += cases->len;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonObject *data;
      Entity entity;
      guint kind;
      gboolean ok = TRUE;

      read_envelope (&ctx, json_array_get_element (changes, i), i, &data);
      entity = entity_of (ctx.entity, &kind);
      switch (entity)
        {
        case E_UNKNOWN:
          /* a newer server: what this desk cannot show it skips */
          g_debug ("sync: skipping a “%s” change (seq %" G_GINT64_FORMAT ")", ctx.entity, ctx.seq);
          continue;
        case E_CASE:
          continue;
        case E_CASE_EVENT:
          ok = apply_event (store, &ctx, data, touched);
          break;
        case E_POST:
          ok = apply_post (store, &ctx, data);
          break;
        case E_LIKE:
          ok = apply_like (store, &ctx, data);
          break;
        case E_FOLLOW:
          ok = apply_follow (store, &ctx, data);
          break;
        case E_NOTIFICATION:
          ok = apply_notification (store, &ctx, data);
          break;
        case E_USER:
          ok = apply_user (store, &ctx, data);
          break;
        case E_DEPARTMENT:
          ok = apply_department (store, &ctx, data);
          break;
        case E_SERVICE:
          ok = apply_service (store, &ctx, data);
          break;
        case E_SAVED_VIEW:
          ok = apply_saved_view (store, &ctx, data);
          break;
        case E_TOMBSTONE:
          ok = apply_tombstone (store, &ctx, data, &summary->kinds);
          break;
        default:
          g_assert_not_reached ();
        }
      if (!ok)
        return FALSE;
      summary->kinds |= kind;
      summary->n_applied++;
    }

  return settle_pending_events (store, error);
}

gboolean
civic_sync_apply_page (CivicStore         *store,
                       JsonArray          *changes,
                       gint64              next,
                       CivicApplySummary  *summary,
                       GError            **error)
{
  CivicApplySummary local = { 0, };
  g_autoptr(GPtrArray) touched = g_ptr_array_new_with_free_func (g_free);
  char cursor[32];

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (summary == NULL)
    summary = &local;
  civic_apply_summary_clear (summary);

  if (!civic_store_begin (store, error))
    return FALSE;

  g_snprintf (cursor, sizeof cursor, "%" G_GINT64_FORMAT, next);
  if (!apply_all (store, changes, summary, touched, error) ||
      !civic_store_set_meta (store, CIVIC_SYNC_CURSOR_KEY, cursor, error))
    {
      civic_store_rollback (store);
      civic_apply_summary_clear (summary);
      return FALSE;
    }

  if (!civic_store_commit (store, error))
    {
      civic_apply_summary_clear (summary);
      return FALSE;
    }

  if (touched->len <= MAX_LISTED_CASES)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      summary->request_ids = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < touched->len; i++)
        {
          char *id = g_ptr_array_index (touched, i);

          if (g_hash_table_add (seen, id))
            g_ptr_array_add (summary->request_ids, g_strdup (id));
        }
    }
  if (summary == &local)
    civic_apply_summary_clear (&local);
  return TRUE;
}
