/* test-case-detail.c: the case detail pane over a real replica, synced
 * from a real civicdesk-server: the fields show, closing needs a
 * resolution note and moves the open count, internal and public notes
 * are told apart, duplicate suggestions are exactly the cases a brute
 * force over the store finds, and a merge shows on both cases, locally
 * and on the service after the push.
 *
 * CIVIC_TEST_SHOTS=DIR saves the pane at 1280×800 and 360×700.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include "civic-case-detail.h"
#include "civic-local-merge.h"
#include "civic-local-write.h"
#include "civic-store-detail.h"
#include "civic-test-util.h"
#include "civic-ui-test-util.h"

static CivicApplication *app;
static CivicUiCity *city;
static char *token;
static char *desk_dir;
static CivicStore *store;
static CivicSync *desk_sync;
static char *service_code;
static char *other_service;
/* A: the original; B: 50 m away, same service (a duplicate);
 * C: 300 m away, same service; D: 20 m away, another service */
static char *case_a, *case_b, *case_c, *case_d;

#define BASE_LAT 40.61234
#define BASE_LON -74.15678

static GtkWindow *window;
static CivicCaseDetail *detail;

static gpointer
child (const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (detail), CIVIC_TYPE_CASE_DETAIL, name);
}

static void
settle (void)
{
  for (int i = 0; i < 10; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static char *
create_case (const char *service,
             double      dlat_m,
             const char *reporter_name,
             const char *description)
{
  g_autofree char *body = g_strdup_printf ("{\"service_code\": \"%s\", \"description\": \"%s\","
                                           " \"lat\": %.7f, \"long\": %.7f, \"address\": \"%d Test Street\","
                                           " \"reporter\": {\"name\": \"%s\", \"email\": \"%s@example.org\","
                                           " \"phone\": \"555-0100\"}}",
                                           service, description, BASE_LAT + dlat_m / 111195.0, BASE_LON,
                                           (int) dlat_m, reporter_name, reporter_name);
  g_autoptr(JsonNode) answer = civic_test_call (city->server, "POST", "/api/v1/cases", token, body, 201);
  JsonObject *o = json_node_get_object (answer);

  if (json_object_has_member (o, "case"))
    o = json_object_get_object_member (o, "case");
  return g_strdup (json_object_get_string_member (o, "service_request_id"));
}

/* labels anywhere under @widget that contain @text */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (shows_text (c, text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}



static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (list)); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += GTK_IS_LIST_BOX_ROW (c);
  return n;
}

static gint64
open_count (void)
{
  CivicCaseFilter filter = { .states = CIVIC_CASE_STATES_OPEN };
  g_autoptr(GError) error = NULL;
  gint64 n = civic_store_count_cases (store, &filter, &error);

  g_assert_no_error (error);
  return n;
}

static CivicOutboxItem *
last_outbox (void)
{
  g_autoptr(GPtrArray) items = civic_store_outbox_peek (store, 1000, NULL);

  g_assert_nonnull (items);
  g_assert_cmpuint (items->len, >, 0);
  return civic_outbox_item_copy (g_ptr_array_index (items, items->len - 1));
}

static gboolean
has_event (const char         *request_id,
           CivicCaseEventKind  kind,
           const char         *body_part)
{
  g_autoptr(GPtrArray) events = civic_store_list_events (store, request_id, NULL);

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      CivicCaseEvent *e = g_ptr_array_index (events, i);

      if (civic_case_event_get_kind (e) == kind &&
          (body_part == NULL || strstr (civic_case_event_get_body (e) ? civic_case_event_get_body (e) : "", body_part)))
        return TRUE;
    }
  return FALSE;
}

static void
shoot (const char *name,
       int         width,
       int         height)
{
  gtk_window_set_default_size (window, width, height);
  settle ();
  if (g_getenv ("CIVIC_TEST_SHOTS") != NULL)
    {
      /* let revealers finish their transition */
      for (int i = 0; i < 10; i++)
        {
          g_usleep (50000);
          settle ();
        }
    }
  civic_ui_test_shoot (GTK_WIDGET (window), name);
}

static void
remember_id (char       **out,
             const char  *request_id)
{
  g_free (*out);
  *out = g_strdup (request_id);
}

