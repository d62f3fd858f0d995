/* civic-map-view.c: the Case Map tab
 *
 * A ShumateSimpleMap (tiles, scale bar, attribution, zoom buttons) with
 * the case layer on top, a legend, and the tools. The cases are the
 * queue's: the same CivicQueueFilter, re-read off the main thread
 * whenever it or the replica changes. Tiles come through CivicTileSource
 * (disk cache first); when they cannot be fetched the cases still draw on
 * a plain background and a banner says so without getting in the way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "civic-map-view.h"
#include "civic-case-marks.h"
#include "civic-tile-source.h"

#define DEFAULT_TILES "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
#define SHOW_ZOOM     17.0

struct _CivicMapView
{
  AdwBin                  parent_instance;

  GtkOverlay             *overlay;
  ShumateSimpleMap       *simple_map;
  GtkBox                 *legend;
  GtkLabel               *legend_title;
  GtkSpinner             *spinner;
  GtkLabel               *count_label;
  GtkToggleButton        *heat_button;
  GtkRevealer            *banner;
  GtkLabel               *banner_label;

  CivicCaseLayer         *layer;
  CivicTileSource        *tiles;
  GSettings              *settings;
  CivicQueueFilter       *filter;
  CivicConnectionManager *manager;
  CivicStore             *store;
  CivicSync              *sync;

  GCancellable           *loading;
  guint                   reload_source;
  guint                   save_source;
  gboolean                placed;       /* the start view was chosen */
  gboolean                fit_pending;  /* … as the extent, once allocated */
  gboolean                auto_fit;     /* … and the user has not moved it since */
  gboolean                moving;       /* inside our own go_to () */
  char                   *pending_show; /* show-on-map before the points came */
  GArray                 *selected;
  double                  drag_x, drag_y;
  gboolean                band_active;
};

G_DEFINE_FINAL_TYPE (CivicMapView, civic_map_view, ADW_TYPE_BIN)

enum { SIGNAL_CASE_ACTIVATED, SIGNAL_SELECTION_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static ShumateMap *
get_map (CivicMapView *self)
{
  return shumate_simple_map_get_map (self->simple_map);
}

static ShumateViewport *
get_viewport (CivicMapView *self)
{
  return shumate_simple_map_get_viewport (self->simple_map);
}

/* ---- tiles ----------------------------------------------------------- */

static void
tiles_available_cb (CivicMapView *self)
{
  gboolean available = civic_tile_source_get_available (self->tiles);

  gtk_revealer_set_reveal_child (self->banner, !available);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->banner_label),
                               available ? NULL : civic_tile_source_get_error (self->tiles));
}

static void
set_tile_template (CivicMapView *self,
                   const char   *url_template)
{
  g_autoptr(ShumateRasterRenderer) renderer = NULL;
  g_autofree char *license = NULL;
  g_autoptr(GUri) uri = NULL;

  if (url_template == NULL || *url_template == '\0')
    url_template = DEFAULT_TILES;
  if (self->tiles != NULL)
    g_signal_handlers_disconnect_by_data (self->tiles, self);
  g_clear_object (&self->tiles);
  /* CIVIC_TILE_CACHE_DIR: tests and the bench keep their cache in their
   * own temporary folder, never the user's */
  self->tiles = civic_tile_source_new (url_template, g_getenv ("CIVIC_TILE_CACHE_DIR"));
  g_signal_connect_object (self->tiles, "notify::available", G_CALLBACK (tiles_available_cb),
                           self, G_CONNECT_SWAPPED);

  /* OpenStreetMap's tiles require their attribution on the map */
  uri = g_uri_parse (url_template, G_URI_FLAGS_NONE, NULL);
  if (strstr (url_template, "openstreetmap.org") != NULL)
    license = g_strdup (_("Map data © OpenStreetMap contributors"));
  else
    /* TRANSLATORS: %s is the tile server's host name */
    license = g_strdup_printf (_("Map tiles from %s"), uri != NULL && g_uri_get_host (uri) != NULL
                                                       ? g_uri_get_host (uri) : url_template);
  renderer = shumate_raster_renderer_new_full ("civicdesk-tiles", _("City map"), license,
                                               "https://www.openstreetmap.org/copyright",
                                               0, 19, 256, SHUMATE_MAP_PROJECTION_MERCATOR,
                                               SHUMATE_DATA_SOURCE (self->tiles));
  shumate_simple_map_set_map_source (self->simple_map, SHUMATE_MAP_SOURCE (renderer));
  tiles_available_cb (self);
}

