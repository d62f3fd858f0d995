/* civic-ui-test-input.h: real pointer and key input for UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A click (or a drag) at @widget's coordinates, sent to the X server
 * through XTest: GTK receives it as it would a hand's, through its event
 * controllers, with @modifiers (Shift, Control) held. Returns when GTK
 * has had the events; FALSE when the display is not an X display or the
 * point is not on the window. */
gboolean civic_ui_test_pointer_click (GtkWidget       *widget,
                                      double           x,
                                      double           y,
                                      GdkModifierType  modifiers);
gboolean civic_ui_test_pointer_drag  (GtkWidget       *widget,
                                      double           x0,
                                      double           y0,
                                      double           x1,
                                      double           y1,
                                      GdkModifierType  modifiers);

/* A key press and release (@keyval, e.g. GDK_KEY_plus) with @modifiers
 * held, through XTest, to whichever widget of @widget's window has the
 * focus. FALSE when the display is not an X display. */
gboolean civic_ui_test_key           (GtkWidget       *widget,
                                      guint            keyval,
                                      GdkModifierType  modifiers);

G_END_DECLS
