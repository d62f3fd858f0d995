/* test-app-screenshot.c: `civicdesk --screenshot DIR` (what tools/screenshot
 * runs) signs in with the demo's credentials from the environment and
 * writes one window-sized PNG per view, or the first-run page without
 * them, and exits 0; and fails loudly when it cannot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <gtk/gtk.h>

#include "civic-test-util.h"

static const char *
civicdesk_bin (void)
{
  const char *bin = g_getenv ("CIVICDESK_BIN");

  g_assert_nonnull (bin);
  return bin;
}

static void
assert_png (const char *dir,
            const char *view)
{
  g_autofree char *name = g_strconcat (view, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);

  g_assert_no_error (error);
  /* the window's size, about 1280×800, not a thumbnail or a crop */
  g_assert_cmpint (gdk_texture_get_width (texture), >=, 1200);
  g_assert_cmpint (gdk_texture_get_height (texture), >=, 750);
}

/* What tools/screenshot does: the demo's credentials in the environment,
 * a sign-in, a first sync, then one PNG per view. */
static void
test_four_pngs (void)
{
  g_autofree char *dir = civic_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *shots = g_build_filename (dir, "shots", NULL);
  static const char * const views[] = { "queue", "map", "feed", "briefing" };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) seed = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *setup = NULL;
  CivicTestServer *server;

  seed = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                           g_getenv ("CIVIC_SERVER_BIN"), "seed-demo", "--db", db, "--cases", "200",
                           "--posts", "5", "--data", g_getenv ("CIVIC_FIXTURES"), NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (seed, NULL, &error);
  g_assert_no_error (error);
  server = civic_test_server_start (db, NULL);

  g_subprocess_launcher_setenv (launcher, "CIVICDESK_DEMO_USER", "advocate", TRUE);
  g_subprocess_launcher_setenv (launcher, "CIVICDESK_DEMO_PASSWORD", "civicdesk-demo", TRUE);
  app = g_subprocess_launcher_spawn (launcher, &error,
                                     civicdesk_bin (), "--server", server->base_url,
                                     "--screenshot", shots, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (app, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    assert_png (shots, views[i]);
  /* signed in: no first-run page */
  setup = g_build_filename (shots, "setup.png", NULL);
  g_assert_false (g_file_test (setup, G_FILE_TEST_EXISTS));

  civic_test_server_stop (server);
  civic_test_rm_rf (dir);
}

/* No connection and no credentials: the first-run page is the picture. */
static void
test_setup_png (void)
{
  g_autofree char *dir = civic_test_mkdtemp ();
  g_autofree char *shots = g_build_filename (dir, "shots", NULL);
  g_autofree char *queue = g_build_filename (shots, "queue.png", NULL);
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;

  app = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                          civicdesk_bin (), "--server", "http://127.0.0.1:1/",
                          "--screenshot", shots, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (app, NULL, &error);
  g_assert_no_error (error);

  assert_png (shots, "setup");
  g_assert_false (g_file_test (queue, G_FILE_TEST_EXISTS));

  civic_test_rm_rf (dir);
}

static void
test_unwritable_dir_fails (void)
{
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  app = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                          civicdesk_bin (), "--server", "http://127.0.0.1:1/",
                          "--screenshot", "/proc/civicdesk-cannot-write-here", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (app, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (app));
  g_assert_cmpint (g_subprocess_get_exit_status (app), !=, 0);
  g_assert_nonnull (strstr (err, "screenshot failed: cannot create /proc/civicdesk-cannot-write-here"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/screenshot/four-pngs", test_four_pngs);
  g_test_add_func ("/app/screenshot/setup-png", test_setup_png);
  g_test_add_func ("/app/screenshot/unwritable-dir", test_unwritable_dir_fails);

  return g_test_run ();
}
