#pragma once

#include <gio/gio.h>

#include "intake-redact.h"
#include "intake-store.h"

G_BEGIN_DECLS

/* A report of a project: its figures, gathered once from one snapshot of
 * the store, and its submissions, read one at a time so that memory does
 * not grow with the project. Every text that leaves it (subjects,
 * excerpts, quotes, memos) has been redacted unless the options say not to;
 * the writers (intake-report-xml.c, -html.c, -pdf.c, -csv.c) only format
 * what they are given. */

#define INTAKE_REPORT_ERROR (intake_report_error_quark ())

typedef enum
{
  INTAKE_REPORT_ERROR_FAILED,
  INTAKE_REPORT_ERROR_INVALID,   /* options that make no report: an unknown code, a bad format */
} IntakeReportError;

GQuark intake_report_error_quark (void);

typedef enum
{
  INTAKE_REPORT_FORMAT_XML,
  INTAKE_REPORT_FORMAT_HTML,
  INTAKE_REPORT_FORMAT_PDF,
  INTAKE_REPORT_FORMAT_CSV,          /* one row per coding */
  INTAKE_REPORT_FORMAT_CSV_MATRIX,   /* one row per submission, a 0/1 column per code */
} IntakeReportFormat;

/* "xml", "html", "pdf", "csv", "csv-matrix" */
gboolean    intake_report_format_from_string (const char         *name,
                                              IntakeReportFormat *format);
const char *intake_report_format_to_string   (IntakeReportFormat  format);
/* ".xml", ".html", ".pdf", ".csv" */
const char *intake_report_format_extension   (IntakeReportFormat  format);

typedef enum
{
  INTAKE_REPORT_SECTION_SUMMARY      = 1 << 0,
  INTAKE_REPORT_SECTION_CODES        = 1 << 1,
  INTAKE_REPORT_SECTION_CROSSTABS    = 1 << 2,
  INTAKE_REPORT_SECTION_COOCCURRENCE = 1 << 3,
  INTAKE_REPORT_SECTION_QUOTES       = 1 << 4,
  INTAKE_REPORT_SECTION_SUBMISSIONS  = 1 << 5,
  INTAKE_REPORT_SECTION_ALL          = (1 << 6) - 1,
} IntakeReportSections;

/* "summary,codes,crosstabs,cooccurrence,quotes,submissions" */
gboolean intake_report_sections_from_string (const char           *list,
                                             IntakeReportSections *sections,
                                             GError              **error);

typedef enum
{
  INTAKE_REPORT_PAPER_DEFAULT,   /* from the locale (LC_PAPER) */
  INTAKE_REPORT_PAPER_A4,
  INTAKE_REPORT_PAPER_LETTER,
} IntakeReportPaper;

#define INTAKE_REPORT_DEFAULT_THRESHOLD 5
#define INTAKE_REPORT_DEFAULT_QUOTES    5
/* A quote longer than this is cut at a word and marked as cut. */
#define INTAKE_REPORT_QUOTE_MAX_CHARS   1000

typedef struct
{
  IntakeReportFormat    format;
  IntakeReportSections  sections;
  gboolean              redact;            /* TRUE unless the person chose otherwise */
  guint                 threshold;         /* cells of 1 … threshold-1 submissions are suppressed */
  guint                 quotes_per_code;
  gboolean              memos;             /* memos in the submissions section */
  IntakeReportPaper     paper;
  char                 *title;             /* NULL: the project file's name */
  GStrv                 code_guids;        /* NULL: every code; else these and their descendants */

  /* Which submissions, as the list filters them. Without a status, every
   * submission but the excluded ones. Strings are owned. */
  gboolean              has_status;
  IntakeStatus          status;
  char                 *code_guid;
  char                 *attribute_name;
  char                 *attribute_value;
  char                 *search;
} IntakeReportOptions;

IntakeReportOptions *intake_report_options_new  (void);   /* the defaults above, XML */
IntakeReportOptions *intake_report_options_copy (const IntakeReportOptions *options);
void                 intake_report_options_free (IntakeReportOptions       *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeReportOptions, intake_report_options_free)

/* ---- The figures ---- */

/* A count that a cell shows as suppressed: more than none and fewer than the
 * threshold. The real count never leaves the report object. */
#define INTAKE_REPORT_SUPPRESSED G_MAXUINT

typedef struct
{
  char     *guid;
  char     *name;
  char     *path;          /* "Equity lens/Surveillance" */
  char     *description;
  char     *color;         /* "#RRGGBB" or NULL */
  int       parent;        /* index in IntakeReportFigures.codes, -1 at the top */
  guint     depth;         /* 0 at the top */
  gboolean  codable;
  guint     submissions;   /* selected submissions coded with it or a descendant, each once */
  guint     excerpts;      /* excerpt codings of it and its descendants */
  double    share;         /* submissions / coded_submissions; 0 when none is coded */
} IntakeReportCode;

typedef struct
{
  char  *value;            /* NULL for "not recorded" */
  guint  count;
} IntakeReportCount;

