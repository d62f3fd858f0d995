/* civic-server.h: the central service
 *
 * One SoupServer per worker thread, each on its own SO_REUSEPORT socket
 * bound to the same port, each with its own database connection: the
 * kernel spreads connections over the threads and no request waits for
 * another thread's work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "civic-db.h"
#include "http/civic-http.h"

G_BEGIN_DECLS

typedef void (*CivicRouteFunc) (CivicRequest *req);

typedef enum
{
  CIVIC_ROUTE_PUBLIC = 0,
  CIVIC_ROUTE_STAFF  = 1 << 0,   /* needs a valid bearer token */
} CivicRouteFlags;

typedef struct
{
  const char      *method;       /* "GET", "POST", …; NULL for any */
  const char      *pattern;      /* "/api/v1/cases/{}"; a last segment "*" takes the rest */
  CivicRouteFunc   func;
  CivicRouteFlags  flags;
} CivicRoute;

typedef struct
{
  const char *db_uri;
  const char *address;
  guint       port;
  guint       n_workers;         /* 0: one per core */
  const char *tls_cert;          /* PEM files; both or neither */
  const char *tls_key;
  const char *jurisdiction_id;   /* Open311: checked when set */
} CivicServerConfig;

/* Called on the worker thread after a successful write, so live clients
 * hear about the new sequence. */
typedef void (*CivicSeqListener) (CivicServer *server,
                                  gint64       seq,
                                  gpointer     user_data);

CivicServer  *civic_server_new              (const CivicServerConfig *config,
                                             GError                 **error);
void          civic_server_free             (CivicServer  *self);
gboolean      civic_server_start            (CivicServer  *self,
                                             GError      **error);
void          civic_server_stop             (CivicServer  *self);
guint         civic_server_get_port         (CivicServer  *self);
const char   *civic_server_get_address      (CivicServer  *self);
gboolean      civic_server_is_tls           (CivicServer  *self);
CivicDb      *civic_server_get_db           (CivicServer  *self);
const CivicServerConfig *
              civic_server_get_config       (CivicServer  *self);

void          civic_server_add_routes       (CivicServer      *self,
                                             const CivicRoute *routes,
                                             gsize             n_routes);
/* Lets a module see each SoupServer as its worker starts (WebSockets). */
typedef void (*CivicWorkerHook) (CivicServer *server,
                                 CivicWorker *worker,
                                 SoupServer  *soup,
                                 gpointer     user_data);
void          civic_server_add_worker_hook  (CivicServer     *self,
                                             CivicWorkerHook  hook,
                                             gpointer         user_data);

void          civic_server_add_seq_listener (CivicServer      *self,
                                             CivicSeqListener  listener,
                                             gpointer          user_data);
void          civic_server_publish_seq      (CivicServer  *self,
                                             gint64        seq);

GMainContext *civic_worker_get_context      (CivicWorker  *worker);
CivicDbConn  *civic_worker_get_conn         (CivicWorker  *worker);
guint         civic_worker_get_index        (CivicWorker  *worker);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicServer, civic_server_free)

G_END_DECLS
