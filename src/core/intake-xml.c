#define G_LOG_DOMAIN "intake-xml"

#include "config.h"

#include "intake-xml-private.h"

void
_intake_xml_keep_first_error (void           *user_data,
                              IntakeXmlError  error)
{
  xmlParserCtxtPtr ctxt = user_data;
  IntakeXmlFirstError *first = ctxt->_private;

  if (first->message == NULL && error != NULL && error->level >= XML_ERR_ERROR)
    {
      first->message = g_strstrip (g_strdup (error->message != NULL ? error->message : ""));
      first->line = error->line;
    }
}
