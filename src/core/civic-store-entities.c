/* civic-store-entities.c: the small tables: services, departments,
 * users and posts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-store-private.h"

#include "civic-error.h"

typedef void (*BindFunc) (sqlite3_stmt *stmt,
                          gpointer      item);

static void
bind_text (sqlite3_stmt *stmt,
           int           i,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

/* One transaction, one prepared statement, for a whole array */
static gboolean
put_all (CivicStore  *store,
         const char  *sql,
         GPtrArray   *items,
         BindFunc     bind,
         GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);

  if (!civic_store_write_begin (store, error))
    return FALSE;

  stmt = civic_store_prepare (store, sql, error);
  if (stmt == NULL)
    return civic_store_write_end (store, FALSE, NULL);

  for (guint i = 0; i < items->len; i++)
    {
      int rc;

      bind (stmt, g_ptr_array_index (items, i));
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      if (rc != SQLITE_DONE)
        {
          civic_store_set_error (store, rc, error);
          return civic_store_write_end (store, FALSE, NULL);
        }
    }

  return civic_store_write_end (store, TRUE, error);
}

static void
bind_service (sqlite3_stmt *stmt,
              gpointer      item)
{
  CivicService *service = item;
  const char * const *keywords = civic_service_get_keywords (service);
  g_autofree char *joined = keywords != NULL ? g_strjoinv ("\n", (char **) keywords) : NULL;

  bind_text (stmt, 1, civic_service_get_code (service));
  bind_text (stmt, 2, civic_service_get_name (service));
  bind_text (stmt, 3, civic_service_get_description (service));
  bind_text (stmt, 4, civic_service_get_group (service));
  bind_text (stmt, 5, joined);
  sqlite3_bind_int (stmt, 6, civic_service_get_metadata (service));
  bind_text (stmt, 7, civic_enum_to_nick (CIVIC_TYPE_SERVICE_TYPE, civic_service_get_service_type (service)));
  bind_text (stmt, 8, civic_service_get_department (service));
  sqlite3_bind_int (stmt, 9, civic_service_get_sla_hours (service));
}

