/* civic-briefing-export.c: saving the briefing as PDF or CSV, and
 * printing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "civic-config.h"

#include "civic-briefing-export.h"

#include <glib/gi18n.h>

#include "civic-briefing-csv.h"

static GtkWindow *
parent_window (CivicBriefingView *view)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (view));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
say_error (CivicBriefingView *view,
           const char        *heading,
           const char        *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (view), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
say_done (CivicBriefingView *view,
          const char        *text)
{
  GtkWidget *w = GTK_WIDGET (view);

  /* the nearest toast overlay up the tree, if any */
  while (w != NULL && !ADW_IS_TOAST_OVERLAY (w))
    w = gtk_widget_get_parent (w);
  if (w != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (w), adw_toast_new (text));
}

static char *
default_name (const CivicBriefing *b,
              const char          *suffix)
{
  char date[16];

  g_date_strftime (date, sizeof date, "%Y-%m-%d", &b->day);
  return g_strdup_printf ("briefing-%s%s", date, suffix);
}

typedef struct
{
  CivicBriefingView *view;
  CivicPaper         paper;
} Ask;

static void
pdf_chosen_cb (GtkNativeDialog *dialog,
               int              response,
               gpointer         data)
{
  Ask *ask = data;
  const CivicBriefing *b = civic_briefing_view_get_briefing (ask->view);

  if (response == GTK_RESPONSE_ACCEPT && b != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        say_error (ask->view, _("Briefing Not Saved"), _("Choose a folder on this computer."));
      else if (!civic_briefing_export_pdf (b, civic_briefing_view_get_city (ask->view), ask->paper, path, &error))
        say_error (ask->view, _("Briefing Not Saved"), error->message);
      else
        say_done (ask->view, _("Briefing saved as PDF"));
    }
  g_object_unref (ask->view);
  g_free (ask);
  g_object_unref (dialog);
}

void
civic_briefing_export_pdf_ask (CivicBriefingView *view,
                               CivicPaper         paper)
{
  const CivicBriefing *b = civic_briefing_view_get_briefing (view);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  Ask *ask;

  if (b == NULL)
    return;
  dialog = gtk_file_chooser_native_new (_("Save Briefing as PDF"), parent_window (view),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  name = default_name (b, ".pdf");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  ask = g_new0 (Ask, 1);
  ask->view = g_object_ref (view);
  ask->paper = paper;
  g_signal_connect (dialog, "response", G_CALLBACK (pdf_chosen_cb), ask);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
csv_chosen_cb (GtkNativeDialog *dialog,
               int              response,
               gpointer         data)
{
  CivicBriefingView *view = data;
  const CivicBriefing *b = civic_briefing_view_get_briefing (view);

  if (response == GTK_RESPONSE_ACCEPT && b != NULL)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (folder);
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        say_error (view, _("Tables Not Saved"), _("Choose a folder on this computer."));
      else if (!civic_briefing_write_csv (b, path, NULL, &error))
        say_error (view, _("Tables Not Saved"), error->message);
      else
        say_done (view, _("Briefing tables saved as CSV"));
    }
  g_object_unref (view);
  g_object_unref (dialog);
}

void
civic_briefing_export_csv_ask (CivicBriefingView *view)
{
  GtkFileChooserNative *dialog;

  if (civic_briefing_view_get_briefing (view) == NULL)
    return;
  dialog = gtk_file_chooser_native_new (_("Save Briefing Tables in Folder"), parent_window (view),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Save Here"), _("_Cancel"));
  g_signal_connect (dialog, "response", G_CALLBACK (csv_chosen_cb), g_object_ref (view));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- printing ----------------------------------------------------------- */

typedef struct
{
  CivicBriefingView *view;
  CivicBriefingDoc  *doc;
} Print;

static void
begin_print_cb (GtkPrintOperation *op,
                GtkPrintContext   *context,
                gpointer           data)
{
  Print *p = data;
  const CivicBriefing *b = civic_briefing_view_get_briefing (p->view);

  p->doc = civic_briefing_doc_new (b, civic_briefing_view_get_city (p->view),
                                   gtk_print_context_get_width (context),
                                   gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (op, civic_briefing_doc_paginate (p->doc, gtk_print_context_get_cairo_context (context)));
}

static void
draw_page_cb (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page,
              gpointer           data)
{
  Print *p = data;

  civic_briefing_doc_draw_page (p->doc, gtk_print_context_get_cairo_context (context), (guint) page);
}

static void
print_free (gpointer data)
{
  Print *p = data;

  g_clear_pointer (&p->doc, civic_briefing_doc_free);
  g_object_unref (p->view);
  g_free (p);
}

static gboolean
run_print (CivicBriefingView  *view,
           const char         *export_path,
           GError            **error)
{
  g_autoptr(GtkPrintOperation) op = NULL;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  GtkPrintOperationResult result;
  Print *p;

  if (civic_briefing_view_get_briefing (view) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The briefing is still being counted."));
      return FALSE;
    }
  op = gtk_print_operation_new ();
  p = g_new0 (Print, 1);
  p->view = g_object_ref (view);
  /* our own margins, in points, like the PDF */
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_print_operation_set_default_page_setup (op, setup);
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (op, TRUE);
  gtk_print_operation_set_job_name (op, _("Daily briefing"));
  g_signal_connect (op, "begin-print", G_CALLBACK (begin_print_cb), p);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), p);
  g_object_set_data_full (G_OBJECT (op), "civic-print", p, print_free);
  if (export_path != NULL)
    gtk_print_operation_set_export_filename (op, export_path);
  result = gtk_print_operation_run (op, export_path != NULL ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                                            : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    parent_window (view), error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

void
civic_briefing_print (CivicBriefingView *view)
{
  g_autoptr(GError) error = NULL;

  if (!run_print (view, NULL, &error))
    say_error (view, _("Briefing Not Printed"), error->message);
}

gboolean
civic_briefing_print_to_file (CivicBriefingView  *view,
                              const char         *path,
                              GError            **error)
{
  return run_print (view, path, error);
}
