/* civic-local-feed.h: the feed's own local writes, offline first
 *
 * As civic-local-write.h: each changes the replica and queues the staff
 * API request in one transaction; CivicSync pushes it and the next pull
 * brings the service's truth (a refused edit comes back as it was).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-store.h"

G_BEGIN_DECLS

/* PATCH /api/v1/posts/{id}: the author only; the post says "edited". */
gboolean civic_local_edit_post      (CivicStore  *store,
                                     gint64       post_id,
                                     const char  *body,
                                     GError     **error);
/* DELETE /api/v1/posts/{id}: the author (or a manager); replies go too. */
gboolean civic_local_delete_post    (CivicStore  *store,
                                     gint64       post_id,
                                     GError     **error);
/* POST /api/v1/posts/{id}/pin {until} (managers; ≤ 30 days ahead), or
 * DELETE /api/v1/posts/{id}/pin when @until is 0. */
gboolean civic_local_pin_post       (CivicStore  *store,
                                     gint64       post_id,
                                     gint64       until,
                                     GError     **error);
/* POST /api/v1/notifications/read {"all": true}: every notification of
 * @username read. */
gboolean civic_local_mark_all_read  (CivicStore  *store,
                                     const char  *username,
                                     GError     **error);

/* POST /api/v1/notifications/read {"ids": [@id]}: the one opened. */
gboolean civic_local_mark_read      (CivicStore  *store,
                                     const char  *username,
                                     gint64       id,
                                     GError     **error);

G_END_DECLS
