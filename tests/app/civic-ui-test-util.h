/* civic-ui-test-util.h: a registered CivicApplication and main-loop waits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-application.h"
#include "civic-window.h"

G_BEGIN_DECLS

typedef gboolean (*CivicTestCondition) (gpointer data);

/* g_test_init() + gtk_init() + a registered (not running) CivicApplication
 * without a session bus; warnings and criticals abort the test. */
CivicApplication *civic_ui_test_init          (int                *argc,
                                               char             ***argv);

/* Iterates the main context until @condition holds; FALSE after
 * @timeout_ms without it. Never sleeps blindly. */
gboolean          civic_ui_test_wait          (CivicTestCondition  condition,
                                               gpointer            data,
                                               guint               timeout_ms);

/* Every key back to its default (the memory backend is per process). */
void              civic_ui_test_reset_settings (CivicApplication  *app);

/* A window on the application's settings and connection manager, presented and
 * mapped. */
CivicWindow      *civic_ui_test_window_new    (CivicApplication   *app);
void              civic_ui_test_window_close  (CivicWindow        *window);

G_END_DECLS
