#define G_LOG_DOMAIN "intake-window"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "intake-activity-window.h"
#include "intake-code-panel.h"
#include "intake-codebook-editor.h"
#include "intake-store.h"
#include "intake-history.h"
#include "intake-importer.h"
#include "intake-reader.h"
#include "intake-rejections-window.h"
#include "intake-submission-row.h"
#include "intake-window.h"

#define SAMPLE_RESOURCE "/com/argylepr/FeedbackIntake/sample/sample.mbox"
#define PROJECT_SUFFIX ".intake"

/* The list's model: the submissions a filter leaves, in list order. Only
 * ids are held; summaries are read a page at a time as rows are shown, so
 * 20,000 submissions cost 20,000 ids, not 20,000 objects. Private to the
 * window, which alone decides what the list shows. */

#define ID_LIST_PAGE_SIZE 64
#define ID_LIST_MAX_PAGES 16

#define INTAKE_TYPE_ID_LIST (intake_id_list_get_type ())
G_DECLARE_FINAL_TYPE (IntakeIdList, intake_id_list, INTAKE, ID_LIST, GObject)

struct _IntakeIdList
{
  GObject      parent_instance;

  IntakeStore *store;
  GArray      *ids;
  GHashTable  *pages;       /* page number → GPtrArray of IntakeSubmission */
  GQueue       page_order;  /* least recently loaded first */
};

static GType
id_list_get_item_type (GListModel *model)
{
  return INTAKE_TYPE_SUBMISSION;
}

static guint
id_list_get_n_items (GListModel *model)
{
  return INTAKE_ID_LIST (model)->ids->len;
}

static gpointer
id_list_get_item (GListModel *model,
                  guint       position)
{
  IntakeIdList *self = INTAKE_ID_LIST (model);
  guint page = position / ID_LIST_PAGE_SIZE;
  GPtrArray *rows;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL)
    {
      g_autoptr(GError) error = NULL;
      guint first = page * ID_LIST_PAGE_SIZE;

      rows = intake_store_get_summaries (self->store, &g_array_index (self->ids, gint64, first),
                                         MIN (ID_LIST_PAGE_SIZE, self->ids->len - first), &error);
      if (rows == NULL)
        {
          g_warning ("Could not load submissions: %s", error->message);
          return NULL;
        }

      if (g_queue_get_length (&self->page_order) >= ID_LIST_MAX_PAGES)
        g_hash_table_remove (self->pages, g_queue_pop_head (&self->page_order));
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
      g_queue_push_tail (&self->page_order, GUINT_TO_POINTER (page));
    }

  /* A row deleted since the ids were read leaves the page short; find by id. */
  id = g_array_index (self->ids, gint64, position);
  for (guint i = 0; i < rows->len; i++)
    {
      IntakeSubmission *submission = g_ptr_array_index (rows, (position % ID_LIST_PAGE_SIZE + i) % rows->len);

      if (intake_submission_get_id (submission) == id)
        return g_object_ref (submission);
    }

  return NULL;
}

static void
id_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = id_list_get_item_type;
  iface->get_n_items = id_list_get_n_items;
  iface->get_item = id_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (IntakeIdList, intake_id_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, id_list_model_iface_init))

static void
intake_id_list_finalize (GObject *object)
{
  IntakeIdList *self = INTAKE_ID_LIST (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_queue_clear (&self->page_order);

  G_OBJECT_CLASS (intake_id_list_parent_class)->finalize (object);
}

static void
intake_id_list_class_init (IntakeIdListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = intake_id_list_finalize;
}

static void
intake_id_list_init (IntakeIdList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->page_order);
}

static IntakeIdList *
intake_id_list_new (IntakeStore *store)
{
  IntakeIdList *self = g_object_new (INTAKE_TYPE_ID_LIST, NULL);

  self->store = g_object_ref (store);
  return self;
}

/* Takes @ids. Rows are read again either way: their status may have changed. */
static void
intake_id_list_set_ids (IntakeIdList *self,
                        GArray       *ids)
{
  guint removed = self->ids->len;
  gboolean same;

  same = ids->len == self->ids->len &&
         (ids->len == 0 || memcmp (ids->data, self->ids->data, ids->len * sizeof (gint64)) == 0);

  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_order);
  g_array_unref (self->ids);
  self->ids = ids;

  if (!same)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, ids->len);
}

static guint
intake_id_list_find (IntakeIdList *self,
                     gint64        id)
{
  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return i;

  return GTK_INVALID_LIST_POSITION;
}


struct _IntakeWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwWindowTitle       *empty_title;
  AdwWindowTitle       *list_title;
  AdwLeaflet           *leaflet;
  GtkListView          *list_view;
  IntakeReader         *reader;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkLabel             *bytes_label;
  GtkProgressBar       *progress_bar;
  GtkRevealer          *drop_revealer;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *status_filter;
  GtkDropDown          *code_filter;
  GtkDropDown          *reviewer_filter;
  GtkDropDown          *attribute_filter;
  GtkCheckButton       *attachments_filter;
  GtkToggleButton      *codes_button;
  AdwFlap              *flap;
  IntakeCodePanel      *code_panel;
  AdwWindowTitle       *reader_title;

  /* Owned references */
  IntakeStore          *store;
  GSettings            *settings;
  IntakeIdList         *submissions;
  IntakeHistory        *history;      /* NULL until the reviewer is named */
  GPtrArray            *code_filter_guids;
  GPtrArray            *attribute_filter_pairs;  /* name, value, name, value… */
  GtkSingleSelection   *selection;
  IntakeImporter       *importer;     /* only while importing */
  GCancellable         *cancellable;  /* only while importing */

  /* Weak */
  GtkWidget            *rejections_window;

  guint                 selected_position;
  gint64                selected_id;
  gint64                last_list_refresh;
  AdwSplitButton       *empty_import_button;
  AdwSplitButton       *list_import_button;
  guint                 total;
  gboolean              total_stale;   /* the project's count may have changed */
  gboolean              busy;
  gboolean              refiltering;
  gboolean              refiltering_blocked;
  gboolean              asking_name;
};

