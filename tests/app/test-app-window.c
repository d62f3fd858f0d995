/* test-app-window.c: the main window's views, shortcuts, and what it
 * remembers between runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-ui-test-util.h"

static CivicApplication *app;

static const char * const view_names[] = { "queue", "map", "feed", "briefing" };
static const char * const view_titles[] = { "Queue", "Map", "Feed", "Briefing" };

/* Presses Ctrl+@keyval the way the window's own shortcut controller
 * would: finds the shortcut bound to that trigger and activates it. */
static gboolean
press_ctrl (GtkWidget *widget,
            guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, GDK_CONTROL_MASK);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                 widget, gtk_shortcut_get_arguments (shortcut));
        }
    }

  return FALSE;
}

static void
test_views_exist (void)
{
  CivicWindow *window;
  g_autoptr(GtkSelectionModel) pages = NULL;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  pages = adw_view_stack_get_pages (civic_window_get_stack (window));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), ==, G_N_ELEMENTS (view_names));
  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      g_assert_cmpstr (adw_view_stack_page_get_name (page), ==, view_names[i]);
      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, view_titles[i]);
      g_assert_nonnull (adw_view_stack_page_get_icon_name (page));
      g_assert_true (g_str_has_suffix (adw_view_stack_page_get_icon_name (page), "-symbolic"));
    }

  /* a fresh desk opens on the queue */
  g_assert_cmpstr (civic_window_get_view (window), ==, "queue");

  civic_ui_test_window_close (window);
}

static void
test_switch_by_action (void)
{
  CivicWindow *window;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);

  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", view_names[i]));
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (civic_window_get_stack (window)), ==, view_names[i]);
    }

  /* a stale name from an old setting leaves the view alone */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "nonsense"));
  g_assert_cmpstr (civic_window_get_view (window), ==, "briefing");

  civic_ui_test_window_close (window);
}

static void
test_switch_by_keyboard (void)
{
  CivicWindow *window;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);

  /* Ctrl+4, Ctrl+3, Ctrl+2, Ctrl+1: backwards, so each press changes the view */
  for (int i = G_N_ELEMENTS (view_names) - 1; i >= 0; i--)
    {
      g_assert_true (press_ctrl (GTK_WIDGET (window), GDK_KEY_1 + i));
      g_assert_cmpstr (civic_window_get_view (window), ==, view_names[i]);
    }

  civic_ui_test_window_close (window);
}

static void
test_last_view_saved_and_restored (void)
{
  GSettings *settings = civic_application_get_settings (app);
  CivicWindow *window;
  g_autofree char *saved = NULL;

  civic_ui_test_reset_settings (app);

  window = civic_ui_test_window_new (app);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "feed");
  civic_ui_test_window_close (window);

  saved = g_settings_get_string (settings, "last-view");
  g_assert_cmpstr (saved, ==, "feed");

  window = civic_ui_test_window_new (app);
  g_assert_cmpstr (civic_window_get_view (window), ==, "feed");
  civic_ui_test_window_close (window);

  /* and a value written elsewhere (another run) is honoured too */
  g_settings_set_string (settings, "last-view", "briefing");
  window = civic_ui_test_window_new (app);
  g_assert_cmpstr (civic_window_get_view (window), ==, "briefing");
  civic_ui_test_window_close (window);
}

static void
test_size_saved_and_restored (void)
{
  GSettings *settings = civic_application_get_settings (app);
  CivicWindow *window;
  int width = 0, height = 0;

  civic_ui_test_reset_settings (app);
  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 640);

  window = civic_ui_test_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));

  /* the user resizes, then closes: the new size is what comes back */
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  civic_ui_test_window_close (window);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1024);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = civic_ui_test_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1024);
  g_assert_cmpint (height, ==, 700);
  civic_ui_test_window_close (window);
}

static void
test_app_actions_and_accels (void)
{
  static const struct {
    const char *action;
    const char *accel;
  } expected[] = {
    { "app.preferences", "<Control>comma" },
    { "app.shortcuts", "<Control>question" },
    { "app.sync-now", "<Control>r" },
    { "app.quit", "<Control>q" },
    { "app.about", NULL },
  };
  CivicWindow *window;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    expected[i].action);

      g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), expected[i].action + 4));
      if (expected[i].accel != NULL)
        g_assert_true (g_strv_contains ((const char * const *) accels, expected[i].accel));
    }

  /* GtkApplication picked up gtk/help-overlay.ui from the resource */
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window))));

  civic_ui_test_window_close (window);
}

static void
test_about (void)
{
  CivicWindow *window;
  AdwAboutWindow *about = NULL;
  g_autoptr(GListModel) toplevels = NULL;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        about = ADW_ABOUT_WINDOW (toplevel);
    }

  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Civic Desk");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));

  gtk_window_destroy (GTK_WINDOW (about));
  civic_ui_test_window_close (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = civic_ui_test_init (&argc, &argv);

  g_test_add_func ("/app/window/views-exist", test_views_exist);
  g_test_add_func ("/app/window/switch-by-action", test_switch_by_action);
  g_test_add_func ("/app/window/switch-by-keyboard", test_switch_by_keyboard);
  g_test_add_func ("/app/window/last-view", test_last_view_saved_and_restored);
  g_test_add_func ("/app/window/size", test_size_saved_and_restored);
  g_test_add_func ("/app/window/actions", test_app_actions_and_accels);
  g_test_add_func ("/app/window/about", test_about);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
