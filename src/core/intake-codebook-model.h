#pragma once

#include <gio/gio.h>

#include "intake-codebook.h"

G_BEGIN_DECLS

#define INTAKE_TYPE_CODEBOOK_MODEL (intake_codebook_model_get_type ())
G_DECLARE_FINAL_TYPE (IntakeCodebookModel, intake_codebook_model, INTAKE, CODEBOOK_MODEL, GObject)

/* A GListModel of IntakeCode: the codes directly under one parent (NULL:
 * the top level), in the codebook's order. intake_codebook_model_update()
 * brings it to another snapshot of the codebook with the fewest
 * items-changed: an item is replaced only when its code's name,
 * description, colour, codability or depth changed, or when it gained its
 * first child or lost its last one. An item whose list of children changed
 * otherwise stays, so a tree built over these models keeps its rows
 * expanded; read children from their own model, not from the item. */
IntakeCodebookModel *intake_codebook_model_new             (const char          *parent_guid,
                                                            IntakeCodebook      *codebook);
const char          *intake_codebook_model_get_parent_guid (IntakeCodebookModel *self);
void                 intake_codebook_model_update          (IntakeCodebookModel *self,
                                                            IntakeCodebook      *codebook);

G_END_DECLS
