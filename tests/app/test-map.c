/* test-map.c: the case map on a real store file in a real window
 *
 * The map and the queue share one filter and are wired as the main window
 * wires them. What the map drew is checked against SQL run on the same
 * file through a separate sqlite3 connection, and against the pixels of
 * a rendered frame. No tile server is reachable here (the template points
 * at a closed port), which is the offline path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>

#include "civic-case-layer.h"
#include "civic-case-marks.h"
#include "civic-map-queue.h"
#include "civic-map-view.h"
#include "civic-queue-view.h"
#include "civic-ui-test-input.h"
#include "civic-ui-test-util.h"

#define N_CASES 3000

static CivicApplication *app;

typedef struct
{
  char           *dir;
  char           *path;
  CivicStore     *store;
  GSettings      *settings;
  GtkWindow      *window;
  CivicQueueView *queue;
  CivicMapView   *map;
  sqlite3        *db;
  guint           frames;
} Fixture;

static gint64
sql_int (Fixture    *f,
         const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}


static void
after_paint_cb (GdkFrameClock *clock,
                Fixture       *f)
{
  f->frames++;
}

/* until the map has painted a frame after now */
static void
wait_frame (Fixture *f)
{
  guint start = f->frames;
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (GTK_WIDGET (civic_map_view_get_layer (f->map)));
  while (f->frames == start && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (f->frames, >, start);
}

static gboolean
loaded (gpointer data)
{
  Fixture *f = data;

  return !civic_map_view_is_loading (f->map) &&
         civic_case_layer_get_index (civic_map_view_get_layer (f->map)) != NULL;
}

static void
wait_loaded (Fixture *f)
{
  g_assert_true (civic_ui_test_wait (loaded, f, 10000));
  /* let a go-to of the start view settle */
  civic_ui_test_iterate (100);
  wait_frame (f);
}

static void
case_activated_cb (CivicMapView   *map,
                   const char     *request_id,
                   CivicQueueView *queue)
{
  civic_queue_view_open_case (queue, request_id);
}

static void
selection_changed_cb (CivicMapView   *map,
                      CivicQueueView *queue)
{
  civic_map_select_in_queue (queue, civic_map_view_get_selected_ids (map));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache = NULL;
  GtkWidget *paned;

  f->dir = g_dir_make_tmp ("test-map-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "replica.db", NULL);
  cache = g_build_filename (f->dir, "tiles", NULL);
  g_setenv ("CIVIC_TILE_CACHE_DIR", cache, TRUE);
  f->store = civic_store_open (f->path, &error);
  g_assert_no_error (error);

  civic_ui_test_fill_store (f->store, 7, N_CASES);
  g_assert_cmpint (sqlite3_open_v2 (f->path, &f->db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);

  civic_ui_test_reset_settings (app);
  f->settings = g_settings_new ("org.civicdesk.CivicDesk");
  /* nothing listens there: every tile fails, as on a machine offline */
  g_settings_set_string (f->settings, "tile-url-template", "http://127.0.0.1:9/{z}/{x}/{y}.png");

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1400, 800);
  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  f->queue = CIVIC_QUEUE_VIEW (civic_queue_view_new ());
  f->map = CIVIC_MAP_VIEW (civic_map_view_new ());
  gtk_paned_set_start_child (GTK_PANED (paned), GTK_WIDGET (f->queue));
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (f->map));
  gtk_paned_set_position (GTK_PANED (paned), 500);
  gtk_window_set_child (f->window, paned);

  /* as civic-window.c wires them */
  civic_queue_view_set_store (f->queue, f->store, NULL);
  civic_map_view_set_settings (f->map, f->settings);
  civic_map_view_set_filter (f->map, civic_queue_view_get_filter (f->queue));
  civic_map_view_set_store (f->map, f->store, NULL);
  g_signal_connect (f->map, "case-activated", G_CALLBACK (case_activated_cb), f->queue);
  g_signal_connect (f->map, "selection-changed", G_CALLBACK (selection_changed_cb), f->queue);

  gtk_window_present (f->window);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (f->window)), "after-paint",
                    G_CALLBACK (after_paint_cb), f);
  wait_loaded (f);
  /* the start view fits the extent of the cases */
  civic_map_view_fit_cases (f->map);
  civic_ui_test_iterate (100);
  wait_frame (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (GTK_WIDGET (f->window)),
                                        after_paint_cb, f);
  gtk_window_destroy (f->window);
  civic_ui_test_iterate (50);
  sqlite3_close (f->db);
  g_clear_object (&f->store);
  g_clear_object (&f->settings);
  {
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

    g_unlink (f->path);
    g_unlink (wal);
    g_unlink (shm);
  }
  /* the tile cache folder may hold a database of its own */
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
  g_free (f->path);
  g_free (f->dir);
}

