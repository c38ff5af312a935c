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

G_END_DECLS
