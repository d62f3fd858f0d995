/* civic-open311-request-dialog.c: a new request to the city, in Open311 mode
 *
 * Built in code rather than a template: most of it (the service rows, the
 * city's questions) depends on what the city offers. Everything is
 * checked here before anything is sent, and the client checks the answers
 * against the stored definition again, so a missing answer never reaches
 * the city.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "civic-error.h"
#include "civic-open311-request-dialog.h"

struct _CivicOpen311RequestDialog
{
  AdwWindow                parent_instance;

  CivicOpen311Client      *client;
  CivicStore              *store;
  GCancellable            *cancellable;   /* the submission; cancelled in dispose */
  char                    *service_code;
  char                    *error;
  gboolean                 busy;

  GtkButton               *submit_button;
  GtkSpinner              *spinner;
  GtkWidget               *status_box;
  GtkLabel                *error_label;
  GtkLabel                *status_label;
  GtkSearchEntry          *search;
  GtkListBox              *services;
  GtkScrolledWindow       *services_scroll;
  GtkWidget               *scroll_to;     /* a chosen row not yet laid out */
  GtkLabel                *service_label;
  CivicOpen311RequestForm *form;
  GtkToggleButton         *by_address;
  GtkToggleButton         *by_point;
  AdwEntryRow             *address;
  AdwEntryRow             *lat;
  AdwEntryRow             *lon;
  GtkTextView             *description;
  GtkLabel                *counter;
  AdwEntryRow             *first_name;
  AdwEntryRow             *last_name;
  AdwEntryRow             *email;
  AdwEntryRow             *phone;
};

G_DEFINE_FINAL_TYPE (CivicOpen311RequestDialog, civic_open311_request_dialog, ADW_TYPE_WINDOW)

enum {
  SUBMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- small helpers ----------------------------------------------------- */

/* an empty box would still take its share of the spacing at the top */
static void
update_status_box (CivicOpen311RequestDialog *self)
{
  gtk_widget_set_visible (self->status_box,
                          gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ||
                          gtk_widget_get_visible (GTK_WIDGET (self->status_label)));
}

static void
show_error_full (CivicOpen311RequestDialog *self,
                 const char                *message,
                 gboolean                   on_top)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && on_top);
  update_status_box (self);
}

static void
show_error (CivicOpen311RequestDialog *self,
            const char                *message)
{
  show_error_full (self, message, TRUE);
}

static void
set_busy (CivicOpen311RequestDialog *self,
          gboolean                   busy,
          const char                *status)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_label_set_label (self->status_label, status ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status != NULL);
  update_status_box (self);
}

static char *
dup_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static char *
dup_description (CivicOpen311RequestDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
mark (GtkWidget *widget,
      gboolean   wrong)
{
  if (wrong)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

/* A coordinate as a clerk types it: "40.7128" (a comma as the decimal
 * mark too); FALSE for anything else or out of @limit. */
static gboolean
parse_coordinate (const char *text,
                  double      limit,
                  double     *out)
{
  g_autofree char *copy = NULL;
  char *end = NULL;

  if (text == NULL)
    return FALSE;
  copy = g_strdelimit (g_strdup (text), ",", '.');
  *out = g_ascii_strtod (copy, &end);
  return end != copy && *end == '\0' && *out >= -limit && *out <= limit;
}

/* ---- services ---------------------------------------------------------- */

static gboolean
service_filter (GtkListBoxRow *row,
                gpointer       user_data)
{
  CivicOpen311RequestDialog *self = user_data;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search));
  const char *haystack = g_object_get_data (G_OBJECT (row), "civic-search");
  g_autofree char *needle = NULL;

  if (query == NULL || *query == '\0')
    return TRUE;
  needle = g_utf8_casefold (query, -1);
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

static void
search_changed_cb (CivicOpen311RequestDialog *self)
{
  gtk_list_box_invalidate_filter (self->services);
}

static void
fill_services (CivicOpen311RequestDialog *self)
{
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;

  services = civic_store_list_services (self->store, &error);
  if (services == NULL || services->len == 0)
    {
      show_error (self, error != NULL ? error->message
                  : _("The city's services have not been read yet. Sync now (Ctrl+R) and try again."));
      return;
    }

  for (guint i = 0; i < services->len; i++)
    {
      CivicService *service = g_ptr_array_index (services, i);
      const char *name = civic_service_get_name (service);
      const char *group = civic_service_get_group (service);
      const char *description = civic_service_get_description (service);
      g_autofree char *joined = NULL;
      g_autofree char *search = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name ? name : civic_service_get_code (service));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (group != NULL && *group != '\0')
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), group);
      gtk_widget_set_tooltip_text (row, description);
      gtk_widget_set_visible (check, FALSE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

      joined = g_strjoin (" ", name ? name : "", group ? group : "",
                          description ? description : "", civic_service_get_code (service), NULL);
      search = g_utf8_casefold (joined, -1);
      g_object_set_data_full (G_OBJECT (row), "civic-search", g_steal_pointer (&search), g_free);
      g_object_set_data_full (G_OBJECT (row), "civic-code",
                              g_strdup (civic_service_get_code (service)), g_free);
      g_object_set_data_full (G_OBJECT (row), "civic-name",
                              g_strdup (name ? name : civic_service_get_code (service)), g_free);
      g_object_set_data (G_OBJECT (row), "civic-check", check);
      gtk_list_box_append (self->services, row);
    }
}

