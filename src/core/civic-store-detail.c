/* civic-store-detail.c: duplicate suggestions, the staff directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-store-detail.h"

#include <math.h>

#include "civic-store-private.h"

#define EARTH_RADIUS_M 6371008.8

double
civic_geo_distance_m (double lat1,
                      double lon1,
                      double lat2,
                      double lon2)
{
  double p1 = lat1 * G_PI / 180.0;
  double p2 = lat2 * G_PI / 180.0;
  double dp = (lat2 - lat1) * G_PI / 180.0;
  double dl = (lon2 - lon1) * G_PI / 180.0;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2 * EARTH_RADIUS_M * atan2 (sqrt (a), sqrt (1 - a));
}

typedef struct
{
  gint64 id;
  double distance;
} Hit;

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *x = a;
  const Hit *y = b;

  if (x->distance != y->distance)
    return x->distance < y->distance ? -1 : 1;
  return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

GPtrArray *
civic_store_find_nearby_cases (CivicStore  *store,
                               const char  *request_id,
                               double       radius_m,
                               guint        days,
                               gint64       now,
                               guint        limit,
                               GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  g_autoptr(CivicCase) self = NULL;
  sqlite3_stmt *stmt;
  gint64 service_id = 0;
  double lat, lon, dlat, dlon;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);
  g_return_val_if_fail (request_id != NULL, NULL);

  self = civic_store_get_case (store, request_id, error);
  if (self == NULL)
    return NULL;
  lat = civic_case_get_lat (self);
  lon = civic_case_get_long (self);
  if ((lat == 0 && lon == 0) || civic_case_get_service_code (self) == NULL)
    return g_steal_pointer (&result);
  if (!civic_store_value_id (store, CIVIC_COUNT_SERVICE, civic_case_get_service_code (self), FALSE,
                             &service_id, error))
    return NULL;
  if (service_id == 0)
    return g_steal_pointer (&result);
  if (now == 0)
    now = g_get_real_time () / G_USEC_PER_SEC;

  /* the box around the circle, a little wider so rounding loses nothing */
  dlat = (radius_m / EARTH_RADIUS_M) * 180.0 / G_PI * 1.01;
  dlon = dlat / MAX (cos (lat * G_PI / 180.0), 0.01);

  /* open cases of one service are a few thousand rows even in a city of
   * a million cases; the partial index lists exactly those */
  stmt = civic_store_prepare (store,
                              "SELECT id, lat, lon FROM cases INDEXED BY cases_open_service"
                              " WHERE service_id = ?1 AND state <> 4 AND requested >= ?2"
                              " AND lat BETWEEN ?3 AND ?4 AND lon BETWEEN ?5 AND ?6"
                              " AND service_request_id <> ?7 AND duplicate_of IS NULL",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, service_id);
  sqlite3_bind_int64 (stmt, 2, now - (gint64) days * 86400);
  sqlite3_bind_double (stmt, 3, lat - dlat);
  sqlite3_bind_double (stmt, 4, lat + dlat);
  sqlite3_bind_double (stmt, 5, lon - dlon);
  sqlite3_bind_double (stmt, 6, lon + dlon);
  sqlite3_bind_text (stmt, 7, request_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Hit hit = { sqlite3_column_int64 (stmt, 0),
                  civic_geo_distance_m (lat, lon, sqlite3_column_double (stmt, 1),
                                        sqlite3_column_double (stmt, 2)) };

      if (hit.distance <= radius_m)
        g_array_append_val (hits, hit);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return NULL;
    }

  g_array_sort (hits, compare_hits);
  for (guint i = 0; i < hits->len && (limit == 0 || i < limit); i++)
    {
      CivicCase *c = civic_store_get_case_by_id (store, g_array_index (hits, Hit, i).id, error);

      if (c == NULL)
        return NULL;
      g_ptr_array_add (result, c);
    }
  return g_steal_pointer (&result);
}

GPtrArray *
civic_store_list_users (CivicStore  *store,
                        GError     **error)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  stmt = civic_store_prepare (store,
                              "SELECT username, display_name, department, role FROM users"
                              " ORDER BY coalesce (display_name, username) COLLATE NOCASE",
                              error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CivicUser *user = civic_user_new ();
      int role = CIVIC_USER_ROLE_STAFF;

      civic_user_set_username (user, (const char *) sqlite3_column_text (stmt, 0));
      civic_user_set_display_name (user, (const char *) sqlite3_column_text (stmt, 1));
      civic_user_set_department (user, (const char *) sqlite3_column_text (stmt, 2));
      civic_enum_from_nick (CIVIC_TYPE_USER_ROLE, (const char *) sqlite3_column_text (stmt, 3), &role);
      civic_user_set_role (user, role);
      g_ptr_array_add (users, user);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&users);
}

CivicUserRole
civic_store_get_user_role (CivicStore *store,
                           const char *username)
{
  sqlite3_stmt *stmt;
  int role = CIVIC_USER_ROLE_STAFF;

  g_return_val_if_fail (CIVIC_IS_STORE (store), CIVIC_USER_ROLE_STAFF);

  if (username == NULL)
    return CIVIC_USER_ROLE_STAFF;
  stmt = civic_store_prepare (store, "SELECT role FROM users WHERE username = ?1", NULL);
  if (stmt == NULL)
    return CIVIC_USER_ROLE_STAFF;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    civic_enum_from_nick (CIVIC_TYPE_USER_ROLE, (const char *) sqlite3_column_text (stmt, 0), &role);
  sqlite3_reset (stmt);
  return role;
}

gboolean
civic_store_is_following_case (CivicStore *store,
                               const char *username,
                               const char *request_id)
{
  sqlite3_stmt *stmt;
  gboolean following;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);

  if (username == NULL || request_id == NULL)
    return FALSE;
  stmt = civic_store_prepare (store,
                              "SELECT EXISTS (SELECT 1 FROM follows WHERE username = ? AND kind = 'case' AND target = ?)",
                              NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, request_id, -1, SQLITE_TRANSIENT);
  following = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return following;
}
