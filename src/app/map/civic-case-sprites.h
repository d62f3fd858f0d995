/* civic-case-sprites.h: premultiplied ARGB sprites the case layer blits
 *
 * Drawn once with cairo; a frame copies pixels instead of stroking paths,
 * which is what keeps thousands of marks within a frame on the cairo
 * renderer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "civic-case-index.h"

G_BEGIN_DECLS

typedef struct
{
  int      width, height;
  guint32 *pixels;      /* premultiplied ARGB, width * height */
  guint8  *alpha;       /* or an A8 mask (glyphs), tinted when blitted */
  int      advance;     /* glyphs: pen advance */
} CivicSprite;

#define CIVIC_N_BUCKETS 5

typedef struct
{
  CivicSprite points[CIVIC_N_MARKS];
  CivicSprite clusters[CIVIC_N_MARKS][CIVIC_N_BUCKETS];
  CivicSprite badge;        /* a cluster holds overdue cases */
  CivicSprite glyphs[14];   /* "0123456789.kM " */
  int         glyph_height;
} CivicSpriteSet;

/* the colour of each mark, for the legend and the heat map's key */
void            civic_mark_color        (CivicMark       mark,
                                         GdkRGBA        *rgba);
guint           civic_cluster_bucket    (guint           count);

CivicSpriteSet *civic_sprite_set_new    (PangoContext   *context);
void            civic_sprite_set_free   (CivicSpriteSet *set);

/* Blits @sprite centred on (@cx, @cy) into @dst (ARGB32, @stride bytes
 * a row), clipped to @width × @height. */
void            civic_sprite_blit       (const CivicSprite *sprite,
                                         guint8            *dst,
                                         int                stride,
                                         int                width,
                                         int                height,
                                         int                cx,
                                         int                cy);
/* Writes @text (digits, '.', 'k', 'M') in white centred on (@cx, @cy). */
void            civic_sprite_text       (const CivicSpriteSet *set,
                                         const char           *text,
                                         guint8               *dst,
                                         int                   stride,
                                         int                   width,
                                         int                   height,
                                         int                   cx,
                                         int                   cy);
/* A sprite as a texture, for widgets that show one (the legend). */
GdkTexture     *civic_sprite_texture    (const CivicSprite *sprite);

G_END_DECLS
