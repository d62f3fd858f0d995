/* civic-api-numbers.h: tracking numbers leased to a desk in blocks
 *
 * POST /api/v1/numbers {"count": N ≤ 200} (advocate and up) reserves the
 * next N numbers of this year's counter in one write and answers
 * {"year": 2026, "first": 4201, "last": 4300}. A desk hands them out
 * offline; POST /api/v1/cases takes a "service_request_id" only when it
 * lies in a block leased to the same user (civic_numbers_check_leased).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-server.h"
#include "civic-write.h"

G_BEGIN_DECLS

#define CIVIC_NUMBERS_MAX_LEASE 200

void     civic_api_numbers_register  (CivicServer  *server);

/* In the current write: TRUE when @request_id ("311-YYYY-NNNNNN") lies in
 * a block leased to @username and no case has it yet; FALSE with a
 * CIVIC_ERROR_INVALID sentence otherwise. */
gboolean civic_numbers_check_leased  (CivicWrite   *w,
                                      const char   *username,
                                      const char   *request_id,
                                      GError      **error);

G_END_DECLS