/* Now, or once the list has its size (a row chosen before the dialog
 * is shown, as a draft or a test does). */
static void
scroll_to_chosen (CivicOpen311RequestDialog *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->services_scroll);
  graphene_point_t at;

  if (self->scroll_to == NULL || gtk_adjustment_get_upper (adj) <= 0 ||
      !gtk_widget_compute_point (self->scroll_to, GTK_WIDGET (self->services),
                                 &GRAPHENE_POINT_INIT (0, 0), &at))
    return;
  gtk_adjustment_clamp_page (adj, at.y, at.y + gtk_widget_get_height (self->scroll_to));
}

/* The adjustment changes in the layout of the list; the rows have their
 * places once that layout is over, which a default idle comes after. */
static gboolean
scroll_idle_cb (gpointer user_data)
{
  CivicOpen311RequestDialog *self = user_data;

  if (self->scroll_to != NULL && gtk_widget_get_height (self->scroll_to) > 0)
    {
      scroll_to_chosen (self);
      self->scroll_to = NULL;
    }
  return G_SOURCE_REMOVE;
}

static void
adjustment_changed_cb (CivicOpen311RequestDialog *self)
{
  if (self->scroll_to != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, scroll_idle_cb, g_object_ref (self), g_object_unref);
}

static void
choose_row (CivicOpen311RequestDialog *self,
            GtkListBoxRow             *chosen)
{
  const char *code = g_object_get_data (G_OBJECT (chosen), "civic-code");
  g_autoptr(CivicOpen311Definition) def = NULL;
  g_autofree char *label = NULL;
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->services));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      gtk_widget_set_visible (g_object_get_data (G_OBJECT (child), "civic-check"),
                              child == GTK_WIDGET (chosen));

  g_free (self->service_code);
  self->service_code = g_strdup (code);
  /* TRANSLATORS: under the service list, %s is e.g. "Pothole" */
  label = g_strdup_printf (_("Chosen: %s"), (const char *) g_object_get_data (G_OBJECT (chosen), "civic-name"));
  gtk_label_set_label (self->service_label, label);
  /* keeps the chosen row, with its check mark, in view in the short list */
  self->scroll_to = GTK_WIDGET (chosen);
  if (gtk_widget_get_height (self->scroll_to) > 0)
    scroll_idle_cb (self);
  gtk_widget_remove_css_class (GTK_WIDGET (self->service_label), "dim-label");

  /* no definition (metadata=false, or not read): no questions */
  def = civic_open311_client_lookup_definition (self->client, code, NULL);
  civic_open311_request_form_set_definition (self->form, def);
  gtk_widget_set_visible (GTK_WIDGET (self->form), def != NULL && def->attributes->len > 0);
  show_error (self, NULL);
}

