#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* "Stance on the programme" of the default codebook: one value per
 * submission. Known by GUID, which survives renaming and translation. */
#define INTAKE_STANCE_GROUP_GUID "b28afa3a-e5a2-4ca5-a23d-d782376b84f7"

#define INTAKE_CODEBOOK_ERROR (intake_codebook_error_quark ())

typedef enum
{
  INTAKE_CODEBOOK_ERROR_PARSE,    /* not well-formed XML */
  INTAKE_CODEBOOK_ERROR_UNSAFE,   /* declares entities */
  INTAKE_CODEBOOK_ERROR_INVALID,  /* well-formed, but not a REFI-QDA codebook */
  INTAKE_CODEBOOK_ERROR_FAILED,
} IntakeCodebookError;

/* The REFI-QDA codebook namespace (QDA-XML 1.0). */
#define INTAKE_CODEBOOK_NS "urn:QDA-XML:codebook:1.0"

/* The largest .qdc file read for an import: room for tens of thousands of
 * codes with their descriptions. */
#define INTAKE_CODEBOOK_MAX_SIZE (16 * 1000 * 1000)

#define INTAKE_TYPE_CODE (intake_code_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCode, intake_code, INTAKE, CODE, GObject)

#define INTAKE_TYPE_CODEBOOK (intake_codebook_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCodebook, intake_codebook, INTAKE, CODEBOOK, GObject)

GQuark              intake_codebook_error_quark    (void);

/* A code; GUIDs are kept lowercase and without braces. */
const char         *intake_code_get_guid           (IntakeCode      *self);
const char         *intake_code_get_name           (IntakeCode      *self);
const char         *intake_code_get_description    (IntakeCode      *self);
const char         *intake_code_get_color          (IntakeCode      *self);
gboolean            intake_code_get_is_codable     (IntakeCode      *self);
const char         *intake_code_get_parent_guid    (IntakeCode      *self);
guint               intake_code_get_depth          (IntakeCode      *self);
const char * const *intake_code_get_child_guids    (IntakeCode      *self);
char               *intake_code_dup_path           (IntakeCode      *self,
                                                    IntakeCodebook  *codebook);

/* For building a codebook in code, parents before their children. */
IntakeCodebook     *intake_codebook_new            (void);
IntakeCode         *intake_codebook_append_code    (IntakeCodebook  *self,
                                                    const char      *guid,
                                                    const char      *name,
                                                    const char      *description,
                                                    const char      *color,
                                                    gboolean         is_codable,
                                                    const char      *parent_guid);

IntakeCodebook     *intake_codebook_load_qdc       (GBytes          *data,
                                                    GError         **error);
IntakeCodebook     *intake_codebook_load_default   (GError         **error);
GBytes             *intake_codebook_to_qdc         (IntakeCodebook  *self,
                                                    GError         **error);

const char         *intake_codebook_get_origin     (IntakeCodebook  *self);
guint               intake_codebook_get_n_codes    (IntakeCodebook  *self);
IntakeCode         *intake_codebook_get_code       (IntakeCodebook  *self,
                                                    guint            position);
IntakeCode         *intake_codebook_find_by_guid   (IntakeCodebook  *self,
                                                    const char      *guid);
IntakeCode         *intake_codebook_find           (IntakeCodebook  *self,
                                                    const char      *name_or_path);

G_END_DECLS
