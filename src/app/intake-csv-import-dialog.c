/* The dialog a survey export opens before it is imported: its first rows,
 * and for each column whether it is text to code, a case attribute, the
 * response's id or nothing to keep. */
#define G_LOG_DOMAIN "intake-csv-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "intake-accessible.h"
#include "intake-csv-import-dialog.h"

/* As many rows as the importer guesses the columns from, so that a guess
 * here is the one an import without the dialog would make. */
#define SAMPLE_ROWS   50
#define PREVIEW_ROWS  10
/* A cell shows one line of at most this many characters. */
#define CELL_CHARS    200
/* A role's row shows the column's first answer, this long at most. */
#define SUBTITLE_CHARS 60

struct _IntakeCsvImportDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkButton           *import_button;
  GtkLabel            *problem_label;
  GtkStack            *stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_page;
  AdwPreferencesPage  *page;
  AdwPreferencesGroup *preview_group;
  AdwPreferencesGroup *columns_group;
  GtkColumnView       *preview_view;

  /* Owned references */
  IntakeProject       *project;
  GFile               *file;
  GCancellable        *cancellable;   /* while the first rows are read */
  GStrv                header;
  GArray              *roles;         /* IntakeCsvRole, one a column */
  GPtrArray           *role_rows;     /* AdwComboRow, one a column; the group owns them */
};

G_DEFINE_FINAL_TYPE (IntakeCsvImportDialog, intake_csv_import_dialog, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_READY, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { IMPORT, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The role drop-down's items, in order: the choice most made first. */
static const struct
{
  IntakeCsvRole  role;
  const char    *label;
} role_items[] = {
  { INTAKE_CSV_ROLE_TEXT,      N_("Text to code") },
  { INTAKE_CSV_ROLE_ATTRIBUTE, N_("Case attribute") },
  { INTAKE_CSV_ROLE_ID,        N_("Response id") },
  { INTAKE_CSV_ROLE_IGNORE,    N_("Ignore") },
};

static guint
role_to_item (IntakeCsvRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_items); i++)
    if (role_items[i].role == role)
      return i;

  return G_N_ELEMENTS (role_items) - 1;
}

/* Reading the first rows, on a worker thread */

typedef struct
{
  GStrv      header;
  GPtrArray *rows;   /* GStrv */
} Sample;

static void
sample_free (Sample *sample)
{
  g_strfreev (sample->header);
  g_clear_pointer (&sample->rows, g_ptr_array_unref);
  g_free (sample);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sample, sample_free)

static void
read_sample_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(IntakeCsvReader) reader = NULL;
  g_autoptr(Sample) sample = g_new0 (Sample, 1);
  g_autoptr(GError) error = NULL;
  char **fields = NULL;

  input = g_file_read (file, cancellable, &error);
  if (input == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  reader = intake_csv_reader_new (G_INPUT_STREAM (input), cancellable);
  if (!intake_csv_reader_next (reader, &sample->header, &error))
    {
      if (error == NULL)
        g_set_error_literal (&error, INTAKE_CSV_ERROR, INTAKE_CSV_ERROR_FIELD_COUNT,
                             _("The file is empty: it has no header row"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A row that cannot be read ends the sample; the import reports it. */
  sample->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  while (sample->rows->len < SAMPLE_ROWS && intake_csv_reader_next (reader, &fields, &error))
    g_ptr_array_add (sample->rows, fields);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&sample), (GDestroyNotify) sample_free);
}

/* What the person chose */

static void
update_state (IntakeCsvImportDialog *self)
{
  const char *problem = NULL;
  guint n_text = 0, n_id = 0;

  for (guint i = 0; self->roles != NULL && i < self->roles->len; i++)
    {
      IntakeCsvRole role = g_array_index (self->roles, IntakeCsvRole, i);

      n_text += role == INTAKE_CSV_ROLE_TEXT;
      n_id += role == INTAKE_CSV_ROLE_ID;
    }

  if (self->roles != NULL)
    {
      if (n_text == 0)
        problem = _("Choose at least one column of text to code to import");
      else if (n_id > 1)
        problem = _("Only one column can be the response id");
    }

  gtk_label_set_text (self->problem_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "csv-import.import",
                                 self->roles != NULL && problem == NULL);

  /* Said with the button, so that a screen reader on it tells why it does nothing. */
  if (problem != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->import_button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->import_button),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
role_row_selected_cb (IntakeCsvImportDialog *self,
                      GParamSpec            *pspec,
                      AdwComboRow           *row)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "intake-column"));
  guint item = adw_combo_row_get_selected (row);

  if (self->roles == NULL || column >= self->roles->len || item >= G_N_ELEMENTS (role_items))
    return;

  g_array_index (self->roles, IntakeCsvRole, column) = role_items[item].role;
  update_state (self);
}

/* Showing the sample */

