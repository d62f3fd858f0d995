/* bench-feed.c: the hashtag feed's figures
 *
 *   trending_ms                    civic_store_trending_tags over a replica
 *                                  of --posts (500,000) posts in 90 days,
 *                                  warm median of 7
 *   feed_scroll_frame_ms_p95       frame work (before-paint → after-paint)
 *                                  scrolling the feed of --scroll-posts
 *                                  (100,000) top to bottom in a window
 *                                  under Xvfb, GSK_RENDERER=cairo
 *   following_list_ms              the Following list of a desk that follows
 *                                  one busy tag, one person and one case,
 *                                  same replica, warm median of 7
 *   server_trending_ms             GET /api/v1/tags/trending (the same
 *                                  definition) over a service holding as
 *                                  many posts, loopback, warm median
 *   post_to_other_desk_ms_median   a post made on desk A (local write,
 *                                  pushed) until it is in desk B's store,
 *                                  two CivicSync desks with live updates
 *                                  on a real civicdesk-server on loopback
 *
 * Options: --posts N, --scroll-posts N, --db DIR (keep / reuse the
 * replicas), --samples N (posts timed between desks, default 21).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bench-util.h"
#include "civic-config.h"

#include <adwaita.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <time.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "civic-feed-view.h"
#include "civic-local-write.h"
#include "civic-resources.h"
#include "civic-store-feed.h"
#include "civic-sync.h"

#define DAY 86400
#define N_TAGS 300

static int opt_posts = 500000;
static int opt_scroll_posts = 100000;
static int opt_steps = 300;
static int opt_samples = 21;
static char *opt_dir = NULL;

static const GOptionEntry entries[] = {
  { "posts", 0, 0, G_OPTION_ARG_INT, &opt_posts, "Posts for trending (default 500000)", "N" },
  { "scroll-posts", 0, 0, G_OPTION_ARG_INT, &opt_scroll_posts, "Posts in the scrolled feed (default 100000)", "N" },
  { "samples", 0, 0, G_OPTION_ARG_INT, &opt_samples, "Posts timed between two desks (default 21)", "N" },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Keep and reuse the replicas in DIR", "DIR" },
  { NULL }
};



/* ---- a replica of posts ------------------------------------------------ */

static const char * const words[] = {
  "Pothole", "Streetlight", "Hydrant", "Sidewalk", "Graffiti", "Noise", "Tree", "Flood", "Snow",
  "Parking", "Trash", "Recycling", "Signal", "Sewer", "Water", "Park", "Bridge", "Bus", "Permit", "Rodent",
};

/* Tags of a city: a few hundred, a handful busy every day (Zipf), and
 * some that spike on the last day — what trending must tell apart. */
static void
fill_posts (CivicStore *store,
            int         n,
            gint64      now)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  gint64 start = now - 90 * (gint64) DAY;
  double t0 = bench_now_ms ();

  for (int i = 0; i < n; i++)
    {
      CivicPost *p = civic_post_new ();
      g_autoptr(GString) body = g_string_new (NULL);
      int n_tags = g_rand_int_range (rand, 0, 3);
      gint64 created = start + (gint64) ((double) i / n * 90 * DAY);

      g_string_append_printf (body, "%s reported near %d Main St",
                              words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                              g_rand_int_range (rand, 1, 2000));
      for (int t = 0; t < n_tags; t++)
        {
          /* Zipf-like: tag k with weight 1/(k+1) */
          double u = g_rand_double (rand);
          int k = (int) (exp (u * log (N_TAGS + 1.0))) - 1;

          g_string_append_printf (body, " #%s%d", words[k % G_N_ELEMENTS (words)], k);
        }
      /* the last day: a few tags spike */
      if (created > now - DAY && g_rand_int_range (rand, 0, 10) == 0)
        g_string_append_printf (body, " #Spike%d", g_rand_int_range (rand, 0, 5));
      if (g_rand_int_range (rand, 0, 20) == 0)
        g_string_append (body, " #Today");
      civic_post_set_id (p, i + 1);
      civic_post_set_author (p, i % 3 == 0 ? "advocate" : i % 3 == 1 ? "staff" : "manager");
      civic_post_set_body (p, body->str);
      civic_post_set_created (p, created);
      g_ptr_array_add (batch, p);
      if (batch->len == 10000 || i == n - 1)
        {
          if (!civic_store_put_posts (store, batch, &error))
            g_error ("filling posts: %s", error->message);
          g_ptr_array_set_size (batch, 0);
        }
    }
  g_printerr ("store: %d posts in %.1f s\n", n, (bench_now_ms () - t0) / 1000);
}

