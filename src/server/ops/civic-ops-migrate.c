/* civic-ops-migrate.c: `civicdesk-server migrate --from sqlite:PATH --to postgresql://…`
 *
 * Moves a city from its one SQLite file to PostgreSQL when it outgrows
 * one process. Every table the SQLite file has (but the word-search
 * index, which PostgreSQL builds for itself) is copied row by row inside
 * ONE target transaction, from one read snapshot of the source: a failure
 * leaves the target as it was. Then each table is compared on both
 * sides — its row count and a checksum of its rows — and the command
 * fails, loudly, on any difference. Identity counters are moved past the
 * copied ids so new rows do not collide.
 *
 * A target that already holds data is refused unless --replace is given
 * (then its tables are emptied first, in the same transaction).
 *
 * The checksum is order-free (a sum of one 64-bit hash per row), so the
 * two databases' different text orderings do not matter; real numbers are
 * hashed as the double they hold, everything else as its text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "civic-db-pg.h"
#include "civic-error.h"
#include "civic-ops.h"

/* Parents before children: PostgreSQL checks foreign keys as rows come.
 * Tables not named here follow, in the source's order. */
static const char *table_order[] = {
  "meta", "change_seq", "departments", "services", "users", "sessions", "api_keys",
  "cases", "case_tags", "case_events", "posts", "post_tags", "post_mentions", "post_cases",
  "likes", "follows", "notifications", "saved_views", "tombstones", "idempotency",
  "audit", "login_failures", "number_leases",
};

typedef struct
{
  char      *name;
  GPtrArray *columns;   /* char* */
  GArray    *is_real;   /* gboolean per column */
  gint64     rows;
  guint64    sum;
} Table;

static void
table_free (gpointer data)
{
  Table *t = data;

  g_free (t->name);
  g_ptr_array_unref (t->columns);
  g_array_unref (t->is_real);
  g_free (t);
}

static guint
order_of (const char *name)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (table_order); i++)
    if (g_str_equal (table_order[i], name))
      return i;
  return G_N_ELEMENTS (table_order);
}

static gint
compare_tables (gconstpointer a,
                gconstpointer b)
{
  const Table *x = *(Table * const *) a, *y = *(Table * const *) b;

  return (gint) order_of (x->name) - (gint) order_of (y->name);
}

/* The source's tables and their columns, from SQLite's catalogue. */
static GPtrArray *
list_tables (CivicDbConn  *src,
             GError      **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (table_free);
  CivicDbStmt *stmt;
  guint i;

  stmt = civic_db_prepare (src, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'cases_fts%'"
                                " ORDER BY rowid", error);
  if (stmt == NULL)
    return NULL;
  while (civic_db_step (stmt, error))
    {
      Table *t = g_new0 (Table, 1);

      t->name = g_strdup (civic_db_column_text (stmt, 0));
      t->columns = g_ptr_array_new_with_free_func (g_free);
      t->is_real = g_array_new (FALSE, FALSE, sizeof (gboolean));
      g_ptr_array_add (tables, t);
    }
  if (error != NULL && *error != NULL)
    return NULL;

  for (i = 0; i < tables->len; i++)
    {
      Table *t = g_ptr_array_index (tables, i);
      g_autofree char *sql = g_strdup_printf ("PRAGMA table_info(\"%s\")", t->name);
      CivicDbStmt *info = civic_db_prepare (src, sql, error);

      if (info == NULL)
        return NULL;
      while (civic_db_step (info, error))
        {
          g_autofree char *type = g_ascii_strup (civic_db_column_text (info, 2), -1);
          gboolean real = strstr (type, "REAL") != NULL || strstr (type, "DOUB") != NULL ||
                          strstr (type, "FLOA") != NULL;

          g_ptr_array_add (t->columns, g_strdup (civic_db_column_text (info, 1)));
          g_array_append_val (t->is_real, real);
        }
      if (error != NULL && *error != NULL)
        return NULL;
    }
  g_ptr_array_sort (tables, compare_tables);
  return g_steal_pointer (&tables);
}

static char *
column_list (Table *t)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; i < t->columns->len; i++)
    g_string_append_printf (s, "%s\"%s\"", i > 0 ? ", " : "", (char *) g_ptr_array_index (t->columns, i));
  return g_string_free (s, FALSE);
}

/* One row's 64-bit share of the table's checksum. */
static guint64
row_hash (CivicDbStmt *stmt,
          Table       *t)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  guint64 h = 0;
  guint i;

  for (i = 0; i < t->columns->len; i++)
    {
      if (civic_db_column_is_null (stmt, (int) i))
        g_checksum_update (sum, (const guchar *) "\x01N", 2);
      else if (g_array_index (t->is_real, gboolean, i))
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_dtostr (buf, sizeof buf, civic_db_column_double (stmt, (int) i));
          g_checksum_update (sum, (const guchar *) buf, -1);
        }
      else
        g_checksum_update (sum, (const guchar *) civic_db_column_text (stmt, (int) i), -1);
      g_checksum_update (sum, (const guchar *) "\x00", 1);
    }
  g_checksum_get_digest (sum, digest, &len);
  memcpy (&h, digest, sizeof h);
  return h;
}

