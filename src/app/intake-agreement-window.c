#define G_LOG_DOMAIN "intake-agreement-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "intake-adjudication-dialog.h"
#include "intake-accessible.h"
#include "intake-agreement-window.h"
#include "intake-error.h"

#define THRESHOLD_KEY "agreement-threshold"

/* The columns after the code's, their cells as wide in every row. */
enum { COLUMN_LEVEL, COLUMN_PERCENT, COLUMN_KAPPA, COLUMN_ALPHA, COLUMN_UNITS, COLUMN_MARK, N_COLUMNS };

struct _IntakeAgreementWindow
{
  AdwWindow              parent_instance;

  /* Template widgets */
  AdwToastOverlay       *toast_overlay;
  GtkDropDown           *reviewer_dropdown;
  GtkStringList         *reviewer_model;
  GtkStack              *stack;
  GtkSpinner            *spinner;
  AdwStatusPage         *failed_page;
  AdwViewStack          *view_stack;
  AdwViewStackPage      *disagreements_page;
  GtkLabel              *summary_label;
  GtkListBox            *codes_list;
  GtkStack              *disagreements_stack;
  GtkListBox            *disagreements_list;

  /* Owned references */
  IntakeProject         *project;
  GSettings             *settings;       /* NULL with a schema too old to have the threshold */
  GPtrArray             *choices;        /* GStrv of GUIDs per reviewer choice; NULL for all */
  GStrv                  compared;       /* the reviewers compared; NULL for all */
  IntakeAgreementReport *report;
  GPtrArray             *disagreements;  /* IntakeDisagreement */
  GCancellable          *loading;        /* the measurement under way */
  GtkSizeGroup          *columns[N_COLUMNS];

  /* Weak */
  AdwToast              *toast;

  double                 threshold;
  guint                  updating_reviewers;
  gboolean               reload_pending;
};

G_DEFINE_FINAL_TYPE (IntakeAgreementWindow, intake_agreement_window, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_PROJECT, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void start_load (IntakeAgreementWindow *self);

/* ---- The table of codes ------------------------------------------------- */

static char *
format_coefficient (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.3f", value);
}

static GtkWidget *
cell (IntakeAgreementWindow *self,
      int                    column,
      const char            *text,
      float                  xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (column < 0)
    {
      /* The code's path: the rest of the row, its end (the code's own
       * name) kept when it is too long. */
      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_START);
      intake_widget_set_tooltip_text (label, text);
    }
  else
    gtk_size_group_add_widget (self->columns[column], label);

  return label;
}

static GtkWidget *
row_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  return box;
}

static void
add_header (IntakeAgreementWindow *self)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = row_box ();

  gtk_box_append (GTK_BOX (box), cell (self, -1, _("Code"), 0));
  gtk_box_append (GTK_BOX (box), cell (self, COLUMN_LEVEL, _("Level"), 0));
  /* Translators: percent agreement, as a column heading */
  gtk_box_append (GTK_BOX (box), cell (self, COLUMN_PERCENT, _("Agreement"), 1));
  gtk_box_append (GTK_BOX (box), cell (self, COLUMN_KAPPA, _("Kappa"), 1));
  gtk_box_append (GTK_BOX (box), cell (self, COLUMN_ALPHA, _("Alpha"), 1));
  gtk_box_append (GTK_BOX (box), cell (self, COLUMN_UNITS, _("Units"), 1));
  gtk_box_append (GTK_BOX (box), cell (self, COLUMN_MARK, "", 0));
  gtk_widget_add_css_class (box, "heading");

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Column headings"), -1);
  gtk_list_box_append (self->codes_list, row);
}

