#define G_LOG_DOMAIN "intake-coding-margin"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "intake-coding-margin.h"
#include "intake-code-picker.h"
#include "intake-color-swatch.h"
#include "intake-error.h"
#include "intake-store.h"

/* A column: the bar, a gap, and room for a readable code name. */
#define COLUMN_WIDTH  112
#define COLUMN_GAP    3
#define STRIP_WIDTH   4
#define N_FIRST_WORDS 6
/* The widest the margin gets: more excerpts side by side share the width,
 * so that a densely coded submission neither widens the window nor lays
 * the text out again at another width. */
#define MAX_COLUMNS   2
/* A column narrower than this shows the code's colour without its name. */
#define MIN_NAMED_COLUMN_WIDTH 40

/* The bars are drawn by the margin itself, not made of a widget each: a
 * submission with hundreds of excerpts opens without hundreds of widgets
 * to make, style, lay out and expose to screen readers. The margin is the
 * one focus stop; its accessible name is the current bar's. */
typedef struct
{
  IntakeCoding *coding;   /* in the margin's codings, shared with the store */
  char         *name;     /* the code's name as the codebook has it now */
  GdkRGBA       rgba;
  guint         column;
  int           y;
  int           height;
  gboolean      placed;   /* its range is in the buffer */
} Bar;

struct _IntakeCodingMargin
{
  GtkWidget         parent_instance;

  GtkTextView      *text_view;   /* unowned: the margin is its gutter */
  GtkTextBuffer    *buffer;      /* watched for its changes */

  /* Popovers parented to the margin */
  GtkPopover       *popover;
  GtkListBox       *list_box;
  IntakeCodePicker *picker;
  GtkAdjustment    *vadjustment; /* watched: the bars scroll with the text */

  /* Owned references */
  IntakeProject    *project;
  IntakeSubmission *submission;
  GPtrArray        *codings;     /* the submission's, as the store shares them */
  GPtrArray        *bars;        /* Bar, ordered by start then end */

  char             *recode_guid; /* the coding the picker recodes */
  int               current;     /* the bar the arrows are on, -1 for none */
  int               opened;      /* the bar the popover is about, -1 for none */
  guint             n_columns;   /* the width asked for, in columns */
  guint             n_used;      /* columns the last layout used */
  int               column_width; /* as the last layout shares the width out */
  guint             resize_idle;
  guint             check_idle;  /* looks again once the text view's layout settles */
  gboolean          shrunk;      /* the width went back down once since a reload */
};

G_DEFINE_FINAL_TYPE (IntakeCodingMargin, intake_coding_margin, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_TEXT_VIEW, PROP_PROJECT, PROP_SUBMISSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
bar_free (Bar *bar)
{
  g_free (bar->name);
  g_free (bar);
}

static Bar *
get_bar (IntakeCodingMargin *self,
         int                 index)
{
  if (index < 0 || (guint) index >= self->bars->len)
    return NULL;
  return g_ptr_array_index (self->bars, index);
}

static int
find_bar (IntakeCodingMargin *self,
          const char         *coding_guid)
{
  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = g_ptr_array_index (self->bars, i);

      if (g_strcmp0 (bar->coding->guid, coding_guid) == 0)
        return (int) i;
    }
  return -1;
}

/* Where bar @bar is drawn, in the margin. */
static void
get_bar_bounds (IntakeCodingMargin *self,
                Bar                *bar,
                graphene_rect_t    *bounds)
{
  int column_width = MAX (self->column_width, 2);

  /* A gap to the left and above and below keeps excerpts in a row apart. */
  graphene_rect_init (bounds,
                      COLUMN_GAP + (int) bar->column * column_width,
                      bar->y + 1,
                      MAX (column_width - COLUMN_GAP, 1),
                      MAX (bar->height - 2, 1));
}

/* The bar drawn at @x, @y in the margin; -1 if none. */
static int
find_bar_at (IntakeCodingMargin *self,
             double              x,
             double              y)
{
  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = g_ptr_array_index (self->bars, i);
      graphene_rect_t bounds;

      if (!bar->placed)
        continue;
      get_bar_bounds (self, bar, &bounds);
      if (graphene_rect_contains_point (&bounds, &GRAPHENE_POINT_INIT (x, y)))
        return (int) i;
    }
  return -1;
}

/* Drawing a bar */

