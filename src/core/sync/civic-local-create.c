/* civic-local-create.c: a new case with its final number, offline
 *
 * The numbers come from blocks the service leased to this desk (POST
 * /api/v1/numbers, see api/civic-api-numbers.c on the server). What is
 * left of them is kept in the store's meta as JSON, [[year, next, last],
 * …] oldest first, and taken in order in the same transaction that puts
 * the case in the replica and its POST in the outbox: a number is used
 * once, survives a restart, and a retried POST carries the same
 * Idempotency-Key, so the server makes the case once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-local-write.h"

#include <string.h>

#include "civic-case-private.h"
#include "civic-error.h"
#include "civic-local-private.h"
#include "civic-store-private.h"
#include "civic-sync-apply.h"

#define LEASE_KEY "number-lease"

static JsonArray *
read_lease (CivicStore  *store,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = civic_store_get_meta (store, LEASE_KEY, &local_error);
  g_autoptr(JsonNode) node = NULL;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  node = text != NULL ? json_from_string (text, NULL) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return json_array_new ();
  return json_array_ref (json_node_get_array (node));
}

static gboolean
write_lease (CivicStore  *store,
             JsonArray   *lease,
             GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), lease);
  g_autofree char *text = json_to_string (node, FALSE);

  return civic_store_set_meta (store, LEASE_KEY, text, error);
}

static gint64
block_at (JsonArray *lease,
          guint      i,
          guint      field)
{
  JsonArray *block = json_array_get_array_element (lease, i);

  return block != NULL && json_array_get_length (block) == 3 ? json_array_get_int_element (block, field) : 0;
}

guint
civic_local_numbers_left (CivicStore *store)
{
  g_autoptr(JsonArray) lease = NULL;
  gint64 n = 0;

  g_return_val_if_fail (CIVIC_IS_STORE (store), 0);

  lease = read_lease (store, NULL);
  for (guint i = 0; lease != NULL && i < json_array_get_length (lease); i++)
    n += MAX (0, block_at (lease, i, 2) - block_at (lease, i, 1) + 1);
  return (guint) MIN (n, G_MAXUINT);
}

guint
civic_local_numbers_wanted (CivicStore *store)
{
  return civic_local_numbers_left (store) < CIVIC_LOCAL_NUMBERS_BLOCK / 2 ? CIVIC_LOCAL_NUMBERS_BLOCK : 0;
}

gboolean
civic_local_numbers_add (CivicStore  *store,
                         gint64       year,
                         gint64       first,
                         gint64       last,
                         GError     **error)
{
  g_autoptr(JsonArray) lease = NULL;
  JsonArray *block;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);

  if (year < 2000 || year > 9999 || first < 1 || last < first || last > 999999)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "The service leased numbers this desk cannot use (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                   " to %" G_GINT64_FORMAT ").", year, first, last);
      return FALSE;
    }
  lease = read_lease (store, error);
  if (lease == NULL)
    return FALSE;
  block = json_array_new ();
  json_array_add_int_element (block, year);
  json_array_add_int_element (block, first);
  json_array_add_int_element (block, last);
  json_array_add_array_element (lease, block);
  return write_lease (store, lease, error);
}

/* In the caller's transaction: the next number, or NULL with the words. */
static char *
take_number (CivicStore  *store,
             GError     **error)
{
  g_autoptr(JsonArray) lease = read_lease (store, error);
  g_autoptr(JsonArray) rest = NULL;
  char *request_id = NULL;

  if (lease == NULL)
    return NULL;
  rest = json_array_new ();
  for (guint i = 0; i < json_array_get_length (lease); i++)
    {
      gint64 year = block_at (lease, i, 0);
      gint64 next = block_at (lease, i, 1);
      gint64 last = block_at (lease, i, 2);

      if (request_id == NULL && next >= 1 && next <= last)
        {
          request_id = g_strdup_printf ("311-%04" G_GINT64_FORMAT "-%06" G_GINT64_FORMAT, year, next);
          next++;
        }
      if (next <= last)
        {
          JsonArray *block = json_array_new ();

          json_array_add_int_element (block, year);
          json_array_add_int_element (block, next);
          json_array_add_int_element (block, last);
          json_array_add_array_element (rest, block);
        }
    }
  if (request_id == NULL)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "No tracking numbers are reserved on this desk yet — connect once to reserve some");
      return NULL;
    }
  if (!write_lease (store, rest, error))
    g_clear_pointer (&request_id, g_free);
  return request_id;
}

