/* test-app-preferences.c: the preferences write the settings the rest of
 * the desk reads, and refuse an address that cannot work.
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

static void
test_server_url (void)
{
  GSettings *settings = civic_application_get_settings (app);
  CivicPreferencesWindow *preferences;
  GtkEditable *server_row;
  g_autofree char *url = NULL;

  civic_ui_test_reset_settings (app);
  g_settings_set_string (settings, "server-url", "http://127.0.0.1:1/");
  preferences = civic_preferences_window_new (NULL, settings);
  server_row = row (preferences, "server_url_row");
  gtk_window_present (GTK_WINDOW (preferences));

  g_assert_cmpstr (gtk_editable_get_text (server_row), ==, "http://127.0.0.1:1/");

  /* typing alone changes nothing: only applying does */
  gtk_editable_set_text (server_row, "https://311.example.gov/");
  url = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:1/");
  g_clear_pointer (&url, g_free);

  g_signal_emit_by_name (server_row, "apply");
  url = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (url, ==, "https://311.example.gov/");
  g_clear_pointer (&url, g_free);

  /* an address without a scheme is refused and the row shows it */
  gtk_editable_set_text (server_row, "311.example.gov");
  g_signal_emit_by_name (server_row, "apply");
  url = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (url, ==, "https://311.example.gov/");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (server_row), "error"));

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_tile_template (void)
{
  GSettings *settings = civic_application_get_settings (app);
  CivicPreferencesWindow *preferences;
  GtkEditable *tile_row;
  g_autofree char *tiles = NULL;

  civic_ui_test_reset_settings (app);
  preferences = civic_preferences_window_new (NULL, settings);
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

  g_test_add_func ("/app/preferences/server-url", test_server_url);
  g_test_add_func ("/app/preferences/tile-template", test_tile_template);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