static void
snapshot_bar (IntakeCodingMargin *self,
              GtkSnapshot        *snapshot,
              Bar                *bar,
              PangoLayout        *layout,
              const GdkRGBA      *fg,
              gboolean            focused)
{
  graphene_rect_t bounds;
  GskRoundedRect outline;
  GdkRGBA tint = bar->rgba;
  float radius = 3;

  get_bar_bounds (self, bar, &bounds);
  if (bounds.size.width <= 2 || bounds.size.height <= 2)
    {
      gtk_snapshot_append_color (snapshot, &bar->rgba, &bounds);
      return;
    }

  /* A tint the label reads over, in light and dark styles alike, and the
   * code's colour as a strip down its left. */
  gsk_rounded_rect_init_from_rect (&outline, &bounds, MIN (radius, bounds.size.width / 2));
  tint.alpha = 0.16;
  gtk_snapshot_push_rounded_clip (snapshot, &outline);
  gtk_snapshot_append_color (snapshot, &tint, &bounds);
  gtk_snapshot_append_color (snapshot, &bar->rgba,
                             &GRAPHENE_RECT_INIT (bounds.origin.x, bounds.origin.y,
                                                  MIN (STRIP_WIDTH, bounds.size.width), bounds.size.height));
  gtk_snapshot_pop (snapshot);

  /* The outline keeps neighbours apart even when their colours are close. */
  gtk_snapshot_append_border (snapshot, &outline,
                              (float[4]) { 1, 1, 1, 1 },
                              (GdkRGBA[4]) { bar->rgba, bar->rgba, bar->rgba, bar->rgba });

  if (bounds.size.width >= MIN_NAMED_COLUMN_WIDTH)
    {
      PangoRectangle logical;
      double top;

      pango_layout_set_text (layout, bar->name, -1);
      pango_layout_set_width (layout, MAX ((int) bounds.size.width - STRIP_WIDTH - 6, 1) * PANGO_SCALE);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      /* At the top of a tall bar; a bar of one line still shows its name. */
      top = bounds.size.height >= 2 * logical.height
        ? 1 : MAX ((bounds.size.height - logical.height) / 2.0, 0);

      gtk_snapshot_push_clip (snapshot, &bounds);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (bounds.origin.x + STRIP_WIDTH + 3,
                                                              bounds.origin.y + top));
      gtk_snapshot_append_layout (snapshot, layout, fg);
      gtk_snapshot_restore (snapshot);
      gtk_snapshot_pop (snapshot);
    }

  if (focused)
    {
      GdkRGBA ring = { 0.21, 0.52, 0.89, 1 };
      GskRoundedRect inner;

      gsk_rounded_rect_init_from_rect (&inner, &bounds, 0);
      gtk_snapshot_append_border (snapshot, &inner,
                                  (float[4]) { 2, 2, 2, 2 },
                                  (GdkRGBA[4]) { ring, ring, ring, ring });
    }
}

static void
intake_coding_margin_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  IntakeCodingMargin *self = INTAKE_CODING_MARGIN (widget);
  int height = gtk_widget_get_height (widget);
  gboolean focused = gtk_widget_has_visible_focus (widget);
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA fg;

  if (self->bars->len == 0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  /* One layout for every name. */
  layout = gtk_widget_create_pango_layout (widget, NULL);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);

  /* Only the bars beside the lines in view: the rest scroll in later. */
  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = g_ptr_array_index (self->bars, i);

      if (!bar->placed || bar->y + bar->height < 0 || bar->y > height)
        continue;
      snapshot_bar (self, snapshot, bar, layout, &fg, focused && (int) i == self->current);
    }
}

/* The codings */

static void
get_code_look (IntakeCodingMargin *self,
               IntakeCoding       *coding,
               char              **name,
               GdkRGBA            *rgba)
{
  IntakeCodebook *codebook = self->project ? intake_project_get_codebook (self->project) : NULL;
  IntakeCode *code = codebook ? intake_codebook_find_by_guid (codebook, coding->code_guid) : NULL;
  const char *color = code ? intake_code_get_color (code) : coding->color;

  /* Recoloured and renamed codes show at once, as in the text. */
  if (code != NULL)
    *name = g_strdup (intake_code_get_name (code));
  else
    {
      const char *slash = coding->code_path ? strrchr (coding->code_path, '/') : NULL;

      *name = g_strdup (slash ? slash + 1 : coding->code_path ? coding->code_path : "");
    }

  if (color == NULL || !gdk_rgba_parse (rgba, color))
    gdk_rgba_parse (rgba, "#888888");
}

