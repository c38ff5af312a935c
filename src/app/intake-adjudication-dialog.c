#define G_LOG_DOMAIN "intake-adjudication-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-accessible.h"
#include "intake-adjudication-dialog.h"
#include "intake-error.h"

/* Alt+1 … Alt+9 accept the first nine reviewers' codings. */
#define MAX_KEYED_REVIEWERS 9

struct _IntakeAdjudicationDialog
{
  AdwWindow        parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkBox          *columns_box;
  GtkBox          *reviewer_buttons;
  GtkEntry        *reason_entry;

  /* Owned references */
  IntakeProject   *project;
  gint64           submission_id;
  char            *code_guid;
  char            *code_path;
  GPtrArray       *sides;      /* IntakeDisagreementSide, shared with the disagreement */
  GStrv            reviewers;  /* the compared reviewers' GUIDs, whose codings "all" unites */
};

G_DEFINE_FINAL_TYPE (IntakeAdjudicationDialog, intake_adjudication_dialog, ADW_TYPE_WINDOW)

enum { ADJUDICATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
decide (IntakeAdjudicationDialog   *self,
        IntakeAdjudicationDecision  decision,
        const char                 *chosen_guid)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (self->code_path);
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_entry));

  if (!intake_project_adjudicate (self->project, self->submission_id, self->code_guid, decision, chosen_guid,
                                  (const char * const *) self->reviewers, reason, NULL, &error))
    {
      intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not record the decision"), error);
      return;
    }

  g_signal_emit (self, signals[ADJUDICATED], 0, path);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
accept_reviewer_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  IntakeAdjudicationDialog *self = INTAKE_ADJUDICATION_DIALOG (widget);
  int index = g_variant_get_int32 (param) - 1;
  const IntakeDisagreementSide *side;

  if (index < 0 || (guint) index >= self->sides->len)
    return;

  side = g_ptr_array_index (self->sides, index);
  decide (self, INTAKE_ADJUDICATION_REVIEWER, side->reviewer_guid);
}

static void
accept_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  decide (INTAKE_ADJUDICATION_DIALOG (widget), INTAKE_ADJUDICATION_ALL, NULL);
}

static void
accept_none_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  decide (INTAKE_ADJUDICATION_DIALOG (widget), INTAKE_ADJUDICATION_NONE, NULL);
}

static char *
describe_side (const IntakeDisagreementSide *side)
{
  if (side->spans->len == 0)
    return g_strdup (_("Did not apply the code"));
  if (g_array_index (side->spans, IntakeSpan, 0).start < 0)
    return g_strdup (_("Applied it to the whole submission"));

  return g_strdup_printf (ngettext ("Coded %u excerpt", "Coded %u excerpts", side->spans->len),
                          side->spans->len);
}

/* A column: the reviewer, what they did, and the text with their codings
 * of the code marked. */
static GtkWidget *
create_column (IntakeAdjudicationDialog     *self,
               const IntakeDisagreementSide *side,
               const char                   *text)
{
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *name = gtk_label_new (side->reviewer);
  g_autofree char *summary_text = describe_side (side);
  GtkWidget *summary = gtk_label_new (summary_text);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_autofree char *view_name = NULL;
  GtkTextTag *tag;

  gtk_widget_set_hexpand (column, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_widget_add_css_class (summary, "dim-label");

  gtk_text_buffer_set_text (buffer, text, -1);
  /* Underlined as well as tinted: the marks must not rest on colour alone. */
  tag = gtk_text_buffer_create_tag (buffer, "coded", "underline", PANGO_UNDERLINE_SINGLE, NULL);
  gtk_widget_add_css_class (view, "adjudication-text");
  for (guint i = 0; i < side->spans->len; i++)
    {
      const IntakeSpan *span = &g_array_index (side->spans, IntakeSpan, i);
      GtkTextIter start, end;

      if (span->start < 0)
        gtk_text_buffer_get_bounds (buffer, &start, &end);
      else
        {
          gtk_text_buffer_get_iter_at_offset (buffer, &start, span->start);
          gtk_text_buffer_get_iter_at_offset (buffer, &end, span->end);
        }
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
    }
  g_object_set (tag, "background-rgba", &(GdkRGBA) { 0.21, 0.52, 0.89, 0.25 }, NULL);

  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  /* Translators: the accessible name of a reviewer's column, e.g. "Ana’s coding: Coded 2 excerpts" */
  view_name = g_strdup_printf (_("%s’s coding: %s"), side->reviewer, summary_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, view_name, -1);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_widget_add_css_class (scroller, "card");

  gtk_box_append (GTK_BOX (column), name);
  gtk_box_append (GTK_BOX (column), summary);
  gtk_box_append (GTK_BOX (column), scroller);

  return column;
}

static GtkWidget *
create_reviewer_button (const IntakeDisagreementSide *side,
                        guint                         index)
{
  /* Translators: a button accepting one reviewer's coding, e.g. "Accept Ana’s" */
  g_autofree char *label = g_strdup_printf (_("Accept %s’s"), side->reviewer);
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "adjudication.accept-reviewer");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "i", (int) index + 1);
  if (index < MAX_KEYED_REVIEWERS)
    {
      /* Translators: a tooltip, %u a digit: "Alt+1" */
      g_autofree char *tooltip = g_strdup_printf (_("Accept this reviewer’s coding (Alt+%u)"), index + 1);

      gtk_widget_set_tooltip_text (button, tooltip);
    }

  return button;
}

