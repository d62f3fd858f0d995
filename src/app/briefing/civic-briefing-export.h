/* civic-briefing-export.h: saving the briefing as PDF or CSV, and
 * printing it, from the briefing tab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-briefing-print.h"
#include "civic-briefing-view.h"

G_BEGIN_DECLS

/* Each asks where (a file chooser), then writes what the view shows at
 * that moment; failures are said in a dialog, success in a toast when
 * the window has an overlay. */
void civic_briefing_export_pdf_ask (CivicBriefingView *view,
                                    CivicPaper         paper);
void civic_briefing_export_csv_ask (CivicBriefingView *view);
/* GtkPrintOperation drawing each page with civic_briefing_doc_draw_page */
void civic_briefing_print          (CivicBriefingView *view);
/* The same print operation sent to a PDF file instead of a printer
 * (GTK_PRINT_OPERATION_ACTION_EXPORT): what tests check. */
gboolean civic_briefing_print_to_file (CivicBriefingView  *view,
                                       const char         *path,
                                       GError            **error);

G_END_DECLS