static void
add_figures_row (IntakeAgreementWindow        *self,
                 const char                   *name,
                 IntakeAgreementLevel          level,
                 const IntakeAgreementFigures *figures,
                 gboolean                      overall)
{
  const char *reason = intake_agreement_reason_describe (figures->reason);
  gboolean low = intake_agreement_figures_is_low (figures, self->threshold);
  g_autofree char *percent = reason ? g_strdup (intake_agreement_reason_label (figures->reason))
                                    : g_strdup_printf (_("%.1f%%"), figures->percent);
  g_autofree char *kappa = format_coefficient (figures->kappa);
  g_autofree char *alpha = format_coefficient (figures->alpha);
  g_autofree char *units = g_strdup_printf ("%'.0f", figures->units);
  g_autofree char *threshold = g_strdup_printf ("%.3f", self->threshold);
  g_autofree char *spoken = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = row_box ();
  GtkWidget *mark = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  GtkWidget *percent_cell = cell (self, COLUMN_PERCENT, percent, 1);

  gtk_box_append (GTK_BOX (box), cell (self, -1, name, 0));
  gtk_box_append (GTK_BOX (box), cell (self, COLUMN_LEVEL, intake_agreement_level_label (level), 0));
  gtk_box_append (GTK_BOX (box), percent_cell);
  if (reason != NULL)
    intake_widget_set_tooltip_text (percent_cell, reason);
  gtk_box_append (GTK_BOX (box), cell (self, COLUMN_KAPPA, kappa, 1));
  gtk_box_append (GTK_BOX (box), cell (self, COLUMN_ALPHA, alpha, 1));
  gtk_box_append (GTK_BOX (box), cell (self, COLUMN_UNITS, units, 1));
  gtk_widget_set_size_request (mark, 16, -1);
  gtk_widget_set_opacity (mark, low ? 1.0 : 0.0);
  gtk_size_group_add_widget (self->columns[COLUMN_MARK], mark);
  gtk_box_append (GTK_BOX (box), mark);
  if (overall)
    gtk_widget_add_css_class (box, "heading");
  if (reason != NULL)
    gtk_widget_add_css_class (box, "dim-label");

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  if (reason != NULL)
    /* Translators: a row of the agreement table, read aloud: code, level, why there are no figures */
    spoken = g_strdup_printf (_("%s, %s: %s"), name, intake_agreement_level_label (level), reason);
  else
    /* Translators: a row of the agreement table, read aloud: code, level, percent, kappa, alpha, units */
    spoken = g_strdup_printf (_("%s, %s: %s agreement, kappa %s, alpha %s, %s units"),
                              name, intake_agreement_level_label (level), percent, kappa, alpha, units);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);

  if (low)
    {
      /* Translators: said of a low figure; %s is the threshold, 0.667 */
      g_autofree char *below = g_strdup_printf (_("below %s"), threshold);
      /* Translators: the tooltip of a low figure's mark; %s is the threshold, 0.667 */
      g_autofree char *tooltip = g_strdup_printf (_("Agreement below %s: too low even for tentative conclusions"),
                                                  threshold);

      gtk_widget_add_css_class (row, "low-agreement");
      intake_widget_set_tooltip_text (mark, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, below, -1);
    }

  gtk_list_box_append (self->codes_list, row);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
show_codes (IntakeAgreementWindow *self)
{
  const IntakeAgreementComparison *all;
  g_autofree char *names = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *threshold = g_strdup_printf ("%.3f", self->threshold);

  clear_list (self->codes_list);
  if (self->report == NULL)
    return;

  all = self->report->all;
  names = intake_agreement_comparison_dup_names (self->report, all);
  /* Translators: %s are the reviewers' names, %u the submissions all of them coded, %s the threshold */
  summary = g_strdup_printf (ngettext ("%s, over the %u submission all of them coded. Figures below %s are marked.",
                                       "%s, over the %u submissions all of them coded. Figures below %s are marked.",
                                       all->submissions),
                             names, all->submissions, threshold);
  gtk_label_set_text (self->summary_label, summary);

  add_header (self);
  for (guint level = 0; level < INTAKE_AGREEMENT_N_LEVELS; level++)
    add_figures_row (self, _("All codes"), level, &all->overall[level], TRUE);
  for (guint c = 0; c < all->codes->len; c++)
    {
      const IntakeAgreementCode *code = g_ptr_array_index (all->codes, c);

      for (guint level = 0; level < INTAKE_AGREEMENT_N_LEVELS; level++)
        add_figures_row (self, code->code_path, level, &code->levels[level], FALSE);
    }
}

/* ---- The reviewers compared --------------------------------------------- */