G_DEFINE_FINAL_TYPE (IntakeWindow, intake_window, ADW_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_STORE, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
show_error (IntakeWindow *self,
            const char   *heading,
            const char   *body)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_toast (IntakeWindow *self,
            const char   *text)
{
  /* Toast titles are markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/* Content state */

static void ask_reviewer_name (IntakeWindow *self);

static void
update_state (IntakeWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->submissions));
  g_autofree char *count = NULL;

  if (n != self->total)
    /* Translators: the list's subtitle while a filter or search is on */
    count = g_strdup_printf (ngettext ("%'u of %'u submission", "%'u of %'u submissions", self->total),
                             n, self->total);
  else
    count = g_strdup_printf (ngettext ("%'u submission", "%'u submissions", n), n);
  adw_window_title_set_subtitle (self->list_title, count);

  gtk_stack_set_visible_child_name (self->main_stack, self->total > 0 ? "submissions" : "empty");
}

static void
show_submission (IntakeWindow     *self,
                 IntakeSubmission *summary)
{
  g_autoptr(IntakeSubmission) whole = NULL;
  g_autoptr(GError) error = NULL;

  if (summary == NULL)
    {
      self->selected_id = -1;
      intake_reader_set_submission (self->reader, NULL);
      intake_code_panel_set_submission (self->code_panel, 0);
      return;
    }

  /* The list holds summaries; the reader needs the text and attachments. */
  self->selected_id = intake_submission_get_id (summary);
  whole = intake_store_get_submission (self->store, self->selected_id, &error);
  if (whole == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not load the submission: %s"), error->message);

      g_warning ("%s", message);
      show_toast (self, message);
    }

  intake_reader_set_submission (self->reader, whole);
  intake_code_panel_set_submission (self->code_panel, whole ? self->selected_id : 0);
}

static void
selected_item_changed_cb (IntakeWindow       *self,
                          GParamSpec         *pspec,
                          GtkSingleSelection *selection)
{
  IntakeSubmission *summary = gtk_single_selection_get_selected_item (selection);
  guint position = gtk_single_selection_get_selected (selection);

  /* A refilter restores the selection itself; the reader keeps its submission. */
  if (self->refiltering)
    return;

  if (summary != NULL)
    {
      if (intake_submission_get_id (summary) == self->selected_id &&
          intake_reader_get_submission (self->reader) != NULL)
        {
          self->selected_position = position;
          return;
        }
      self->selected_position = position;
    }

  show_submission (self, summary);
}

static void
selection_items_changed_cb (IntakeWindow *self,
                            guint         position,
                            guint         removed,
                            guint         added,
                            GListModel   *model)
{
  update_state (self);
}

static void
list_activate_cb (IntakeWindow *self,
                  guint         position,
                  GtkListView  *list_view)
{
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, intake_submission_row_new ());
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  intake_submission_row_set_submission (INTAKE_SUBMISSION_ROW (gtk_list_item_get_child (list_item)),
                                        gtk_list_item_get_item (list_item));
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  intake_submission_row_set_submission (INTAKE_SUBMISSION_ROW (gtk_list_item_get_child (list_item)),
                                        NULL);
}

/* Reviewing and coding */

static gint64
current_id (IntakeWindow *self)
{
  IntakeSubmission *submission = intake_reader_get_submission (self->reader);

  return submission ? intake_submission_get_id (submission) : 0;
}

static gboolean
filter_is_active (IntakeWindow *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  return (search != NULL && search[0] != '\0') ||
         gtk_drop_down_get_selected (self->status_filter) > 0 ||
         gtk_drop_down_get_selected (self->code_filter) > 0 ||
         gtk_drop_down_get_selected (self->reviewer_filter) > 0 ||
         gtk_drop_down_get_selected (self->attribute_filter) > 0 ||
         gtk_check_button_get_active (self->attachments_filter);
}

static const char *
dropdown_string (GtkDropDown *dropdown)
{
  GObject *item = gtk_drop_down_get_selected_item (dropdown);

  return GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
}

