/* civic-local-bulk.c: one change to many cases, as one local write
 *
 * Every case's replaced values go in the entry's context ("base", by
 * case), so a refusal (one forbidden case refuses the whole request on
 * the server) puts every case back (civic-local-push.c), and the same
 * values make the inverse the view offers as Undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-local-bulk.h"

#include <string.h>

#include "civic-case-private.h"
#include "civic-error.h"
#include "civic-local-private.h"
#include "civic-local-write.h"
#include "civic-store-private.h"

typedef struct
{
  CivicBulkAction  action;
  char            *value;     /* assignee, department, tag or into; state as nick */
  GPtrArray       *ids;
} Group;

struct _CivicBulkUndo
{
  GPtrArray *groups;
  char      *summary;
  guint      count;
  gboolean   can_undo;
};

static void
group_free (Group *g)
{
  g_free (g->value);
  g_ptr_array_unref (g->ids);
  g_free (g);
}

void
civic_bulk_undo_free (CivicBulkUndo *undo)
{
  if (undo == NULL)
    return;
  g_ptr_array_unref (undo->groups);
  g_free (undo->summary);
  g_free (undo);
}

gboolean
civic_bulk_undo_can_undo (CivicBulkUndo *undo)
{
  return undo != NULL && undo->can_undo && undo->groups->len > 0;
}

const char *
civic_bulk_undo_get_summary (CivicBulkUndo *undo)
{
  return undo != NULL ? undo->summary : NULL;
}

guint
civic_bulk_undo_get_count (CivicBulkUndo *undo)
{
  return undo != NULL ? undo->count : 0;
}

/* The inverse group for a case whose value was @value (NULL: none). */
static void
undo_add (CivicBulkUndo   *undo,
          GHashTable      *by_value,
          CivicBulkAction  action,
          const char      *value,
          const char      *request_id)
{
  g_autofree char *key = g_strdup_printf ("%d:%s", action, value != NULL ? value : "\x01");
  Group *g = g_hash_table_lookup (by_value, key);

  if (g == NULL)
    {
      g = g_new0 (Group, 1);
      g->action = action;
      g->value = g_strdup (value);
      g->ids = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (undo->groups, g);
      g_hash_table_insert (by_value, g_steal_pointer (&key), g);
    }
  g_ptr_array_add (g->ids, g_strdup (request_id));
}

static gboolean
has_tag (CivicCase  *c,
         const char *tag)
{
  const char * const *tags = civic_case_get_tags (c);
  g_autofree char *key = g_utf8_casefold (tag, -1);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *k = g_utf8_casefold (tags[i], -1);

      if (g_str_equal (k, key))
        return TRUE;
    }
  return FALSE;
}

static void
set_tag (CivicCase  *c,
         const char *tag,
         gboolean    present)
{
  const char * const *tags = civic_case_get_tags (c);
  g_autoptr(GPtrArray) next = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *key = g_utf8_casefold (tag, -1);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *k = g_utf8_casefold (tags[i], -1);

      if (!g_str_equal (k, key))
        g_ptr_array_add (next, g_strdup (tags[i]));
    }
  if (present)
    g_ptr_array_add (next, g_strdup (tag));
  g_ptr_array_add (next, NULL);
  civic_case_set_tags (c, next->len > 1 ? (const char * const *) next->pdata : NULL);
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static gboolean
check_change (const CivicBulkChange  *change,
              guint                   n,
              GError                **error)
{
  if (n == 0)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "Select the cases to change first.");
      return FALSE;
    }
  switch (change->action)
    {
    case CIVIC_BULK_ASSIGN:
      return TRUE;
    case CIVIC_BULK_DEPARTMENT:
      if (is_blank (change->department))
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "A case always belongs to a department; choose one.");
          return FALSE;
        }
      return TRUE;
    case CIVIC_BULK_STATE:
      if ((int) change->state < 0 || change->state > CIVIC_CASE_STATE_LAST)
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "That is not a state a case can be in.");
          return FALSE;
        }
      if (change->state == CIVIC_CASE_STATE_CLOSED && is_blank (change->note))
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                       "Closing %u cases needs a resolution note: say what was done.", n);
          return FALSE;
        }
      return TRUE;
    case CIVIC_BULK_ADD_TAG:
    case CIVIC_BULK_REMOVE_TAG:
      if (is_blank (change->tag))
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "Say which tag.");
          return FALSE;
        }
      return TRUE;
    case CIVIC_BULK_MERGE:
      if (is_blank (change->into))
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "Choose the original case to merge into.");
          return FALSE;
        }
      return TRUE;
    default:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "That is not a change this desk knows.");
      return FALSE;
    }
}