static gboolean
checksum_table (CivicDbConn  *conn,
                Table        *t,
                gint64       *rows,
                guint64      *total,
                GError      **error)
{
  g_autofree char *cols = column_list (t);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM \"%s\"", cols, t->name);
  CivicDbStmt *stmt = civic_db_prepare (conn, sql, error);

  *rows = 0;
  *total = 0;
  if (stmt == NULL)
    return FALSE;
  while (civic_db_step (stmt, error))
    {
      (*rows)++;
      *total += row_hash (stmt, t);
    }
  return error == NULL || *error == NULL;
}

static gboolean
copy_table (CivicDbConn  *src,
            CivicDbConn  *dst,
            Table        *t,
            GError      **error)
{
  g_autofree char *cols = column_list (t);
  g_autofree char *select = g_strdup_printf ("SELECT %s FROM \"%s\" ORDER BY rowid", cols, t->name);
  g_autoptr(GString) insert = g_string_new (NULL);
  CivicDbStmt *read;
  CivicDbStmt *write;
  guint i;

  g_string_printf (insert, "INSERT INTO \"%s\" (%s) VALUES (", t->name, cols);
  for (i = 0; i < t->columns->len; i++)
    g_string_append_printf (insert, "%s?%u", i > 0 ? ", " : "", i + 1);
  g_string_append_c (insert, ')');

  read = civic_db_prepare (src, select, error);
  if (read == NULL)
    return FALSE;
  write = civic_db_prepare (dst, insert->str, error);
  if (write == NULL)
    return FALSE;
  while (civic_db_step (read, error))
    {
      for (i = 0; i < t->columns->len; i++)
        {
          if (civic_db_column_is_null (read, (int) i))
            civic_db_bind_null (write, (int) i + 1);
          else if (g_array_index (t->is_real, gboolean, i))
            civic_db_bind_double (write, (int) i + 1, civic_db_column_double (read, (int) i));
          else
            civic_db_bind_text (write, (int) i + 1, civic_db_column_text (read, (int) i));
        }
      if (!civic_db_run (write, error))
        {
          civic_db_done (read);
          g_prefix_error (error, "Copying table %s: ", t->name);
          return FALSE;
        }
      t->rows++;
    }
  return error == NULL || *error == NULL;
}

