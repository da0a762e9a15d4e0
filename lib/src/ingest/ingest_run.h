/*
 * Private to the ingest files: the state of one ingest pass over a table (ingest.c drives it,
 * ingest_row.c turns one row into a record or a reject).
 */
#ifndef HS_INGEST_RUN_H
#define HS_INGEST_RUN_H

#include "core/hs_internal.h"
#include "ingest/ingest.h"

#define TEXT_MAX 512

typedef struct run {
    hs_ctx *ctx;
    const hs_ingest_opts *o;
    const char *path, *source;
    hs__table *t;
    hs__colmap m;
    hs_records *rec;
    hs_rejects *rj;
    hs_ingest_stats st;
    hs__clock clock; /* zone rules, per-day offset cache, daylight-saving counts */
    int crs, work;
    int swedish; /* rows are checked against Sweden's value ranges (swapped axes fixed) */
    hs_areas *areas;
    const hs_catmap *cats;
    hs__dict catkeys; /* "code\x1fname" -> rule result index */
    const char **cat_of, **focus_of;
    size_t catcap;
    const char *const *f;
    size_t nf;
    int64_t row;
} run;

/* One data row of r->f: HS_OK (kept or rejected) or a negative error. */
HS_INTERNAL int hs__ingest_row(run *r);

#endif
