/* test-app-new-case.c: the new case dialog on a real window, a real store
 * and a real civicdesk-server (signed in through the window, secrets in
 * the test keyring)
 *
 * A service with Open311 questions is picked and filled; with the server
 * stopped, Create shows the tracking number at once; after the server
 * returns the desk syncs and the server has the case with that number.
 * Also: the description counter, and the words when a field is wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include "civic-local-write.h"
#include "civic-new-case-dialog.h"
#include "civic-queue-bulk.h"
#include "civic-test-util.h"
#include "civic-ui-test-util.h"
#include "open311/civic-open311-request-form.h"

static CivicApplication *app;

static GtkWidget *
child (CivicNewCaseDialog *dialog,
       const char         *name)
{
  GtkWidget *w = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), CIVIC_TYPE_NEW_CASE_DIALOG, name));

  g_assert_nonnull (w);
  return w;
}


/* A service of the store that asks questions, and its definition. */
static char *
service_with_questions (CivicStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = civic_store_list_services (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < services->len; i++)
    {
      const char *code = civic_service_get_code (g_ptr_array_index (services, i));
      g_autofree char *attributes = civic_local_service_attributes (store, code);

      if (attributes != NULL)
        return g_strdup (code);
    }
  return NULL;
}

static void
answer_everything (CivicOpen311RequestForm *form)
{
  const CivicOpen311Definition *def = civic_open311_request_form_get_definition (form);

  g_assert_nonnull (def);
  g_assert_cmpuint (def->attributes->len, >, 0);
  for (guint i = 0; i < def->attributes->len; i++)
    {
      CivicOpen311Attribute *a = g_ptr_array_index (def->attributes, i);
      const char *value = "Seen this morning";

      if (!a->variable)
        continue;
      switch (a->datatype)
        {
        case CIVIC_OPEN311_DATATYPE_NUMBER:
          value = "3";
          break;
        case CIVIC_OPEN311_DATATYPE_DATETIME:
          value = "2026-05-04T09:30:00Z";
          break;
        case CIVIC_OPEN311_DATATYPE_SINGLEVALUELIST:
        case CIVIC_OPEN311_DATATYPE_MULTIVALUELIST:
          value = ((CivicOpen311Value *) g_ptr_array_index (a->values, 0))->key;
          break;
        default:
          break;
        }
      g_assert_true (civic_open311_request_form_set_answer (form, a->code, value));
    }
}

static void
created_cb (CivicNewCaseDialog *dialog,
            const char         *request_id,
            char              **out)
{
  *out = g_strdup (request_id);
}


static void
test_create_offline (void)
{
  CivicUiCity *city = civic_ui_city_new (15);
  CivicConnectionManager *manager = civic_application_get_connection_manager (app);
  CivicWindow *window;
  CivicNewCaseDialog *dialog;
  CivicStore *store;
  CivicSync *sync;
  g_autofree char *code = NULL;
  g_autofree char *signalled = NULL;
  g_autofree char *number = NULL;
  GtkTextBuffer *buffer;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  g_assert_null (civic_ui_test_sign_in (window, civic_ui_city_url (city), "advocate", "civicdesk-demo"));
  store = civic_connection_manager_get_store (manager);
  sync = civic_connection_manager_get_sync (manager);
  civic_ui_test_wait_idle (sync);
  g_assert_true (civic_ui_test_wait (civic_ui_test_numbers_leased, store, 20000));
  code = service_with_questions (store);
  g_assert_nonnull (code);

  /* the network goes */
  civic_ui_city_stop (city);

  dialog = civic_new_case_dialog_new (GTK_WINDOW (window), store, sync, "advocate");
  g_signal_connect (dialog, "created", G_CALLBACK (created_cb), &signalled);
  gtk_window_present (GTK_WINDOW (dialog));

  /* search narrows the services; pick the one with questions */
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "service_search")), code);
  g_assert_true (civic_new_case_dialog_select_service (dialog, code));
  g_assert_true (gtk_widget_get_visible (child (dialog, "questions_group")));

  /* nothing answered yet: the form says what is missing, nothing is made */
  civic_new_case_dialog_set_prefill (dialog, CIVIC_CHANNEL_SOCIAL, "Water pouring out of a hydrant",
                                     "Market Street and 5th");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (dialog, "channel_row"))), ==,
                    CIVIC_CHANNEL_SOCIAL);
  answer_everything (CIVIC_OPEN311_REQUEST_FORM (child (dialog, "request_form")));
  {
    /* grouped as the locale groups thousands */
    g_autofree char *expect = g_strdup_printf ("%'d / %'d", 30, 4000);

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (dialog, "counter_label"))), ==, expect);
  }

  /* too long a description: refused in words */
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (dialog, "description_view")));
  {
    g_autofree char *long_text = g_strnfill (4001, 'x');

    gtk_text_buffer_set_text (buffer, long_text, -1);
  }
  g_assert_true (gtk_widget_has_css_class (child (dialog, "counter_label"), "error"));
  g_signal_emit_by_name (child (dialog, "create_button"), "clicked");
  g_assert_true (gtk_widget_get_visible (child (dialog, "error_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (dialog, "error_label"))), "shorten it"));
  g_assert_null (signalled);
  gtk_text_buffer_set_text (buffer, "Water pouring out of a hydrant", -1);

  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "reporter_name_row")), "Rosa Caller");
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "reporter_phone_row")), "555-0101");

  if (g_getenv ("CIVIC_TEST_SHOTS") != NULL)
    civic_ui_test_shoot (GTK_WIDGET (dialog), "new-case-form");

  /* Create, offline: the number at once */
  g_signal_emit_by_name (child (dialog, "create_button"), "clicked");
  g_assert_false (gtk_widget_get_visible (child (dialog, "error_label")));
  g_assert_nonnull (signalled);
  g_assert_true (g_str_has_prefix (signalled, "311-"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (dialog, "stack"))), ==, "done");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (dialog, "number_label"))), ==, signalled);
  g_assert_cmpstr (civic_new_case_dialog_get_request_id (dialog), ==, signalled);
  number = g_strdup (signalled);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CivicCase) c = civic_store_get_case (store, number, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (civic_case_get_description (c), ==, "Water pouring out of a hydrant");
    g_assert_cmpint (civic_case_get_channel (c), ==, CIVIC_CHANNEL_SOCIAL);
  }
  g_signal_emit_by_name (child (dialog, "copy_button"), "clicked");
  if (g_getenv ("CIVIC_TEST_SHOTS") != NULL)
    civic_ui_test_shoot (GTK_WIDGET (dialog), "new-case-created");
  gtk_window_close (GTK_WINDOW (dialog));

  /* the server returns: the case reaches it with the same number */
  civic_ui_city_restart (city);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.sync-now", NULL));
  g_assert_true (civic_ui_test_wait (civic_ui_test_outbox_empty, sync, 30000));
  {
    g_autofree char *token = civic_test_login (city->server, "advocate", "civicdesk-demo");
    g_autofree char *path = g_strconcat ("/api/v1/cases/", number, NULL);
    guint status = 0;
    g_autoptr(JsonNode) root = civic_test_request (city->server, "GET", path, token, NULL, NULL, &status, NULL);
    JsonObject *kase;

    g_assert_cmpuint (status, ==, 200);
    kase = json_object_get_object_member (json_node_get_object (root), "case");
    g_assert_cmpstr (json_object_get_string_member (kase, "service_request_id"), ==, number);
    g_assert_cmpstr (json_object_get_string_member (kase, "service_code"), ==, code);
    g_assert_cmpstr (json_object_get_string_member (kase, "channel"), ==, "social");
    g_assert_cmpstr (json_object_get_string_member (kase, "address"), ==, "Market Street and 5th");
  }

  civic_ui_test_window_close (window);
  civic_ui_city_free (city);
}