static void
tile_setting_cb (CivicMapView *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "tile-url-template");

  set_tile_template (self, url);
}

/* ---- the position ---------------------------------------------------- */

static gboolean
save_position_cb (gpointer data)
{
  CivicMapView *self = data;
  ShumateViewport *viewport;

  self->save_source = 0;
  /* the template's children are gone once the view is disposed */
  if (self->simple_map == NULL)
    return G_SOURCE_REMOVE;
  viewport = get_viewport (self);
  if (self->settings != NULL && self->placed)
    {
      g_settings_delay (self->settings);
      g_settings_set_double (self->settings, "map-latitude",
                             CLAMP (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)), -90, 90));
      g_settings_set_double (self->settings, "map-longitude",
                             CLAMP (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)), -180, 180));
      g_settings_set_double (self->settings, "map-zoom",
                             CLAMP (shumate_viewport_get_zoom_level (viewport), 1, 20));
      g_settings_apply (self->settings);
    }
  return G_SOURCE_REMOVE;
}

static void
viewport_moved_cb (CivicMapView *self)
{
  if (!self->moving)
    self->auto_fit = FALSE;
  /* kept half a second after the map stops moving, not every frame */
  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->placed)
    self->save_source = g_timeout_add_full (G_PRIORITY_DEFAULT, 500, save_position_cb,
                                            g_object_ref (self), g_object_unref);
}

static void
go_to (CivicMapView *self,
       double        lat,
       double        lon,
       double        zoom)
{
  ShumateViewport *viewport = get_viewport (self);

  self->moving = TRUE;
  shumate_map_stop_go_to (get_map (self));
  shumate_viewport_set_zoom_level (viewport, zoom);
  shumate_map_center_on (get_map (self), lat, lon);
  self->moving = FALSE;
}

void
civic_map_view_fit_cases (CivicMapView *self)
{
  const CivicCaseIndex *index;
  double w, h, dx, dy, zoom, lat, lon;

  g_return_if_fail (CIVIC_IS_MAP_VIEW (self));

  index = civic_case_layer_get_index (self->layer);
  if (index == NULL || index->n_points == 0)
    return;
  w = gtk_widget_get_width (GTK_WIDGET (self));
  h = gtk_widget_get_height (GTK_WIDGET (self));
  /* not allocated yet (a hidden tab): fit when it gets its size */
  self->fit_pending = w <= 0 || h <= 0;
  if (self->fit_pending)
    w = 900, h = 600;
  /* a little room around the outermost cases */
  dx = MAX (index->max_x - index->min_x, 1e-7) * 1.15;
  dy = MAX (index->max_y - index->min_y, 1e-7) * 1.15;
  zoom = log2 (MIN (w / (dx * 256), h / (dy * 256)));
  zoom = CLAMP (zoom, 1, SHOW_ZOOM);
  civic_world_to_location ((index->min_x + index->max_x) / 2, (index->min_y + index->max_y) / 2, &lat, &lon);
  go_to (self, lat, lon, zoom);
  self->placed = TRUE;
  self->auto_fit = TRUE;
}

/* The first points: the last position when one was kept, else the
 * extent of the cases. */
static void
place_start_view (CivicMapView *self)
{
  double zoom = self->settings != NULL ? g_settings_get_double (self->settings, "map-zoom") : 0;

  /* a first sync brings the cases page by page: the extent follows them
   * until the user moves the map */
  if (self->placed && self->auto_fit)
    civic_map_view_fit_cases (self);
  if (self->placed)
    return;
  if (zoom >= 1)
    {
      go_to (self, g_settings_get_double (self->settings, "map-latitude"),
             g_settings_get_double (self->settings, "map-longitude"), zoom);
      self->placed = TRUE;
      self->fit_pending = FALSE;
    }
  else
    civic_map_view_fit_cases (self);
}