static void
assert_outbox_empty (void)
{
  g_autoptr(GPtrArray) items = civic_store_outbox_peek (store, 10, NULL);

  g_assert_nonnull (items);
  g_assert_cmpuint (items->len, ==, 0);
}

/* ---- the tests ------------------------------------------------------- */

static void
test_fields (void)
{
  g_autoptr(CivicCase) a = civic_store_get_case (store, case_a, NULL);

  civic_case_detail_set_case (detail, store, desk_sync, case_a);
  settle ();
  g_assert_cmpstr (gtk_label_get_text (child ("title_label")), ==, case_a);
  shoot ("case-detail-wide", 1280, 800);
  g_assert_true (shows_text (GTK_WIDGET (detail), "Test original"));
  g_assert_true (shows_text (GTK_WIDGET (detail), "Alice Original"));
  g_assert_true (shows_text (GTK_WIDGET (detail), "Original@example.org"));
  g_assert_true (shows_text (GTK_WIDGET (detail), "Staff only"));
  g_assert_true (shows_text (GTK_WIDGET (detail), "0 Test Street"));
  g_assert_true (shows_text (GTK_WIDGET (detail), civic_case_get_service_name (a)));
  g_assert_true (shows_text (GTK_WIDGET (detail), "Case created"));
  shoot ("case-detail-narrow", 360, 700);
  gtk_window_set_default_size (window, 900, 800);

  civic_case_detail_set_case (detail, store, desk_sync, NULL);
  settle ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child ("stack")), ==, "empty");
}

static void
collect_mnemonics (GtkWidget  *widget,
                   GHashTable *keys)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_use_underline (GTK_LABEL (widget)) &&
      gtk_widget_get_mapped (widget))
    {
      /* Alt+A and Alt+a are the same mnemonic */
      guint keyval = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)));

      g_assert_cmpuint (keyval, !=, GDK_KEY_VoidSymbol);
      /* the label activates its control */
      g_assert_nonnull (gtk_label_get_mnemonic_widget (GTK_LABEL (widget)));
      if (g_hash_table_contains (keys, GUINT_TO_POINTER (keyval)))
        g_error ("mnemonic Alt+%s used twice (%s)", gdk_keyval_name (keyval), gtk_label_get_label (GTK_LABEL (widget)));
      g_hash_table_add (keys, GUINT_TO_POINTER (keyval));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_mnemonics (c, keys);
}

/* every action has its own Alt+key, as the shortcuts window lists */
static void
test_mnemonics (void)
{
  g_autoptr(GHashTable) keys = g_hash_table_new (NULL, NULL);

  civic_case_detail_set_case (detail, store, desk_sync, case_d);
  settle ();
  shoot ("case-detail-mnemonics", 1280, 800);
  collect_mnemonics (GTK_WIDGET (detail), keys);
  for (const char *k = "atwmgdyfpibn"; *k != '\0'; k++)
    if (!g_hash_table_contains (keys, GUINT_TO_POINTER ((guint) *k)))
      g_error ("no Alt+%c in the case detail", *k);
}