static char *
server_assignee (CivicUiCity *city,
                 const char  *request_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (assignee, '-') FROM cases WHERE request_id = '%s'",
                                          request_id);

  return g_strstrip (civic_test_sql (city->db, sql));
}

/* The queue's bulk assign: one entry, the toast says what happened, and
 * its Undo puts every case back, on the desk and on the server. */
static void
test_bulk_toast_undo (void)
{
  CivicUiCity *city = civic_ui_city_new (20);
  CivicConnectionManager *manager = civic_application_get_connection_manager (app);
  CivicWindow *window;
  CivicStore *store;
  CivicSync *sync;
  GtkWidget *overlay;
  AdwToast *toast;
  CivicBulkUndo *undo;
  CivicBulkChange change = { .action = CIVIC_BULK_ASSIGN, .assignee = "advocate" };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) before = NULL;
  guint i;

  civic_ui_test_reset_settings (app);
  window = civic_ui_test_window_new (app);
  g_assert_null (civic_ui_test_sign_in (window, civic_ui_city_url (city), "manager", "civicdesk-demo"));
  store = civic_connection_manager_get_store (manager);
  sync = civic_connection_manager_get_sync (manager);
  civic_ui_test_wait_idle (sync);
  {
    g_autofree char *list = civic_test_sql (city->db, "SELECT group_concat (request_id, ' ') FROM "
                                                      "(SELECT request_id FROM cases WHERE coalesce (assignee, '') "
                                                      "<> 'advocate' ORDER BY id LIMIT 5)");

    ids = g_strsplit (g_strstrip (list), " ", -1);
  }
  g_assert_cmpuint (g_strv_length (ids), ==, 5);
  before = g_new0 (char *, 6);
  for (i = 0; i < 5; i++)
    before[i] = server_assignee (city, ids[i]);

  undo = civic_queue_bulk_apply (store, sync, ids, &change, "manager", &error);
  g_assert_no_error (error);
  g_assert_nonnull (undo);
  overlay = g_object_ref_sink (adw_toast_overlay_new ());
  toast = civic_queue_bulk_toast_new (ADW_TOAST_OVERLAY (overlay), store, sync, undo, "manager");
  g_object_ref_sink (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Assigned 5 cases to advocate");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  g_assert_true (civic_ui_test_wait (civic_ui_test_outbox_empty, sync, 30000));
  for (i = 0; i < 5; i++)
    {
      g_autofree char *now = server_assignee (city, ids[i]);

      g_assert_cmpstr (now, ==, "advocate");
    }

  g_signal_emit_by_name (toast, "button-clicked");
  for (i = 0; i < 5; i++)
    {
      g_autoptr(CivicCase) c = civic_store_get_case (store, ids[i], &error);
      const char *mine = civic_case_get_assignee (c);

      g_assert_cmpstr (mine != NULL ? mine : "-", ==, before[i]);
    }
  g_assert_true (civic_ui_test_wait (civic_ui_test_outbox_empty, sync, 30000));
  for (i = 0; i < 5; i++)
    {
      g_autofree char *now = server_assignee (city, ids[i]);

      g_assert_cmpstr (now, ==, before[i]);
    }

  g_object_unref (toast);
  g_object_unref (overlay);
  civic_ui_test_window_close (window);
  civic_ui_city_free (city);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = civic_ui_test_init (&argc, &argv);

  g_test_add_func ("/app/new-case/create-offline", test_create_offline);
  g_test_add_func ("/app/queue-bulk/toast-undo", test_bulk_toast_undo);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