static char *
first_words (const char *text)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = 0;

  if (text == NULL)
    return g_strdup ("");

  words = g_strsplit_set (text, " \t\n\r", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (n == N_FIRST_WORDS)
        {
          g_string_append (out, "…");
          break;
        }
      if (n > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
      n++;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The margin speaks for its current bar: screen readers read out the
 * bar the arrows are on, as they would a focused button of its own. */
static void
describe_current (IntakeCodingMargin *self)
{
  Bar *bar = get_bar (self, self->current);
  g_autofree char *words = NULL;
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;

  if (bar == NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Coded excerpts"),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, NULL,
                                      -1);
      return;
    }

  words = first_words (bar->coding->excerpt);
  /* Translators: a bar in the coding margin, for screen readers: a code's
   * name, then the first words of the excerpt it codes */
  label = g_strdup_printf (_("%s: “%s”"), bar->name, words);
  if (bar->coding->reviewer != NULL)
    /* Translators: what a screen reader says of the current bar of the
     * coding margin after its name: which of how many, who coded it, and
     * the keys of the margin */
    description = g_strdup_printf (_("Coded excerpt %d of %u, by %s. Up and Down move between the excerpts, Left and Right between those side by side; Return opens one"),
                                   self->current + 1, self->bars->len, bar->coding->reviewer);
  else
    /* Translators: as above, for an excerpt whose reviewer is not known */
    description = g_strdup_printf (_("Coded excerpt %d of %u. Up and Down move between the excerpts, Left and Right between those side by side; Return opens one"),
                                   self->current + 1, self->bars->len);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static int
compare_codings (gconstpointer a,
                 gconstpointer b)
{
  const IntakeCoding *coding_a = *(const IntakeCoding **) a;
  const IntakeCoding *coding_b = *(const IntakeCoding **) b;

  if (coding_a->start != coding_b->start)
    return coding_a->start < coding_b->start ? -1 : 1;
  /* The longer first, so that it takes the outer column. */
  if (coding_a->end != coding_b->end)
    return coding_a->end > coding_b->end ? -1 : 1;
  return g_strcmp0 (coding_a->guid, coding_b->guid);
}

/* Whether the bars show @excerpts already, as they are ordered. */
static gboolean
shows_codings (IntakeCodingMargin *self,
               GPtrArray          *excerpts)
{
  if (excerpts->len != self->bars->len)
    return FALSE;

  for (guint i = 0; i < excerpts->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (excerpts, i);
      Bar *bar = g_ptr_array_index (self->bars, i);

      if (g_strcmp0 (coding->guid, bar->coding->guid) != 0 ||
          g_strcmp0 (coding->code_guid, bar->coding->code_guid) != 0 ||
          coding->start != bar->coding->start || coding->end != bar->coding->end)
        return FALSE;
    }

  return TRUE;
}

/* Names and colours as the codebook has them now; the bars stay. */
static void
restyle (IntakeCodingMargin *self)
{
  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = g_ptr_array_index (self->bars, i);

      g_free (bar->name);
      get_code_look (self, bar->coding, &bar->name, &bar->rgba);
    }
  describe_current (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The fewest columns the excerpts need by their offsets alone: lines can
 * only add to it, so the width asked for rarely has to grow after a layout. */
static guint
count_columns (IntakeCodingMargin *self)
{
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = g_ptr_array_index (self->bars, i);
      guint c;

      for (c = 0; c < ends->len; c++)
        if (g_array_index (ends, int, c) <= bar->coding->start)
          break;
      if (c == ends->len)
        g_array_append_val (ends, bar->coding->end);
      else
        g_array_index (ends, int, c) = bar->coding->end;
    }

  return ends->len;
}

static void
set_current (IntakeCodingMargin *self,
             int                 index,
             gboolean            grab)
{
  Bar *bar = get_bar (self, index);

  self->current = bar ? index : -1;
  describe_current (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (bar != NULL && grab)
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
reload (IntakeCodingMargin *self)
{
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(GPtrArray) excerpts = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *current_guid = NULL;
  int old_current = self->current;

  if (self->project != NULL && self->submission != NULL)
    {
      codings = intake_store_get_codings (intake_project_get_store (self->project),
                                           intake_submission_get_id (self->submission),
                                           &error);
      if (codings == NULL)
        intake_show_error (GTK_WIDGET (self), _("Could not read the codings"), error);
    }

  /* Whole-submission codes have no lines to stand beside. */
  for (guint i = 0; codings != NULL && i < codings->len; i++)
    {
      IntakeCoding *coding = g_ptr_array_index (codings, i);

      if (coding->start >= 0 && coding->end > coding->start)
        g_ptr_array_add (excerpts, coding);
    }
  g_ptr_array_sort (excerpts, compare_codings);

  /* A memo, a status or a flag changed, or a code's name or colour: the
   * bars, and the focus on one, stay. */
  if (shows_codings (self, excerpts))
    {
      for (guint i = 0; i < excerpts->len; i++)
        ((Bar *) g_ptr_array_index (self->bars, i))->coding = g_ptr_array_index (excerpts, i);
      g_clear_pointer (&self->codings, g_ptr_array_unref);
      self->codings = g_steal_pointer (&codings);
      restyle (self);
      return;
    }

  if (get_bar (self, self->current) != NULL)
    current_guid = g_strdup (get_bar (self, self->current)->coding->guid);

  /* What the popover shows may be gone. */
  gtk_popover_popdown (self->popover);
  self->opened = -1;
  self->current = -1;
  g_ptr_array_set_size (self->bars, 0);
  g_clear_pointer (&self->codings, g_ptr_array_unref);
  self->codings = g_steal_pointer (&codings);

  {
    /* Many excerpts share a code: its look is read once. */
    g_autoptr(GHashTable) looks = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < excerpts->len; i++)
      {
        IntakeCoding *coding = g_ptr_array_index (excerpts, i);
        Bar *bar = g_new0 (Bar, 1);
        Bar *same_code = coding->code_guid ? g_hash_table_lookup (looks, coding->code_guid) : NULL;

        bar->coding = coding;
        if (same_code != NULL)
          {
            bar->name = g_strdup (same_code->name);
            bar->rgba = same_code->rgba;
          }
        else
          {
            get_code_look (self, coding, &bar->name, &bar->rgba);
            if (coding->code_guid != NULL)
              g_hash_table_insert (looks, coding->code_guid, bar);
          }
        g_ptr_array_add (self->bars, bar);
      }
  }

  /* The arrows stay where they were: on the same coding, or the next one. */
  {
    int index = current_guid ? find_bar (self, current_guid) : -1;

    if (index < 0 && self->bars->len > 0)
      index = CLAMP (old_current, 0, (int) self->bars->len - 1);
    set_current (self, index, FALSE);
  }
  /* The last excerpt gone from under the focus: back to the text. */
  if (self->bars->len == 0 && gtk_widget_has_focus (GTK_WIDGET (self)) && self->text_view != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  gtk_widget_set_focusable (GTK_WIDGET (self), self->bars->len > 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_HAS_POPUP, self->bars->len > 0,
                                  -1);

  self->n_columns = CLAMP (count_columns (self), 1, MAX_COLUMNS);
  self->shrunk = FALSE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Changes, through the project so that undo takes them back */

static gboolean
remove_coding (IntakeCodingMargin *self,
               const char         *coding_guid)
{
  g_autoptr(GError) error = NULL;

  gtk_popover_popdown (self->popover);
  if (self->project == NULL)
    return FALSE;

  if (!intake_project_remove_coding (self->project, coding_guid, &error))
    {
      intake_show_error (GTK_WIDGET (self), _("Could not remove the coding"), error);
      return FALSE;
    }
  return TRUE;
}

static void
recode (IntakeCodingMargin *self,
        const char         *coding_guid,
        const char         *code_guid)
{
  g_autoptr(IntakeCoding) coding = NULL;
  g_autoptr(GError) error = NULL;
  int index = find_bar (self, coding_guid);

  if (index < 0 || self->project == NULL)
    return;

  coding = intake_coding_copy (get_bar (self, index)->coding);
  if (g_strcmp0 (coding->code_guid, code_guid) == 0)
    return;

  /* One step, kept whole or not at all: if it is refused, the excerpt keeps
   * the old code. */
  if (!intake_project_recode_coding (self->project, coding->guid, code_guid, NULL, &error))
    intake_show_error (GTK_WIDGET (self), _("Could not change the code"), error);
}

static void
code_chosen_cb (IntakeCodingMargin *self,
                const char         *code_guid,
                IntakeCodePicker   *picker)
{
  g_autofree char *coding_guid = g_steal_pointer (&self->recode_guid);

  if (coding_guid != NULL)
    recode (self, coding_guid, code_guid);
}

static void
get_bar_rect (IntakeCodingMargin *self,
              Bar                *bar,
              GdkRectangle       *rect)
{
  graphene_rect_t bounds;

  if (bar->placed)
    get_bar_bounds (self, bar, &bounds);
  else
    graphene_rect_init (&bounds, 0, 0, 1, 1);

  /* The top of a tall bar: its lines may run off the screen. */
  rect->x = (int) bounds.origin.x;
  rect->y = (int) bounds.origin.y;
  rect->width = MAX ((int) bounds.size.width, 1);
  rect->height = MIN (MAX ((int) bounds.size.height, 1), 24);
}

static void
change_code (IntakeCodingMargin *self,
             const char         *coding_guid)
{
  int index = find_bar (self, coding_guid);
  GdkRectangle rect;

  gtk_popover_popdown (self->popover);
  if (index < 0 || self->project == NULL)
    return;

  g_free (self->recode_guid);
  self->recode_guid = g_strdup (coding_guid);
  get_bar_rect (self, get_bar (self, index), &rect);
  intake_code_picker_present (self->picker, &rect);
}

/* The popover of an excerpt: its codes, each removed with Delete and
 * recoded with Return. */

static const char *
row_coding_guid (GtkListBoxRow *row)
{
  return row ? g_object_get_data (G_OBJECT (row), "coding-guid") : NULL;
}

static GtkListBoxRow *
get_focused_row (IntakeCodingMargin *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row = focus ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;

  if (row != NULL && gtk_widget_is_ancestor (row, GTK_WIDGET (self->list_box)))
    return GTK_LIST_BOX_ROW (row);
  return gtk_list_box_get_selected_row (self->list_box);
}

static gboolean
popover_key_pressed_cb (IntakeCodingMargin    *self,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkEventControllerKey *controller)
{
  const char *guid;

  if (keyval != GDK_KEY_Delete && keyval != GDK_KEY_KP_Delete && keyval != GDK_KEY_BackSpace)
    return FALSE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;

  guid = row_coding_guid (get_focused_row (self));
  if (guid == NULL)
    return FALSE;

  {
    g_autofree char *coding_guid = g_strdup (guid);

    remove_coding (self, coding_guid);
  }
  return TRUE;
}

static void
row_activated_cb (IntakeCodingMargin *self,
                  GtkListBoxRow      *row,
                  GtkListBox         *list_box)
{
  g_autofree char *coding_guid = g_strdup (row_coding_guid (row));

  if (coding_guid != NULL)
    change_code (self, coding_guid);
}

static void
popover_closed_cb (IntakeCodingMargin *self,
                   GtkPopover         *popover)
{
  Bar *bar = get_bar (self, self->opened);

  self->opened = -1;
  /* Back to the bar, for the next arrow; not when the picker takes over. */
  if (bar != NULL && !gtk_widget_get_visible (GTK_WIDGET (self->picker)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static GtkWidget *
make_row (IntakeCodingMargin *self,
          Bar                *bar)
{
  const char *reviewer = self->project ? intake_project_get_reviewer_guid (self->project) : NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *swatch = intake_color_swatch_new ();
  GtkWidget *label = gtk_label_new (bar->coding->code_path);
  GtkWidget *button;
  g_autofree char *color = gdk_rgba_to_string (&bar->rgba);
  g_autofree char *change_label = NULL;
  g_autofree char *remove_label = NULL;

  g_object_set_data_full (G_OBJECT (row), "coding-guid", g_strdup (bar->coding->guid), g_free);

  intake_color_swatch_set_color (INTAKE_COLOR_SWATCH (swatch), color);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), swatch);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);

  if (bar->coding->reviewer != NULL && !intake_coding_is_by (bar->coding, reviewer))
    {
      GtkWidget *by = gtk_label_new (bar->coding->reviewer);

      gtk_widget_add_css_class (by, "dim-label");
      gtk_box_append (GTK_BOX (box), by);
    }

  /* Translators: changes the code of a coded excerpt; %s is the code's path */
  change_label = g_strdup_printf (_("Change Code of “%s”"), bar->coding->code_path);
  button = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, change_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, change_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "margin.change-code");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", bar->coding->guid);
  gtk_box_append (GTK_BOX (box), button);

  /* Translators: removes a coded excerpt; %s is the code's path */
  remove_label = g_strdup_printf (_("Remove “%s”"), bar->coding->code_path);
  button = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "margin.remove-coding");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", bar->coding->guid);
  gtk_box_append (GTK_BOX (box), button);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  bar->coding->code_path, -1);
  return row;
}

static void
open_bar (IntakeCodingMargin *self,
          int                 index)
{
  Bar *bar = get_bar (self, index);
  GtkWidget *child;
  GtkWidget *first = NULL;
  GdkRectangle rect;

  if (bar == NULL)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))))
    gtk_list_box_remove (self->list_box, child);

  /* Every code of the same words: the excerpt's codes. */
  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *other = g_ptr_array_index (self->bars, i);
      GtkWidget *row;

      if (other->coding->start != bar->coding->start || other->coding->end != bar->coding->end)
        continue;

      row = make_row (self, other);
      gtk_list_box_append (self->list_box, row);
      if (other == bar)
        first = row;
    }

  self->opened = index;
  get_bar_rect (self, bar, &rect);
  gtk_popover_set_pointing_to (self->popover, &rect);
  gtk_popover_popup (self->popover);

  gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (first));
  gtk_widget_grab_focus (first);
}

