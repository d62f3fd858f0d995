/* civic-case-detail-private.h: the rows of the case detail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "civic-case-detail.h"
#include "civic-local-write.h"

G_BEGIN_DECLS

/* "3 hours ago", "2 days ago", "in 4 days" */
char      *civic_case_detail_format_age      (gint64          then,
                                              gint64          now);
/* "Due in 2 days" / "Overdue by 3 days"; @overdue set when it is */
char      *civic_case_detail_format_due      (CivicCase      *kase,
                                              gint64          now,
                                              gboolean       *overdue);
const char *civic_case_detail_state_label    (CivicCaseState  state);
const char *civic_case_detail_state_icon     (CivicCaseState  state);
const char *civic_case_detail_channel_label  (CivicChannel    channel);
const char *civic_case_detail_priority_label (int             priority);

/* One timeline entry: icon, words, author, time, body. */
GtkWidget *civic_case_detail_event_row       (CivicCaseEvent *event,
                                              gint64          now);

/* ---- shared by civic-case-detail.c and civic-case-detail-edit.c ---- */

struct _CivicCaseDetail
{
  AdwBin          parent_instance;

  CivicStore     *store;
  CivicSync      *sync;
  char           *request_id;
  char           *username;
  CivicCase      *kase;
  gboolean        updating;     /* refresh sets widgets: not a user's change */

  GtkStack       *stack;
  GtkLabel       *title_label;
  GtkImage       *state_icon;
  GtkLabel       *state_label;
  GtkLabel       *subtitle_label;
  GtkFlowBox     *actions_box;
  GtkRevealer    *close_revealer;
  GtkEntry       *close_note_entry;
  GtkLabel       *error_label;
  AdwPreferencesGroup *fields_group;
  AdwPreferencesGroup *reporter_group;
  AdwPreferencesGroup *dups_group;
  GtkFlowBox     *tags_box;
  GtkEntry       *tag_entry;
  GtkListBox     *dups_list;
  GtkToggleButton *internal_toggle;
  GtkToggleButton *public_toggle;
  GtkImage       *audience_icon;
  GtkLabel       *audience_label;
  GtkTextView    *note_view;
  GtkWidget      *note_frame;
  GtkBox         *columns;
  GtkWidget      *left_column;
  GtkWidget      *right_column;
  GtkListBox     *timeline_list;

  GtkListBox     *fields_list;
  GtkListBox     *reporter_list;
  GtkWidget      *ack_button;
  GtkWidget      *start_button;
  GtkWidget      *wait_button;
  GtkWidget      *close_button;
  GtkWidget      *reopen_button;
  GtkWidget      *follow_button;
  GtkDropDown    *priority_dropdown;
  GtkSearchEntry *user_search;
  GtkListBox     *users_list;
  GtkListBox     *departments_list;
  GtkWidget      *assign_button;
  GtkWidget      *department_button;
};

const char *civic_case_detail_me              (CivicCaseDetail *self);
void        civic_case_detail_clear_list      (GtkListBox      *list);
void        civic_case_detail_clear_flow      (GtkFlowBox      *box);
/* an error in words under the actions; NULL hides it */
void        civic_case_detail_show_error      (CivicCaseDetail *self,
                                               const char      *message);
/* after a local write: the error, or a push and a refresh */
void        civic_case_detail_written         (CivicCaseDetail *self,
                                               gboolean         ok,
                                               GError          *error);
void        civic_case_detail_update          (CivicCaseDetail       *self,
                                               const CivicCaseChange *change);
void        civic_case_detail_fill_fields     (CivicCaseDetail *self,
                                               gint64           now);
void        civic_case_detail_fill_tags       (CivicCaseDetail *self);
void        civic_case_detail_fill_timeline   (CivicCaseDetail *self,
                                               gint64           now);
void        civic_case_detail_fill_duplicates (CivicCaseDetail *self,
                                               gint64           now);
void        civic_case_detail_update_audience (CivicCaseDetail *self);
void        civic_case_detail_send_note       (GtkWidget       *widget,
                                               const char      *action,
                                               GVariant        *param);
void        civic_case_detail_tag_entry_activate (GtkEntry        *entry,
                                                  CivicCaseDetail *self);
void        civic_case_detail_tag_entry_icon  (GtkEntry             *entry,
                                               GtkEntryIconPosition  pos,
                                               CivicCaseDetail      *self);

G_END_DECLS
