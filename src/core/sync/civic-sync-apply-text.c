/* civic-sync-apply-text.c: a page of changes read straight from its text
 *
 * A first sync is 100,000 cases; building a json-glib tree for each page
 * and freeing it again was ~90% of the desk's CPU. Here the page is read
 * with CivicJsonReader and each case's members go straight into its
 * CivicCase, with the same checks and the same sentences as
 * civic_sync_case_from_json(). Other entities are rare: their "data" is
 * handed to json-glib and applied by the usual code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-sync-apply.h"

#include <string.h>

#include "civic-case-private.h"
#include "civic-error.h"
#include "civic-json-reader.h"
#include "civic-sync-private.h"

typedef enum
{
  F_SRID,
  F_STATE,
  F_STATUS,
  F_TEXT,
  F_TIME,
  F_DOUBLE,
  F_VERSION,
  F_PRIORITY,
  F_CHANNEL,
  F_TAGS,
} FieldKind;

#define TEXT(f) G_STRUCT_OFFSET (CivicCase, f)

static const struct { const char *name; guint8 len; guint8 kind; gsize offset; } fields[] = {
  /* the server's order (civic-case-record.c), so the hint below hits */
  { "service_request_id", 18, F_SRID, 0 },
  { "status", 6, F_STATUS, 0 },
  { "state", 5, F_STATE, 0 },
  { "status_notes", 12, F_TEXT, TEXT (status_notes) },
  { "service_name", 12, F_TEXT, TEXT (service_name) },
  { "service_code", 12, F_TEXT, TEXT (service_code) },
  { "description", 11, F_TEXT, TEXT (description) },
  { "agency_responsible", 18, F_TEXT, TEXT (agency_responsible) },
  { "service_notice", 14, F_TEXT, TEXT (service_notice) },
  { "requested_datetime", 18, F_TIME, TEXT (requested_datetime) },
  { "updated_datetime", 16, F_TIME, TEXT (updated_datetime) },
  { "expected_datetime", 17, F_TIME, TEXT (expected_datetime) },
  { "closed_datetime", 15, F_TIME, TEXT (closed_datetime) },
  { "address", 7, F_TEXT, TEXT (address) },
  { "address_id", 10, F_TEXT, TEXT (address_id) },
  { "zipcode", 7, F_TEXT, TEXT (zipcode) },
  { "lat", 3, F_DOUBLE, TEXT (lat) },
  { "long", 4, F_DOUBLE, TEXT (lon) },
  { "media_url", 9, F_TEXT, TEXT (media_url) },
  { "department", 10, F_TEXT, TEXT (department) },
  { "assignee", 8, F_TEXT, TEXT (assignee) },
  { "priority", 8, F_PRIORITY, 0 },
  { "channel", 7, F_CHANNEL, 0 },
  { "reporter_name", 13, F_TEXT, TEXT (reporter_name) },
  { "reporter_email", 14, F_TEXT, TEXT (reporter_email) },
  { "reporter_phone", 14, F_TEXT, TEXT (reporter_phone) },
  { "tags", 4, F_TAGS, 0 },
  { "duplicate_of", 12, F_TEXT, TEXT (duplicate_of) },
  { "version", 7, F_VERSION, 0 },
};

#undef TEXT

static const char * const state_names[] = { "new", "acknowledged", "in_progress", "waiting", "closed" };
static const char * const channel_names[] = { "phone", "web", "mobile", "social", "field", "internal" };

G_STATIC_ASSERT (G_N_ELEMENTS (state_names) == CIVIC_CASE_STATE_LAST + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (channel_names) == CIVIC_CHANNEL_LAST + 1);

static int
field_of (const GString *key,
          guint         *hint)
{
  guint n = G_N_ELEMENTS (fields);

  for (guint k = 0; k < n; k++)
    {
      guint i = (*hint + k) % n;

      if (fields[i].len == key->len && memcmp (fields[i].name, key->str, key->len) == 0)
        {
          *hint = i + 1;
          return (int) i;
        }
    }
  return -1;
}

/* A string or null for member @name: FALSE and malformed for any other
 * type. *present is FALSE for null. */
static gboolean
read_str (CivicJsonReader *r,
          CivicApplyCtx   *ctx,
          const char      *name,
          gboolean        *present)
{
  *present = FALSE;
  if (civic_json_reader_read_null (r))
    return TRUE;
  if (civic_json_reader_read_string (r))
    return *present = TRUE;
  return !civic_json_reader_failed (r) && civic_sync_malformed (ctx, "“%s” is not text", name);
}

