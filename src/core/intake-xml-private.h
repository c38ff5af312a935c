#pragma once

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

G_BEGIN_DECLS

/* libxml2 2.12 passes its structured errors const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *IntakeXmlError;
#else
typedef xmlError *IntakeXmlError;
#endif

/* The first problem libxml2 found in a document, in its own words. */
typedef struct
{
  char *message;
  int   line;
} IntakeXmlFirstError;

/* A parser context's structured error handler (ctxt->sax->serror) whose
 * _private points to an IntakeXmlFirstError, or to a struct that starts
 * with one: it keeps the first error, and libxml2's complaints off
 * stderr, for the caller to put in a GError. */
void _intake_xml_keep_first_error (void           *user_data,
                                   IntakeXmlError  error);

G_END_DECLS
