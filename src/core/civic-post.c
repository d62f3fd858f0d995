/* civic-post.c: a feed entry or a reply to one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-post.h"
#include "civic-util-private.h"

struct _CivicPost
{
  GObject parent_instance;

  gint64 id;
  char *author;
  char *body;
  gint64 created;
  gint64 edited;
  gint64 parent_id;
  gint64 pinned_until;
  int like_count;
};

G_DEFINE_FINAL_TYPE (CivicPost, civic_post, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_AUTHOR,
  PROP_BODY,
  PROP_CREATED,
  PROP_EDITED,
  PROP_PARENT_ID,
  PROP_PINNED_UNTIL,
  PROP_LIKE_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
civic_post_finalize (GObject *object)
{
  CivicPost *self = (CivicPost *) object;

  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->body, g_free);

  G_OBJECT_CLASS (civic_post_parent_class)->finalize (object);
}

static void
civic_post_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CivicPost *self = CIVIC_POST (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;

    case PROP_BODY:
      g_value_set_string (value, self->body);
      break;

    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;

    case PROP_EDITED:
      g_value_set_int64 (value, self->edited);
      break;

    case PROP_PARENT_ID:
      g_value_set_int64 (value, self->parent_id);
      break;

    case PROP_PINNED_UNTIL:
      g_value_set_int64 (value, self->pinned_until);
      break;

    case PROP_LIKE_COUNT:
      g_value_set_int (value, self->like_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_post_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CivicPost *self = CIVIC_POST (object);

  switch (prop_id)
    {
    case PROP_ID:
      civic_post_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_AUTHOR:
      civic_post_set_author (self, g_value_get_string (value));
      break;

    case PROP_BODY:
      civic_post_set_body (self, g_value_get_string (value));
      break;

    case PROP_CREATED:
      civic_post_set_created (self, g_value_get_int64 (value));
      break;

    case PROP_EDITED:
      civic_post_set_edited (self, g_value_get_int64 (value));
      break;

    case PROP_PARENT_ID:
      civic_post_set_parent_id (self, g_value_get_int64 (value));
      break;

    case PROP_PINNED_UNTIL:
      civic_post_set_pinned_until (self, g_value_get_int64 (value));
      break;

    case PROP_LIKE_COUNT:
      civic_post_set_like_count (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
civic_post_class_init (CivicPostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = civic_post_finalize;
  object_class->get_property = civic_post_get_property;
  object_class->set_property = civic_post_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_AUTHOR] =
    g_param_spec_string ("author", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_EDITED] =
    g_param_spec_int64 ("edited", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PARENT_ID] =
    g_param_spec_int64 ("parent-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PINNED_UNTIL] =
    g_param_spec_int64 ("pinned-until", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LIKE_COUNT] =
    g_param_spec_int ("like-count", NULL, NULL,
                      0, 2147483647, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
civic_post_init (CivicPost *self)
{
}

CivicPost *
civic_post_new (void)
{
  return g_object_new (CIVIC_TYPE_POST, NULL);
}

gint64
civic_post_get_id (CivicPost *self)
{
  g_return_val_if_fail (CIVIC_IS_POST (self), 0);

  return self->id;
}

void
civic_post_set_id (CivicPost *self,
                   gint64 id)
{
  g_return_if_fail (CIVIC_IS_POST (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
civic_post_get_author (CivicPost *self)
{
  g_return_val_if_fail (CIVIC_IS_POST (self), NULL);

  return self->author;
}

void
civic_post_set_author (CivicPost *self,
                       const char *author)
{
  g_return_if_fail (CIVIC_IS_POST (self));

  if (civic_set_str (&self->author, author))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHOR]);
}

const char *
civic_post_get_body (CivicPost *self)
{
  g_return_val_if_fail (CIVIC_IS_POST (self), NULL);

  return self->body;
}

void
civic_post_set_body (CivicPost *self,
                     const char *body)
{
  g_return_if_fail (CIVIC_IS_POST (self));

  if (civic_set_str (&self->body, body))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BODY]);
}

gint64
civic_post_get_created (CivicPost *self)
{
  g_return_val_if_fail (CIVIC_IS_POST (self), 0);

  return self->created;
}

void
civic_post_set_created (CivicPost *self,
                        gint64 created)
{
  g_return_if_fail (CIVIC_IS_POST (self));

  if (self->created == created)
    return;

  self->created = created;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
}

gint64
civic_post_get_edited (CivicPost *self)
{
  g_return_val_if_fail (CIVIC_IS_POST (self), 0);

  return self->edited;
}

void
civic_post_set_edited (CivicPost *self,
                       gint64 edited)
{
  g_return_if_fail (CIVIC_IS_POST (self));

  if (self->edited == edited)
    return;

  self->edited = edited;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITED]);
}

gint64
civic_post_get_parent_id (CivicPost *self)
{
  g_return_val_if_fail (CIVIC_IS_POST (self), 0);

  return self->parent_id;
}

void
civic_post_set_parent_id (CivicPost *self,
                          gint64 parent_id)
{
  g_return_if_fail (CIVIC_IS_POST (self));

  if (self->parent_id == parent_id)
    return;

  self->parent_id = parent_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARENT_ID]);
}

gint64
civic_post_get_pinned_until (CivicPost *self)
{
  g_return_val_if_fail (CIVIC_IS_POST (self), 0);

  return self->pinned_until;
}

void
civic_post_set_pinned_until (CivicPost *self,
                             gint64 pinned_until)
{
  g_return_if_fail (CIVIC_IS_POST (self));

  if (self->pinned_until == pinned_until)
    return;

  self->pinned_until = pinned_until;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED_UNTIL]);
}

int
civic_post_get_like_count (CivicPost *self)
{
  g_return_val_if_fail (CIVIC_IS_POST (self), 0);

  return self->like_count;
}

void
civic_post_set_like_count (CivicPost *self,
                           int like_count)
{
  g_return_if_fail (CIVIC_IS_POST (self));

  if (self->like_count == like_count)
    return;

  self->like_count = like_count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIKE_COUNT]);
}
