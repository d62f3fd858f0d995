/* civic-screenshot.c: render every view of a window to PNG files
 *
 * Used by `civicdesk --screenshot DIR` (tools/screenshot). Waits until the
 * window is on screen and settled — a sign-in in progress has finished and
 * the sync engine is past connecting and its first sync — so the header
 * bar shows a real state; then for each view: switch, wait for the frame
 * that paints it, render the window with its own renderer and save
 * DIR/<view>.png. With no connection the window shows the first-run page,
 * saved as DIR/setup.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "civic-map-view.h"
#include "civic-screenshot.h"

#include "civic-briefing-view.h"

#define SETTLE_TIMEOUT_SECONDS 30

typedef struct
{
  CivicWindow            *window;
  CivicConnectionManager *manager;
  const char * const     *views;
  guint                   n_views;
  char                   *directory;
  guint                   next_view;
  guint                   poll_id;
  gulong                  paint_handler;
  GdkFrameClock          *frame_clock;
  guint                   timeout_id;
  gboolean                started;
  guint                   retries;
} Run;

static const char * const desk_views[] = { "queue", "map", "feed", "briefing" };
static const char * const setup_views[] = { "setup" };

static void after_paint_cb (GdkFrameClock *frame_clock,
                            GTask         *task);

static void shoot_next (GTask *task);

/* Drops the reference taken by civic_screenshot_run_async(): the run is
 * over, whatever still points at it must stop doing so first. */
static void
complete (GTask  *task,
          GError *error)
{
  Run *run = g_task_get_task_data (task);

  run->started = TRUE;
  g_clear_handle_id (&run->poll_id, g_source_remove);
  if (run->frame_clock != NULL)
    g_clear_signal_handler (&run->paint_handler, run->frame_clock);
  g_clear_handle_id (&run->timeout_id, g_source_remove);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
run_free (gpointer data)
{
  Run *run = data;

  g_clear_handle_id (&run->poll_id, g_source_remove);
  if (run->frame_clock != NULL)
    g_clear_signal_handler (&run->paint_handler, run->frame_clock);
  g_clear_object (&run->frame_clock);
  g_clear_handle_id (&run->timeout_id, g_source_remove);
  g_clear_object (&run->window);
  g_clear_object (&run->manager);
  g_clear_pointer (&run->directory, g_free);
  g_free (run);
}

/* Any native widget (a window, a dialog, an open popover) as PNG: also
 * for tests that want to show a state no --screenshot run reaches. */
gboolean
civic_screenshot_save_window (GtkWidget  *widget,
                              const char *path,
                              GError    **error)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;

  g_return_val_if_fail (GTK_IS_NATIVE (widget), FALSE);

  renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  if (width <= 0 || height <= 0 || renderer == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "the window is not realized (%d×%d)", width, height);
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                   "the window drew nothing");
      return FALSE;
    }

  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "cannot write %s", path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