static void
test_duplicates_match_brute_force (void)
{
  CivicCaseFilter filter = { .states = CIVIC_CASE_STATES_OPEN };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GArray) ids = civic_store_query_case_ids (store, &filter, NULL, 0, 100000, NULL);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  guint checked = 0;

  for (guint i = 0; i < ids->len; i++)
    g_ptr_array_add (all, civic_store_get_case_by_id (store, g_array_index (ids, gint64, i), NULL));

  for (guint i = 0; i < all->len && checked < 60; i++)
    {
      CivicCase *self = g_ptr_array_index (all, i);
      const char *id = civic_case_get_service_request_id (self);
      g_autoptr(GPtrArray) near = civic_store_find_nearby_cases (store, id, 200, 14, now, 0, NULL);
      g_autoptr(GHashTable) want = g_hash_table_new (g_str_hash, g_str_equal);

      g_assert_nonnull (near);
      if (civic_case_get_lat (self) == 0 && civic_case_get_long (self) == 0)
        continue;
      checked++;
      for (guint j = 0; j < all->len; j++)
        {
          CivicCase *o = g_ptr_array_index (all, j);

          if (o != self && civic_case_get_duplicate_of (o) == NULL &&
              g_strcmp0 (civic_case_get_service_code (o), civic_case_get_service_code (self)) == 0 &&
              civic_case_get_requested_datetime (o) >= now - 14 * 86400 &&
              (civic_case_get_lat (o) != 0 || civic_case_get_long (o) != 0) &&
              civic_geo_distance_m (civic_case_get_lat (self), civic_case_get_long (self),
                                    civic_case_get_lat (o), civic_case_get_long (o)) <= 200)
            g_hash_table_add (want, (gpointer) civic_case_get_service_request_id (o));
        }
      g_assert_cmpuint (near->len, ==, g_hash_table_size (want));
      for (guint j = 0; j < near->len; j++)
        g_assert_true (g_hash_table_contains (want, civic_case_get_service_request_id (g_ptr_array_index (near, j))));
    }
  g_assert_cmpuint (checked, >, 10);

  {
    g_autoptr(GPtrArray) near = civic_store_find_nearby_cases (store, case_a, 200, 14, now, 0, NULL);
    gboolean b = FALSE;

    for (guint j = 0; j < near->len; j++)
      {
        const char *id = civic_case_get_service_request_id (g_ptr_array_index (near, j));

        b = b || g_str_equal (id, case_b);
        g_assert_cmpstr (id, !=, case_c);
        g_assert_cmpstr (id, !=, case_d);
      }
    g_assert_true (b);
  }
}