/* The case layer alone, rendered: transparent wherever it drew nothing;
 * NULL when it drew nothing at all. */
static GdkTexture *
render_layer (Fixture *f)
{
  GtkWidget *layer = GTK_WIDGET (civic_map_view_get_layer (f->map));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (layer);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (layer));

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (layer), gtk_widget_get_height (layer));
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return NULL;
  return gsk_renderer_render_texture (renderer, node,
                                      &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (layer),
                                                           gtk_widget_get_height (layer)));
}

/* pixels whose colour is within @tolerance of @rgba (opaque), and
 * pixels with any alpha at all */
static void
count_pixels (GdkTexture    *texture,
              const GdkRGBA *rgba,
              guint         *matching,
              guint         *painted)
{
  int w = texture != NULL ? gdk_texture_get_width (texture) : 0;
  int h = texture != NULL ? gdk_texture_get_height (texture) : 0;
  g_autofree guint8 *data = NULL;

  *matching = *painted = 0;
  if (texture == NULL)
    return;
  data = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (texture, data, w * 4);
  for (int i = 0; i < w * h; i++)
    {
      /* B G R A, premultiplied */
      guint8 b = data[i * 4], g = data[i * 4 + 1], r = data[i * 4 + 2], a = data[i * 4 + 3];

      if (a > 0)
        (*painted)++;
      if (rgba != NULL && a == 255 &&
          fabs (r / 255.0 - rgba->red) < 0.04 && fabs (g / 255.0 - rgba->green) < 0.04 &&
          fabs (b / 255.0 - rgba->blue) < 0.04)
        (*matching)++;
    }
}

/* the widget point of a case, at the current view */
static void
case_point (Fixture *f,
            gint64   id,
            double  *x,
            double  *y)
{
  g_autoptr(CivicCase) kase = civic_store_get_case_by_id (f->store, id, NULL);
  double wx, wy;

  g_assert_nonnull (kase);
  civic_world_from_location (civic_case_get_lat (kase), civic_case_get_long (kase), &wx, &wy);
  civic_case_layer_from_world (civic_map_view_get_layer (f->map), wx, wy, x, y);
}

static void
test_click_opens_case (Fixture       *f,
                       gconstpointer  data)
{
  ShumateMap *map = civic_map_view_get_map (f->map);
  g_autoptr(CivicCase) kase = NULL;
  gint64 id;
  double x, y, lat, lon;
  const char *open;

  /* a known case: the newest one, at street zoom so it is a point of its own */
  id = sql_int (f, "SELECT max(id) FROM cases");
  kase = civic_store_get_case_by_id (f->store, id, NULL);
  lat = civic_case_get_lat (kase);
  lon = civic_case_get_long (kase);
  shumate_viewport_set_zoom_level (shumate_map_get_viewport (map), 19);
  shumate_map_center_on (map, lat, lon);
  wait_frame (f);
  case_point (f, id, &x, &y);
  civic_ui_test_shoot (GTK_WIDGET (f->window), "map-street");
  /* a few pixels off, as a hand would click */
  g_assert_true (civic_ui_test_pointer_click (GTK_WIDGET (civic_map_view_get_layer (f->map)), x + 2, y - 2, 0));
  open = civic_queue_view_get_open_case (f->queue);
  g_assert_cmpstr (open, ==, civic_case_get_service_request_id (kase));

  /* nothing where there are no cases */
  shumate_map_center_on (map, lat + 10, lon + 10);
  wait_frame (f);
  g_assert_false (civic_map_view_activate_at (f->map, 100, 100));
}

static double zoom_target;

static gboolean
zoomed_in (gpointer data)
{
  return fabs (shumate_viewport_get_zoom_level (data) - zoom_target) < 1e-6;
}