static void
refilter (IntakeWindow *self)
{
  static const char * const statuses[] = { NULL, "new", "in-progress", "coded", "excluded" };
  g_autoptr(GError) error = NULL;
  IntakeFilter filter = { 0, };
  GArray *ids;
  guint selected, position;
  gint64 started;
  g_autofree char *search = NULL;

  /* Before construction ends, or while several filters are reset at once. */
  if (self->store == NULL || self->submissions == NULL || self->refiltering_blocked)
    return;

  started = g_get_monotonic_time ();
  search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  selected = gtk_drop_down_get_selected (self->status_filter);
  if (selected < G_N_ELEMENTS (statuses))
    filter.has_status = intake_status_from_string (statuses[selected], &filter.status);

  selected = gtk_drop_down_get_selected (self->code_filter);
  if (selected > 0 && selected - 1 < self->code_filter_guids->len)
    filter.code_guid = g_ptr_array_index (self->code_filter_guids, selected - 1);

  selected = gtk_drop_down_get_selected (self->reviewer_filter);
  if (selected > 0 && selected != GTK_INVALID_LIST_POSITION)
    filter.reviewer = dropdown_string (self->reviewer_filter);

  selected = gtk_drop_down_get_selected (self->attribute_filter);
  if (selected > 0 && 2 * selected - 1 < self->attribute_filter_pairs->len)
    {
      filter.attribute_name = g_ptr_array_index (self->attribute_filter_pairs, 2 * (selected - 1));
      filter.attribute_value = g_ptr_array_index (self->attribute_filter_pairs, 2 * (selected - 1) + 1);
    }

  filter.has_attachments = gtk_check_button_get_active (self->attachments_filter);
  filter.search = search[0] != '\0' ? search : NULL;

  /* With no filter every id is listed, and that is the quicker query. */
  if (filter_is_active (self))
    ids = intake_store_filter_ids (self->store, &filter, &error);
  else
    ids = intake_store_list_ids (self->store, &error);
  if (ids == NULL)
    {
      /* Half-typed search syntax is not worth a dialog; say it quietly. */
      g_debug ("Could not filter: %s", error->message);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  if (!filter_is_active (self))
    self->total = ids->len;
  else if (self->total_stale)
    {
      g_autoptr(GArray) all = intake_store_list_ids (self->store, NULL);

      self->total = all ? all->len : ids->len;
    }
  self->total_stale = FALSE;

  self->refiltering = TRUE;
  intake_id_list_set_ids (self->submissions, ids);
  position = self->selected_id > 0 ? intake_id_list_find (self->submissions, self->selected_id)
                                   : GTK_INVALID_LIST_POSITION;
  gtk_single_selection_set_selected (self->selection, position);
  self->selected_position = position;
  self->refiltering = FALSE;

  intake_reader_set_search (self->reader, search);
  update_state (self);

  g_debug ("Filtered to %u of %u submissions in %.1f ms",
           g_list_model_get_n_items (G_LIST_MODEL (self->submissions)), self->total,
           (g_get_monotonic_time () - started) / 1000.0);
}

static void
search_changed_cb (IntakeWindow   *self,
                   GtkSearchEntry *entry)
{
  refilter (self);
}

static void
search_activate_cb (IntakeWindow   *self,
                    GtkSearchEntry *entry)
{
  /* Enter opens the best match. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->submissions)) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
    }
}

static void
filter_changed_cb (IntakeWindow *self)
{
  refilter (self);
}

static void
set_string_model (GtkDropDown        *dropdown,
                  const char         *any,
                  const char * const *strings,
                  const char         *keep)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = 0;

  gtk_string_list_append (list, any);
  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    {
      gtk_string_list_append (list, strings[i]);
      if (g_strcmp0 (strings[i], keep) == 0)
        selected = i + 1;
    }

  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, selected);
}

/* The code, reviewer and attribute choices follow the project. */
static void
update_filter_choices (IntakeWindow *self)
{
  IntakeCodebook *codebook = intake_code_panel_get_codebook (self->code_panel);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) reviewers = NULL;
  g_autofree char *keep_reviewer = g_strdup (gtk_drop_down_get_selected (self->reviewer_filter) > 0 ? dropdown_string (self->reviewer_filter) : NULL);
  g_autofree char *keep_code = NULL;
  g_autofree char *keep_name = NULL;
  g_autofree char *keep_value = NULL;
  const char * const *names;
  guint selected;

  g_signal_handlers_block_by_func (self->code_filter, filter_changed_cb, self);
  g_signal_handlers_block_by_func (self->reviewer_filter, filter_changed_cb, self);
  g_signal_handlers_block_by_func (self->attribute_filter, filter_changed_cb, self);

  selected = gtk_drop_down_get_selected (self->code_filter);
  if (selected > 0 && selected - 1 < self->code_filter_guids->len)
    keep_code = g_strdup (g_ptr_array_index (self->code_filter_guids, selected - 1));
  g_ptr_array_set_size (self->code_filter_guids, 0);
  selected = 0;
  for (guint i = 0; codebook != NULL && i < intake_codebook_get_n_codes (codebook); i++)
    {
      IntakeCode *code = intake_codebook_get_code (codebook, i);

      /* Groups filter by all their codes: the core counts descendants. */
      g_ptr_array_add (labels, intake_code_dup_path (code, codebook));
      g_ptr_array_add (self->code_filter_guids, g_strdup (intake_code_get_guid (code)));
      if (g_strcmp0 (keep_code, intake_code_get_guid (code)) == 0)
        selected = labels->len;
    }
  g_ptr_array_add (labels, NULL);
  set_string_model (self->code_filter, _("Any code"), (const char * const *) labels->pdata, NULL);
  gtk_drop_down_set_selected (self->code_filter, selected);

  reviewers = intake_store_list_reviewers (self->store, &error);
  if (reviewers == NULL)
    {
      g_warning ("Could not list reviewers: %s", error->message);
      g_clear_error (&error);
    }
  set_string_model (self->reviewer_filter, _("Any reviewer"), (const char * const *) reviewers, keep_reviewer);

  selected = gtk_drop_down_get_selected (self->attribute_filter);
  if (selected > 0 && 2 * selected - 1 < self->attribute_filter_pairs->len)
    {
      keep_name = g_strdup (g_ptr_array_index (self->attribute_filter_pairs, 2 * (selected - 1)));
      keep_value = g_strdup (g_ptr_array_index (self->attribute_filter_pairs, 2 * (selected - 1) + 1));
    }
  g_ptr_array_set_size (self->attribute_filter_pairs, 0);
  g_ptr_array_set_size (labels, 0);
  selected = 0;
  names = intake_attribute_names ();
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_auto(GStrv) values = intake_store_list_attribute_values (self->store, names[i], NULL);

      for (guint v = 0; values != NULL && values[v] != NULL; v++)
        {
          /* Translators: an attribute filter, e.g. "School board: FrancoSud" */
          g_ptr_array_add (labels, g_strdup_printf (_("%s: %s"), names[i], values[v]));
          g_ptr_array_add (self->attribute_filter_pairs, g_strdup (names[i]));
          g_ptr_array_add (self->attribute_filter_pairs, g_strdup (values[v]));
          if (g_strcmp0 (keep_name, names[i]) == 0 && g_strcmp0 (keep_value, values[v]) == 0)
            selected = labels->len;
        }
    }
  g_ptr_array_add (labels, NULL);
  set_string_model (self->attribute_filter, _("Any attribute"), (const char * const *) labels->pdata, NULL);
  gtk_drop_down_set_selected (self->attribute_filter, selected);

  g_signal_handlers_unblock_by_func (self->code_filter, filter_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->reviewer_filter, filter_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->attribute_filter, filter_changed_cb, self);
}

static void
filter_popover_show_cb (IntakeWindow *self,
                        GtkPopover   *popover)
{
  update_filter_choices (self);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);

  self->refiltering_blocked = TRUE;
  gtk_drop_down_set_selected (self->status_filter, 0);
  gtk_drop_down_set_selected (self->code_filter, 0);
  gtk_drop_down_set_selected (self->reviewer_filter, 0);
  gtk_drop_down_set_selected (self->attribute_filter, 0);
  gtk_check_button_set_active (self->attachments_filter, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  self->refiltering_blocked = FALSE;
  refilter (self);
}

