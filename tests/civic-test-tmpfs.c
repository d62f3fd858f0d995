/* civic-test-tmpfs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "civic-test-tmpfs.h"
#include "civic-test-util.h"

char *
civic_test_tmpfs_mount (guint   size_kb,
                        char  **why)
{
  g_autofree char *dir = civic_test_mkdtemp ();
  g_autofree char *size = g_strdup_printf ("size=%uk", size_kb);
  g_autofree char *err = NULL;
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;

  p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                        "mount", "-t", "tmpfs", "-o", size, "tmpfs", dir, NULL);
  if (p == NULL || !g_subprocess_communicate_utf8 (p, NULL, NULL, NULL, &err, &error) ||
      g_subprocess_get_exit_status (p) != 0)
    {
      *why = g_strdup_printf ("cannot mount a small tmpfs to fill (%s)",
                              error != NULL ? error->message : g_strstrip (err));
      g_rmdir (dir);
      return NULL;
    }
  return g_steal_pointer (&dir);
}

void
civic_test_tmpfs_unmount (const char *path)
{
  g_autoptr(GSubprocess) p = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "umount", path, NULL);

  if (p != NULL)
    g_subprocess_wait (p, NULL, NULL);
  g_rmdir (path);
}
