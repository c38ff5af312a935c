#include "config.h"

#include "intake-main-context.h"

void
intake_main_context_queue (GMainContext   *context,
                           const char     *name,
                           GSourceFunc     func,
                           gpointer        data,
                           GDestroyNotify  notify)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, name);
  g_source_attach (source, context);
}

struct _IntakeProgressRelay
{
  gatomicrefcount          ref_count;
  GMutex                   lock;
  GMainContext            *context;
  const char              *name;
  gint64                   interval;  /* µs between updates; 0 for each one */
  IntakeProgressRelayFunc  func;
  gpointer                 data;
  GDestroyNotify           destroy;

  /* Under @lock, when updates are spaced */
  double                   fraction;
  gboolean                 pending;
  gint64                   last_sent;

  /* On the caller's context only */
  gboolean                 finished;
};

IntakeProgressRelay *
intake_progress_relay_new (const char              *name,
                           guint                    per_second,
                           IntakeProgressRelayFunc  func,
                           gpointer                 data,
                           GDestroyNotify           destroy)
{
  IntakeProgressRelay *relay = g_new0 (IntakeProgressRelay, 1);

  g_atomic_ref_count_init (&relay->ref_count);
  g_mutex_init (&relay->lock);
  relay->context = g_main_context_ref_thread_default ();
  relay->name = name;
  relay->interval = per_second > 0 ? G_USEC_PER_SEC / per_second : 0;
  relay->func = func;
  relay->data = data;
  relay->destroy = destroy;
  relay->last_sent = G_MININT64 / 2;
  return relay;
}

IntakeProgressRelay *
intake_progress_relay_ref (IntakeProgressRelay *relay)
{
  g_atomic_ref_count_inc (&relay->ref_count);
  return relay;
}

void
intake_progress_relay_unref (IntakeProgressRelay *relay)
{
  if (!g_atomic_ref_count_dec (&relay->ref_count))
    return;

  g_mutex_clear (&relay->lock);
  g_main_context_unref (relay->context);
  g_free (relay);
}

typedef struct
{
  IntakeProgressRelay *relay;
  double               fraction;  /* unless updates are spaced */
} Update;

static void
update_free (gpointer data)
{
  Update *update = data;

  intake_progress_relay_unref (update->relay);
  g_free (update);
}

static gboolean
update_dispatch (gpointer data)
{
  Update *update = data;
  IntakeProgressRelay *relay = update->relay;
  double fraction = update->fraction;

  if (relay->interval > 0)
    {
      g_mutex_lock (&relay->lock);
      fraction = relay->fraction;
      relay->pending = FALSE;
      g_mutex_unlock (&relay->lock);
    }

  if (!relay->finished && relay->func != NULL)
    relay->func (fraction, relay->data);

  return G_SOURCE_REMOVE;
}

/* Spaced, the latest fraction waits for the one update queued; a new one
 * is queued only so often, and always for the end. */
void
intake_progress_relay_send (double   fraction,
                            gpointer data)
{
  IntakeProgressRelay *relay = data;
  Update *update;

  if (relay->interval > 0)
    {
      gint64 now = g_get_monotonic_time ();
      gboolean send = FALSE;

      g_mutex_lock (&relay->lock);
      relay->fraction = fraction;
      if (!relay->pending && (fraction >= 1.0 || now - relay->last_sent >= relay->interval))
        {
          relay->pending = TRUE;
          relay->last_sent = now;
          send = TRUE;
        }
      g_mutex_unlock (&relay->lock);
      if (!send)
        return;
    }

  update = g_new0 (Update, 1);
  update->relay = intake_progress_relay_ref (relay);
  update->fraction = fraction;
  intake_main_context_queue (relay->context, relay->name, update_dispatch, update, update_free);
}

void
intake_progress_relay_finish (IntakeProgressRelay *relay)
{
  relay->finished = TRUE;
  if (relay->destroy != NULL)
    relay->destroy (relay->data);
}

typedef struct
{
  IntakeProgressRelay *relay;
  GAsyncReadyCallback  before;
  GAsyncReadyCallback  callback;
  gpointer             user_data;
} RelayTaskDone;

/* On the caller's context: progress ends before the caller hears of the end. */
static void
relay_task_ready (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      data)
{
  RelayTaskDone *done = data;

  if (done->before != NULL)
    done->before (source_object, result, NULL);
  intake_progress_relay_finish (done->relay);
  if (done->callback != NULL)
    done->callback (source_object, result, done->user_data);

  intake_progress_relay_unref (done->relay);
  g_free (done);
}

GTask *
intake_progress_relay_task_new (IntakeProgressRelay *relay,
                                gpointer             source_object,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  before,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  RelayTaskDone *done = g_new0 (RelayTaskDone, 1);

  done->relay = relay;
  done->before = before;
  done->callback = callback;
  done->user_data = user_data;

  return g_task_new (source_object, cancellable, relay_task_ready, done);
}
