/* open311-test-helpers.h: what the Open311 tests share
 *
 * Data goes in through the real `civicdesk-server` commands
 * (import-open311, api-key add); a few state changes that belong to the
 * staff API are written with SQL straight into the test's database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "civic-test-util.h"

/* Runs civicdesk-server with the NULL-terminated arguments; returns its
 * standard output, and its standard error in @err (may be NULL); asserts
 * the exit status is @expect_status. */
/* Runs civicdesk-server with the NULL-terminated arguments; returns its
 * standard output, and its standard error in @err (may be NULL); asserts
 * the exit status is @expect_status. */
static inline char *
o311_run (int    expect_status,
          char **err,
          ...)
{
  char *out = NULL;
  char *errout = NULL;
  const char *command;
  va_list ap;
  int status;

  va_start (ap, err);
  status = civic_test_run_cliv (&out, &errout, ap);
  va_end (ap);
  if (status != expect_status)
    {
      va_start (ap, err);
      command = va_arg (ap, const char *);
      va_end (ap);
      g_error ("civicdesk-server %s exited with %d: %s", command, status, errout);
    }
  if (err != NULL)
    *err = errout;
  else
    g_free (errout);
  return out;
}
static inline char *
o311_fixture (const char *name)
{
  const char *dir = g_getenv ("CIVIC_SHARED_DATA");

  g_assert_nonnull (dir);
  return g_build_filename (dir, "open311", name, NULL);
}

/* A new api key from the real `api-key add`. */
static inline char *
o311_api_key (const char *db,
              const char *name)
{
  g_autofree char *out = o311_run (0, NULL, "api-key", "add", "--db", db, "--name", name, NULL);

  return g_strdup (g_strstrip (out));
}

/* A database the test fills (import-open311, SQL), then an api key and
 * the server on it. */
typedef struct
{
  char            *dir;
  char            *db;
  char            *key;
  CivicTestServer *server;
} O311Fixture;

/* Issues the key "test-app" and starts the server, once the database is
 * filled. */
static inline void
o311_fixture_start (O311Fixture *f)
{
  f->key = o311_api_key (f->db, "test-app");
  f->server = civic_test_server_start (f->db, NULL);
}

static inline void
o311_fixture_teardown (O311Fixture   *f,
                       gconstpointer  data)
{
  civic_test_server_stop (f->server);
  civic_test_rm_rf (f->dir);
  g_free (f->key);
  g_free (f->db);
  g_free (f->dir);
}

/* Form POST to the server. */
static inline JsonNode *
o311_post (CivicTestServer *server,
           const char      *path,
           const char      *form,
           guint           *status)
{
  return civic_test_request (server, "POST", path, NULL, form, "application/x-www-form-urlencoded",
                             status, NULL);
}

static inline JsonNode *
o311_get (CivicTestServer *server,
          const char      *path,
          guint           *status)
{
  return civic_test_request (server, "GET", path, NULL, NULL, NULL, status, NULL);
}

/* ---- XML: parsed with GMarkup, elements counted by name --------------- */

typedef struct
{
  GHashTable *counts;    /* name → count */
  GHashTable *texts;     /* name → first text */
  GString    *text;
  char       *root;
} O311Xml;

static inline void
o311_xml_start (GMarkupParseContext *c, const char *name, const char **an, const char **av,
                gpointer data, GError **error)
{
  O311Xml *x = data;

  if (x->root == NULL)
    x->root = g_strdup (name);
  g_hash_table_insert (x->counts, g_strdup (name),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (x->counts, name)) + 1));
  g_string_truncate (x->text, 0);
}

static inline void
o311_xml_end (GMarkupParseContext *c, const char *name, gpointer data, GError **error)
{
  O311Xml *x = data;

  if (!g_hash_table_contains (x->texts, name))
    g_hash_table_insert (x->texts, g_strdup (name), g_strdup (x->text->str));
  g_string_truncate (x->text, 0);
}

static inline void
o311_xml_text (GMarkupParseContext *c, const char *text, gsize len, gpointer data, GError **error)
{
  g_string_append_len (((O311Xml *) data)->text, text, len);
}

static inline void
o311_xml_free (O311Xml *x)
{
  g_hash_table_unref (x->counts);
  g_hash_table_unref (x->texts);
  g_string_free (x->text, TRUE);
  g_free (x->root);
  g_free (x);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (O311Xml, o311_xml_free)

/* Parses @body (asserting it is well-formed XML with root @root). */
static inline O311Xml *
o311_xml_parse (const char *body,
                const char *root)
{
  static const GMarkupParser parser = { o311_xml_start, o311_xml_end, o311_xml_text, NULL, NULL };
  O311Xml *x = g_new0 (O311Xml, 1);
  GMarkupParseContext *ctx;
  g_autoptr(GError) error = NULL;

  x->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  x->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  x->text = g_string_new (NULL);
  ctx = g_markup_parse_context_new (&parser, 0, x, NULL);
  g_markup_parse_context_parse (ctx, body, -1, &error);
  if (error == NULL)
    g_markup_parse_context_end_parse (ctx, &error);
  g_markup_parse_context_free (ctx);
  if (error != NULL)
    g_error ("not well-formed XML (%s): %s", error->message, body);
  g_assert_cmpstr (x->root, ==, root);
  return x;
}

static inline guint
o311_xml_count (O311Xml    *x,
                const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (x->counts, name));
}

static inline const char *
o311_xml_text_of (O311Xml    *x,
                  const char *name)
{
  return g_hash_table_lookup (x->texts, name);
}

/* The first error's description of an Open311 JSON error list. */
static inline const char *
o311_error_description (JsonNode *reply)
{
  JsonObject *o;

  g_assert_nonnull (reply);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (reply));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (reply)), ==, 1);
  o = json_array_get_object_element (json_node_get_array (reply), 0);
  g_assert_true (json_object_has_member (o, "code"));
  return json_object_get_string_member (o, "description");
}
