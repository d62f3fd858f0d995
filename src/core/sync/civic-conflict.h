/* civic-conflict.h: merging a stale case edit, field by field
 *
 * A pure function, so the rule is tested without a network: for each
 * field the desk changed, compare the server's current value with the
 * value the desk's edit started from.
 *  - unchanged on the server: the desk's value is reapplied (a new PATCH
 *    with the server's version);
 *  - changed on the server too: the server's value stands, and the desk's
 *    value is reported as a conflict (kept in the case timeline, offered
 *    to the user to reapply).
 * Tags are a set: the desk's additions and removals are replayed on the
 * server's tags, so two desks tagging one case never conflict. A field
 * missing from @server_case or @base counts as null. "note" (not a case
 * field) is always sent again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *field;
  char *local_value;    /* JSON text of the desk's value */
  char *server_value;   /* JSON text of the server's value */
} CivicConflict;

void        civic_conflict_free  (CivicConflict *conflict);

/* @ours: field → the value the desk set; @base: field → the value it
 * replaced; @server_case: the current case from the 409 answer. Returns
 * the fields to send again (empty object when nothing is left) and adds
 * a CivicConflict to @conflicts for each overlap. */
JsonObject *civic_conflict_merge (JsonObject   *ours,
                                  JsonObject   *base,
                                  JsonObject   *server_case,
                                  GPtrArray    *conflicts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicConflict, civic_conflict_free)

G_END_DECLS
