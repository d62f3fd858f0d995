/* civic-briefing-view.h: the Daily Briefing tab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CIVIC_TYPE_BRIEFING_VIEW (civic_briefing_view_get_type ())
G_DECLARE_FINAL_TYPE (CivicBriefingView, civic_briefing_view, CIVIC, BRIEFING_VIEW, AdwBin)

GtkWidget *civic_briefing_view_new (void);

G_END_DECLS
