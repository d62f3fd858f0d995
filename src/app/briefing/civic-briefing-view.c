/* civic-briefing-view.c: the Daily Briefing tab
 *
 * The figures are computed on a worker thread with its own read-only
 * CivicStore on the replica's file (a store is used from one thread at a
 * time), again when the day changes and, a second after the last sync
 * change, when the replica moved. Every number on the page is a button:
 * it emits "show-cases" with the filter that lists exactly its cases,
 * which the window hands to the queue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-briefing-view.h"

#include <glib/gi18n.h>

#include "civic-briefing-charts.h"
#include "civic-briefing-csv.h"
#include "civic-briefing-export.h"
#include "civic-connection.h"
#include "civic-store-feed.h"
#include "civic-sync.h"

#define RECOMPUTE_DELAY_MS 1000

struct _CivicBriefingView
{
  AdwBin parent_instance;

  GtkMenuButton  *day_button;
  GtkCalendar    *calendar;
  GtkLabel       *status_label;
  GtkStack       *stack;
  GtkLabel       *title_label;
  GtkLabel       *subtitle_label;
  GtkFlowBox     *cards_box;
  GtkGrid        *departments_grid;
  GtkListBox     *movers_list;
  GtkDrawingArea *hot_map;
  GtkListBox     *hot_list;
  GtkListBox     *trends_list;
  GtkListBox     *pinned_list;
  GtkListBox     *today_list;

  CivicConnectionManager *manager;
  CivicSync              *sync;
  gulong                  sync_changed_id;
  GDate                   day;
  gboolean                day_is_today;  /* follows the clock across midnight */
  CivicBriefing          *briefing;
  GCancellable           *cancellable;
  guint                   recompute_id;
  guint                   computing;     /* computations not answered yet */
};

G_DEFINE_FINAL_TYPE (CivicBriefingView, civic_briefing_view, ADW_TYPE_BIN)

enum {
  SHOW_CASES,
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void recompute      (CivicBriefingView *self);
static void update_actions (CivicBriefingView *self);

/* ---- links to the cases ------------------------------------------------ */

/* What the queue then shows, in words: "Overdue: 37 · Mon 23 Nov" */
static void
emit_show_cases (CivicBriefingView *self,
                 GObject           *link)
{
  CivicCaseFilter *filter = g_object_get_data (link, "civic-filter");
  const char *what = g_object_get_data (link, "civic-what");
  char day[64];
  g_autofree char *text = NULL;

  if (filter == NULL)
    return;
  g_date_strftime (day, sizeof day, _("%a %-d %b"), &self->day);
  text = g_strdup_printf (_("%s · %s, from the briefing"), what != NULL ? what : "", day);
  g_signal_emit (self, signals[SHOW_CASES], 0, filter, text);
}

static void
link_clicked_cb (GtkButton         *button,
                 CivicBriefingView *self)
{
  emit_show_cases (self, G_OBJECT (button));
}

/* @button lists the cases of @filter (taken) when clicked. */
static void
make_link (CivicBriefingView *self,
           GtkWidget         *button,
           CivicCaseFilter   *filter,
           const char        *description)
{
  g_object_set_data_full (G_OBJECT (button), "civic-filter", filter, (GDestroyNotify) civic_case_filter_free);
  g_object_set_data_full (G_OBJECT (button), "civic-what", g_strdup (description), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (link_clicked_cb), self);
  gtk_widget_set_tooltip_text (button, _("Show these cases in the queue"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static GtkWidget *
number_button (CivicBriefingView *self,
               const char        *text,
               CivicCaseFilter   *filter,
               const char        *description)
{
  GtkWidget *button = gtk_button_new_with_label (text);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "briefing-number");
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  make_link (self, button, filter, description);
  return button;
}

/* ---- the page ---------------------------------------------------------- */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
clear_container (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_FLOW_BOX (box))
        gtk_flow_box_remove (GTK_FLOW_BOX (box), child);
      else if (GTK_IS_GRID (box))
        gtk_grid_remove (GTK_GRID (box), child);
    }
}

static void
placeholder (GtkListBox *list,
             const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_list_box_append (list, label);
}

static char *
change_text (gint64      day,
             gint64      week_ago,
             const char *ago)
{
  if (day == week_ago)
    return g_strdup_printf (_("±0 vs %s"), ago);
  return g_strdup_printf (_("%+" G_GINT64_FORMAT " vs %s"), day - week_ago, ago);
}

static const char * const figure_names[CIVIC_BRIEFING_N_FIGURES] = {
  "new", "closed", "backlog", "overdue", "on-time", "median-close",
};

static void
add_card (CivicBriefingView   *self,
          CivicBriefingFigure  figure,
          const char          *label,
          const char          *value,
          const char          *change,
          const gint64        *spark)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *caption = gtk_label_new (label);
  GtkWidget *number = gtk_label_new (value);
  GtkWidget *sub = gtk_label_new (change);
  g_autofree char *name = g_strdup_printf ("figure-%s", figure_names[figure]);
  g_autofree char *description = g_strdup_printf ("%s: %s", label, value);

  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "briefing-card");
  gtk_widget_set_name (button, name);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "caption-heading");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_widget_set_hexpand (number, TRUE);
  gtk_widget_add_css_class (number, "title-1");
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (sub, "caption");
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (top), number);
  if (spark != NULL)
    gtk_box_append (GTK_BOX (top), civic_briefing_sparkline_new (spark, CIVIC_BRIEFING_SPARK_DAYS));
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), sub);
  gtk_button_set_child (GTK_BUTTON (button), box);
  make_link (self, button, civic_briefing_filter_for (&self->briefing->span, figure, NULL), description);
  gtk_flow_box_append (self->cards_box, button);
}

