/* civic-ops-seed.c: `civicdesk-server seed-demo` — a realistic demo city
 *
 * Departments, ~60 services with SLAs and Open311 attribute definitions,
 * staff of every role, tens of thousands of cases over the last 90 days
 * shaped like New York City's 311 data (civic-synth), and a feed with
 * tags, mentions, case references, replies, likes and a pinned
 * announcement. Everything goes through the same write path as the API,
 * so the demo database is what a real city's would look like.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "civic-ops.h"
#include "civic-ops-seed-catalogue.h"
#include "api/civic-api-feed-private.h"
#include "auth/civic-auth.h"
#include "civic-case.h"
#include "civic-department.h"
#include "civic-error.h"
#include "civic-service.h"
#include "civic-synth.h"
#include "civic-text.h"
#include "civic-user.h"
#include "civic-write.h"
#include "model/civic-case-record.h"
#include "model/civic-service-record.h"

#define DEMO_PASSWORD   "civicdesk-demo"
#define CASES_PER_WRITE 2500

typedef struct
{
  CivicSynth *synth;
  GRand      *rand;
  char       *password_hash;
  GPtrArray  *usernames;       /* every demo user */
  GPtrArray  *departments;     /* ids */
  GPtrArray  *request_ids;     /* a sample of cases for posts to cite */
  GPtrArray  *streets;
  guint       n_cases;
  guint       n_posts;
  guint       cases_done;
  guint       posts_done;
} Seed;

static const char *
role_name (CivicUserRole role)
{
  switch (role)
    {
    case CIVIC_USER_ROLE_ADMIN: return "admin";
    case CIVIC_USER_ROLE_MANAGER: return "manager";
    case CIVIC_USER_ROLE_ADVOCATE: return "advocate";
    case CIVIC_USER_ROLE_STAFF:
    default: return "staff";
    }
}

static gboolean
put_department (CivicWrite  *w,
                const char  *id,
                const char  *name,
                GError     **error)
{
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "INSERT INTO departments (id, name, seq) VALUES (?1, ?2, ?3) "
                                        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, seq = excluded.seq",
                                        error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, id);
  civic_db_bind_text (stmt, 2, name);
  civic_db_bind_int64 (stmt, 3, w->seq);
  return civic_db_run (stmt, error);
}

static gboolean
put_service (CivicWrite  *w,
             const char  *code,
             const char  *name,
             const char  *group,
             const char  *department,
             int          sla_hours,
             const char  *description,
             guint        index,
             GError     **error)
{
  CivicServiceDraft draft = { .code = code, .name = name, .group = group,
                              .description = description, .type = "realtime" };
  g_autofree char *attrs = civic_seed_attributes_for (name, index);
  CivicDbStmt *stmt;

  draft.metadata = g_strcmp0 (attrs, "[]") != 0;
  if (!civic_service_upsert (w, &draft, error) ||
      (draft.metadata && !civic_service_set_attributes (w, code, attrs, error)))
    return FALSE;
  stmt = civic_db_prepare (w->conn,
                           "UPDATE services SET department_id = ?2, sla_hours = ?3, seq = ?4 WHERE code = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, code);
  civic_db_bind_text (stmt, 2, department);
  civic_db_bind_int64 (stmt, 3, sla_hours);
  civic_db_bind_int64 (stmt, 4, w->seq);
  return civic_db_run (stmt, error);
}

static gboolean
put_user (CivicWrite  *w,
          Seed        *seed,
          const char  *username,
          const char  *display_name,
          const char  *department,
          const char  *role,
          GError     **error)
{
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "INSERT INTO users (username, display_name, department_id, role, password_hash, created, seq) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (username) DO NOTHING",
                                        error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, username);
  civic_db_bind_text (stmt, 2, display_name);
  civic_db_bind_text (stmt, 3, department);
  civic_db_bind_text (stmt, 4, role);
  civic_db_bind_text (stmt, 5, seed->password_hash);
  civic_db_bind_int64 (stmt, 6, w->now);
  civic_db_bind_int64 (stmt, 7, w->seq);
  if (!civic_db_run (stmt, error))
    return FALSE;
  g_ptr_array_add (seed->usernames, g_strdup (username));
  return TRUE;
}

