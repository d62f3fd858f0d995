/* civic-ui-test-input.c: real pointer and key input for UI tests, through XTest
 *
 * Calling a view's click handler tests the handler; a click through the
 * X server also tests that the event reaches it: the gesture is on the
 * right widget, in the right phase, and no other widget takes it first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <math.h>

#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "civic-ui-test-input.h"
#include "civic-ui-test-util.h"

/* long enough for GTK to read the events and run its gestures */
#define SETTLE_MS 60

static Display *
x_display (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);

  return GDK_IS_X11_DISPLAY (display) ? gdk_x11_display_get_xdisplay (display) : NULL;
}

static gboolean
to_root (GtkWidget *widget,
         double     x,
         double     y,
         int       *root_x,
         int       *root_y)
{
  Display *xdisplay = x_display (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  double nx, ny, sx, sy;
  Window child;

  if (xdisplay == NULL || native == NULL ||
      !gtk_widget_translate_coordinates (widget, GTK_WIDGET (native), x, y, &nx, &ny))
    return FALSE;
  /* the surface may be bigger than the window: client-side shadows */
  gtk_native_get_surface_transform (native, &sx, &sy);
  return XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                                DefaultRootWindow (xdisplay),
                                (int) round (nx + sx), (int) round (ny + sy),
                                root_x, root_y, &child);
}

static void
send_modifiers (Display         *xdisplay,
                GdkModifierType  modifiers,
                Bool             press)
{
  if (modifiers & GDK_SHIFT_MASK)
    XTestFakeKeyEvent (xdisplay, XKeysymToKeycode (xdisplay, XK_Shift_L), press, CurrentTime);
  if (modifiers & GDK_CONTROL_MASK)
    XTestFakeKeyEvent (xdisplay, XKeysymToKeycode (xdisplay, XK_Control_L), press, CurrentTime);
}

static void
settle (Display *xdisplay)
{
  XSync (xdisplay, False);
  civic_ui_test_iterate (SETTLE_MS);
}

gboolean
civic_ui_test_pointer_click (GtkWidget       *widget,
                             double           x,
                             double           y,
                             GdkModifierType  modifiers)
{
  Display *xdisplay = x_display (widget);
  int rx, ry;

  if (!to_root (widget, x, y, &rx, &ry))
    return FALSE;
  send_modifiers (xdisplay, modifiers, True);
  XTestFakeMotionEvent (xdisplay, -1, rx, ry, CurrentTime);
  settle (xdisplay);
  XTestFakeButtonEvent (xdisplay, 1, True, CurrentTime);
  settle (xdisplay);
  XTestFakeButtonEvent (xdisplay, 1, False, CurrentTime);
  send_modifiers (xdisplay, modifiers, False);
  settle (xdisplay);
  return TRUE;
}

gboolean
civic_ui_test_pointer_drag (GtkWidget       *widget,
                            double           x0,
                            double           y0,
                            double           x1,
                            double           y1,
                            GdkModifierType  modifiers)
{
  Display *xdisplay = x_display (widget);
  const int steps = 8;
  int rx, ry;

  if (!to_root (widget, x0, y0, &rx, &ry))
    return FALSE;
  send_modifiers (xdisplay, modifiers, True);
  XTestFakeMotionEvent (xdisplay, -1, rx, ry, CurrentTime);
  settle (xdisplay);
  XTestFakeButtonEvent (xdisplay, 1, True, CurrentTime);
  settle (xdisplay);
  /* in steps, as a hand moves: past the drag threshold, through the box */
  for (int i = 1; i <= steps; i++)
    {
      if (!to_root (widget, x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps, &rx, &ry))
        break;
      XTestFakeMotionEvent (xdisplay, -1, rx, ry, CurrentTime);
      settle (xdisplay);
    }
  XTestFakeButtonEvent (xdisplay, 1, False, CurrentTime);
  send_modifiers (xdisplay, modifiers, False);
  settle (xdisplay);
  return TRUE;
}

gboolean
civic_ui_test_key (GtkWidget       *widget,
                   guint            keyval,
                   GdkModifierType  modifiers)
{
  Display *xdisplay = x_display (widget);
  KeyCode code;

  if (xdisplay == NULL)
    return FALSE;
  /* GDK's keyvals are X keysyms */
  code = XKeysymToKeycode (xdisplay, keyval);
  if (code == 0)
    return FALSE;
  send_modifiers (xdisplay, modifiers, True);
  XTestFakeKeyEvent (xdisplay, code, True, CurrentTime);
  XTestFakeKeyEvent (xdisplay, code, False, CurrentTime);
  send_modifiers (xdisplay, modifiers, False);
  settle (xdisplay);
  return TRUE;
}