static void
fill_cards (CivicBriefingView *self,
            const char        *ago)
{
  const CivicBriefing *b = self->briefing;
  const CivicBriefingCounts *d = &b->counts, *w = &b->last_week;
  double rate = civic_briefing_counts_on_time_rate (d), rate_w = civic_briefing_counts_on_time_rate (w);
  char *v[4] = {
    g_strdup_printf ("%" G_GINT64_FORMAT, d->n_new), g_strdup_printf ("%" G_GINT64_FORMAT, d->n_closed),
    g_strdup_printf ("%" G_GINT64_FORMAT, d->n_backlog), g_strdup_printf ("%" G_GINT64_FORMAT, d->n_overdue),
  };
  g_autofree char *c0 = change_text (d->n_new, w->n_new, ago);
  g_autofree char *c1 = change_text (d->n_closed, w->n_closed, ago);
  g_autofree char *c2 = change_text (d->n_backlog, w->n_backlog, ago);
  g_autofree char *c3 = change_text (d->n_overdue, w->n_overdue, ago);
  g_autofree char *rate_text = civic_briefing_format_rate (rate);
  g_autofree char *rate_w_text = civic_briefing_format_rate (rate_w);
  g_autofree char *median = civic_briefing_format_duration (d->median_close);
  g_autofree char *median_w = civic_briefing_format_duration (w->median_close);
  g_autofree char *c4 = NULL;
  g_autofree char *c5 = NULL;

  if (rate >= 0 && rate_w >= 0)
    c4 = g_strdup_printf (_("%+.0f points vs %s"), (rate - rate_w) * 100, ago);
  else
    c4 = g_strdup_printf (_("%s: %s"), ago, rate_w_text);
  c5 = g_strdup_printf (_("%s: %s"), ago, w->median_close < 0 ? _("no data") : median_w);

  clear_container (GTK_WIDGET (self->cards_box));
  add_card (self, CIVIC_BRIEFING_NEW, _("New"), v[0], c0, b->daily_new);
  add_card (self, CIVIC_BRIEFING_CLOSED, _("Closed"), v[1], c1, b->daily_closed);
  add_card (self, CIVIC_BRIEFING_BACKLOG, _("Backlog"), v[2], c2, NULL);
  add_card (self, CIVIC_BRIEFING_OVERDUE, _("Overdue"), v[3], c3, NULL);
  add_card (self, CIVIC_BRIEFING_ON_TIME, _("On time"), rate_text, c4, NULL);
  add_card (self, CIVIC_BRIEFING_MEDIAN_CLOSE, _("Median time to close"), median, c5, NULL);
  for (int i = 0; i < 4; i++)
    g_free (v[i]);
}