static CivicStore *
posts_store (const char *dir,
             const char *name,
             int         n,
             gint64      now)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  CivicStore *store = civic_store_open (path, &error);
  g_autoptr(GArray) all = NULL;
  CivicFeedQuery q = { CIVIC_FEED_ALL, "bench", NULL, NULL, 0, NULL };

  if (store == NULL)
    g_error ("%s: %s", path, error->message);
  all = civic_store_query_feed_ids (store, &q, NULL);
  if (all != NULL && (int) all->len == n)
    {
      g_printerr ("store: reusing %s\n", path);
      return store;
    }
  if (all != NULL && all->len != 0)
    g_error ("%s holds another number of posts; give a new --db", path);
  fill_posts (store, n, now);
  return store;
}

static double
bench_trending (CivicStore *store,
                gint64      now)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  double t0 = bench_now_ms ();
  g_autoptr(GPtrArray) first = civic_store_trending_tags (store, now, 10, NULL);

  g_printerr ("trending: first (cold) %.1f ms, %u tags:", bench_now_ms () - t0, first != NULL ? first->len : 0);
  for (guint i = 0; first != NULL && i < first->len; i++)
    {
      CivicTrend *t = g_ptr_array_index (first, i);

      g_printerr (" #%s ×%.1f (%d today)", t->tag, t->score, t->count_today);
    }
  g_printerr ("\n");
  for (int i = 0; i < 7; i++)
    {
      g_autoptr(GPtrArray) trends = NULL;
      double ms;

      t0 = bench_now_ms ();
      trends = civic_store_trending_tags (store, now, 10, NULL);
      ms = bench_now_ms () - t0;
      g_array_append_val (samples, ms);
    }
  return bench_percentile (samples, 0.5);
}

static double
bench_following (CivicStore *store,
                 gint64      now)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  CivicFeedQuery query = { CIVIC_FEED_FOLLOWING, "bench", "", NULL, now };

  /* the second busiest tag (about one post in fifteen), a person who
   * posts little and a case: a sparse list, the slow kind to find */
  sqlite3 *handle = NULL;
  char *message = NULL;

  if (sqlite3_open (civic_store_get_path (store), &handle) != SQLITE_OK ||
      sqlite3_exec (handle,
                    "INSERT OR IGNORE INTO follows (username, kind, target)"
                    " SELECT 'bench', 'tag', tag_key FROM post_tags GROUP BY tag_key"
                    " ORDER BY count (*) DESC LIMIT 1 OFFSET 1;"
                    "INSERT OR IGNORE INTO follows (username, kind, target) VALUES"
                    " ('bench', 'user', 'nobody'), ('bench', 'case', '311-2026-000001')",
                    NULL, NULL, &message) != SQLITE_OK)
    g_error ("following: %s", message != NULL ? message : sqlite3_errmsg (handle));
  sqlite3_close (handle);
  for (int i = 0; i < 8; i++)
    {
      g_autoptr(GArray) ids = NULL;
      double t0 = bench_now_ms (), ms;

      ids = civic_store_query_feed_ids (store, &query, &error);
      if (ids == NULL)
        g_error ("following: %s", error->message);
      ms = bench_now_ms () - t0;
      if (i == 0)
        g_printerr ("following: %u posts, first (cold) %.1f ms\n", ids->len, ms);
      else
        g_array_append_val (samples, ms);
    }
  return bench_percentile (samples, 0.5);
}

/* ---- scrolling ----------------------------------------------------------- */






