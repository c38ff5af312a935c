#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define INTAKE_FILE_ERROR (intake_file_error_quark ())

typedef enum
{
  INTAKE_FILE_ERROR_PROJECT,      /* the path is the open project or one of its SQLite files */
  INTAKE_FILE_ERROR_IS_DIRECTORY,
  INTAKE_FILE_ERROR_NOT_REGULAR,  /* a device, pipe or socket where a file is wanted */
  INTAKE_FILE_ERROR_TOO_LARGE,
  INTAKE_FILE_ERROR_CHANGED,      /* the path changed between looking at it and opening it */
  INTAKE_FILE_ERROR_FAILED,
} IntakeFileError;

GQuark    intake_file_error_quark (void);

/* Writes a file a person named.  A regular file (or none) is replaced
 * whole, by a temporary beside it renamed over it; a pipe or a character
 * device (/dev/stdout, /dev/null) is written in place; a folder or a disk
 * is refused, and so is any of @protected_paths (NULL-terminated, may be
 * NULL) or their SQLite "-wal", "-shm" and "-journal" files, however the
 * path is spelled. */
gboolean  intake_file_write       (const char          *path,
                                   GBytes              *contents,
                                   const char * const  *protected_paths,
                                   GError             **error);

/* The same, streamed: what is written to the stream replaces a regular
 * file only on intake_file_output_commit() (a temporary beside it, renamed
 * over it); freed without a commit, the temporary is removed and the old
 * file is untouched. A pipe or character device is written in place, as it
 * comes. Refuses what intake_file_write() refuses, when it is made. */
typedef struct _IntakeFileOutput IntakeFileOutput;

IntakeFileOutput *intake_file_output_new        (const char          *path,
                                                 const char * const  *protected_paths,
                                                 GError             **error);
/* Buffered; owned by @self. */
GOutputStream    *intake_file_output_get_stream (IntakeFileOutput    *self);
/* The empty temporary that replaces a regular file on commit, for a writer
 * that needs a file name rather than a stream (SQLite); NULL when the
 * output is written in place (a pipe or a device). */
const char       *intake_file_output_get_temporary_path (IntakeFileOutput *self);
gboolean          intake_file_output_commit     (IntakeFileOutput    *self,
                                                 GError             **error);
void              intake_file_output_free       (IntakeFileOutput    *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeFileOutput, intake_file_output_free)

/* Reads a regular file of at most @max_size bytes whole; anything else (a
 * device, a pipe) is refused without being read from or waited on. */
GBytes   *intake_file_read        (const char          *path,
                                   gsize                max_size,
                                   GError             **error);

G_END_DECLS