/* Actions */

static void
remove_coding_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  g_autofree char *coding_guid = g_variant_dup_string (param, NULL);

  remove_coding (INTAKE_CODING_MARGIN (widget), coding_guid);
}

static void
change_code_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  g_autofree char *coding_guid = g_variant_dup_string (param, NULL);

  change_code (INTAKE_CODING_MARGIN (widget), coding_guid);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  IntakeCodingMargin *self = INTAKE_CODING_MARGIN (widget);

  open_bar (self, self->current);
}

/* Keyboard and pointer */

/* The bar beside bar @index, to the left (@step -1) or the right (+1):
 * of the bars that share lines with it, the one in the nearest column,
 * then the one whose top is nearest; -1 if none. */
static int
find_side_bar (IntakeCodingMargin *self,
               int                 index,
               int                 step)
{
  Bar *bar = get_bar (self, index);
  int found = -1;
  int found_distance = 0;
  guint found_column = 0;

  if (bar == NULL || !bar->placed)
    return -1;

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *other = g_ptr_array_index (self->bars, i);
      int distance;

      if ((int) i == index || !other->placed)
        continue;
      if (other->y >= bar->y + bar->height || bar->y >= other->y + other->height)
        continue;
      if (step < 0 ? other->column >= bar->column : other->column <= bar->column)
        continue;

      distance = ABS (other->y - bar->y);
      if (found < 0 ||
          (step < 0 ? other->column > found_column : other->column < found_column) ||
          (other->column == found_column && distance < found_distance))
        {
          found = (int) i;
          found_column = other->column;
          found_distance = distance;
        }
    }

  return found;
}

