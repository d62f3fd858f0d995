/* civic-local-merge.h: merging a duplicate case, offline first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "civic-store.h"

G_BEGIN_DECLS

/* POST /api/v1/cases/{duplicate_id}/merge {"into": original_id}, and in
 * the replica what the service does: the duplicate closes with status
 * notes "Duplicate of X" and duplicate_of set, both cases get a merged
 * event, and the duplicate's reporter shows on the original as an
 * internal note. Refused (in words) like the service refuses: a case
 * into itself, a case already merged, an original that is itself a
 * duplicate or closed. */
gboolean civic_local_merge_case (CivicStore  *store,
                                 const char  *duplicate_id,
                                 const char  *original_id,
                                 const char  *author,
                                 GError     **error);

/* Hook for civic_local_push_rejected(): puts the duplicate back as it
 * was and drops the provisional events; @context is the entry's. */
gboolean civic_local_merge_undo (CivicStore  *store,
                                 JsonObject  *context,
                                 GError     **error);

G_END_DECLS
