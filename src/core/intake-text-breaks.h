#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the sentences, words and paragraphs of a text start and end, by
 * Pango's rules (Unicode's, so French as well as English). Offsets count
 * code points, as the store's excerpts do. */
typedef struct _IntakeTextBreaks IntakeTextBreaks;

IntakeTextBreaks *intake_text_breaks_new                     (const char       *text);
void              intake_text_breaks_free                    (IntakeTextBreaks *breaks);
int               intake_text_breaks_get_length              (IntakeTextBreaks *breaks);

/* The sentence holding @offset (or ending there), else the next one, else
 * the one before; without the spaces around it. FALSE when there is none. */
gboolean          intake_text_breaks_sentence_at             (IntakeTextBreaks *breaks,
                                                              int               offset,
                                                              int              *start,
                                                              int              *end);
/* The paragraph (a line, a line break apart from the next) holding
 * @offset, without its surrounding spaces. FALSE on a blank line. */
gboolean          intake_text_breaks_paragraph_at            (IntakeTextBreaks *breaks,
                                                              int               offset,
                                                              int              *start,
                                                              int              *end);

/* The first end of a sentence (or a word) after @offset, or @offset when
 * there is none; the last start before @offset, or @offset. */
int               intake_text_breaks_forward_sentence_end    (IntakeTextBreaks *breaks,
                                                              int               offset);
int               intake_text_breaks_backward_sentence_start (IntakeTextBreaks *breaks,
                                                              int               offset);
int               intake_text_breaks_forward_word_end        (IntakeTextBreaks *breaks,
                                                              int               offset);
int               intake_text_breaks_backward_word_start     (IntakeTextBreaks *breaks,
                                                              int               offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeTextBreaks, intake_text_breaks_free)

/* Plain-text mail hard-wrapped at 72 columns or so: the line breaks that
 * only wrap a paragraph, as the code point offsets (in order) of their
 * first character ("\n", "\r", or the "\r" of "\r\n"). Quoted lines of the same
 * depth ("> ", ">> ") join as unquoted ones do; blank lines, blank quoted
 * lines, changes of quote depth, lists, signatures and short lines keep
 * their breaks. */
GArray           *intake_text_find_soft_breaks               (const char       *text);
/* @text with its soft line breaks shown as spaces, and the rest of a
 * "\r\n" and the quote marks of the line after ("\n> ") as zero-width
 * spaces (U+200B): the same number of code points, so that every offset
 * into it is the same offset into @text. */
char             *intake_text_reflow                         (const char       *text);

/* Where the words of @query, as the store's full-text search matches them
 * (whole words, folded as intake_text_fold() does), are in @text: pairs of
 * code point offsets, start then end, in order. */
GArray           *intake_text_find_search_matches            (const char       *text,
                                                              const char       *query);

G_END_DECLS
