/* civic-api-views.c: saved views of the case queue
 *
 * A view is a name, its owner, and the GET /api/v1/cases parameters
 * (filters and sort) that make it. Every staff member sees every view and
 * may save one; the owner or a manager may delete it, which leaves a
 * tombstone so desks drop it on their next sync.
 *
 * The stored `filter` column holds {"filter": {key: "value", …},
 * "sort": "-requested"}, the values spelled exactly as query parameters,
 * checked by the same parser GET /cases uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-api-views.h"
#include "civic-api-cases-private.h"
#include "auth/civic-auth.h"
#include "civic-error.h"

#define MAX_VIEW_NAME 100

/* Writes one view; @stored is the filter column. */
static void
write_view (CivicJsonWriter *jw,
            gint64           id,
            const char      *name,
            const char      *owner,
            const char      *stored,
            gint64           created)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *created_text = civic_format_time (created);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  JsonObject *root = NULL;
  JsonObject *filter = NULL;
  const char *sort = "-requested";

  if (json_parser_load_from_data (parser, stored, -1, NULL) && json_parser_get_root (parser) != NULL &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonNode *f;

      root = json_node_get_object (json_parser_get_root (parser));
      f = json_object_get_member (root, "filter");
      if (f != NULL && JSON_NODE_HOLDS_OBJECT (f))
        filter = json_node_get_object (f);
      sort = json_object_get_string_member_with_default (root, "sort", sort);
    }

  civic_json_begin_object (jw);
  civic_json_member_string (jw, "id", id_text);
  civic_json_member_string (jw, "name", name);
  civic_json_member_string (jw, "owner", owner);
  civic_json_key (jw, "filter");
  civic_json_begin_object (jw);
  if (filter != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (filter);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *value = json_object_get_string_member_with_default (filter, l->data, "");
          g_autofree char *escaped = g_uri_escape_string (value, ",", TRUE);

          civic_json_member_string (jw, l->data, value);
          g_string_append_printf (query, "%s%s=%s", query->len > 0 ? "&" : "", (const char *) l->data, escaped);
        }
    }
  civic_json_end_object (jw);
  civic_json_member_string (jw, "sort", sort);
  g_string_append_printf (query, "%ssort=%s", query->len > 0 ? "&" : "", sort);
  /* ready to append to /api/v1/cases? */
  civic_json_member_string (jw, "query", query->str);
  civic_json_member_string (jw, "created", created_text);
  civic_json_end_object (jw);
}

static void
views_list (CivicRequest *req)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  CivicDbStmt *stmt = civic_db_prepare (req->conn,
                                        "SELECT id, name, owner, filter, created FROM saved_views ORDER BY lower(name), id",
                                        &error);
  CivicJsonWriter jw;

  civic_list_begin (&jw, out, "views");
  while (stmt != NULL && civic_db_step (stmt, &error))
    write_view (&jw, civic_db_column_int64 (stmt, 0), civic_db_column_text (stmt, 1),
                civic_db_column_text (stmt, 2), civic_db_column_text (stmt, 3), civic_db_column_int64 (stmt, 4));
  civic_list_reply (req, &jw, out, error);
}

typedef struct
{
  const char *name;
  char       *stored;
} NewView;

static gboolean
view_create_write (CivicWrite  *w,
                   gpointer     data,
                   GError     **error)
{
  NewView *v = data;
  g_autofree char *id_text = NULL;
  CivicDbStmt *stmt = civic_db_prepare (w->conn,
                                        "INSERT INTO saved_views (name, owner, filter, created, seq) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                                        error);
  CivicJsonWriter jw;
  gint64 id;

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_text (stmt, 1, v->name);
  civic_db_bind_text (stmt, 2, w->actor);
  civic_db_bind_text (stmt, 3, v->stored);
  civic_db_bind_int64 (stmt, 4, w->now);
  civic_db_bind_int64 (stmt, 5, w->seq);
  if (!civic_db_step (stmt, error))
    return FALSE;
  id = civic_db_column_int64 (stmt, 0);
  civic_db_done (stmt);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  civic_write_audit (w, "create", "saved_view", id_text, NULL, v->stored);

  w->status = SOUP_STATUS_CREATED;
  civic_json_writer_init (&jw, w->body);
  civic_json_begin_object (&jw);
  civic_json_key (&jw, "view");
  write_view (&jw, id, v->name, w->actor, v->stored, w->now);
  civic_json_end_object (&jw);
  return TRUE;
}

/* A filter value as a query parameter: text as is, a list joined with
 * commas, true/false, whole numbers. */
static char *
filter_value (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "true" : "false");
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return NULL;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GString) s = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
            return NULL;
          g_string_append_printf (s, "%s%s", i > 0 ? "," : "", json_node_get_string (item));
        }
      return g_string_free (g_steal_pointer (&s), FALSE);
    }
  return NULL;
}