static void
test_close_needs_note (void)
{
  gint64 before = open_count ();
  g_autoptr(CivicCase) c = NULL;
  g_autoptr(GPtrArray) events = NULL;

  civic_case_detail_set_case (detail, store, desk_sync, case_c);
  settle ();
  gtk_widget_activate_action (GTK_WIDGET (detail), "detail.close", NULL);
  g_assert_true (gtk_revealer_get_reveal_child (child ("close_revealer")));
  gtk_widget_activate_action (GTK_WIDGET (detail), "detail.confirm-close", NULL);
  g_assert_true (gtk_widget_get_visible (child ("error_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (child ("error_label")), "resolution note"));
  g_assert_cmpint (open_count (), ==, before);
  shoot ("case-detail-close-refused", 360, 700);
  gtk_window_set_default_size (window, 900, 800);

  gtk_editable_set_text (child ("close_note_entry"), "Swept and cleared by the crew");
  gtk_widget_activate_action (GTK_WIDGET (detail), "detail.confirm-close", NULL);
  settle ();
  g_assert_false (gtk_widget_get_visible (child ("error_label")));
  g_assert_cmpint (open_count (), ==, before - 1);
  c = civic_store_get_case (store, case_c, NULL);
  g_assert_cmpint (civic_case_get_state (c), ==, CIVIC_CASE_STATE_CLOSED);
  g_assert_cmpstr (civic_case_get_status_notes (c), ==, "Swept and cleared by the crew");
  g_assert_true (has_event (case_c, CIVIC_CASE_EVENT_INTERNAL_NOTE, "Swept and cleared"));
  g_assert_true (shows_text (GTK_WIDGET (detail), "Swept and cleared"));

  /* the service agrees, and its state-change event comes back */
  civic_ui_test_wait_idle (desk_sync);
  settle ();
  g_assert_true (has_event (case_c, CIVIC_CASE_EVENT_STATUS_CHANGED, NULL));
  g_assert_true (shows_text (GTK_WIDGET (detail), "State changed from"));
  events = civic_store_list_events (store, case_c, NULL);
  g_assert_cmpuint (count_rows (child ("timeline_list")), ==, events->len);
  c = (g_object_unref (c), civic_store_get_case (store, case_c, NULL));
  g_assert_cmpint (civic_case_get_state (c), ==, CIVIC_CASE_STATE_CLOSED);
}

static void
add_note (const char *text,
          gboolean    is_public)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (child ("note_view"));

  gtk_toggle_button_set_active (child (is_public ? "public_toggle" : "internal_toggle"), TRUE);
  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_widget_activate_action (GTK_WIDGET (detail), "detail.send-note", NULL);
}

static void
test_notes (void)
{
  g_autoptr(CivicOutboxItem) item = NULL;
  g_autofree char *path = NULL;

  civic_case_detail_set_case (detail, store, desk_sync, case_d);
  settle ();
  g_assert_true (shows_text (GTK_WIDGET (detail), "only staff will see"));
  add_note ("Crew says this needs a second visit", FALSE);
  item = last_outbox ();
  path = g_strdup_printf ("/api/v1/cases/%s/notes", case_d);
  g_assert_cmpstr (item->method, ==, "POST");
  g_assert_cmpstr (item->path, ==, path);
  g_assert_nonnull (strstr (item->body, "\"public\":false"));
  g_assert_true (has_event (case_d, CIVIC_CASE_EVENT_INTERNAL_NOTE, "second visit"));
  g_clear_pointer (&item, civic_outbox_item_free);

  add_note ("We will be there on Monday", TRUE);
  g_assert_true (shows_text (GTK_WIDGET (detail), "the reporter and anyone"));
  item = last_outbox ();
  g_assert_nonnull (strstr (item->body, "\"public\":true"));
  g_assert_true (has_event (case_d, CIVIC_CASE_EVENT_PUBLIC_NOTE, "on Monday"));
  settle ();
  g_assert_true (shows_text (GTK_WIDGET (detail), "Internal note — staff only"));
  g_assert_true (shows_text (GTK_WIDGET (detail), "Public note — the reporter"));
  shoot ("case-detail-notes", 1280, 800);

  /* an empty note is refused in words */
  add_note ("   ", FALSE);
  g_assert_true (gtk_widget_get_visible (child ("error_label")));

  civic_ui_test_wait_idle (desk_sync);
  g_assert_true (has_event (case_d, CIVIC_CASE_EVENT_PUBLIC_NOTE, "on Monday"));
  g_assert_true (has_event (case_d, CIVIC_CASE_EVENT_INTERNAL_NOTE, "second visit"));
  {
    g_autofree char *q = g_strdup_printf ("/api/v1/cases/%s", case_d);
    g_autoptr(JsonNode) answer = civic_test_call (city->server, "GET", q, token, NULL, 200);

    g_assert_nonnull (strstr (civic_test_last_body (), "on Monday"));
  }
}

static void
test_merge (void)
{
  g_autoptr(CivicOutboxItem) item = NULL;
  g_autoptr(CivicCase) b = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  GtkWidget *button;

  civic_case_detail_set_case (detail, store, desk_sync, case_a);
  settle ();
  g_assert_true (shows_text (child ("dups_list"), case_b));
  g_assert_false (shows_text (child ("dups_list"), case_c));
  g_assert_false (shows_text (child ("dups_list"), case_d));
  g_assert_true (shows_text (child ("dups_list"), " m away"));
  shoot ("case-detail-duplicates", 1280, 800);

  /* "Merge here": B is the duplicate of A (this case) */
  civic_sync_stop (desk_sync);
  button = civic_ui_test_find_button (child ("dups_list"), "Merge here");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  settle ();

  b = civic_store_get_case (store, case_b, NULL);
  g_assert_cmpint (civic_case_get_state (b), ==, CIVIC_CASE_STATE_CLOSED);
  g_assert_cmpstr (civic_case_get_duplicate_of (b), ==, case_a);
  body = g_strdup_printf ("Duplicate of %s", case_a);
  g_assert_cmpstr (civic_case_get_status_notes (b), ==, body);
  g_assert_true (has_event (case_b, CIVIC_CASE_EVENT_MERGED, NULL));
  g_assert_true (has_event (case_a, CIVIC_CASE_EVENT_MERGED, NULL));
  g_assert_true (has_event (case_a, CIVIC_CASE_EVENT_INTERNAL_NOTE, "Also reported by Bob Duplicate"));
  g_assert_true (shows_text (GTK_WIDGET (detail), "was merged into this case"));
  g_assert_true (shows_text (GTK_WIDGET (detail), "Also reported by Bob Duplicate"));
  g_assert_false (shows_text (child ("dups_list"), case_b));

  item = last_outbox ();
  path = g_strdup_printf ("/api/v1/cases/%s/merge", case_b);
  g_free (body);
  body = g_strdup_printf ("{\"into\":\"%s\"}", case_a);
  g_assert_cmpstr (item->method, ==, "POST");
  g_assert_cmpstr (item->path, ==, path);
  g_assert_cmpstr (item->body, ==, body);

  /* merging twice is refused in words, before anything is queued */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (civic_local_merge_case (store, case_b, case_a, "admin", &error));
    g_assert_nonnull (strstr (error->message, "already merged"));
  }

  /* the service takes it: both cases there as here */
  civic_sync_start (desk_sync);
  civic_sync_outbox_changed (desk_sync);
  civic_ui_test_wait_idle (desk_sync);
  assert_outbox_empty ();
  g_free (path);
  path = g_strdup_printf ("/api/v1/cases/%s", case_b);
  answer = civic_test_call (city->server, "GET", path, token, NULL, 200);
  g_assert_nonnull (strstr (civic_test_last_body (), "\"closed\""));
  g_free (body);
  body = g_strdup_printf ("\"duplicate_of\":\"%s\"", case_a);
  g_assert_nonnull (strstr (civic_test_last_body (), body));
  g_clear_pointer (&answer, json_node_unref);
  g_free (path);
  path = g_strdup_printf ("/api/v1/cases/%s", case_a);
  answer = civic_test_call (city->server, "GET", path, token, NULL, 200);
  g_assert_nonnull (strstr (civic_test_last_body (), "Also reported by Bob Duplicate"));

  /* and the replica, after the pull, still shows both */
  settle ();
  g_clear_object (&b);
  b = civic_store_get_case (store, case_b, NULL);
  g_assert_cmpstr (civic_case_get_duplicate_of (b), ==, case_a);
  g_assert_true (has_event (case_a, CIVIC_CASE_EVENT_MERGED, NULL));
  g_assert_true (has_event (case_a, CIVIC_CASE_EVENT_INTERNAL_NOTE, "Also reported by Bob Duplicate"));
  g_assert_true (has_event (case_b, CIVIC_CASE_EVENT_MERGED, NULL));

  /* the duplicate links to its original */
  {
    char *opened = NULL;
    GtkWidget *label;
    gulong id;

    civic_case_detail_set_case (detail, store, desk_sync, case_b);
    settle ();
    g_assert_true (shows_text (GTK_WIDGET (detail), "Merged into"));
    label = find_label (child ("fields_group"), "open the original");
    g_assert_nonnull (label);
    id = g_signal_connect_swapped (detail, "open-case", G_CALLBACK (remember_id), &opened);
    gtk_widget_activate (gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW));
    g_assert_cmpstr (opened, ==, case_a);
    g_signal_handler_disconnect (detail, id);
    g_free (opened);
  }
}

