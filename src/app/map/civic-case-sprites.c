/* civic-case-sprites.c: the marks of the case layer, drawn once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <math.h>
#include <string.h>

#include "civic-case-sprites.h"

static const char glyph_chars[] = "0123456789.kM ";
static const int bucket_radius[CIVIC_N_BUCKETS] = { 12, 15, 18, 22, 26 };

void
civic_mark_color (CivicMark  mark,
                  GdkRGBA   *rgba)
{
  /* GNOME palette; overdue is the only red, and the only triangle */
  static const char * const colors[CIVIC_N_MARKS] = {
    "#1c71d8",   /* new: blue */
    "#813d9c",   /* acknowledged: purple */
    "#26a269",   /* in progress: green */
    "#e5a50a",   /* waiting: amber */
    "#77767b",   /* closed: grey */
    "#c01c28",   /* overdue: red */
  };

  gdk_rgba_parse (rgba, colors[CLAMP ((int) mark, 0, CIVIC_N_MARKS - 1)]);
}

guint
civic_cluster_bucket (guint count)
{
  if (count < 10)
    return 0;
  if (count < 100)
    return 1;
  if (count < 1000)
    return 2;
  if (count < 10000)
    return 3;
  return 4;
}

static void
sprite_from_surface (CivicSprite     *sprite,
                     cairo_surface_t *surface)
{
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  sprite->width = cairo_image_surface_get_width (surface);
  sprite->height = cairo_image_surface_get_height (surface);
  if (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_A8)
    {
      sprite->alpha = g_new (guint8, sprite->width * sprite->height);
      for (int y = 0; y < sprite->height; y++)
        memcpy (sprite->alpha + y * sprite->width, data + y * stride, sprite->width);
    }
  else
    {
      sprite->pixels = g_new (guint32, sprite->width * sprite->height);
      for (int y = 0; y < sprite->height; y++)
        memcpy (sprite->pixels + y * sprite->width, data + y * stride, sprite->width * 4);
    }
}

/* a circle, or for overdue a triangle, with a white rim for contrast on
 * any tile */
