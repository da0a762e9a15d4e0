/*
 * The per-thread context: last error, log and progress callbacks, cancellation, thread count and
 * language. It never prints; the PROJ handle is released through the function its seam file left
 * here.
 */
#include "core/hs_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int hs_ctx_new(hs_ctx **out)
{
    if (!out) {
        return HS_EINVAL;
    }
    hs_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx) {
        *out = NULL;
        return HS_ENOMEM;
    }
    ctx->log_min = HS_LOG_INFO;
    ctx->threads = 1;
    memcpy(ctx->lang, "sv", 3);
    *out = ctx;
    return HS_OK;
}

void hs_ctx_free(hs_ctx *ctx)
{
    if (!ctx) {
        return;
    }
    if (ctx->proj_release) {
        ctx->proj_release(ctx);
    }
    free(ctx);
}

const char *hs_ctx_errmsg(const hs_ctx *ctx)
{
    return ctx ? ctx->errmsg : "";
}

int hs_ctx_errcode(const hs_ctx *ctx)
{
    return ctx ? ctx->errcode : HS_OK;
}

void hs_ctx_clear_error(hs_ctx *ctx)
{
    if (ctx) {
        ctx->errcode = HS_OK;
        ctx->errmsg[0] = '\0';
    }
}

void hs_ctx_set_log(hs_ctx *ctx, hs_log_level min_level, hs_log_fn fn, void *payload)
{
    if (ctx) {
        ctx->log_min = min_level;
        ctx->log_fn = fn;
        ctx->log_payload = payload;
    }
}

void hs_ctx_set_progress(hs_ctx *ctx, hs_progress_fn fn, void *payload)
{
    if (ctx) {
        ctx->progress_fn = fn;
        ctx->progress_payload = payload;
    }
}

void hs_ctx_cancel(hs_ctx *ctx)
{
    if (ctx) {
        ctx->cancelled = 1;
    }
}

void hs_ctx_set_threads(hs_ctx *ctx, int threads)
{
    if (ctx) {
        ctx->threads = threads < 0 ? 1 : threads;
    }
}

int hs_ctx_threads(const hs_ctx *ctx)
{
    return ctx ? ctx->threads : 1;
}

int hs_ctx_set_lang(hs_ctx *ctx, const char *lang)
{
    if (!ctx || !lang || (strcmp(lang, "sv") != 0 && strcmp(lang, "en") != 0)) {
        return hs__error(ctx, HS_EINVAL, "language must be 'sv' or 'en'");
    }
    memcpy(ctx->lang, lang, 3);
    return HS_OK;
}

const char *hs_ctx_lang(const hs_ctx *ctx)
{
    return ctx ? ctx->lang : "sv";
}

int hs__error(hs_ctx *ctx, int code, const char *fmt, ...)
{
    if (ctx) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ctx->errmsg, sizeof ctx->errmsg, fmt, ap);
        va_end(ap);
        ctx->errcode = code;
    }
    return code;
}

void hs__log(hs_ctx *ctx, hs_log_level level, const char *fmt, ...)
{
    if (!ctx || !ctx->log_fn || level < ctx->log_min) {
        return;
    }
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ctx->log_fn(ctx->log_payload, level, buf);
}

int hs__progress(hs_ctx *ctx, const char *stage, double fraction)
{
    if (!ctx) {
        return HS_OK;
    }
    if (!ctx->cancelled && ctx->progress_fn &&
        ctx->progress_fn(ctx->progress_payload, stage, fraction) != 0) {
        ctx->cancelled = 1;
    }
    if (ctx->cancelled) {
        return hs__error(ctx, HS_ECANCEL, "%s: cancelled", stage ? stage : "run");
    }
    return HS_OK;
}

int hs__threads_for(const hs_ctx *ctx, size_t n)
{
    int t = ctx ? ctx->threads : 1;
    if (t == 0) {
        long c = 2;
#ifdef _SC_NPROCESSORS_ONLN
        c = sysconf(_SC_NPROCESSORS_ONLN);
#endif
        t = c > 0 ? (int)c : 1;
    }
    if (t > 64) {
        t = 64;
    }
    if ((size_t)t > n) {
        t = n > 0 ? (int)n : 1;
    }
    return t < 1 ? 1 : t;
}