/* Moves each identity counter past the ids copied. */
static gboolean
advance_identities (CivicDbConn  *dst,
                    GPtrArray    *tables,
                    GError      **error)
{
  guint i;

  for (i = 0; i < tables->len; i++)
    {
      Table *t = g_ptr_array_index (tables, i);
      g_autofree char *sql = NULL;
      CivicDbStmt *stmt;

      if (t->columns->len == 0 || !g_str_equal (g_ptr_array_index (t->columns, 0), "id") ||
          g_str_equal (t->name, "change_seq"))
        continue;
      /* only tables whose id is an identity (departments' is text) */
      stmt = civic_db_prepare (dst, "SELECT pg_get_serial_sequence(?1, 'id')", error);
      if (stmt == NULL)
        return FALSE;
      civic_db_bind_text (stmt, 1, t->name);
      if (!civic_db_step (stmt, error))
        return FALSE;
      if (civic_db_column_is_null (stmt, 0))
        {
          civic_db_done (stmt);
          continue;
        }
      civic_db_done (stmt);
      sql = g_strdup_printf ("SELECT setval(pg_get_serial_sequence('%s', 'id'), "
                             "COALESCE((SELECT MAX(id) FROM \"%s\"), 0) + 1, false)",
                             t->name, t->name);
      stmt = civic_db_prepare (dst, sql, error);
      if (stmt == NULL || !civic_db_run (stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Rows the target holds beyond a new database's (change_seq's one row
 * at 0). */
static gint64
target_rows (CivicDbConn  *dst,
             GPtrArray    *tables,
             GError      **error)
{
  gint64 total = 0;
  guint i;

  for (i = 0; i < tables->len; i++)
    {
      Table *t = g_ptr_array_index (tables, i);
      g_autofree char *sql = g_str_equal (t->name, "change_seq")
        ? g_strdup ("SELECT COUNT(*) FROM change_seq WHERE value <> 0")
        : g_strdup_printf ("SELECT COUNT(*) FROM \"%s\"", t->name);
      CivicDbStmt *stmt = civic_db_prepare (dst, sql, error);

      if (stmt == NULL || !civic_db_step (stmt, error))
        return -1;
      total += civic_db_column_int64 (stmt, 0);
      civic_db_done (stmt);
    }
  return total;
}

static gboolean
empty_target (CivicDbConn  *dst,
              GPtrArray    *tables,
              GError      **error)
{
  g_autoptr(GString) sql = g_string_new ("TRUNCATE ");
  guint i;

  for (i = 0; i < tables->len; i++)
    g_string_append_printf (sql, "%s\"%s\"", i > 0 ? ", " : "",
                            ((Table *) g_ptr_array_index (tables, i))->name);
  g_string_append (sql, " RESTART IDENTITY CASCADE");
  return civic_db_exec (dst, sql->str, error);
}

static gboolean
migrate (CivicDbConn  *src,
         CivicDbConn  *dst,
         gboolean      replace,
         GError      **error)
{
  g_autoptr(GPtrArray) tables = NULL;
  gint64 existing;
  gint64 total = 0;
  guint mismatches = 0;
  guint i;

  tables = list_tables (src, error);
  if (tables == NULL)
    return FALSE;
  existing = target_rows (dst, tables, error);
  if (existing < 0)
    return FALSE;
  if (existing > 0 && !replace)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_CONFLICT,
                   "the target database already holds %" G_GINT64_FORMAT " rows; nothing was copied. "
                   "Give --replace to empty it first (its data will be lost)", existing);
      return FALSE;
    }

  /* one snapshot of the source, one transaction on the target */
  if (!civic_db_exec (src, "BEGIN", error))
    return FALSE;
  if (!civic_db_exec (dst, "BEGIN", error) ||
      (existing > 0 && !empty_target (dst, tables, error)))
    goto fail;
  /* change_seq's first row comes with the schema; the copy brings it */
  if (!civic_db_exec (dst, "DELETE FROM change_seq", error))
    goto fail;
  for (i = 0; i < tables->len; i++)
    if (!copy_table (src, dst, g_ptr_array_index (tables, i), error))
      goto fail;
  if (!advance_identities (dst, tables, error))
    goto fail;

  /* compare inside the transaction: nothing is kept unless all match */
  for (i = 0; i < tables->len; i++)
    {
      Table *t = g_ptr_array_index (tables, i);
      gint64 src_rows, dst_rows;
      guint64 src_sum, dst_sum;

      if (!checksum_table (src, t, &src_rows, &src_sum, error) ||
          !checksum_table (dst, t, &dst_rows, &dst_sum, error))
        goto fail;
      printf ("%-16s %8" G_GINT64_FORMAT " rows  checksum %016" G_GINT64_MODIFIER "x  %s\n",
              t->name, dst_rows, dst_sum,
              src_rows == dst_rows && src_sum == dst_sum ? "same" : "DIFFERENT");
      if (src_rows != dst_rows || src_sum != dst_sum)
        mismatches++;
      total += dst_rows;
    }
  if (mismatches > 0)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FAILED,
                   "%u tables differ after the copy; nothing was kept", mismatches);
      goto fail;
    }
  if (!civic_db_exec (dst, "COMMIT", error))
    goto fail;
  civic_db_exec (src, "ROLLBACK", NULL);
  printf ("copied %" G_GINT64_FORMAT " rows in %u tables; counts and checksums match\n", total, tables->len);
  return TRUE;

fail:
  civic_db_exec (dst, "ROLLBACK", NULL);
  civic_db_exec (src, "ROLLBACK", NULL);
  return FALSE;
}

int
civic_ops_migrate (int argc, char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gboolean replace = FALSE;
  g_autoptr(CivicDb) src_db = NULL;
  g_autoptr(CivicDb) dst_db = NULL;
  g_autoptr(CivicDbConn) src = NULL;
  g_autoptr(CivicDbConn) dst = NULL;
  g_autoptr(GError) error = NULL;
  const char *path;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "The SQLite database to copy", "sqlite:PATH" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "The PostgreSQL database to fill", "postgresql://…" },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, "Empty a target that already holds data", NULL },
    { NULL }
  };

  if (!civic_ops_parse_options ("migrate", "— copy a SQLite database into PostgreSQL", entries, argc, argv))
    return 2;
  if (from == NULL || to == NULL)
    {
      g_printerr ("civicdesk-server migrate: give --from sqlite:PATH and --to postgresql://…\n");
      return 2;
    }
  if (!civic_db_uri_is_postgres (to))
    {
      g_printerr ("civicdesk-server migrate: --to must be a PostgreSQL address (postgresql://…), not “%s”\n", to);
      return 2;
    }
  path = g_str_has_prefix (from, "sqlite:") ? from + strlen ("sqlite:") : from;
  if (civic_db_uri_is_postgres (from) || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("civicdesk-server migrate: --from must be an existing SQLite file (sqlite:PATH); "
                  "“%s” is not one\n", from);
      return 2;
    }

  src = civic_ops_connect ("migrate", path, &src_db);
  if (src == NULL)
    return 1;
  dst = civic_ops_connect ("migrate", to, &dst_db);
  if (dst == NULL)
    return 1;
  if (!migrate (src, dst, replace, &error))
    {
      g_autofree char *shown = civic_db_pg_display_uri (to);

      g_printerr ("civicdesk-server migrate: %s → %s: %s\n", from, shown, error->message);
      return 1;
    }
  return 0;
}
