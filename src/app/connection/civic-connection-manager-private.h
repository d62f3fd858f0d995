/* civic-connection-manager-private.h: shared by the manager's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "civic-connection-manager.h"
#include "civic-open311-engine.h"

G_BEGIN_DECLS

struct _CivicConnectionManager
{
  GObject          parent_instance;

  GSettings       *settings;
  GListStore      *connections;
  CivicConnection *active;

  /* the active connection's replica and engine */
  CivicStore      *store;
  CivicSync       *sync;
  CivicOpen311Engine *open311;          /* instead of sync, for Open311 */
  char            *error;
  GCancellable    *session_cancellable;  /* the token lookup of this session */

  GCancellable    *cancellable;          /* everything else; cancelled in dispose */
  SoupSession     *soup;                 /* /health and services.json checks */
};

void civic_connection_manager_keep (CivicConnectionManager *self,
                                    CivicConnection        *connection,
                                    const char             *token);

G_END_DECLS
