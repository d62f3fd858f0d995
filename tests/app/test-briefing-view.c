/* test-briefing-view.c: the briefing tab in a real window on a real
 * server's city; clicking a figure opens the queue filtered to exactly
 * that many cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "civic-briefing-export.h"
#include "civic-briefing-view.h"
#include "civic-test-util.h"
#include "civic-queue-view.h"
#include "civic-ui-test-util.h"

static CivicApplication *app;

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
updated_cb (CivicBriefingView *view,
            guint             *count)
{
  (*count)++;
}

static gboolean
counted (gpointer data)
{
  return *(guint *) data > 0;
}

typedef struct
{
  CivicQueueView *queue;
  guint           want;
} QueueWait;

static gboolean
queue_has (gpointer data)
{
  QueueWait *w = data;

  return g_list_model_get_n_items (G_LIST_MODEL (civic_queue_view_get_model (w->queue))) == w->want;
}

static gboolean
shows_queue (gpointer data)
{
  return g_strcmp0 (civic_window_get_view (data), "queue") == 0;
}

static void
click_figure (CivicWindow       *window,
              CivicBriefingView *view,
              CivicQueueView    *queue,
              const char        *name,
              gint64             want)
{
  GtkWidget *button = find_named (GTK_WIDGET (view), name);
  QueueWait w = { queue, (guint) want };

  g_assert_nonnull (button);
  g_assert_true (GTK_IS_BUTTON (button));
  civic_window_set_view (window, "briefing");
  /* as a keyboard user would: GTK emits "clicked" after the press shows */
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (civic_ui_test_wait (shows_queue, window, 5000));
  if (!civic_ui_test_wait (queue_has, &w, 10000))
    g_error ("%s: the queue lists %u cases, the figure says %" G_GINT64_FORMAT, name,
             g_list_model_get_n_items (G_LIST_MODEL (civic_queue_view_get_model (queue))), want);
}

static void
test_figure_filters_queue (void)
{
  CivicUiCity *city = civic_ui_city_new (3000);
  CivicConnectionManager *manager = civic_application_get_connection_manager (app);
  CivicWindow *window;
  CivicBriefingView *view;
  CivicQueueView *queue;
  const CivicBriefing *b;
  guint updates = 0;
  GDate today;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  g_assert_null (civic_ui_test_sign_in (window, civic_ui_city_url (city), "manager", "civicdesk-demo"));
  civic_ui_test_wait_idle (civic_connection_manager_get_sync (manager));

  view = CIVIC_BRIEFING_VIEW (adw_view_stack_get_child_by_name (civic_window_get_stack (window), "briefing"));
  queue = CIVIC_QUEUE_VIEW (adw_view_stack_get_child_by_name (civic_window_get_stack (window), "queue"));
  g_assert_nonnull (view);
  g_assert_nonnull (queue);
  civic_window_set_view (window, "briefing");

  /* today, on the replica as the sync left it */
  g_signal_connect (view, "updated", G_CALLBACK (updated_cb), &updates);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  civic_briefing_view_set_day (view, &today);
  g_assert_true (civic_ui_test_wait (counted, &updates, 20000));
  b = civic_briefing_view_get_briefing (view);
  g_assert_nonnull (b);
  g_test_message ("today: new %" G_GINT64_FORMAT ", closed %" G_GINT64_FORMAT ", backlog %" G_GINT64_FORMAT
                  ", overdue %" G_GINT64_FORMAT, b->counts.n_new, b->counts.n_closed,
                  b->counts.n_backlog, b->counts.n_overdue);
  /* the demo city has work overdue; a test that cannot fail would not */
  g_assert_cmpint (b->counts.n_overdue, >, 0);
  g_assert_cmpint (b->counts.n_backlog, >, b->counts.n_overdue);
  civic_ui_test_shoot (GTK_WIDGET (window), "briefing-view");

  /* printing goes through GtkPrintOperation and the PDF's page drawing:
   * sent to a file, it has the city and the day on every page */
  {
    g_autofree char *dir = civic_test_mkdtemp ();
    g_autofree char *path = g_build_filename (dir, "printed.pdf", NULL);
    g_autofree char *cmd = g_strdup_printf ("pdftotext '%s' -", path);
    g_autofree char *text = NULL;
    g_autoptr(GError) error = NULL;
    char day_text[64];
    int status = 0;

    g_assert_true (civic_briefing_print_to_file (view, path, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_command_line_sync (cmd, &text, NULL, &status, NULL));
    g_assert_cmpint (status, ==, 0);
    g_date_strftime (day_text, sizeof day_text, "%-d %B %Y", &today);
    g_assert_nonnull (strstr (text, day_text));
    g_assert_nonnull (strstr (text, civic_briefing_view_get_city (view)));
    g_assert_nonnull (strstr (text, "Page 1 of"));
    g_assert_nonnull (strstr (text, "Departments"));
    civic_test_rm_rf (dir);
  }

  {
    gint64 overdue = b->counts.n_overdue, backlog = b->counts.n_backlog;

    click_figure (window, view, queue, "figure-overdue", overdue);
    civic_ui_test_shoot (GTK_WIDGET (window), "briefing-overdue-in-queue");
    b = civic_briefing_view_get_briefing (view);
    click_figure (window, view, queue, "figure-backlog", backlog);
  }
  b = civic_briefing_view_get_briefing (view);
  if (b->counts.n_new > 0)
    click_figure (window, view, queue, "figure-new", b->counts.n_new);

  /* the filter bar's reset brings the whole queue back */
  civic_queue_filter_reset (civic_queue_view_get_filter (queue));
  g_assert_cmpint (civic_queue_filter_get (civic_queue_view_get_filter (queue))->open_at, ==, 0);

  civic_ui_test_window_close (window);
  civic_ui_city_free (city);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = civic_ui_test_init (&argc, &argv);
  g_test_add_func ("/app/briefing/figure-filters-queue", test_figure_filters_queue);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