static void
row_activated_cb (CivicOpen311RequestDialog *self,
                  GtkListBoxRow             *row)
{
  choose_row (self, row);
}

/* ---- location and description ------------------------------------------ */

static void
location_kind_cb (CivicOpen311RequestDialog *self)
{
  gboolean by_point = gtk_toggle_button_get_active (self->by_point);

  gtk_widget_set_visible (GTK_WIDGET (self->address), !by_point);
  gtk_widget_set_visible (GTK_WIDGET (self->lat), by_point);
  gtk_widget_set_visible (GTK_WIDGET (self->lon), by_point);
}

static void
description_changed_cb (CivicOpen311RequestDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description);
  int n = gtk_text_buffer_get_char_count (buffer);
  g_autofree char *text = NULL;

  /* TRANSLATORS: characters used of the most allowed, e.g. "120 / 4,000" */
  text = g_strdup_printf (_("%d / %s"), n, "4,000");
  gtk_label_set_label (self->counter, text);
  mark (GTK_WIDGET (self->counter), n > CIVIC_OPEN311_DESCRIPTION_MAX);
}

/* ---- submitting -------------------------------------------------------- */

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CivicOpen311RequestDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CivicCase) kase = NULL;

  kase = civic_open311_client_submit_finish (CIVIC_OPEN311_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE, NULL);
  if (kase == NULL)
    {
      /* every field stays as it was: fix and submit again */
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SUBMITTED], 0, kase);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
waiting_cb (CivicOpen311RequestDialog *self)
{
  if (self->busy)
    set_busy (self, TRUE, _("Waiting for the city to assign a number…"));
}

void
civic_open311_request_dialog_submit (CivicOpen311RequestDialog *self)
{
  g_autoptr(CivicOpen311Submission) sub = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  gboolean by_point;

  g_return_if_fail (CIVIC_IS_OPEN311_REQUEST_DIALOG (self));

  if (self->busy)
    return;
  mark (GTK_WIDGET (self->address), FALSE);
  mark (GTK_WIDGET (self->lat), FALSE);
  mark (GTK_WIDGET (self->lon), FALSE);

  if (self->service_code == NULL)
    {
      show_error (self, _("Choose the kind of problem first."));
      return;
    }

  sub = civic_open311_submission_new ();
  sub->service_code = g_strdup (self->service_code);

  if (gtk_widget_get_visible (GTK_WIDGET (self->form)))
    {
      sub->attributes = civic_open311_request_form_get_answers (self->form, &error);
      if (sub->attributes == NULL)
        {
          /* the form says it under the question, and marks the field */
          show_error_full (self, error->message, FALSE);
          return;
        }
    }

  by_point = gtk_toggle_button_get_active (self->by_point);
  if (!by_point)
    {
      sub->address_string = dup_text (self->address);
      if (sub->address_string == NULL)
        {
          mark (GTK_WIDGET (self->address), TRUE);
          show_error (self, _("Say where the problem is: enter an address, or switch to coordinates."));
          return;
        }
    }
  else
    {
      g_autofree char *lat = dup_text (self->lat);
      g_autofree char *lon = dup_text (self->lon);

      if (!parse_coordinate (lat, 90, &sub->lat))
        {
          mark (GTK_WIDGET (self->lat), TRUE);
          show_error (self, _("The latitude must be a number between -90 and 90, like 40.7128."));
          return;
        }
      if (!parse_coordinate (lon, 180, &sub->lon))
        {
          mark (GTK_WIDGET (self->lon), TRUE);
          show_error (self, _("The longitude must be a number between -180 and 180, like -74.0060."));
          return;
        }
      sub->has_location = TRUE;
    }

  description = dup_description (self);
  if (description != NULL && g_utf8_strlen (description, -1) > CIVIC_OPEN311_DESCRIPTION_MAX)
    {
      g_autofree char *message =
        g_strdup_printf (_("The description is too long: at most 4,000 characters, this one has %ld."),
                         (long) g_utf8_strlen (description, -1));
      show_error (self, message);
      return;
    }
  sub->description = g_steal_pointer (&description);
  sub->first_name = dup_text (self->first_name);
  sub->last_name = dup_text (self->last_name);
  sub->email = dup_text (self->email);
  sub->phone = dup_text (self->phone);
  if (sub->email != NULL && strchr (sub->email, '@') == NULL)
    {
      mark (GTK_WIDGET (self->email), TRUE);
      show_error (self, _("The email address needs an @, like name@example.org."));
      return;
    }
  mark (GTK_WIDGET (self->email), FALSE);

  show_error (self, NULL);
  set_busy (self, TRUE, _("Sending the request to the city…"));
  civic_open311_client_submit_async (self->client, sub, self->cancellable,
                                     submitted_cb, g_object_ref (self));
}