/* ---- the cases ------------------------------------------------------- */

static void
update_count (CivicMapView *self)
{
  const CivicCaseIndex *index = civic_case_layer_get_index (self->layer);
  g_autofree char *text = NULL;

  if (index == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->count_label), FALSE);
      return;
    }
  /* TRANSLATORS: the cases of the queue's filter that have a location */
  text = g_strdup_printf (ngettext ("%'u case on the map", "%'u cases on the map", index->n_points),
                          index->n_points);
  gtk_label_set_text (self->count_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), TRUE);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CivicMapView) self = user_data;
  g_autoptr(GError) error = NULL;
  CivicCaseIndex *index = civic_case_index_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  if (index == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The cases could not be read: %s"), error->message);

      gtk_label_set_text (self->count_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->count_label), TRUE);
      return;
    }
  g_debug ("map: %u points read in %.1f ms, indexed in %.1f ms",
           index->n_points, index->load_ms, index->build_ms);
  civic_case_layer_set_index (self->layer, index);
  update_count (self);
  place_start_view (self);
  if (self->pending_show != NULL)
    {
      g_autofree char *request_id = g_steal_pointer (&self->pending_show);

      civic_map_view_show_case (self, request_id);
    }
}

static void
reload (CivicMapView *self)
{
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->store == NULL)
    {
      civic_case_layer_set_index (self->layer, NULL);
      update_count (self);
      return;
    }
  self->loading = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);
  civic_case_index_load_async (civic_store_get_path (self->store),
                               self->filter != NULL ? civic_queue_filter_get (self->filter) : NULL,
                               self->loading, loaded_cb, g_object_ref (self));
}