/* Codes (rows, in IntakeReportFigures.codes order) by the values of one
 * attribute (columns). Suppression applies to every cell and column total. */
typedef struct
{
  char      *attribute;    /* "Respondent group" */
  guint      n_columns;
  char     **columns;      /* the values, then NULL for "not recorded" as the last column */
  guint     *column_totals;/* submissions with the value; may be INTAKE_REPORT_SUPPRESSED */
  guint     *cells;        /* n_codes × n_columns, row by row; may be INTAKE_REPORT_SUPPRESSED */
} IntakeReportCrosstab;

typedef struct
{
  char  *name;
  char  *value;
} IntakeReportAttribute;

typedef struct
{
  gint64     submission_id;
  char      *pseudonym;    /* "S-0042" */
  char      *text;         /* redacted, at most INTAKE_REPORT_QUOTE_MAX_CHARS */
  gboolean   cut;          /* the excerpt was longer */
  gboolean   quotable;     /* a reviewer flagged it, or its submission, Quotable */
  GPtrArray *attributes;   /* IntakeReportAttribute */
} IntakeReportQuote;

typedef struct
{
  char  *name;
  guint  submissions;      /* selected submissions they coded */
  guint  codings;
} IntakeReportReviewer;

typedef struct
{
  char       *title;
  char       *generated;          /* ISO 8601, UTC */
  char       *generator;          /* "Feedback Intake 0.x" */
  gboolean    redacted;
  guint       threshold;
  IntakeReportSections sections;

  /* The consultation at a glance */
  guint       total_submissions;  /* in the project */
  guint       submissions;        /* selected */
  guint       coded_submissions;  /* selected with at least one coding */
  guint       by_status[4];       /* IntakeStatus order */
  GPtrArray  *by_group;           /* IntakeReportCount, by value, NULL last */
  GPtrArray  *by_board;
  GPtrArray  *by_language;
  char       *first_date;         /* "YYYY-MM-DD" or NULL */
  char       *last_date;
  guint       duplicates;         /* seen over every import */
  guint       rejected;           /* messages the import could not read */
  GPtrArray  *reviewers;          /* IntakeReportReviewer, by name */
  GStrv       attribute_names;    /* every attribute name of the selection, the default four first */

  /* Codes, in codebook order (a parent before its children) */
  guint             n_codes;
  IntakeReportCode *codes;

  GPtrArray  *crosstabs;          /* IntakeReportCrosstab: group, board, identity */
  guint      *cooccurrence;       /* n_codes × n_codes submissions; may be SUPPRESSED */
  GPtrArray **quotes;             /* n_codes arrays of IntakeReportQuote, best first */

  /* Inter-coder agreement across every reviewer who coded, over the whole
   * project (the units are the submissions they all coded, whatever the
   * filters), of the codes shown; NULL unless two or more reviewers coded
   * and the codes section is asked for. */
  IntakeAgreementReport *agreement;
  guint       adjudicated;        /* disagreements a coordinator settled */
} IntakeReportFigures;

/* Whether a count is shown or suppressed under @threshold. */
static inline guint
intake_report_suppress (guint count,
                        guint threshold)
{
  return count > 0 && count < threshold ? INTAKE_REPORT_SUPPRESSED : count;
}

/* ---- The submissions, one at a time ---- */

typedef struct
{
  int    code;           /* index in IntakeReportFigures.codes */
  char  *reviewer;
  int    start;          /* -1 for a whole-submission coding; else in the redacted text */
  int    end;
  char  *excerpt;        /* redacted; NULL for a whole-submission coding */
} IntakeReportCoding;

typedef struct
{
  gint64     id;
  char      *pseudonym;    /* "S-0042", the same in every export of the project */
  char      *date;         /* "YYYY-MM-DD" or NULL */
  IntakeStatus status;
  char      *subject;      /* redacted */
  GPtrArray *attributes;   /* IntakeReportAttribute, by name */
  GPtrArray *codings;      /* IntakeReportCoding, whole-submission first, then by start */
  char      *memo;         /* redacted; NULL without one or without the memos option */
} IntakeReportSubmission;

void intake_report_submission_free (IntakeReportSubmission *submission);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IntakeReportSubmission, intake_report_submission_free)

/* Fills *@out with the next selected submission (in list order) and returns
 * TRUE; at the end sets *@out to NULL and returns TRUE; FALSE on error. */
typedef gboolean (*IntakeReportNextFunc) (gpointer                  user_data,
                                          IntakeReportSubmission  **out,
                                          GError                  **error);

/* Called from the thread that writes, with the share done (0 … 1). */
typedef void (*IntakeReportProgressFunc) (double   fraction,
                                          gpointer user_data);

/* ---- The report object ---- */

#define INTAKE_TYPE_REPORT (intake_report_get_type ())
G_DECLARE_FINAL_TYPE (IntakeReport, intake_report, INTAKE, REPORT, GObject)