static void
grid_header (CivicBriefingView *self,
             int                column,
             const char        *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 4);
  gtk_widget_set_margin_start (label, column == 0 ? 12 : 4);
  gtk_widget_set_margin_end (label, column == 5 ? 12 : 10);
  gtk_grid_attach (self->departments_grid, label, column, 0, 1, 1);
}

static void
fill_departments (CivicBriefingView *self)
{
  const CivicBriefing *b = self->briefing;
  const char * const titles[] = { _("Department"), _("New"), _("Closed"), _("Backlog"), _("Overdue"), _("On time") };
  static const CivicBriefingFigure figures[] = {
    CIVIC_BRIEFING_NEW, CIVIC_BRIEFING_CLOSED, CIVIC_BRIEFING_BACKLOG, CIVIC_BRIEFING_OVERDUE, CIVIC_BRIEFING_ON_TIME,
  };

  clear_container (GTK_WIDGET (self->departments_grid));
  for (int c = 0; c < 6; c++)
    grid_header (self, c, titles[c]);
  for (guint i = 0; i < b->departments->len; i++)
    {
      const CivicBriefingDepartment *d = g_ptr_array_index (b->departments, i);
      GtkWidget *name = gtk_label_new (d->name);
      const gint64 values[] = { d->day.n_new, d->day.n_closed, d->day.n_backlog, d->day.n_overdue };

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_widget_set_margin_start (name, 12);
      gtk_widget_set_tooltip_text (name, d->name);
      gtk_grid_attach (self->departments_grid, name, 0, i + 1, 1, 1);
      for (int c = 0; c < 5; c++)
        {
          g_autofree char *text = c < 4 ? g_strdup_printf ("%" G_GINT64_FORMAT, values[c])
                                        : civic_briefing_format_rate (civic_briefing_counts_on_time_rate (&d->day));
          g_autofree char *description = g_strdup_printf ("%s, %s: %s", d->name, titles[c + 1], text);
          /* cases without a department cannot be filtered on one */
          CivicCaseFilter *filter = civic_briefing_filter_for (&b->span, figures[c],
                                                               d->department[0] != '\0' ? d->department : NULL);
          GtkWidget *button = number_button (self, text, filter, description);

          if (c == 4)
            gtk_widget_set_margin_end (button, 6);
          gtk_grid_attach (self->departments_grid, button, c + 1, i + 1, 1, 1);
        }
    }
  if (b->departments->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("No cases on this day."));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_bottom (label, 8);
      gtk_grid_attach (self->departments_grid, label, 0, 1, 6, 1);
    }
}

static GtkWidget *
link_row (CivicBriefingView *self,
          const char        *title,
          const char        *subtitle,
          const char        *value,
          CivicCaseFilter   *filter,
          GtkWidget         *prefix)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);
  g_autofree char *description = g_strdup_printf ("%s: %s", title, value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (prefix != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), prefix);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  if (filter != NULL)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "civic-filter", filter, (GDestroyNotify) civic_case_filter_free);
      g_object_set_data_full (G_OBJECT (row), "civic-what", g_strdup (description), g_free);
      gtk_widget_set_tooltip_text (row, _("Show these cases in the queue"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
    }
  return row;
}

static void
row_activated_cb (GtkListBox        *list,
                  GtkListBoxRow     *row,
                  CivicBriefingView *self)
{
  emit_show_cases (self, G_OBJECT (row));
}