static gboolean
seed_catalogue (CivicWrite  *w,
                gpointer     data,
                GError     **error)
{
  Seed *seed = data;
  g_autoptr(GPtrArray) departments = civic_synth_get_departments (seed->synth);
  g_autoptr(GPtrArray) services = civic_synth_get_services (seed->synth);
  g_autoptr(GPtrArray) users = civic_synth_get_users (seed->synth);
  static const struct { const char *username, *name, *department, *role; } fixed[] = {
    { "admin", "Avery Admin", "311", "admin" },
    { "manager", "Morgan Lee (311 manager)", "311", "manager" },
    { "advocate", "Alex Rivera (call taker)", "311", "advocate" },
    { "staff", "Sam Okafor (DOT crew lead)", "DOT", "staff" },
  };
  guint i;

  for (i = 0; i < civic_seed_n_extra_departments; i++)
    if (!put_department (w, civic_seed_extra_departments[i].id, civic_seed_extra_departments[i].name, error))
      return FALSE;
  for (i = 0; i < departments->len; i++)
    if (!put_department (w, civic_department_get_id (departments->pdata[i]),
                         civic_department_get_name (departments->pdata[i]), error))
      return FALSE;
  {
    /* the fixed users name DOT; make sure it exists whatever the sample */
    if (!put_department (w, "DOT", "Department of Transportation", error))
      return FALSE;
  }
  for (i = 0; i < departments->len; i++)
    g_ptr_array_add (seed->departments, g_strdup (civic_department_get_id (departments->pdata[i])));
  for (i = 0; i < civic_seed_n_extra_departments; i++)
    g_ptr_array_add (seed->departments, g_strdup (civic_seed_extra_departments[i].id));

  for (i = 0; i < services->len; i++)
    {
      CivicService *s = services->pdata[i];

      if (!put_service (w, civic_service_get_code (s), civic_service_get_name (s),
                        civic_service_get_group (s), civic_service_get_department (s),
                        civic_service_get_sla_hours (s), civic_service_get_description (s), i, error))
        return FALSE;
    }
  for (i = 0; i < civic_seed_n_extra_services; i++)
    {
      const CivicSeedService *s = &civic_seed_extra_services[i];

      if (!put_service (w, s->code, s->name, s->group, s->department, s->sla_hours,
                        s->description, services->len + i, error))
        return FALSE;
    }

  for (i = 0; i < G_N_ELEMENTS (fixed); i++)
    if (!put_user (w, seed, fixed[i].username, fixed[i].name, fixed[i].department, fixed[i].role, error))
      return FALSE;
  for (i = 0; i < users->len; i++)
    {
      CivicUser *u = users->pdata[i];

      if (!put_user (w, seed, civic_user_get_username (u), civic_user_get_display_name (u),
                     civic_user_get_department (u), role_name (civic_user_get_role (u)), error))
        return FALSE;
    }
  civic_write_audit (w, "seed-demo", "catalogue", "demo", NULL, NULL);
  return TRUE;
}

static const char *
priority_name (int priority)
{
  /* the generator's 1–5 scale, 3 being an ordinary case */
  if (priority <= 2)
    return "low";
  if (priority == 3)
    return "normal";
  return priority == 4 ? "high" : "urgent";
}

static const char *
channel_name (CivicChannel channel)
{
  static const char *names[] = { "phone", "web", "mobile", "social", "field", "internal" };

  return channel <= CIVIC_CHANNEL_LAST ? names[channel] : "phone";
}

static const char *
state_name (CivicCaseState state)
{
  static const char *names[] = { "new", "acknowledged", "in_progress", "waiting", "closed" };

  return state <= CIVIC_CASE_STATE_LAST ? names[state] : "new";
}

