/* sync-desk-helper.c: a desk process that queues writes and then waits
 * to be killed (test-sync-recovery's outbox-survives-kill)
 *
 * usage: sync-desk-helper STORE CASE-ID
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <stdio.h>

#include "civic-local-write.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = NULL;
  guint i;

  if (argc != 3)
    return 2;
  store = civic_store_open (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  for (i = 0; i < 5; i++)
    {
      g_autofree char *body = g_strdup_printf ("queued by a desk that died (%u)", i);

      if (!civic_local_add_note (store, argv[2], body, FALSE, "manager", &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  printf ("queued\n");
  fflush (stdout);
  /* never closes the store: the kill comes first */
  for (;;)
    g_usleep (G_USEC_PER_SEC);
  return 0;
}
