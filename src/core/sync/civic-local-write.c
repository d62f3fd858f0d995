/* civic-local-write.c: every change a clerk makes, offline first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-local-write.h"