static void
test_cluster_click_zooms (Fixture       *f,
                          gconstpointer  data)
{
  ShumateViewport *viewport = shumate_map_get_viewport (civic_map_view_get_map (f->map));
  const CivicCaseIndex *index = civic_case_layer_get_index (civic_map_view_get_layer (f->map));
  double zoom = shumate_viewport_get_zoom_level (viewport);
  int level = CLAMP ((int) floor (zoom) + CIVIC_CASE_LAYER_CLUSTER_LEVELS, 0, CIVIC_INDEX_LEVELS);
  const CivicCluster *biggest = NULL;
  double x, y;

  g_assert_cmpfloat (zoom, <, CIVIC_CASE_LAYER_POINT_ZOOM);
  for (guint i = 0; i < index->n_clusters[level]; i++)
    if (biggest == NULL || index->clusters[level][i].count > biggest->count)
      biggest = &index->clusters[level][i];
  g_assert_nonnull (biggest);
  if (biggest == NULL)
    return;
  g_assert_cmpuint (biggest->count, >, 1);
  civic_case_layer_from_world (civic_map_view_get_layer (f->map), biggest->x, biggest->y, &x, &y);
  zoom_target = floor (zoom) + 2;
  g_assert_true (civic_ui_test_pointer_click (GTK_WIDGET (civic_map_view_get_layer (f->map)), x, y, 0));
  /* the map flies there: wait for it to land closer */
  g_assert_true (civic_ui_test_wait (zoomed_in, viewport, 10000));
  g_assert_cmpfloat_with_epsilon (shumate_viewport_get_zoom_level (viewport), floor (zoom) + 2, 1e-6);
}

/* In the heat map a click on a warm spot zooms into it, as a cluster
 * would; it opens no case, and a click where there are none does nothing.
 * The click gives the map the keys (Ctrl+minus, Ctrl+plus zoom), and the
 * zoom buttons sit with the map's other tools. */
static void
test_heat_click_zooms (Fixture       *f,
                       gconstpointer  data)
{
  ShumateViewport *viewport = shumate_map_get_viewport (civic_map_view_get_map (f->map));
  CivicCaseLayer *layer = civic_map_view_get_layer (f->map);
  const CivicCaseIndex *index = civic_case_layer_get_index (layer);
  double zoom = shumate_viewport_get_zoom_level (viewport);
  int level = CLAMP ((int) floor (zoom) + CIVIC_CASE_LAYER_CLUSTER_LEVELS, 0, CIVIC_INDEX_LEVELS);
  const CivicCluster *biggest = NULL;
  GtkWidget *zoom_in, *zoom_out;
  double x, y;

  g_settings_set_boolean (f->settings, "map-heat", TRUE);
  wait_frame (f);
  for (guint i = 0; i < index->n_clusters[level]; i++)
    if (biggest == NULL || index->clusters[level][i].count > biggest->count)
      biggest = &index->clusters[level][i];
  g_assert_nonnull (biggest);
  if (biggest == NULL)
    return;
  civic_case_layer_from_world (layer, biggest->x, biggest->y, &x, &y);
  g_assert_false (civic_map_view_activate_at (f->map, 3, gtk_widget_get_height (GTK_WIDGET (layer)) - 3));
  zoom_target = floor (zoom) + 2;
  g_assert_true (civic_ui_test_pointer_click (GTK_WIDGET (layer), x, y, 0));
  g_assert_null (civic_queue_view_get_open_case (f->queue));
  g_assert_true (civic_ui_test_wait (zoomed_in, viewport, 10000));

  /* the click gave the map the keys */
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (civic_map_view_get_map (f->map))));
  zoom_target = floor (zoom) + 1;
  g_assert_true (civic_ui_test_key (GTK_WIDGET (layer), GDK_KEY_minus, GDK_CONTROL_MASK));
  g_assert_true (civic_ui_test_wait (zoomed_in, viewport, 10000));
  zoom_target = floor (zoom) + 2;
  g_assert_true (civic_ui_test_key (GTK_WIDGET (layer), GDK_KEY_equal, GDK_CONTROL_MASK));
  g_assert_true (civic_ui_test_wait (zoomed_in, viewport, 10000));

  zoom_in = civic_ui_test_find_button (GTK_WIDGET (f->map), "Zoom in");
  zoom_out = civic_ui_test_find_button (GTK_WIDGET (f->map), "Zoom out");
  g_assert_nonnull (zoom_in);
  g_assert_nonnull (zoom_out);
  zoom_target = floor (zoom) + 3;
  g_signal_emit_by_name (zoom_in, "clicked");
  g_assert_true (civic_ui_test_wait (zoomed_in, viewport, 10000));
  zoom_target = floor (zoom) + 2;
  g_signal_emit_by_name (zoom_out, "clicked");
  g_assert_true (civic_ui_test_wait (zoomed_in, viewport, 10000));
}