shoot_idle_cb (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autofree char *name = g_strconcat (run->views[run->next_view], ".png", NULL);
  g_autofree char *path = g_build_filename (run->directory, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!civic_screenshot_save_window (GTK_WIDGET (run->window), path, &error))
    {
      /* Under load the first frame after a switch may not have drawn the
       * window yet: wait for the next one rather than fail. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING) && run->retries++ < 50)
        {
          run->paint_handler = g_signal_connect (run->frame_clock, "after-paint",
                                                 G_CALLBACK (after_paint_cb), task);
          gtk_widget_queue_draw (GTK_WIDGET (run->window));
          return G_SOURCE_REMOVE;
        }
      complete (task, g_steal_pointer (&error));
      return G_SOURCE_REMOVE;
    }

  run->next_view++;
  shoot_next (task);

  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                GTask         *task)
{
  Run *run = g_task_get_task_data (task);

  g_clear_signal_handler (&run->paint_handler, frame_clock);
  /* render outside the paint cycle, once this frame is done */
  g_idle_add_full (G_PRIORITY_LOW, shoot_idle_cb, g_object_ref (task), NULL);
}

static gboolean
shoot_next_cb (gpointer task)
{
  shoot_next (task);
  return G_SOURCE_REMOVE;
}

static void
shoot_next (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  GtkWidget *map;

  if (run->next_view == run->n_views)
    {
      complete (task, NULL);
      return;
    }
  /* the map reads its cases off the main thread: shoot them, not the wait */
  map = adw_view_stack_get_child_by_name (civic_window_get_stack (run->window), "map");
  if (g_strcmp0 (run->views[run->next_view], "map") == 0 && CIVIC_IS_MAP_VIEW (map) &&
      civic_map_view_is_loading (CIVIC_MAP_VIEW (map)))
    {
      g_timeout_add_full (G_PRIORITY_DEFAULT, 100, shoot_next_cb, g_object_ref (task), g_object_unref);
      return;
    }

  civic_window_set_view (run->window, run->views[run->next_view]);
  run->paint_handler = g_signal_connect (run->frame_clock, "after-paint",
                                         G_CALLBACK (after_paint_cb), task);
  gtk_widget_queue_draw (GTK_WIDGET (run->window));
}

static gboolean
settled (Run *run)
{
  CivicSync *sync = civic_connection_manager_get_sync (run->manager);
  CivicSyncState state;

  if (!gtk_widget_get_mapped (GTK_WIDGET (run->window)))
    return FALSE;
  if (g_strcmp0 (civic_window_get_page (run->window), "setup") == 0)
    return !civic_setup_page_get_busy (civic_window_get_setup_page (run->window));
  if (sync == NULL)
    return TRUE;

  state = civic_sync_get_state (sync);
  if (state == CIVIC_SYNC_STATE_CONNECTING || state == CIVIC_SYNC_STATE_SYNCING)
    return FALSE;
  /* the briefing counts on a worker after the sync: shoot its figures */
  {
    GtkWidget *briefing = adw_view_stack_get_child_by_name (civic_window_get_stack (run->window), "briefing");

    if (CIVIC_IS_BRIEFING_VIEW (briefing) && civic_briefing_view_is_busy (CIVIC_BRIEFING_VIEW (briefing)))
      return FALSE;
  }
  return TRUE;
}

/* Polled: the page, the sign-in and the engine all move on their own, and
 * a tenth of a second does not matter to a screenshot. */
static gboolean
poll_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  if (run->started || !settled (run))
    return G_SOURCE_CONTINUE;

  run->poll_id = 0;
  run->started = TRUE;
  g_clear_handle_id (&run->timeout_id, g_source_remove);
  if (g_strcmp0 (civic_window_get_page (run->window), "setup") == 0)
    {
      run->views = setup_views;
      run->n_views = G_N_ELEMENTS (setup_views);
    }
  run->frame_clock = g_object_ref (gtk_widget_get_frame_clock (GTK_WIDGET (run->window)));
  shoot_next (task);
  return G_SOURCE_REMOVE;
}

static gboolean
settle_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  run->timeout_id = 0;
  complete (task, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               "the window was not shown or the sign-in or first sync did not settle within %d s",
                               SETTLE_TIMEOUT_SECONDS));
  return G_SOURCE_REMOVE;
}

void
civic_screenshot_run_async (CivicWindow             *window,
                            CivicConnectionManager  *manager,
                            const char              *directory,
                            GCancellable            *cancellable,
                            GAsyncReadyCallback      callback,
                            gpointer                 user_data)
{
  GTask *task;
  Run *run;

  g_return_if_fail (CIVIC_IS_WINDOW (window));
  g_return_if_fail (CIVIC_IS_CONNECTION_MANAGER (manager));
  g_return_if_fail (directory != NULL);

  task = g_task_new (window, cancellable, callback, user_data);
  g_task_set_source_tag (task, civic_screenshot_run_async);

  /* the view switcher's highlight fades in: a frame taken right after a
   * switch would show the old view's button still lit */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  run = g_new0 (Run, 1);
  run->window = g_object_ref (window);
  run->manager = g_object_ref (manager);
  run->views = desk_views;
  run->n_views = G_N_ELEMENTS (desk_views);
  run->directory = g_strdup (directory);
  g_task_set_task_data (task, run, run_free);

  if (g_mkdir_with_parents (directory, 0755) != 0)
    {
      int saved_errno = errno;

      complete (task, g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                   "cannot create %s: %s", directory, g_strerror (saved_errno)));
      return;
    }

  /* the task's own reference is dropped by complete(); signal handlers
   * and the timeout borrow it and are disconnected there */
  run->poll_id = g_timeout_add (100, poll_cb, task);
  run->timeout_id = g_timeout_add_seconds (SETTLE_TIMEOUT_SECONDS, settle_timeout_cb, task);
}

gboolean
civic_screenshot_run_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == civic_screenshot_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
