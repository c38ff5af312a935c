#define G_LOG_DOMAIN "intake-case-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-case-panel.h"
#include "intake-attribute-row.h"
#include "intake-error.h"
#include "intake-store.h"

struct _IntakeCasePanel
{
  GtkBox               parent_instance;

  /* Template widgets */
  GtkTextView         *memo_view;
  GtkWidget           *others_memos_box;
  GtkLabel            *others_memos_label;
  AdwPreferencesGroup *attributes_group;

  /* IntakeAttributeRow per attribute name, in attributes_group */
  GPtrArray           *attribute_rows;

  /* Owned references */
  IntakeProject       *project;
  IntakeSubmission    *submission;

  guint                memo_timeout;
  gboolean             memo_dirty;
  gboolean             updating;   /* set while the controls follow the store */
};

G_DEFINE_FINAL_TYPE (IntakeCasePanel, intake_case_panel, GTK_TYPE_BOX)

enum { PROP_0, PROP_PROJECT, PROP_SUBMISSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

#define MEMO_SAVE_DELAY_MS 500

static gboolean
can_change (IntakeCasePanel *self)
{
  return self->project != NULL && intake_project_get_reviewer (self->project) != NULL;
}

/* Case attributes */

static void
attribute_apply_cb (IntakeCasePanel    *self,
                    IntakeAttributeRow *row)
{
  g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(GError) error = NULL;

  if (self->updating || self->submission == NULL || !can_change (self))
    return;

  /* On failure the row keeps what was typed, to try again. */
  if (!intake_project_set_attribute (self->project, intake_submission_get_id (self->submission),
                                     intake_attribute_row_get_attribute (row), value, &error))
    intake_show_error (GTK_WIDGET (self), _("Could not set the attribute"), error);
}

static void
build_attribute_rows (IntakeCasePanel *self)
{
  const char * const *names = intake_attribute_names ();

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      GtkWidget *row = intake_attribute_row_new (names[i]);

      g_signal_connect_object (row, "apply", G_CALLBACK (attribute_apply_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "entry-activated", G_CALLBACK (attribute_apply_cb), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->attributes_group, row);
      g_ptr_array_add (self->attribute_rows, row);
    }
}

static void
update_attributes (IntakeCasePanel *self)
{
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;
  GtkWidget *focus;

  if (self->submission != NULL && self->project != NULL)
    {
      values = intake_store_get_attributes (intake_project_get_store (self->project),
                                            intake_submission_get_id (self->submission), &error);
      if (values == NULL)
        intake_show_error (GTK_WIDGET (self), _("Could not read the attributes"), error);
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root ? gtk_root_get_focus (root) : NULL;

  self->updating = TRUE;
  for (guint i = 0; i < self->attribute_rows->len; i++)
    {
      IntakeAttributeRow *row = g_ptr_array_index (self->attribute_rows, i);
      const char *name = intake_attribute_row_get_attribute (row);
      const char *value = values ? g_hash_table_lookup (values, name) : NULL;

      /* Keep what the reviewer is typing in the row that has the focus. */
      if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (row)))
        continue;
      gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
      gtk_widget_set_sensitive (GTK_WIDGET (row), can_change (self));
    }
  self->updating = FALSE;
}

/* Memo */

void
intake_case_panel_save_memo (IntakeCasePanel *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (INTAKE_IS_CASE_PANEL (self));

  g_clear_handle_id (&self->memo_timeout, g_source_remove);

  if (!self->memo_dirty || self->submission == NULL || !can_change (self))
    return;

  /* Tried once: on failure the text stays in the view, and the next
   * typing tries again. */
  self->memo_dirty = FALSE;
  buffer = gtk_text_view_get_buffer (self->memo_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  if (!intake_project_set_memo (self->project, intake_submission_get_id (self->submission),
                                text, &error))
    intake_show_error (GTK_WIDGET (self), _("Could not save the memo"), error);
}

static gboolean
memo_timeout_cb (gpointer user_data)
{
  IntakeCasePanel *self = user_data;

  self->memo_timeout = 0;
  intake_case_panel_save_memo (self);
  return G_SOURCE_REMOVE;
}

static void
memo_changed_cb (IntakeCasePanel *self,
                 GtkTextBuffer   *buffer)
{
  if (self->updating)
    return;

  /* Saved after a pause in typing: every change reaches the project, but
   * not one write per key. */
  self->memo_dirty = TRUE;
  g_clear_handle_id (&self->memo_timeout, g_source_remove);
  self->memo_timeout = g_timeout_add (MEMO_SAVE_DELAY_MS, memo_timeout_cb, self);
}

/* The other reviewers' memos, a merge brought in: to read, not to edit. */
static void
update_others_memos (IntakeCasePanel *self)
{
  g_autoptr(GPtrArray) memos = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *own = self->project ? intake_project_get_reviewer_guid (self->project) : NULL;

  if (self->submission != NULL && self->project != NULL)
    {
      memos = intake_store_list_memos (intake_project_get_store (self->project),
                                       intake_submission_get_id (self->submission), &error);
      if (memos == NULL)
        intake_show_error (GTK_WIDGET (self), _("Could not read the memos"), error);
    }

  for (guint i = 0; memos != NULL && i < memos->len; i++)
    {
      IntakeMemo *memo = g_ptr_array_index (memos, i);

      if (own != NULL && g_strcmp0 (memo->reviewer_guid, own) == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, "\n\n");
      /* Translators: a reviewer's name, then their memo */
      g_string_append_printf (text, _("%s: %s"), memo->reviewer ? memo->reviewer : _("Nobody"), memo->text);
    }

  gtk_label_set_text (self->others_memos_label, text->str);
  gtk_widget_set_visible (self->others_memos_box, text->len > 0);
}

static void
load_memo (IntakeCasePanel *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->memo_view);
  g_autofree char *memo = NULL;
  g_autoptr(GError) error = NULL;

  if (self->submission != NULL && self->project != NULL)
    {
      memo = intake_store_get_memo (intake_project_get_store (self->project),
                                    intake_submission_get_id (self->submission),
                                    intake_project_get_reviewer_guid (self->project), &error);
      if (error != NULL)
        intake_show_error (GTK_WIDGET (self), _("Could not read the memo"), error);
    }

  self->updating = TRUE;
  gtk_text_buffer_set_text (buffer, memo ? memo : "", -1);
  self->updating = FALSE;
  self->memo_dirty = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->memo_view), can_change (self));
  update_others_memos (self);
}