static void
select_submission_id (IntakeWindow *self,
                      gint64        id)
{
  guint position = intake_id_list_find (self->submissions, id);

  if (position != GTK_INVALID_LIST_POSITION)
    {
      gtk_single_selection_set_selected (self->selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
    }
  else
    {
      /* Filtered out of the list: open it all the same. */
      g_autoptr(IntakeSubmission) summary = NULL;
      g_autoptr(GPtrArray) rows = intake_store_get_summaries (self->store, &id, 1, NULL);

      self->refiltering = TRUE;
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      self->refiltering = FALSE;
      if (rows != NULL && rows->len == 1)
        show_submission (self, g_ptr_array_index (rows, 0));
    }
}

static void
apply_code (IntakeWindow *self,
            const char   *code_guid)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->history == NULL)
    {
      ask_reviewer_name (self);
      return;
    }

  if (current_id (self) <= 0)
    {
      show_toast (self, _("Open a submission to code it"));
      return;
    }

  /* With text selected, the code goes to the excerpt; otherwise to the whole. */
  if (intake_reader_get_selected_range (self->reader, NULL, NULL))
    ok = intake_reader_code_selection (self->reader, code_guid, &error);
  else
    ok = intake_code_panel_toggle_whole (self->code_panel, code_guid, &error);

  if (!ok)
    {
      g_autofree char *message = g_strdup_printf (_("Could not code the submission: %s"), error->message);

      show_toast (self, message);
    }
}

static void
code_activated_cb (IntakeWindow *self,
                   const char   *code_guid)
{
  apply_code (self, code_guid);
}

static void
apply_pinned_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  g_auto(GStrv) pinned = g_settings_get_strv (self->settings, "pinned-codes");
  int index = g_variant_get_int32 (param);

  if (index < 1 || index > INTAKE_MAX_PINNED_CODES || index > (int) g_strv_length (pinned))
    {
      g_autofree char *message = NULL;

      /* Translators: %d is a number key */
      message = g_strdup_printf (_("No code is pinned to %d: pin codes in the Codes panel"), index);
      show_toast (self, message);
      return;
    }

  apply_code (self, pinned[index - 1]);
}

static void
pick_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);

  if (self->history == NULL)
    {
      ask_reviewer_name (self);
      return;
    }

  intake_reader_pick_code (self->reader);
}

static void
mark_coded_next_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gint64 id = current_id (self);
  gint64 next;

  if (self->history == NULL)
    {
      ask_reviewer_name (self);
      return;
    }
  if (id <= 0)
    return;

  intake_reader_save_memo (self->reader);
  if (!intake_history_set_status (self->history, id, "coded", &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not mark the submission coded: %s"), error->message);

      show_toast (self, message);
      return;
    }

  next = intake_store_next_uncoded (self->store, id, &error);
  if (next <= 0)
    {
      if (error != NULL)
        g_warning ("Could not find the next submission: %s", error->message);
      show_toast (self, _("Every submission is coded or excluded"));
      return;
    }

  select_submission_id (self, next);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->history != NULL && !intake_history_undo (self->history, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not undo: %s"), error->message);

      show_toast (self, message);
    }
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->history != NULL && !intake_history_redo (self->history, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not redo: %s"), error->message);

      show_toast (self, message);
    }
}

static void
toggle_codes_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);

  gtk_toggle_button_set_active (self->codes_button, !gtk_toggle_button_get_active (self->codes_button));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
move_selection (IntakeWindow *self,
                int           delta)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->submissions));
  guint position = gtk_single_selection_get_selected (self->selection);
  guint next;

  if (n == 0)
    return;

  if (position == GTK_INVALID_LIST_POSITION)
    next = delta > 0 ? 0 : n - 1;
  else if (delta < 0 && position == 0)
    next = 0;
  else
    next = MIN (position + delta, n - 1);

  gtk_single_selection_set_selected (self->selection, next);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", next);
}

static void
next_submission_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  move_selection (INTAKE_WINDOW (widget), 1);
}

static void
previous_submission_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  move_selection (INTAKE_WINDOW (widget), -1);
}

static void
edit_codebook_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  GtkWidget *editor;

  if (self->history == NULL)
    {
      ask_reviewer_name (self);
      return;
    }

  editor = intake_codebook_editor_new (GTK_WINDOW (self), self->history);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
show_activity_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  GtkWidget *activity = intake_activity_window_new (GTK_WINDOW (self), self->store);

  gtk_window_present (GTK_WINDOW (activity));
}

static void
update_undo_actions (IntakeWindow *self)
{
  gboolean can_undo = self->history && intake_history_get_can_undo (self->history);
  gboolean can_redo = self->history && intake_history_get_can_redo (self->history);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", can_redo);
}

static void
history_can_undo_cb (IntakeWindow  *self,
                     GParamSpec    *pspec,
                     IntakeHistory *history)
{
  update_undo_actions (self);
}

static void
history_changed_cb (IntakeWindow  *self,
                    gint64         submission_id,
                    IntakeHistory *history)
{
  if (submission_id == 0)
    {
      /* The codebook changed. */
      intake_code_panel_reload (self->code_panel);
      intake_reader_set_codebook (self->reader, intake_code_panel_get_codebook (self->code_panel));
      update_filter_choices (self);
    }
  else
    intake_code_panel_refresh (self->code_panel);

  if (submission_id == 0 || submission_id == current_id (self))
    intake_reader_refresh (self->reader);

  /* What a filter on status, code or attribute leaves may have changed. */
  if (filter_is_active (self))
    refilter (self);
}