static void
fill_lists (CivicBriefingView *self,
            const char        *ago)
{
  const CivicBriefing *b = self->briefing;

  clear_list (self->movers_list);
  for (guint i = 0; i < b->movers->len; i++)
    {
      const CivicBriefingMover *m = g_ptr_array_index (b->movers, i);
      g_autofree char *sub = g_strdup_printf (_("%" G_GINT64_FORMAT " new, %" G_GINT64_FORMAT " on %s"),
                                              m->day, m->last_week, ago);
      g_autofree char *value = g_strdup_printf ("%+" G_GINT64_FORMAT, m->day - m->last_week);

      gtk_list_box_append (self->movers_list,
                           link_row (self, m->name, sub, value,
                                     civic_briefing_filter_for_service (&b->span, m->service_code), NULL));
    }
  if (b->movers->len == 0)
    placeholder (self->movers_list, _("No service changed against last week."));

  clear_list (self->hot_list);
  for (guint i = 0; i < b->hot_spots->len; i++)
    {
      const CivicBriefingHotSpot *h = g_ptr_array_index (b->hot_spots, i);
      g_autofree char *title = g_strdup_printf (_("%u. %s (%" G_GINT64_FORMAT ")"), i + 1, h->service_name,
                                                h->service_count);
      g_autofree char *sub = g_strdup_printf (_("%.4f, %.4f · usually %.1f a day"),
                                              (h->lat_min + h->lat_max) / 2, (h->lon_min + h->lon_max) / 2,
                                              h->baseline);
      g_autofree char *value = g_strdup_printf (_("%" G_GINT64_FORMAT " new"), h->count);

      gtk_list_box_append (self->hot_list,
                           link_row (self, title, sub, value,
                                     civic_briefing_filter_for_hot_spot (&b->span, h), NULL));
    }
  if (b->hot_spots->len == 0)
    placeholder (self->hot_list, _("No area had more new cases than usual."));
  gtk_widget_queue_draw (GTK_WIDGET (self->hot_map));

  clear_list (self->trends_list);
  for (guint i = 0; b->trends != NULL && i < b->trends->len; i++)
    {
      const CivicTrend *t = g_ptr_array_index (b->trends, i);
      g_autofree char *title = g_strdup_printf ("#%s", t->tag);
      g_autofree char *sub = g_strdup_printf (_("usually %.1f a day"), t->baseline);
      g_autofree char *value = g_strdup_printf (g_dngettext (NULL, "%d post", "%d posts", t->count_today),
                                                t->count_today);
      gint64 daily[CIVIC_TREND_DAYS];

      for (guint d = 0; d < CIVIC_TREND_DAYS; d++)
        daily[d] = t->daily[d];
      gtk_list_box_append (self->trends_list,
                           link_row (self, title, sub, value, NULL,
                                     civic_briefing_sparkline_new (daily, CIVIC_TREND_DAYS)));
    }

  clear_list (self->pinned_list);
  clear_list (self->today_list);
  for (int which = 0; which < 2; which++)
    {
      GPtrArray *posts = which == 0 ? b->pinned : b->today_posts;
      GtkListBox *list = which == 0 ? self->pinned_list : self->today_list;

      for (guint i = 0; posts != NULL && i < posts->len; i++)
        {
          CivicPost *post = g_ptr_array_index (posts, i);
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (civic_post_get_created (post));
          g_autofree char *stamp = g_date_time_format (when, "%-d %b %H:%M");
          g_autofree char *who = g_strdup_printf ("%s · %s", civic_post_get_author (post), stamp);
          GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
          GtkWidget *author = gtk_label_new (who);
          GtkWidget *body = gtk_label_new (civic_post_get_body (post));

          gtk_label_set_xalign (GTK_LABEL (author), 0);
          gtk_widget_add_css_class (author, "caption");
          gtk_widget_add_css_class (author, "dim-label");
          gtk_label_set_xalign (GTK_LABEL (body), 0);
          gtk_label_set_wrap (GTK_LABEL (body), TRUE);
          gtk_label_set_selectable (GTK_LABEL (body), TRUE);
          gtk_box_append (GTK_BOX (box), author);
          gtk_box_append (GTK_BOX (box), body);
          gtk_widget_set_margin_top (box, 8);
          gtk_widget_set_margin_bottom (box, 8);
          gtk_widget_set_margin_start (box, 12);
          gtk_widget_set_margin_end (box, 12);
          gtk_list_box_append (list, box);
        }
      if (posts == NULL || posts->len == 0)
        placeholder (list, which == 0 ? _("No announcement was pinned on this day.")
                                      : _("No #Today posts on this day."));
    }
}

