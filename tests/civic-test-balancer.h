/* civic-test-balancer.h: nginx as the load balancer of test servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-test-util.h"

G_BEGIN_DECLS

typedef struct _CivicTestBalancer CivicTestBalancer;

/* nginx on a free 127.0.0.1 port balancing over @servers, its
 * configuration and logs in @dir. Aborts the test on failure. */
CivicTestBalancer *civic_test_balancer_start (const char        *dir,
                                              CivicTestServer  **servers,
                                              guint              n_servers);
/* The balancer as a server to send test requests to (not to stop). */
CivicTestServer   *civic_test_balancer_front (CivicTestBalancer *b);
void               civic_test_balancer_stop  (CivicTestBalancer *b);

G_END_DECLS
