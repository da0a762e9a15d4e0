/*
 * The context: one per thread. It holds the last error message, the log and progress callbacks and,
 * lazily, the per-thread GEOS and PROJ handles. The library never prints; it logs through here.
 */
#ifndef HOTSPOT_CTX_H
#define HOTSPOT_CTX_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum hs_log_level {
    HS_LOG_DEBUG = 0,
    HS_LOG_INFO = 1,
    HS_LOG_WARN = 2,
    HS_LOG_ERROR = 3
} hs_log_level;

/** Receives a log line (no trailing newline). The message is borrowed for the call only. */
typedef void (*hs_log_fn)(void *payload, hs_log_level level, const char *message);

/**
 * Receives progress of a long step: stage is a short name, fraction in [0, 1].
 * Return non-zero to cancel; the running function then fails with HS_ECANCEL.
 */
typedef int (*hs_progress_fn)(void *payload, const char *stage, double fraction);

/** Creates a context. *out is owned by the caller: free it with hs_ctx_free. */
HS_API int hs_ctx_new(hs_ctx **out);
/** Frees a context and its GEOS/PROJ handles. Accepts NULL. */
HS_API void hs_ctx_free(hs_ctx *ctx);

/** The message of the last failure in this context ("" when none). Borrowed until the next call. */
HS_API const char *hs_ctx_errmsg(const hs_ctx *ctx);
/** The code of the last failure in this context (HS_OK when none). */
HS_API int hs_ctx_errcode(const hs_ctx *ctx);
/** Clears the last error. */
HS_API void hs_ctx_clear_error(hs_ctx *ctx);

/** Sets the log callback (NULL to drop log lines) and the lowest level passed on. */
HS_API void hs_ctx_set_log(hs_ctx *ctx, hs_log_level min_level, hs_log_fn fn, void *payload);
/** Sets the progress callback (NULL for none). */
HS_API void hs_ctx_set_progress(hs_ctx *ctx, hs_progress_fn fn, void *payload);
/** Requests cancellation (async-signal-safe): the next progress check fails with HS_ECANCEL. */
HS_API void hs_ctx_cancel(hs_ctx *ctx);
/** Number of worker threads the library may use (default 1; 0 means all cores). */
HS_API void hs_ctx_set_threads(hs_ctx *ctx, int threads);
HS_API int hs_ctx_threads(const hs_ctx *ctx);
/** Language of labels the library writes ("sv" default, or "en"). */
HS_API int hs_ctx_set_lang(hs_ctx *ctx, const char *lang);
HS_API const char *hs_ctx_lang(const hs_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif
