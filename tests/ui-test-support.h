/* Helpers shared by the window tests: waiting on the main loop and finding
 * widgets on screen. */
#pragma once

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

G_GNUC_UNUSED static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

G_GNUC_UNUSED static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

#define WAIT_UNTIL(cond)                                                      \
  G_STMT_START {                                                              \
    gint64 deadline_ = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;         \
    guint wake_ = g_timeout_add (20, wake_cb, NULL);                          \
    while (!(cond))                                                           \
      {                                                                       \
        if (g_get_monotonic_time () > deadline_)                              \
          g_error ("Timed out waiting for %s", #cond);                        \
        g_main_context_iteration (NULL, TRUE);                                \
      }                                                                       \
    g_source_remove (wake_);                                                  \
  } G_STMT_END

/* Widget lookup: tests look at what is on screen, found by walking the tree. */

typedef gboolean (*MatchFunc) (GtkWidget *widget, gconstpointer data);

G_GNUC_UNUSED static GtkWidget *
find_widget (GtkWidget     *root,
             GType          type,
             MatchFunc      match,
             gconstpointer  data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (match == NULL || match (root, data)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Toasts: the title of each is a label in an AdwToastWidget, a type
 * libadwaita keeps private, so it is found by name. */
G_GNUC_UNUSED static gboolean
label_in_toast_holds (GtkWidget     *widget,
                      gconstpointer  text)
{
  GType toast_type = g_type_from_name ("AdwToastWidget");
  const char *label = gtk_label_get_text (GTK_LABEL (widget));

  return toast_type != 0 && gtk_widget_get_ancestor (widget, toast_type) != NULL &&
         label != NULL && strstr (label, text) != NULL;
}

/* The title label of a toast shown in @root whose title holds @text. */
G_GNUC_UNUSED static GtkWidget *
find_toast (GtkWidget  *root,
            const char *text)
{
  return find_widget (root, GTK_TYPE_LABEL, label_in_toast_holds, text);
}

G_GNUC_UNUSED static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    g_assert_cmpint (g_unlink (path), ==, 0);
}

/* Dialogs a test opened go first, then the windows themselves. */
G_GNUC_UNUSED static void
destroy_toplevels (void)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, 0);
      gtk_window_destroy (toplevel);
    }
}