static void
show_briefing (CivicBriefingView *self)
{
  const CivicBriefing *b = self->briefing;
  GDate week_ago = b->day;
  char date[128], ago[64];
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  g_date_subtract_days (&week_ago, 7);
  g_date_strftime (date, sizeof date, _("%A %-d %B %Y"), &b->day);
  g_date_strftime (ago, sizeof ago, _("%a %-d %b"), &week_ago);
  title = g_strdup_printf (_("Daily briefing — %s"), date);
  subtitle = g_strdup_printf (_("%s · changes are against %s, the same weekday a week before. "
                                "Click a number to see its cases."),
                              civic_briefing_view_get_city (self), ago);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, subtitle);
  fill_cards (self, ago);
  fill_departments (self);
  fill_lists (self, ago);
  gtk_stack_set_visible_child_name (self->stack, "content");
}

/* ---- computing ---------------------------------------------------------- */

typedef struct
{
  char   *path;
  GDate   day;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job);
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) store = civic_store_open_full (job->path, CIVIC_STORE_OPEN_READ_ONLY, &error);
  CivicBriefing *b;

  /* the desk keeps its memory bounded (the queue's replica is small in
   * RAM): no mapped file, a modest page cache, gone with the store */
  if (store == NULL || !civic_store_set_memory (store, 0, 32 * 1024, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  b = civic_briefing_compute (store, &job->day, NULL, 0, &error);
  if (b == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, b, (GDestroyNotify) civic_briefing_free);
}

/* Same day, same tables: the CSV of every table is what the page shows. */
static gboolean
same_briefing (const CivicBriefing *a,
               const CivicBriefing *b)
{
  if (g_date_compare (&a->day, &b->day) != 0 ||
      (a->pinned != NULL ? a->pinned->len : 0) != (b->pinned != NULL ? b->pinned->len : 0) ||
      (a->today_posts != NULL ? a->today_posts->len : 0) != (b->today_posts != NULL ? b->today_posts->len : 0))
    return FALSE;
  for (guint t = 0; t < CIVIC_BRIEFING_N_TABLES; t++)
    {
      g_autofree char *x = civic_briefing_to_csv (a, t);
      g_autofree char *y = civic_briefing_to_csv (b, t);

      if (!g_str_equal (x, y))
        return FALSE;
    }
  return TRUE;
}

static void
computed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  CivicBriefingView *self = CIVIC_BRIEFING_VIEW (source);
  g_autoptr(GError) error = NULL;
  CivicBriefing *b = g_task_propagate_pointer (G_TASK (result), &error);

  self->computing--;
  if (b == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->status_label, error->message);
      return;
    }
  gtk_label_set_text (self->status_label, "");
  /* a sync that changed nothing the page shows must not rebuild it under
   * the pointer of someone about to click a number */
  if (self->briefing != NULL && same_briefing (self->briefing, b))
    {
      civic_briefing_free (b);
      g_signal_emit (self, signals[UPDATED], 0);
      return;
    }
  g_clear_pointer (&self->briefing, civic_briefing_free);
  self->briefing = b;
  show_briefing (self);
  update_actions (self);
  g_signal_emit (self, signals[UPDATED], 0);
}

