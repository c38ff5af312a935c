#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a redacted span held. In a merge of overlapping spans, the kind of
 * the widest one wins; between spans as wide, the first kind listed. */
typedef enum {
  INTAKE_REDACT_EMAIL,
  INTAKE_REDACT_PHONE,
  INTAKE_REDACT_POSTAL_CODE,
  INTAKE_REDACT_NAME,
  INTAKE_REDACT_MARKED,
} IntakeRedactKind;

/* Offsets count code points, end exclusive, as the store's excerpts do
 * (see intake_text_length() and intake_text_slice()). */
typedef struct {
  int              start;
  int              end;
  IntakeRedactKind kind;
} IntakeRedactSpan;

/* The personal information in @text (valid UTF-8): e-mail addresses, North
 * American phone numbers, Canadian postal codes, and the words of @names
 * (NULL-terminated From names, nullable). Returns a GArray of
 * IntakeRedactSpan sorted by start, overlapping spans merged. */
GArray *intake_redact_find       (const char         *text,
                                  const char * const *names);

/* Sorts @spans (IntakeRedactSpan) by start and merges, in place, those that
 * overlap; empty spans are dropped. */
void    intake_redact_merge_spans (GArray            *spans);

/* @text with each span of @spans (any order; overlaps are merged) replaced
 * by a marker such as "[redacted: email]". The markers are not translated:
 * they become part of the exported text. @offset_map_out, if not NULL,
 * receives a map for intake_redact_map_offset() (free it with
 * g_array_unref()). */
char   *intake_redact_apply      (const char         *text,
                                  GArray             *spans,
                                  GArray            **offset_map_out);

/* Where @original_offset of the original text is in the redacted text. An
 * offset inside a redacted span maps to the start of its marker. */
int     intake_redact_map_offset (GArray             *offset_map,
                                  int                 original_offset);

/* Maps the excerpt [@start, @end) of the original text to the redacted
 * text, widened to the whole marker of any span it cuts into, so that a
 * cut name still shows as redacted. */
void    intake_redact_map_range  (GArray             *offset_map,
                                  int                 start,
                                  int                 end,
                                  int                *start_out,
                                  int                *end_out);

/* The other way: where @redacted_offset of the redacted text was in the
 * original. An offset inside a marker maps to the start of its span. */
int     intake_redact_unmap_offset (GArray           *offset_map,
                                    int               redacted_offset);

/* Maps [@start, @end) of the redacted text back to the original, widened
 * to the whole span of any marker it cuts into (so that a selection made
 * on the redacted text can be coded on the original). */
void    intake_redact_unmap_range  (GArray           *offset_map,
                                    int               start,
                                    int               end,
                                    int              *start_out,
                                    int              *end_out);

/* ---- Redacting a whole project ---- */

/* The flags of the default codebook that reports read, by GUID (a project
 * may rename them). A "Needs redaction" excerpt is redacted as MARKED; the
 * flag on a whole submission withholds all of its text. */
#define INTAKE_FLAG_NEEDS_REDACTION_GUID "e4747947-f052-452d-a86c-805422a39371"
#define INTAKE_FLAG_QUOTABLE_GUID        "3bb1d423-4f07-44f8-8407-01cdd7c05d6c"

/* The names of a signature block at the end of @text: the lines after a
 * "-- " or "--" line, or after a closing such as "Regards," or
 * "Cordialement,". Returns a NULL-terminated array, empty when there is no
 * signature. */
GStrv   intake_redact_signature_names (const char *text);

/* Names to redact wherever they occur, matched by one hash lookup per word
 * whatever their number, so that every sender's name can be looked for in
 * every submission. */
typedef struct _IntakeRedactor IntakeRedactor;

IntakeRedactor *intake_redactor_new       (void);
IntakeRedactor *intake_redactor_ref       (IntakeRedactor     *self);
void            intake_redactor_unref     (IntakeRedactor     *self);
/* Adds each word of @name (a From name, a signature line). */
void            intake_redactor_add_name  (IntakeRedactor     *self,
                                           const char         *name);
/* As intake_redact_find() with the names added so far. */
GArray         *intake_redactor_find      (IntakeRedactor     *self,
                                           const char         *text);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeRedactor, intake_redactor_unref)

G_END_DECLS