static void
view_create (CivicRequest *req)
{
  g_autoptr(JsonObject) body = civic_request_json_object (req);
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_auto(CivicCaseFilter) f = { 0, };
  g_autoptr(GString) stored = g_string_new (NULL);
  g_autoptr(GList) members = NULL;
  CivicJsonWriter jw;
  JsonNode *filter;
  NewView v = { NULL, };
  g_autofree char *name = NULL;
  const char *sort = NULL;

  if (body == NULL)
    return;
  members = json_object_get_members (body);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "name") && !g_str_equal (l->data, "filter") && !g_str_equal (l->data, "sort"))
      {
        civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                           "“%s” is not part of a saved view; send name, filter and sort", (const char *) l->data);
        return;
      }
  if (!civic_body_string (body, "name", MAX_VIEW_NAME, &v.name, &error) ||
      !civic_body_string (body, "sort", 32, &sort, &error))
    {
      civic_reply_gerror (req, error);
      return;
    }
  name = g_strstrip (g_strdup (v.name != NULL ? v.name : ""));
  v.name = name;
  if (*name == '\0')
    {
      civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "A saved view needs a “name”");
      return;
    }
  filter = json_object_get_member (body, "filter");
  if (filter != NULL && !JSON_NODE_HOLDS_NULL (filter))
    {
      JsonObject *obj;
      g_autoptr(GList) keys = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (filter))
        {
          civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                             "“filter” must be an object with the keys of GET /api/v1/cases, like {\"state\": \"new\"}");
          return;
        }
      obj = json_node_get_object (filter);
      keys = json_object_get_members (obj);
      for (GList *l = keys; l != NULL; l = l->next)
        {
          char *value = filter_value (json_object_get_member (obj, l->data));

          if (g_str_equal (l->data, "sort"))
            {
              g_free (value);
              civic_reply_error (req, SOUP_STATUS_BAD_REQUEST, "Give the sort beside the filter, not inside it");
              return;
            }
          if (value == NULL)
            {
              civic_reply_error (req, SOUP_STATUS_BAD_REQUEST,
                                 "The filter “%s” must be text, true/false or a list of text", (const char *) l->data);
              return;
            }
          g_hash_table_insert (params, g_strdup (l->data), value);
        }
    }
  if (sort != NULL)
    g_hash_table_insert (params, g_strdup ("sort"), g_strdup (sort));
  if (!civic_case_filter_parse (params, NULL, CIVIC_CASE_FILTER_VIEW, &f, &error))
    {
      civic_reply_gerror (req, error);
      return;
    }

  civic_json_writer_init (&jw, stored);
  civic_json_begin_object (&jw);
  civic_json_key (&jw, "filter");
  civic_json_begin_object (&jw);
  for (const char *const *k = civic_case_filter_keys; *k != NULL; k++)
    if (!g_str_equal (*k, "sort") && g_hash_table_contains (params, *k))
      civic_json_member_string (&jw, *k, g_hash_table_lookup (params, *k));
  civic_json_end_object (&jw);
  civic_json_member_string (&jw, "sort", sort != NULL ? sort : "-requested");
  civic_json_end_object (&jw);
  v.stored = stored->str;
  civic_write_run_request (req, view_create_write, &v);
}

typedef struct
{
  gint64      id;
  const char *id_text;
} DeleteView;

static gboolean
view_delete_write (CivicWrite  *w,
                   gpointer     data,
                   GError     **error)
{
  DeleteView *d = data;
  g_autofree char *owner = NULL;
  g_autofree char *name = NULL;
  g_autofree char *before = NULL;
  CivicDbStmt *stmt = civic_db_prepare (w->conn, "SELECT owner, name, filter FROM saved_views WHERE id = ?1", error);
  CivicJsonWriter jw;

  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, d->id);
  if (!civic_db_step (stmt, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_NOT_FOUND, "There is no saved view %s", d->id_text);
      return FALSE;
    }
  owner = g_strdup (civic_db_column_text (stmt, 0));
  name = g_strdup (civic_db_column_text (stmt, 1));
  before = g_strdup (civic_db_column_text (stmt, 2));
  civic_db_done (stmt);

  if (g_strcmp0 (owner, w->actor) != 0 && !civic_auth_has_role (w->req->user, "manager"))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FORBIDDEN,
                   "Only %s (who saved it) or a manager may delete the view “%s”", owner, name);
      return FALSE;
    }
  stmt = civic_db_prepare (w->conn, "DELETE FROM saved_views WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  civic_db_bind_int64 (stmt, 1, d->id);
  if (!civic_db_run (stmt, error))
    return FALSE;
  civic_write_tombstone (w, "saved_view", d->id_text, error);
  if (error != NULL && *error != NULL)
    return FALSE;
  civic_write_audit (w, "delete", "saved_view", d->id_text, before, NULL);

  civic_json_writer_init (&jw, w->body);
  civic_json_begin_object (&jw);
  civic_json_member_string (&jw, "deleted", d->id_text);
  civic_json_end_object (&jw);
  return TRUE;
}

static void
view_delete (CivicRequest *req)
{
  DeleteView d = { 0, civic_request_param (req, 0) };
  guint64 id;

  if (!g_ascii_string_to_unsigned (d.id_text, 10, 1, G_MAXINT64, &id, NULL))
    {
      civic_reply_error (req, SOUP_STATUS_NOT_FOUND, "There is no saved view “%s”", d.id_text);
      return;
    }
  d.id = (gint64) id;
  civic_write_run_request (req, view_delete_write, &d);
}

static const CivicRoute routes[] = {
  { "GET", "/api/v1/views", views_list, CIVIC_ROUTE_STAFF },
  { "POST", "/api/v1/views", view_create, CIVIC_ROUTE_STAFF },
  { "DELETE", "/api/v1/views/{}", view_delete, CIVIC_ROUTE_STAFF },
};

void
civic_api_views_register (CivicServer *server)
{
  civic_server_add_routes (server, routes, G_N_ELEMENTS (routes));
}