static GtkScrolledWindow *
find_scroller (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget) && GTK_IS_LIST_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (widget))))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkScrolledWindow *s = find_scroller (c);

      if (s != NULL)
        return s;
    }
  return NULL;
}

static double
bench_scroll (CivicStore *store)
{
  g_autoptr(GArray) work = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = civic_feed_view_new ();
  GtkAdjustment *adj;
  double t0 = bench_now_ms ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), view);
  civic_feed_view_set_store (CIVIC_FEED_VIEW (view), store, NULL, "staff");
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_realize (window);
  bench_frames_attach (window);
  for (int i = 0; i < 5; i++)
    bench_wait_frame (window);
  g_printerr ("feed window: first frames after %.1f ms, %u posts listed\n", bench_now_ms () - t0,
              g_list_model_get_n_items (civic_feed_view_get_model (CIVIC_FEED_VIEW (view))));

  adj = gtk_scrolled_window_get_vadjustment (find_scroller (view));
  for (int step = 0; step <= opt_steps; step++)
    {
      double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

      /* jumps through the whole list, then a run of small wheel steps */
      if (step < opt_steps / 2)
        gtk_adjustment_set_value (adj, upper * step / (opt_steps / 2));
      else
        gtk_adjustment_set_value (adj, MIN (upper, (step - opt_steps / 2) * 120.0));
      bench_wait_frame (window);
      if (step > 0)
        {
          g_array_append_val (work, bench_last_frame ()->last_work);
          g_array_append_val (cpu, bench_last_frame ()->last_cpu);
        }
    }
  g_printerr ("scroll: frame CPU time p95 %.2f ms, median %.2f ms (wall time minus waiting for the CPU)\n",
              bench_percentile (cpu, 0.95), bench_percentile (cpu, 0.5));
  {
    double median = bench_percentile (work, 0.5);   /* sorts: the max is last after it */

    g_printerr ("scroll: median %.2f ms, max %.2f ms over %u frames\n",
                median, g_array_index (work, double, work->len - 1), work->len);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  return bench_percentile (work, 0.95);
}

/* ---- two desks ---------------------------------------------------------- */

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
server_start (const char  *db,
              char       **url)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *prefix = "listening on ";
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CIVIC_SERVER_BIN"), "serve",
                                         "--db", db, "--listen", "127.0.0.1", "--port", "0", NULL);
  if (process == NULL)
    g_error ("cannot start the server: %s", error->message);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, prefix))
    g_error ("the server said “%s”", line != NULL ? line : "nothing");
  *url = g_str_has_suffix (line, "/") ? g_strdup (line + strlen (prefix))
                                       : g_strconcat (line + strlen (prefix), "/", NULL);
  return process;
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Login;

static void
login_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Login *login = data;
  g_autofree char *token = civic_sync_login_finish (CIVIC_SYNC (source), result, &login->error);

  login->done = TRUE;
}

static CivicSync *
desk_new (const char *dir,
          const char *name,
          const char *url,
          const char *username)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = civic_store_open (path, &error);
  CivicSync *sync;
  Login login = { 0 };

  if (store == NULL)
    g_error ("%s", error->message);
  sync = civic_sync_new (store, url);
  civic_sync_login_async (sync, username, "civicdesk-demo", NULL, login_cb, &login);
  while (!login.done)
    g_main_context_iteration (NULL, TRUE);
  if (login.error != NULL)
    g_error ("%s", login.error->message);
  civic_sync_start (sync);
  if (!civic_sync_wait_idle (sync, 60000))
    g_error ("desk %s never caught up", name);
  return sync;
}

