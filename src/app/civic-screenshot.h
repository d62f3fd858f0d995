/* civic-screenshot.h: render every view of a window to PNG files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-window.h"

G_BEGIN_DECLS

void     civic_screenshot_run_async  (CivicWindow             *window,
                                      CivicConnectionManager  *manager,
                                      const char              *directory,
                                      GCancellable            *cancellable,
                                      GAsyncReadyCallback      callback,
                                      gpointer                 user_data);
gboolean civic_screenshot_run_finish (GAsyncResult            *result,
                                      GError                 **error);

gboolean civic_screenshot_save_window (GtkWidget               *widget,
                                       const char              *path,
                                       GError                 **error);

G_END_DECLS