char *
civic_local_service_attributes (CivicStore  *store,
                                const char  *service_code)
{
  sqlite3_stmt *stmt;
  char *text = NULL;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  stmt = civic_store_prepare (store, "SELECT attributes FROM services WHERE code = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, service_code, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_TEXT)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (text != NULL && (g_str_equal (text, "null") || g_str_equal (text, "[]") || *text == '\0'))
    g_clear_pointer (&text, g_free);
  return text;
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static CivicService *
find_service (CivicStore  *store,
              const char  *code,
              GError     **error)
{
  g_autoptr(GPtrArray) services = civic_store_list_services (store, error);

  for (guint i = 0; services != NULL && i < services->len; i++)
    if (g_strcmp0 (civic_service_get_code (g_ptr_array_index (services, i)), code) == 0)
      return g_object_ref (g_ptr_array_index (services, i));
  if (services != NULL)
    g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                 "There is no service “%s” on this desk; choose one from the list.", code);
  return NULL;
}

static gboolean
check_draft (const CivicNewCase  *d,
             GError             **error)
{
  if (is_blank (d->service_code))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "Choose a service: what kind of problem is it?");
      return FALSE;
    }
  if ((int) d->channel < 0 || d->channel > CIVIC_CHANNEL_LAST)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "Choose how the report came in.");
      return FALSE;
    }
  if (d->description != NULL && g_utf8_strlen (d->description, -1) > 4000)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "The description is %ld characters long; shorten it to 4,000.",
                   (long) g_utf8_strlen (d->description, -1));
      return FALSE;
    }
  if (d->has_location && (d->lat < -90 || d->lat > 90 || d->lon < -180 || d->lon > 180))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "That point is not on Earth: latitude goes from -90 to 90, longitude from -180 to 180.");
      return FALSE;
    }
  if (!is_blank (d->reporter_email) && strchr (d->reporter_email, '@') == NULL)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "“%s” is not an email address.", d->reporter_email);
      return FALSE;
    }
  return TRUE;
}

static void
set_if (JsonObject *o,
        const char *name,
        const char *value)
{
  if (!is_blank (value))
    json_object_set_string_member (o, name, value);
}

static JsonObject *
create_body (const CivicNewCase *d,
             const char         *request_id)
{
  JsonObject *body = json_object_new ();
  JsonObject *reporter = json_object_new ();

  json_object_set_string_member (body, "service_request_id", request_id);
  json_object_set_string_member (body, "service_code", d->service_code);
  json_object_set_string_member (body, "channel", civic_enum_to_nick (CIVIC_TYPE_CHANNEL, d->channel));
  set_if (body, "description", d->description);
  set_if (body, "address", d->address);
  if (d->has_location)
    {
      json_object_set_double_member (body, "lat", d->lat);
      json_object_set_double_member (body, "long", d->lon);
    }
  set_if (reporter, "name", d->reporter_name);
  set_if (reporter, "email", d->reporter_email);
  set_if (reporter, "phone", d->reporter_phone);
  if (json_object_get_size (reporter) > 0)
    json_object_set_object_member (body, "reporter", reporter);
  else
    json_object_unref (reporter);
  if (d->attributes_json != NULL)
    {
      g_autoptr(JsonNode) answers = json_from_string (d->attributes_json, NULL);

      if (answers != NULL && JSON_NODE_HOLDS_OBJECT (answers) &&
          json_object_get_size (json_node_get_object (answers)) > 0)
        json_object_set_member (body, "attributes", g_steal_pointer (&answers));
    }
  return body;
}

