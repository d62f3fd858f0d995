/* civic-store.c: opening the local store, errors, transactions, outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-store-private.h"
#include "civic-store-feed-private.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "civic-error.h"

G_DEFINE_FINAL_TYPE (CivicStore, civic_store, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (CivicOutboxItem, civic_outbox_item,
                     civic_outbox_item_copy, civic_outbox_item_free)

CivicOutboxItem *
civic_outbox_item_copy (const CivicOutboxItem *item)
{
  CivicOutboxItem *copy = g_new0 (CivicOutboxItem, 1);

  copy->id = item->id;
  copy->idempotency_key = g_strdup (item->idempotency_key);
  copy->method = g_strdup (item->method);
  copy->path = g_strdup (item->path);
  copy->body = g_strdup (item->body);
  copy->created = item->created;

  return copy;
}

void
civic_outbox_item_free (CivicOutboxItem *item)
{
  if (item == NULL)
    return;

  g_free (item->idempotency_key);
  g_free (item->method);
  g_free (item->path);
  g_free (item->body);
  g_free (item);
}

/* ---- errors ---------------------------------------------------------- */

void
civic_store_path_error (const char  *path,
                        int          rc,
                        const char  *detail,
                        GError     **error)
{
  const char *technical = detail != NULL ? detail : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_FORMAT:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_CORRUPT,
                   "The local database “%s” is damaged or is not a Civic Desk "
                   "database. Move it aside and Civic Desk will download a "
                   "fresh copy from the server.", path);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_LOCKED,
                   "The local database “%s” is busy in another program. "
                   "Close other copies of Civic Desk and try again.", path);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_READ_ONLY,
                   "Civic Desk cannot save to “%s”: the file or its folder "
                   "is read-only.", path);
      break;

    case SQLITE_FULL:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_FULL,
                   "The disk that holds “%s” is full. Free some space and "
                   "try again; nothing was lost.", path);
      break;

    case SQLITE_INTERRUPT:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_CANCELLED,
                   "Reading “%s” was stopped.", path);
      break;

    case SQLITE_CANTOPEN:
      {
        g_autofree char *dir = g_path_get_dirname (path);

        if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_MISSING,
                       "The folder of the local database “%s” does not "
                       "exist.", path);
        else if (access (dir, W_OK) != 0)
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_READ_ONLY,
                       "Civic Desk cannot save to “%s”: the file or its "
                       "folder is read-only.", path);
        else
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FAILED,
                       "The local database “%s” could not be opened (%s).",
                       path, technical);
      }
      break;

    default:
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FAILED,
                   "Reading or writing the local database “%s” failed (%s).",
                   path, technical);
      break;
    }
}

void
civic_store_set_error (CivicStore  *store,
                       int          rc,
                       GError     **error)
{
  /* the connection's message names the table or constraint: worth
   * keeping for the "details" of a generic failure */
  civic_store_path_error (store->path, rc,
                          store->db != NULL ? sqlite3_errmsg (store->db) : NULL,
                          error);
}

/* ---- statements ------------------------------------------------------ */

gboolean
civic_store_check_open (CivicStore  *store,
                        gboolean     for_write,
                        GError     **error)
{
  if (store->db == NULL)
    {
      g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_FAILED,
                   "The local database “%s” is already closed.", store->path);
      return FALSE;
    }
  if (for_write && store->read_only)
    {
      civic_store_path_error (store->path, SQLITE_READONLY, NULL, error);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
civic_store_prepare (CivicStore  *store,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!civic_store_check_open (store, FALSE, error))
    return NULL;

  stmt = g_hash_table_lookup (store->stmts, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      civic_store_set_error (store, rc, error);
      return NULL;
    }

  g_hash_table_insert (store->stmts, g_strdup (sql), stmt);
  return stmt;
}