/* @text on one line, not too long to lay out: a cell is a glimpse. */
static char *
one_line (const char *text)
{
  GString *line = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text ? text : ""; *p != '\0' && n < CELL_CHARS; p = g_utf8_next_char (p), n++)
    {
      if (*p == '\r' || *p == '\n' || *p == '\t')
        {
          /* A line break, CRLF or not, is one space. */
          if (line->len > 0 && line->str[line->len - 1] != ' ')
            g_string_append_c (line, ' ');
          continue;
        }
      g_string_append_unichar (line, g_utf8_get_char (p));
    }

  return g_strstrip (g_string_free (line, FALSE));
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), 20);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), 4);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_margin_start (cell, 6);
  gtk_widget_set_margin_end (cell, 6);
  gtk_list_item_set_child (item, cell);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  GtkStringList *row = gtk_list_item_get_item (item);
  const char *text = gtk_string_list_get_string (row, column);
  GtkWidget *child = gtk_list_item_get_child (item);
  GtkWidget *cell = gtk_widget_get_parent (child);

  if (text == NULL || text[0] == '\0')
    text = NULL;
  gtk_inscription_set_text (GTK_INSCRIPTION (child), text ? text : "");

  /* The cell is what a screen reader reads, and GTK 4.8 names it after
   * its type. */
  if (cell != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (cell),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, text ? text : _("Empty"),
                                    -1);
}

static void
show_preview (IntakeCsvImportDialog *self,
              Sample                *sample)
{
  g_autoptr(GListStore) rows = g_list_store_new (GTK_TYPE_STRING_LIST);
  g_autoptr(GtkNoSelection) selection = NULL;
  guint n_columns = g_strv_length (self->header);

  for (guint r = 0; r < MIN (sample->rows->len, PREVIEW_ROWS); r++)
    {
      char **fields = g_ptr_array_index (sample->rows, r);
      g_autoptr(GtkStringList) row = gtk_string_list_new (NULL);

      /* A short row shows empty cells, as the import reads it. */
      for (guint i = 0; i < n_columns && fields[i] != NULL; i++)
        {
          g_autofree char *cell = one_line (fields[i]);

          gtk_string_list_append (row, cell);
        }
      g_list_store_append (rows, row);
    }

  for (guint i = 0; i < n_columns; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autofree char *title = one_line (self->header[i]);

      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (title, g_object_ref (factory));
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->preview_view, column);
    }

  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&rows)));
  gtk_column_view_set_model (self->preview_view, GTK_SELECTION_MODEL (selection));

  {
    g_autofree char *name = g_file_get_basename (self->file);
    g_autofree char *description = NULL;

    if (sample->rows->len == 0)
      description = g_strdup (_("The file has no rows under its header"));
    else
      /* Translators: %s is the file's name */
      description = g_strdup_printf (_("The first rows of “%s”, as they will be read"), name);
    adw_preferences_group_set_description (self->preview_group, description);
  }
}

/* The first answer in the column, to tell columns of the same name apart. */
static char *
first_value (Sample *sample,
             guint   column)
{
  for (guint r = 0; r < sample->rows->len; r++)
    {
      char **fields = g_ptr_array_index (sample->rows, r);

      if (g_strv_length (fields) > column && fields[column][0] != '\0')
        {
          g_autofree char *line = one_line (fields[column]);

          /* Cut by hand: a row's labels wrap, and GTK 4.8 measures a
           * wrapping label that also ellipsizes wrongly. */
          if (g_utf8_strlen (line, -1) <= SUBTITLE_CHARS)
            return g_steal_pointer (&line);
          *g_utf8_offset_to_pointer (line, SUBTITLE_CHARS) = '\0';
          return g_strconcat (g_strchomp (line), "…", NULL);
        }
    }

  return NULL;
}

static void
show_roles (IntakeCsvImportDialog *self,
            Sample                *sample)
{
  g_auto(GStrv) labels = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (role_items); i++)
    g_strv_builder_add (builder, _(role_items[i].label));
  labels = g_strv_builder_end (builder);

  for (guint i = 0; self->header[i] != NULL; i++)
    {
      g_autoptr(GtkStringList) model = gtk_string_list_new ((const char * const *) labels);
      g_autofree char *title = one_line (self->header[i]);
      g_autofree char *value = first_value (sample, i);
      g_autofree char *name = NULL;
      GtkWidget *row = adw_combo_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title[0] ? title : _("(No name)"));
      if (value != NULL)
        {
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
        }
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row),
                                  role_to_item (g_array_index (self->roles, IntakeCsvRole, i)));

      /* Translators: the accessible name of a column's role drop-down, %s being the column's name */
      name = g_strdup_printf (_("Role of column “%s”"), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value ? value : "",
                                      -1);

      g_object_set_data (G_OBJECT (row), "intake-column", GUINT_TO_POINTER (i));
      g_signal_connect_object (row, "notify::selected",
                               G_CALLBACK (role_row_selected_cb), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->role_rows, row);
    }
}