static char *
summary_for (const CivicBulkChange *change,
             guint                  n)
{
  const char *what = NULL;

  switch (change->action)
    {
    case CIVIC_BULK_ASSIGN:
      return change->assignee != NULL
               ? g_strdup_printf (g_dngettext (NULL, "Assigned %u case to %s", "Assigned %u cases to %s", n), n,
                                  change->assignee)
               : g_strdup_printf (g_dngettext (NULL, "Unassigned %u case", "Unassigned %u cases", n), n);
    case CIVIC_BULK_DEPARTMENT:
      return g_strdup_printf (g_dngettext (NULL, "Moved %u case to %s", "Moved %u cases to %s", n), n,
                              change->department);
    case CIVIC_BULK_STATE:
      what = civic_enum_to_nick (CIVIC_TYPE_CASE_STATE, change->state);
      return g_strdup_printf (g_dngettext (NULL, "Set %u case to %s", "Set %u cases to %s", n), n, what);
    case CIVIC_BULK_ADD_TAG:
      return g_strdup_printf (g_dngettext (NULL, "Tagged %u case #%s", "Tagged %u cases #%s", n), n, change->tag);
    case CIVIC_BULK_REMOVE_TAG:
      return g_strdup_printf (g_dngettext (NULL, "Removed #%s from %u case", "Removed #%s from %u cases", n),
                              change->tag, n);
    case CIVIC_BULK_MERGE:
    default:
      return g_strdup_printf (g_dngettext (NULL, "Merged %u case into %s", "Merged %u cases into %s", n), n,
                              change->into);
    }
}

/* The replica's change to one case; its replaced values into @base. */
static gboolean
change_case (CivicCase              *c,
             const CivicBulkChange  *change,
             JsonObject             *base,
             CivicBulkUndo          *undo,
             GHashTable             *by_value,
             gint64                  now,
             GError                **error)
{
  const char *id = civic_case_get_service_request_id (c);
  static const char *const fields[] = { "assignee", "department", "state", "tags", "tags", "state" };
  CivicCaseState old_state = civic_case_get_state (c);

  json_object_set_member (base, fields[change->action], civic_local_case_field (c, fields[change->action]));
  switch (change->action)
    {
    case CIVIC_BULK_ASSIGN:
      if (g_strcmp0 (civic_case_get_assignee (c), change->assignee) != 0)
        undo_add (undo, by_value, CIVIC_BULK_ASSIGN, civic_case_get_assignee (c), id);
      civic_case_set_assignee (c, change->assignee);
      break;
    case CIVIC_BULK_DEPARTMENT:
      if (g_strcmp0 (civic_case_get_department (c), change->department) != 0)
        undo_add (undo, by_value, CIVIC_BULK_DEPARTMENT, civic_case_get_department (c), id);
      civic_case_set_department (c, change->department);
      break;
    case CIVIC_BULK_STATE:
      if (old_state != change->state)
        undo_add (undo, by_value, CIVIC_BULK_STATE, civic_enum_to_nick (CIVIC_TYPE_CASE_STATE, old_state), id);
      civic_case_set_state (c, change->state);
      if (change->state == CIVIC_CASE_STATE_CLOSED && old_state != CIVIC_CASE_STATE_CLOSED)
        civic_case_set_closed_datetime (c, now);
      else if (change->state != CIVIC_CASE_STATE_CLOSED)
        civic_case_set_closed_datetime (c, 0);
      break;
    case CIVIC_BULK_ADD_TAG:
    case CIVIC_BULK_REMOVE_TAG:
      {
        gboolean add = change->action == CIVIC_BULK_ADD_TAG;

        if (has_tag (c, change->tag) != add)
          undo_add (undo, by_value, add ? CIVIC_BULK_REMOVE_TAG : CIVIC_BULK_ADD_TAG, change->tag, id);
        set_tag (c, change->tag, add);
      }
      break;
    case CIVIC_BULK_MERGE:
      {
        g_autofree char *notes = g_strdup_printf ("Duplicate of %s", change->into);

        json_object_set_member (base, "status_notes", civic_local_case_field (c, "status_notes"));
        civic_case_set_state (c, CIVIC_CASE_STATE_CLOSED);
        civic_case_set_status_notes (c, notes);
        civic_case_set_duplicate_of (c, change->into);
        if (old_state != CIVIC_CASE_STATE_CLOSED)
          civic_case_set_closed_datetime (c, now);
      }
      break;
    default:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID, "That is not a change this desk knows.");
      return FALSE;
    }
  civic_case_set_updated_datetime (c, now);
  return TRUE;
}