static void
set_reviewer (IntakeWindow *self,
              const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  if (!intake_store_ensure_reviewer (self->store, name, &error))
    {
      show_error (self, _("Could Not Set the Reviewer"), error->message);
      return;
    }

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);

  /* A new reviewer starts a new undo history: undoing is for one's own work. */
  self->history = intake_history_new (self->store, name);
  g_signal_connect_object (self->history, "changed", G_CALLBACK (history_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "notify::can-undo", G_CALLBACK (history_can_undo_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "notify::can-redo", G_CALLBACK (history_can_undo_cb), self, G_CONNECT_SWAPPED);

  intake_code_panel_set_history (self->code_panel, self->history);
  intake_code_panel_set_submission (self->code_panel, current_id (self));
  intake_reader_set_codebook (self->reader, intake_code_panel_get_codebook (self->code_panel));
  intake_reader_set_history (self->reader, self->history);
  update_filter_choices (self);
  update_undo_actions (self);

  /* Translators: the reader's subtitle; %s is the reviewer's name */
  subtitle = g_strdup_printf (_("Coding as %s"), name);
  adw_window_title_set_subtitle (self->reader_title, subtitle);
}

static void
reviewer_entry_changed_cb (GtkEditable      *entry,
                           AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "ok", name[0] != '\0');
}

static void
reviewer_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      IntakeWindow     *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  self->asking_name = FALSE;

  if (!g_str_equal (response, "ok") || name[0] == '\0')
    return;

  g_settings_set_string (self->settings, "reviewer-name", name);
  set_reviewer (self, name);
}

static void
ask_reviewer_name (IntakeWindow *self)
{
  g_autofree char *current = g_settings_get_string (self->settings, "reviewer-name");
  GtkWidget *dialog, *entry;

  if (self->asking_name)
    return;
  self->asking_name = TRUE;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   current[0] ? _("Change Reviewer Name") : _("Who Is Reviewing?"),
                                   _("Your name is recorded with every coding, memo and status you set, so that the team can merge and compare their work."));
  entry = g_object_new (GTK_TYPE_ENTRY,
                        "text", current,
                        "placeholder-text", _("Your name"),
                        /* Enter answers with the default response, and closes the dialog as the button does. */
                        "activates-default", TRUE,
                        NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reviewer name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "later", _("_Later"),
                                    "ok", _("_Start Coding"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "ok", current[0] != '\0');
  g_signal_connect (entry, "changed", G_CALLBACK (reviewer_entry_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reviewer_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
change_reviewer_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  ask_reviewer_name (INTAKE_WINDOW (widget));
}

static void
store_changed_cb (IntakeWindow *self,
                  IntakeStore  *store)
{
  self->total_stale = TRUE;
  refilter (self);
}

/* Plain keys (numbers, letters) in the non-editable reader text: the text
 * view's input method would eat them before the window's shortcuts. */
static gboolean
reader_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       IntakeWindow          *self)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;

  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
    return gtk_widget_activate_action (GTK_WIDGET (self), "win.apply-pinned", "i", (int) (keyval - GDK_KEY_0));
  if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9)
    return gtk_widget_activate_action (GTK_WIDGET (self), "win.apply-pinned", "i", (int) (keyval - GDK_KEY_KP_0));

  switch (keyval)
    {
    case GDK_KEY_c:
      return gtk_widget_activate_action (GTK_WIDGET (self), "win.pick-code", NULL);
    case GDK_KEY_j:
      return gtk_widget_activate_action (GTK_WIDGET (self), "win.next-submission", NULL);
    case GDK_KEY_k:
      return gtk_widget_activate_action (GTK_WIDGET (self), "win.previous-submission", NULL);
    default:
      return FALSE;
    }
}

/* Importing */

