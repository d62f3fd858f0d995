/* civic-briefing-view.h: the Daily Briefing tab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "civic-briefing.h"
#include "civic-connection-manager.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_BRIEFING_VIEW (civic_briefing_view_get_type ())
G_DECLARE_FINAL_TYPE (CivicBriefingView, civic_briefing_view, CIVIC, BRIEFING_VIEW, AdwBin)

/* Signals:
 * "show-cases" (const CivicCaseFilter *filter, const char *what): a
 *   figure was clicked; the filter lists exactly the cases behind it,
 *   @what says which in words ("Overdue: 37 · Mon 23 Nov, from the
 *   briefing").
 * "updated": the figures were computed afresh. */

GtkWidget           *civic_briefing_view_new         (void);
void                 civic_briefing_view_set_manager (CivicBriefingView      *self,
                                                      CivicConnectionManager *manager);
void                 civic_briefing_view_set_day     (CivicBriefingView      *self,
                                                      const GDate            *day);
/* NULL until the first computation finished */
const CivicBriefing *civic_briefing_view_get_briefing (CivicBriefingView     *self);
/* TRUE while figures are being computed or about to be (after a sync) */
gboolean             civic_briefing_view_is_busy      (CivicBriefingView     *self);
/* the city's name as the PDF and the print show it */
const char          *civic_briefing_view_get_city    (CivicBriefingView      *self);

G_END_DECLS
