/* civic-briefing-csv.c: every table of the briefing as CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-briefing-csv.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "civic-store-feed.h"

static const char * const table_names[] = {
  "figures", "departments", "services", "hot-spots", "tags",
};

const char *
civic_briefing_table_name (CivicBriefingTable table)
{
  g_return_val_if_fail (table < CIVIC_BRIEFING_N_TABLES, NULL);
  return table_names[table];
}

static void
field (GString    *out,
       const char *text)
{
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, ',');
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
field_int (GString *out,
           gint64   value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  field (out, buf);
}

static void
field_double (GString *out,
              double   value,
              int      decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  g_snprintf (format, sizeof format, "%%.%df", decimals);
  field (out, g_ascii_formatd (buf, sizeof buf, format, value));
}

/* a rate or a median that may be "no data": an empty cell */
static void
field_rate (GString *out,
            double   rate)
{
  if (rate < 0)
    field (out, "");
  else
    field_double (out, rate, 4);
}

static void
field_median (GString *out,
              gint64   seconds)
{
  if (seconds < 0)
    field (out, "");
  else
    field_int (out, seconds);
}

static void
end_row (GString *out)
{
  g_string_append (out, "\r\n");
}

static void
header (GString            *out,
        const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    field (out, names[i]);
  end_row (out);
}

static void
figure_row (GString    *out,
            const char *name,
            gint64      day,
            gint64      last_week)
{
  field (out, name);
  field_int (out, day);
  field_int (out, last_week);
  field_int (out, day - last_week);
  end_row (out);
}

static void
figures (GString             *out,
         const CivicBriefing *b)
{
  static const char * const names[] = { "figure", "day", "same_weekday_last_week", "change", NULL };
  const CivicBriefingCounts *d = &b->counts, *w = &b->last_week;
  double rd = civic_briefing_counts_on_time_rate (d), rw = civic_briefing_counts_on_time_rate (w);

  header (out, names);
  figure_row (out, "new", d->n_new, w->n_new);
  figure_row (out, "closed", d->n_closed, w->n_closed);
  figure_row (out, "closed_on_time", d->n_closed_on_time, w->n_closed_on_time);
  figure_row (out, "backlog", d->n_backlog, w->n_backlog);
  figure_row (out, "overdue", d->n_overdue, w->n_overdue);
  field (out, "on_time_rate");
  field_rate (out, rd);
  field_rate (out, rw);
  if (rd < 0 || rw < 0)
    field (out, "");
  else
    field_double (out, rd - rw, 4);
  end_row (out);
  field (out, "median_close_seconds");
  field_median (out, d->median_close);
  field_median (out, w->median_close);
  if (d->median_close < 0 || w->median_close < 0)
    field (out, "");
  else
    field_int (out, d->median_close - w->median_close);
  end_row (out);
}

static void
departments (GString             *out,
             const CivicBriefing *b)
{
  static const char * const names[] = {
    "department_id", "department", "new", "closed", "closed_on_time", "backlog", "overdue",
    "on_time_rate", "median_close_seconds",
    "new_last_week", "closed_last_week", "backlog_last_week", "overdue_last_week",
    "on_time_rate_last_week", NULL
  };

  header (out, names);
  for (guint i = 0; i < b->departments->len; i++)
    {
      const CivicBriefingDepartment *d = g_ptr_array_index (b->departments, i);

      field (out, d->department);
      field (out, d->name);
      field_int (out, d->day.n_new);
      field_int (out, d->day.n_closed);
      field_int (out, d->day.n_closed_on_time);
      field_int (out, d->day.n_backlog);
      field_int (out, d->day.n_overdue);
      field_rate (out, civic_briefing_counts_on_time_rate (&d->day));
      field_median (out, d->day.median_close);
      field_int (out, d->last_week.n_new);
      field_int (out, d->last_week.n_closed);
      field_int (out, d->last_week.n_backlog);
      field_int (out, d->last_week.n_overdue);
      field_rate (out, civic_briefing_counts_on_time_rate (&d->last_week));
      end_row (out);
    }
}