static void
set_busy (IntakeWindow *self,
          gboolean      busy)
{
  static const char * const import_actions[] = {
    "win.import", "win.import-folder", "win.try-sample",
  };

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;

  for (guint i = 0; i < G_N_ELEMENTS (import_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), import_actions[i], !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", busy);

  gtk_revealer_set_reveal_child (self->progress_revealer, busy);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
importer_progress_cb (IntakeWindow   *self,
                      GParamSpec     *pspec,
                      IntakeImporter *importer)
{
  guint messages = intake_importer_get_messages (importer);
  guint64 bytes = intake_importer_get_bytes (importer);
  guint64 total = intake_importer_get_total_bytes (importer);
  g_autofree char *text = NULL;

  if (messages == 0)
    text = g_strdup (_("Reading mailbox…"));
  else
    text = g_strdup_printf (ngettext ("Importing %'u message…", "Importing %'u messages…", messages),
                            messages);
  gtk_label_set_text (self->progress_label, text);

  /* Show what has come in so far, every few seconds, so that a long import
   * can be read while it runs. Batches are committed, so the list sees them. */
  if (messages > 0 && g_get_monotonic_time () - self->last_list_refresh > 3 * G_USEC_PER_SEC)
    {
      self->last_list_refresh = g_get_monotonic_time ();
      intake_store_emit_changed (self->store);
    }

  if (total > 0)
    {
      g_autofree char *done = g_format_size (MIN (bytes, total));
      g_autofree char *all = g_format_size (total);
      g_autofree char *size = NULL;

      /* Translators: how much of the chosen files has been read, e.g. "3.2 MB of 12.0 MB" */
      size = g_strdup_printf (_("%s of %s"), done, all);
      gtk_label_set_text (self->bytes_label, size);
    }
  else
    gtk_label_set_text (self->bytes_label, "");
}

static char *
format_summary (const IntakeImportSummary *summary)
{
  GString *text = g_string_new (NULL);

  if (summary->cancelled)
    g_string_append_printf (text,
                            ngettext ("Import cancelled after %'u message",
                                      "Import cancelled after %'u messages",
                                      summary->imported),
                            summary->imported);
  else if (summary->seen == 0)
    g_string_append (text, _("No messages were found in the chosen files"));
  else if (summary->imported == 0)
    g_string_append (text, _("No new messages"));
  else
    g_string_append_printf (text,
                            ngettext ("Imported %'u message", "Imported %'u messages",
                                      summary->imported),
                            summary->imported);

  if (summary->duplicates > 0)
    {
      /* Translators: joins the parts of the import summary */
      g_string_append (text, _(", "));
      g_string_append_printf (text,
                              ngettext ("%'u duplicate", "%'u duplicates", summary->duplicates),
                              summary->duplicates);
    }

  if (summary->rejected > 0)
    {
      g_string_append (text, _(", "));
      g_string_append_printf (text,
                              ngettext ("%'u rejected", "%'u rejected", summary->rejected),
                              summary->rejected);
    }

  return g_string_free (text, FALSE);
}

static void
import_finished_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  IntakeImporter *importer = INTAKE_IMPORTER (object);
  g_autoptr(IntakeWindow) self = user_data;
  g_autoptr(IntakeImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GApplication *app;

  summary = intake_importer_import_finish (importer, result, &error);

  /* Whatever happened, some messages may have been committed. */
  intake_store_emit_changed (intake_importer_get_store (importer));

  if (self->importer == importer)
    {
      g_signal_handlers_disconnect_by_data (importer, self);
      g_clear_object (&self->importer);
      g_clear_object (&self->cancellable);
    }

  if ((app = g_object_get_data (G_OBJECT (importer), "intake-held-application")))
    {
      g_object_set_data (G_OBJECT (importer), "intake-held-application", NULL);
      g_application_release (app);
    }

  /* The window may have been closed while the import ran. */
  if (self->toast_overlay == NULL)
    return;

  set_busy (self, FALSE);

  if (summary == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, _("Import cancelled"));
      else
        show_error (self, _("Could Not Import"), error->message);
      return;
    }

  {
    g_autofree char *text = format_summary (summary);
    g_autofree char *escaped = g_markup_escape_text (text, -1);
    AdwToast *toast = adw_toast_new (escaped);

    if (summary->rejected > 0 || (summary->errors != NULL && summary->errors->len > 0))
      {
        adw_toast_set_button_label (toast, _("_View"));
        adw_toast_set_action_name (toast, "win.show-rejections");
        adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
        adw_toast_set_timeout (toast, 10);
      }

    adw_toast_overlay_add_toast (self->toast_overlay, toast);
  }

  if (gtk_stack_get_visible_child_name (self->main_stack) != NULL &&
      g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "submissions") &&
      !gtk_widget_has_focus (GTK_WIDGET (self->list_view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/**
 * intake_window_import_files:
 * @self: a window
 * @files: (array length=n_files): mailbox files, Maildir folders or folders of messages
 * @n_files: the number of @files
 *
 * Starts importing @files into the window's project, showing progress and a
 * summary when done. The file chooser, the drop target and "Try a Sample"
 * all come through here.
 *
 * Returns: %FALSE if nothing was started (another import is running or
 *   @n_files is 0)
 */
gboolean
intake_window_import_files (IntakeWindow  *self,
                            GFile * const *files,
                            guint          n_files)
{
  GtkApplication *app;

  g_return_val_if_fail (INTAKE_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (files != NULL || n_files == 0, FALSE);

  if (self->busy || n_files == 0)
    return FALSE;

  self->importer = intake_importer_new (self->store);
  self->cancellable = g_cancellable_new ();

  g_object_bind_property (self->importer, "fraction",
                          self->progress_bar, "fraction",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->importer, "notify::messages",
                           G_CALLBACK (importer_progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->importer, "notify::total-bytes",
                           G_CALLBACK (importer_progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->importer, "notify::bytes",
                           G_CALLBACK (importer_progress_cb), self,
                           G_CONNECT_SWAPPED);
  self->last_list_refresh = g_get_monotonic_time ();
  importer_progress_cb (self, NULL, self->importer);

  /* Keep the process alive until the worker is done, even if the window closes. */
  if ((app = gtk_window_get_application (GTK_WINDOW (self))))
    {
      g_application_hold (G_APPLICATION (app));
      g_object_set_data (G_OBJECT (self->importer), "intake-held-application", app);
    }

  set_busy (self, TRUE);

  intake_importer_import_async (self->importer, files, n_files, self->cancellable,
                                import_finished_cb, g_object_ref (self));

  return TRUE;
}

void
intake_window_cancel_import (IntakeWindow *self)
{
  g_return_if_fail (INTAKE_IS_WINDOW (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
import_model_files (IntakeWindow *self,
                    GListModel   *model)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (files, g_list_model_get_item (model, i));

  intake_window_import_files (self, (GFile * const *) files->pdata, files->len);
}

static void
import_response_cb (GtkNativeDialog *native,
                    int              response,
                    IntakeWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));

      import_model_files (self, files);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
choose_import (IntakeWindow         *self,
               GtkFileChooserAction  chooser_action)
{
  GtkFileChooserNative *native;
  gboolean folders = chooser_action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER;

  native = gtk_file_chooser_native_new (folders ? _("Import Folder") : _("Import Mailbox"),
                                        GTK_WINDOW (self),
                                        chooser_action,
                                        _("_Import"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);

  if (!folders)
    {
      g_autoptr(GtkFileFilter) mail = gtk_file_filter_new ();
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      gtk_file_filter_set_name (mail, _("Mailboxes and Messages"));
      gtk_file_filter_add_mime_type (mail, "application/mbox");
      gtk_file_filter_add_mime_type (mail, "message/rfc822");
      gtk_file_filter_add_mime_type (mail, "application/vnd.ms-outlook");
      gtk_file_filter_add_suffix (mail, "mbox");
      gtk_file_filter_add_suffix (mail, "mbx");
      gtk_file_filter_add_suffix (mail, "eml");
      gtk_file_filter_add_suffix (mail, "msg");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), mail);

      /* Thunderbird and others export mailboxes without an extension. */
      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
    }

  g_signal_connect_object (native, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  choose_import (INTAKE_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
import_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  choose_import (INTAKE_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

static void
try_sample_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  gconstpointer data;
  gsize size;

  bytes = g_resources_lookup_data (SAMPLE_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      show_error (self, _("Could Not Import the Sample"), error->message);
      return;
    }

  /* The importer reads files, so the sample is copied out of the resources. */
  dir = g_build_filename (g_get_user_cache_dir (), "feedback-intake", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Could not create the folder “%s”: %s"),
                                                  dir, g_strerror (errno));
      show_error (self, _("Could Not Import the Sample"), message);
      return;
    }

  file = g_file_new_build_filename (dir, "sample.mbox", NULL);
  data = g_bytes_get_data (bytes, &size);
  if (!g_file_replace_contents (file, data, size, NULL, FALSE,
                                G_FILE_CREATE_PRIVATE, NULL, NULL, &error))
    {
      show_error (self, _("Could Not Import the Sample"), error->message);
      return;
    }

  intake_window_import_files (self, &file, 1);
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  intake_window_cancel_import (INTAKE_WINDOW (widget));
}

/* Dropping files */

static GdkDragAction
drop_enter_cb (GtkDropTarget *target,
               double         x,
               double         y,
               IntakeWindow  *self)
{
  if (self->busy)
    return 0;

  gtk_revealer_set_reveal_child (self->drop_revealer, TRUE);
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget *target,
               IntakeWindow  *self)
{
  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         IntakeWindow  *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  GdkFileList *list;
  GSList *items;

  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  if (self->busy)
    {
      show_toast (self, _("Wait for the current import to finish"));
      return FALSE;
    }

  list = g_value_get_boxed (value);
  items = gdk_file_list_get_files (list);
  for (GSList *l = items; l; l = l->next)
    g_ptr_array_add (files, l->data);
  g_slist_free (items);

  return intake_window_import_files (self, (GFile * const *) files->pdata, files->len);
}

/* Projects */

static void
show_rejections_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);

  if (self->rejections_window == NULL)
    {
      self->rejections_window = intake_rejections_window_new (GTK_WINDOW (self), self->store);
      g_object_add_weak_pointer (G_OBJECT (self->rejections_window),
                                 (gpointer *) &self->rejections_window);
    }

  gtk_window_present (GTK_WINDOW (self->rejections_window));
}

static void
switch_to_project (IntakeWindow *self,
                   GFile        *file,
                   gboolean      created)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  if (!INTAKE_IS_APPLICATION (app))
    return;

  window = intake_application_open_project (INTAKE_APPLICATION (app), file, &error);
  if (window == NULL)
    {
      show_error (self, created ? _("Could Not Create Project") : _("Could Not Open Project"),
                  error->message);
      return;
    }

  /* The new project replaces this one, unless an import still runs here. */
  if (window != GTK_WINDOW (self) && !self->busy)
    gtk_window_close (GTK_WINDOW (self));
}

static void
add_project_filter (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Feedback Intake Projects"));
  gtk_file_filter_add_mime_type (filter, "application/x-feedback-intake-project");
  gtk_file_filter_add_suffix (filter, "intake");
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
open_project_response_cb (GtkNativeDialog *native,
                          int              response,
                          IntakeWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      switch_to_project (self, file, FALSE);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
open_project_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  add_project_filter (GTK_FILE_CHOOSER (native));
  g_signal_connect_object (native, "response", G_CALLBACK (open_project_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
new_project_response_cb (GtkNativeDialog *native,
                         int              response,
                         IntakeWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autoptr(GFile) file = NULL;
      g_autofree char *basename = g_file_get_basename (chosen);

      if (g_str_has_suffix (basename, PROJECT_SUFFIX))
        file = g_object_ref (chosen);
      else
        {
          g_autoptr(GFile) parent = g_file_get_parent (chosen);
          g_autofree char *name = g_strconcat (basename, PROJECT_SUFFIX, NULL);

          file = g_file_get_child (parent, name);
        }

      /* A project is never overwritten: choosing an existing one opens it. */
      switch_to_project (self, file, !g_file_query_exists (file, NULL));
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
new_project_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("New Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("C_reate"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  add_project_filter (GTK_FILE_CHOOSER (native));
  /* Translators: the suggested file name of a new project; keep the .intake extension */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("Consultation.intake"));
  g_signal_connect_object (native, "response", G_CALLBACK (new_project_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  IntakeWindow *self = INTAKE_WINDOW (widget);

  if (adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK))
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* GtkWindow */

static gboolean
intake_window_close_request (GtkWindow *window)
{
  IntakeWindow *self = INTAKE_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  /* Closing stops the import; what was committed stays in the project. */
  intake_window_cancel_import (self);

  return GTK_WINDOW_CLASS (intake_window_parent_class)->close_request (window);
}

/* GObject */

static gboolean
ask_reviewer_idle_cb (gpointer user_data)
{
  IntakeWindow *self = user_data;

  if (self->history == NULL && self->toast_overlay != NULL &&
      gtk_widget_get_mapped (GTK_WIDGET (self)))
    ask_reviewer_name (self);

  return G_SOURCE_REMOVE;
}

static void
intake_window_constructed (GObject *object)
{
  IntakeWindow *self = INTAKE_WINDOW (object);
  g_autofree char *title = NULL;
  GtkListItemFactory *factory;
  GtkDropTarget *drop_target;
  const char *path;

  G_OBJECT_CLASS (intake_window_parent_class)->constructed (object);

  g_assert (INTAKE_IS_STORE (self->store));

  path = intake_store_get_path (self->store);
  title = path ? g_filename_display_basename (path) : g_strdup (_("Feedback Intake"));
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->empty_title, title);
  adw_window_title_set_title (self->list_title, title);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->submissions = intake_id_list_new (self->store);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->submissions)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selected_item_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (selection_items_changed_cb), self,
                           G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list_view, "activate",
                           G_CALLBACK (list_activate_cb), self,
                           G_CONNECT_SWAPPED);

  drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target, "enter", G_CALLBACK (drop_enter_cb), self, 0);
  g_signal_connect_object (drop_target, "leave", G_CALLBACK (drop_leave_cb), self, 0);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->toast_overlay), GTK_EVENT_CONTROLLER (drop_target));

  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  refilter (self);

  {
    g_autofree char *name = g_settings_get_string (self->settings, "reviewer-name");

    if (name[0] != '\0')
      set_reviewer (self, name);
    else
      /* Asked once the window is on screen, so the dialog has a parent to sit on. */
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, ask_reviewer_idle_cb, g_object_ref (self), g_object_unref);
  }
  update_undo_actions (self);
}

static void
intake_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  IntakeWindow *self = INTAKE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  IntakeWindow *self = INTAKE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_window_dispose (GObject *object)
{
  IntakeWindow *self = INTAKE_WINDOW (object);

  intake_window_cancel_import (self);

  if (self->rejections_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->rejections_window),
                                    (gpointer *) &self->rejections_window);
      gtk_window_destroy (GTK_WINDOW (self->rejections_window));
      self->rejections_window = NULL;
    }

  if (self->importer != NULL)
    g_signal_handlers_disconnect_by_data (self->importer, self);

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), INTAKE_TYPE_WINDOW);

  g_clear_object (&self->history);
  g_clear_object (&self->selection);
  g_clear_object (&self->submissions);
  g_clear_object (&self->importer);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (intake_window_parent_class)->dispose (object);
}

static void
intake_window_finalize (GObject *object)
{
  IntakeWindow *self = INTAKE_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->code_filter_guids, g_ptr_array_unref);
  g_clear_pointer (&self->attribute_filter_pairs, g_ptr_array_unref);

  G_OBJECT_CLASS (intake_window_parent_class)->finalize (object);
}

