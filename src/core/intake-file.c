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


/* ---- A stream over a descriptor ----------------------------------------- */

/* GUnixOutputStream is in gio-unix; this is all that is needed of it. The
 * descriptor is the IntakeFileOutput's: closing the stream leaves it open. */
#define INTAKE_TYPE_FD_STREAM (intake_fd_stream_get_type ())
G_DECLARE_FINAL_TYPE (IntakeFdStream, intake_fd_stream, INTAKE, FD_STREAM, GOutputStream)

struct _IntakeFdStream
{
  GOutputStream  parent_instance;

  int            fd;
  char          *path;   /* for messages */
};

G_DEFINE_FINAL_TYPE (IntakeFdStream, intake_fd_stream, G_TYPE_OUTPUT_STREAM)

static gssize
intake_fd_stream_write (GOutputStream  *stream,
                        const void     *buffer,
                        gsize           count,
                        GCancellable   *cancellable,
                        GError        **error)
{
  IntakeFdStream *self = INTAKE_FD_STREAM (stream);

  for (;;)
    {
      gssize written;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return -1;

      written = write (self->fd, buffer, MIN (count, G_MAXSSIZE));
      if (written >= 0)
        return written;
      if (errno != EINTR)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (self->path);

          g_set_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_FAILED,
                       _("Could not write to “%s”: %s"), display, g_strerror (saved_errno));
          return -1;
        }
    }
}

static void
intake_fd_stream_finalize (GObject *object)
{
  IntakeFdStream *self = INTAKE_FD_STREAM (object);

  g_free (self->path);

  G_OBJECT_CLASS (intake_fd_stream_parent_class)->finalize (object);
}

static void
intake_fd_stream_class_init (IntakeFdStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  object_class->finalize = intake_fd_stream_finalize;
  stream_class->write_fn = intake_fd_stream_write;
}

static void
intake_fd_stream_init (IntakeFdStream *self)
{
  self->fd = -1;
}

static GOutputStream *
fd_stream_new (int         fd,
               const char *path)
{
  IntakeFdStream *self = g_object_new (INTAKE_TYPE_FD_STREAM, NULL);

  self->fd = fd;
  self->path = g_strdup (path);

  return G_OUTPUT_STREAM (self);
}

/* ---- Writing ------------------------------------------------------------- */

struct _IntakeFileOutput
{
  char          *path;       /* as the person named it, for messages */
  char          *target;     /* what the temporary replaces; NULL when written in place */
  char          *temporary;  /* beside @target; NULL when written in place */
  int            fd;
  gboolean       own_fd;     /* FALSE for /dev/stdout and its kin */
  GOutputStream *stream;     /* buffered, over an IntakeFdStream */
  gboolean       done;       /* committed, or failed to */
};

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

/* A pipe or a device: opened as it is, never created, truncated or renamed. */
static int
open_in_place (const char         *path,
               const struct stat  *st,
               GError            **error)
{
  struct stat now;
  int fd;

  /* A pipe without a reader waits for one here, as it does for any writer. */
  fd = g_open (path, O_WRONLY | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      write_failed (path, errno, error);
      return -1;
    }

  /* What was opened must be what was looked at. */
  if (fstat (fd, &now) != 0 || !file_id_equal (file_id (&now), file_id (st)) ||
      (!S_ISFIFO (now.st_mode) && !S_ISCHR (now.st_mode)))
    {
      g_autofree char *display = g_filename_display_name (path);

      close (fd);
      g_set_error (error, INTAKE_FILE_ERROR, INTAKE_FILE_ERROR_CHANGED,
                   _("“%s” changed while it was being opened; try again"), display);
      return -1;
    }

  return fd;
}

/* Written whole or not at all: a temporary beside the file, renamed over
 * it on commit. @mode is that of the file replaced, or -1 for a new one
 * (0666 less the umask). */
static gboolean
open_temporary (IntakeFileOutput  *self,
                const char        *target,
                int                mode,
                GError           **error)
{
  g_autofree char *template = g_strconcat (target, ".XXXXXX", NULL);
  int fd;

  fd = g_mkstemp_full (template, O_WRONLY | O_CLOEXEC, mode >= 0 ? mode : 0666);
  if (fd < 0)
    return write_failed (target, errno, error);

  /* mkstemp makes it 0600 whatever it is asked. */
  if (mode >= 0)
    {
      if (fchmod (fd, mode) != 0)
        {
          int saved_errno = errno;

          close (fd);
          g_unlink (template);
          return write_failed (target, saved_errno, error);
        }
    }
  else
    {
      mode_t mask = umask (0);

      umask (mask);
      if (fchmod (fd, 0666 & ~mask) != 0)
        {
          int saved_errno = errno;

          close (fd);
          g_unlink (template);
          return write_failed (target, saved_errno, error);
        }
    }

  self->fd = fd;
  self->own_fd = TRUE;
  self->target = g_strdup (target);
  self->temporary = g_steal_pointer (&template);
  return TRUE;
}

