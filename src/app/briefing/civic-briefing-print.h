/* civic-briefing-print.h: the briefing laid out on paper — one drawing
 * code for the PDF export and for GtkPrintOperation
 *
 * Everything is drawn with cairo and pango as vectors (the charts too),
 * with the city's name, the date and "page n of N" on every page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "civic-briefing.h"

G_BEGIN_DECLS

typedef enum
{
  CIVIC_PAPER_A4,
  CIVIC_PAPER_LETTER,
} CivicPaper;

/* size in points (1/72 in) */
void     civic_paper_get_size (CivicPaper  paper,
                               double     *width,
                               double     *height);

typedef struct _CivicBriefingDoc CivicBriefingDoc;

/* @briefing must outlive the document. */
CivicBriefingDoc *civic_briefing_doc_new       (const CivicBriefing *briefing,
                                                const char          *city,
                                                double               width,
                                                double               height);
void              civic_briefing_doc_free      (CivicBriefingDoc    *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicBriefingDoc, civic_briefing_doc_free)

/* Lays the document out with @cr's fonts; returns the number of pages. */
guint             civic_briefing_doc_paginate  (CivicBriefingDoc    *doc,
                                                cairo_t             *cr);
/* Draws page @page (from 0) at the origin of @cr. */
void              civic_briefing_doc_draw_page (CivicBriefingDoc    *doc,
                                                cairo_t             *cr,
                                                guint                page);

/* The whole briefing as a PDF file at @path. */
gboolean          civic_briefing_export_pdf    (const CivicBriefing *briefing,
                                                const char          *city,
                                                CivicPaper           paper,
                                                const char          *path,
                                                GError             **error);

G_END_DECLS