static void
intake_window_class_init (IntakeWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = intake_window_constructed;
  object_class->dispose = intake_window_dispose;
  object_class->finalize = intake_window_finalize;
  object_class->get_property = intake_window_get_property;
  object_class->set_property = intake_window_set_property;

  window_class->close_request = intake_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         INTAKE_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INTAKE_TYPE_READER);
  g_type_ensure (INTAKE_TYPE_CODE_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/argylepr/FeedbackIntake/ui/intake-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, empty_import_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, list_import_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, empty_title);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, reader);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, bytes_label);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, drop_revealer);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, status_filter);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, code_filter);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, reviewer_filter);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, attribute_filter);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, attachments_filter);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, codes_button);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, code_panel);
  gtk_widget_class_bind_template_child (widget_class, IntakeWindow, reader_title);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_popover_show_cb);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_folder_action);
  gtk_widget_class_install_action (widget_class, "win.try-sample", NULL, try_sample_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.show-rejections", NULL, show_rejections_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, open_project_action);
  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, new_project_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.apply-pinned", "i", apply_pinned_action);
  gtk_widget_class_install_action (widget_class, "win.pick-code", NULL, pick_code_action);
  gtk_widget_class_install_action (widget_class, "win.mark-coded-next", NULL, mark_coded_next_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-codes", NULL, toggle_codes_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "win.next-submission", NULL, next_submission_action);
  gtk_widget_class_install_action (widget_class, "win.previous-submission", NULL, previous_submission_action);
  gtk_widget_class_install_action (widget_class, "win.edit-codebook", NULL, edit_codebook_action);
  gtk_widget_class_install_action (widget_class, "win.show-activity", NULL, show_activity_action);
  gtk_widget_class_install_action (widget_class, "win.change-reviewer", NULL, change_reviewer_action);

  /* Bubble-phase bindings: a text entry with the focus gets its keys first,
   * so typing "j" or "1" in a memo or the search stays typing. */
  for (guint i = 1; i <= INTAKE_MAX_PINNED_CODES; i++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, 0, "win.apply-pinned", "i", (int) i);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0 + i, 0, "win.apply-pinned", "i", (int) i);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.pick-code", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, 0, "win.pick-code", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.mark-coded-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.mark-coded-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-codes", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "win.next-submission", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "win.previous-submission", NULL);
}

