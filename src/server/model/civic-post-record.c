/* civic-post-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-post-record.h"
#include "http/civic-http.h"

typedef enum
{
  FIELD_TEXT,
  FIELD_INT,
  FIELD_TIME,   /* Unix seconds → w3 datetime */
  FIELD_JSON,   /* stored JSON text, sent as is */
} FieldType;

typedef struct
{
  const char *name;
  const char *column;
  FieldType   type;
} Field;

/* The order is fixed: the row accessors below read by position. */
static const Field fields[] = {
  { "id", "p.id", FIELD_INT },
  { "author", "p.author", FIELD_TEXT },
  { "author_display_name", "(SELECT u.display_name FROM users u WHERE u.username = p.author)", FIELD_TEXT },
  { "body", "p.body", FIELD_TEXT },
  { "created", "p.created", FIELD_TIME },
  { "edited", "p.edited", FIELD_TIME },
  { "parent_id", "p.parent_id", FIELD_INT },
  { "case", "(SELECT c.request_id FROM cases c WHERE c.id = p.case_id)", FIELD_TEXT },
  { "case_refs", "p.case_refs", FIELD_JSON },
  { "tags", "p.tags", FIELD_JSON },
  { "mentions", "p.mentions", FIELD_JSON },
  { "like_count", "p.like_count", FIELD_INT },
  { "reply_count", "p.reply_count", FIELD_INT },
  { "pinned_until", "p.pinned_until", FIELD_TIME },
  { "seq", "p.seq", FIELD_INT },
};

enum { COL_ID = 0, COL_AUTHOR = 1, COL_PARENT = 6 };

const char *
civic_post_select_columns (void)
{
  static gsize once = 0;
  static char *columns;

  if (g_once_init_enter (&once))
    {
      GString *s = g_string_new (NULL);
      guint i;

      for (i = 0; i < G_N_ELEMENTS (fields); i++)
        g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", fields[i].column);
      columns = g_string_free (s, FALSE);
      g_once_init_leave (&once, 1);
    }
  return columns;
}

int
civic_post_n_columns (void)
{
  return (int) G_N_ELEMENTS (fields);
}

gint64
civic_post_row_id (CivicDbStmt *stmt,
                   int          first_column)
{
  return civic_db_column_int64 (stmt, first_column + COL_ID);
}

const char *
civic_post_row_author (CivicDbStmt *stmt,
                       int          first_column)
{
  return civic_db_column_text (stmt, first_column + COL_AUTHOR);
}

gint64
civic_post_row_parent_id (CivicDbStmt *stmt,
                          int          first_column)
{
  if (civic_db_column_is_null (stmt, first_column + COL_PARENT))
    return 0;
  return civic_db_column_int64 (stmt, first_column + COL_PARENT);
}

void
civic_post_write_members (CivicJsonWriter *w,
                          CivicDbStmt     *stmt,
                          int              first_column)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      int col = first_column + (int) i;

      civic_json_key (w, fields[i].name);
      if (civic_db_column_is_null (stmt, col))
        {
          civic_json_null (w);
          continue;
        }
      switch (fields[i].type)
        {
        case FIELD_TEXT:
          civic_json_string (w, civic_db_column_text (stmt, col));
          break;
        case FIELD_INT:
          civic_json_int (w, civic_db_column_int64 (stmt, col));
          break;
        case FIELD_TIME:
          {
            g_autofree char *t = civic_format_time (civic_db_column_int64 (stmt, col));

            civic_json_string (w, t);
          }
          break;
        case FIELD_JSON:
          civic_json_raw (w, civic_db_column_text (stmt, col));
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

void
civic_post_write_json (CivicJsonWriter *w,
                       CivicDbStmt     *stmt,
                       int              first_column)
{
  civic_json_begin_object (w);
  civic_post_write_members (w, stmt, first_column);
  civic_json_end_object (w);
}
