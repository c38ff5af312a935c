#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs @func on @context at G_PRIORITY_DEFAULT, from whatever thread calls
 * it, always later and always on the thread iterating @context. Not
 * g_main_context_invoke(): that runs @func at once on the calling thread
 * when no thread owns @context at that moment, as between an _async()
 * call and the main loop's first iteration, so a worker could run what
 * must run on the main thread. */
void intake_main_context_queue (GMainContext   *context,
                                const char     *name,
                                GSourceFunc     func,
                                gpointer        data,
                                GDestroyNotify  notify);



/* A long job's progress, from its worker thread to the thread that started
 * it: made there (it keeps that thread's default context), fed by the
 * worker with intake_progress_relay_send() as the job's progress function,
 * and finished there before the job's callback, which calls @destroy on
 * @data and lets nothing after it through. */
typedef struct _IntakeProgressRelay IntakeProgressRelay;

typedef void (*IntakeProgressRelayFunc) (double   fraction,
                                         gpointer user_data);

/* @per_second: at most this many updates reach @func, the latest fraction
 * and always the end; 0 for every one. */
IntakeProgressRelay *intake_progress_relay_new    (const char              *name,
                                                   guint                    per_second,
                                                   IntakeProgressRelayFunc  func,
                                                   gpointer                 data,
                                                   GDestroyNotify           destroy);
IntakeProgressRelay *intake_progress_relay_ref    (IntakeProgressRelay     *relay);
void                 intake_progress_relay_unref  (IntakeProgressRelay     *relay);
/* On the worker; @relay is the progress function's data. */
void                 intake_progress_relay_send   (double                   fraction,
                                                   gpointer                 relay);
/* On the thread that made it. */
void                 intake_progress_relay_finish (IntakeProgressRelay     *relay);

/* A job's GTask, made on the thread that made @relay, whose @callback
 * hears of the end only once @relay is finished; @before, if not NULL,
 * runs on that thread first. Takes @relay; the worker keeps its own ref
 * in the task data. */
GTask               *intake_progress_relay_task_new (IntakeProgressRelay *relay,
                                                     gpointer             source_object,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  before,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);

G_END_DECLS
