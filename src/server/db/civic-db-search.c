/* civic-db-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-db-search.h"

#define MAX_WORDS     16
#define MAX_WORD_LEN  64

/* An external-content FTS5 table stores only the index; the triggers keep
 * it in step with every insert, update and delete of a case, inside the
 * same transaction. */
static const char sqlite_schema[] =
  "CREATE VIRTUAL TABLE cases_fts USING fts5 (\n"
  "  description, address, service_name,\n"
  "  content = 'cases', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');\n"
  "CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN\n"
  "  INSERT INTO cases_fts (rowid, description, address, service_name)\n"
  "  VALUES (new.id, new.description, new.address, new.service_name);\n"
  "END;\n"
  "CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN\n"
  "  INSERT INTO cases_fts (cases_fts, rowid, description, address, service_name)\n"
  "  VALUES ('delete', old.id, old.description, old.address, old.service_name);\n"
  "END;\n"
  "CREATE TRIGGER cases_fts_update AFTER UPDATE OF description, address, service_name ON cases BEGIN\n"
  "  INSERT INTO cases_fts (cases_fts, rowid, description, address, service_name)\n"
  "  VALUES ('delete', old.id, old.description, old.address, old.service_name);\n"
  "  INSERT INTO cases_fts (rowid, description, address, service_name)\n"
  "  VALUES (new.id, new.description, new.address, new.service_name);\n"
  "END";

#define PG_DOCUMENT(c) \
  "to_tsvector('simple', coalesce(" c "description, '') || ' ' || coalesce(" c "address, '') || ' ' || " \
  "coalesce(" c "service_name, ''))"

const char *
civic_db_search_schema (CivicDbDialect dialect)
{
  if (dialect == CIVIC_DB_DIALECT_POSTGRES)
    return "CREATE INDEX cases_fts ON cases USING GIN (" PG_DOCUMENT ("") ")";
  return sqlite_schema;
}

/* Splits @text into words of letters and digits; everything else (quotes,
 * operators, SQL or FTS syntax) only separates words, so no input can
 * change the meaning of the query. */
static GPtrArray *
split_words (const char *text)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) word = g_string_new (NULL);
  const char *p;

  for (p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = *p != '\0' ? g_utf8_get_char (p) : 0;

      if (c != 0 && g_unichar_isalnum (c))
        {
          if (word->len < MAX_WORD_LEN)
            g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0 && words->len < MAX_WORDS)
        g_ptr_array_add (words, g_strdup (word->str));
      g_string_truncate (word, 0);
      if (c == 0)
        break;
    }
  return words;
}

char *
civic_db_search_case_words (CivicDbConn *conn,
                            const char  *text,
                            int          param,
                            GString     *where)
{
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  gboolean pg;
  guint i;

  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);

  words = split_words (text);
  if (words->len == 0)
    return NULL;
  pg = g_strcmp0 (civic_db_get_backend_name (civic_db_conn_get_db (conn)), "postgres") == 0;

  for (i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);

      if (pg)
        g_string_append_printf (query, "%s%s:*", i > 0 ? " & " : "", word);
      else
        g_string_append_printf (query, "%s\"%s\"*", i > 0 ? " " : "", word);
    }
  if (pg)
    g_string_append_printf (where, PG_DOCUMENT ("c.") " @@ to_tsquery('simple', ?%d)", param);
  else
    g_string_append_printf (where, "c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?%d)", param);
  return g_string_free (g_steal_pointer (&query), FALSE);
}