/* All of them, then each pair when there are more than two. */
static void
fill_reviewer_choices (IntakeAgreementWindow *self)
{
  GPtrArray *reviewers = self->report->reviewers;

  self->updating_reviewers++;
  g_ptr_array_set_size (self->choices, 0);
  gtk_string_list_splice (self->reviewer_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->reviewer_model)), NULL);

  gtk_string_list_append (self->reviewer_model, _("All reviewers"));
  g_ptr_array_add (self->choices, NULL);
  for (guint i = 0; reviewers->len > 2 && i < reviewers->len; i++)
    for (guint j = i + 1; j < reviewers->len; j++)
      {
        const IntakeAgreementReviewer *a = g_ptr_array_index (reviewers, i);
        const IntakeAgreementReviewer *b = g_ptr_array_index (reviewers, j);
        /* Translators: two reviewers compared, e.g. "Ana and Ben" */
        g_autofree char *label = g_strdup_printf (_("%s and %s"), a->name, b->name);
        char *pair[] = { a->guid, b->guid, NULL };

        gtk_string_list_append (self->reviewer_model, label);
        g_ptr_array_add (self->choices, g_strdupv (pair));
      }

  gtk_drop_down_set_selected (self->reviewer_dropdown, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->reviewer_dropdown), reviewers->len > 2);
  self->updating_reviewers--;
}

static void
reviewer_dropdown_selected_cb (IntakeAgreementWindow *self,
                               GParamSpec            *pspec,
                               GtkDropDown           *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating_reviewers > 0 || selected >= self->choices->len)
    return;

  g_clear_pointer (&self->compared, g_strfreev);
  self->compared = g_strdupv (g_ptr_array_index (self->choices, selected));
  start_load (self);
}

/* ---- Disagreements ------------------------------------------------------ */

static char *
describe_side (const IntakeDisagreementSide *side)
{
  if (side->spans->len == 0)
    /* Translators: a reviewer who did not apply the code, e.g. "Ana: not applied" */
    return g_strdup_printf (_("%s: not applied"), side->reviewer);
  if (g_array_index (side->spans, IntakeSpan, 0).start < 0)
    return g_strdup_printf (_("%s: the whole submission"), side->reviewer);

  return g_strdup_printf (ngettext ("%s: %u excerpt", "%s: %u excerpts", side->spans->len),
                          side->reviewer, side->spans->len);
}

static GtkWidget *
create_disagreement_row (const IntakeDisagreement *disagreement)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) subtitle = g_string_new (*disagreement->subject != '\0' ? disagreement->subject
                                                                             : _("No subject"));

  for (guint i = 0; i < disagreement->sides->len; i++)
    {
      g_autofree char *side = describe_side (g_ptr_array_index (disagreement->sides, i));

      g_string_append (subtitle, i == 0 ? " — " : ", ");
      g_string_append (subtitle, side);
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), disagreement->code_path);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  return row;
}

static void
show_disagreements (IntakeAgreementWindow *self)
{
  guint n = self->disagreements ? self->disagreements->len : 0;

  clear_list (self->disagreements_list);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->disagreements_list,
                         create_disagreement_row (g_ptr_array_index (self->disagreements, i)));

  gtk_stack_set_visible_child_name (self->disagreements_stack, n > 0 ? "list" : "empty");
  adw_view_stack_page_set_badge_number (self->disagreements_page, n);
  adw_view_stack_page_set_needs_attention (self->disagreements_page, n > 0);
}

