#define G_LOG_DOMAIN "intake-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "intake-file.h"

G_DEFINE_QUARK (intake-file-error-quark, intake_file_error)

/* The files SQLite keeps beside a project while it is open or after a crash. */
static const char * const sqlite_suffixes[] = { "", "-wal", "-shm", "-journal" };

typedef struct
{
  dev_t dev;
  ino_t ino;
} FileId;

/* One of the files that make up a protected project. */
typedef struct
{
  const char *project;    /* as the caller spelled it, for the message */
  char       *name;       /* its base name, with the SQLite suffix */
  gboolean    has_dir;
  FileId      dir;
  gboolean    has_file;
  FileId      file;
} Protected;

static void
protected_clear (Protected *protected)
{
  g_free (protected->name);
}

static FileId
file_id (const struct stat *st)
{
  return (FileId) { st->st_dev, st->st_ino };
}

static gboolean
file_id_equal (FileId a,
               FileId b)
{
  return a.dev == b.dev && a.ino == b.ino;
}

static GArray *
collect_protected (const char * const *protected_paths)
{
  GArray *protected = g_array_new (FALSE, TRUE, sizeof (Protected));

  g_array_set_clear_func (protected, (GDestroyNotify) protected_clear);

  for (guint i = 0; protected_paths != NULL && protected_paths[i] != NULL; i++)
    {
      g_autofree char *dir = g_path_get_dirname (protected_paths[i]);
      g_autofree char *base = g_path_get_basename (protected_paths[i]);
      struct stat dir_st;
      gboolean has_dir = g_stat (dir, &dir_st) == 0;

      for (guint j = 0; j < G_N_ELEMENTS (sqlite_suffixes); j++)
        {
          g_autofree char *path = g_strconcat (protected_paths[i], sqlite_suffixes[j], NULL);
          Protected entry = { protected_paths[i], g_strconcat (base, sqlite_suffixes[j], NULL), };
          struct stat st;

          if (has_dir)
            {
              entry.has_dir = TRUE;
              entry.dir = file_id (&dir_st);
            }
          if (g_stat (path, &st) == 0)
            {
              entry.has_file = TRUE;
              entry.file = file_id (&st);
            }
          g_array_append_val (protected, entry);
        }
    }

  return protected;
}

/* The project @path would land on, by its folder and name or, when it
 * exists (@st not NULL), by the file it is; NULL if none. */
static const char *
find_protected (GArray            *protected,
                const char        *path,
                const struct stat *st)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  struct stat dir_st;
  gboolean has_dir = g_stat (dir, &dir_st) == 0;

  for (guint i = 0; i < protected->len; i++)
    {
      const Protected *entry = &g_array_index (protected, Protected, i);

      if (st != NULL && entry->has_file && file_id_equal (entry->file, file_id (st)))
        return entry->project;
      /* A file not there yet: a stray "-journal" would be taken for the project's. */
      if (has_dir && entry->has_dir && file_id_equal (entry->dir, file_id (&dir_st)) &&
          g_str_equal (entry->name, base))
        return entry->project;
    }

  return NULL;
}

static gboolean
refuse_protected (const char  *project,
                  GError     **error)
{
  g_autofree char *display = g_filename_display_name (project);

  g_set_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_PROJECT,
               _("Will not write over the project “%s” itself"), display);
  return FALSE;
}

static gboolean
write_failed (const char  *path,
              int          saved_errno,
              GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_FAILED,
               _("Could not write to “%s”: %s"), display, g_strerror (saved_errno));
  return FALSE;
}

static void
read_failed (const char  *path,
             int          saved_errno,
             GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_FAILED,
               _("Could not read “%s”: %s"), display, g_strerror (saved_errno));
}

/* Only regular files are replaced; the others are written where they are,
 * or not at all. */
static gboolean
check_writable_kind (const char  *path,
                     mode_t       mode,
                     GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);

  if (S_ISREG (mode) || S_ISFIFO (mode) || S_ISCHR (mode))
    return TRUE;

  if (S_ISDIR (mode))
    g_set_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_IS_DIRECTORY,
                 _("Cannot write to “%s”: it is a folder"), display);
  else if (S_ISBLK (mode))
    g_set_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_NOT_REGULAR,
                 _("Will not write to “%s”: it is a disk, not a file"), display);
  else
    g_set_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_NOT_REGULAR,
                 _("Cannot write to “%s”: it is not a file"), display);
  return FALSE;
}