static void
recompute (CivicBriefingView *self)
{
  CivicStore *store = self->manager != NULL ? civic_connection_manager_get_store (self->manager) : NULL;
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (store == NULL)
    {
      g_clear_pointer (&self->briefing, civic_briefing_free);
      update_actions (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  self->cancellable = g_cancellable_new ();
  job = g_new0 (Job, 1);
  job->path = g_strdup (civic_store_get_path (store));
  job->day = self->day;
  task = g_task_new (self, self->cancellable, computed_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_set_return_on_cancel (task, TRUE);
  gtk_label_set_text (self->status_label, _("Counting…"));
  self->computing++;
  g_task_run_in_thread (task, compute_thread);
}

static gboolean
recompute_later_cb (gpointer data)
{
  CivicBriefingView *self = data;

  self->recompute_id = 0;
  if (self->day_is_today)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_set_dmy (&self->day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }
  recompute (self);
  return G_SOURCE_REMOVE;
}

static void
sync_changed_cb (CivicBriefingView *self)
{
  if (self->recompute_id == 0)
    self->recompute_id = g_timeout_add (RECOMPUTE_DELAY_MS, recompute_later_cb, self);
}

static void
update_day_button (CivicBriefingView *self)
{
  char text[64];
  g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (&self->day), g_date_get_month (&self->day),
                                                   g_date_get_day (&self->day), 0, 0, 0);

  g_date_strftime (text, sizeof text, _("%a %-d %b %Y"), &self->day);
  gtk_menu_button_set_label (self->day_button, text);
  g_signal_handlers_block_matched (self->calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_calendar_select_day (self->calendar, dt);
  g_signal_handlers_unblock_matched (self->calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

/* No briefing of tomorrow: nothing has happened yet. Nothing to export
 * before the first count. */
static void
update_actions (CivicBriefingView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;
  gboolean ready = self->briefing != NULL;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "briefing.next-day", g_date_compare (&self->day, &today) < 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "briefing.export-pdf", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "briefing.export-csv", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "briefing.print", ready);
}

void
civic_briefing_view_set_day (CivicBriefingView *self,
                             const GDate       *day)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_if_fail (CIVIC_IS_BRIEFING_VIEW (self));
  g_return_if_fail (g_date_valid (day));

  self->day = *day;
  self->day_is_today = g_date_get_year (day) == g_date_time_get_year (now) &&
                       g_date_get_month (day) == (GDateMonth) g_date_time_get_month (now) &&
                       g_date_get_day (day) == g_date_time_get_day_of_month (now);
  update_day_button (self);
  update_actions (self);
  recompute (self);
}

static void
day_selected_cb (GtkCalendar       *calendar,
                 CivicBriefingView *self)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (calendar);
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt), g_date_time_get_year (dt));
  gtk_menu_button_popdown (self->day_button);
  civic_briefing_view_set_day (self, &day);
}

static void
step_day (CivicBriefingView *self,
          int                days)
{
  GDate day = self->day;

  if (days > 0)
    g_date_add_days (&day, days);
  else
    g_date_subtract_days (&day, -days);
  civic_briefing_view_set_day (self, &day);
}

static void
action_cb (GtkWidget  *widget,
           const char *action,
           GVariant   *param)
{
  CivicBriefingView *self = CIVIC_BRIEFING_VIEW (widget);

  if (g_str_equal (action, "briefing.previous-day"))
    step_day (self, -1);
  else if (g_str_equal (action, "briefing.next-day"))
    step_day (self, 1);
  else if (g_str_equal (action, "briefing.today"))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      GDate day;

      g_date_clear (&day, 1);
      g_date_set_dmy (&day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
      civic_briefing_view_set_day (self, &day);
    }
  else if (g_str_equal (action, "briefing.export-pdf"))
    civic_briefing_export_pdf_ask (self, g_str_equal (g_variant_get_string (param, NULL), "letter")
                                         ? CIVIC_PAPER_LETTER : CIVIC_PAPER_A4);
  else if (g_str_equal (action, "briefing.export-csv"))
    civic_briefing_export_csv_ask (self);
  else if (g_str_equal (action, "briefing.print"))
    civic_briefing_print (self);
}

static void
draw_hot_map (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        data)
{
  CivicBriefingView *self = data;

  civic_briefing_draw_hot_spots (cr, width, height, self->briefing);
}

/* ---- the connection ---------------------------------------------------- */

static void
connection_changed_cb (CivicBriefingView *self)
{
  CivicSync *sync = self->manager != NULL ? civic_connection_manager_get_sync (self->manager) : NULL;

  if (self->sync != sync)
    {
      if (self->sync != NULL)
        g_clear_signal_handler (&self->sync_changed_id, self->sync);
      g_set_object (&self->sync, sync);
      if (sync != NULL)
        self->sync_changed_id = g_signal_connect_swapped (sync, "changed", G_CALLBACK (sync_changed_cb), self);
    }
  recompute (self);
}

