/* civic-store-detail.h: what the case detail reads besides the case
 *
 * Duplicate suggestions (open cases of the same service nearby and
 * recent) and the staff directory for "assign to a person".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-store.h"

G_BEGIN_DECLS

/* Great-circle distance in metres (haversine, mean Earth radius). */
double      civic_geo_distance_m           (double        lat1,
                                            double        lon1,
                                            double        lat2,
                                            double        lon2);

/* Open cases of the same service as @request_id, within @radius_m of it
 * and requested in the last @days days (counted from @now, unix seconds;
 * 0 = the clock), nearest first, at most @limit (0 = no limit): a
 * GPtrArray of CivicCase. The case itself, cases already merged and
 * cases without a location are left out; a case without a location has
 * no suggestions. A bounding box narrows the open cases of the service
 * (a partial index) before the exact distance is computed. */
GPtrArray  *civic_store_find_nearby_cases  (CivicStore   *store,
                                            const char   *request_id,
                                            double        radius_m,
                                            guint         days,
                                            gint64        now,
                                            guint         limit,
                                            GError      **error);

/* Every staff member the replica knows, by display name: CivicUser. */
GPtrArray  *civic_store_list_users         (CivicStore   *store,
                                            GError      **error);

/* @username's role as the replica knows it; staff (the least) when the
 * replica does not know the person. What a control offers follows it;
 * the service still decides. */
CivicUserRole civic_store_get_user_role    (CivicStore   *store,
                                            const char   *username);

/* Whether @username follows the case @request_id (the follows table). */
gboolean    civic_store_is_following_case  (CivicStore   *store,
                                            const char   *username,
                                            const char   *request_id);

G_END_DECLS
