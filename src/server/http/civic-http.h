/* civic-http.h: one request as the handlers see it, and the replies they send
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "civic-db.h"

G_BEGIN_DECLS

/* Limits every request is held to (DESIGN §3: a bad request gets a clear
 * 4xx, never a crash). */
#define CIVIC_HTTP_MAX_BODY        (1024 * 1024)   /* bytes */
#define CIVIC_HTTP_MAX_JSON_DEPTH  32
#define CIVIC_HTTP_MAX_STRING      (64 * 1024)     /* bytes, any one string */
#define CIVIC_HTTP_MAX_PAGE_SIZE   1000

typedef struct _CivicServer CivicServer;
typedef struct _CivicWorker CivicWorker;

typedef struct
{
  char *username;
  char *display_name;
  char *department;
  char *role;                 /* admin, manager, advocate, staff */
} CivicAuthUser;

typedef struct
{
  SoupServerMessage *msg;
  const char        *method;
  const char        *path;
  GHashTable        *query;     /* may be NULL */
  CivicServer       *server;
  CivicWorker       *worker;
  CivicDbConn       *conn;      /* this thread's connection */
  GPtrArray         *params;    /* {name} captures of the route, in order */
  CivicAuthUser     *user;      /* set by the route's auth check, else NULL */
} CivicRequest;

const char  *civic_request_param        (CivicRequest *req,
                                         guint         index);
const char  *civic_request_query        (CivicRequest *req,
                                         const char   *name);
const char  *civic_request_header       (CivicRequest *req,
                                         const char   *name);
/* The request body as a validated UTF-8 string (NUL-terminated), or NULL
 * with a reply already sent (413/400). */
const char  *civic_request_body_text    (CivicRequest *req,
                                         gsize        *length);
/* Parses a JSON object body, checking size, UTF-8, depth and string
 * lengths. On failure sends 400 with the reason and returns NULL. */
JsonObject  *civic_request_json_object  (CivicRequest *req);

/* Replies. The body is JSON. */
void         civic_reply_json           (CivicRequest *req,
                                         guint         status,
                                         JsonNode     *node);
void         civic_reply_builder        (CivicRequest *req,
                                         guint         status,
                                         JsonBuilder  *builder);
void         civic_reply_raw            (CivicRequest *req,
                                         guint         status,
                                         const char   *content_type,
                                         char         *body,      /* taken */
                                         gsize         length);
/* A JSON text built in @body (copied; the caller keeps @body). */
void         civic_reply_string         (CivicRequest *req,
                                         guint         status,
                                         GString      *body);
/* {"error": {"status": N, "message": "…"}} for the staff API. */
void         civic_reply_error          (CivicRequest *req,
                                         guint         status,
                                         const char   *format,
                                         ...) G_GNUC_PRINTF (3, 4);

/* Answers @status with the usual error body straight on the socket and
 * closes the connection, without reading the request body: for bodies
 * refused from their headers (libsoup would otherwise read all of it
 * before answering). Call from an early handler or a got-chunk handler. */
void         civic_http_refuse_connection (SoupServerMessage *msg,
                                           guint              status,
                                           const char        *message);

/* Checks a JSON text for depth and string length without building it. */
gboolean     civic_json_check_shape     (const char   *text,
                                         gsize         length,
                                         guint         max_depth,
                                         gsize         max_string,
                                         GError      **error);

/* w3 datetime (ISO 8601 with zone) for Unix seconds in the server's zone. */
char        *civic_format_time          (gint64        unix_seconds);
/* The same into @buf (40 bytes is plenty); returns the length, 0 for a
 * time outside years 0–9999 (then @buf is ""). No allocation. */
gsize        civic_format_time_buf      (gint64        unix_seconds,
                                         char         *buf,
                                         gsize         size);
/* Parses ISO 8601 / w3 datetimes; a missing zone means the server's zone.
 * Returns FALSE on anything else. */
gboolean     civic_parse_time           (const char   *text,
                                         gint64       *unix_seconds);

G_END_DECLS
