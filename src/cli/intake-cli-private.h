#pragma once

#include <json-glib/json-glib.h>

#include "intake-codebook.h"
#include "intake-project.h"
#include "intake-store.h"
#include "intake-store.h"
#include "intake-submission.h"

G_BEGIN_DECLS

#define INTAKE_CLI_ERROR (intake_cli_error_quark ())

typedef enum
{
  INTAKE_CLI_ERROR_USAGE,    /* the command line asks for something that cannot be */
  INTAKE_CLI_ERROR_FAILED,
} IntakeCliError;

/* What the dispatcher does for a command before the command runs. */
typedef enum
{
  INTAKE_CLI_NEEDS_PROJECT   = 1 << 0,  /* -p PROJECT is required and opened */
  INTAKE_CLI_CREATES_PROJECT = 1 << 1,  /* the project may not exist yet */
  INTAKE_CLI_WRITES          = 1 << 2,  /* without it, the project is opened only to read */
  INTAKE_CLI_NEEDS_REVIEWER  = 1 << 3,  /* --reviewer NAME is required */
  INTAKE_CLI_TAKES_REVIEWER  = 1 << 4,  /* --reviewer NAME is optional, for the record */
} IntakeCliFlags;

typedef struct _IntakeCliCommand IntakeCliCommand;

/* What the dispatcher hands a command. */
typedef struct
{
  const IntakeCliCommand  *command;
  IntakeCliFlags           flags;       /* the command's; check may drop INTAKE_CLI_WRITES */
  const char              *project_path;
  const char              *reviewer;    /* NULL unless given; checked when given */
  gboolean                 json;
  const char * const      *args;        /* the positional arguments after the command */
  guint                    n_args;
  IntakeStore             *store;       /* open once check has passed */
  IntakeProject           *project;     /* writing commands: every change goes through it */
} IntakeCliContext;

/* Checks the arguments before the project is opened, so a mistake leaves nothing behind. */
typedef gboolean (*IntakeCliCheckFunc) (IntakeCliContext  *cli,
                                        GError           **error);
/* Does the work; *result is what the command has to say (NULL for nothing). */
typedef gboolean (*IntakeCliRunFunc)   (IntakeCliContext  *cli,
                                        JsonNode         **result,
                                        GError           **error);
/* Writes the plain form of a result; --json prints the result itself. */
typedef void     (*IntakeCliTextFunc)  (JsonNode          *result,
                                        GString           *text);

struct _IntakeCliCommand
{
  const char         *name;
  const char         *parameters;
  const char         *summary;
  IntakeCliFlags      flags;
  guint               min_args;
  guint               max_args;
  const char         *wrong_args;  /* said when the count is wrong; NULL: "Unexpected argument" */
  GOptionEntry       *entries;     /* the command's own options, NULL for none */
  IntakeCliCheckFunc  check;
  IntakeCliRunFunc    run;
  IntakeCliTextFunc   print_text;  /* NULL: nothing is printed without --json */
};

#define INTAKE_CLI_ANY_ARGS G_MAXUINT

GQuark            intake_cli_error_quark        (void);

/* intake-cli-common.c: looking things up by what a person typed */
gboolean          intake_cli_parse_status       (const char      *text,
                                                 IntakeStatus    *status,
                                                 GError         **error);
IntakeSubmission *intake_cli_get_submission     (IntakeStore     *store,
                                                 const char      *id_text,
                                                 GError         **error);
IntakeCode       *intake_cli_resolve_code       (IntakeCodebook  *codebook,
                                                 const char      *name,
                                                 GError         **error);
GPtrArray        *intake_cli_sorted_names       (GHashTable      *attributes);

/* intake-cli-output.c: building results and reading them back for plain output */
void              intake_cli_add_string         (JsonBuilder     *builder,
                                                 const char      *member,
                                                 const char      *value);
void              intake_cli_add_int            (JsonBuilder     *builder,
                                                 const char      *member,
                                                 gint64           value);
void              intake_cli_add_int_or_null    (JsonBuilder     *builder,
                                                 const char      *member,
                                                 int              value);
void              intake_cli_add_summary        (JsonBuilder     *builder,
                                                 IntakeSubmission *submission);
void              intake_cli_add_coding         (JsonBuilder     *builder,
                                                 const IntakeCoding *coding);
const char       *intake_cli_get_string         (JsonObject      *object,
                                                 const char      *member);
void              intake_cli_print_result       (JsonNode        *result,
                                                 IntakeCliTextFunc print_text,
                                                 gboolean         json);

/* One file per command.  A process runs one command, so a command's
 * options may live in its file's statics. */
extern GOptionEntry intake_cli_import_entries[];
extern GOptionEntry intake_cli_list_entries[];
extern GOptionEntry intake_cli_code_entries[];
extern GOptionEntry intake_cli_codebook_entries[];
extern GOptionEntry intake_cli_export_entries[];
extern GOptionEntry intake_cli_agreement_entries[];
extern GOptionEntry intake_cli_copy_entries[];

gboolean intake_cli_import_check    (IntakeCliContext *cli, GError **error);
gboolean intake_cli_import_run      (IntakeCliContext *cli, JsonNode **result, GError **error);
void     intake_cli_import_text     (JsonNode *result, GString *text);

gboolean intake_cli_list_check      (IntakeCliContext *cli, GError **error);
gboolean intake_cli_list_run        (IntakeCliContext *cli, JsonNode **result, GError **error);
void     intake_cli_list_text       (JsonNode *result, GString *text);

gboolean intake_cli_show_run        (IntakeCliContext *cli, JsonNode **result, GError **error);
void     intake_cli_show_text       (JsonNode *result, GString *text);

gboolean intake_cli_code_check      (IntakeCliContext *cli, GError **error);
gboolean intake_cli_code_run        (IntakeCliContext *cli, JsonNode **result, GError **error);

gboolean intake_cli_attribute_check (IntakeCliContext *cli, GError **error);
gboolean intake_cli_attribute_run   (IntakeCliContext *cli, JsonNode **result, GError **error);

gboolean intake_cli_status_check    (IntakeCliContext *cli, GError **error);
gboolean intake_cli_status_run      (IntakeCliContext *cli, JsonNode **result, GError **error);

gboolean intake_cli_codebook_check  (IntakeCliContext *cli, GError **error);
gboolean intake_cli_codebook_run    (IntakeCliContext *cli, JsonNode **result, GError **error);

gboolean intake_cli_merge_run       (IntakeCliContext *cli, JsonNode **result, GError **error);
void     intake_cli_merge_text      (JsonNode *result, GString *text);
gboolean intake_cli_export_check    (IntakeCliContext *cli, GError **error);
gboolean intake_cli_export_run      (IntakeCliContext *cli, JsonNode **result, GError **error);
void     intake_cli_export_text     (JsonNode *result, GString *text);

gboolean intake_cli_agreement_check (IntakeCliContext *cli, GError **error);
gboolean intake_cli_agreement_run   (IntakeCliContext *cli, JsonNode **result, GError **error);
void     intake_cli_agreement_text  (JsonNode *result, GString *text);
gboolean intake_cli_copy_check      (IntakeCliContext *cli, GError **error);
gboolean intake_cli_copy_run        (IntakeCliContext *cli, JsonNode **result, GError **error);
void     intake_cli_copy_text       (JsonNode *result, GString *text);

gboolean intake_cli_stats_run       (IntakeCliContext *cli, JsonNode **result, GError **error);
void     intake_cli_stats_text      (JsonNode *result, GString *text);

G_END_DECLS