/* -1 for null, else the state; -2 (and the text kept) for an unknown one */
static int
state_of (const char *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (strcmp (state_names[i], s) == 0)
      return (int) i;
  return strcmp (s, "open") == 0 ? CIVIC_CASE_STATE_NEW : -2;
}

static gboolean
read_case (CivicJsonReader *r,
           CivicApplyCtx   *ctx,
           CivicCase       *c)
{
  guint hint = 0;
  int state = -1, status = -1;
  g_autofree char *bad_state = NULL;
  g_autofree char *bad_status = NULL;
  gboolean seen_srid = FALSE;
  gboolean present;

  c->priority = 3;
  c->channel = CIVIC_CHANNEL_INTERNAL;
  if (!civic_json_reader_begin_object (r))
    return FALSE;
  while (civic_json_reader_next_member (r))
    {
      int f = field_of (r->key, &hint);
      const char *name;

      if (f < 0)
        {
          /* a member this desk does not know (a newer server) */
          if (!civic_json_reader_skip (r, NULL))
            return FALSE;
          continue;
        }
      name = fields[f].name;
      switch (fields[f].kind)
        {
        case F_SRID:
          if (!read_str (r, ctx, name, &present))
            return FALSE;
          seen_srid = present;
          if (present && r->value->len == 0)
            return civic_sync_malformed (ctx, "“%s” is empty", name);
          g_free (c->service_request_id);
          c->service_request_id = present ? g_strndup (r->value->str, r->value->len) : NULL;
          break;
        case F_STATE:
        case F_STATUS:
          {
            int *v = fields[f].kind == F_STATE ? &state : &status;
            char **bad = fields[f].kind == F_STATE ? &bad_state : &bad_status;

            if (!read_str (r, ctx, name, &present))
              return FALSE;
            *v = present ? state_of (r->value->str) : -1;
            g_free (*bad);
            *bad = *v == -2 ? g_strdup (r->value->str) : NULL;
          }
          break;
        case F_TEXT:
          {
            char **slot = G_STRUCT_MEMBER_P (c, fields[f].offset);

            if (!read_str (r, ctx, name, &present))
              return FALSE;
            g_free (*slot);
            *slot = present ? g_strndup (r->value->str, r->value->len) : NULL;
          }
          break;
        case F_TIME:
          {
            gint64 *slot = G_STRUCT_MEMBER_P (c, fields[f].offset);

            if (!read_str (r, ctx, name, &present))
              return FALSE;
            *slot = 0;
            if (present && r->value->len > 0 && !civic_sync_parse_time (r->value->str, slot))
              return civic_sync_malformed (ctx, "“%s” is not a date and time", name);
          }
          break;
        case F_DOUBLE:
          {
            double *slot = G_STRUCT_MEMBER_P (c, fields[f].offset);

            *slot = 0.0;
            if (!civic_json_reader_read_null (r) && !civic_json_reader_read_double (r, slot))
              return !civic_json_reader_failed (r) && civic_sync_malformed (ctx, "“%s” is not a number", name);
          }
          break;
        case F_VERSION:
          c->version = 0;
          if (!civic_json_reader_read_null (r) && !civic_json_reader_read_int (r, &c->version))
            return !civic_json_reader_failed (r) && civic_sync_malformed (ctx, "“%s” is not a whole number", name);
          break;
        case F_PRIORITY:
          if (!read_str (r, ctx, name, &present))
            return FALSE;
          c->priority = present ? civic_priority_from_name (r->value->str) : 3;
          if (c->priority == 0)
            return civic_sync_malformed (ctx, "“%s” is not a priority", r->value->str);
          break;
        case F_CHANNEL:
          if (!read_str (r, ctx, name, &present))
            return FALSE;
          c->channel = CIVIC_CHANNEL_INTERNAL;
          for (guint i = 0; present && i < G_N_ELEMENTS (channel_names); i++)
            if (strcmp (channel_names[i], r->value->str) == 0)
              c->channel = (CivicChannel) i;
          break;
        case F_TAGS:
          g_clear_pointer (&c->tags, g_strfreev);
          if (civic_json_reader_read_null (r))
            break;
          if (civic_json_reader_peek (r) != CIVIC_JSON_ARRAY)
            return !civic_json_reader_failed (r) && civic_sync_malformed (ctx, "“tags” is not a list");
          {
            g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);

            if (!civic_json_reader_begin_array (r))
              return FALSE;
            while (civic_json_reader_next_element (r))
              {
                if (!civic_json_reader_read_string (r))
                  return !civic_json_reader_failed (r) && civic_sync_malformed (ctx, "a tag is not text");
                g_ptr_array_add (tags, g_strndup (r->value->str, r->value->len));
              }
            if (civic_json_reader_failed (r))
              return FALSE;
            if (tags->len > 0)
              {
                g_ptr_array_add (tags, NULL);
                g_ptr_array_set_free_func (tags, NULL);
                c->tags = (char **) g_ptr_array_free (g_steal_pointer (&tags), FALSE);
              }
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  if (civic_json_reader_failed (r))
    return FALSE;

  if (!seen_srid)
    return civic_sync_malformed (ctx, "“service_request_id” is missing");
  /* "state" wins over the Open311 "status", as in civic_sync_case_from_json */
  if (state == -2)
    return civic_sync_malformed (ctx, "“%s” is not a case state", bad_state);
  if (state == -1 && status == -2)
    return civic_sync_malformed (ctx, "“%s” is not a case state", bad_status);
  c->state = state >= 0 ? state : status >= 0 ? status : CIVIC_CASE_STATE_NEW;
  return TRUE;
}

static void
event_free (CivicParsedEvent *ev)
{
  g_free (ev->request_id);
  g_free (ev->kind);
  g_free (ev->author);
  g_free (ev->body);
  g_free (ev->old_value);
  g_free (ev->new_value);
  g_free (ev);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicParsedEvent, event_free)

/* The data of a "case_event", as civic_sync_apply_event() reads it:
 * two of three changes in a first sync are events. */
static gboolean
read_event (CivicJsonReader  *r,
            CivicApplyCtx    *ctx,
            CivicParsedEvent *ev)
{
  gboolean seen_id = FALSE, present;

  if (!civic_json_reader_begin_object (r))
    return FALSE;
  while (civic_json_reader_next_member (r))
    {
      const char *key = r->key->str;
      char **slot = NULL;

      if (strcmp (key, "id") == 0)
        {
          seen_id = FALSE;
          if (civic_json_reader_read_null (r))
            continue;
          if (!civic_json_reader_read_int (r, &ev->id))
            return !civic_json_reader_failed (r) && civic_sync_malformed (ctx, "“id” is not a whole number");
          seen_id = TRUE;
          continue;
        }
      if (strcmp (key, "public") == 0)
        {
          gint64 v;

          ev->is_public = FALSE;
          if (civic_json_reader_read_null (r) || civic_json_reader_read_boolean (r, &ev->is_public))
            continue;
          if (civic_json_reader_read_int (r, &v))
            {
              ev->is_public = v != 0;
              continue;
            }
          return !civic_json_reader_failed (r) && civic_sync_malformed (ctx, "“public” is not true or false");
        }
      if (strcmp (key, "created") == 0)
        {
          if (!read_str (r, ctx, "created", &present))
            return FALSE;
          ev->created = 0;
          if (present && r->value->len > 0 && !civic_sync_parse_time (r->value->str, &ev->created))
            return civic_sync_malformed (ctx, "“created” is not a date and time");
          continue;
        }
      if (strcmp (key, "service_request_id") == 0)
        slot = &ev->request_id;
      else if (strcmp (key, "kind") == 0)
        slot = &ev->kind;
      else if (strcmp (key, "author") == 0)
        slot = &ev->author;
      else if (strcmp (key, "body") == 0)
        slot = &ev->body;
      else if (strcmp (key, "old_value") == 0)
        slot = &ev->old_value;
      else if (strcmp (key, "new_value") == 0)
        slot = &ev->new_value;
      if (slot == NULL)
        {
          if (!civic_json_reader_skip (r, NULL))
            return FALSE;
          continue;
        }
      {
        /* the name for the message: the key buffer is reused below */
        const char *name = slot == &ev->request_id ? "service_request_id" : slot == &ev->kind ? "kind" :
                           slot == &ev->author ? "author" : slot == &ev->body ? "body" :
                           slot == &ev->old_value ? "old_value" : "new_value";

        if (!read_str (r, ctx, name, &present))
          return FALSE;
        g_free (*slot);
        *slot = present ? g_strndup (r->value->str, r->value->len) : NULL;
      }
    }
  if (civic_json_reader_failed (r))
    return FALSE;
  if (!seen_id)
    return civic_sync_malformed (ctx, "“id” is missing");
  if (ev->kind == NULL)
    return civic_sync_malformed (ctx, "“kind” is missing");
  if (*ev->kind == '\0')
    return civic_sync_malformed (ctx, "“kind” is empty");
  return TRUE;
}

/* The data of a change that is not a case: its text handed to json-glib. */
static JsonObject *
data_object (CivicJsonReader *r,
             const char      *begin,
             GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, begin, r->p - begin, error))
    return NULL;
  root = json_parser_get_root (parser);
  return json_object_ref (json_node_get_object (root));
}

