/* civic-briefing-print.c: the briefing laid out on paper
 *
 * One function walks the whole document, placing blocks top to bottom
 * and starting a new page when a block does not fit. It runs once to
 * count the pages and once per page to draw it (only the blocks that
 * landed on that page are drawn), so the PDF and the printer get the
 * same layout from the same code. A few pages of text lay out in a
 * millisecond or two, so running it again per page costs nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-briefing-print.h"

#include <math.h>

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "civic-store-feed.h"

#define MARGIN      40.0
#define HEADER      30.0
#define FOOTER      24.0
#define GAP         10.0
#define ROW_PAD      3.0
#define FONT        "Sans 8.5"
#define FONT_SMALL  "Sans 7"
#define FONT_BOLD   "Sans Bold 8.5"
#define FONT_TITLE  "Sans Bold 15"
#define FONT_H2     "Sans Bold 11"
#define FONT_FIGURE "Sans Bold 17"
#define METRES_PER_DEGREE 111320.0

struct _CivicBriefingDoc
{
  const CivicBriefing *b;
  char    *city;
  char    *date_text;
  char    *week_ago_text;
  double   width, height;
  guint    n_pages;

  /* while walking */
  cairo_t *cr;
  int      target;   /* the page being drawn; -1 = only counting */
  guint    page;
  double   y;
};

void
civic_paper_get_size (CivicPaper  paper,
                      double     *width,
                      double     *height)
{
  if (paper == CIVIC_PAPER_LETTER)
    *width = 612, *height = 792;
  else
    *width = 595.276, *height = 841.89;
}

static char *
format_date (const GDate *day,
             const char  *format)
{
  char buf[128];

  if (g_date_strftime (buf, sizeof buf, format, day) == 0)
    return g_strdup ("");
  return g_strdup (buf);
}

CivicBriefingDoc *
civic_briefing_doc_new (const CivicBriefing *b,
                        const char          *city,
                        double               width,
                        double               height)
{
  CivicBriefingDoc *doc = g_new0 (CivicBriefingDoc, 1);
  GDate week_ago = b->day;

  g_date_subtract_days (&week_ago, 7);
  doc->b = b;
  doc->city = g_strdup (city != NULL && *city != '\0' ? city : _("Civic Desk"));
  /* TRANSLATORS: strftime format of the briefing's day */
  doc->date_text = format_date (&b->day, _("%A %-d %B %Y"));
  doc->week_ago_text = format_date (&week_ago, _("%a %-d %b"));
  doc->width = width;
  doc->height = height;
  return doc;
}

void
civic_briefing_doc_free (CivicBriefingDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->city);
  g_free (doc->date_text);
  g_free (doc->week_ago_text);
  g_free (doc);
}

/* ---- primitives ------------------------------------------------------- */

static double top (CivicBriefingDoc *doc)    { return MARGIN + HEADER; }
static double bottom (CivicBriefingDoc *doc) { return doc->height - MARGIN - FOOTER; }
static double content_width (CivicBriefingDoc *doc) { return doc->width - 2 * MARGIN; }

static gboolean
drawing (CivicBriefingDoc *doc)
{
  return doc->target == (int) doc->page;
}

static PangoLayout *
make_layout (CivicBriefingDoc *doc,
             const char       *font,
             const char       *text,
             double            width,
             PangoAlignment    align)
{
  PangoLayout *layout = pango_cairo_create_layout (doc->cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
    }
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return h / (double) PANGO_SCALE;
}

/* Draws @text at (@x, @y) when on the page being drawn; its height. */
static double
text_at (CivicBriefingDoc *doc,
         const char       *font,
         const char       *text,
         double            x,
         double            y,
         double            width,
         PangoAlignment    align,
         double            grey)
{
  g_autoptr(PangoLayout) layout = make_layout (doc, font, text, width, align);

  if (drawing (doc))
    {
      cairo_set_source_rgb (doc->cr, grey, grey, grey);
      cairo_move_to (doc->cr, x, y);
      pango_cairo_show_layout (doc->cr, layout);
    }
  return layout_height (layout);
}