static double
bench_other_desk (const char *dir)
{
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *url = NULL;
  g_autoptr(GSubprocess) seed = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  CivicSync *a, *b;

  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      seed = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("CIVIC_SERVER_BIN"),
                               "seed-demo", "--db", db, "--cases", "2000", "--posts", "500", NULL);
      if (seed == NULL || !g_subprocess_wait_check (seed, NULL, &error))
        g_error ("seeding: %s", error->message);
    }
  server = server_start (db, &url);
  a = desk_new (dir, "desk-a.store", url, "advocate");
  b = desk_new (dir, "desk-b.store", url, "manager");
  /* B's socket is up once it says online */
  while (civic_sync_get_state (b) != CIVIC_SYNC_STATE_ONLINE)
    g_main_context_iteration (NULL, TRUE);
  g_usleep (200000);

  for (int i = 0; i < opt_samples; i++)
    {
      g_autofree char *body = g_strdup_printf ("Bench post %d at %" G_GINT64_FORMAT " #BenchTag%d",
                                               i, g_get_real_time (), i % 3);
      double t0 = bench_now_ms (), ms;

      if (!civic_local_create_post (civic_sync_get_store (a), body, 0, "advocate", NULL, &error))
        g_error ("posting: %s", error->message);
      civic_sync_outbox_changed (a);
      for (;;)
        {
          g_autoptr(GArray) found = NULL;
          gboolean there = FALSE;

          g_main_context_iteration (NULL, TRUE);
          found = civic_store_search_posts (civic_sync_get_store (b), body, 1, NULL);
          if (found != NULL && found->len > 0)
            {
              gint64 id = g_array_index (found, gint64, 0);
              g_autoptr(CivicPost) post = civic_store_get_post (civic_sync_get_store (b), id, NULL);

              there = post != NULL && g_strcmp0 (civic_post_get_body (post), body) == 0;
            }
          if (there)
            break;
          if (bench_now_ms () - t0 > 10000)
            g_error ("post %d never reached desk B", i);
        }
      ms = bench_now_ms () - t0;
      g_array_append_val (samples, ms);
      /* let A finish its push and pull before the next one */
      civic_sync_wait_idle (a, 10000);
    }
  {
    double min = bench_percentile (samples, 0);   /* sorts: the max is last after it */

    g_printerr ("other desk: min %.1f ms, max %.1f ms over %d posts\n",
                min, g_array_index (samples, double, samples->len - 1), opt_samples);
  }
  civic_sync_stop (a);
  civic_sync_stop (b);
  g_object_unref (a);
  g_object_unref (b);
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  return bench_percentile (samples, 0.5);
}

/* ---- the service's endpoint ------------------------------------------ */

static JsonNode *
http (SoupSession *session,
      const char  *method,
      const char  *url,
      const char  *token,
      const char  *body)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL || soup_message_get_status (msg) != 200)
    g_error ("%s %s: %u %s", method, url, soup_message_get_status (msg), error != NULL ? error->message : "");
  return json_from_string (g_bytes_get_data (answer, NULL), NULL);
}

/* GET /api/v1/tags/trending over a service holding --posts posts in 90
 * days (written straight into its database: the figure is the query's,
 * not the posting's). */