/* Opens its own read-only connection to @project_path and reads one
 * snapshot: the figures now, the submissions as they are asked for. Use it
 * from one thread. */
IntakeReport              *intake_report_new             (const char                *project_path,
                                                          const IntakeReportOptions *options,
                                                          GCancellable              *cancellable,
                                                          GError                   **error);
const IntakeReportOptions *intake_report_get_options     (IntakeReport              *self);
const IntakeReportFigures *intake_report_get_figures     (IntakeReport              *self);
/* An IntakeReportNextFunc over @self; starts again from the first. */
void                       intake_report_rewind          (IntakeReport              *self);
gboolean                   intake_report_next_submission (gpointer                   self,
                                                          IntakeReportSubmission   **out,
                                                          GError                   **error);

/* Writes the report in its options' format to @path, by the rules of
 * intake_file_write() (a temporary renamed over the file; never one of
 * @protected_paths). */
gboolean                   intake_report_export          (IntakeReport              *self,
                                                          const char                *path,
                                                          const char * const        *protected_paths,
                                                          IntakeReportProgressFunc   progress,
                                                          gpointer                   progress_data,
                                                          GCancellable              *cancellable,
                                                          GError                   **error);

/* The whole export on a worker thread: new, then export. @progress is
 * called on the thread-default main context of the caller. */
void                       intake_report_export_async    (const char                *project_path,
                                                          const IntakeReportOptions *options,
                                                          const char                *path,
                                                          IntakeReportProgressFunc   progress,
                                                          gpointer                   progress_data,
                                                          GDestroyNotify             progress_destroy,
                                                          GCancellable              *cancellable,
                                                          GAsyncReadyCallback        callback,
                                                          gpointer                   user_data);
gboolean                   intake_report_export_finish   (GAsyncResult              *result,
                                                          GError                   **error);

/* ---- Redaction as reports apply it ---- */

/* A redactor with the names of every sender of the project: their From
 * names and the names of their signatures. */
IntakeRedactor *intake_report_load_redactor (IntakeStore     *store,
                                             GCancellable    *cancellable,
                                             GError         **error);

/* @text as a report shows it: the personal information @redactor finds,
 * and the excerpts of @codings (IntakeCoding, the submission's) coded with
 * INTAKE_FLAG_NEEDS_REDACTION_GUID; all of it, and *@withheld set, when the
 * flag is on the whole submission. @spans_out and @offset_map_out are
 * nullable and receive the spans redacted and the map of
 * intake_redact_map_offset(). */
char           *intake_report_redact        (IntakeRedactor  *redactor,
                                             const char      *text,
                                             GPtrArray       *codings,
                                             gboolean        *withheld,
                                             GArray         **spans_out,
                                             GArray         **offset_map_out);

/* Whether @codings (IntakeCoding, nullable) hold the flag Needs redaction
 * on the whole submission: a report then withholds all its text. */
gboolean        intake_report_is_withheld   (GPtrArray       *codings);

/* A subject or memo as a redacted report shows it: the names and details
 * @redactor finds replaced, or a marker for all of it when @withheld;
 * characters XML does not allow are dropped. */
char           *intake_report_redact_plain  (IntakeRedactor  *redactor,
                                             const char      *text,
                                             gboolean         withheld);

/* ---- The writers; each streams to @out ---- */

gboolean intake_report_write_xml        (const IntakeReportFigures *figures,
                                         IntakeReportNextFunc       next,
                                         gpointer                   next_data,
                                         GOutputStream             *out,
                                         IntakeReportProgressFunc   progress,
                                         gpointer                   progress_data,
                                         GCancellable              *cancellable,
                                         GError                   **error);
gboolean intake_report_write_html       (const IntakeReportFigures *figures,
                                         IntakeReportNextFunc       next,
                                         gpointer                   next_data,
                                         GOutputStream             *out,
                                         IntakeReportProgressFunc   progress,
                                         gpointer                   progress_data,
                                         GCancellable              *cancellable,
                                         GError                   **error);
gboolean intake_report_write_pdf        (const IntakeReportFigures *figures,
                                         IntakeReportPaper          paper,
                                         IntakeReportNextFunc       next,
                                         gpointer                   next_data,
                                         GOutputStream             *out,
                                         IntakeReportProgressFunc   progress,
                                         gpointer                   progress_data,
                                         GCancellable              *cancellable,
                                         GError                   **error);
gboolean intake_report_write_csv        (const IntakeReportFigures *figures,
                                         gboolean                   matrix,
                                         IntakeReportNextFunc       next,
                                         gpointer                   next_data,
                                         GOutputStream             *out,
                                         IntakeReportProgressFunc   progress,
                                         gpointer                   progress_data,
                                         GCancellable              *cancellable,
                                         GError                   **error);

/* @text without the characters XML 1.0 does not allow (C0 controls but tab,
 * newline and carriage return; U+FFFE, U+FFFF; lone surrogates are not
 * valid UTF-8 and never reach here). Used by every writer. */
char    *intake_report_clean_text       (const char                *text);

G_END_DECLS