/* Reads @entity's data at the reader into @change or @c (cases): the
 * two entities of a first sync are read here, the rest by json-glib. */
static gboolean
read_data (CivicJsonReader   *r,
           CivicApplyCtx     *ctx,
           CivicCase        **c,
           CivicParsedEvent **ev)
{
  if (strcmp (ctx->entity, "case") == 0)
    {
      *c = civic_case_new ();
      return read_case (r, ctx, *c);
    }
  *ev = g_new0 (CivicParsedEvent, 1);
  return read_event (r, ctx, *ev);
}

static gboolean
read_in_place (const char *entity)
{
  return strcmp (entity, "case") == 0 || strcmp (entity, "case_event") == 0;
}

/* One {"entity", "seq", "data"}, members in any order. */
static gboolean
read_change (CivicJsonReader *r,
             CivicParsedPage *page,
             guint            index,
             GError         **error)
{
  CivicApplyCtx ctx = { NULL, 0, error };
  g_autofree char *entity = NULL;
  g_autoptr(CivicCase) c = NULL;
  g_autoptr(CivicParsedEvent) ev = NULL;
  const char *data = NULL, *data_end = NULL;
  gboolean seen_seq = FALSE, seen_data = FALSE;

  if (civic_json_reader_peek (r) != CIVIC_JSON_OBJECT)
    return !civic_json_reader_failed (r) && civic_sync_malformed (&ctx, "item %u of the page is not an object", index);
  civic_json_reader_begin_object (r);
  while (civic_json_reader_next_member (r))
    {
      if (strcmp (r->key->str, "entity") == 0)
        {
          gboolean present;

          if (!read_str (r, &ctx, "entity", &present))
            return FALSE;
          g_free (entity);
          entity = present ? g_strndup (r->value->str, r->value->len) : NULL;
        }
      else if (strcmp (r->key->str, "seq") == 0)
        {
          if (civic_json_reader_read_null (r))
            seen_seq = FALSE;
          else if (!civic_json_reader_read_int (r, &ctx.seq))
            return !civic_json_reader_failed (r) && civic_sync_malformed (&ctx, "“seq” is not a whole number");
          else
            seen_seq = TRUE;
        }
      else if (strcmp (r->key->str, "data") == 0)
        {
          if (civic_json_reader_peek (r) != CIVIC_JSON_OBJECT)
            return !civic_json_reader_failed (r) && civic_sync_malformed (&ctx, "“data” is not an object");
          seen_data = TRUE;
          g_clear_object (&c);
          g_clear_pointer (&ev, event_free);
          data = NULL;
          /* the usual order: entity and seq known, read in place; else
           * the text is kept and read below */
          if (entity != NULL && seen_seq && read_in_place (entity))
            {
              ctx.entity = entity;
              if (!read_data (r, &ctx, &c, &ev))
                return FALSE;
            }
          else
            {
              if (!civic_json_reader_skip (r, &data))
                return FALSE;
              data_end = r->p;
            }
        }
      else if (!civic_json_reader_skip (r, NULL))
        return FALSE;
    }
  if (civic_json_reader_failed (r))
    return FALSE;

  if (entity == NULL || *entity == '\0')
    return civic_sync_malformed (&ctx, entity == NULL ? "“entity” is missing" : "“entity” is empty");
  ctx.entity = entity;
  if (!seen_seq)
    {
      ctx.seq = 0;
      return civic_sync_malformed (&ctx, "“seq” is missing");
    }
  if (!seen_data)
    return civic_sync_malformed (&ctx, "“data” is not an object");

  if (data != NULL && read_in_place (entity))
    {
      /* "data" came before "entity" or "seq": read it again now */
      CivicJsonReader sub;
      gboolean ok;

      civic_json_reader_init (&sub, data, data_end - data);
      ok = read_data (&sub, &ctx, &c, &ev) && civic_json_reader_end (&sub);
      if (!civic_json_reader_finish (&sub, error) || !ok)
        {
          civic_json_reader_clear (&sub);
          return FALSE;
        }
      civic_json_reader_clear (&sub);
    }

  if (c != NULL)
    g_ptr_array_add (page->cases, g_steal_pointer (&c));
  else
    {
      CivicParsedChange *change = g_new0 (CivicParsedChange, 1);

      if (ev != NULL)
        change->event = g_steal_pointer (&ev);
      else
        {
          const char *end = r->p;

          r->p = data_end;
          change->data = data_object (r, data, error);
          r->p = end;
          if (change->data == NULL)
            {
              g_free (change);
              return FALSE;
            }
        }
      change->entity = g_steal_pointer (&entity);
      change->seq = ctx.seq;
      g_ptr_array_add (page->others, change);
    }
  return TRUE;
}