gboolean
civic_store_exec (CivicStore  *store,
                  const char  *sql,
                  GError     **error)
{
  int rc;

  if (!civic_store_check_open (store, FALSE, error))
    return FALSE;

  rc = sqlite3_exec (store->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* ---- transactions ---------------------------------------------------- */

gboolean
civic_store_write_begin (CivicStore  *store,
                         GError     **error)
{
  if (!civic_store_check_open (store, TRUE, error))
    return FALSE;

  /* IMMEDIATE takes the write lock up front: a deferred transaction that
   * upgrades later can fail with BUSY without waiting for busy_timeout */
  if ((store->txn_depth == 0 || !store->flat_nesting) &&
      !civic_store_exec (store, store->txn_depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT s", error))
    return FALSE;

  store->txn_depth++;
  return TRUE;
}

gboolean
civic_store_write_end (CivicStore  *store,
                       gboolean     ok,
                       GError     **error)
{
  g_return_val_if_fail (store->txn_depth > 0, FALSE);

  if (store->db == NULL)
    return FALSE;

  store->txn_depth--;

  /* flat: the outer transaction commits or rolls back for everyone */
  if (store->txn_depth > 0 && store->flat_nesting)
    return ok;

  if (ok)
    {
      int rc = sqlite3_exec (store->db, store->txn_depth == 0 ? "COMMIT" : "RELEASE s",
                             NULL, NULL, NULL);

      if (rc == SQLITE_OK)
        return TRUE;

      civic_store_set_error (store, rc, error);
    }

  /* ids handed out inside the undone transaction are gone with it */
  for (guint i = 0; i < G_N_ELEMENTS (store->value_ids); i++)
    if (store->value_ids[i] != NULL)
      g_hash_table_remove_all (store->value_ids[i]);

  if (store->txn_depth == 0)
    sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
  else
    sqlite3_exec (store->db, "ROLLBACK TO s; RELEASE s", NULL, NULL, NULL);

  return FALSE;
}

gboolean
civic_store_begin (CivicStore  *store,
                   GError     **error)
{
  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);

  return civic_store_write_begin (store, error);
}

gboolean
civic_store_begin_read (CivicStore  *store,
                        GError     **error)
{
  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (store->txn_depth == 0 && !store->reading, FALSE);

  if (!civic_store_check_open (store, FALSE, error) ||
      !civic_store_exec (store, "BEGIN DEFERRED", error))
    return FALSE;
  store->reading = TRUE;
  return TRUE;
}

void
civic_store_end_read (CivicStore *store)
{
  g_return_if_fail (CIVIC_IS_STORE (store));

  if (!store->reading)
    return;
  store->reading = FALSE;
  /* a COMMIT caught by a late civic_store_interrupt: roll back instead
   * (nothing was written) so the next begin_read starts clean */
  if (store->db != NULL && !civic_store_exec (store, "COMMIT", NULL))
    civic_store_exec (store, "ROLLBACK", NULL);
}

void
civic_store_interrupt (CivicStore *store)
{
  g_return_if_fail (CIVIC_IS_STORE (store));

  if (store->db != NULL)
    sqlite3_interrupt (store->db);
}

gboolean
civic_store_in_read (CivicStore *store)
{
  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  return store->reading;
}

gboolean
civic_store_commit (CivicStore  *store,
                    GError     **error)
{
  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);

  return civic_store_write_end (store, TRUE, error);
}

void
civic_store_rollback (CivicStore *store)
{
  g_return_if_fail (CIVIC_IS_STORE (store));

  civic_store_write_end (store, FALSE, NULL);
}

/* ---- opening --------------------------------------------------------- */

/* Reads the 100-byte SQLite header without SQLite, so that a file from a
 * newer Civic Desk or a foreign file is refused before anything could
 * write to it. Returns the schema version, 0 for an empty file. */
static gboolean
peek_header (const char  *path,
             int         *version,
             GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  guchar header[100];
  FILE *file;
  size_t n;
  guint32 app_id;

  *version = 0;
  file = g_fopen (path, "rb");
  if (file == NULL)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        return TRUE;
      if (saved_errno == EACCES || saved_errno == EPERM)
        civic_store_path_error (path, SQLITE_READONLY, NULL, error);
      else
        civic_store_path_error (path, SQLITE_CANTOPEN, g_strerror (saved_errno), error);
      return FALSE;
    }

  n = fread (header, 1, sizeof header, file);
  fclose (file);

  if (n == 0)
    return TRUE;
  if (n < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      civic_store_path_error (path, SQLITE_NOTADB, NULL, error);
      return FALSE;
    }

  app_id = (guint32) header[68] << 24 | header[69] << 16 | header[70] << 8 | header[71];
  if (app_id != 0 && app_id != CIVIC_STORE_APPLICATION_ID)
    {
      civic_store_path_error (path, SQLITE_NOTADB, NULL, error);
      return FALSE;
    }

  *version = (int) ((guint32) header[60] << 24 | header[61] << 16 | header[62] << 8 | header[63]);
  return TRUE;
}

static void
set_too_new (const char  *path,
             GError     **error)
{
  g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_TOO_NEW,
               "The local database “%s” was written by a newer version of "
               "Civic Desk. Update Civic Desk to open it.", path);
}

