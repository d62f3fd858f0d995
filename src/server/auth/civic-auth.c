/* civic-auth.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sodium.h>
#include <string.h>

#include "civic-auth.h"

gboolean
civic_auth_init (void)
{
  return sodium_init () >= 0;
}

char *
civic_auth_hash_password (const char *password)
{
  char out[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str (out, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return NULL;   /* out of memory */
  return g_strdup (out);
}

gboolean
civic_auth_verify_password (const char *hash,
                            const char *password)
{
  if (hash == NULL || password == NULL)
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

char *
civic_auth_new_token (void)
{
  unsigned char raw[32];
  char out[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (out, sizeof out, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return g_strdup (out);
}

char *
civic_auth_token_hash (const char *token)
{
  unsigned char digest[32];
  char hex[65];

  crypto_generichash (digest, sizeof digest, (const unsigned char *) token, strlen (token), NULL, 0);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  return g_strdup (hex);
}

gboolean
civic_auth_equal (const char *a,
                  const char *b)
{
  gsize la, lb;

  if (a == NULL || b == NULL)
    return FALSE;
  la = strlen (a);
  lb = strlen (b);
  if (la != lb)
    return FALSE;
  return sodium_memcmp (a, b, la) == 0;
}

void
civic_auth_user_free (CivicAuthUser *user)
{
  if (user == NULL)
    return;
  g_free (user->username);
  g_free (user->display_name);
  g_free (user->department);
  g_free (user->role);
  g_free (user);
}

static int
role_rank (const char *role)
{
  static const char *ranks[] = { "staff", "advocate", "manager", "admin" };
  guint i;

  for (i = 0; role != NULL && i < G_N_ELEMENTS (ranks); i++)
    if (g_str_equal (role, ranks[i]))
      return (int) i;
  return -1;
}

gboolean
civic_auth_role_is_valid (const char *role)
{
  return role_rank (role) >= 0;
}

gboolean
civic_auth_has_role (CivicAuthUser *user,
                     const char    *at_least)
{
  return user != NULL && role_rank (user->role) >= role_rank (at_least);
}

gboolean
civic_auth_require_role (CivicRequest *req,
                         const char   *at_least,
                         const char   *what)
{
  if (civic_auth_has_role (req->user, at_least))
    return TRUE;
  civic_reply_error (req, SOUP_STATUS_FORBIDDEN,
                     "Only a %s or above may %s; you are signed in as %s (%s)",
                     at_least, what,
                     req->user != NULL ? req->user->username : "nobody",
                     req->user != NULL ? req->user->role : "no role");
  return FALSE;
}

gboolean
civic_auth_authenticate (CivicRequest   *req,
                         CivicAuthUser **user)
{
  const char *header = civic_request_header (req, "Authorization");
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  CivicDbStmt *stmt;

  *user = NULL;
  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0 || strlen (header + 7) > 128)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "WWW-Authenticate", "Bearer realm=\"civicdesk\"");
      civic_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "Sign in first: this needs a session token");
      return FALSE;
    }

  hash = civic_auth_token_hash (header + 7);
  stmt = civic_db_prepare (req->conn,
                           "SELECT u.username, u.display_name, u.department_id, u.role "
                           "FROM sessions s JOIN users u ON u.username = s.username "
                           "WHERE s.token_hash = ?1 AND s.expires > ?2 AND u.disabled = 0",
                           &error);
  if (stmt != NULL)
    {
      civic_db_bind_text (stmt, 1, hash);
      civic_db_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
      if (civic_db_step (stmt, &error))
        {
          CivicAuthUser *u = g_new0 (CivicAuthUser, 1);

          u->username = g_strdup (civic_db_column_text (stmt, 0));
          u->display_name = g_strdup (civic_db_column_text (stmt, 1));
          u->department = g_strdup (civic_db_column_text (stmt, 2));
          u->role = g_strdup (civic_db_column_text (stmt, 3));
          civic_db_done (stmt);
          *user = u;
          return TRUE;
        }
    }
  if (error != NULL)
    {
      civic_reply_error (req, SOUP_STATUS_SERVICE_UNAVAILABLE, "The service cannot check sessions right now: %s",
                         error->message);
      return FALSE;
    }
  civic_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "Your session has expired or was signed out; sign in again");
  return FALSE;
}