static void
read_sample_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  IntakeCsvImportDialog *self = INTAKE_CSV_IMPORT_DIALOG (source);
  g_autoptr(Sample) sample = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) remembered = NULL;

  sample = g_task_propagate_pointer (G_TASK (result), &error);

  /* Closed while reading: its widgets are gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);

  if (sample == NULL)
    {

      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  self->header = g_steal_pointer (&sample->header);

  /* A project that cannot say what it remembers still imports: it guesses. */
  remembered = intake_project_recall_csv_roles (self->project, (const char * const *) self->header, &error);
  if (error != NULL)
    g_warning ("Could not recall the columns of %s: %s", g_file_peek_path (self->file), error->message);

  if (remembered != NULL)
    self->roles = g_steal_pointer (&remembered);
  else
    self->roles = intake_csv_guess_roles ((const char * const *) self->header, sample->rows);

  show_preview (self, sample);
  show_roles (self, sample);
  update_state (self);

  gtk_stack_set_visible_child_name (self->stack, "form");
  if (self->role_rows->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->role_rows, 0));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

/* Actions */

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  IntakeCsvImportDialog *self = INTAKE_CSV_IMPORT_DIALOG (widget);

  g_signal_emit (self, signals[IMPORT], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* GObject */

static void
intake_csv_import_dialog_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  IntakeCsvImportDialog *self = INTAKE_CSV_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, intake_csv_import_dialog_get_ready (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_csv_import_dialog_dispose (GObject *object)
{
  IntakeCsvImportDialog *self = INTAKE_CSV_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_CSV_IMPORT_DIALOG);
  g_clear_pointer (&self->role_rows, g_ptr_array_unref);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (intake_csv_import_dialog_parent_class)->dispose (object);
}

static void
intake_csv_import_dialog_finalize (GObject *object)
{
  IntakeCsvImportDialog *self = INTAKE_CSV_IMPORT_DIALOG (object);

  g_clear_object (&self->file);
  g_strfreev (self->header);
  g_clear_pointer (&self->roles, g_array_unref);

  G_OBJECT_CLASS (intake_csv_import_dialog_parent_class)->finalize (object);
}

static void
intake_csv_import_dialog_class_init (IntakeCsvImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_csv_import_dialog_dispose;
  object_class->finalize = intake_csv_import_dialog_finalize;
  object_class->get_property = intake_csv_import_dialog_get_property;

  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IntakeCsvImportDialog::import:
   *
   * The person chose to import the file with the roles shown; the dialog
   * closes right after.
   */
  signals[IMPORT] =
    g_signal_new ("import",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-csv-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeCsvImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, IntakeCsvImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeCsvImportDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeCsvImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, IntakeCsvImportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, IntakeCsvImportDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, IntakeCsvImportDialog, page);
  gtk_widget_class_bind_template_child (widget_class, IntakeCsvImportDialog, preview_group);
  gtk_widget_class_bind_template_child (widget_class, IntakeCsvImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, IntakeCsvImportDialog, preview_view);

  gtk_widget_class_install_action (widget_class, "csv-import.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "csv-import.cancel", NULL, cancel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "csv-import.cancel", NULL);
}

static void
intake_csv_import_dialog_init (IntakeCsvImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  intake_accessible_name_by_mnemonics (GTK_WIDGET (self));

  self->role_rows = g_ptr_array_new ();
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->import_button));
  update_state (self);
}

GtkWidget *
intake_csv_import_dialog_new (GtkWindow     *parent,
                              IntakeProject *project,
                              GFile         *file)
{
  IntakeCsvImportDialog *self;
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (INTAKE_IS_PROJECT (project), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (INTAKE_TYPE_CSV_IMPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->project = g_object_ref (project);
  self->file = g_object_ref (file);

  name = g_file_get_basename (file);
  adw_window_title_set_subtitle (self->window_title, name);

  self->cancellable = g_cancellable_new ();
  gtk_spinner_start (self->spinner);
  task = g_task_new (self, self->cancellable, read_sample_cb, NULL);
  g_task_set_source_tag (task, intake_csv_import_dialog_new);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, read_sample_thread);

  return GTK_WIDGET (self);
}

GFile *
intake_csv_import_dialog_get_file (IntakeCsvImportDialog *self)
{
  g_return_val_if_fail (INTAKE_IS_CSV_IMPORT_DIALOG (self), NULL);

  return self->file;
}

gboolean
intake_csv_import_dialog_get_ready (IntakeCsvImportDialog *self)
{
  g_return_val_if_fail (INTAKE_IS_CSV_IMPORT_DIALOG (self), FALSE);

  return self->roles != NULL;
}

const char * const *
intake_csv_import_dialog_get_header (IntakeCsvImportDialog *self)
{
  g_return_val_if_fail (INTAKE_IS_CSV_IMPORT_DIALOG (self), NULL);

  return (const char * const *) self->header;
}

GArray *
intake_csv_import_dialog_get_roles (IntakeCsvImportDialog *self)
{
  g_return_val_if_fail (INTAKE_IS_CSV_IMPORT_DIALOG (self), NULL);

  return self->roles;
}
