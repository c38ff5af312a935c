#pragma once

#include <glib.h>

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

/* Reads a regular file of at most @max_size bytes whole; anything else (a
 * device, a pipe) is refused without being read from or waited on. */
GBytes   *intake_file_read        (const char          *path,
                                   gsize                max_size,
                                   GError             **error);

G_END_DECLS