static void
civic_store_finalize (GObject *object)
{
  CivicStore *self = CIVIC_STORE (object);

  civic_store_close (self);
  g_clear_pointer (&self->tally, civic_store_tally_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->value_ids); i++)
    g_clear_pointer (&self->value_ids[i], g_hash_table_unref);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (civic_store_parent_class)->finalize (object);
}

static void
civic_store_class_init (CivicStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = civic_store_finalize;
}

static void
civic_store_init (CivicStore *self)
{
  for (guint i = CIVIC_COUNT_DEPARTMENT; i < G_N_ELEMENTS (self->value_ids); i++)
    self->value_ids[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) sqlite3_finalize);
}

CivicStore *
civic_store_open (const char  *path,
                  GError     **error)
{
  return civic_store_open_full (path, CIVIC_STORE_OPEN_DEFAULT, error);
}

/* SQLite counts every allocation under a global mutex for
 * sqlite3_memory_used(), which nothing here reads; turned off, a bulk fill
 * runs about a tenth faster. It can only be set before SQLite's first use
 * in the process: when something else got there first, the call fails
 * harmlessly and the default stays. */
static void
configure_sqlite_once (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&done, 1);
    }
}

CivicStore *
civic_store_open_full (const char           *path,
                       CivicStoreOpenFlags   flags,
                       GError              **error)
{
  g_autoptr(CivicStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pending = NULL;
  gboolean read_only = (flags & CIVIC_STORE_OPEN_READ_ONLY) != 0;
  int version;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = g_path_get_dirname (path);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      civic_store_path_error (path, SQLITE_CANTOPEN, NULL, error);
      return NULL;
    }

  if (!peek_header (path, &version, error))
    return NULL;
  if (version > CIVIC_STORE_SCHEMA_VERSION)
    {
      set_too_new (path, error);
      return NULL;
    }

  configure_sqlite_once ();

  store = g_object_new (CIVIC_TYPE_STORE, NULL);
  store->path = g_strdup (path);
  store->read_only = read_only;

  rc = sqlite3_open_v2 (path, &store->db,
                        /* one thread at a time: SQLite's own locking
                         * would only cost time on every call */
                        SQLITE_OPEN_NOMUTEX |
                        (read_only ? SQLITE_OPEN_READONLY
                                   : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE),
                        NULL);
  if (rc != SQLITE_OK)
    {
      civic_store_set_error (store, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (store->db, TRUE);
  sqlite3_busy_timeout (store->db, 5000);
  /* the feed's triggers call these (civic-store-feed.c) */
  civic_store_feed_register_sql (store->db);

  /* the first real read: a damaged file fails here, as NOTADB */
  version = civic_store_schema_read_version (store, error);
  if (version < 0)
    return NULL;
  /* the WAL may hold a newer version than the header showed */
  if (version > CIVIC_STORE_SCHEMA_VERSION)
    {
      set_too_new (path, error);
      return NULL;
    }

  if (!read_only && sqlite3_db_readonly (store->db, "main") == 1)
    {
      civic_store_path_error (path, SQLITE_READONLY, NULL, error);
      return NULL;
    }

  if (!civic_store_exec (store,
                         "PRAGMA foreign_keys = ON;"
                         "PRAGMA temp_store = MEMORY;"
                         "PRAGMA cache_size = -65536;"
                         "PRAGMA mmap_size = 1073741824;",
                         error))
    return NULL;

  if (read_only)
    {
      if (version < CIVIC_STORE_SCHEMA_VERSION)
        {
          g_set_error (error, CIVIC_ERROR, CIVIC_ERROR_STORE_READ_ONLY,
                       "The local database “%s” needs upgrading, but it was "
                       "opened read-only.", path);
          return NULL;
        }
      return g_steal_pointer (&store);
    }

  /* Only a new, empty file can still choose its page size (not after WAL
   * is on). Larger pages make the B-trees of a million cases shallower:
   * fewer pages to touch per insert and per scan. */
  if (version == 0 &&
      !civic_store_exec (store, "PRAGMA page_size = " G_STRINGIFY (CIVIC_STORE_PAGE_SIZE), error))
    return NULL;

  /* NORMAL is durable against a crash of the program in WAL mode; only a
   * power cut can lose the last commits, never corrupt the file */
  if (!civic_store_exec (store,
                         "PRAGMA journal_mode = WAL;"
                         "PRAGMA synchronous = NORMAL;",
                         error))
    return NULL;

  if (version < CIVIC_STORE_SCHEMA_VERSION &&
      !civic_store_schema_migrate (store, error))
    return NULL;

  /* a bulk fill that never reached its end: build what it deferred */
  pending = civic_store_get_meta (store, "bulk_pending", error);
  if (pending != NULL && !civic_store_bulk_is_running (path, pending))
    {
      g_debug ("store: finishing an interrupted bulk fill of %s", path);
      store->bulk = TRUE;
      store->bulk_deferred = TRUE;
      if (!civic_store_bulk_end (store, error))
        return NULL;
    }
  else if (error != NULL && *error != NULL)
    return NULL;

  return g_steal_pointer (&store);
}

void
civic_store_close (CivicStore *store)
{
  g_return_if_fail (CIVIC_IS_STORE (store));

  if (store->db == NULL)
    return;

  /* a fill left unfinished is now the next open's to finish */
  if (store->bulk_deferred)
    {
      civic_store_bulk_register (store->path, FALSE);
      store->bulk_deferred = FALSE;
      store->bulk = FALSE;
    }

  g_hash_table_remove_all (store->stmts);
  /* close_v2 never fails on unfinalized statements, and all ours are
   * finalized just above */
  sqlite3_close_v2 (store->db);
  store->db = NULL;
}

const char *
civic_store_get_path (CivicStore *store)
{
  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  return store->path;
}

void
civic_store_set_busy_timeout (CivicStore *store,
                              guint       milliseconds)
{
  g_return_if_fail (CIVIC_IS_STORE (store));

  if (store->db != NULL)
    sqlite3_busy_timeout (store->db, (int) MIN (milliseconds, G_MAXINT));
}

/* ---- bulk fills in progress ------------------------------------------ */

static GMutex bulk_mutex;
static GHashTable *bulk_paths;   /* path → number of running fills */

void
civic_store_bulk_register (const char *path,
                           gboolean    running)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&bulk_mutex);
  guint n;

  if (bulk_paths == NULL)
    bulk_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  n = GPOINTER_TO_UINT (g_hash_table_lookup (bulk_paths, path));
  n = running ? n + 1 : (n > 0 ? n - 1 : 0);
  if (n > 0)
    g_hash_table_insert (bulk_paths, g_strdup (path), GUINT_TO_POINTER (n));
  else
    g_hash_table_remove (bulk_paths, path);
}

