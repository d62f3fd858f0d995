/* civic-notify.h: notifications written inside the change that causes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-write.h"

G_BEGIN_DECLS

/* Tells every follower of case @request_id (except the actor) that it
 * changed; @summary is the line they read ("closed by maria"). */
gboolean civic_notify_case_change (CivicWrite  *w,
                                   gint64       case_id,
                                   const char  *request_id,
                                   const char  *summary,
                                   GError     **error);

/* One notification for @username (skipped when it is the actor). */
gboolean civic_notify_user        (CivicWrite  *w,
                                   const char  *username,
                                   const char  *kind,     /* mention, reply, case, tag */
                                   gint64       post_id,  /* 0: none */
                                   gint64       case_id,  /* 0: none */
                                   const char  *body,
                                   GError     **error);

/* Like civic_notify_user(), but at most once per write: @told (a set of
 * usernames, may be NULL) remembers who has heard about this write. */
gboolean civic_notify_user_once   (CivicWrite  *w,
                                   GHashTable  *told,
                                   const char  *username,
                                   const char  *kind,
                                   gint64       post_id,
                                   gint64       case_id,
                                   const char  *body,
                                   GError     **error);

/* Everyone following (@follow_kind, @target) — a tag key, a tracking
 * number, a username — once per write. */
gboolean civic_notify_followers   (CivicWrite  *w,
                                   GHashTable  *told,
                                   const char  *follow_kind,
                                   const char  *target,
                                   const char  *kind,
                                   gint64       post_id,
                                   gint64       case_id,
                                   const char  *body,
                                   GError     **error);

/* Every active member of @department, once per write. */
gboolean civic_notify_department  (CivicWrite  *w,
                                   GHashTable  *told,
                                   const char  *department,
                                   const char  *kind,
                                   gint64       post_id,
                                   const char  *body,
                                   GError     **error);

G_END_DECLS