static void
test_filter_changes_drawn_count (Fixture       *f,
                                 gconstpointer  data)
{
  CivicQueueFilter *filter = civic_queue_view_get_filter (f->queue);
  CivicCaseLayer *layer = civic_map_view_get_layer (f->map);
  CivicCaseFilter only_new = { 0 };
  gint64 all, open, fresh;

  /* the queue starts on the open cases, and so does the map */
  open = sql_int (f, "SELECT count(*) FROM cases WHERE state <> 4 AND lat IS NOT NULL AND lon IS NOT NULL");
  all = sql_int (f, "SELECT count(*) FROM cases WHERE lat IS NOT NULL AND lon IS NOT NULL");
  g_assert_cmpint (open, >, 0);
  g_assert_cmpint (open, <, all);
  g_assert_cmpuint (civic_case_layer_get_drawn_cases (layer), ==, open);

  /* the queue's filter: the map follows */
  only_new.states = CIVIC_CASE_STATE_BIT (CIVIC_CASE_STATE_IN_PROGRESS);
  civic_queue_filter_set (filter, &only_new);
  wait_loaded (f);
  civic_map_view_fit_cases (f->map);
  civic_ui_test_iterate (100);
  wait_frame (f);
  fresh = sql_int (f, "SELECT count(*) FROM cases WHERE state = 2 AND lat IS NOT NULL AND lon IS NOT NULL");
  g_assert_cmpint (fresh, >, 0);
  g_assert_cmpint (fresh, <, open);
  g_assert_cmpuint (civic_case_layer_get_drawn_cases (layer), ==, fresh);
  /* and the queue lists the same cases */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (civic_queue_view_get_model (f->queue))), ==, fresh);

  civic_queue_filter_reset (filter);
  wait_loaded (f);
  civic_map_view_fit_cases (f->map);
  civic_ui_test_iterate (100);
  wait_frame (f);
  g_assert_cmpuint (civic_case_layer_get_drawn_cases (layer), ==, all);
}

static void
test_box_selects_cases (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *layer = GTK_WIDGET (civic_map_view_get_layer (f->map));
  GtkSelectionModel *selection = civic_queue_view_get_selection (f->queue);
  int w = gtk_widget_get_width (layer), h = gtk_widget_get_height (layer);
  double x0 = w * 0.35, y0 = h * 0.3, x1 = w * 0.6, y1 = h * 0.65;
  double wx0, wy0, wx1, wy1, lat0, lon0, lat1, lon1;
  g_autofree char *sql = NULL;
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  CivicCaseListModel *model = civic_queue_view_get_model (f->queue);
  sqlite3_stmt *stmt;
  guint n;

  civic_case_layer_to_world (CIVIC_CASE_LAYER (layer), x0, y0, &wx0, &wy0);
  civic_case_layer_to_world (CIVIC_CASE_LAYER (layer), x1, y1, &wx1, &wy1);
  civic_world_to_location (wx0, wy0, &lat0, &lon0);
  civic_world_to_location (wx1, wy1, &lat1, &lon1);

  n = civic_map_view_select_box (f->map, x0, y0, x1, y1);
  g_assert_cmpuint (n, >, 0);

  /* SQL's answer: the queue's open cases in a latitude/longitude range
   * (y grows southwards) */
  sql = g_strdup_printf ("SELECT id FROM cases WHERE state <> 4 AND lat BETWEEN %.12f AND %.12f AND lon BETWEEN %.12f AND %.12f",
                         lat1, lat0, lon0, lon1);
  g_assert_cmpint (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);

      *id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_add (expected, id);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (g_hash_table_size (expected), ==, n);
  g_assert_cmpuint (g_hash_table_size (expected), <, N_CASES);

  /* exactly those are selected in the queue */
  selected = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, n);
  for (guint i = 0; i < gtk_bitset_get_size (selected); i++)
    {
      gint64 id = civic_case_list_model_get_id (model, gtk_bitset_get_nth (selected, i));

      g_assert_true (g_hash_table_contains (expected, &id));
    }
  g_hash_table_foreach (expected, (GHFunc) g_free, NULL);
}

static gboolean
tiles_failed (gpointer data)
{
  return !civic_map_view_get_tiles_available (data);
}

static void
test_offline_draws_points (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GdkTexture) texture = NULL;
  GdkRGBA colors[CIVIC_N_MARKS];
  guint painted = 0, matching = 0;

  /* the tiles could not be fetched, and the map says so */
  g_assert_true (civic_ui_test_wait (tiles_failed, f->map, 20000));
  wait_frame (f);

  /* … and still draws the cases: pixels in the marks' own colours */
  texture = render_layer (f);
  g_assert_nonnull (texture);
  for (int m = 0; m < CIVIC_N_MARKS; m++)
    {
      guint n, p;

      civic_mark_color (m, &colors[m]);
      count_pixels (texture, &colors[m], &n, &p);
      matching += n;
      painted = p;
    }
  g_test_message ("offline: %u painted pixels, %u in mark colours", painted, matching);
  g_assert_cmpuint (civic_case_layer_get_drawn_marks (civic_map_view_get_layer (f->map)), >, 0);
  g_assert_cmpuint (matching, >, 200);
}

