/* The window's struct and what its files share: intake-window.c (the
 * window, the project, the list), intake-window-actions.c (actions and
 * key bindings), intake-window-import.c (importing) and
 * intake-window-export.c (reports), intake-window-copy.c (copies for
 * reviewers) and intake-window-qdpx.c (REFI-QDA projects). */
#pragma once

#include "intake-code-panel.h"
#include "intake-filter-popover.h"
#include "intake-importer.h"
#include "intake-project.h"
#include "intake-reader.h"
#include "intake-report.h"
#include "intake-submission-list.h"
#include "intake-window.h"

G_BEGIN_DECLS

struct _IntakeWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwWindowTitle       *empty_title;
  AdwWindowTitle       *list_title;
  AdwSplitButton       *empty_import_button;
  AdwSplitButton       *list_import_button;
  AdwLeaflet           *leaflet;
  AdwClamp             *list_clamp;
  GtkGridView          *list_view;
  IntakeReader         *reader;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkLabel             *bytes_label;
  GtkProgressBar       *progress_bar;
  GtkRevealer          *drop_revealer;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkSpinner           *search_spinner;
  IntakeFilterPopover  *filter_popover;
  GtkToggleButton      *codes_button;
  AdwFlap              *flap;
  IntakeCodePanel      *code_panel;
  AdwWindowTitle       *reader_title;
  GtkStack             *list_stack;
  GtkWidget            *progress_box;
  GtkLabel             *progress_count;
  GtkProgressBar       *coded_bar;
  GtkRevealer          *notice_revealer;
  GtkLabel             *notice_label;

  /* Owned references */
  IntakeProject        *project;
  IntakeStore          *store;        /* the project's */
  GSettings            *settings;
  IntakeSubmissionList *submissions;
  GtkSingleSelection   *selection;
  IntakeImporter       *importer;     /* only while importing */
  GCancellable         *cancellable;  /* only while importing */
  GApplication         *held_application;  /* held while an import runs */
  IntakeReportOptions  *export_options;    /* the last export's, for the next */
  GtkWidget            *export_dialog;     /* weak: the one open, if any */
  GtkWidget            *csv_dialog;        /* weak: the survey columns asked, if any */
  GtkWidget            *copy_dialog;       /* weak: the one open, if any */
  GtkWidget            *merge_dialog;      /* weak: the one open, if any */
  GtkFileChooserNative *merge_chooser;     /* only while choosing the projects to merge */
  GCancellable         *progress_cancellable;  /* while the counts are worked out */
  GHashTable           *flagged_ids;  /* gint64 ids with the safeguarding flag */
  IntakeStore          *flagged_reader;       /* a connection to find them on a worker */
  GCancellable         *flagged_cancellable;  /* while they are found */

  /* Weak */
  GtkWidget            *rejections_window;
  AdwToast             *history_toast;  /* the last undo's or redo's */

  guint                 selected_position;
  gint64                selected_id;
  gint64                last_list_refresh;
  guint                 total;
  gboolean              total_stale;   /* the project's count may have changed */
  gboolean              busy;
  gboolean              refiltering;
  guint                 list_changing;   /* in the list's items-changed */
  gboolean              filter_pending;  /* set on the list, not all of it in yet */
  gboolean              filter_followed; /* the reviewer changed it: see refilter() */
  gboolean              filter_active;   /* the pending or last filter shows fewer than all */
  gint64                filter_started;
  char                 *filter_search;   /* the pending or last filter's search, stripped */
  gboolean              refiltering_blocked;
  gboolean              list_focused;  /* the focus went to the list once */
  gboolean              asking_name;

  IntakeProgress        progress;
  gboolean              progress_known;
  gboolean              progress_stale;  /* changed while being counted */
  gboolean              flagged_stale;   /* changed while being found */
  gboolean              flagged_synchronous;  /* no second connection: found here */
};

/* intake-window.c */
void     _intake_window_show_toast           (IntakeWindow         *self,
                                              const char           *text);
/* Whether a reviewer is named; asks for one when not. */
gboolean _intake_window_ensure_reviewer      (IntakeWindow         *self);
void     _intake_window_set_busy             (IntakeWindow         *self,
                                              gboolean              busy);
gint64   _intake_window_get_current_id       (IntakeWindow         *self);
void     _intake_window_refilter             (IntakeWindow         *self);
void     _intake_window_count_progress       (IntakeWindow         *self);
void     _intake_window_select_submission_id (IntakeWindow         *self,
                                              gint64                id);
void     _intake_window_move_selection       (IntakeWindow         *self,
                                              int                   delta);
/* The next submission of the list after @after_id whose status is new or
 * in progress, wrapping around; 0 when none is, -1 on error. */
gint64   _intake_window_next_uncoded         (IntakeWindow         *self,
                                              gint64                after_id,
                                              GError              **error);
/* Puts the focus in the reader's text, where reading and coding start. */
void     _intake_window_focus_reader         (IntakeWindow         *self);
void     _intake_window_ask_reviewer_name    (IntakeWindow         *self);
void     _intake_window_choose_project       (IntakeWindow         *self,
                                              gboolean              create);
void     _intake_window_switch_to_project    (IntakeWindow         *self,
                                              GFile                *file,
                                              const char           *toast);

/* intake-window-actions.c */
void     _intake_window_class_actions_init   (GtkWidgetClass       *widget_class);
void     _intake_window_actions_init         (IntakeWindow         *self);
void     _intake_window_actions_update       (IntakeWindow         *self);
void     _intake_window_apply_code           (IntakeWindow         *self,
                                              const char           *code_guid);

/* intake-window-import.c */
void     _intake_window_import_init          (IntakeWindow         *self);
void     _intake_window_import_dispose       (IntakeWindow         *self);
void     _intake_window_import_choose        (IntakeWindow         *self,
                                              GtkFileChooserAction  chooser_action);
void     _intake_window_import_sample        (IntakeWindow         *self);

/* intake-window-export.c */
void     _intake_window_export               (IntakeWindow         *self);
void     _intake_window_export_close         (IntakeWindow         *self);
void     _intake_window_export_dispose       (IntakeWindow         *self);

/* intake-window-qdpx.c */
void     _intake_window_export_qdpx          (IntakeWindow         *self);
void     _intake_window_import_qdpx          (IntakeWindow         *self,
                                              GFile                *file);

/* intake-window-copy.c */
void     _intake_window_copy_for_reviewer    (IntakeWindow         *self);
void     _intake_window_copy_close           (IntakeWindow         *self);

/* intake-window-merge.c */
void     _intake_window_merge_projects       (IntakeWindow         *self);
void     _intake_window_merge_close          (IntakeWindow         *self);

G_END_DECLS
