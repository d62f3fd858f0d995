/* sync-test-util.h: a seeded city on a real civicdesk-server, and desks
 * (a store file + a CivicSync) signed in to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-test-util.h"
#include "civic-sync.h"
#include "civic-local-write.h"

G_BEGIN_DECLS

/* a manager may change every field of every case (an advocate may not
 * change the priority of another department's case) */
#define SYNC_TEST_USER "manager"

typedef struct
{
  char            *dir;
  char            *db;
  CivicTestServer *server;
  char            *token;     /* SYNC_TEST_USER's, for checking the server's side */
} SyncCity;

typedef struct
{
  char       *path;
  CivicStore *store;
  CivicSync  *sync;
} SyncDesk;

SyncCity  *sync_city_new            (guint        n_cases);
/* SIGKILL (force_exit) and start again on the same file and port */
void       sync_city_kill           (SyncCity    *city);
void       sync_city_restart        (SyncCity    *city);
void       sync_city_free           (SyncCity    *city);
gint64     sync_city_count_cases    (SyncCity    *city);
/* how many timeline entries of @request_id have @body */
guint      sync_city_count_notes    (SyncCity    *city,
                                     const char  *request_id,
                                     const char  *body);
JsonObject *sync_city_get_case      (SyncCity    *city,
                                     const char  *request_id);
/* a case id on the server, the @index-th newest */
char      *sync_city_case_id        (SyncCity    *city,
                                     guint        index);

/* A desk on @city (NULL: no server, @url instead), signed in as SYNC_TEST_USER
 * and started unless @start is FALSE. */
SyncDesk  *sync_desk_new            (SyncCity    *city,
                                     const char  *name,
                                     gboolean     start);
/* …signed in as @username (a demo user: admin, manager, advocate, staff) */
SyncDesk  *sync_desk_new_as         (SyncCity    *city,
                                     const char  *name,
                                     const char  *username,
                                     gboolean     start);
SyncDesk  *sync_desk_new_at         (const char  *store_path,
                                     const char  *url,
                                     const char  *token);
void       sync_desk_free           (SyncDesk    *desk);
gint64     sync_desk_count_cases    (SyncDesk    *desk);
guint      sync_desk_outbox         (SyncDesk    *desk);

/* Iterates the default context until @cond or the timeout. */
gboolean   sync_test_wait           (gboolean   (*cond) (gpointer),
                                     gpointer     data,
                                     guint        timeout_ms);
void       sync_test_wait_state     (CivicSync      *sync,
                                     CivicSyncState  state,
                                     guint           timeout_ms);

G_END_DECLS
