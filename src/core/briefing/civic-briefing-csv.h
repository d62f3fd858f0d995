/* civic-briefing-csv.h: every table of the briefing as CSV
 *
 * One file per table (a spreadsheet opens one table per file), RFC 4180,
 * a header row, plain numbers (seconds, fractions 0…1; an empty cell is
 * "no data") so a spreadsheet can compute with them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-briefing.h"

G_BEGIN_DECLS

typedef enum
{
  CIVIC_BRIEFING_TABLE_FIGURES,
  CIVIC_BRIEFING_TABLE_DEPARTMENTS,
  CIVIC_BRIEFING_TABLE_SERVICES,
  CIVIC_BRIEFING_TABLE_HOT_SPOTS,
  CIVIC_BRIEFING_TABLE_TAGS,
} CivicBriefingTable;

#define CIVIC_BRIEFING_N_TABLES (CIVIC_BRIEFING_TABLE_TAGS + 1)

/* "figures", "departments", "services", "hot-spots", "tags" */
const char *civic_briefing_table_name (CivicBriefingTable   table);
char       *civic_briefing_to_csv     (const CivicBriefing *briefing,
                                       CivicBriefingTable   table);
/* Writes briefing-YYYY-MM-DD-<table>.csv for every table into @dir;
 * the paths written in @paths (may be NULL). */
gboolean    civic_briefing_write_csv  (const CivicBriefing *briefing,
                                       const char          *dir,
                                       GPtrArray          **paths,
                                       GError             **error);

G_END_DECLS