/* Starts a new page unless @height fits below the cursor. */
static void
need (CivicBriefingDoc *doc,
      double            height)
{
  if (doc->y + height > bottom (doc) && doc->y > top (doc))
    {
      doc->page++;
      doc->y = top (doc);
    }
}

static void
heading (CivicBriefingDoc *doc,
         const char       *text,
         double            keep_with)
{
  g_autoptr(PangoLayout) layout = make_layout (doc, FONT_H2, text, 0, PANGO_ALIGN_LEFT);
  double h = layout_height (layout);

  /* a heading never sits alone at the foot of a page */
  need (doc, GAP + h + 4 + keep_with);
  doc->y += doc->y > top (doc) ? GAP : 0;
  text_at (doc, FONT_H2, text, MARGIN, doc->y, 0, PANGO_ALIGN_LEFT, 0.1);
  doc->y += h + 4;
}

static void
sparkline (CivicBriefingDoc *doc,
           double            x,
           double            y,
           double            w,
           double            h,
           const gint64     *values,
           guint             n)
{
  gint64 max = 1;

  if (!drawing (doc) || n < 2)
    return;
  for (guint i = 0; i < n; i++)
    max = MAX (max, values[i]);
  cairo_save (doc->cr);
  cairo_set_line_width (doc->cr, 1.0);
  cairo_set_line_join (doc->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgb (doc->cr, 0.21, 0.52, 0.89);
  for (guint i = 0; i < n; i++)
    {
      double px = x + w * i / (n - 1);
      double py = y + h - h * values[i] / (double) max;

      if (i == 0)
        cairo_move_to (doc->cr, px, py);
      else
        cairo_line_to (doc->cr, px, py);
    }
  cairo_stroke (doc->cr);
  cairo_arc (doc->cr, x + w, y + h - h * values[n - 1] / (double) max, 1.8, 0, 2 * G_PI);
  cairo_fill (doc->cr);
  cairo_restore (doc->cr);
}

/* ---- tables ------------------------------------------------------------- */

typedef struct
{
  guint               n_cols;
  const double       *widths;    /* fractions of the content width */
  const char * const *titles;
  const char         *align;     /* 'l' or 'r' per column */
  GPtrArray          *rows;      /* GStrv */
  /* a sparkline in this column (-1 = none): row i's values */
  int                 spark_col;
  const gint64       *(*spark) (gconstpointer data, guint row, guint *n);
  gconstpointer       spark_data;
} Table;

static double
table_row (CivicBriefingDoc   *doc,
           const Table        *t,
           const char * const *cells,
           const char         *font,
           gboolean            shade,
           guint               row_index,
           gboolean            is_header)
{
  double cw = content_width (doc);
  double h = 0, x = MARGIN;

  /* measure first: a row is as tall as its tallest cell */
  for (guint c = 0; c < t->n_cols; c++)
    {
      g_autoptr(PangoLayout) layout = make_layout (doc, font, cells[c], t->widths[c] * cw - 6,
                                                   t->align[c] == 'r' ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);

      h = MAX (h, layout_height (layout));
    }
  h += 2 * ROW_PAD;
  need (doc, h);
  if (drawing (doc) && shade)
    {
      cairo_set_source_rgb (doc->cr, 0.95, 0.96, 0.97);
      cairo_rectangle (doc->cr, MARGIN, doc->y, cw, h);
      cairo_fill (doc->cr);
    }
  for (guint c = 0; c < t->n_cols; c++)
    {
      double w = t->widths[c] * cw;

      if (!is_header && (int) c == t->spark_col)
        {
          guint n = 0;
          const gint64 *values = t->spark (t->spark_data, row_index, &n);

          sparkline (doc, x + 6, doc->y + ROW_PAD + 1, w - 12, h - 2 * ROW_PAD - 2, values, n);
        }
      else
        text_at (doc, font, cells[c], x + 3, doc->y + ROW_PAD, w - 6,
                 t->align[c] == 'r' ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, is_header ? 0.35 : 0.1);
      x += w;
    }
  doc->y += h;
  return h;
}

static void
table (CivicBriefingDoc *doc,
       const Table      *t)
{
  guint page = G_MAXUINT;

  for (guint r = 0; r < t->rows->len; r++)
    {
      const char * const *cells = g_ptr_array_index (t->rows, r);

      /* the header again at the top of every page the table runs onto */
      need (doc, 40);
      if (doc->page != page)
        {
          table_row (doc, t, t->titles, FONT_BOLD, FALSE, 0, TRUE);
          if (drawing (doc))
            {
              cairo_set_source_rgb (doc->cr, 0.6, 0.6, 0.6);
              cairo_set_line_width (doc->cr, 0.6);
              cairo_move_to (doc->cr, MARGIN, doc->y);
              cairo_line_to (doc->cr, MARGIN + content_width (doc), doc->y);
              cairo_stroke (doc->cr);
            }
          page = doc->page;
        }
      table_row (doc, t, cells, FONT, r % 2 == 1, r, FALSE);
    }
  if (t->rows->len == 0)
    {
      need (doc, 16);
      doc->y += text_at (doc, FONT, _("Nothing to show for this day."), MARGIN, doc->y, 0,
                         PANGO_ALIGN_LEFT, 0.45);
    }
}

static char *
signed_int (gint64 v)
{
  return v == 0 ? g_strdup ("±0") : g_strdup_printf ("%+" G_GINT64_FORMAT, v);
}

static char *
int_text (gint64 v)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, v);
}