/* @marker holds the pid of the process that started the fill. */
gboolean
civic_store_bulk_is_running (const char *path,
                             const char *marker)
{
  gint64 pid = g_ascii_strtoll (marker, NULL, 10);

  if (pid == getpid ())
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&bulk_mutex);

      return bulk_paths != NULL && g_hash_table_contains (bulk_paths, path);
    }

  /* another process: alive means still filling (EPERM: alive, not ours) */
  return pid > 0 && (kill ((pid_t) pid, 0) == 0 || errno == EPERM);
}

/* ---- value ids ----------------------------------------------------- */

gboolean
civic_store_value_id (CivicStore     *store,
                      CivicCountDim   dim,
                      const char     *value,
                      gboolean        create,
                      gint64         *id,
                      GError        **error)
{
  GHashTable *cache = store->value_ids[dim];
  sqlite3_stmt *stmt;
  gpointer cached;
  int rc;

  *id = 0;
  if (value == NULL)
    return TRUE;

  /* ids are never deleted nor reused, so a cached one stays right even
   * when another connection adds values */
  if (g_hash_table_lookup_extended (cache, value, NULL, &cached))
    {
      *id = GPOINTER_TO_SIZE (cached);
      return TRUE;
    }

  stmt = civic_store_prepare (store, "SELECT id FROM case_values WHERE dim = ? AND value = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, dim);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return FALSE;
    }

  if (*id == 0 && create)
    {
      stmt = civic_store_prepare (store, "INSERT INTO case_values (dim, value) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, dim);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          civic_store_set_error (store, rc, error);
          return FALSE;
        }
      *id = sqlite3_last_insert_rowid (store->db);
    }

  if (*id != 0)
    g_hash_table_insert (cache, g_strdup (value), GSIZE_TO_POINTER ((gsize) *id));
  return TRUE;
}