static gboolean
key_pressed_cb (IntakeCodingMargin    *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  int n = (int) self->bars->len;
  int index = self->current;

  if (n == 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    /* Up and Down go through the excerpts in the text's order. */
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      index--;
      break;

    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      index++;
      break;

    /* Left and Right go between the bars side by side at the same lines.
     * With none that way, the arrow moves the focus out of the margin, as
     * arrows do between widgets; left to go on, it would only reach the
     * text view around the margin, and move its cursor unseen. */
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      {
        gboolean left = keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left;

        index = find_side_bar (self, self->current, left ? -1 : 1);
        if (index < 0)
          {
            g_signal_emit_by_name (self, "move-focus", left ? GTK_DIR_LEFT : GTK_DIR_RIGHT);
            return TRUE;
          }
      }
      break;

    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      index = 0;
      break;

    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      index = n - 1;
      break;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      open_bar (self, self->current);
      return TRUE;

    default:
      return FALSE;
    }

  if (index < 0 || index >= n)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return TRUE;
    }

  set_current (self, index, TRUE);
  return TRUE;
}

static void
click_released_cb (IntakeCodingMargin *self,
                   int                 n_press,
                   double              x,
                   double              y,
                   GtkGestureClick    *gesture)
{
  int index = find_bar_at (self, x, y);

  if (index < 0)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  set_current (self, index, TRUE);
  open_bar (self, index);
}

/* Layout: each bar beside the lines of its excerpt */

static gboolean
resize_idle_cb (gpointer user_data)
{
  IntakeCodingMargin *self = user_data;

  self->resize_idle = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
place_bars (IntakeCodingMargin *self)
{
  GtkTextBuffer *buffer = self->text_view ? gtk_text_view_get_buffer (self->text_view) : NULL;
  int length = buffer ? gtk_text_buffer_get_char_count (buffer) : 0;
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (int));
  /* Bars come by start, and many share one: each offset is looked up once. */
  int last_start = -1, last_top = 0;
  int last_end = -1, last_bottom = 0;

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = g_ptr_array_index (self->bars, i);
      int top, bottom, unused;
      guint c;

      bar->placed = buffer != NULL && bar->coding->end <= length;
      if (!bar->placed)
        continue;

      if (bar->coding->start != last_start)
        {
          GtkTextIter start;
          GdkRectangle rect;

          gtk_text_buffer_get_iter_at_offset (buffer, &start, bar->coding->start);
          gtk_text_view_get_iter_location (self->text_view, &start, &rect);
          gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_RIGHT,
                                                 0, rect.y, &unused, &last_top);
          last_start = bar->coding->start;
        }
      if (bar->coding->end != last_end)
        {
          GtkTextIter last;
          GdkRectangle rect;

          gtk_text_buffer_get_iter_at_offset (buffer, &last, bar->coding->end - 1);
          gtk_text_view_get_iter_location (self->text_view, &last, &rect);
          gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_RIGHT,
                                                 0, rect.y + rect.height, &unused, &last_bottom);
          last_end = bar->coding->end;
        }
      top = last_top;
      bottom = last_bottom;
      bar->y = top;
      bar->height = MAX (bottom - top, 1);

      /* Greedy interval colouring by the lines: bars that share a line
       * stand side by side, the first free column to the left. */
      for (c = 0; c < ends->len; c++)
        if (g_array_index (ends, int, c) <= bar->y)
          break;
      if (c == ends->len)
        g_array_append_val (ends, bottom);
      else
        g_array_index (ends, int, c) = bottom;
      bar->column = c;
    }

  self->n_used = ends->len;
}