/* ---- the blocks --------------------------------------------------------- */

static void
title_block (CivicBriefingDoc *doc)
{
  g_autofree char *title = g_strdup_printf (_("Daily briefing — %s"), doc->date_text);
  g_autofree char *sub = g_strdup_printf (_("Changes are against %s, the same weekday a week before."),
                                          doc->week_ago_text);

  doc->y += text_at (doc, FONT_TITLE, title, MARGIN, doc->y, content_width (doc), PANGO_ALIGN_LEFT, 0.05);
  doc->y += text_at (doc, FONT_SMALL, sub, MARGIN, doc->y + 2, content_width (doc), PANGO_ALIGN_LEFT, 0.4) + 6;
}

static void
figure_cards (CivicBriefingDoc *doc)
{
  const CivicBriefingCounts *d = &doc->b->counts, *w = &doc->b->last_week;
  double rate = civic_briefing_counts_on_time_rate (d);
  double rate_w = civic_briefing_counts_on_time_rate (w);
  const double card_h = 64;
  double card_w = (content_width (doc) - 2 * GAP) / 3;
  g_autofree char *rate_w_text = civic_briefing_format_rate (rate_w);
  g_autofree char *median_w_text = civic_briefing_format_duration (w->median_close);
  struct { const char *label; char *value; char *change; const gint64 *spark; } cards[6] = {
    { _("New"), int_text (d->n_new), signed_int (d->n_new - w->n_new), doc->b->daily_new },
    { _("Closed"), int_text (d->n_closed), signed_int (d->n_closed - w->n_closed), doc->b->daily_closed },
    { _("Backlog"), int_text (d->n_backlog), signed_int (d->n_backlog - w->n_backlog), NULL },
    { _("Overdue"), int_text (d->n_overdue), signed_int (d->n_overdue - w->n_overdue), NULL },
    { _("On time"), civic_briefing_format_rate (rate), NULL, NULL },
    { _("Median time to close"), civic_briefing_format_duration (d->median_close), NULL, NULL },
  };

  for (guint i = 0; i < 4; i++)
    {
      char *change = g_strdup_printf (_("%s vs %s"), cards[i].change, doc->week_ago_text);

      g_free (cards[i].change);
      cards[i].change = change;
    }
  if (rate >= 0 && rate_w >= 0)
    cards[4].change = g_strdup_printf (_("%+.0f points vs %s"), (rate - rate_w) * 100, doc->week_ago_text);
  else
    cards[4].change = g_strdup_printf (_("%s: %s"), doc->week_ago_text, rate_w_text);
  cards[5].change = g_strdup_printf (_("%s: %s"), doc->week_ago_text,
                                     w->median_close < 0 ? _("no data") : median_w_text);

  need (doc, 2 * card_h + GAP);
  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      double x = MARGIN + (i % 3) * (card_w + GAP);
      double y = doc->y + (i / 3) * (card_h + GAP);
      if (drawing (doc))
        {
          cairo_set_source_rgb (doc->cr, 0.96, 0.97, 0.98);
          cairo_rectangle (doc->cr, x, y, card_w, card_h);
          cairo_fill_preserve (doc->cr);
          cairo_set_source_rgb (doc->cr, 0.82, 0.84, 0.87);
          cairo_set_line_width (doc->cr, 0.6);
          cairo_stroke (doc->cr);
        }
      text_at (doc, FONT_SMALL, cards[i].label, x + 8, y + 6, card_w - 16, PANGO_ALIGN_LEFT, 0.35);
      text_at (doc, FONT_FIGURE, cards[i].value, x + 8, y + 17, card_w - 16, PANGO_ALIGN_LEFT, 0.05);
      text_at (doc, FONT_SMALL, cards[i].change, x + 8, y + card_h - 15, card_w - 16, PANGO_ALIGN_LEFT, 0.35);
      if (cards[i].spark != NULL)
        sparkline (doc, x + card_w - 78, y + 20, 68, 22, cards[i].spark, CIVIC_BRIEFING_SPARK_DAYS);
      g_free (cards[i].value);
      g_free (cards[i].change);
    }
  doc->y += 2 * card_h + GAP;
}

