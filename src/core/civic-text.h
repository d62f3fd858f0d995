/* civic-text.h: #tags, @mentions and case references in a post body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Only this many bytes of a body are scanned: posts are far shorter, and
 * the cap bounds the work a hostile body can cause. */
#define CIVIC_TEXT_MAX_BODY 10000

/* The default city tracking number, e.g. 311-2026-004213. ASCII digits
 * only: a tracking number is typed by a clerk, never in another script. */
#define CIVIC_TEXT_DEFAULT_CASE_PATTERN "[0-9]{3}-[0-9]{4}-[0-9]{6}"

typedef enum
{
  CIVIC_TEXT_TAG,
  CIVIC_TEXT_MENTION,
  CIVIC_TEXT_CASE_REF,
} CivicTextKind;

typedef struct
{
  CivicTextKind  kind;
  gsize          offset;   /* bytes from the start of the body */
  gsize          length;   /* bytes, including a leading '#' or '@' */
  char          *value;    /* tag: civic_text_tag_key(); mention: the name
                            * as written, without '@'; case ref: the
                            * tracking number, without '#' */
  char          *display;  /* as written, without the leading '#' or '@' */
} CivicTextToken;

typedef struct _CivicTextScanner CivicTextScanner;

#define CIVIC_TYPE_TEXT_SCANNER (civic_text_scanner_get_type ())

GType             civic_text_scanner_get_type         (void) G_GNUC_CONST;
CivicTextScanner *civic_text_scanner_new              (const char        *case_pattern,
                                                       GError           **error);
CivicTextScanner *civic_text_scanner_ref              (CivicTextScanner  *scanner);
void              civic_text_scanner_unref            (CivicTextScanner  *scanner);
const char       *civic_text_scanner_get_case_pattern (CivicTextScanner  *scanner);

GArray           *civic_text_scan                     (CivicTextScanner  *scanner,
                                                       const char        *body,
                                                       gssize             length);
GPtrArray        *civic_text_collect_tags             (CivicTextScanner  *scanner,
                                                       const char        *body,
                                                       gssize             length);
char             *civic_text_tag_key                  (const char        *tag);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CivicTextScanner, civic_text_scanner_unref)

G_END_DECLS
