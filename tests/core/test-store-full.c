/* test-store-full.c: a desk whose disk fills up keeps every committed
 * case, tells the clerk in words, and works again once there is room.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-case.h"
#include "civic-error.h"
#include "civic-store.h"
#include "civic-synth.h"
#include "civic-test-tmpfs.h"
#include "civic-test-util.h"

static void
test_full_disk (void)
{
  g_autofree char *why = NULL;
  g_autofree char *dir = civic_test_tmpfs_mount (4096, &why);
  g_autofree char *path = NULL;
  g_autoptr(CivicStore) store = NULL;
  g_autoptr(CivicSynth) synth = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicCaseFilter) all = civic_case_filter_new ();
  guint committed = 0;

  if (dir == NULL)
    {
      g_test_skip (why);
      return;
    }
  path = g_build_filename (dir, "desk.db", NULL);
  store = civic_store_open (path, &error);
  g_assert_no_error (error);
  synth = civic_synth_new (7, g_getenv ("CIVIC_FIXTURES"));

  for (;;)
    {
      g_autoptr(CivicCase) c = civic_synth_next_case (synth);

      if (!civic_store_put_case (store, c, &error))
        break;
      committed++;
      g_assert_cmpuint (committed, <, 100000);   /* the disk is small */
    }

  /* the clerk reads what happened and that nothing was lost */
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_FULL);
  g_assert_nonnull (strstr (error->message, "is full"));
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "nothing was lost"));
  g_clear_error (&error);
  g_test_message ("%u cases fitted before the disk filled", committed);
  g_assert_cmpuint (committed, >, 0);
  g_assert_cmpint (civic_store_count_cases (store, all, &error), ==, committed);
  g_assert_no_error (error);

  /* and after a restart every committed case is still there */
  g_clear_object (&store);
  store = civic_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (civic_store_count_cases (store, all, &error), ==, committed);
  g_assert_no_error (error);
  g_clear_object (&store);

  civic_test_tmpfs_unmount (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/full-disk", test_full_disk);
  return g_test_run ();
}