/* The project's changes */

static void
submission_changed_cb (IntakeCasePanel *self,
                       gint64           submission_id,
                       IntakeProject   *project)
{
  /* Attributes may have been undone, or others' memos merged in; the
   * reviewer's own memo is only ever typed here, so what the view holds stays. */
  if (self->submission != NULL && intake_submission_get_id (self->submission) == submission_id)
    {
      update_attributes (self);
      update_others_memos (self);
    }
}

static void
reviewer_changed_cb (IntakeCasePanel *self,
                     GParamSpec      *pspec,
                     IntakeProject   *project)
{
  /* Each reviewer has a memo of their own: the new one's is shown, unless
   * one is being typed, which is theirs now. */
  if (!self->memo_dirty)
    load_memo (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->memo_view), can_change (self));
  update_attributes (self);
}

static void
intake_case_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IntakeCasePanel *self = INTAKE_CASE_PANEL (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;

    case PROP_SUBMISSION:
      g_value_set_object (value, self->submission);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_case_panel_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  IntakeCasePanel *self = INTAKE_CASE_PANEL (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      intake_case_panel_set_project (self, g_value_get_object (value));
      break;

    case PROP_SUBMISSION:
      intake_case_panel_set_submission (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_case_panel_dispose (GObject *object)
{
  IntakeCasePanel *self = INTAKE_CASE_PANEL (object);

  /* A memo typed just before closing is not lost. */
  intake_case_panel_save_memo (self);

  /* The rows go with the attributes group. */
  g_ptr_array_set_size (self->attribute_rows, 0);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_CASE_PANEL);
  g_clear_object (&self->project);
  g_clear_object (&self->submission);

  G_OBJECT_CLASS (intake_case_panel_parent_class)->dispose (object);
}

static void
intake_case_panel_finalize (GObject *object)
{
  IntakeCasePanel *self = INTAKE_CASE_PANEL (object);

  g_clear_pointer (&self->attribute_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (intake_case_panel_parent_class)->finalize (object);
}

static void
intake_case_panel_class_init (IntakeCasePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_case_panel_dispose;
  object_class->finalize = intake_case_panel_finalize;
  object_class->get_property = intake_case_panel_get_property;
  object_class->set_property = intake_case_panel_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         INTAKE_TYPE_PROJECT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SUBMISSION] =
    g_param_spec_object ("submission", NULL, NULL,
                         INTAKE_TYPE_SUBMISSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-case-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeCasePanel, memo_view);
  gtk_widget_class_bind_template_child (widget_class, IntakeCasePanel, others_memos_box);
  gtk_widget_class_bind_template_child (widget_class, IntakeCasePanel, others_memos_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeCasePanel, attributes_group);
}

static void
intake_case_panel_init (IntakeCasePanel *self)
{
  self->attribute_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->memo_view), "changed",
                           G_CALLBACK (memo_changed_cb), self, G_CONNECT_SWAPPED);
  build_attribute_rows (self);

  load_memo (self);
  update_attributes (self);
}

GtkWidget *
intake_case_panel_new (void)
{
  return g_object_new (INTAKE_TYPE_CASE_PANEL, NULL);
}

IntakeProject *
intake_case_panel_get_project (IntakeCasePanel *self)
{
  g_return_val_if_fail (INTAKE_IS_CASE_PANEL (self), NULL);

  return self->project;
}

void
intake_case_panel_set_project (IntakeCasePanel *self,
                               IntakeProject   *project)
{
  g_return_if_fail (INTAKE_IS_CASE_PANEL (self));
  g_return_if_fail (!project || INTAKE_IS_PROJECT (project));

  if (self->project == project)
    return;

  intake_case_panel_save_memo (self);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    {
      g_signal_connect_object (project, "submission-changed",
                               G_CALLBACK (submission_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "notify::reviewer",
                               G_CALLBACK (reviewer_changed_cb), self, G_CONNECT_SWAPPED);
    }

  load_memo (self);
  update_attributes (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

IntakeSubmission *
intake_case_panel_get_submission (IntakeCasePanel *self)
{
  g_return_val_if_fail (INTAKE_IS_CASE_PANEL (self), NULL);

  return self->submission;
}

void
intake_case_panel_set_submission (IntakeCasePanel  *self,
                                  IntakeSubmission *submission)
{
  g_return_if_fail (INTAKE_IS_CASE_PANEL (self));
  g_return_if_fail (!submission || INTAKE_IS_SUBMISSION (submission));

  if (self->submission == submission)
    return;

  /* The memo typed for the one being left is saved first. */
  intake_case_panel_save_memo (self);
  g_set_object (&self->submission, submission);

  load_memo (self);
  update_attributes (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMISSION]);
}