static void
intake_adjudication_dialog_dispose (GObject *object)
{
  IntakeAdjudicationDialog *self = INTAKE_ADJUDICATION_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_ADJUDICATION_DIALOG);
  g_clear_object (&self->project);
  g_clear_pointer (&self->sides, g_ptr_array_unref);

  G_OBJECT_CLASS (intake_adjudication_dialog_parent_class)->dispose (object);
}

static void
intake_adjudication_dialog_finalize (GObject *object)
{
  IntakeAdjudicationDialog *self = INTAKE_ADJUDICATION_DIALOG (object);

  g_free (self->code_guid);
  g_free (self->code_path);
  g_strfreev (self->reviewers);

  G_OBJECT_CLASS (intake_adjudication_dialog_parent_class)->finalize (object);
}

static void
intake_adjudication_dialog_class_init (IntakeAdjudicationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_adjudication_dialog_dispose;
  object_class->finalize = intake_adjudication_dialog_finalize;

  /**
   * IntakeAdjudicationDialog::adjudicated:
   * @code_path: the code the decision was about
   */
  signals[ADJUDICATED] = g_signal_new ("adjudicated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/argylepr/FeedbackIntake/ui/intake-adjudication-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeAdjudicationDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IntakeAdjudicationDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, IntakeAdjudicationDialog, columns_box);
  gtk_widget_class_bind_template_child (widget_class, IntakeAdjudicationDialog, reviewer_buttons);
  gtk_widget_class_bind_template_child (widget_class, IntakeAdjudicationDialog, reason_entry);

  gtk_widget_class_install_action (widget_class, "adjudication.accept-reviewer", "i", accept_reviewer_action);
  gtk_widget_class_install_action (widget_class, "adjudication.accept-all", NULL, accept_all_action);
  gtk_widget_class_install_action (widget_class, "adjudication.accept-none", NULL, accept_none_action);

  for (guint i = 1; i <= MAX_KEYED_REVIEWERS; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, GDK_ALT_MASK,
                                         "adjudication.accept-reviewer", "i", (int) i);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
intake_adjudication_dialog_init (IntakeAdjudicationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  intake_accessible_name_by_mnemonics (GTK_WIDGET (self));
}

GtkWidget *
intake_adjudication_dialog_new (GtkWindow                *parent,
                                IntakeProject            *project,
                                const IntakeDisagreement *disagreement)
{
  g_autoptr(IntakeSubmission) submission = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) guids = g_strv_builder_new ();
  IntakeAdjudicationDialog *self;
  const char *subject;

  g_return_val_if_fail (INTAKE_IS_PROJECT (project), NULL);
  g_return_val_if_fail (disagreement != NULL, NULL);

  self = g_object_new (INTAKE_TYPE_ADJUDICATION_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->project = g_object_ref (project);
  self->submission_id = disagreement->submission_id;
  self->code_guid = g_strdup (disagreement->code_guid);
  self->code_path = g_strdup (disagreement->code_path);
  self->sides = g_ptr_array_ref (disagreement->sides);
  for (guint i = 0; i < self->sides->len; i++)
    g_strv_builder_add (guids, ((IntakeDisagreementSide *) g_ptr_array_index (self->sides, i))->reviewer_guid);
  /* The union is of the reviewers compared, not of everyone in the project. */
  self->reviewers = g_strv_builder_end (guids);

  subject = *disagreement->subject != '\0' ? disagreement->subject : _("No subject");
  adw_window_title_set_title (self->window_title, disagreement->code_path);
  adw_window_title_set_subtitle (self->window_title, subject);

  /* One row, read at once: what the person asked to see. */
  submission = intake_store_get_submission (intake_project_get_store (project), disagreement->submission_id, &error);
  if (submission == NULL)
    intake_show_error (GTK_WIDGET (self->toast_overlay), _("Could not read the submission"), error);

  for (guint i = 0; i < self->sides->len; i++)
    {
      const IntakeDisagreementSide *side = g_ptr_array_index (self->sides, i);

      gtk_box_append (self->columns_box,
                      create_column (self, side, submission ? intake_submission_get_text (submission) : ""));
      gtk_box_append (self->reviewer_buttons, create_reviewer_button (side, i));
    }

  return GTK_WIDGET (self);
}