static double
bench_server_trending (const char *dir,
                       gint64      now)
{
  g_autofree char *db = g_strdup_printf ("%s/trend-server-%d.db", dir, opt_posts);
  g_autofree char *url = NULL;
  g_autofree char *trending = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;

  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GSubprocess) seed = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                                      g_getenv ("CIVIC_SERVER_BIN"), "seed-demo", "--db", db,
                                                      "--cases", "50", "--posts", "10", NULL);
      g_autofree char *sql = NULL;
      sqlite3 *handle = NULL;
      char *message = NULL;
      double t0 = bench_now_ms ();

      if (seed == NULL || !g_subprocess_wait_check (seed, NULL, &error))
        g_error ("seeding: %s", error->message);
      /* a few hundred tags of uneven use, and five that spike today */
      sql = g_strdup_printf ("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
                             " INSERT INTO posts (author, body, created, seq)"
                             " SELECT 'staff', 'bench post', %" G_GINT64_FORMAT " + i * %f, 1 FROM n;"
                             "INSERT INTO post_tags (post_id, tag_key, tag, created)"
                             " SELECT id, 'tag' || (abs (random ()) %% (1 + abs (random ()) %% 300)), 'Tag', created"
                             " FROM posts WHERE body = 'bench post';"
                             "INSERT OR IGNORE INTO post_tags (post_id, tag_key, tag, created)"
                             " SELECT id, 'spike' || (id %% 5), 'Spike', created FROM posts"
                             " WHERE body = 'bench post' AND created > %" G_GINT64_FORMAT " AND id %% 10 = 0;",
                             opt_posts - 1, now - 90 * (gint64) DAY, 90.0 * DAY / opt_posts, now - DAY);
      if (sqlite3_open (db, &handle) != SQLITE_OK ||
          sqlite3_exec (handle, sql, NULL, NULL, &message) != SQLITE_OK)
        g_error ("filling the service: %s", message != NULL ? message : sqlite3_errmsg (handle));
      sqlite3_close (handle);
      g_printerr ("service: %d posts written in %.1f s\n", opt_posts, (bench_now_ms () - t0) / 1000);
    }
  server = server_start (db, &url);
  {
    g_autofree char *login = g_strconcat (url, "api/v1/session", NULL);
    g_autoptr(JsonNode) answer = http (session, "POST", login, NULL,
                                       "{\"username\": \"manager\", \"password\": \"civicdesk-demo\"}");

    token = g_strdup (json_object_get_string_member (json_node_get_object (answer), "token"));
  }
  trending = g_strconcat (url, "api/v1/tags/trending?window=24h&limit=10", NULL);
  for (int i = 0; i < 8; i++)
    {
      double t0 = bench_now_ms (), ms;
      g_autoptr(JsonNode) answer = http (session, "GET", trending, token, NULL);

      ms = bench_now_ms () - t0;
      if (i == 0)
        g_printerr ("service trending: first %.1f ms, %u tags\n", ms,
                    json_array_get_length (json_object_get_array_member (json_node_get_object (answer), "tags")));
      else
        g_array_append_val (samples, ms);
    }
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  return bench_percentile (samples, 0.5);
}


int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the hashtag feed's figures");
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) trend_store = NULL;
  g_autoptr(CivicStore) scroll_store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *desks = NULL;
  char **original_argv = g_strdupv (argv);
  int original_argc = argc;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  bench_window_environment (original_argc, original_argv);

  if (opt_dir != NULL)
    {
      g_mkdir_with_parents (opt_dir, 0700);
      dir = g_strdup (opt_dir);
    }
  else
    dir = g_dir_make_tmp ("bench-feed-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);

  {
    g_autofree char *name = g_strdup_printf ("trend-%d.store", opt_posts);

    trend_store = posts_store (dir, name, opt_posts, now);
    printf ("figure: trending_ms %.2f ms\n", bench_trending (trend_store, now));
    printf ("figure: following_list_ms %.2f ms\n", bench_following (trend_store, now));
    fflush (stdout);
    g_clear_object (&trend_store);
  }
  printf ("figure: server_trending_ms %.2f ms\n", bench_server_trending (dir, now));
  fflush (stdout);

  gtk_init ();
  adw_init ();
  g_resources_register (civic_get_resource ());
  {
    g_autofree char *name = g_strdup_printf ("scroll-%d.store", opt_scroll_posts);

    scroll_store = posts_store (dir, name, opt_scroll_posts, now);
    printf ("figure: feed_scroll_frame_ms_p95 %.2f ms\n", bench_scroll (scroll_store));
    fflush (stdout);
  }

  desks = g_build_filename (dir, "desks", NULL);
  if (opt_dir == NULL || !g_file_test (desks, G_FILE_TEST_IS_DIR))
    {
      /* fresh desks every run: their first sync is not what is timed */
      g_mkdir_with_parents (desks, 0700);
    }
  {
    g_autofree char *a = g_build_filename (desks, "desk-a.store", NULL);
    g_autofree char *b = g_build_filename (desks, "desk-b.store", NULL);

    g_unlink (a);
    g_unlink (b);
  }
  printf ("figure: post_to_other_desk_ms_median %.1f ms\n", bench_other_desk (desks));
  fflush (stdout);
  if (opt_dir == NULL)
    g_printerr ("replicas left in %s (pass --db to reuse them)\n", dir);
  return 0;
}
