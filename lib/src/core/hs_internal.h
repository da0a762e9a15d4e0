/*
 * The shared core of the library's private headers, included by every source file: the context's
 * layout, error setting, logging, progress, growable buffers, the string pool and dictionary,
 * directories, the record store's append and SHA-256. Each module's own cross-file declarations
 * live in its folder's header (lib/src/<module>/<module>.h); which module may include which is
 * written in lib/src/MODULES and checked by tests/check-seams.sh. Third-party headers are included
 * only by the seam files (*_gdal.c, *_geos.c, *_proj.c, *_sqlite.c, *_cairo.c, *_fftw.c).
 */
#ifndef HS_INTERNAL_H
#define HS_INTERNAL_H

#include "hotspot.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define HS_INTERNAL __attribute__((visibility("hidden")))
#define HS_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define HS_INTERNAL
#define HS_PRINTF(a, b)
#endif

struct pj_ctx; /* proj.h: PJ_CONTEXT */

struct hs_ctx {
    int errcode;
    char errmsg[1024];
    hs_log_fn log_fn;
    void *log_payload;
    hs_log_level log_min;
    hs_progress_fn progress_fn;
    void *progress_payload;
    volatile int cancelled;
    int threads;
    char lang[4];
    struct pj_ctx *proj;         /* lazily created by crs/crs_proj.c */
    struct hs__pjcache *pjcache; /* crs/crs_proj.c: transformations by EPSG pair */
    /* set by the seam that created proj: frees it with the context (ctx.c cannot call the seam,
     * which sits above it) */
    void (*proj_release)(hs_ctx *ctx);
};

/* ---- errors, logging, progress (ctx.c) ---- */
/** Records code and message in ctx (may be NULL) and returns code. */
HS_INTERNAL int hs__error(hs_ctx *ctx, int code, const char *fmt, ...) HS_PRINTF(3, 4);
HS_INTERNAL void hs__log(hs_ctx *ctx, hs_log_level level, const char *fmt, ...) HS_PRINTF(3, 4);
/** Reports progress; returns HS_ECANCEL (with the message set) when the caller cancels. */
HS_INTERNAL int hs__progress(hs_ctx *ctx, const char *stage, double fraction);
/** Number of threads to use for a loop of n items (at least 1). */
HS_INTERNAL int hs__threads_for(const hs_ctx *ctx, size_t n);

/* ---- precision (precision.c) ---- */
/** Lets hs_precision_is_local admit `district` on this thread (on = 1) or not (0); returns the
 * previous setting, for the caller to restore. Set by a build with [geocode]
 * district_in_analysis = yes for its duration, and by a report on such a build's GeoPackage. */
HS_INTERNAL int hs__precision_admit_district(int on);

/* ---- memory helpers (util.c) ---- */
/** Grows *buf (element size elem) so it holds at least need elements; doubles capacity. */
HS_INTERNAL int hs__grow(void **buf, size_t *cap, size_t need, size_t elem);
HS_INTERNAL char *hs__strdup(const char *s);
/** Large arrays (bigmem.c): malloc, calloc and realloc that ask for transparent huge pages on
 *  blocks of 4 MiB and more; free them with free(). hs__mem_huge gives the advice for a block. */
HS_INTERNAL void hs__mem_huge(void *p, size_t bytes);
HS_INTERNAL void *hs__malloc_big(size_t bytes);
HS_INTERNAL void *hs__calloc_big(size_t n, size_t elem);
HS_INTERNAL void *hs__realloc_big(void *p, size_t bytes);
/** snprintf into a fixed buffer, always terminated; returns 1 when truncated. */
HS_INTERNAL int hs__fmt(char *buf, size_t size, const char *fmt, ...) HS_PRINTF(3, 4);
/** Locale-independent number parsing: '.' or ',' as the decimal mark, surrounding blanks ok. */
HS_INTERNAL int hs__parse_double(double *out, const char *s);
HS_INTERNAL int hs__parse_int64(int64_t *out, const char *s);
/** Writes v in decimal, zero-padded to width digits, at p (no NUL); returns the end. For hot
 * loops where snprintf's cost shows (GeoPackage rows, cell ids). */
HS_INTERNAL char *hs__put_digits(char *p, uint64_t v, int width);
/** A growing text: hs__xbuf_put appends printf-style, hs__xbuf_esc appends text escaped for XML;
 * the first failure is kept in err and later calls do nothing (xbuf.c). Free p when done. */
typedef struct hs__xbuf {
    char *p;
    size_t len, cap;
    int err;
} hs__xbuf;
HS_INTERNAL void hs__xbuf_put(hs__xbuf *b, const char *fmt, ...) HS_PRINTF(2, 3);
HS_INTERNAL void hs__xbuf_esc(hs__xbuf *b, const char *s);
/** Case-insensitive ASCII compare. */
HS_INTERNAL int hs__strcasecmp(const char *a, const char *b);

/** A string pool: strings appended once, addressed by offset; offset 0 is the NULL string. */
typedef struct hs__strpool {
    char *data;
    size_t len;
    size_t cap;
} hs__strpool;
HS_INTERNAL int hs__strpool_add(uint32_t *off, hs__strpool *p, const char *s);
HS_INTERNAL const char *hs__strpool_get(const hs__strpool *p, uint32_t off);
HS_INTERNAL void hs__strpool_free(hs__strpool *p);

/** A dictionary of distinct strings with dense indices (for categories). */
typedef struct hs__dict {
    hs__strpool pool;
    uint32_t *offs; /* index -> pool offset */
    size_t n, cap;
    uint32_t *slots; /* open addressing: index+1, 0 empty */
    size_t nslots;
    size_t last; /* index+1 of the string found last (rows repeat it), 0 none */
} hs__dict;
/** Index of s, adding it when new; -1 for NULL. */
HS_INTERNAL int hs__dict_intern(int32_t *out, hs__dict *d, const char *s);
HS_INTERNAL const char *hs__dict_name(const hs__dict *d, size_t k);
HS_INTERNAL void hs__dict_free(hs__dict *d);

/** mkdir -p: creates dir and its missing parents (fs.c). */
HS_INTERNAL int hs__mkdirs(hs_ctx *ctx, const char *dir);
/** A small text file (at most max bytes) whole into a malloc'd NUL-terminated buffer (fs.c). */
HS_INTERNAL int hs__file_read_small(char **buf, size_t *len, hs_ctx *ctx, const char *path,
                                    size_t max);

/* ---- the record store (records.c, rejects.c) ---- */
/** Moves src's records (rows shifted by row_offset) to the end of dst: numbers copied in bulk,
 * strings and categories re-based, each column of src freed once copied (so the two never hold
 * the whole twice); src is left empty (free it). records.c */
HS_INTERNAL int hs__records_append(hs_records *dst, hs_records *src, int64_t row_offset);
/** The source index of each record (-1 none) and the source names (records.c). */
HS_INTERNAL const int32_t *hs__records_source(const hs_records *r);
HS_INTERNAL const char *hs__records_source_name(const hs_records *r, size_t k);
/** Appends src's rejects (rows shifted by row_offset) to dst. rejects.c */
HS_INTERNAL int hs__rejects_append(hs_rejects *dst, const hs_rejects *src, int64_t row_offset);

/* ---- SHA-256 (sha256.c) ---- */
/* sha256.c: hex digest (65 bytes with NUL) of a file's contents; HS_EIO when unreadable. */
HS_INTERNAL int hs__sha256_file(char hex[65], const char *path);
HS_INTERNAL void hs__sha256_hex(char hex[65], const void *data, size_t len);

#endif
