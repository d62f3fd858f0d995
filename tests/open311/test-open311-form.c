/* test-open311-form.c: a request form from a city's service definition
 *
 * Built from Washington DC's real definition (XML) and from one asking
 * every datatype; filled through its widgets; required answers refused in
 * words; the answers are what the client sends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <string.h>

#include "civic-error.h"
#include "civic-ui-test-util.h"
#include "open311/civic-open311-request-form.h"

static const char all_types[] =
  "{\"service_code\":\"trees\",\"attributes\":["
  "{\"variable\":true,\"code\":\"where\",\"datatype\":\"string\",\"required\":true,\"order\":1,"
  "\"description\":\"Where exactly?\",\"values\":[]},"
  "{\"variable\":true,\"code\":\"trees\",\"datatype\":\"number\",\"required\":false,\"order\":2,"
  "\"description\":\"How many trees\",\"values\":[]},"
  "{\"variable\":true,\"code\":\"seen\",\"datatype\":\"datetime\",\"required\":false,\"order\":3,"
  "\"description\":\"When was it seen\",\"values\":[]},"
  "{\"variable\":true,\"code\":\"story\",\"datatype\":\"text\",\"required\":false,\"order\":4,"
  "\"description\":\"What happened\",\"values\":[]},"
  "{\"variable\":true,\"code\":\"size\",\"datatype\":\"singlevaluelist\",\"required\":true,\"order\":5,"
  "\"description\":\"How big\",\"values\":[{\"key\":\"small\",\"name\":\"Small\"},{\"key\":\"large\",\"name\":\"Large\"}]},"
  "{\"variable\":true,\"code\":\"damage\",\"datatype\":\"multivaluelist\",\"required\":false,\"order\":6,"
  "\"description\":\"What is damaged\",\"values\":[{\"key\":\"bark\",\"name\":\"Bark\"},"
  "{\"key\":\"roots\",\"name\":\"Roots\"},{\"key\":\"limbs\",\"name\":\"Limbs\"}]},"
  "{\"variable\":true,\"code\":\"photo\",\"datatype\":\"image\",\"required\":false,\"order\":7,"
  "\"description\":\"An unknown datatype\",\"values\":[]},"
  "{\"variable\":false,\"code\":\"notice\",\"datatype\":\"text\",\"required\":false,\"order\":8,"
  "\"description\":\"Call 911 if a tree is falling\",\"values\":[]}]}";

static GtkWindow *
show (GtkWidget *form)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_child (GTK_WINDOW (window), form);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static GtkWidget *
message_label (GtkWidget *form)
{
  return GTK_WIDGET (gtk_widget_get_template_child (form, CIVIC_TYPE_OPEN311_REQUEST_FORM, "message"));
}

static const char *
only (GHashTable *answers,
      const char *code)
{
  GPtrArray *values = g_hash_table_lookup (answers, code);

  g_assert_nonnull (values);
  g_assert_cmpuint (values->len, ==, 1);
  return g_ptr_array_index (values, 0);
}

static void
test_dc_definition (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("CIVIC_FIXTURES"), "open311", "dc-services-S0301.xml", NULL);
  g_autofree char *data = NULL;
  g_autoptr(CivicOpen311Definition) def = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *form = civic_open311_request_form_new ();
  GtkWindow *window = show (form);
  GtkWidget *row;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  def = civic_open311_parse_definition (data, len, CIVIC_OPEN311_FORMAT_XML, &error);
  g_assert_no_error (error);
  civic_open311_request_form_set_definition (CIVIC_OPEN311_REQUEST_FORM (form), def);

  row = civic_open311_request_form_get_field (CIVIC_OPEN311_REQUEST_FORM (form), "WHISPOLO");
  g_assert_true (ADW_IS_COMBO_ROW (row));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "required"));
  /* variable=false: information, not a question */
  row = civic_open311_request_form_get_field (CIVIC_OPEN311_REQUEST_FORM (form), "DSITR001");
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "potholes"));

  /* nothing chosen: the required question is named in the message */
  answers = civic_open311_request_form_get_answers (CIVIC_OPEN311_REQUEST_FORM (form), &error);
  g_assert_null (answers);
  g_assert_error (error, CIVIC_ERROR, CIVIC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "must be answered"));
  g_assert_true (gtk_widget_get_visible (message_label (form)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message_label (form))), ==, error->message);
  g_assert_true (gtk_widget_has_css_class (civic_open311_request_form_get_field (CIVIC_OPEN311_REQUEST_FORM (form),
                                                                                  "WHISPOLO"), "error"));
  g_clear_error (&error);

  /* the clerk picks the first choice */
  adw_combo_row_set_selected (ADW_COMBO_ROW (civic_open311_request_form_get_field (CIVIC_OPEN311_REQUEST_FORM (form),
                                                                                    "WHISPOLO")), 1);
  answers = civic_open311_request_form_get_answers (CIVIC_OPEN311_REQUEST_FORM (form), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (only (answers, "WHISPOLO"), ==,
                   ((CivicOpen311Value *) g_ptr_array_index (civic_open311_definition_lookup (def, "WHISPOLO")->values,
                                                             0))->key);
  /* unanswered optional questions and information are not sent */
  g_assert_false (g_hash_table_contains (answers, "ISITHAZA"));
  g_assert_false (g_hash_table_contains (answers, "DSITR001"));
  g_assert_cmpuint (g_hash_table_size (answers), ==, 1);
  g_assert_false (gtk_widget_get_visible (message_label (form)));

  gtk_window_destroy (window);
}