/* The text view lays its lines out in idles of its own, so where they are
 * may change after the margin was allocated, without a new allocation. */
static gboolean
check_idle_cb (gpointer user_data)
{
  IntakeCodingMargin *self = user_data;
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (int));
  gboolean moved = FALSE;

  self->check_idle = 0;

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = g_ptr_array_index (self->bars, i);
      int values[] = { bar->y, bar->height, (int) bar->column, bar->placed };

      g_array_append_vals (before, values, G_N_ELEMENTS (values));
    }

  place_bars (self);

  for (guint i = 0; i < self->bars->len && !moved; i++)
    {
      Bar *bar = g_ptr_array_index (self->bars, i);
      int *values = &g_array_index (before, int, 4 * i);

      moved = values[0] != bar->y || values[1] != bar->height ||
              values[2] != (int) bar->column || values[3] != bar->placed;
    }

  if (moved)
    gtk_widget_queue_allocate (GTK_WIDGET (self));
  else if (self->n_used < self->n_columns && !self->shrunk)
    {
      /* Wider than the settled lines need: an early layout overlapped them. */
      self->shrunk = TRUE;
      self->n_columns = CLAMP (MAX (self->n_used, count_columns (self)), 1, MAX_COLUMNS);
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }

  return G_SOURCE_REMOVE;
}

/* The width shared out among the columns the lines need: as wide as a
 * readable name allows, narrower when more stand side by side. */
static void
share_width (IntakeCodingMargin *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self)) - COLUMN_GAP;

  self->column_width = self->n_used > 0 ? MIN (COLUMN_WIDTH, width / (int) self->n_used) : COLUMN_WIDTH;
  self->column_width = MAX (self->column_width, 2);
}

static void
intake_coding_margin_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  IntakeCodingMargin *self = INTAKE_CODING_MARGIN (widget);

  place_bars (self);
  share_width (self);
  gtk_widget_queue_draw (widget);

  /* Lines put more excerpts side by side than offsets did: widen, once the
   * layout is over, up to the widest the margin gets. The width only grows
   * until the codings change. */
  if (MIN (self->n_used, MAX_COLUMNS) > self->n_columns)
    {
      self->n_columns = MIN (self->n_used, MAX_COLUMNS);
      if (self->resize_idle == 0)
        self->resize_idle = g_idle_add (resize_idle_cb, self);
    }

  if (self->check_idle == 0)
    self->check_idle = g_idle_add_full (G_PRIORITY_LOW, check_idle_cb, self, NULL);

  gtk_popover_present (self->popover);
  gtk_popover_present (GTK_POPOVER (self->picker));
}

/* A popover still up when its window goes holds a reference until it is
 * hidden, and through it the project: down it goes with the margin. */
static void
intake_coding_margin_unmap (GtkWidget *widget)
{
  IntakeCodingMargin *self = INTAKE_CODING_MARGIN (widget);

  if (self->popover != NULL)
    gtk_popover_popdown (self->popover);
  if (self->picker != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->picker));

  GTK_WIDGET_CLASS (intake_coding_margin_parent_class)->unmap (widget);
}

static void
intake_coding_margin_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  IntakeCodingMargin *self = INTAKE_CODING_MARGIN (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = (int) self->n_columns * COLUMN_WIDTH + COLUMN_GAP;
  else
    *minimum = *natural = 0;
}

static gboolean
intake_coding_margin_grab_focus (GtkWidget *widget)
{
  IntakeCodingMargin *self = INTAKE_CODING_MARGIN (widget);

  if (self->bars->len == 0)
    return FALSE;
  if (self->current < 0)
    set_current (self, 0, FALSE);

  return GTK_WIDGET_CLASS (intake_coding_margin_parent_class)->grab_focus (widget);
}

/* One stop of the focus chain: coming in, the focus lands on the margin
 * and its current bar; from there, Tab and the arrows that move the focus
 * between widgets go on out of the margin. */
static gboolean
intake_coding_margin_focus (GtkWidget        *widget,
                            GtkDirectionType  direction)
{
  IntakeCodingMargin *self = INTAKE_CODING_MARGIN (widget);

  /* In a popover of the margin: its own. */
  if (gtk_widget_get_focus_child (widget) != NULL)
    return GTK_WIDGET_CLASS (intake_coding_margin_parent_class)->focus (widget, direction);
  if (gtk_widget_is_focus (widget))
    return FALSE;

  return self->bars->len > 0 && gtk_widget_grab_focus (widget);
}

static gboolean
intake_coding_margin_query_tooltip (GtkWidget  *widget,
                                    int         x,
                                    int         y,
                                    gboolean    keyboard_tooltip,
                                    GtkTooltip *tooltip)
{
  IntakeCodingMargin *self = INTAKE_CODING_MARGIN (widget);
  int index = keyboard_tooltip ? self->current : find_bar_at (self, x, y);
  Bar *bar = get_bar (self, index);
  GdkRectangle rect;

  if (bar == NULL || !bar->placed)
    return FALSE;

  /* The code's whole path: the bar may have room for its name alone. */
  get_bar_rect (self, bar, &rect);
  gtk_tooltip_set_text (tooltip, bar->coding->code_path);
  gtk_tooltip_set_tip_area (tooltip, &rect);
  return TRUE;
}