static JsonObject *
changes_object (const CivicBulkChange *change)
{
  JsonObject *o = json_object_new ();
  JsonArray *tags;

  switch (change->action)
    {
    case CIVIC_BULK_ASSIGN:
      if (change->assignee != NULL)
        json_object_set_string_member (o, "assignee", change->assignee);
      else
        json_object_set_null_member (o, "assignee");
      break;
    case CIVIC_BULK_DEPARTMENT:
      json_object_set_string_member (o, "department", change->department);
      break;
    case CIVIC_BULK_STATE:
      json_object_set_string_member (o, "state", civic_enum_to_nick (CIVIC_TYPE_CASE_STATE, change->state));
      break;
    case CIVIC_BULK_ADD_TAG:
    case CIVIC_BULK_REMOVE_TAG:
      tags = json_array_new ();
      json_array_add_string_element (tags, change->tag);
      json_object_set_array_member (o, change->action == CIVIC_BULK_ADD_TAG ? "add_tags" : "remove_tags", tags);
      break;
    case CIVIC_BULK_MERGE:
    default:
      break;
    }
  if (!is_blank (change->note))
    json_object_set_string_member (o, "note", change->note);
  return o;
}

/* Enqueues the request(s) for @ids (already changed in the replica). */
static gboolean
enqueue (CivicStore             *store,
         const CivicBulkChange  *change,
         GPtrArray              *ids,
         JsonObject             *bases,
         GError                **error)
{
  if (change->action == CIVIC_BULK_MERGE)
    {
      for (guint i = 0; i < ids->len; i++)
        {
          const char *id = g_ptr_array_index (ids, i);
          g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
          g_autofree char *path = g_strconcat ("/api/v1/cases/", escaped, "/merge", NULL);
          g_autoptr(JsonObject) body = json_object_new ();
          g_autoptr(JsonObject) context = json_object_new ();

          json_object_set_string_member (body, "into", change->into);
          json_object_set_string_member (context, "kind", "case_merge");
          json_object_set_string_member (context, "request_id", id);
          json_object_set_object_member (context, "base",
                                         json_object_ref (json_object_get_object_member (bases, id)));
          if (civic_local_enqueue (store, "POST", path, body, context, error) == 0)
            return FALSE;
        }
      return TRUE;
    }

  for (guint start = 0; start < ids->len; start += CIVIC_BULK_MAX_PER_ENTRY)
    {
      g_autoptr(JsonObject) body = json_object_new ();
      g_autoptr(JsonObject) context = json_object_new ();
      JsonArray *array = json_array_new ();
      JsonObject *base = json_object_new ();

      for (guint i = start; i < MIN (ids->len, start + CIVIC_BULK_MAX_PER_ENTRY); i++)
        {
          const char *id = g_ptr_array_index (ids, i);

          json_array_add_string_element (array, id);
          json_object_set_object_member (base, id, json_object_ref (json_object_get_object_member (bases, id)));
        }
      json_object_set_array_member (body, "ids", array);
      json_object_set_object_member (body, "changes", changes_object (change));
      json_object_set_string_member (context, "kind", "bulk");
      json_object_set_object_member (context, "base", base);
      if (civic_local_enqueue (store, "POST", "/api/v1/cases/bulk", body, context, error) == 0)
        return FALSE;
    }
  return TRUE;
}