CivicParsedPage *
civic_sync_parse_page_text (const char  *json,
                            gsize        length,
                            GError     **error)
{
  CivicParsedPage *page = civic_parsed_page_new ();
  CivicJsonReader r;
  g_autoptr(GError) local = NULL;
  gboolean seen_changes = FALSE, seen_next = FALSE, seen_more = FALSE, seen_current = FALSE;
  gboolean ok = TRUE;

  civic_json_reader_init (&r, json, length);
  if (civic_json_reader_peek (&r) != CIVIC_JSON_OBJECT)
    civic_json_reader_fail (&r, "the answer is not a JSON object");
  civic_json_reader_begin_object (&r);
  while (ok && civic_json_reader_next_member (&r))
    {
      if (strcmp (r.key->str, "changes") == 0)
        {
          guint index = 0;

          if (civic_json_reader_peek (&r) != CIVIC_JSON_ARRAY)
            {
              civic_json_reader_fail (&r, "“changes” is not a list");
              break;
            }
          seen_changes = TRUE;
          civic_json_reader_begin_array (&r);
          while (ok && civic_json_reader_next_element (&r))
            ok = read_change (&r, page, index++, &local);
        }
      else if (strcmp (r.key->str, "next") == 0)
        {
          if (!civic_json_reader_read_int (&r, &page->next))
            civic_json_reader_fail (&r, "“next” is not a whole number");
          seen_next = TRUE;
        }
      else if (strcmp (r.key->str, "current") == 0)
        {
          if (civic_json_reader_read_null (&r))
            continue;
          if (!civic_json_reader_read_int (&r, &page->current))
            civic_json_reader_fail (&r, "“current” is not a whole number");
          seen_current = TRUE;
        }
      else if (strcmp (r.key->str, "more") == 0)
        {
          if (!civic_json_reader_read_boolean (&r, &page->more))
            civic_json_reader_fail (&r, "“more” is not true or false");
          seen_more = TRUE;
        }
      else
        civic_json_reader_skip (&r, NULL);
    }
  if (ok)
    {
      civic_json_reader_end (&r);
      if (!civic_json_reader_failed (&r) && (!seen_changes || !seen_next || !seen_more))
        civic_json_reader_fail (&r, "not a page of changes (“%s” is missing)",
                                !seen_changes ? "changes" : !seen_next ? "next" : "more");
      ok = civic_json_reader_finish (&r, &local);
    }
  else if (local == NULL)
    civic_json_reader_finish (&r, &local);   /* a fault inside a change */
  civic_json_reader_clear (&r);
  if (!ok)
    {
      /* the message of a reader fault reads as a sentence after this */
      if (g_error_matches (local, CIVIC_ERROR, CIVIC_ERROR_INVALID) &&
          !g_str_has_prefix (local->message, "The service"))
        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                     "The service sent a page of changes this desk cannot read: %s. "
                     "Nothing from that page was saved.", local->message);
      else if (local->domain != CIVIC_ERROR)
        g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID,
                     "The service sent a change this desk cannot read: %s. "
                     "Nothing from that page was saved.", local->message);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      civic_parsed_page_free (page);
      return NULL;
    }
  if (!seen_current)
    page->current = page->next;
  return page;
}

gboolean
civic_sync_apply_page_text (CivicStore         *store,
                            const char         *json,
                            gsize               length,
                            gint64             *next,
                            gboolean           *more,
                            CivicApplySummary  *summary,
                            GError            **error)
{
  CivicParsedPage *page;
  gboolean ok;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (json != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (summary != NULL)
    civic_apply_summary_clear (summary);
  page = civic_sync_parse_page_text (json, length, error);
  if (page == NULL)
    return FALSE;
  ok = civic_sync_apply_parsed (store, page, page->next, summary, error);
  if (ok && next != NULL)
    *next = page->next;
  if (ok && more != NULL)
    *more = page->more;
  civic_parsed_page_free (page);
  return ok;
}
