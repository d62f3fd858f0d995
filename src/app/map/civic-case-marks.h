/* civic-case-marks.h: how a case or a cluster looks, as render nodes
 *
 * Measured on the cairo renderer under X11: a full-layer image (a cairo
 * node or a texture) costs ~8 ms a frame just to upload, whatever is on
 * it, and per-mark image sources are uploaded each time. Colour and
 * border nodes become server-side fills, so marks are built from those:
 * every mark is whole-pixel colour nodes (a rounded or half-pixel one is
 * an antialiased path, measured ~10× dearer): a case is a small square,
 * a cluster a bigger one with its count (a cached Pango layout) and a red
 * corner when some of it is overdue; an overdue case is a red diamond
 * (a rotated colour node), the one shape that is not a square.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "civic-case-index.h"

G_BEGIN_DECLS

void        civic_mark_color        (CivicMark      mark,
                                     GdkRGBA       *rgba);
/* the on-screen radius of a cluster of @count cases */
double      civic_cluster_radius    (guint          count);

/* one case: a square in its state's colour, or a red diamond */
void        civic_mark_point        (GtkSnapshot   *snapshot,
                                     CivicMark      mark,
                                     double         x,
                                     double         y);
/* a cluster: a bigger square in its most common mark's colour, a red
 * corner when any case is overdue; the count is drawn separately */
void        civic_mark_cluster      (GtkSnapshot   *snapshot,
                                     CivicMark      mark,
                                     guint          count,
                                     gboolean       any_overdue,
                                     double         x,
                                     double         y);
void        civic_mark_format_count (guint          count,
                                     char          *text,
                                     gsize          size);

/* The legend's pictures: the same marks, drawn once into a texture. */
GdkTexture *civic_mark_texture      (CivicMark      mark);

G_END_DECLS