static void
focus_changed_cb (IntakeCodingMargin *self)
{
  /* The focus ring on the current bar. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The text view */

static void
buffer_changed_cb (IntakeCodingMargin *self)
{
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
watch_buffer (IntakeCodingMargin *self)
{
  GtkTextBuffer *buffer = self->text_view ? gtk_text_view_get_buffer (self->text_view) : NULL;

  if (self->buffer == buffer)
    return;

  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  g_set_object (&self->buffer, buffer);
  if (buffer != NULL)
    g_signal_connect_object (buffer, "changed", G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
scrolled_cb (IntakeCodingMargin *self)
{
  /* The bars stand beside their lines wherever the text is scrolled to. */
  place_bars (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
watch_vadjustment (IntakeCodingMargin *self)
{
  GtkAdjustment *vadjustment = self->text_view ? gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view)) : NULL;

  if (self->vadjustment == vadjustment)
    return;

  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_set_object (&self->vadjustment, vadjustment);
  if (vadjustment != NULL)
    g_signal_connect_object (vadjustment, "value-changed", G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);
}

static void
set_text_view (IntakeCodingMargin *self,
               GtkTextView        *text_view)
{
  if (self->text_view == text_view)
    return;

  if (self->text_view != NULL)
    g_signal_handlers_disconnect_by_data (self->text_view, self);
  g_set_weak_pointer (&self->text_view, text_view);
  if (text_view != NULL)
    {
      g_signal_connect_object (text_view, "notify::buffer", G_CALLBACK (watch_buffer), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (text_view, "notify::vadjustment", G_CALLBACK (watch_vadjustment), self, G_CONNECT_SWAPPED);
    }
  watch_buffer (self);
  watch_vadjustment (self);
}

/* The project's changes */

static void
submission_changed_cb (IntakeCodingMargin *self,
                       gint64              submission_id,
                       IntakeProject      *project)
{
  if (self->submission != NULL && intake_submission_get_id (self->submission) == submission_id)
    reload (self);
}

static void
codebook_changed_cb (IntakeCodingMargin *self,
                     IntakeProject      *project)
{
  /* A deleted code takes its codings with it; the others are restyled. */
  reload (self);
}

/* GObject */

static void
intake_coding_margin_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  IntakeCodingMargin *self = INTAKE_CODING_MARGIN (object);

  switch (prop_id)
    {
    case PROP_TEXT_VIEW:
      g_value_set_object (value, self->text_view);
      break;

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
intake_coding_margin_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  IntakeCodingMargin *self = INTAKE_CODING_MARGIN (object);

  switch (prop_id)
    {
    case PROP_TEXT_VIEW:
      set_text_view (self, g_value_get_object (value));
      break;

    case PROP_PROJECT:
      intake_coding_margin_set_project (self, g_value_get_object (value));
      break;

    case PROP_SUBMISSION:
      intake_coding_margin_set_submission (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
intake_coding_margin_dispose (GObject *object)
{
  IntakeCodingMargin *self = INTAKE_CODING_MARGIN (object);

  g_clear_handle_id (&self->resize_idle, g_source_remove);
  g_clear_handle_id (&self->check_idle, g_source_remove);
  if (self->bars != NULL)
    g_ptr_array_set_size (self->bars, 0);
  g_clear_pointer (&self->codings, g_ptr_array_unref);
  if (self->popover != NULL)
    gtk_widget_unparent (GTK_WIDGET (g_steal_pointer (&self->popover)));
  if (self->picker != NULL)
    gtk_widget_unparent (GTK_WIDGET (g_steal_pointer (&self->picker)));
  self->list_box = NULL;

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->vadjustment);
  if (self->text_view != NULL)
    g_signal_handlers_disconnect_by_data (self->text_view, self);
  g_clear_weak_pointer (&self->text_view);
  g_clear_object (&self->buffer);
  g_clear_object (&self->project);
  g_clear_object (&self->submission);

  G_OBJECT_CLASS (intake_coding_margin_parent_class)->dispose (object);
}

static void
intake_coding_margin_finalize (GObject *object)
{
  IntakeCodingMargin *self = INTAKE_CODING_MARGIN (object);

  g_clear_pointer (&self->bars, g_ptr_array_unref);
  g_free (self->recode_guid);

  G_OBJECT_CLASS (intake_coding_margin_parent_class)->finalize (object);
}

static void
intake_coding_margin_class_init (IntakeCodingMarginClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = intake_coding_margin_dispose;
  object_class->finalize = intake_coding_margin_finalize;
  object_class->get_property = intake_coding_margin_get_property;
  object_class->set_property = intake_coding_margin_set_property;

  widget_class->measure = intake_coding_margin_measure;
  widget_class->unmap = intake_coding_margin_unmap;
  widget_class->size_allocate = intake_coding_margin_size_allocate;
  widget_class->grab_focus = intake_coding_margin_grab_focus;
  widget_class->focus = intake_coding_margin_focus;
  widget_class->snapshot = intake_coding_margin_snapshot;
  widget_class->query_tooltip = intake_coding_margin_query_tooltip;

  properties[PROP_TEXT_VIEW] =
    g_param_spec_object ("text-view", NULL, NULL,
                         GTK_TYPE_TEXT_VIEW,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         INTAKE_TYPE_PROJECT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SUBMISSION] =
    g_param_spec_object ("submission", NULL, NULL,
                         INTAKE_TYPE_SUBMISSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "margin.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "margin.remove-coding", "s", remove_coding_action);
  gtk_widget_class_install_action (widget_class, "margin.change-code", "s", change_code_action);

  gtk_widget_class_set_css_name (widget_class, "codingmargin");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
intake_coding_margin_init (IntakeCodingMargin *self)
{
  GtkEventController *controller;
  GtkGesture *click;
  GtkWidget *box;
  GtkWidget *heading;
  GtkWidget *hint;

  self->bars = g_ptr_array_new_with_free_func ((GDestroyNotify) bar_free);
  self->current = -1;
  self->opened = -1;
  self->n_columns = 1;
  self->column_width = COLUMN_WIDTH;

  describe_current (self);
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "notify::has-focus", G_CALLBACK (focus_changed_cb), NULL);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (click_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  /* The popover of an opened excerpt */
  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_position (self->popover, GTK_POS_LEFT);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  heading = gtk_label_new (_("Codes of This Excerpt"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);

  self->list_box = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list_box, GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_box), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Codes of This Excerpt"), -1);
  g_signal_connect_object (self->list_box, "row-activated", G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list_box));

  hint = gtk_label_new (_("Delete removes the code; Return changes it"));
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (hint), 40);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_add_css_class (hint, "caption");
  gtk_box_append (GTK_BOX (box), hint);

  gtk_popover_set_child (self->popover, box);
  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (popover_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->popover), controller);
  g_signal_connect_object (self->popover, "closed", G_CALLBACK (popover_closed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self));

  /* The code picker recodes the excerpt */
  self->picker = INTAKE_CODE_PICKER (intake_code_picker_new ());
  g_signal_connect_object (self->picker, "code-chosen", G_CALLBACK (code_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_parent (GTK_WIDGET (self->picker), GTK_WIDGET (self));
}

GtkWidget *
intake_coding_margin_new (GtkTextView *text_view)
{
  g_return_val_if_fail (GTK_IS_TEXT_VIEW (text_view), NULL);

  return g_object_new (INTAKE_TYPE_CODING_MARGIN, "text-view", text_view, NULL);
}

GtkTextView *
intake_coding_margin_get_text_view (IntakeCodingMargin *self)
{
  g_return_val_if_fail (INTAKE_IS_CODING_MARGIN (self), NULL);

  return self->text_view;
}

IntakeProject *
intake_coding_margin_get_project (IntakeCodingMargin *self)
{
  g_return_val_if_fail (INTAKE_IS_CODING_MARGIN (self), NULL);

  return self->project;
}

void
intake_coding_margin_set_project (IntakeCodingMargin *self,
                                  IntakeProject      *project)
{
  g_return_if_fail (INTAKE_IS_CODING_MARGIN (self));
  g_return_if_fail (!project || INTAKE_IS_PROJECT (project));

  if (self->project == project)
    return;

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    {
      g_signal_connect_object (project, "submission-changed",
                               G_CALLBACK (submission_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "codebook-changed",
                               G_CALLBACK (codebook_changed_cb), self, G_CONNECT_SWAPPED);
    }
  intake_code_picker_set_project (self->picker, project);

  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

IntakeSubmission *
intake_coding_margin_get_submission (IntakeCodingMargin *self)
{
  g_return_val_if_fail (INTAKE_IS_CODING_MARGIN (self), NULL);

  return self->submission;
}

void
intake_coding_margin_set_submission (IntakeCodingMargin *self,
                                     IntakeSubmission   *submission)
{
  g_return_if_fail (INTAKE_IS_CODING_MARGIN (self));
  g_return_if_fail (!submission || INTAKE_IS_SUBMISSION (submission));

  if (!g_set_object (&self->submission, submission))
    return;

  /* Another submission starts at its first excerpt. */
  self->current = -1;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMISSION]);
}

guint
intake_coding_margin_get_n_bars (IntakeCodingMargin *self)
{
  g_return_val_if_fail (INTAKE_IS_CODING_MARGIN (self), 0);

  return self->bars->len;
}

guint
intake_coding_margin_get_n_columns (IntakeCodingMargin *self)
{
  g_return_val_if_fail (INTAKE_IS_CODING_MARGIN (self), 0);

  return self->n_used;
}

gboolean
intake_coding_margin_get_bar_bounds (IntakeCodingMargin *self,
                                     guint               index,
                                     graphene_rect_t    *bounds)
{
  Bar *bar;

  g_return_val_if_fail (INTAKE_IS_CODING_MARGIN (self), FALSE);
  g_return_val_if_fail (bounds != NULL, FALSE);

  bar = get_bar (self, (int) index);
  if (bar == NULL || !bar->placed)
    return FALSE;
  get_bar_bounds (self, bar, bounds);
  return TRUE;
}

const char *
intake_coding_margin_get_bar_coding (IntakeCodingMargin *self,
                                     guint               index)
{
  Bar *bar;

  g_return_val_if_fail (INTAKE_IS_CODING_MARGIN (self), NULL);

  bar = get_bar (self, (int) index);
  return bar ? bar->coding->guid : NULL;
}

guint
intake_coding_margin_get_bar_column (IntakeCodingMargin *self,
                                     guint               index)
{
  Bar *bar;

  g_return_val_if_fail (INTAKE_IS_CODING_MARGIN (self), 0);

  bar = get_bar (self, (int) index);
  return bar ? bar->column : 0;
}

int
intake_coding_margin_get_current (IntakeCodingMargin *self)
{
  g_return_val_if_fail (INTAKE_IS_CODING_MARGIN (self), -1);

  return self->current;
}