/* ---- building ---------------------------------------------------------- */

static AdwEntryRow *
add_entry_row (AdwPreferencesGroup *group,
               const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

static GtkWidget *
new_group (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

static void
build (CivicOpen311RequestDialog *self)
{
  GtkWidget *toolbar, *header, *cancel, *scrolled, *clamp, *box, *group, *frame, *list_scroll;
  GtkWidget *linked, *counter, *title, *status_box;

  toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  title = adw_window_title_new (_("New Request"), NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->submit_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Submit")));
  gtk_widget_add_css_class (GTK_WIDGET (self->submit_button), "suggested-action");
  g_signal_connect_swapped (self->submit_button, "clicked",
                            G_CALLBACK (civic_open311_request_dialog_submit), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->submit_button));
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->spinner));
  gtk_box_append (GTK_BOX (toolbar), header);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 600);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (toolbar), scrolled);

  /* what went wrong and what is happening, first thing in view */
  status_box = self->status_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_visible (status_box, FALSE);
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (status_box), GTK_WIDGET (self->error_label));
  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_xalign (self->status_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  gtk_box_append (GTK_BOX (status_box), GTK_WIDGET (self->status_label));
  gtk_box_append (GTK_BOX (box), status_box);

  /* the service */
  group = new_group (_("Kind of Problem"), NULL);
  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search, "placeholder-text", _("Search services"), NULL);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->search), 6);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (search_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->search));
  self->services = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->services, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->services), "boxed-list");
  gtk_list_box_set_filter_func (self->services, service_filter, self, NULL);
  g_signal_connect_swapped (self->services, "row-activated", G_CALLBACK (row_activated_cb), self);
  list_scroll = gtk_scrolled_window_new ();
  self->services_scroll = GTK_SCROLLED_WINDOW (list_scroll);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->services_scroll), "changed",
                           G_CALLBACK (adjustment_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (list_scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (list_scroll), TRUE);
  /* a few rows in view at once, however long the city's list */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (list_scroll), 220);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (list_scroll), 220);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (list_scroll), GTK_WIDGET (self->services));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list_scroll);
  self->service_label = GTK_LABEL (gtk_label_new (_("No service chosen yet")));
  gtk_label_set_xalign (self->service_label, 0);
  gtk_widget_set_margin_top (GTK_WIDGET (self->service_label), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->service_label), "dim-label");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->service_label));
  gtk_box_append (GTK_BOX (box), group);

  /* the city's questions for it */
  self->form = CIVIC_OPEN311_REQUEST_FORM (civic_open311_request_form_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->form), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->form));

  /* where */
  group = new_group (_("Location"), _("An address, or a latitude and longitude"));
  linked = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (linked, "linked");
  gtk_widget_set_valign (linked, GTK_ALIGN_CENTER);
  self->by_address = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_mnemonic (_("_Address")));
  self->by_point = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_mnemonic (_("C_oordinates")));
  gtk_toggle_button_set_group (self->by_point, self->by_address);
  gtk_toggle_button_set_active (self->by_address, TRUE);
  g_signal_connect_swapped (self->by_point, "toggled", G_CALLBACK (location_kind_cb), self);
  gtk_box_append (GTK_BOX (linked), GTK_WIDGET (self->by_address));
  gtk_box_append (GTK_BOX (linked), GTK_WIDGET (self->by_point));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), linked);
  self->address = add_entry_row (ADW_PREFERENCES_GROUP (group), _("Address"));
  self->lat = add_entry_row (ADW_PREFERENCES_GROUP (group), _("Latitude, like 40.7128"));
  self->lon = add_entry_row (ADW_PREFERENCES_GROUP (group), _("Longitude, like -74.0060"));
  location_kind_cb (self);
  gtk_box_append (GTK_BOX (box), group);

  /* what */
  group = new_group (_("Description"), NULL);
  counter = gtk_label_new (NULL);
  self->counter = GTK_LABEL (counter);
  gtk_widget_add_css_class (counter, "dim-label");
  gtk_widget_add_css_class (counter, "numeric");
  gtk_widget_set_valign (counter, GTK_ALIGN_END);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), counter);
  self->description = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->description, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (self->description, 10);
  gtk_text_view_set_bottom_margin (self->description, 10);
  gtk_text_view_set_left_margin (self->description, 12);
  gtk_text_view_set_right_margin (self->description, 12);
  gtk_text_view_set_accepts_tab (self->description, FALSE);
  gtk_widget_set_size_request (GTK_WIDGET (self->description), -1, 110);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->description),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Description"), -1);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->description), "changed",
                            G_CALLBACK (description_changed_cb), self);
  frame = gtk_frame_new (NULL);
  gtk_widget_add_css_class (frame, "view");
  gtk_widget_add_css_class (frame, "card");
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->description));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  description_changed_cb (self);
  gtk_box_append (GTK_BOX (box), group);

  /* who (optional) */
  group = new_group (_("Contact"), _("Optional: the city may use it to follow up"));
  self->first_name = add_entry_row (ADW_PREFERENCES_GROUP (group), _("First name"));
  self->last_name = add_entry_row (ADW_PREFERENCES_GROUP (group), _("Last name"));
  self->email = add_entry_row (ADW_PREFERENCES_GROUP (group), _("Email"));
  gtk_editable_set_enable_undo (GTK_EDITABLE (self->email), TRUE);
  self->phone = add_entry_row (ADW_PREFERENCES_GROUP (group), _("Phone"));
  gtk_box_append (GTK_BOX (box), group);

  adw_window_set_content (ADW_WINDOW (self), toolbar);
}