static CivicCase *
local_case (const char *id,
            double      lat)
{
  CivicCase *c = civic_case_new ();

  civic_case_set_service_request_id (c, id);
  civic_case_set_service_code (c, "pothole");
  civic_case_set_department (c, "DOT");
  civic_case_set_lat (c, lat);
  civic_case_set_long (c, BASE_LON);
  civic_case_set_requested_datetime (c, g_get_real_time () / G_USEC_PER_SEC - 3600);
  civic_case_set_reporter_name (c, "Eve Caller");
  civic_case_set_status_notes (c, "Crew on the way");
  return c;
}

/* The service refuses a merge (a staff member may not merge): the
 * duplicate comes back as it was and the provisional events go. */
static void
test_merge_refused_is_undone (void)
{
  g_autofree char *dir = civic_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "undo.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicStore) s = civic_store_open (path, &error);
  g_autoptr(CivicCase) one = local_case ("311-2026-900001", BASE_LAT);
  g_autoptr(CivicCase) two = local_case ("311-2026-900002", BASE_LAT + 0.0003);
  g_autoptr(CivicCase) after = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) events = NULL;

  g_assert_no_error (error);
  g_assert_true (civic_store_put_case (s, one, NULL));
  g_assert_true (civic_store_put_case (s, two, NULL));
  g_assert_true (civic_local_merge_case (s, "311-2026-900002", "311-2026-900001", "staff", &error));
  g_assert_no_error (error);
  after = civic_store_get_case (s, "311-2026-900002", NULL);
  g_assert_cmpint (civic_case_get_state (after), ==, CIVIC_CASE_STATE_CLOSED);
  events = civic_store_list_events (s, "311-2026-900001", NULL);
  g_assert_cmpuint (events->len, ==, 2);  /* merged + "Also reported by Eve Caller" */

  items = civic_store_outbox_peek (s, 10, NULL);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_true (civic_local_push_rejected (s, ((CivicOutboxItem *) g_ptr_array_index (items, 0))->id, &error));
  g_assert_no_error (error);
  g_clear_object (&after);
  after = civic_store_get_case (s, "311-2026-900002", NULL);
  g_assert_cmpint (civic_case_get_state (after), ==, CIVIC_CASE_STATE_NEW);
  g_assert_null (civic_case_get_duplicate_of (after));
  g_assert_cmpstr (civic_case_get_status_notes (after), ==, "Crew on the way");
  g_assert_cmpint (civic_case_get_closed_datetime (after), ==, 0);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = civic_store_list_events (s, "311-2026-900001", NULL);
  g_assert_cmpuint (events->len, ==, 0);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = civic_store_list_events (s, "311-2026-900002", NULL);
  g_assert_cmpuint (events->len, ==, 0);

  /* into itself, or into a closed case: refused in words */
  g_assert_false (civic_local_merge_case (s, "311-2026-900002", "311-2026-900002", "staff", &error));
  g_assert_nonnull (strstr (error->message, "itself"));
  g_clear_error (&error);
  g_clear_object (&s);
  civic_test_rm_rf (dir);
}