static void
test_heat_map_draws (Fixture       *f,
                     gconstpointer  data)
{
  CivicCaseLayer *layer = civic_map_view_get_layer (f->map);
  g_autoptr(GdkTexture) marks = NULL;
  g_autoptr(GdkTexture) heat = NULL;
  g_autoptr(GdkTexture) empty = NULL;
  GdkRGBA new_color;
  guint painted_marks, painted_heat, painted_empty, matching;

  marks = render_layer (f);
  g_assert_nonnull (marks);
  count_pixels (marks, NULL, &matching, &painted_marks);

  g_settings_set_boolean (f->settings, "map-heat", TRUE);
  g_assert_true (civic_case_layer_get_heat_map (layer));
  wait_frame (f);
  g_assert_cmpuint (civic_case_layer_get_drawn_marks (layer), ==, 0);
  g_assert_cmpuint (civic_case_layer_get_heat_cells (layer), >, 10);
  heat = render_layer (f);
  g_assert_nonnull (heat);
  civic_ui_test_shoot (GTK_WIDGET (f->window), "map-heat");
  count_pixels (heat, NULL, &matching, &painted_heat);
  /* a heat map covers areas, not dots: far more pixels than the marks */
  g_test_message ("marks paint %u pixels, the heat map %u", painted_marks, painted_heat);
  g_assert_cmpuint (painted_heat, >, painted_marks);
  /* and no mark colour survives in it */
  civic_mark_color (CIVIC_MARK_NEW, &new_color);
  count_pixels (heat, &new_color, &matching, &painted_heat);
  g_assert_cmpuint (matching, <, 10);

  /* away from the city it draws nothing */
  shumate_map_center_on (civic_map_view_get_map (f->map), -40, -100);
  wait_frame (f);
  empty = render_layer (f);
  count_pixels (empty, NULL, &matching, &painted_empty);
  g_assert_cmpuint (painted_empty, ==, 0);
  g_assert_cmpuint (civic_case_layer_get_heat_cells (layer), ==, 0);
}

static void
test_show_case_centres (Fixture       *f,
                        gconstpointer  data)
{
  CivicCaseLayer *layer = civic_map_view_get_layer (f->map);
  g_autoptr(CivicCase) kase = NULL;
  gint64 id = sql_int (f, "SELECT min(id) FROM cases");
  double x, y;

  kase = civic_store_get_case_by_id (f->store, id, NULL);
  g_assert_true (civic_map_view_show_case (f->map, civic_case_get_service_request_id (kase)));
  civic_ui_test_iterate (100);
  wait_frame (f);
  g_assert_cmpint (civic_case_layer_get_highlight (layer), ==, id);
  case_point (f, id, &x, &y);
  g_assert_cmpfloat (fabs (x - gtk_widget_get_width (GTK_WIDGET (layer)) / 2.0), <, 2);
  g_assert_cmpfloat (fabs (y - gtk_widget_get_height (GTK_WIDGET (layer)) / 2.0), <, 2);
  g_assert_false (civic_map_view_show_case (f->map, "no-such-case"));
}

int
main (int    argc,
      char **argv)
{
  app = civic_ui_test_init (&argc, &argv);

  g_test_add ("/map/click-opens-case", Fixture, NULL, fixture_set_up, test_click_opens_case, fixture_tear_down);
  g_test_add ("/map/cluster-click-zooms", Fixture, NULL, fixture_set_up, test_cluster_click_zooms, fixture_tear_down);
  g_test_add ("/map/heat-click-zooms", Fixture, NULL, fixture_set_up, test_heat_click_zooms, fixture_tear_down);
  g_test_add ("/map/filter-changes-drawn-count", Fixture, NULL, fixture_set_up, test_filter_changes_drawn_count, fixture_tear_down);
  g_test_add ("/map/box-selects-cases", Fixture, NULL, fixture_set_up, test_box_selects_cases, fixture_tear_down);
  g_test_add ("/map/offline-draws-points", Fixture, NULL, fixture_set_up, test_offline_draws_points, fixture_tear_down);
  g_test_add ("/map/heat-map-draws", Fixture, NULL, fixture_set_up, test_heat_map_draws, fixture_tear_down);
  g_test_add ("/map/show-case-centres", Fixture, NULL, fixture_set_up, test_show_case_centres, fixture_tear_down);

  return g_test_run ();
}