static void
services (GString             *out,
          const CivicBriefing *b)
{
  static const char * const names[] = { "service_code", "service", "new", "new_last_week", "change", NULL };

  header (out, names);
  for (guint i = 0; i < b->movers->len; i++)
    {
      const CivicBriefingMover *m = g_ptr_array_index (b->movers, i);

      field (out, m->service_code);
      field (out, m->name);
      field_int (out, m->day);
      field_int (out, m->last_week);
      field_int (out, m->day - m->last_week);
      end_row (out);
    }
}

static void
hot_spots (GString             *out,
           const CivicBriefing *b)
{
  static const char * const names[] = {
    "lat_min", "lat_max", "lon_min", "lon_max", "new", "baseline_per_day", "score",
    "service_code", "service", "service_new", NULL
  };

  header (out, names);
  for (guint i = 0; i < b->hot_spots->len; i++)
    {
      const CivicBriefingHotSpot *h = g_ptr_array_index (b->hot_spots, i);

      field_double (out, h->lat_min, 6);
      field_double (out, h->lat_max, 6);
      field_double (out, h->lon_min, 6);
      field_double (out, h->lon_max, 6);
      field_int (out, h->count);
      field_double (out, h->baseline, 3);
      field_double (out, h->score, 3);
      field (out, h->service_code);
      field (out, h->service_name);
      field_int (out, h->service_count);
      end_row (out);
    }
}

static void
tags (GString             *out,
      const CivicBriefing *b)
{
  header (out, (const char * const []) { "tag", "today", "baseline_per_day", "score", "trending", NULL });
  /* the sparkline's days as extra columns would change with the count;
   * the header above names the fixed ones, the 14 days follow */
  g_string_truncate (out, out->len - 2);
  for (int i = CIVIC_TREND_DAYS - 1; i >= 0; i--)
    {
      char name[16];

      g_snprintf (name, sizeof name, "day_minus_%d", i);
      field (out, name);
    }
  end_row (out);
  for (guint i = 0; b->trends != NULL && i < b->trends->len; i++)
    {
      const CivicTrend *t = g_ptr_array_index (b->trends, i);

      field (out, t->tag);
      field_int (out, t->count_today);
      field_double (out, t->baseline, 3);
      field_double (out, t->score, 3);
      field (out, t->trending ? "yes" : "no");
      for (int d = 0; d < CIVIC_TREND_DAYS; d++)
        field_int (out, t->daily[d]);
      end_row (out);
    }
}

char *
civic_briefing_to_csv (const CivicBriefing *b,
                       CivicBriefingTable   table)
{
  GString *out = g_string_new (NULL);

  switch (table)
    {
    case CIVIC_BRIEFING_TABLE_FIGURES:     figures (out, b); break;
    case CIVIC_BRIEFING_TABLE_DEPARTMENTS: departments (out, b); break;
    case CIVIC_BRIEFING_TABLE_SERVICES:    services (out, b); break;
    case CIVIC_BRIEFING_TABLE_HOT_SPOTS:   hot_spots (out, b); break;
    case CIVIC_BRIEFING_TABLE_TAGS:        tags (out, b); break;
    default: g_assert_not_reached ();
    }
  return g_string_free (out, FALSE);
}

gboolean
civic_briefing_write_csv (const CivicBriefing  *b,
                          const char           *dir,
                          GPtrArray           **paths,
                          GError              **error)
{
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  char date[16];

  g_date_strftime (date, sizeof date, "%Y-%m-%d", &b->day);
  for (guint t = 0; t < CIVIC_BRIEFING_N_TABLES; t++)
    {
      g_autofree char *name = g_strdup_printf ("briefing-%s-%s.csv", date, table_names[t]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *csv = civic_briefing_to_csv (b, t);
      g_autoptr(GError) local = NULL;

      if (!g_file_set_contents (path, csv, -1, &local))
        {
          g_set_error (error, local->domain, local->code,
                       _("The briefing could not be saved as %s: %s"), path, local->message);
          return FALSE;
        }
      g_ptr_array_add (written, g_steal_pointer (&path));
    }
  if (paths != NULL)
    *paths = g_steal_pointer (&written);
  return TRUE;
}