/* The timeline a case in this state would have: when it moved on. */
static gboolean
add_history (CivicWrite  *w,
             gint64       case_id,
             CivicCase   *c,
             const char  *state,
             GError     **error)
{
  CivicDbStmt *stmt;
  gint64 when = civic_case_get_updated_datetime (c);

  if (g_str_equal (state, "new"))
    return TRUE;
  stmt = civic_db_prepare (w->conn,
                           "INSERT INTO case_events (case_id, kind, author, body, old_value, new_value, public, created, seq) "
                           "VALUES (?1, 'status_changed', ?2, ?3, 'new', ?4, 1, ?5, ?6)",
                           error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, case_id);
  civic_db_bind_text (stmt, 2, civic_case_get_assignee (c) != NULL ? civic_case_get_assignee (c) : "advocate");
  civic_db_bind_text (stmt, 3, civic_case_get_status_notes (c) != NULL ? civic_case_get_status_notes (c) : "");
  civic_db_bind_text (stmt, 4, state);
  civic_db_bind_int64 (stmt, 5, when > 0 ? when : civic_case_get_requested_datetime (c));
  civic_db_bind_int64 (stmt, 6, w->seq);
  return civic_db_run (stmt, error);
}

static gboolean
seed_cases (CivicWrite  *w,
            gpointer     data,
            GError     **error)
{
  Seed *seed = data;
  guint end = MIN (seed->n_cases, seed->cases_done + CASES_PER_WRITE);

  for (; seed->cases_done < end; seed->cases_done++)
    {
      g_autoptr(CivicCase) c = civic_synth_next_case (seed->synth);
      CivicCaseDraft d = { 0, };
      const CivicSeedService *extra = NULL;
      const char *state = state_name (civic_case_get_state (c));
      g_autofree char *request_id = NULL;
      gint64 id = 0;

      /* the NYC sample has no sanitation or water calls; a city does */
      if (g_rand_double (seed->rand) < 0.3)
        extra = &civic_seed_extra_services[g_rand_int_range (seed->rand, 0, civic_seed_n_extra_services)];

      d.request_id = civic_case_get_service_request_id (c);
      d.service_code = extra != NULL ? extra->code : civic_case_get_service_code (c);
      d.service_name = extra != NULL ? extra->name : civic_case_get_service_name (c);
      d.description = extra != NULL ? extra->description : civic_case_get_description (c);
      d.department = extra != NULL ? extra->department : civic_case_get_department (c);
      d.agency_responsible = d.department;
      d.state = state;
      d.status_notes = civic_case_get_status_notes (c);
      d.requested = civic_case_get_requested_datetime (c);
      d.expected = extra != NULL ? d.requested + (gint64) extra->sla_hours * 3600
                                 : civic_case_get_expected_datetime (c);
      d.closed = g_str_equal (state, "closed") ? civic_case_get_closed_datetime (c) : 0;
      d.address = civic_case_get_address (c);
      d.zipcode = civic_case_get_zipcode (c);
      d.has_location = civic_case_get_lat (c) != 0.0 || civic_case_get_long (c) != 0.0;
      d.lat = civic_case_get_lat (c);
      d.lon = civic_case_get_long (c);
      d.assignee = civic_case_get_assignee (c);
      d.priority = priority_name (civic_case_get_priority (c));
      d.channel = channel_name (civic_case_get_channel (c));
      d.reporter_name = civic_case_get_reporter_name (c);
      d.reporter_email = civic_case_get_reporter_email (c);
      d.reporter_phone = civic_case_get_reporter_phone (c);
      d.tags = civic_case_get_tags (c);

      if (!civic_case_insert (w, &d, &id, &request_id, error) ||
          !add_history (w, id, c, state, error))
        return FALSE;

      if (seed->request_ids->len < 2000 && g_rand_int_range (seed->rand, 0, 10) == 0)
        g_ptr_array_add (seed->request_ids, g_strdup (request_id));
      if (seed->streets->len < 400 && d.address != NULL && g_rand_int_range (seed->rand, 0, 20) == 0)
        {
          const char *street = d.address;

          /* "14 NOSTRAND AVENUE" → "NOSTRAND AVENUE" */
          while (g_ascii_isdigit (*street) || *street == '-')
            street++;
          while (*street == ' ')
            street++;
          if (*street != '\0')
            g_ptr_array_add (seed->streets, g_strdup (street));
        }
    }
  return TRUE;
}