static void
departments_block (CivicBriefingDoc *doc)
{
  static const double widths[] = { 0.28, 0.09, 0.11, 0.12, 0.12, 0.11, 0.17 };
  const char * const titles[] = { _("Department"), _("New"), _("Closed"), _("Backlog"),
                                  _("Overdue"), _("On time"), _("Median") };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  Table t = { G_N_ELEMENTS (widths), widths, titles, "lrrrrrr", rows, -1, NULL, NULL };

  for (guint i = 0; i < doc->b->departments->len; i++)
    {
      const CivicBriefingDepartment *d = g_ptr_array_index (doc->b->departments, i);
      char **cells = g_new0 (char *, 8);

      cells[0] = g_strdup (d->name);
      cells[1] = int_text (d->day.n_new);
      cells[2] = int_text (d->day.n_closed);
      cells[3] = int_text (d->day.n_backlog);
      cells[4] = int_text (d->day.n_overdue);
      cells[5] = civic_briefing_format_rate (civic_briefing_counts_on_time_rate (&d->day));
      cells[6] = civic_briefing_format_duration (d->day.median_close);
      g_ptr_array_add (rows, cells);
    }
  heading (doc, _("Departments"), 40);
  table (doc, &t);
}

static void
movers_block (CivicBriefingDoc *doc)
{
  static const double widths[] = { 0.55, 0.15, 0.15, 0.15 };
  g_autofree char *ago = g_strdup_printf (_("New %s"), doc->week_ago_text);
  const char * const titles[] = { _("Service"), _("New today"), ago, _("Change") };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  Table t = { G_N_ELEMENTS (widths), widths, titles, "lrrr", rows, -1, NULL, NULL };

  for (guint i = 0; i < doc->b->movers->len; i++)
    {
      const CivicBriefingMover *m = g_ptr_array_index (doc->b->movers, i);
      char **cells = g_new0 (char *, 5);

      cells[0] = g_strdup (m->name);
      cells[1] = int_text (m->day);
      cells[2] = int_text (m->last_week);
      cells[3] = signed_int (m->day - m->last_week);
      g_ptr_array_add (rows, cells);
    }
  /* a short table stays with its heading on one page */
  heading (doc, _("Services that moved most"), rows->len <= 12 ? 40 + 18.0 * rows->len : 40);
  table (doc, &t);
}