static void
adjudicated_cb (IntakeAgreementWindow *self,
                const char            *code_path)
{
  const char *slash = strrchr (code_path, '/');
  g_autofree char *escaped = g_markup_escape_text (slash ? slash + 1 : code_path, -1);
  /* Translators: a toast after a decision, %s the code: Adjudicated “Surveillance” */
  g_autofree char *title = g_strdup_printf (_("Adjudicated “%s”"), escaped);
  AdwToast *toast;

  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "agreement.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_set_weak_pointer (&self->toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
disagreement_activated_cb (IntakeAgreementWindow *self,
                           GtkListBoxRow         *row,
                           GtkListBox            *list)
{
  int index = gtk_list_box_row_get_index (row);
  GtkWidget *dialog;

  if (self->disagreements == NULL || index < 0 || (guint) index >= self->disagreements->len)
    return;

  dialog = intake_adjudication_dialog_new (GTK_WINDOW (self), self->project,
                                           g_ptr_array_index (self->disagreements, index));
  g_signal_connect_object (dialog, "adjudicated", G_CALLBACK (adjudicated_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Loading ------------------------------------------------------------ */

static void
finish_load (IntakeAgreementWindow *self)
{
  g_clear_object (&self->loading);
  gtk_spinner_stop (self->spinner);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  if (self->reload_pending)
    {
      self->reload_pending = FALSE;
      start_load (self);
    }
}

static void
show_failure (IntakeAgreementWindow *self,
              const GError          *error)
{
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_pointer (&self->report, intake_agreement_report_unref);
  g_clear_pointer (&self->disagreements, g_ptr_array_unref);
  adw_status_page_set_title (self->failed_page, cancelled ? _("Measurement Cancelled") : _("No Agreement to Measure"));
  adw_status_page_set_description (self->failed_page, cancelled ? NULL : error->message);
  gtk_stack_set_visible_child_name (self->stack, "failed");
}

static void
disagreements_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(IntakeAgreementWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *disagreements = intake_project_list_disagreements_finish (INTAKE_PROJECT (object), result, &error);

  /* Closed meanwhile. */
  if (self->project == NULL)
    {
      g_clear_pointer (&disagreements, g_ptr_array_unref);
      return;
    }

  if (disagreements == NULL)
    show_failure (self, error);
  else
    {
      g_clear_pointer (&self->disagreements, g_ptr_array_unref);
      self->disagreements = disagreements;
      show_disagreements (self);
      gtk_stack_set_visible_child_name (self->stack, "figures");
    }

  finish_load (self);
}

static void
agreement_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(IntakeAgreementWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  IntakeAgreementReport *report = intake_project_compute_agreement_finish (INTAKE_PROJECT (object), result, &error);

  if (self->project == NULL)
    {
      g_clear_pointer (&report, intake_agreement_report_unref);
      return;
    }

  if (report == NULL)
    {
      show_failure (self, error);
      finish_load (self);
      return;
    }

  g_clear_pointer (&self->report, intake_agreement_report_unref);
  self->report = report;
  /* The choices come from every reviewer, measured all together. */
  if (self->compared == NULL)
    fill_reviewer_choices (self);
  show_codes (self);

  intake_project_list_disagreements_async (self->project, (const char * const *) self->compared, self->loading,
                                           disagreements_cb, g_object_ref (self));
}

static void
start_load (IntakeAgreementWindow *self)
{
  if (self->loading != NULL)
    {
      /* The measurement under way is of what no longer is: start again. */
      g_cancellable_cancel (self->loading);
      g_clear_object (&self->loading);
    }

  self->loading = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  /* Figures on screen stay there until the new ones replace them. */
  if (self->report == NULL)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  intake_project_compute_agreement_async (self->project, (const char * const *) self->compared, self->loading,
                                          agreement_cb, g_object_ref (self));
}

/* Changes come in bursts: one measurement at a time, and one more after
 * it when anything changed meanwhile. */
static void
reload (IntakeAgreementWindow *self)
{
  if (self->loading != NULL)
    {
      self->reload_pending = TRUE;
      return;
    }

  start_load (self);
}

static void
project_changed_cb (IntakeAgreementWindow *self)
{
  reload (self);
}

static void
threshold_changed_cb (IntakeAgreementWindow *self)
{
  self->threshold = g_settings_get_double (self->settings, THRESHOLD_KEY);
  show_codes (self);
}

/* ---- Actions ------------------------------------------------------------ */

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  IntakeAgreementWindow *self = INTAKE_AGREEMENT_WINDOW (widget);

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  start_load (INTAKE_AGREEMENT_WINDOW (widget));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  IntakeAgreementWindow *self = INTAKE_AGREEMENT_WINDOW (widget);
  g_autofree char *label = g_strdup (intake_project_get_undo_label (self->project));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;

  if (!intake_project_undo (self->project, &error))
    {
      intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not undo"), error);
      return;
    }

  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  /* Translators: a toast after Undo; %s says what, e.g. Adjudicating “Trust in police” */
  title = g_strdup_printf (_("Undone: %s"), label ? label : "");
  escaped = g_markup_escape_text (title, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/* ---- The object --------------------------------------------------------- */

static void
intake_agreement_window_constructed (GObject *object)
{
  IntakeAgreementWindow *self = INTAKE_AGREEMENT_WINDOW (object);
  g_autoptr(GSettingsSchema) schema = NULL;

  G_OBJECT_CLASS (intake_agreement_window_parent_class)->constructed (object);

  /* A schema installed by an older build has no threshold: the default
   * holds. */
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, THRESHOLD_KEY))
    {
      self->settings = g_settings_new (APP_ID);
      self->threshold = g_settings_get_double (self->settings, THRESHOLD_KEY);
      g_signal_connect_object (self->settings, "changed::" THRESHOLD_KEY,
                               G_CALLBACK (threshold_changed_cb), self, G_CONNECT_SWAPPED);
    }

  g_signal_connect_object (self->project, "submission-changed", G_CALLBACK (project_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "codebook-changed", G_CALLBACK (project_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "submissions-added", G_CALLBACK (project_changed_cb),
                           self, G_CONNECT_SWAPPED);

  start_load (self);
}

static void
intake_agreement_window_dispose (GObject *object)
{
  IntakeAgreementWindow *self = INTAKE_AGREEMENT_WINDOW (object);

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);

  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_AGREEMENT_WINDOW);
  g_clear_object (&self->project);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->report, intake_agreement_report_unref);
  g_clear_pointer (&self->disagreements, g_ptr_array_unref);
  g_clear_weak_pointer (&self->toast);

  G_OBJECT_CLASS (intake_agreement_window_parent_class)->dispose (object);
}

static void
intake_agreement_window_finalize (GObject *object)
{
  IntakeAgreementWindow *self = INTAKE_AGREEMENT_WINDOW (object);

  g_ptr_array_unref (self->choices);
  g_strfreev (self->compared);
  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    g_object_unref (self->columns[i]);

  G_OBJECT_CLASS (intake_agreement_window_parent_class)->finalize (object);
}

static void
intake_agreement_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  IntakeAgreementWindow *self = INTAKE_AGREEMENT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, intake_agreement_window_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_agreement_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  IntakeAgreementWindow *self = INTAKE_AGREEMENT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_agreement_window_class_init (IntakeAgreementWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = intake_agreement_window_constructed;
  object_class->dispose = intake_agreement_window_dispose;
  object_class->finalize = intake_agreement_window_finalize;
  object_class->get_property = intake_agreement_window_get_property;
  object_class->set_property = intake_agreement_window_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, INTAKE_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/argylepr/FeedbackIntake/ui/intake-agreement-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeAgreementWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IntakeAgreementWindow, reviewer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, IntakeAgreementWindow, reviewer_model);
  gtk_widget_class_bind_template_child (widget_class, IntakeAgreementWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, IntakeAgreementWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, IntakeAgreementWindow, failed_page);
  gtk_widget_class_bind_template_child (widget_class, IntakeAgreementWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, IntakeAgreementWindow, disagreements_page);
  gtk_widget_class_bind_template_child (widget_class, IntakeAgreementWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeAgreementWindow, codes_list);
  gtk_widget_class_bind_template_child (widget_class, IntakeAgreementWindow, disagreements_stack);
  gtk_widget_class_bind_template_child (widget_class, IntakeAgreementWindow, disagreements_list);
  gtk_widget_class_bind_template_callback (widget_class, reviewer_dropdown_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, disagreement_activated_cb);

  gtk_widget_class_install_action (widget_class, "agreement.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "agreement.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "agreement.undo", NULL, undo_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "agreement.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "agreement.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
intake_agreement_window_init (IntakeAgreementWindow *self)
{
  self->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->threshold = INTAKE_AGREEMENT_LOW_THRESHOLD;
  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    self->columns[i] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  gtk_widget_init_template (GTK_WIDGET (self));
  intake_accessible_name_by_mnemonics (GTK_WIDGET (self));
}

GtkWidget *
intake_agreement_window_new (GtkWindow     *parent,
                             IntakeProject *project)
{
  g_return_val_if_fail (INTAKE_IS_PROJECT (project), NULL);

  return g_object_new (INTAKE_TYPE_AGREEMENT_WINDOW,
                       "transient-for", parent,
                       "project", project,
                       NULL);
}

IntakeProject *
intake_agreement_window_get_project (IntakeAgreementWindow *self)
{
  g_return_val_if_fail (INTAKE_IS_AGREEMENT_WINDOW (self), NULL);
  return self->project;
}

gboolean
intake_agreement_window_get_busy (IntakeAgreementWindow *self)
{
  g_return_val_if_fail (INTAKE_IS_AGREEMENT_WINDOW (self), FALSE);
  return self->loading != NULL;
}
