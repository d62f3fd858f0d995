/* civic-ops-open311.h: operator commands for the Open311 endpoint
 *
 * `civicdesk-server api-key add|list|remove` issues the keys citizens'
 * apps use to POST requests; `civicdesk-server import-open311 FILE…`
 * loads services, definitions and requests exported by any Open311 city.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int civic_ops_api_key        (int argc, char **argv);
int civic_ops_import_open311 (int argc, char **argv);

G_END_DECLS
