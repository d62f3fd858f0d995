/* civic-tile-source.h: raster tiles from the URL template, cached on disk
 *
 * A ShumateDataSource that answers from a ShumateFileCache first and
 * otherwise fetches with libsoup, storing what it fetched. It says when
 * tiles cannot be fetched (signal "notify::available") so the map can
 * tell the user without blocking anything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define CIVIC_TYPE_TILE_SOURCE (civic_tile_source_get_type ())
G_DECLARE_FINAL_TYPE (CivicTileSource, civic_tile_source, CIVIC, TILE_SOURCE, ShumateDataSource)

/* @cache_dir: NULL for the user cache dir's civicdesk/tiles */
CivicTileSource *civic_tile_source_new           (const char      *url_template,
                                                  const char      *cache_dir);
/* FALSE after a fetch failed, TRUE again after one succeeded. */
gboolean         civic_tile_source_get_available (CivicTileSource *self);
const char      *civic_tile_source_get_error     (CivicTileSource *self);

G_END_DECLS
