/* civic-auth.h: passwords, session tokens, roles, login throttling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "http/civic-http.h"

G_BEGIN_DECLS

#define CIVIC_SESSION_LIFETIME_S (12 * 3600)

gboolean  civic_auth_init             (void);
/* Argon2id (libsodium crypto_pwhash_str), interactive limits. */
char     *civic_auth_hash_password    (const char  *password);
gboolean  civic_auth_verify_password  (const char  *hash,
                                       const char  *password);
/* 32 random bytes as URL-safe base64; only its hash is stored. */
char     *civic_auth_new_token        (void);
char     *civic_auth_token_hash       (const char  *token);
/* Constant-time string comparison. */
gboolean  civic_auth_equal            (const char  *a,
                                       const char  *b);

/* Reads "Authorization: Bearer …", looks the session up; on failure
 * replies 401 and returns FALSE. */
gboolean  civic_auth_authenticate     (CivicRequest   *req,
                                       CivicAuthUser **user);
void      civic_auth_user_free        (CivicAuthUser  *user);

/* Roles, from least to most: staff < advocate < manager < admin. */
gboolean  civic_auth_role_is_valid    (const char     *role);
gboolean  civic_auth_has_role         (CivicAuthUser  *user,
                                       const char     *at_least);
/* Replies 403 with a plain reason and returns FALSE when @user's role is
 * below @at_least. */
gboolean  civic_auth_require_role     (CivicRequest   *req,
                                       const char     *at_least,
                                       const char     *what);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicAuthUser, civic_auth_user_free)

G_END_DECLS
