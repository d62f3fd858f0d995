/* civic-ui-test-util.h: a registered CivicApplication and main-loop waits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-application.h"
#include "civic-window.h"

G_BEGIN_DECLS

typedef gboolean (*CivicTestCondition) (gpointer data);

/* g_test_init() + gtk_init() + a registered (not running) CivicApplication
 * without a session bus; warnings and criticals abort the test. */
CivicApplication *civic_ui_test_init          (int                *argc,
                                               char             ***argv);

/* Iterates the main context until @condition holds; FALSE after
 * @timeout_ms without it. Never sleeps blindly. */
gboolean          civic_ui_test_wait          (CivicTestCondition  condition,
                                               gpointer            data,
                                               guint               timeout_ms);

/* Every key back to its default (the memory backend is per process), and
 * every connection removed with its replica and secrets. */
void              civic_ui_test_reset_settings (CivicApplication  *app);

/* A window on the application's settings and connection manager, presented and
 * mapped. */
CivicWindow      *civic_ui_test_window_new    (CivicApplication   *app);
void              civic_ui_test_window_close  (CivicWindow        *window);

/* A demo city of @n_cases on a real civicdesk-server (users admin,
 * manager, advocate, staff; password civicdesk-demo), in a fresh dir. */
typedef struct
{
  char                  *dir;
  char                  *db;
  gpointer               server;   /* CivicTestServer *, NULL while stopped */
  guint                  port;
} CivicUiCity;

CivicUiCity      *civic_ui_city_new           (guint               n_cases);
void              civic_ui_city_stop          (CivicUiCity        *city);
/* On the same port, so the desk's connection still points at it. */
void              civic_ui_city_restart       (CivicUiCity        *city);
const char       *civic_ui_city_url           (CivicUiCity        *city);
void              civic_ui_city_free          (CivicUiCity        *city);

/* Fills the window's first-run form, presses Connect and waits for the
 * answer. Returns the error shown under the form, or NULL on success. */
const char       *civic_ui_test_sign_in       (CivicWindow        *window,
                                               const char         *url,
                                               const char         *username,
                                               const char         *password);

/* Waits until @sync is idle (caught up, or offline or in error). */
void              civic_ui_test_wait_idle     (CivicSync          *sync);

/* Iterates the main context for @ms without blocking: for what has no
 * condition to wait on (a frame, an idle that may or may not come). */
void              civic_ui_test_iterate       (guint               ms);

/* Conditions for civic_ui_test_wait: @data is a CivicSync (nothing
 * queued and online) or a CivicStore (tracking numbers leased). */
gboolean          civic_ui_test_outbox_empty  (gpointer            sync);
gboolean          civic_ui_test_numbers_leased (gpointer           store);

/* Puts @n synthetic cases of seed @seed into the empty @store, with the
 * services, departments and people they name. */
void              civic_ui_test_fill_store    (CivicStore         *store,
                                               guint               seed,
                                               guint               n);

/* The first widget below @root (itself included) of @type, or the button
 * labelled @label (an icon button: whose tooltip is @label); NULL when
 * there is none. */
GtkWidget        *civic_ui_test_find_type     (GtkWidget          *root,
                                               GType               type);
GtkWidget        *civic_ui_test_find_button   (GtkWidget          *root,
                                               const char         *label);

/* With CIVIC_TEST_SHOTS=DIR, saves @native (a window, an open popover)
 * as DIR/@name.png: states no --screenshot run reaches, to look at. */
void              civic_ui_test_shoot         (GtkWidget          *native,
                                               const char         *name);

G_END_DECLS