static void
test_every_datatype (void)
{
  g_autoptr(CivicOpen311Definition) def = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(GError) error = NULL;
  CivicOpen311RequestForm *form = CIVIC_OPEN311_REQUEST_FORM (civic_open311_request_form_new ());
  GtkWindow *window = show (GTK_WIDGET (form));
  GtkWidget *story;
  GPtrArray *damage;
  gint64 seen, expected;

  def = civic_open311_parse_definition (all_types, strlen (all_types), CIVIC_OPEN311_FORMAT_JSON, &error);
  g_assert_no_error (error);
  civic_open311_request_form_set_definition (form, def);

  g_assert_true (ADW_IS_ENTRY_ROW (civic_open311_request_form_get_field (form, "where")));
  g_assert_true (ADW_IS_ENTRY_ROW (civic_open311_request_form_get_field (form, "trees")));
  g_assert_true (ADW_IS_ENTRY_ROW (civic_open311_request_form_get_field (form, "seen")));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                              civic_open311_request_form_get_field (form, "seen"))), "2026-05-04 09:30"));
  story = civic_open311_request_form_get_field (form, "story");
  g_assert_true (GTK_IS_TEXT_VIEW (story));
  g_assert_true (ADW_IS_COMBO_ROW (civic_open311_request_form_get_field (form, "size")));
  g_assert_true (ADW_IS_EXPANDER_ROW (civic_open311_request_form_get_field (form, "damage")));
  g_assert_true (GTK_IS_CHECK_BUTTON (civic_open311_request_form_get_choice (form, "damage", "roots")));
  g_assert_null (civic_open311_request_form_get_choice (form, "damage", "leaves"));
  /* an unknown datatype is asked as free text */
  g_assert_true (ADW_IS_ENTRY_ROW (civic_open311_request_form_get_field (form, "photo")));
  g_assert_true (ADW_IS_ACTION_ROW (civic_open311_request_form_get_field (form, "notice")));

  /* two required questions unanswered: the first is named, both marked */
  answers = civic_open311_request_form_get_answers (form, &error);
  g_assert_null (answers);
  g_assert_cmpstr (error->message, ==, "“Where exactly?” must be answered.");
  g_assert_true (gtk_widget_has_css_class (civic_open311_request_form_get_field (form, "size"), "error"));
  g_clear_error (&error);

  gtk_editable_set_text (GTK_EDITABLE (civic_open311_request_form_get_field (form, "where")), "  By the school gate ");
  adw_combo_row_set_selected (ADW_COMBO_ROW (civic_open311_request_form_get_field (form, "size")), 2);
  gtk_editable_set_text (GTK_EDITABLE (civic_open311_request_form_get_field (form, "trees")), "two");
  /* marked as it is typed */
  g_assert_true (gtk_widget_has_css_class (civic_open311_request_form_get_field (form, "trees"), "error"));
  answers = civic_open311_request_form_get_answers (form, &error);
  g_assert_null (answers);
  g_assert_cmpstr (error->message, ==, "“How many trees” needs a number, such as 3 or 2.5, not “two”.");
  g_assert_false (gtk_widget_has_css_class (civic_open311_request_form_get_field (form, "where"), "error"));
  g_clear_error (&error);

  gtk_editable_set_text (GTK_EDITABLE (civic_open311_request_form_get_field (form, "trees")), "2");
  gtk_editable_set_text (GTK_EDITABLE (civic_open311_request_form_get_field (form, "seen")), "yesterday");
  answers = civic_open311_request_form_get_answers (form, &error);
  g_assert_null (answers);
  g_assert_nonnull (strstr (error->message, "needs a date and time"));
  g_clear_error (&error);

  gtk_editable_set_text (GTK_EDITABLE (civic_open311_request_form_get_field (form, "seen")), "2026-05-04 09:30");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (story)), "Bark stripped\non two trees", -1);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (civic_open311_request_form_get_choice (form, "damage", "bark")), TRUE);
  g_assert_true (civic_open311_request_form_set_answer (form, "damage", "limbs"));
  g_assert_false (civic_open311_request_form_set_answer (form, "damage", "leaves"));
  g_assert_false (civic_open311_request_form_set_answer (form, "notice", "x"));
  answers = civic_open311_request_form_get_answers (form, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (only (answers, "where"), ==, "By the school gate");
  g_assert_cmpstr (only (answers, "trees"), ==, "2");
  g_assert_cmpstr (only (answers, "story"), ==, "Bark stripped\non two trees");
  g_assert_cmpstr (only (answers, "size"), ==, "large");
  /* a datetime goes out in w3 format with this desk's zone */
  g_assert_true (civic_open311_parse_datetime (only (answers, "seen"), NULL, &seen));
  {
    g_autoptr(GTimeZone) local = g_time_zone_new_local ();

    g_assert_true (civic_open311_parse_datetime ("2026-05-04T09:30:00", local, &expected));
  }
  g_assert_cmpint (seen, ==, expected);
  g_assert_true (strlen (only (answers, "seen")) == strlen ("2026-05-04T09:30:00+00:00"));
  damage = g_hash_table_lookup (answers, "damage");
  g_assert_cmpuint (damage->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (damage, 0), ==, "bark");
  g_assert_cmpstr (g_ptr_array_index (damage, 1), ==, "limbs");
  g_assert_false (g_hash_table_contains (answers, "photo"));
  g_assert_false (g_hash_table_contains (answers, "notice"));
  g_assert_cmpuint (g_hash_table_size (answers), ==, 6);

  /* a new definition replaces every question */
  civic_open311_request_form_set_definition (form, NULL);
  g_assert_null (civic_open311_request_form_get_field (form, "where"));
  g_clear_pointer (&answers, g_hash_table_unref);
  answers = civic_open311_request_form_get_answers (form, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (answers), ==, 0);

  gtk_window_destroy (window);
}

int
main (int argc, char **argv)
{
  g_autoptr(CivicApplication) app = civic_ui_test_init (&argc, &argv);

  g_test_add_func ("/open311/form/dc-definition", test_dc_definition);
  g_test_add_func ("/open311/form/every-datatype", test_every_datatype);
  return g_test_run ();
}