/* AdwSplitButton (libadwaita 1.2) gives its inner button and arrow no
 * accessible names, so screen readers announce "GtkImage"; name them. */
static void
label_split_button (AdwSplitButton *split_button,
                    const char     *button_label,
                    const char     *dropdown_label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (split_button));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_MENU_BUTTON (child))
        {
          GtkWidget *toggle = gtk_widget_get_first_child (child);

          gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, dropdown_label, -1);
          if (toggle != NULL)
            gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, dropdown_label, -1);
        }
      else if (GTK_IS_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, button_label, -1);
    }
}

static void
intake_window_init (IntakeWindow *self)
{
  self->selected_id = -1;
  self->selected_position = GTK_INVALID_LIST_POSITION;
  self->total_stale = TRUE;
  self->settings = g_settings_new (APP_ID);

  self->code_filter_guids = g_ptr_array_new_with_free_func (g_free);
  self->attribute_filter_pairs = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_settings_bind (self->settings, "show-code-panel", self->codes_button, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->code_panel, "code-activated", G_CALLBACK (code_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reader, "code-chosen", G_CALLBACK (code_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_filter, "notify::selected", G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->code_filter, "notify::selected", G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reviewer_filter, "notify::selected", G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->attribute_filter, "notify::selected", G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->attachments_filter, "toggled", G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (reader_key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (intake_reader_get_text_view (self->reader)), keys);
  }
  set_string_model (self->code_filter, _("Any code"), NULL, NULL);
  set_string_model (self->reviewer_filter, _("Any reviewer"), NULL, NULL);
  set_string_model (self->attribute_filter, _("Any attribute"), NULL, NULL);

  label_split_button (self->empty_import_button, _("Import Mailbox…"), _("More Ways to Import"));
  label_split_button (self->list_import_button, _("Import Mailbox…"), _("More Ways to Import"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", FALSE);
}

IntakeWindow *
intake_window_new (IntakeApplication *application,
                   IntakeStore       *store)
{
  g_return_val_if_fail (!application || INTAKE_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (INTAKE_IS_STORE (store), NULL);

  return g_object_new (INTAKE_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}

IntakeStore *
intake_window_get_store (IntakeWindow *self)
{
  g_return_val_if_fail (INTAKE_IS_WINDOW (self), NULL);

  return self->store;
}

gboolean
intake_window_get_busy (IntakeWindow *self)
{
  g_return_val_if_fail (INTAKE_IS_WINDOW (self), FALSE);

  return self->busy;
}