/* New cases continue the numbering the generated ones used. */
static gboolean
seed_counter (CivicWrite  *w,
              gpointer     data,
              GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (w->now);
  g_autofree char *prefix = g_strdup_printf ("311-%d-%%", g_date_time_get_year (now));
  g_autofree char *key = g_strdup_printf ("case-counter-%d", g_date_time_get_year (now));
  g_autofree char *max = NULL;
  CivicDbStmt *stmt = civic_db_prepare (w->conn, "SELECT MAX(request_id) FROM cases WHERE request_id LIKE ?1", error);

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, prefix);
  if (civic_db_step (stmt, error))
    {
      max = g_strdup (civic_db_column_text (stmt, 0));
      civic_db_done (stmt);
    }
  if (max == NULL)
    return error == NULL || *error == NULL;
  stmt = civic_db_prepare (w->conn,
                           "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, key);
  {
    g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, g_ascii_strtoll (strrchr (max, '-') + 1, NULL, 10));

    civic_db_bind_text (stmt, 2, n);
    return civic_db_run (stmt, error);
  }
}

static char *
fill_template (Seed       *seed,
               const char *template)
{
  const char *dept = g_ptr_array_index (seed->departments, g_rand_int_range (seed->rand, 0, seed->departments->len));
  const char *street = seed->streets->len > 0
    ? g_ptr_array_index (seed->streets, g_rand_int_range (seed->rand, 0, seed->streets->len))
    : "Main Street";
  const char *request_id = seed->request_ids->len > 0
    ? g_ptr_array_index (seed->request_ids, g_rand_int_range (seed->rand, 0, seed->request_ids->len))
    : "311-2026-000001";
  g_autofree char *ref = g_strconcat ("#", request_id, NULL);
  GString *s = g_string_new (template);

  g_string_replace (s, "{dept}", dept, 0);
  g_string_replace (s, "{street}", street, 0);
  g_string_replace (s, "{case}", ref, 0);
  return g_string_free (s, FALSE);
}

static gboolean
insert_post (CivicWrite  *w,
             const char  *author,
             const char  *body,
             gint64       parent_id,
             gint64       created,
             gint64      *out_id,
             GError     **error)
{
  g_autoptr(GHashTable) told = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "INSERT INTO posts (author, body, parent_id, created, seq) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                                        error);
  gint64 id;

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, author);
  civic_db_bind_text (stmt, 2, body);
  if (parent_id > 0)
    civic_db_bind_int64 (stmt, 3, parent_id);
  else
    civic_db_bind_null (stmt, 3);
  civic_db_bind_int64 (stmt, 4, created);
  civic_db_bind_int64 (stmt, 5, w->seq);
  if (!civic_db_step (stmt, error))
    return FALSE;
  id = civic_db_column_int64 (stmt, 0);
  civic_db_done (stmt);

  /* the author is the actor of what the post causes (notifications) */
  w->actor = author;
  if (!civic_feed_store_links (w, id, body, created, 0, told, error))
    return FALSE;
  if (parent_id > 0)
    {
      stmt = civic_db_prepare (w->conn, "UPDATE posts SET reply_count = reply_count + 1 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      civic_db_bind_int64 (stmt, 1, parent_id);
      if (!civic_db_run (stmt, error))
        return FALSE;
    }
  *out_id = id;
  return TRUE;
}

static gboolean
add_likes (CivicWrite  *w,
           Seed        *seed,
           gint64       post_id,
           gint64       created,
           GError     **error)
{
  guint n = g_rand_int_range (seed->rand, 0, 6);
  guint i;

  for (i = 0; i < n; i++)
    {
      const char *who = g_ptr_array_index (seed->usernames, g_rand_int_range (seed->rand, 0, seed->usernames->len));
      CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                            "INSERT INTO likes (post_id, username, created, seq) VALUES (?1, ?2, ?3, ?4) "
                                            "ON CONFLICT DO NOTHING", error);

      if (stmt == NULL)
        return FALSE;
      civic_db_bind_int64 (stmt, 1, post_id);
      civic_db_bind_text (stmt, 2, who);
      civic_db_bind_int64 (stmt, 3, created);
      civic_db_bind_int64 (stmt, 4, w->seq);
      if (!civic_db_run (stmt, error))
        return FALSE;
    }
  {
    CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                          "UPDATE posts SET like_count = (SELECT COUNT(*) FROM likes WHERE post_id = ?1) "
                                          "WHERE id = ?1", error);

    if (stmt == NULL)
      return FALSE;
    civic_db_bind_int64 (stmt, 1, post_id);
    return civic_db_run (stmt, error);
  }
}