/* ---- GObject ----------------------------------------------------------- */

static void
civic_open311_request_dialog_dispose (GObject *object)
{
  CivicOpen311RequestDialog *self = CIVIC_OPEN311_REQUEST_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (civic_open311_request_dialog_parent_class)->dispose (object);
}

static void
civic_open311_request_dialog_finalize (GObject *object)
{
  CivicOpen311RequestDialog *self = CIVIC_OPEN311_REQUEST_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->service_code, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (civic_open311_request_dialog_parent_class)->finalize (object);
}

static void
civic_open311_request_dialog_class_init (CivicOpen311RequestDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = civic_open311_request_dialog_dispose;
  object_class->finalize = civic_open311_request_dialog_finalize;

  /**
   * CivicOpen311RequestDialog::submitted:
   * @kase: the new case, with the city's service_request_id
   */
  signals[SUBMITTED] = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, CIVIC_TYPE_CASE);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
civic_open311_request_dialog_init (CivicOpen311RequestDialog *self)
{
  self->cancellable = g_cancellable_new ();
  build (self);
}

/* ---- public API -------------------------------------------------------- */

CivicOpen311RequestDialog *
civic_open311_request_dialog_new (GtkWindow          *parent,
                                  CivicOpen311Client *client,
                                  CivicStore         *store)
{
  CivicOpen311RequestDialog *self;

  g_return_val_if_fail (CIVIC_IS_OPEN311_CLIENT (client), NULL);
  g_return_val_if_fail (CIVIC_IS_STORE (store), NULL);

  self = g_object_new (CIVIC_TYPE_OPEN311_REQUEST_DIALOG,
                       "title", _("New Request"),
                       "modal", TRUE,
                       "transient-for", parent,
                       "default-width", 560,
                       "default-height", 720,
                       NULL);
  self->client = g_object_ref (client);
  self->store = g_object_ref (store);
  g_signal_connect_swapped (client, "waiting-for-number", G_CALLBACK (waiting_cb), self);
  fill_services (self);
  return self;
}

