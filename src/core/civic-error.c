/* civic-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-error.h"

G_DEFINE_QUARK (civic-error-quark, civic_error)