static void
draw_shape (cairo_t   *cr,
            CivicMark  mark,
            double     c,
            double     r,
            double     alpha)
{
  GdkRGBA color;

  civic_mark_color (mark, &color);
  if (mark == CIVIC_MARK_OVERDUE)
    {
      cairo_move_to (cr, c, c - r * 1.15);
      cairo_line_to (cr, c + r * 1.05, c + r * 0.75);
      cairo_line_to (cr, c - r * 1.05, c + r * 0.75);
      cairo_close_path (cr);
    }
  else
    cairo_arc (cr, c, c, r, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, alpha);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

static void
make_shape (CivicSprite *sprite,
            CivicMark    mark,
            double       r,
            double       alpha)
{
  int size = (int) ceil (r * 2.6) | 1;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_t *cr = cairo_create (surface);

  draw_shape (cr, mark, size / 2.0, r, alpha);
  cairo_destroy (cr);
  sprite_from_surface (sprite, surface);
  cairo_surface_destroy (surface);
}

CivicSpriteSet *
civic_sprite_set_new (PangoContext *context)
{
  CivicSpriteSet *set = g_new0 (CivicSpriteSet, 1);
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_from_string ("Sans Bold 9");

  for (int m = 0; m < CIVIC_N_MARKS; m++)
    {
      make_shape (&set->points[m], m, m == CIVIC_MARK_OVERDUE ? 6.5 : 5.5, 1.0);
      for (int b = 0; b < CIVIC_N_BUCKETS; b++)
        make_shape (&set->clusters[m][b], m, bucket_radius[b], 0.88);
    }
  make_shape (&set->badge, CIVIC_MARK_OVERDUE, 5, 1.0);

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  for (guint i = 0; i < G_N_ELEMENTS (set->glyphs); i++)
    {
      char text[2] = { glyph_chars[i], '\0' };
      cairo_surface_t *surface;
      cairo_t *cr;
      int w, h;

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      surface = cairo_image_surface_create (CAIRO_FORMAT_A8, MAX (w, 1), MAX (h, 1));
      cr = cairo_create (surface);
      pango_cairo_show_layout (cr, layout);
      cairo_destroy (cr);
      sprite_from_surface (&set->glyphs[i], surface);
      set->glyphs[i].advance = w;
      set->glyph_height = MAX (set->glyph_height, h);
      cairo_surface_destroy (surface);
    }
  return set;
}

static void
sprite_clear (CivicSprite *sprite)
{
  g_free (sprite->pixels);
  g_free (sprite->alpha);
}

void
civic_sprite_set_free (CivicSpriteSet *set)
{
  if (set == NULL)
    return;
  for (int m = 0; m < CIVIC_N_MARKS; m++)
    {
      sprite_clear (&set->points[m]);
      for (int b = 0; b < CIVIC_N_BUCKETS; b++)
        sprite_clear (&set->clusters[m][b]);
    }
  sprite_clear (&set->badge);
  for (guint i = 0; i < G_N_ELEMENTS (set->glyphs); i++)
    sprite_clear (&set->glyphs[i]);
  g_free (set);
}

/* dst = src + dst × (1 − αsrc), two channels at a time */
static inline guint32
over (guint32 src,
      guint32 dst)
{
  guint32 ia = 255 - (src >> 24);
  guint32 rb = (dst & 0x00ff00ff) * ia;
  guint32 ag = ((dst >> 8) & 0x00ff00ff) * ia;

  rb = ((rb + 0x00800080 + ((rb >> 8) & 0x00ff00ff)) >> 8) & 0x00ff00ff;
  ag = (ag + 0x00800080 + ((ag >> 8) & 0x00ff00ff)) & 0xff00ff00;
  return src + (rb | ag);
}

void
civic_sprite_blit (const CivicSprite *sprite,
                   guint8            *dst,
                   int                stride,
                   int                width,
                   int                height,
                   int                cx,
                   int                cy)
{
  int x0 = cx - sprite->width / 2, y0 = cy - sprite->height / 2;
  int sx0 = MAX (0, -x0), sy0 = MAX (0, -y0);
  int sx1 = MIN (sprite->width, width - x0), sy1 = MIN (sprite->height, height - y0);

  for (int sy = sy0; sy < sy1; sy++)
    {
      guint32 *row = (guint32 *) (void *) (dst + (gsize) (y0 + sy) * stride) + x0;

      if (sprite->pixels != NULL)
        {
          const guint32 *src = sprite->pixels + sy * sprite->width;

          for (int sx = sx0; sx < sx1; sx++)
            {
              guint32 s = src[sx];

              if (s >> 24 == 255)
                row[sx] = s;
              else if (s != 0)
                row[sx] = over (s, row[sx]);
            }
        }
      else
        {
          const guint8 *src = sprite->alpha + sy * sprite->width;

          for (int sx = sx0; sx < sx1; sx++)
            if (src[sx] != 0)
              {
                guint32 a = src[sx];

                row[sx] = over ((a << 24) | (a << 16) | (a << 8) | a, row[sx]);
              }
        }
    }
}

void
civic_sprite_text (const CivicSpriteSet *set,
                   const char           *text,
                   guint8               *dst,
                   int                   stride,
                   int                   width,
                   int                   height,
                   int                   cx,
                   int                   cy)
{
  int total = 0, x;

  for (const char *p = text; *p != '\0'; p++)
    {
      const char *g = strchr (glyph_chars, *p);

      if (g != NULL)
        total += set->glyphs[g - glyph_chars].advance;
    }
  x = cx - total / 2;
  for (const char *p = text; *p != '\0'; p++)
    {
      const char *g = strchr (glyph_chars, *p);
      const CivicSprite *sprite;

      if (g == NULL)
        continue;
      sprite = &set->glyphs[g - glyph_chars];
      civic_sprite_blit (sprite, dst, stride, width, height,
                         x + sprite->width / 2, cy);
      x += sprite->advance;
    }
}

GdkTexture *
civic_sprite_texture (const CivicSprite *sprite)
{
  g_autoptr(GBytes) bytes = g_bytes_new (sprite->pixels, (gsize) sprite->width * sprite->height * 4);

  return gdk_memory_texture_new (sprite->width, sprite->height,
                                 G_BYTE_ORDER == G_LITTLE_ENDIAN ? GDK_MEMORY_B8G8R8A8_PREMULTIPLIED
                                                                 : GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
                                 bytes, (gsize) sprite->width * 4);
}