static gboolean
reload_cb (gpointer data)
{
  CivicMapView *self = data;

  self->reload_source = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

/* a sync page may come every few hundred ms: one reload after they settle */
static void
sync_changed_cb (CivicMapView *self)
{
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (400, reload_cb, self);
}

void
civic_map_view_set_store (CivicMapView *self,
                          CivicStore   *store,
                          CivicSync    *sync)
{
  g_return_if_fail (CIVIC_IS_MAP_VIEW (self));

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_func (self->sync, sync_changed_cb, self);
  if (store != self->store)
    self->placed = FALSE;
  g_set_object (&self->store, store);
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    g_signal_connect_object (sync, "changed", G_CALLBACK (sync_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self);
}

static void
manager_changed_cb (CivicMapView *self)
{
  CivicStore *store = civic_connection_manager_get_store (self->manager);
  CivicSync *sync = civic_connection_manager_get_sync (self->manager);

  if (store != self->store || sync != self->sync)
    civic_map_view_set_store (self, store, sync);
}

void
civic_map_view_set_manager (CivicMapView           *self,
                            CivicConnectionManager *manager)
{
  g_return_if_fail (CIVIC_IS_MAP_VIEW (self));

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_func (self->manager, manager_changed_cb, self);
  g_set_object (&self->manager, manager);
  if (manager == NULL)
    {
      civic_map_view_set_store (self, NULL, NULL);
      return;
    }
  g_signal_connect_object (manager, "notify::store", G_CALLBACK (manager_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::sync", G_CALLBACK (manager_changed_cb), self, G_CONNECT_SWAPPED);
  manager_changed_cb (self);
}

void
civic_map_view_set_filter (CivicMapView     *self,
                           CivicQueueFilter *filter)
{
  g_return_if_fail (CIVIC_IS_MAP_VIEW (self));

  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_func (self->filter, reload, self);
  g_set_object (&self->filter, filter);
  if (filter != NULL)
    g_signal_connect_object (filter, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  reload (self);
}

void
civic_map_view_set_settings (CivicMapView *self,
                             GSettings    *settings)
{
  g_return_if_fail (CIVIC_IS_MAP_VIEW (self));

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_set_object (&self->settings, settings);
  if (settings == NULL)
    return;
  g_signal_connect_object (settings, "changed::tile-url-template", G_CALLBACK (tile_setting_cb),
                           self, G_CONNECT_SWAPPED);
  g_settings_bind (settings, "map-heat", self->heat_button, "active", G_SETTINGS_BIND_DEFAULT);
  tile_setting_cb (self);
}

/* ---- clicks and boxes ------------------------------------------------ */

/* to the next whole level, where the clusters are drawn for */
static void
zoom_by (CivicMapView *self,
         int           step)
{
  ShumateViewport *viewport = get_viewport (self);
  double zoom = round (shumate_viewport_get_zoom_level (viewport)) + step;

  zoom = CLAMP (zoom, shumate_viewport_get_min_zoom_level (viewport),
                shumate_viewport_get_max_zoom_level (viewport));
  shumate_map_go_to_full (get_map (self),
                          shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                          shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                          zoom);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  zoom_by (CIVIC_MAP_VIEW (widget), g_str_equal (action_name, "map.zoom-in") ? 1 : -1);
}

static void
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  civic_map_view_fit_cases (CIVIC_MAP_VIEW (widget));
}

gboolean
civic_map_view_activate_at (CivicMapView *self,
                            double        x,
                            double        y)
{
  double lat, lon;
  gint64 id;

  g_return_val_if_fail (CIVIC_IS_MAP_VIEW (self), FALSE);

  if (!civic_case_layer_pick (self->layer, x, y, &id, &lat, &lon))
    return FALSE;
  if (id == 0)
    {
      /* a cluster: closer, until its cases come apart */
      double zoom = shumate_viewport_get_zoom_level (get_viewport (self));

      shumate_map_go_to_full (get_map (self), lat, lon, MIN (floor (zoom) + 2, 19));
      return TRUE;
    }
  if (self->store != NULL)
    {
      g_autoptr(CivicCase) kase = civic_store_get_case_by_id (self->store, id, NULL);

      if (kase == NULL)
        return FALSE;
      civic_case_layer_set_highlight (self->layer, id, civic_case_get_lat (kase), civic_case_get_long (kase));
      g_signal_emit (self, signals[SIGNAL_CASE_ACTIVATED], 0, civic_case_get_service_request_id (kase));
    }
  return TRUE;
}

guint
civic_map_view_select_box (CivicMapView *self,
                           double        x0,
                           double        y0,
                           double        x1,
                           double        y1)
{
  const CivicCaseIndex *index;
  double wx0, wy0, wx1, wy1;

  g_return_val_if_fail (CIVIC_IS_MAP_VIEW (self), 0);

  index = civic_case_layer_get_index (self->layer);
  g_clear_pointer (&self->selected, g_array_unref);
  if (index == NULL)
    return 0;
  civic_case_layer_to_world (self->layer, x0, y0, &wx0, &wy0);
  civic_case_layer_to_world (self->layer, x1, y1, &wx1, &wy1);
  self->selected = civic_case_index_ids_in (index, wx0, wy0, wx1, wy1);
  g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
  return self->selected->len;
}

GArray *
civic_map_view_get_selected_ids (CivicMapView *self)
{
  g_return_val_if_fail (CIVIC_IS_MAP_VIEW (self), NULL);
  return self->selected;
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   CivicMapView    *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  /* a click on the map gives it the keys: Ctrl+plus and minus zoom */
  gtk_widget_grab_focus (GTK_WIDGET (get_map (self)));
  if (n_press != 1 || (state & GDK_SHIFT_MASK) != 0)
    return;
  civic_map_view_activate_at (self, x, y);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               CivicMapView   *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  /* only Shift-drag is ours; a plain drag pans the map */
  if ((state & GDK_SHIFT_MASK) == 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->drag_x = x;
  self->drag_y = y;
  self->band_active = TRUE;
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                CivicMapView   *self)
{
  if (!self->band_active)
    return;
  civic_case_layer_set_band (self->layer, &GRAPHENE_RECT_INIT (self->drag_x, self->drag_y, dx, dy));
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             CivicMapView   *self)
{
  if (!self->band_active)
    return;
  self->band_active = FALSE;
  civic_case_layer_set_band (self->layer, NULL);
  civic_map_view_select_box (self, self->drag_x, self->drag_y, self->drag_x + dx, self->drag_y + dy);
}

gboolean
civic_map_view_show_case (CivicMapView *self,
                          const char   *request_id)
{
  g_autoptr(CivicCase) kase = NULL;
  double zoom;

  g_return_val_if_fail (CIVIC_IS_MAP_VIEW (self), FALSE);

  if (self->store == NULL || request_id == NULL)
    return FALSE;
  kase = civic_store_get_case (self->store, request_id, NULL);
  if (kase == NULL || (civic_case_get_lat (kase) == 0 && civic_case_get_long (kase) == 0))
    return FALSE;
  if (self->loading != NULL)
    {
      g_free (self->pending_show);
      self->pending_show = g_strdup (request_id);
    }
  civic_case_layer_set_highlight (self->layer, civic_case_get_id (kase),
                                  civic_case_get_lat (kase), civic_case_get_long (kase));
  zoom = MAX (shumate_viewport_get_zoom_level (get_viewport (self)), SHOW_ZOOM);
  go_to (self, civic_case_get_lat (kase), civic_case_get_long (kase), zoom);
  self->placed = TRUE;
  self->fit_pending = FALSE;
  self->auto_fit = FALSE;
  return TRUE;
}

/* ---- legend and tools ------------------------------------------------ */

static void
add_legend_row (CivicMapView *self,
                CivicMark     mark,
                const char   *label)
{
  g_autoptr(GdkTexture) texture = civic_mark_texture (mark);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *image = gtk_image_new_from_paintable (GDK_PAINTABLE (texture));
  GtkWidget *text = gtk_label_new (label);

  gtk_widget_set_size_request (image, 16, 16);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_box_append (GTK_BOX (row), image);
  gtk_box_append (GTK_BOX (row), text);
  gtk_widget_add_css_class (row, "civic-map-legend-mark");
  gtk_box_append (self->legend, row);
}

static void
build_legend (CivicMapView *self)
{
  GtkWidget *note;

  add_legend_row (self, CIVIC_MARK_NEW, _("New"));
  add_legend_row (self, CIVIC_MARK_ACKNOWLEDGED, _("Acknowledged"));
  add_legend_row (self, CIVIC_MARK_IN_PROGRESS, _("In progress"));
  add_legend_row (self, CIVIC_MARK_WAITING, _("Waiting"));
  add_legend_row (self, CIVIC_MARK_CLOSED, _("Closed"));
  add_legend_row (self, CIVIC_MARK_OVERDUE, _("Overdue (diamond)"));
  note = gtk_label_new (_("A number is a cluster of cases in\nthe colour of the most common state;\na red corner means some are overdue.\nShift-drag selects cases in the queue."));
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_add_css_class (note, "caption");
  gtk_widget_add_css_class (note, "dim-label");
  gtk_box_append (self->legend, note);
}

static void
heat_toggled_cb (CivicMapView *self)
{
  gboolean heat = gtk_toggle_button_get_active (self->heat_button);

  civic_case_layer_set_heat_map (self->layer, heat);
  gtk_label_set_text (self->legend_title, heat ? _("Case density: blue few, red many") : _("Cases"));
  for (GtkWidget *child = gtk_widget_get_next_sibling (GTK_WIDGET (self->legend_title));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_visible (child, !heat);
}

/* ---- plumbing -------------------------------------------------------- */

static gboolean
fit_idle_cb (gpointer data)
{
  CivicMapView *self = data;

  if (self->simple_map != NULL)
    civic_map_view_fit_cases (self);
  return G_SOURCE_REMOVE;
}

static void
civic_map_view_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  CivicMapView *self = CIVIC_MAP_VIEW (widget);

  GTK_WIDGET_CLASS (civic_map_view_parent_class)->size_allocate (widget, width, height, baseline);
  /* moving the map queues another allocation: not from inside this one */
  if (self->fit_pending && width > 0 && height > 0)
    {
      self->fit_pending = FALSE;
      g_idle_add_full (G_PRIORITY_HIGH_IDLE, fit_idle_cb, g_object_ref (self), g_object_unref);
    }
}

static void
civic_map_view_dispose (GObject *object)
{
  CivicMapView *self = CIVIC_MAP_VIEW (object);

  if (self->save_source != 0)
    {
      guint source = self->save_source;

      save_position_cb (self);
      g_source_remove (source);
    }
  /* the map notifies while it is torn down: nothing more to keep */
  self->placed = FALSE;
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->settings != NULL)
    g_settings_unbind (self->heat_button, "active");
  g_clear_object (&self->settings);
  g_clear_object (&self->filter);
  g_clear_object (&self->manager);
  g_clear_object (&self->store);
  g_clear_object (&self->sync);
  g_clear_object (&self->tiles);

  G_OBJECT_CLASS (civic_map_view_parent_class)->dispose (object);
}

static void
civic_map_view_finalize (GObject *object)
{
  CivicMapView *self = CIVIC_MAP_VIEW (object);

  g_free (self->pending_show);
  g_clear_pointer (&self->selected, g_array_unref);

  G_OBJECT_CLASS (civic_map_view_parent_class)->finalize (object);
}

static void
civic_map_view_class_init (CivicMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = civic_map_view_dispose;
  object_class->finalize = civic_map_view_finalize;
  widget_class->size_allocate = civic_map_view_size_allocate;

  signals[SIGNAL_CASE_ACTIVATED] =
    g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* the buttons' actions, and keys while the map has the focus */
  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "map.show-all", NULL, show_all_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "map.show-all", NULL);

  g_type_ensure (SHUMATE_TYPE_SIMPLE_MAP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/civicdesk/CivicDesk/civic-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CivicMapView, overlay);
  gtk_widget_class_bind_template_child (widget_class, CivicMapView, simple_map);
  gtk_widget_class_bind_template_child (widget_class, CivicMapView, legend);
  gtk_widget_class_bind_template_child (widget_class, CivicMapView, legend_title);
  gtk_widget_class_bind_template_child (widget_class, CivicMapView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CivicMapView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CivicMapView, heat_button);
  gtk_widget_class_bind_template_child (widget_class, CivicMapView, banner);
  gtk_widget_class_bind_template_child (widget_class, CivicMapView, banner_label);
}

static void
civic_map_view_init (CivicMapView *self)
{
  ShumateViewport *viewport;
  GtkGesture *click, *drag;

  gtk_widget_init_template (GTK_WIDGET (self));

  viewport = get_viewport (self);
  shumate_viewport_set_max_zoom_level (viewport, 19);
  gtk_widget_set_focusable (GTK_WIDGET (get_map (self)), TRUE);
  self->layer = civic_case_layer_new (viewport);
  shumate_map_add_layer (get_map (self), SHUMATE_LAYER (self->layer));
  g_signal_connect_object (viewport, "notify::zoom-level", G_CALLBACK (viewport_moved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::latitude", G_CALLBACK (viewport_moved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude", G_CALLBACK (viewport_moved_cb), self, G_CONNECT_SWAPPED);

  /* capture phase: ours before the map's pan and zoom gestures */
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (get_map (self)), GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (get_map (self)), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect_object (self->heat_button, "toggled", G_CALLBACK (heat_toggled_cb), self, G_CONNECT_SWAPPED);
  build_legend (self);
  set_tile_template (self, DEFAULT_TILES);
}

GtkWidget *
civic_map_view_new (void)
{
  return g_object_new (CIVIC_TYPE_MAP_VIEW, NULL);
}

CivicCaseLayer *
civic_map_view_get_layer (CivicMapView *self)
{
  g_return_val_if_fail (CIVIC_IS_MAP_VIEW (self), NULL);
  return self->layer;
}

ShumateMap *
civic_map_view_get_map (CivicMapView *self)
{
  g_return_val_if_fail (CIVIC_IS_MAP_VIEW (self), NULL);
  return get_map (self);
}

gboolean
civic_map_view_is_loading (CivicMapView *self)
{
  g_return_val_if_fail (CIVIC_IS_MAP_VIEW (self), FALSE);
  return self->loading != NULL;
}

gboolean
civic_map_view_get_tiles_available (CivicMapView *self)
{
  g_return_val_if_fail (CIVIC_IS_MAP_VIEW (self), FALSE);
  return civic_tile_source_get_available (self->tiles);
}