static gboolean
write_all (int          fd,
           const char  *path,
           GBytes      *contents,
           GError     **error)
{
  gsize length;
  const char *data = g_bytes_get_data (contents, &length);

  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          return write_failed (path, errno, error);
        }
      data += written;
      length -= written;
    }

  return TRUE;
}

/* /dev/stdout and its kin name a descriptor already open: writing to it
 * directly keeps what the shell set up, ">>" included. */
static int
named_descriptor (const char *path)
{
  const char *number = NULL;
  guint64 fd;

  if (g_str_equal (path, "/dev/stdout"))
    return STDOUT_FILENO;
  if (g_str_equal (path, "/dev/stderr"))
    return STDERR_FILENO;
  if (g_str_has_prefix (path, "/dev/fd/"))
    number = path + strlen ("/dev/fd/");
  else if (g_str_has_prefix (path, "/proc/self/fd/"))
    number = path + strlen ("/proc/self/fd/");

  if (number != NULL && g_ascii_string_to_unsigned (number, 10, 0, G_MAXINT, &fd, NULL))
    return (int) fd;

  return -1;
}

static gboolean
write_descriptor (int          fd,
                  const char  *path,
                  GBytes      *contents,
                  GArray      *protected,
                  GError     **error)
{
  const char *project;
  struct stat st;

  if (fstat (fd, &st) != 0)
    return write_failed (path, errno, error);
  project = find_protected (protected, path, &st);
  if (project != NULL)
    return refuse_protected (project, error);
  if (!check_writable_kind (path, st.st_mode, error))
    return FALSE;

  return write_all (fd, path, contents, error);
}

/* A pipe or a device: opened as it is, never created, truncated or renamed. */
static gboolean
write_in_place (const char         *path,
                const struct stat  *st,
                GBytes             *contents,
                GError            **error)
{
  struct stat now;
  gboolean written;
  int fd;

  /* A pipe without a reader waits for one here, as it does for any writer. */
  fd = g_open (path, O_WRONLY | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    return write_failed (path, errno, error);

  /* What was opened must be what was looked at. */
  if (fstat (fd, &now) != 0 || !file_id_equal (file_id (&now), file_id (st)) ||
      (!S_ISFIFO (now.st_mode) && !S_ISCHR (now.st_mode)))
    {
      g_autofree char *display = g_filename_display_name (path);

      close (fd);
      g_set_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_CHANGED,
                   _("“%s” changed while it was being opened; try again"), display);
      return FALSE;
    }

  written = write_all (fd, path, contents, error);
  if (close (fd) != 0 && written)
    return write_failed (path, errno, error);

  return written;
}

/* Written whole or not at all: a temporary beside the file, renamed over it. */
static gboolean
replace (const char  *path,
         GBytes      *contents,
         int          mode,
         GError     **error)
{
  gsize length;
  const char *data = g_bytes_get_data (contents, &length);

  return g_file_set_contents_full (path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   mode, error);
}

gboolean
intake_file_write (const char          *path,
                   GBytes              *contents,
                   const char * const  *protected_paths,
                   GError             **error)
{
  g_autoptr(GArray) protected = NULL;
  g_autofree char *target = NULL;
  const char *project;
  struct stat st;
  struct stat link_st;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  protected = collect_protected (protected_paths);

  fd = named_descriptor (path);
  if (fd >= 0)
    return write_descriptor (fd, path, contents, protected, error);

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno != ENOENT)
        return write_failed (path, saved_errno, error);

      project = find_protected (protected, path, NULL);
      if (project != NULL)
        return refuse_protected (project, error);

      /* Nothing there, or a link to nothing: the link itself is replaced. */
      return replace (path, contents, 0666, error);
    }

  project = find_protected (protected, path, &st);
  if (project != NULL)
    return refuse_protected (project, error);
  if (!check_writable_kind (path, st.st_mode, error))
    return FALSE;

  if (!S_ISREG (st.st_mode))
    return write_in_place (path, &st, contents, error);

  /* Through a link, the file it names is replaced and the link kept. */
  if (g_lstat (path, &link_st) == 0 && S_ISLNK (link_st.st_mode))
    {
      target = realpath (path, NULL);
      if (target == NULL)
        return write_failed (path, errno, error);
    }

  return replace (target != NULL ? target : path, contents, st.st_mode & 0777, error);
}