gboolean
civic_local_create_case (CivicStore          *store,
                         const CivicNewCase  *d,
                         const char          *author,
                         char               **request_id,
                         GError             **error)
{
  g_autoptr(CivicService) service = NULL;
  g_autoptr(CivicCase) c = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) context = json_object_new ();
  g_autoptr(CivicCaseEvent) event = NULL;
  g_autofree char *number = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (d != NULL, FALSE);

  if (!check_draft (d, error))
    return FALSE;
  if (d->source_post < 0)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   "That post has not reached the service yet; turn it into a case once it has.");
      return FALSE;
    }
  service = find_service (store, d->service_code, error);
  if (service == NULL)
    return FALSE;

  if (!civic_store_begin (store, error))
    return FALSE;
  number = take_number (store, error);
  if (number == NULL)
    goto fail;

  c = civic_case_new ();
  civic_case_set_service_request_id (c, number);
  civic_case_set_state (c, CIVIC_CASE_STATE_NEW);
  civic_case_set_service_code (c, d->service_code);
  civic_case_set_service_name (c, civic_service_get_name (service));
  civic_case_set_department (c, civic_service_get_department (service));
  civic_case_set_agency_responsible (c, civic_service_get_department (service));
  civic_case_set_description (c, d->description);
  civic_case_set_requested_datetime (c, now);
  civic_case_set_updated_datetime (c, now);
  civic_case_set_expected_datetime (c, now + (gint64) MAX (1, civic_service_get_sla_hours (service)) * 3600);
  civic_case_set_address (c, d->address);
  if (d->has_location)
    {
      civic_case_set_lat (c, d->lat);
      civic_case_set_long (c, d->lon);
    }
  civic_case_set_priority (c, civic_priority_from_name ("normal"));
  civic_case_set_channel (c, d->channel);
  civic_case_set_reporter_name (c, d->reporter_name);
  civic_case_set_reporter_email (c, d->reporter_email);
  civic_case_set_reporter_phone (c, d->reporter_phone);
  civic_case_set_version (c, 0);
  if (!civic_store_put_case (store, c, error))
    goto fail;

  /* the timeline starts at once; the server's "created" replaces it */
  event = civic_case_event_new ();
  civic_case_event_set_case_id (event, number);
  civic_case_event_set_kind (event, CIVIC_CASE_EVENT_CREATED);
  civic_case_event_set_author (event, author);
  civic_case_event_set_created (event, now);
  if (!civic_store_append_event (store, event, error))
    goto fail;

  body = create_body (d, number);
  if (d->source_post > 0)
    {
      sqlite3_stmt *link = civic_store_prepare (store, "UPDATE posts SET case_id = ? WHERE id = ?", error);
      int rc;

      if (link == NULL)
        goto fail;
      sqlite3_bind_text (link, 1, number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (link, 2, d->source_post);
      rc = sqlite3_step (link);
      sqlite3_reset (link);
      if (rc != SQLITE_DONE)
        {
          civic_store_set_error (store, rc, error);
          goto fail;
        }
      json_object_set_int_member (body, "source_post", d->source_post);
    }
  json_object_set_string_member (context, "kind", "case_create");
  json_object_set_string_member (context, "request_id", number);
  {
    g_autoptr(JsonArray) events = json_array_new ();

    json_array_add_int_element (events, civic_case_event_get_id (event));
    json_object_set_array_member (context, "local_event_ids", g_steal_pointer (&events));
  }
  if (civic_local_enqueue (store, "POST", "/api/v1/cases", body, context, error) == 0)
    goto fail;
  if (!civic_store_commit (store, error))
    return FALSE;
  if (request_id != NULL)
    *request_id = g_steal_pointer (&number);
  return TRUE;

fail:
  civic_store_rollback (store);
  return FALSE;
}