/* In the caller's transaction. */
static gboolean
apply_in_txn (CivicStore             *store,
              GPtrArray              *ids,
              const CivicBulkChange  *change,
              CivicBulkUndo          *undo,
              GError                **error)
{
  g_autoptr(GHashTable) by_value = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonObject) bases = json_object_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CivicCase) c = civic_store_get_case (store, g_ptr_array_index (ids, i), error);
      JsonObject *base = json_object_new ();

      json_object_set_object_member (bases, g_ptr_array_index (ids, i), base);
      if (c == NULL || !change_case (c, change, base, undo, by_value, now, error) ||
          !civic_store_put_case (store, c, error))
        return FALSE;
    }
  return enqueue (store, change, ids, bases, error);
}

static GPtrArray *
unique_ids (const char * const *request_ids,
            const char         *except)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; request_ids != NULL && request_ids[i] != NULL; i++)
    if (g_strcmp0 (request_ids[i], except) != 0 && g_hash_table_add (seen, (gpointer) request_ids[i]))
      g_ptr_array_add (ids, (gpointer) request_ids[i]);
  return ids;
}

CivicBulkUndo *
civic_local_bulk_change (CivicStore             *store,
                         const char * const     *request_ids,
                         const CivicBulkChange  *change,
                         const char             *author,
                         GError                **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(CivicBulkUndo) undo = NULL;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);
  g_return_val_if_fail (change != NULL, NULL);

  /* the original is not its own duplicate */
  ids = unique_ids (request_ids, change->action == CIVIC_BULK_MERGE ? change->into : NULL);
  if (!check_change (change, ids->len, error))
    return NULL;
  if (change->action == CIVIC_BULK_MERGE)
    {
      g_autoptr(CivicCase) into = civic_store_get_case (store, change->into, error);

      if (into == NULL)
        return NULL;
    }

  undo = g_new0 (CivicBulkUndo, 1);
  undo->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  undo->count = ids->len;
  undo->summary = summary_for (change, ids->len);
  undo->can_undo = change->action != CIVIC_BULK_MERGE;

  if (!civic_store_begin (store, error))
    return NULL;
  if (!apply_in_txn (store, ids, change, undo, error))
    {
      civic_store_rollback (store);
      return NULL;
    }
  if (!civic_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&undo);
}

gboolean
civic_local_bulk_undo (CivicStore     *store,
                       CivicBulkUndo  *undo,
                       const char     *author,
                       GError        **error)
{
  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (undo != NULL, FALSE);

  if (!civic_bulk_undo_can_undo (undo))
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                   undo->can_undo ? "There is nothing to undo." : "A merge cannot be undone.");
      return FALSE;
    }
  if (!civic_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < undo->groups->len; i++)
    {
      Group *g = g_ptr_array_index (undo->groups, i);
      g_autoptr(CivicBulkUndo) again = g_new0 (CivicBulkUndo, 1);
      CivicBulkChange change = { .action = g->action };
      int state = 0;

      again->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
      switch (g->action)
        {
        case CIVIC_BULK_ASSIGN:
          change.assignee = g->value;
          break;
        case CIVIC_BULK_DEPARTMENT:
          change.department = g->value;
          break;
        case CIVIC_BULK_STATE:
          civic_enum_from_nick (CIVIC_TYPE_CASE_STATE, g->value, &state);
          change.state = state;
          /* closing again needs its note; the server records it */
          change.note = "Undo of a bulk change";
          break;
        default:
          change.tag = g->value;
          break;
        }
      if (!apply_in_txn (store, g->ids, &change, again, error))
        {
          civic_store_rollback (store);
          return FALSE;
        }
    }
  if (!civic_store_commit (store, error))
    return FALSE;
  /* once */
  undo->can_undo = FALSE;
  return TRUE;
}