static gboolean
check_readable_kind (const char  *path,
                     mode_t       mode,
                     GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);

  if (S_ISREG (mode))
    return TRUE;

  if (S_ISDIR (mode))
    g_set_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_IS_DIRECTORY,
                 _("Cannot read “%s”: it is a folder, not a file"), display);
  else if (S_ISCHR (mode) || S_ISBLK (mode))
    g_set_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_NOT_REGULAR,
                 _("Cannot read “%s”: it is a device, not a file"), display);
  else if (S_ISFIFO (mode))
    g_set_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_NOT_REGULAR,
                 _("Cannot read “%s”: it is a pipe, not a file"), display);
  else
    g_set_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_NOT_REGULAR,
                 _("Cannot read “%s”: it is not a regular file"), display);
  return FALSE;
}

static gboolean
check_size (const char  *path,
            goffset      size,
            gsize        max_size,
            GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *max_text = NULL;

  if ((guint64) size <= max_size)
    return TRUE;

  display = g_filename_display_name (path);
  size_text = g_format_size (size);
  max_text = g_format_size (max_size);
  /* Translators: a file name, its size and the most it may be, as "7.0 GB" */
  g_set_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_TOO_LARGE,
               _("“%s” is %s, more than the %s allowed"), display, size_text, max_text);
  return FALSE;
}

GBytes *
intake_file_read (const char  *path,
                  gsize        max_size,
                  GError     **error)
{
  g_autoptr(GByteArray) buffer = NULL;
  struct stat st;
  int fd;
  int flags;

  g_return_val_if_fail (path != NULL, NULL);
  /* It is read into one GByteArray. */
  g_return_val_if_fail (max_size < G_MAXUINT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Looked at before it is opened: opening some devices already does something. */
  if (g_stat (path, &st) != 0)
    {
      read_failed (path, errno, error);
      return NULL;
    }
  if (!check_readable_kind (path, st.st_mode, error) || !check_size (path, st.st_size, max_size, error))
    return NULL;

  /* Not blocking, so a pipe put in the file's place cannot hold the open up. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      read_failed (path, errno, error);
      return NULL;
    }

  /* What was opened is checked again: the path may have changed since. */
  if (fstat (fd, &st) != 0)
    {
      read_failed (path, errno, error);
      close (fd);
      return NULL;
    }
  if (!check_readable_kind (path, st.st_mode, error) || !check_size (path, st.st_size, max_size, error))
    {
      close (fd);
      return NULL;
    }

  flags = fcntl (fd, F_GETFL);
  if (flags < 0 || fcntl (fd, F_SETFL, flags & ~O_NONBLOCK) < 0)
    {
      read_failed (path, errno, error);
      close (fd);
      return NULL;
    }

  /* The size said is not trusted: the file may grow, and some say 0. One
   * byte past the limit is enough to know it is over. */
  buffer = g_byte_array_sized_new (MIN ((gsize) st.st_size, max_size) + 1);
  for (;;)
    {
      guint8 chunk[65536];
      gsize wanted = MIN (sizeof chunk, max_size + 1 - buffer->len);
      gssize got = read (fd, chunk, wanted);

      if (got < 0)
        {
          if (errno == EINTR)
            continue;
          read_failed (path, errno, error);
          close (fd);
          return NULL;
        }
      if (got == 0)
        break;

      g_byte_array_append (buffer, chunk, got);
      if (buffer->len > max_size)
        {
          g_autofree char *display = g_filename_display_name (path);
          g_autofree char *max_text = g_format_size (max_size);

          close (fd);
          /* Translators: a file name and the most it may be, as "16.0 MB" */
          g_set_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_TOO_LARGE,
                       _("“%s” is more than the %s allowed"), display, max_text);
          return NULL;
        }
    }

  close (fd);
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}