static gboolean
seed_feed (CivicWrite  *w,
           gpointer     data,
           GError     **error)
{
  Seed *seed = data;
  gint64 now = w->now;
  gint64 pinned_id = 0;
  guint i;

  for (i = 0; i < seed->n_posts; i++)
    {
      const char *author = g_ptr_array_index (seed->usernames, g_rand_int_range (seed->rand, 0, seed->usernames->len));
      /* a water main story breaks in the last day: the tag that trends */
      gboolean breaking = i % 12 == 0;
      const char *template = breaking ? civic_seed_post_templates[4]
        : civic_seed_post_templates[g_rand_int_range (seed->rand, 0, civic_seed_n_post_templates)];
      gint64 created = breaking ? now - g_rand_int_range (seed->rand, 60, 20 * 3600)
                                : now - g_rand_int_range (seed->rand, 60, 14 * 86400);
      g_autofree char *body = fill_template (seed, template);
      gint64 id = 0;
      guint replies, r;

      if (!insert_post (w, author, body, 0, created, &id, error) ||
          !add_likes (w, seed, id, created, error))
        return FALSE;
      seed->posts_done++;
      replies = g_rand_int_range (seed->rand, 0, 10) < 3 ? g_rand_int_range (seed->rand, 1, 4) : 0;
      for (r = 0; r < replies; r++)
        {
          const char *replier = g_ptr_array_index (seed->usernames, g_rand_int_range (seed->rand, 0, seed->usernames->len));
          g_autofree char *reply = fill_template (seed, civic_seed_reply_templates[
                                                    g_rand_int_range (seed->rand, 0, civic_seed_n_reply_templates)]);
          gint64 reply_id = 0;

          if (!insert_post (w, replier, reply, id, MIN (now, created + 600 * (r + 1)), &reply_id, error))
            return FALSE;
          seed->posts_done++;
        }
    }

  if (!insert_post (w, "manager",
                    "Good morning, team: snow operations briefing at 9:00 in room 4B. Salt trucks are out; "
                    "log every unplowed-street call with #snow so @DOT sees them together. #Today",
                    0, now - 3600, &pinned_id, error))
    return FALSE;
  seed->posts_done++;
  {
    CivicDbStmt *stmt = civic_db_prepare (w->conn, "UPDATE posts SET pinned_until = ?2 WHERE id = ?1", error);

    if (stmt == NULL)
      return FALSE;
    civic_db_bind_int64 (stmt, 1, pinned_id);
    civic_db_bind_int64 (stmt, 2, now + 3 * 86400);
    if (!civic_db_run (stmt, error))
      return FALSE;
  }

  /* call takers follow the day's tag, as in Elgin */
  for (i = 0; i < seed->usernames->len; i++)
    {
      g_autofree char *key = civic_text_tag_key ("Today");
      CivicDbStmt *stmt;

      if (i % 3 != 0)
        continue;
      stmt = civic_db_prepare (w->conn,
                               "INSERT INTO follows (username, kind, target, created, seq) VALUES (?1, 'tag', ?2, ?3, ?4) "
                               "ON CONFLICT DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      civic_db_bind_text (stmt, 1, g_ptr_array_index (seed->usernames, i));
      civic_db_bind_text (stmt, 2, key);
      civic_db_bind_int64 (stmt, 3, now);
      civic_db_bind_int64 (stmt, 4, w->seq);
      if (!civic_db_run (stmt, error))
        return FALSE;
    }
  w->actor = "seed-demo";
  civic_write_audit (w, "seed-demo", "feed", "demo", NULL, NULL);
  return TRUE;
}

static gint64
count_cases (CivicDbConn *conn)
{
  CivicDbStmt *stmt = civic_db_prepare (conn, "SELECT COUNT(*) FROM cases", NULL);
  gint64 n = -1;

  if (stmt != NULL && civic_db_step (stmt, NULL))
    {
      n = civic_db_column_int64 (stmt, 0);
      civic_db_done (stmt);
    }
  return n;
}

int
civic_ops_seed_demo (int    argc,
                     char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *data_dir = NULL;
  int n_cases = 25000;
  int n_posts = 800;
  gint64 seed_value = 311;
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicDb) db = NULL;
  g_autoptr(CivicDbConn) conn = NULL;
  gint64 started = g_get_monotonic_time ();
  Seed seed = { 0, };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database file (new or empty)", "PATH" },
    { "cases", 0, 0, G_OPTION_ARG_INT, &n_cases, "Cases over the last 90 days (default 25000)", "N" },
    { "posts", 0, 0, G_OPTION_ARG_INT, &n_posts, "Feed posts over the last 14 days (default 800)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed_value, "Random seed (same seed, same city)", "N" },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Folder with nyc-311-sample-2011.csv (default $CIVIC_SHARED_DATA, else a built-in table)", "DIR" },
    { NULL }
  };
  int status = 0;

  if (!civic_ops_parse_options ("seed-demo", "— fill a new database with a realistic demo city", entries, argc, argv))
    return 2;
  if (n_cases < 0 || n_cases > 5000000 || n_posts < 0 || n_posts > 100000)
    {
      g_printerr ("civicdesk-server seed-demo: --cases must be 0–5,000,000 and --posts 0–100,000\n");
      return 2;
    }
  if (data_dir == NULL && g_getenv ("CIVIC_SHARED_DATA") != NULL)
    data_dir = g_strdup (g_getenv ("CIVIC_SHARED_DATA"));
  if (!civic_auth_init ())
    return 1;

  conn = civic_ops_connect ("seed-demo", db_path, &db);
  if (conn == NULL)
    return 1;
  if (count_cases (conn) != 0)
    {
      g_printerr ("civicdesk-server seed-demo: %s already holds cases; seed a new file instead\n", db_path);
      return 1;
    }

  seed.synth = civic_synth_new ((guint64) seed_value, data_dir);
  civic_synth_set_n_cases (seed.synth, (guint) MAX (n_cases, 1));
  seed.rand = g_rand_new_with_seed ((guint32) seed_value);
  seed.password_hash = civic_auth_hash_password (DEMO_PASSWORD);
  seed.usernames = g_ptr_array_new_with_free_func (g_free);
  seed.departments = g_ptr_array_new_with_free_func (g_free);
  seed.request_ids = g_ptr_array_new_with_free_func (g_free);
  seed.streets = g_ptr_array_new_with_free_func (g_free);
  seed.n_cases = (guint) n_cases;
  seed.n_posts = (guint) n_posts;

  if (!civic_write_run (NULL, conn, "seed-demo", seed_catalogue, &seed, &error))
    goto failed;
  while (seed.cases_done < seed.n_cases)
    if (!civic_write_run (NULL, conn, "seed-demo", seed_cases, &seed, &error))
      goto failed;
  if (!civic_write_run (NULL, conn, "seed-demo", seed_counter, &seed, &error) ||
      !civic_write_run (NULL, conn, "seed-demo", seed_feed, &seed, &error))
    goto failed;

  printf ("seeded %s: %u cases, %u posts, %u staff in %u departments (%s data) in %.1f s\n",
          db_path, seed.cases_done, seed.posts_done, seed.usernames->len, seed.departments->len,
          civic_synth_uses_sample (seed.synth) ? "NYC sample" : "built-in",
          (g_get_monotonic_time () - started) / 1e6);
  printf ("sign in as admin, manager, advocate or staff (or any listed by `user list`) "
          "with the password " DEMO_PASSWORD "\n");
  goto done;

failed:
  g_printerr ("civicdesk-server seed-demo: %s\n", error->message);
  status = 1;
done:
  civic_synth_free (seed.synth);
  g_rand_free (seed.rand);
  g_free (seed.password_hash);
  g_ptr_array_unref (seed.usernames);
  g_ptr_array_unref (seed.departments);
  g_ptr_array_unref (seed.request_ids);
  g_ptr_array_unref (seed.streets);
  return status;
}
