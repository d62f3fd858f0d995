/* civic-ui-test-util.c: a registered CivicApplication and main-loop waits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-ui-test-util.h"

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
civic_ui_test_wait (CivicTestCondition condition,
                    gpointer           data,
                    guint              timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return condition (data);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

CivicApplication *
civic_ui_test_init (int    *argc,
                    char ***argv)
{
  g_autoptr(GError) error = NULL;
  CivicApplication *app;

  /* the same as G_DEBUG=fatal-warnings, whatever the environment says */
  g_setenv ("G_DEBUG", "fatal-warnings", TRUE);
  g_test_init (argc, argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
  gtk_init ();

  /* non-unique: registering needs no session bus, and GtkApplication
   * accepts windows only once registered (startup has run) */
  app = civic_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  return app;
}

CivicWindow *
civic_ui_test_window_new (CivicApplication *app)
{
  CivicWindow *window;

  window = civic_window_new (GTK_APPLICATION (app), civic_application_get_settings (app),
                             civic_application_get_connection_manager (app));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (civic_ui_test_wait (is_mapped, window, 5000));

  return window;
}

void
civic_ui_test_reset_settings (CivicApplication *app)
{
  GSettings *settings = civic_application_get_settings (app);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

void
civic_ui_test_window_close (CivicWindow *window)
{
  /* close, like a user, so close-request saves the geometry */
  gtk_window_close (GTK_WINDOW (window));
}