gboolean
civic_store_put_services (CivicStore  *store,
                          GPtrArray   *services,
                          GError     **error)
{
  return put_all (store,
                  "INSERT OR REPLACE INTO services "
                  "(code, name, description, grp, keywords, metadata, type, department, sla_hours) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  services, bind_service, error);
}

static void
bind_department (sqlite3_stmt *stmt,
                 gpointer      item)
{
  bind_text (stmt, 1, civic_department_get_id (item));
  bind_text (stmt, 2, civic_department_get_name (item));
}

gboolean
civic_store_put_departments (CivicStore  *store,
                             GPtrArray   *departments,
                             GError     **error)
{
  return put_all (store, "INSERT OR REPLACE INTO departments (id, name) VALUES (?, ?)",
                  departments, bind_department, error);
}

static void
bind_user (sqlite3_stmt *stmt,
           gpointer      item)
{
  bind_text (stmt, 1, civic_user_get_username (item));
  bind_text (stmt, 2, civic_user_get_display_name (item));
  bind_text (stmt, 3, civic_user_get_department (item));
  bind_text (stmt, 4, civic_enum_to_nick (CIVIC_TYPE_USER_ROLE, civic_user_get_role (item)));
}

gboolean
civic_store_put_users (CivicStore  *store,
                       GPtrArray   *users,
                       GError     **error)
{
  return put_all (store,
                  "INSERT OR REPLACE INTO users (username, display_name, department, role) "
                  "VALUES (?, ?, ?, ?)",
                  users, bind_user, error);
}

static void
bind_post (sqlite3_stmt *stmt,
           gpointer      item)
{
  CivicPost *post = item;

  sqlite3_bind_int64 (stmt, 1, civic_post_get_id (post));
  bind_text (stmt, 2, civic_post_get_author (post));
  bind_text (stmt, 3, civic_post_get_body (post) != NULL ? civic_post_get_body (post) : "");
  sqlite3_bind_int64 (stmt, 4, civic_post_get_created (post));
  sqlite3_bind_int64 (stmt, 5, civic_post_get_edited (post));
  sqlite3_bind_int64 (stmt, 6, civic_post_get_parent_id (post));
  sqlite3_bind_int64 (stmt, 7, civic_post_get_pinned_until (post));
  sqlite3_bind_int (stmt, 8, civic_post_get_like_count (post));
}

gboolean
civic_store_put_posts (CivicStore  *store,
                       GPtrArray   *posts,
                       GError     **error)
{
  /* an upsert, not REPLACE: REPLACE deletes first, and the delete trigger
   * would then be fed the new body instead of the old one */
  return put_all (store,
                  "INSERT INTO posts "
                  "(id, author, body, created, edited, parent_id, pinned_until, like_count) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                  "ON CONFLICT (id) DO UPDATE SET author = excluded.author, "
                  "body = excluded.body, created = excluded.created, "
                  "edited = excluded.edited, parent_id = excluded.parent_id, "
                  "pinned_until = excluded.pinned_until, like_count = excluded.like_count",
                  posts, bind_post, error);
}

GPtrArray *
civic_store_list_services (CivicStore  *store,
                           GError     **error)
{
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  stmt = civic_store_prepare (store,
                              "SELECT code, name, description, grp, keywords, metadata, "
                              "type, department, sla_hours FROM services ORDER BY name",
                              error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CivicService *service = civic_service_new ();
      const char *keywords = (const char *) sqlite3_column_text (stmt, 4);
      int type = CIVIC_SERVICE_TYPE_REALTIME;

      civic_service_set_code (service, (const char *) sqlite3_column_text (stmt, 0));
      civic_service_set_name (service, (const char *) sqlite3_column_text (stmt, 1));
      civic_service_set_description (service, (const char *) sqlite3_column_text (stmt, 2));
      civic_service_set_group (service, (const char *) sqlite3_column_text (stmt, 3));
      if (keywords != NULL && *keywords != '\0')
        {
          g_auto(GStrv) split = g_strsplit (keywords, "\n", -1);

          civic_service_set_keywords (service, (const char * const *) split);
        }
      civic_service_set_metadata (service, sqlite3_column_int (stmt, 5) != 0);
      civic_enum_from_nick (CIVIC_TYPE_SERVICE_TYPE, (const char *) sqlite3_column_text (stmt, 6), &type);
      civic_service_set_service_type (service, type);
      civic_service_set_department (service, (const char *) sqlite3_column_text (stmt, 7));
      civic_service_set_sla_hours (service, sqlite3_column_int (stmt, 8));
      g_ptr_array_add (services, service);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&services);
}

GPtrArray *
civic_store_list_departments (CivicStore  *store,
                              GError     **error)
{
  g_autoptr(GPtrArray) departments = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  stmt = civic_store_prepare (store, "SELECT id, name FROM departments ORDER BY name", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CivicDepartment *department = civic_department_new ();

      civic_department_set_id (department, (const char *) sqlite3_column_text (stmt, 0));
      civic_department_set_name (department, (const char *) sqlite3_column_text (stmt, 1));
      g_ptr_array_add (departments, department);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&departments);
}

CivicPost *
civic_store_get_post (CivicStore  *store,
                      gint64       id,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  CivicPost *post = NULL;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  stmt = civic_store_prepare (store,
                              "SELECT author, body, created, edited, parent_id, pinned_until, "
                              "like_count FROM posts WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      post = civic_post_new ();
      civic_post_set_id (post, id);
      civic_post_set_author (post, (const char *) sqlite3_column_text (stmt, 0));
      civic_post_set_body (post, (const char *) sqlite3_column_text (stmt, 1));
      civic_post_set_created (post, sqlite3_column_int64 (stmt, 2));
      civic_post_set_edited (post, sqlite3_column_int64 (stmt, 3));
      civic_post_set_parent_id (post, sqlite3_column_int64 (stmt, 4));
      civic_post_set_pinned_until (post, sqlite3_column_int64 (stmt, 5));
      civic_post_set_like_count (post, sqlite3_column_int (stmt, 6));
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND,
                 "That post is not in this desk’s copy.");
  else
    civic_store_set_error (store, rc, error);
  sqlite3_reset (stmt);

  return post;
}
