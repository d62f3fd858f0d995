/* test-app-preferences.c: the preferences write the settings the rest of
 * the desk reads, and list the connections with a way to switch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-preferences-window.h"
#include "civic-ui-test-util.h"

static CivicApplication *app;

static GtkEditable *
row (CivicPreferencesWindow *preferences,
     const char             *name)
{
  return GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                      CIVIC_TYPE_PREFERENCES_WINDOW, name));
}

/* The Connections page lists what the manager holds; a click switches. */
static void
test_connections_list (void)
{
  GSettings *settings = civic_application_get_settings (app);
  CivicPreferencesWindow *preferences;
  g_autofree char *active = NULL;
  GtkListBox *list;
  GtkListBoxRow *row;
  g_autoptr(GVariant) value = NULL;

  civic_ui_test_reset_settings (app);
  /* two plain Open311 connections, as a desk that used them would have
   * saved them (no keyring needed: no api_key) */
  value = g_variant_new_parsed ("[('a1', 'open311', 'Chicago', 'http://127.0.0.1:1/', ''),"
                                " ('b2', 'open311', 'Boston', 'http://127.0.0.1:2/', 'boston.gov')]");
  g_settings_set_value (settings, "connections", g_steal_pointer (&value));
  /* the manager reads the key once; add them through a fresh one */
  {
    g_autoptr(CivicConnectionManager) fresh = civic_connection_manager_new (settings);

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fresh)), ==, 2);
    /* none saved as active (a --server run for another service): the
     * first one, not the first-run page */
    g_assert_cmpstr (civic_connection_get_id (civic_connection_manager_get_active (fresh)), ==, "a1");
    preferences = civic_preferences_window_new (NULL, settings, fresh);
    list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                        CIVIC_TYPE_PREFERENCES_WINDOW,
                                                        "connections_list"));
    gtk_window_present (GTK_WINDOW (preferences));

    row = gtk_list_box_get_row_at_index (list, 1);
    g_assert_nonnull (row);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Boston");
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Open311 at 127.0.0.1:2");
    g_assert_null (gtk_list_box_get_row_at_index (list, 2));

    civic_ui_test_shoot (GTK_WIDGET (preferences), "preferences-open311");
    {
      GtkWidget *add = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                    CIVIC_TYPE_PREFERENCES_WINDOW, "add_button");
      GListModel *toplevels = gtk_window_get_toplevels ();
      guint before = g_list_model_get_n_items (toplevels);
      g_autoptr(GtkWindow) dialog = NULL;

      /* Add opens the first-run form in a dialog of its own */
      g_signal_emit_by_name (add, "clicked");
      g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 1);
      dialog = g_list_model_get_item (toplevels, 0);
      if (gtk_window_get_transient_for (dialog) != GTK_WINDOW (preferences))
        {
          g_clear_object (&dialog);
          dialog = g_list_model_get_item (toplevels, before);
        }
      g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (preferences));
      g_assert_cmpstr (gtk_window_get_title (dialog), ==, "Add a Connection");
      civic_ui_test_shoot (GTK_WIDGET (dialog), "preferences-add");
      gtk_window_destroy (dialog);
    }

    g_signal_emit_by_name (list, "row-activated", row);
    g_assert_cmpstr (civic_connection_get_id (civic_connection_manager_get_active (fresh)), ==, "b2");
    active = g_settings_get_string (settings, "active-connection");
    g_assert_cmpstr (active, ==, "b2");

    gtk_window_destroy (GTK_WINDOW (preferences));
    civic_connection_manager_set_active (fresh, NULL);
    g_object_run_dispose (G_OBJECT (fresh));
  }
  civic_ui_test_reset_settings (app);
}

static void
test_tile_template (void)
{
  GSettings *settings = civic_application_get_settings (app);
  CivicPreferencesWindow *preferences;
  GtkEditable *tile_row;
  g_autofree char *tiles = NULL;

  civic_ui_test_reset_settings (app);
  preferences = civic_preferences_window_new (NULL, settings,
                                              civic_application_get_connection_manager (app));
  tile_row = row (preferences, "tile_url_row");

  g_assert_cmpstr (gtk_editable_get_text (tile_row), ==,
                   "https://tile.openstreetmap.org/{z}/{x}/{y}.png");

  gtk_editable_set_text (tile_row, "https://tiles.city.example/{z}/{x}/{y}.png");
  tiles = g_settings_get_string (settings, "tile-url-template");
  g_assert_cmpstr (tiles, ==, "https://tiles.city.example/{z}/{x}/{y}.png");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = civic_ui_test_init (&argc, &argv);

  g_test_add_func ("/app/preferences/connections", test_connections_list);
  g_test_add_func ("/app/preferences/tile-template", test_tile_template);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
