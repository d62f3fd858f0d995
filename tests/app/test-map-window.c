/* test-map-window.c: the map as the main window wires it
 *
 * A desk signed in to a real civicdesk-server: the map shares the queue's
 * filter object, a click on a case's point turns to the queue with that
 * case open, a box selection becomes the queue's selection, and "Show on
 * Map" from a case turns to the map centred on it. The click and the
 * Shift-drag are real pointer events through the X server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <math.h>

#include "civic-case-layer.h"
#include "civic-map-view.h"
#include "civic-queue-view.h"
#include "civic-ui-test-input.h"
#include "civic-ui-test-util.h"

static CivicApplication *app;

static CivicMapView *
map_view (CivicWindow *window)
{
  return CIVIC_MAP_VIEW (adw_view_stack_get_child_by_name (civic_window_get_stack (window), "map"));
}

static CivicQueueView *
queue_view (CivicWindow *window)
{
  return CIVIC_QUEUE_VIEW (adw_view_stack_get_child_by_name (civic_window_get_stack (window), "queue"));
}

static gboolean
loaded (gpointer data)
{
  CivicMapView *map = data;

  return !civic_map_view_is_loading (map) &&
         civic_case_layer_get_index (civic_map_view_get_layer (map)) != NULL &&
         civic_case_layer_get_index (civic_map_view_get_layer (map))->n_points > 0;
}


static void
test_window_wiring (void)
{
  CivicUiCity *city = civic_ui_city_new (40);
  CivicConnectionManager *manager = civic_application_get_connection_manager (app);
  CivicWindow *window;
  CivicMapView *map;
  CivicQueueView *queue;
  CivicStore *store;
  const CivicCaseIndex *index;
  g_autoptr(CivicCase) kase = NULL;
  GtkSelectionModel *selection;
  double x, y;
  guint n;

  civic_ui_test_reset_settings (app);
  g_setenv ("CIVIC_TILE_CACHE_DIR", city->dir, TRUE);
  window = civic_ui_test_window_new (app);
  g_assert_null (civic_ui_test_sign_in (window, civic_ui_city_url (city), "advocate", "civicdesk-demo"));
  civic_ui_test_wait_idle (civic_connection_manager_get_sync (manager));
  store = civic_connection_manager_get_store (manager);
  map = map_view (window);
  queue = queue_view (window);

  civic_window_set_view (window, "map");
  g_assert_true (civic_ui_test_wait (loaded, map, 10000));
  civic_ui_test_iterate (200);

  /* one filter object for both */
  g_object_set (civic_queue_view_get_filter (queue), "states", 0u, NULL);
  g_assert_true (civic_ui_test_wait (loaded, map, 10000));
  index = civic_case_layer_get_index (civic_map_view_get_layer (map));
  g_assert_cmpuint (index->n_points, ==,
                    g_list_model_get_n_items (G_LIST_MODEL (civic_queue_view_get_model (queue))));

  /* show on map, as the case detail's button does */
  kase = civic_store_get_case_by_id (store, index->id[0], NULL);
  g_assert_nonnull (kase);
  gtk_widget_activate_action (GTK_WIDGET (queue), "win.show-on-map", "s",
                              civic_case_get_service_request_id (kase));
  g_assert_cmpstr (civic_window_get_view (window), ==, "map");
  civic_ui_test_iterate (200);
  g_assert_cmpint (civic_case_layer_get_highlight (civic_map_view_get_layer (map)), ==, index->id[0]);

  /* a click on that case's point: the queue, with the case open */
  {
    double wx, wy;

    civic_world_from_location (civic_case_get_lat (kase), civic_case_get_long (kase), &wx, &wy);
    civic_case_layer_from_world (civic_map_view_get_layer (map), wx, wy, &x, &y);
  }
  g_assert_true (civic_ui_test_pointer_click (GTK_WIDGET (civic_map_view_get_layer (map)), x, y, 0));
  g_assert_cmpstr (civic_window_get_view (window), ==, "queue");
  g_assert_cmpstr (civic_queue_view_get_open_case (queue), ==, civic_case_get_service_request_id (kase));

  /* a box around it: the queue's selection holds exactly the cases inside */
  civic_window_set_view (window, "map");
  civic_ui_test_iterate (100);
  g_assert_true (civic_ui_test_pointer_drag (GTK_WIDGET (civic_map_view_get_layer (map)),
                                             x - 30, y - 30, x + 30, y + 30, GDK_SHIFT_MASK));
  g_assert_cmpstr (civic_window_get_view (window), ==, "queue");
  selection = civic_queue_view_get_selection (queue);
  {
    g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);
    GArray *ids = civic_map_view_get_selected_ids (map);

    n = ids->len;
    g_assert_cmpuint (n, >=, 1);
    /* exactly the cases in the box, by the store's own coordinates */
    for (guint j = 0; j < ids->len; j++)
      {
        g_autoptr(CivicCase) inside = civic_store_get_case_by_id (store, g_array_index (ids, gint64, j), NULL);
        double wx, wy, px, py;

        g_assert_nonnull (inside);
        civic_world_from_location (civic_case_get_lat (inside), civic_case_get_long (inside), &wx, &wy);
        civic_case_layer_from_world (civic_map_view_get_layer (map), wx, wy, &px, &py);
        g_assert_cmpfloat (fabs (px - x), <=, 31);
        g_assert_cmpfloat (fabs (py - y), <=, 31);
      }

    g_assert_cmpuint (gtk_bitset_get_size (selected), ==, n);
    for (guint i = 0; i < gtk_bitset_get_size (selected); i++)
      {
        gint64 id = civic_case_list_model_get_id (civic_queue_view_get_model (queue),
                                                  gtk_bitset_get_nth (selected, i));
        gboolean found = FALSE;

        for (guint j = 0; j < ids->len; j++)
          found |= g_array_index (ids, gint64, j) == id;
        g_assert_true (found);
      }
  }

  civic_ui_test_window_close (window);
  civic_ui_city_free (city);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = civic_ui_test_init (&argc, &argv);

  g_test_add_func ("/app/map/window-wiring", test_window_wiring);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