gboolean
civic_open311_request_dialog_select_service (CivicOpen311RequestDialog *self,
                                             const char                *service_code)
{
  GtkWidget *child;

  g_return_val_if_fail (CIVIC_IS_OPEN311_REQUEST_DIALOG (self), FALSE);

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->services));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) &&
        g_strcmp0 (g_object_get_data (G_OBJECT (child), "civic-code"), service_code) == 0)
      {
        gtk_widget_activate (child);
        return TRUE;
      }
  return FALSE;
}

const char *
civic_open311_request_dialog_get_service (CivicOpen311RequestDialog *self)
{
  g_return_val_if_fail (CIVIC_IS_OPEN311_REQUEST_DIALOG (self), NULL);
  return self->service_code;
}

void
civic_open311_request_dialog_set_search (CivicOpen311RequestDialog *self,
                                         const char                *text)
{
  g_return_if_fail (CIVIC_IS_OPEN311_REQUEST_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search), text ? text : "");
  /* search-changed waits a moment for more typing; a caller wants it now */
  gtk_list_box_invalidate_filter (self->services);
}

guint
civic_open311_request_dialog_count_shown (CivicOpen311RequestDialog *self)
{
  GtkWidget *child;
  guint n = 0;

  g_return_val_if_fail (CIVIC_IS_OPEN311_REQUEST_DIALOG (self), 0);

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->services));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && service_filter (GTK_LIST_BOX_ROW (child), self))
      n++;
  return n;
}

CivicOpen311RequestForm *
civic_open311_request_dialog_get_form (CivicOpen311RequestDialog *self)
{
  g_return_val_if_fail (CIVIC_IS_OPEN311_REQUEST_DIALOG (self), NULL);
  return self->form;
}

void
civic_open311_request_dialog_set_address (CivicOpen311RequestDialog *self,
                                          const char                *address)
{
  g_return_if_fail (CIVIC_IS_OPEN311_REQUEST_DIALOG (self));
  gtk_toggle_button_set_active (self->by_address, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->address), address ? address : "");
}

void
civic_open311_request_dialog_set_location (CivicOpen311RequestDialog *self,
                                           const char                *lat,
                                           const char                *lon)
{
  g_return_if_fail (CIVIC_IS_OPEN311_REQUEST_DIALOG (self));
  gtk_toggle_button_set_active (self->by_point, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->lat), lat ? lat : "");
  gtk_editable_set_text (GTK_EDITABLE (self->lon), lon ? lon : "");
}

void
civic_open311_request_dialog_set_description (CivicOpen311RequestDialog *self,
                                              const char                *text)
{
  g_return_if_fail (CIVIC_IS_OPEN311_REQUEST_DIALOG (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description), text ? text : "", -1);
}

void
civic_open311_request_dialog_set_contact (CivicOpen311RequestDialog *self,
                                          const char                *first_name,
                                          const char                *last_name,
                                          const char                *email,
                                          const char                *phone)
{
  g_return_if_fail (CIVIC_IS_OPEN311_REQUEST_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->first_name), first_name ? first_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->last_name), last_name ? last_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->email), email ? email : "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone), phone ? phone : "");
}

gboolean
civic_open311_request_dialog_get_busy (CivicOpen311RequestDialog *self)
{
  g_return_val_if_fail (CIVIC_IS_OPEN311_REQUEST_DIALOG (self), FALSE);
  return self->busy;
}

const char *
civic_open311_request_dialog_get_error (CivicOpen311RequestDialog *self)
{
  g_return_val_if_fail (CIVIC_IS_OPEN311_REQUEST_DIALOG (self), NULL);
  return self->error;
}

const char *
civic_open311_request_dialog_get_status (CivicOpen311RequestDialog *self)
{
  g_return_val_if_fail (CIVIC_IS_OPEN311_REQUEST_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->status_label))
         ? gtk_label_get_label (self->status_label) : NULL;
}