static void
hot_spot_map (CivicBriefingDoc *doc,
              double            x,
              double            y,
              double            w,
              double            h)
{
  GPtrArray *spots = doc->b->hot_spots;
  double lat0 = G_MAXDOUBLE, lat1 = -G_MAXDOUBLE, lon0 = G_MAXDOUBLE, lon1 = -G_MAXDOUBLE;
  double scale, ox, oy, kx;

  if (!drawing (doc))
    return;
  cairo_save (doc->cr);
  cairo_set_source_rgb (doc->cr, 0.94, 0.95, 0.93);
  cairo_rectangle (doc->cr, x, y, w, h);
  cairo_fill_preserve (doc->cr);
  cairo_set_source_rgb (doc->cr, 0.75, 0.77, 0.75);
  cairo_set_line_width (doc->cr, 0.6);
  cairo_stroke (doc->cr);
  for (guint i = 0; i < spots->len; i++)
    {
      CivicBriefingHotSpot *s = g_ptr_array_index (spots, i);

      lat0 = MIN (lat0, s->lat_min), lat1 = MAX (lat1, s->lat_max);
      lon0 = MIN (lon0, s->lon_min), lon1 = MAX (lon1, s->lon_max);
    }
  if (spots->len > 0)
    {
      /* equirectangular at the middle latitude, the cells' extent plus a
       * margin of one cell, kept square */
      kx = cos ((lat0 + lat1) / 2 * G_PI / 180);
      lat0 -= 0.01, lat1 += 0.01, lon0 -= 0.01 / kx, lon1 += 0.01 / kx;
      scale = MIN ((w - 16) / ((lon1 - lon0) * kx), (h - 16) / (lat1 - lat0));
      ox = x + (w - (lon1 - lon0) * kx * scale) / 2;
      oy = y + (h - (lat1 - lat0) * scale) / 2;
      /* a 1 km bar gives the distances a scale */
      {
        static const int lengths[] = { 1, 2, 5, 10, 20, 50 };
        double km = scale / (METRES_PER_DEGREE / 1000.0);
        int n_km = 50;
        g_autofree char *text = NULL;

        for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
          if (lengths[i] * km >= 30)
            {
              n_km = lengths[i];
              break;
            }
        cairo_set_source_rgb (doc->cr, 0.3, 0.3, 0.3);
        cairo_set_line_width (doc->cr, 1.2);
        cairo_move_to (doc->cr, x + 10, y + h - 10);
        cairo_line_to (doc->cr, x + 10 + n_km * km, y + h - 10);
        cairo_stroke (doc->cr);
        cairo_restore (doc->cr);
        text = g_strdup_printf (_("%d km"), n_km);
        text_at (doc, FONT_SMALL, text, x + 10, y + h - 22, 0, PANGO_ALIGN_LEFT, 0.3);
        cairo_save (doc->cr);
      }
      for (guint i = spots->len; i-- > 0;)
        {
          CivicBriefingHotSpot *s = g_ptr_array_index (spots, i);
          double cx = ox + ((s->lon_min + s->lon_max) / 2 - lon0) * kx * scale;
          double cy = oy + (lat1 - (s->lat_min + s->lat_max) / 2) * scale;
          double r = MAX (6, MIN (14, 4 + 2 * sqrt ((double) s->count)));
          char label[8];

          cairo_new_path (doc->cr);
          cairo_arc (doc->cr, cx, cy, r, 0, 2 * G_PI);
          cairo_set_source_rgba (doc->cr, 0.88, 0.11, 0.14, 0.35 + 0.5 * (spots->len - i) / spots->len);
          cairo_fill (doc->cr);
          g_snprintf (label, sizeof label, "%u", i + 1);
          cairo_restore (doc->cr);
          text_at (doc, FONT_BOLD, label, cx - 10, cy - 6, 20, PANGO_ALIGN_CENTER, 1.0);
          cairo_save (doc->cr);
        }
    }
  cairo_restore (doc->cr);
}