static void
test_workflow_and_follow (void)
{
  g_autoptr(CivicCase) a = NULL;
  char *emitted = NULL;

  civic_case_detail_set_case (detail, store, desk_sync, case_a);
  settle ();
  gtk_widget_activate_action (GTK_WIDGET (detail), "detail.start", NULL);
  gtk_widget_activate_action (GTK_WIDGET (detail), "detail.assign-me", NULL);
  a = civic_store_get_case (store, case_a, NULL);
  g_assert_cmpint (civic_case_get_state (a), ==, CIVIC_CASE_STATE_IN_PROGRESS);
  g_assert_cmpstr (civic_case_get_assignee (a), ==, "admin");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_widget_get_last_child (gtk_widget_get_first_child (
      GTK_WIDGET (gtk_flow_box_get_child_at_index (child ("actions_box"), 8))))), 3);
  g_clear_object (&a);
  a = civic_store_get_case (store, case_a, NULL);
  g_assert_cmpint (civic_case_get_priority (a), ==, 5);

  gtk_editable_set_text (child ("tag_entry"), "#pothole");
  g_signal_emit_by_name (child ("tag_entry"), "activate");
  g_clear_object (&a);
  a = civic_store_get_case (store, case_a, NULL);
  g_assert_true (g_strv_contains (civic_case_get_tags (a), "pothole"));
  g_assert_true (shows_text (child ("tags_box"), "#pothole"));

  g_assert_false (civic_store_is_following_case (store, "admin", case_a));
  gtk_button_set_label (GTK_BUTTON (civic_ui_test_find_button (child ("actions_box"), "_Follow")), "_Follow");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (civic_ui_test_find_button (child ("actions_box"), "_Follow")), TRUE);
  g_assert_true (civic_store_is_following_case (store, "admin", case_a));

  /* assign to a person: a searchable list of the staff in the store */
  {
    GtkWidget *menu = civic_ui_test_find_type (child ("actions_box"), GTK_TYPE_MENU_BUTTON);
    GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu));
    GtkWidget *search, *list;
    GtkListBoxRow *match = NULL;
    guint shown = 0;

    /* not popped up: a popover under Xvfb may find no monitor */
    search = civic_ui_test_find_type (GTK_WIDGET (popover), GTK_TYPE_SEARCH_ENTRY);
    list = civic_ui_test_find_type (GTK_WIDGET (popover), GTK_TYPE_LIST_BOX);
    g_assert_cmpuint (count_rows (GTK_LIST_BOX (list)), >, 4);
    gtk_editable_set_text (GTK_EDITABLE (search), "manager");
    gtk_list_box_invalidate_filter (GTK_LIST_BOX (list));
    settle ();
    for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL; c = gtk_widget_get_next_sibling (c))
      if (gtk_widget_get_child_visible (c))
        {
          shown++;
          match = GTK_LIST_BOX_ROW (c);
        }
    g_assert_cmpuint (shown, ==, 1);
    g_signal_emit_by_name (list, "row-activated", match);
    g_clear_object (&a);
    a = civic_store_get_case (store, case_a, NULL);
    g_assert_cmpstr (civic_case_get_assignee (a), ==, "manager");
  }

  g_signal_connect_swapped (detail, "show-on-map", G_CALLBACK (remember_id), &emitted);
  gtk_widget_activate_action (GTK_WIDGET (detail), "detail.show-on-map", NULL);
  g_assert_cmpstr (emitted, ==, case_a);
  g_free (emitted);
  civic_ui_test_wait_idle (desk_sync);
  assert_outbox_empty ();
  /* the service's own events for each change come back in words */
  settle ();
  g_assert_true (shows_text (child ("timeline_list"), "Priority changed from Normal to Urgent"));
  g_assert_true (shows_text (child ("timeline_list"), "Assigned to manager"));
  g_assert_true (shows_text (child ("timeline_list"), "Tag #pothole added"));
  g_assert_true (shows_text (child ("timeline_list"), "State changed from New to In progress"));
  shoot ("case-detail-timeline", 1280, 800);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) services = NULL;
  int rc;

  app = civic_ui_test_init (&argc, &argv);
  city = civic_ui_city_new (400);
  token = civic_test_login (city->server, "admin", "civicdesk-demo");

  desk_dir = civic_test_mkdtemp ();
  path = g_build_filename (desk_dir, "desk.db", NULL);
  store = civic_store_open (path, &error);
  g_assert_no_error (error);
  desk_sync = civic_sync_new (store, civic_ui_city_url (city));
  civic_sync_set_token (desk_sync, "admin", token);
  civic_sync_start (desk_sync);
  civic_ui_test_wait_idle (desk_sync);

  services = civic_store_list_services (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, >=, 2);
  service_code = g_strdup (civic_service_get_code (g_ptr_array_index (services, 0)));
  other_service = g_strdup (civic_service_get_code (g_ptr_array_index (services, 1)));
  case_a = create_case (service_code, 0, "Alice Original", "Test original report");
  case_b = create_case (service_code, 50, "Bob Duplicate", "Test duplicate report");
  case_c = create_case (service_code, 300, "Carol Far", "Test far report");
  case_d = create_case (other_service, 20, "Dan Other", "Test other service");
  civic_sync_now (desk_sync);
  civic_ui_test_wait_idle (desk_sync);
  g_assert_nonnull (civic_store_get_case (store, case_d, NULL));

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_application (window, GTK_APPLICATION (app));
  gtk_window_set_default_size (window, 900, 800);
  detail = CIVIC_CASE_DETAIL (civic_case_detail_new ());
  gtk_window_set_child (window, GTK_WIDGET (detail));
  gtk_window_present (window);
  settle ();

  g_test_add_func ("/case-detail/fields", test_fields);
  g_test_add_func ("/case-detail/mnemonics", test_mnemonics);
  g_test_add_func ("/case-detail/duplicates-brute-force", test_duplicates_match_brute_force);
  g_test_add_func ("/case-detail/close-needs-note", test_close_needs_note);
  g_test_add_func ("/case-detail/notes", test_notes);
  g_test_add_func ("/case-detail/merge", test_merge);
  g_test_add_func ("/case-detail/merge-refused-undone", test_merge_refused_is_undone);
  g_test_add_func ("/case-detail/workflow", test_workflow_and_follow);
  rc = g_test_run ();

  gtk_window_destroy (window);
  civic_sync_stop (desk_sync);
  g_clear_object (&desk_sync);
  g_clear_object (&store);
  civic_ui_city_free (city);
  civic_test_rm_rf (desk_dir);
  return rc;
}
