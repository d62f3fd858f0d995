/* civic-test-tmpfs.h: a really full disk for tests
 *
 * Mounts a small tmpfs so writes hit ENOSPC for real. Needs root (CI and
 * our machines are); elsewhere the test is skipped, saying why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Mounts a tmpfs of @size_kb at a new folder; NULL (and a skip message
 * in @why) when mounting is not allowed here. */
char     *civic_test_tmpfs_mount   (guint        size_kb,
                                    char       **why);
void      civic_test_tmpfs_unmount (const char  *path);

G_END_DECLS