static void
hot_spots_block (CivicBriefingDoc *doc)
{
  static const double widths[] = { 0.06, 0.26, 0.10, 0.10, 0.48 };
  const char * const titles[] = { "#", _("Where"), _("New"), _("Usual"), _("Driven by") };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  Table t = { G_N_ELEMENTS (widths), widths, titles, "llrrl", rows, -1, NULL, NULL };
  const double map_h = 170;

  for (guint i = 0; i < doc->b->hot_spots->len; i++)
    {
      const CivicBriefingHotSpot *s = g_ptr_array_index (doc->b->hot_spots, i);
      char **cells = g_new0 (char *, 6);

      cells[0] = g_strdup_printf ("%u", i + 1);
      cells[1] = g_strdup_printf ("%.4f, %.4f", (s->lat_min + s->lat_max) / 2, (s->lon_min + s->lon_max) / 2);
      cells[2] = int_text (s->count);
      cells[3] = g_strdup_printf ("%.1f", s->baseline);
      cells[4] = g_strdup_printf ("%s (%" G_GINT64_FORMAT ")", s->service_name, s->service_count);
      g_ptr_array_add (rows, cells);
    }
  heading (doc, _("Hot spots — 500 m cells against their 28-day baseline"), map_h + 10);
  if (doc->b->hot_spots->len > 0)
    {
      hot_spot_map (doc, MARGIN, doc->y, content_width (doc), map_h);
      doc->y += map_h + 6;
    }
  table (doc, &t);
}

static const gint64 *
trend_spark (gconstpointer data,
             guint         row,
             guint        *n)
{
  const CivicBriefingDoc *doc = data;
  static gint64 values[CIVIC_TREND_DAYS];
  const CivicTrend *trend = g_ptr_array_index (doc->b->trends, row);

  for (guint i = 0; i < CIVIC_TREND_DAYS; i++)
    values[i] = trend->daily[i];
  *n = CIVIC_TREND_DAYS;
  return values;
}

static void
trends_block (CivicBriefingDoc *doc)
{
  static const double widths[] = { 0.34, 0.14, 0.14, 0.38 };
  const char * const titles[] = { _("Tag"), _("Posts today"), _("Usual"), _("Last 14 days") };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  Table t = { G_N_ELEMENTS (widths), widths, titles, "lrrl", rows, 3, trend_spark, doc };

  for (guint i = 0; doc->b->trends != NULL && i < doc->b->trends->len; i++)
    {
      const CivicTrend *trend = g_ptr_array_index (doc->b->trends, i);
      char **cells = g_new0 (char *, 5);

      cells[0] = g_strdup_printf ("#%s", trend->tag);
      cells[1] = g_strdup_printf ("%d", trend->count_today);
      cells[2] = g_strdup_printf ("%.1f", trend->baseline);
      cells[3] = g_strdup ("");
      g_ptr_array_add (rows, cells);
    }
  heading (doc, _("Trending tags"), rows->len <= 12 ? 40 + 18.0 * rows->len : 40);
  table (doc, &t);
}