void
civic_briefing_view_set_manager (CivicBriefingView      *self,
                                 CivicConnectionManager *manager)
{
  g_return_if_fail (CIVIC_IS_BRIEFING_VIEW (self));

  if (self->manager == manager)
    return;
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_set_object (&self->manager, manager);
  if (manager != NULL)
    {
      g_signal_connect_object (manager, "notify::active", G_CALLBACK (connection_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (manager, "notify::sync", G_CALLBACK (connection_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  connection_changed_cb (self);
}

const CivicBriefing *
civic_briefing_view_get_briefing (CivicBriefingView *self)
{
  g_return_val_if_fail (CIVIC_IS_BRIEFING_VIEW (self), NULL);
  return self->briefing;
}

gboolean
civic_briefing_view_is_busy (CivicBriefingView *self)
{
  g_return_val_if_fail (CIVIC_IS_BRIEFING_VIEW (self), FALSE);
  return self->computing > 0 || self->recompute_id != 0;
}

const char *
civic_briefing_view_get_city (CivicBriefingView *self)
{
  CivicConnection *active;

  g_return_val_if_fail (CIVIC_IS_BRIEFING_VIEW (self), NULL);
  active = self->manager != NULL ? civic_connection_manager_get_active (self->manager) : NULL;
  if (active != NULL && civic_connection_get_title (active) != NULL)
    return civic_connection_get_title (active);
  return _("Civic Desk");
}

static void
civic_briefing_view_dispose (GObject *object)
{
  CivicBriefingView *self = CIVIC_BRIEFING_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->recompute_id, g_source_remove);
  if (self->sync != NULL)
    g_clear_signal_handler (&self->sync_changed_id, self->sync);
  g_clear_object (&self->sync);
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_clear_object (&self->manager);
  g_clear_pointer (&self->briefing, civic_briefing_free);

  G_OBJECT_CLASS (civic_briefing_view_parent_class)->dispose (object);
}

static void
civic_briefing_view_class_init (CivicBriefingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = civic_briefing_view_dispose;

  signals[SHOW_CASES] = g_signal_new ("show-cases", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                      NULL, NULL, NULL, G_TYPE_NONE, 2,
                                      CIVIC_TYPE_CASE_FILTER | G_SIGNAL_TYPE_STATIC_SCOPE,
                                      G_TYPE_STRING);
  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-briefing-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CivicBriefingView, day_button);
  gtk_widget_class_bind_template_child (widget_class, CivicBriefingView, calendar);
  gtk_widget_class_bind_template_child (widget_class, CivicBriefingView, status_label);
  gtk_widget_class_bind_template_child (widget_class, CivicBriefingView, stack);
  gtk_widget_class_bind_template_child (widget_class, CivicBriefingView, title_label);
  gtk_widget_class_bind_template_child (widget_class, CivicBriefingView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, CivicBriefingView, cards_box);
  gtk_widget_class_bind_template_child (widget_class, CivicBriefingView, departments_grid);
  gtk_widget_class_bind_template_child (widget_class, CivicBriefingView, movers_list);
  gtk_widget_class_bind_template_child (widget_class, CivicBriefingView, hot_map);
  gtk_widget_class_bind_template_child (widget_class, CivicBriefingView, hot_list);
  gtk_widget_class_bind_template_child (widget_class, CivicBriefingView, trends_list);
  gtk_widget_class_bind_template_child (widget_class, CivicBriefingView, pinned_list);
  gtk_widget_class_bind_template_child (widget_class, CivicBriefingView, today_list);

  gtk_widget_class_install_action (widget_class, "briefing.previous-day", NULL, action_cb);
  gtk_widget_class_install_action (widget_class, "briefing.next-day", NULL, action_cb);
  gtk_widget_class_install_action (widget_class, "briefing.today", NULL, action_cb);
  gtk_widget_class_install_action (widget_class, "briefing.export-pdf", "s", action_cb);
  gtk_widget_class_install_action (widget_class, "briefing.export-csv", NULL, action_cb);
  gtk_widget_class_install_action (widget_class, "briefing.print", NULL, action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK, "briefing.previous-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK, "briefing.next-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "briefing.print", NULL);
}

static void
civic_briefing_view_init (CivicBriefingView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_date_clear (&self->day, 1);
  g_date_set_dmy (&self->day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  self->day_is_today = TRUE;
  update_day_button (self);
  update_actions (self);
  g_signal_connect (self->calendar, "day-selected", G_CALLBACK (day_selected_cb), self);
  g_signal_connect (self->movers_list, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_signal_connect (self->hot_list, "row-activated", G_CALLBACK (row_activated_cb), self);
  gtk_drawing_area_set_draw_func (self->hot_map, draw_hot_map, self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

GtkWidget *
civic_briefing_view_new (void)
{
  return g_object_new (CIVIC_TYPE_BRIEFING_VIEW, NULL);
}
