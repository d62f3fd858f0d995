/* civic-local-bulk.h: one change to many cases, as one local write
 *
 * The replica changes for every case and the outbox gets ONE entry, POST
 * /api/v1/cases/bulk {ids, changes} (a merge: one POST …/{id}/merge per
 * case, in the same transaction), so the server applies it all or
 * nothing. Each write hands back its inverse (CivicBulkUndo): applying it
 * is another bulk write that puts every case back as it was, grouped by
 * the value each one had.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-store.h"

G_BEGIN_DECLS

typedef enum
{
  CIVIC_BULK_ASSIGN,        /* assignee; NULL unassigns */
  CIVIC_BULK_DEPARTMENT,    /* department */
  CIVIC_BULK_STATE,         /* state; closing needs a note */
  CIVIC_BULK_ADD_TAG,       /* tag */
  CIVIC_BULK_REMOVE_TAG,    /* tag */
  CIVIC_BULK_MERGE,         /* into: every case becomes a duplicate of it */
} CivicBulkAction;

typedef struct
{
  CivicBulkAction  action;
  const char      *assignee;
  const char      *department;
  CivicCaseState   state;
  const char      *note;      /* recorded with the change; required to close */
  const char      *tag;
  const char      *into;
} CivicBulkChange;

#define CIVIC_BULK_MAX_PER_ENTRY 500   /* the server's limit per bulk request */

typedef struct _CivicBulkUndo CivicBulkUndo;

/* Applies @change to @request_ids (n: -1 for NULL-terminated). Returns the
 * inverse (never NULL on success; see civic_bulk_undo_can_undo), or NULL
 * with the reason in words and nothing written. */
CivicBulkUndo *civic_local_bulk_change  (CivicStore             *store,
                                         const char * const     *request_ids,
                                         const CivicBulkChange  *change,
                                         const char             *author,
                                         GError                **error);
/* Applies the inverse as one more bulk write. */
gboolean       civic_local_bulk_undo    (CivicStore             *store,
                                         CivicBulkUndo          *undo,
                                         const char             *author,
                                         GError                **error);

/* FALSE for a merge (the service has no unmerge) or when nothing changed. */
gboolean       civic_bulk_undo_can_undo (CivicBulkUndo          *undo);
/* "Assigned 500 cases", for the toast. */
const char    *civic_bulk_undo_get_summary (CivicBulkUndo       *undo);
/* How many cases the change touched. */
guint          civic_bulk_undo_get_count (CivicBulkUndo         *undo);
void           civic_bulk_undo_free     (CivicBulkUndo          *undo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicBulkUndo, civic_bulk_undo_free)

G_END_DECLS
