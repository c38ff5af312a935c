#pragma once

#include "intake-report.h"
#include "intake-store-private.h"

G_BEGIN_DECLS

/* Shared by intake-report.c (the object, options and export),
 * intake-report-figures.c (the figures, in one pass over the codings) and
 * intake-report-source.c (redaction and the submissions, in batches). */

/* Submissions read by one query of the cursor. */
#define INTAKE_REPORT_BATCH 500

/* A code of the project, whether or not the report shows it. */
typedef struct
{
  gint64  id;
  char   *guid;
  gint64  parent_id;
  int     index;        /* in IntakeReportFigures.codes; -1 when not shown */
  GArray *ancestors;    /* of gint64 ids, nearest first */
} _IntakeReportProjectCode;

/* A selected submission as a batch of the cursor read it, not yet redacted. */
typedef struct _IntakeReportRow _IntakeReportRow;

struct _IntakeReport
{
  GObject               parent_instance;

  IntakeStore          *store;
  gboolean              in_snapshot;
  IntakeReportOptions  *options;
  IntakeReportFigures   figures;
  IntakeRedactor       *redactor;      /* NULL without redaction */

  GArray               *ids;           /* selected, in list order */
  GPtrArray            *project_codes; /* _IntakeReportProjectCode, every code */
  GHashTable           *code_by_id;    /* id → _IntakeReportProjectCode */
  GHashTable           *code_by_guid;  /* GUID → _IntakeReportProjectCode */

  /* The cursor */
  guint                 next_id;       /* index in @ids of the first not read */
  GPtrArray            *batch;         /* _IntakeReportRow */
  guint                 batch_pos;
};

/* intake-report-figures.c */
gboolean  _intake_report_gather_figures  (IntakeReport   *self,
                                          GCancellable   *cancellable,
                                          GError        **error);
void      _intake_report_figures_clear   (IntakeReportFigures *figures);
void      _intake_report_attribute_free  (IntakeReportAttribute *attribute);
void      _intake_report_project_code_free (_IntakeReportProjectCode *code);

/* intake-report-source.c */
char     *_intake_report_pseudonym       (gint64          id);
char     *_intake_report_format_date     (gint64          unix_time);
/* intake_report_clean_text(), and where each dropped code point was
 * (*@dropped, NULL when none was) to move offsets by. */
char     *_intake_report_clean_with_map  (const char     *text,
                                          GArray        **dropped);
int       _intake_report_clean_offset    (GArray         *dropped,
                                          int             offset);
/* The codings of @ids (every code), as IntakeCoding with code_guid, start
 * and end set; id → GPtrArray. */
GHashTable *_intake_report_load_codings  (IntakeReport   *self,
                                          const gint64   *ids,
                                          guint           n_ids,
                                          GError        **error);
/* The quotes of figures->quotes from the candidates chosen in the figures'
 * pass: redacted, cut, deduplicated. @candidates is per code a GArray of
 * _IntakeReportCandidate, best first. */
typedef struct
{
  gint64   submission_id;
  int      start;
  int      end;
  gboolean quotable;
} _IntakeReportCandidate;

gboolean  _intake_report_make_quotes     (IntakeReport   *self,
                                          GArray        **candidates,
                                          GCancellable   *cancellable,
                                          GError        **error);
void      _intake_report_batch_clear     (IntakeReport   *self);

G_END_DECLS
