/* civic-post.h: a feed entry or a reply to one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "civic-enums.h"
#include "civic-types.h"

G_BEGIN_DECLS

#define CIVIC_TYPE_POST (civic_post_get_type ())
G_DECLARE_FINAL_TYPE (CivicPost, civic_post, CIVIC, POST, GObject)

CivicPost *civic_post_new (void);

gint64 civic_post_get_id (CivicPost *self);
void civic_post_set_id (CivicPost *self,
                        gint64 id);
const char *civic_post_get_author (CivicPost *self);
void civic_post_set_author (CivicPost *self,
                            const char *author);
const char *civic_post_get_body (CivicPost *self);
void civic_post_set_body (CivicPost *self,
                          const char *body);
gint64 civic_post_get_created (CivicPost *self);
void civic_post_set_created (CivicPost *self,
                             gint64 created);
gint64 civic_post_get_edited (CivicPost *self);
void civic_post_set_edited (CivicPost *self,
                            gint64 edited);
gint64 civic_post_get_parent_id (CivicPost *self);
void civic_post_set_parent_id (CivicPost *self,
                               gint64 parent_id);
gint64 civic_post_get_pinned_until (CivicPost *self);
void civic_post_set_pinned_until (CivicPost *self,
                                  gint64 pinned_until);
int civic_post_get_like_count (CivicPost *self);
void civic_post_set_like_count (CivicPost *self,
                                int like_count);

G_END_DECLS