/* ---- meta ------------------------------------------------------------ */

char *
civic_store_get_meta (CivicStore  *store,
                      const char  *key,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  char *value = NULL;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  stmt = civic_store_prepare (store, "SELECT value FROM meta WHERE key = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    civic_store_set_error (store, rc, error);
  sqlite3_reset (stmt);

  return value;
}

gboolean
civic_store_set_meta (CivicStore  *store,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);

  if (!civic_store_write_begin (store, error))
    return FALSE;

  stmt = civic_store_prepare (store,
                              value != NULL ? "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)"
                                            : "DELETE FROM meta WHERE key = ?1",
                              error);
  if (stmt == NULL)
    return civic_store_write_end (store, FALSE, NULL);

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return civic_store_write_end (store, FALSE, NULL);
    }

  return civic_store_write_end (store, TRUE, error);
}

/* ---- outbox ---------------------------------------------------------- */

gint64
civic_store_outbox_enqueue (CivicStore  *store,
                            const char  *method,
                            const char  *path,
                            const char  *body,
                            GError     **error)
{
  g_autofree char *key = g_uuid_string_random ();
  sqlite3_stmt *stmt;
  gint64 id;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), 0);
  g_return_val_if_fail (method != NULL && path != NULL, 0);

  if (!civic_store_write_begin (store, error))
    return 0;

  stmt = civic_store_prepare (store,
                              "INSERT INTO outbox (idempotency_key, method, path, body, created) "
                              "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    {
      civic_store_write_end (store, FALSE, NULL);
      return 0;
    }

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, method, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, path, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, body, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  id = sqlite3_last_insert_rowid (store->db);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      civic_store_write_end (store, FALSE, NULL);
      return 0;
    }

  if (!civic_store_write_end (store, TRUE, error))
    return 0;

  return id;
}

GPtrArray *
civic_store_outbox_peek (CivicStore  *store,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) civic_outbox_item_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  stmt = civic_store_prepare (store,
                              "SELECT id, idempotency_key, method, path, body, created "
                              "FROM outbox ORDER BY id LIMIT ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CivicOutboxItem *item = g_new0 (CivicOutboxItem, 1);

      item->id = sqlite3_column_int64 (stmt, 0);
      item->idempotency_key = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      item->method = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      item->path = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      item->body = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      item->created = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (items, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&items);
}

gboolean
civic_store_outbox_remove (CivicStore  *store,
                           gint64       id,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);

  if (!civic_store_write_begin (store, error))
    return FALSE;

  stmt = civic_store_prepare (store, "DELETE FROM outbox WHERE id = ?", error);
  if (stmt == NULL)
    return civic_store_write_end (store, FALSE, NULL);

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      civic_store_set_error (store, rc, error);
      return civic_store_write_end (store, FALSE, NULL);
    }

  return civic_store_write_end (store, TRUE, error);
}

gboolean
civic_store_update_case_and_enqueue (CivicStore  *store,
                                     CivicCase   *kase,
                                     const char  *method,
                                     const char  *path,
                                     const char  *body,
                                     gint64      *outbox_id,
                                     GError     **error)
{
  gint64 id;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (CIVIC_IS_CASE (kase), FALSE);

  if (!civic_store_write_begin (store, error))
    return FALSE;

  if (!civic_store_put_case (store, kase, error))
    return civic_store_write_end (store, FALSE, NULL);

  id = civic_store_outbox_enqueue (store, method, path, body, error);
  if (id == 0)
    return civic_store_write_end (store, FALSE, NULL);

  if (!civic_store_write_end (store, TRUE, error))
    return FALSE;

  if (outbox_id != NULL)
    *outbox_id = id;
  return TRUE;
}

gboolean
civic_store_set_memory (CivicStore  *store,
                        gint64       mmap_bytes,
                        gint64       cache_kib,
                        GError     **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CIVIC_IS_STORE (store), FALSE);

  sql = g_strdup_printf ("PRAGMA mmap_size = %" G_GINT64_FORMAT ";"
                         "PRAGMA cache_size = -%" G_GINT64_FORMAT ";",
                         MAX (mmap_bytes, 0), MAX (cache_kib, 1));
  return civic_store_exec (store, sql, error);
}