static void
posts_block (CivicBriefingDoc *doc,
             const char       *title,
             GPtrArray        *posts,
             const char       *empty)
{
  heading (doc, title, 30);
  if (posts == NULL || posts->len == 0)
    {
      need (doc, 16);
      doc->y += text_at (doc, FONT, empty, MARGIN, doc->y, 0, PANGO_ALIGN_LEFT, 0.45);
      return;
    }
  for (guint i = 0; i < posts->len; i++)
    {
      CivicPost *post = g_ptr_array_index (posts, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (civic_post_get_created (post));
      g_autofree char *stamp = g_date_time_format (when, "%-d %b %H:%M");
      g_autofree char *who = g_strdup_printf ("%s · %s", civic_post_get_author (post) ? civic_post_get_author (post) : "", stamp);
      g_autoptr(PangoLayout) body = make_layout (doc, FONT, civic_post_get_body (post), content_width (doc) - 12,
                                                 PANGO_ALIGN_LEFT);
      double h = layout_height (body) + 14;

      need (doc, h + 4);
      if (drawing (doc))
        {
          cairo_set_source_rgb (doc->cr, 0.21, 0.52, 0.89);
          cairo_rectangle (doc->cr, MARGIN, doc->y + 1, 2, h - 2);
          cairo_fill (doc->cr);
        }
      text_at (doc, FONT_SMALL, who, MARGIN + 8, doc->y, 0, PANGO_ALIGN_LEFT, 0.4);
      text_at (doc, FONT, civic_post_get_body (post), MARGIN + 8, doc->y + 11, content_width (doc) - 12,
               PANGO_ALIGN_LEFT, 0.1);
      doc->y += h + 4;
    }
}

/* Walks the whole document; draws the page @target (-1: none). */
static guint
walk (CivicBriefingDoc *doc,
      cairo_t          *cr,
      int               target)
{
  doc->cr = cr;
  doc->target = target;
  doc->page = 0;
  doc->y = top (doc);

  title_block (doc);
  figure_cards (doc);
  departments_block (doc);
  movers_block (doc);
  hot_spots_block (doc);
  trends_block (doc);
  posts_block (doc, _("Pinned announcements"), doc->b->pinned, _("No announcement was pinned on this day."));
  posts_block (doc, _("#Today"), doc->b->today_posts, _("No #Today posts on this day."));

  doc->cr = NULL;
  return doc->page + 1;
}

guint
civic_briefing_doc_paginate (CivicBriefingDoc *doc,
                             cairo_t          *cr)
{
  doc->n_pages = walk (doc, cr, -1);
  return doc->n_pages;
}

void
civic_briefing_doc_draw_page (CivicBriefingDoc *doc,
                              cairo_t          *cr,
                              guint             page)
{
  g_autofree char *right = NULL;
  g_autofree char *page_text = NULL;

  if (doc->n_pages == 0)
    civic_briefing_doc_paginate (doc, cr);

  cairo_save (cr);
  walk (doc, cr, (int) page);

  /* the city and the date on every page, and where the page is */
  doc->cr = cr;
  doc->target = (int) page;
  doc->page = page;
  right = g_strdup_printf (_("Daily briefing · %s"), doc->date_text);
  text_at (doc, FONT_BOLD, doc->city, MARGIN, MARGIN, content_width (doc) / 2, PANGO_ALIGN_LEFT, 0.1);
  text_at (doc, FONT, right, MARGIN + content_width (doc) / 2, MARGIN, content_width (doc) / 2,
           PANGO_ALIGN_RIGHT, 0.3);
  cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, MARGIN, MARGIN + 16);
  cairo_line_to (cr, MARGIN + content_width (doc), MARGIN + 16);
  cairo_stroke (cr);
  page_text = g_strdup_printf (_("Page %u of %u"), page + 1, doc->n_pages);
  text_at (doc, FONT_SMALL, doc->city, MARGIN, doc->height - MARGIN - 10, content_width (doc) / 2,
           PANGO_ALIGN_LEFT, 0.45);
  text_at (doc, FONT_SMALL, page_text, MARGIN + content_width (doc) / 2, doc->height - MARGIN - 10,
           content_width (doc) / 2, PANGO_ALIGN_RIGHT, 0.45);
  doc->cr = NULL;
  cairo_restore (cr);
}

gboolean
civic_briefing_export_pdf (const CivicBriefing *b,
                           const char          *city,
                           CivicPaper           paper,
                           const char          *path,
                           GError             **error)
{
  double w, h;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  g_autoptr(CivicBriefingDoc) doc = NULL;
  guint n;

  civic_paper_get_size (paper, &w, &h);
  surface = cairo_pdf_surface_create (path, w, h);
  cr = cairo_create (surface);
  doc = civic_briefing_doc_new (b, city, w, h);
  {
    g_autofree char *title = g_strdup_printf (_("%s — daily briefing %s"), doc->city, doc->date_text);

    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  }
  n = civic_briefing_doc_paginate (doc, cr);
  for (guint p = 0; p < n; p++)
    {
      civic_briefing_doc_draw_page (doc, cr, p);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The briefing could not be saved as %s: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
