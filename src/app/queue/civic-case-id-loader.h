/* civic-case-id-loader.h: the ids of a queue filter, head first, the
 * rest from a thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-store.h"

G_BEGIN_DECLS

typedef struct _CivicCaseIdLoader CivicCaseIdLoader;

CivicCaseIdLoader *civic_case_id_loader_new       (void);
/* Cancels what runs and closes the second connection. */
void               civic_case_id_loader_free      (CivicCaseIdLoader     *loader);

/* Lists the ids @filter gives in @sort order from @store's file. Returns
 * the first @head_size of them and sets @n_items to how many there are
 * in all (or, when counting is as slow as listing, to the head's length:
 * see _is_growing). When that is more, the rest are listed by a thread from the
 * same snapshot, and @ready is called in the main context with @data
 * once they are (see _is_done); @data is released with @destroy.
 * Cancels any earlier listing. */
GArray            *civic_case_id_loader_start     (CivicCaseIdLoader     *loader,
                                                   CivicStore            *store,
                                                   const CivicCaseFilter *filter,
                                                   const CivicCaseSort   *sort,
                                                   guint                  head_size,
                                                   guint                 *n_items,
                                                   GSourceFunc            ready,
                                                   gpointer               data,
                                                   GDestroyNotify         destroy);
/* Whether a listing's rest is being listed or waits to be taken. */
gboolean           civic_case_id_loader_is_pending (CivicCaseIdLoader    *loader);
/* Whether the pending listing's count was not known at the start: its
 * @n_items was only the head's length and the list will grow. */
gboolean           civic_case_id_loader_is_growing (CivicCaseIdLoader    *loader);
/* Whether that rest is ready to be taken without waiting. */
gboolean           civic_case_id_loader_is_done   (CivicCaseIdLoader     *loader);
/* Every id of the pending listing, head included (waiting for the thread
 * if needed); NULL when nothing is pending. */
GArray            *civic_case_id_loader_finish    (CivicCaseIdLoader     *loader);
/* Stops the pending listing and forgets it. */
void               civic_case_id_loader_cancel    (CivicCaseIdLoader     *loader);

G_END_DECLS