static gboolean
open_output (IntakeFileOutput    *self,
             const char * const  *protected_paths,
             GError             **error)
{
  g_autoptr(GArray) protected = collect_protected (protected_paths);
  g_autofree char *target = NULL;
  const char *path = self->path;
  const char *project;
  struct stat st;
  struct stat link_st;
  int fd;

  fd = named_descriptor (path);
  if (fd >= 0)
    {
      if (fstat (fd, &st) != 0)
        return write_failed (path, errno, error);
      project = find_protected (protected, path, &st);
      if (project != NULL)
        return refuse_protected (project, error);
      if (!check_writable_kind (path, st.st_mode, error))
        return FALSE;

      self->fd = fd;
      self->own_fd = FALSE;
      return TRUE;
    }

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno != ENOENT)
        return write_failed (path, saved_errno, error);

      project = find_protected (protected, path, NULL);
      if (project != NULL)
        return refuse_protected (project, error);

      /* Nothing there, or a link to nothing: the link itself is replaced. */
      return open_temporary (self, path, -1, error);
    }

  project = find_protected (protected, path, &st);
  if (project != NULL)
    return refuse_protected (project, error);
  if (!check_writable_kind (path, st.st_mode, error))
    return FALSE;

  if (!S_ISREG (st.st_mode))
    {
      self->fd = open_in_place (path, &st, error);
      self->own_fd = self->fd >= 0;
      return self->fd >= 0;
    }

  /* Through a link, the file it names is replaced and the link kept. */
  if (g_lstat (path, &link_st) == 0 && S_ISLNK (link_st.st_mode))
    {
      target = realpath (path, NULL);
      if (target == NULL)
        return write_failed (path, errno, error);
    }

  return open_temporary (self, target != NULL ? target : path, st.st_mode & 0777, error);
}

/**
 * intake_file_output_new:
 * @path: the file a person named
 * @protected_paths: (nullable) (array zero-terminated=1): projects not to write over
 *
 * Opens @path for writing by the rules of intake_file_write(): nothing
 * replaces a regular file until intake_file_output_commit().
 *
 * Returns: (transfer full): the output, or %NULL with @error set
 */
IntakeFileOutput *
intake_file_output_new (const char          *path,
                        const char * const  *protected_paths,
                        GError             **error)
{
  g_autoptr(IntakeFileOutput) self = NULL;
  g_autoptr(GOutputStream) base = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (IntakeFileOutput, 1);
  self->path = g_strdup (path);
  self->fd = -1;

  if (!open_output (self, protected_paths, error))
    return NULL;

  base = fd_stream_new (self->fd, path);
  self->stream = g_buffered_output_stream_new_sized (base, 64 * 1024);

  return g_steal_pointer (&self);
}

/* The stream to write to; it belongs to @self. */
GOutputStream *
intake_file_output_get_stream (IntakeFileOutput *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->stream;
}

const char *
intake_file_output_get_temporary_path (IntakeFileOutput *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->temporary;
}

static void
discard_temporary (IntakeFileOutput *self)
{
  if (self->own_fd && self->fd >= 0)
    close (self->fd);
  self->fd = -1;
  if (self->temporary != NULL)
    g_unlink (self->temporary);
  g_clear_pointer (&self->temporary, g_free);
}

/**
 * intake_file_output_commit:
 *
 * Writes out what is buffered and puts the file in its place: the
 * temporary, flushed to disk, is renamed over the file. On failure the old
 * file is as it was and the temporary is gone.
 */
gboolean
intake_file_output_commit (IntakeFileOutput  *self,
                           GError           **error)
{
  int fd;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->done, FALSE);

  self->done = TRUE;

  if (!g_output_stream_close (self->stream, NULL, error))
    {
      discard_temporary (self);
      return FALSE;
    }

  if (self->temporary == NULL)
    {
      fd = self->fd;
      self->fd = -1;
      if (self->own_fd && close (fd) != 0)
        return write_failed (self->path, errno, error);
      return TRUE;
    }

  /* Durable before it is visible: a crash leaves the old file or the new one. */
  if (fsync (self->fd) != 0 && errno != EINVAL)
    {
      int saved_errno = errno;

      discard_temporary (self);
      return write_failed (self->path, saved_errno, error);
    }

  fd = self->fd;
  self->fd = -1;
  if (close (fd) != 0)
    {
      int saved_errno = errno;

      discard_temporary (self);
      return write_failed (self->path, saved_errno, error);
    }

  if (g_rename (self->temporary, self->target) != 0)
    {
      int saved_errno = errno;

      discard_temporary (self);
      return write_failed (self->path, saved_errno, error);
    }

  g_clear_pointer (&self->temporary, g_free);
  return TRUE;
}

/* Without a commit, removes the temporary: the old file is untouched. */
void
intake_file_output_free (IntakeFileOutput *self)
{
  if (self == NULL)
    return;

  if (!self->done && self->stream != NULL)
    g_output_stream_close (self->stream, NULL, NULL);
  discard_temporary (self);
  g_clear_object (&self->stream);
  g_free (self->target);
  g_free (self->path);
  g_free (self);
}

gboolean
intake_file_write (const char          *path,
                   GBytes              *contents,
                   const char * const  *protected_paths,
                   GError             **error)
{
  g_autoptr(IntakeFileOutput) output = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  output = intake_file_output_new (path, protected_paths, error);
  if (output == NULL)
    return FALSE;

  data = g_bytes_get_data (contents, &length);
  if (!g_output_stream_write_all (output->stream, data, length, NULL, NULL, error))
    return FALSE;

  return intake_file_output_commit (output, error);
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
