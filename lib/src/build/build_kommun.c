/*
 * The per-kommun passes of a project that lists several kommuner (a lokalpolisområde): after the
 * combined outputs, each kommun gets its own GeoPackage `<gpkg stem>_<code>.gpkg`, maps in
 * `<maps>/<code>/` and report `<report stem>_<code>.pdf`, computed by the same stages on the
 * records of that kommun only and on that kommun's boundary polygon. A record belongs to the kommun
 * its kommun code names or, without a code, to the kommun whose polygon contains it. Nothing here
 * computes statistics or reads inputs: it only selects records and runs the stages again.
 */
#include "core/hs_internal.h"
#include "build/build.h"
#include "grid/grid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double tick(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

void hs__build_kommun_path(char *out, size_t cap, const char *path, const char *ext, int code)
{
    size_t n = strlen(path), e = strlen(ext);
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    if (n >= e && hs__strcasecmp(path + n - e, ext) == 0) {
        n -= e;
    } else if (dot && (!slash || dot > slash)) {
        n = (size_t)(dot - path);
    }
    hs__fmt(out, cap, "%.*s_%04d%s", (int)n, path, code, ext);
}

/* Gives every record without a kommun code the code of the boundary polygon holding it. */
static int assign_kommun(hs__build *b, hs_records *r)
{
    size_t n = hs_records_count(r);
    int32_t *at = malloc((n ? n : 1) * sizeof *at);
    if (!at) {
        return hs__error(b->ctx, HS_ENOMEM, "kommuner: out of memory");
    }
    int rc =
        n ? hs_areas_locate(at, b->ctx, b->boundary, hs_records_x(r), hs_records_y(r), n) : HS_OK;
    size_t placed = 0;
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        int64_t v = 0;
        const char *id = at[i] >= 0 ? hs_areas_id(b->boundary, (size_t)at[i]) : NULL;
        if (hs_records_kommun(r)[i] == 0 && id && hs__parse_int64(&v, id) == HS_OK) {
            rc = hs_records_set_kommun(r, i, (int)v);
            placed++;
        }
    }
    free(at);
    if (rc == HS_OK && placed > 0) {
        hs__log(b->ctx, HS_LOG_DEBUG, "kommuner: %zu records given the kommun of their location",
                placed);
    }
    return rc;
}

int hs__build_assign_kommun(hs__build *b)
{
    if (hs_project_kommun_count(b->p) < 2 || !b->boundary) {
        return HS_OK;
    }
    int rc = assign_kommun(b, b->crimes);
    return rc ? rc : assign_kommun(b, b->complaints);
}

/* Copies the records of r whose kommun is code into a new set. */
static int subset(hs_records **out, hs__build *b, const hs_records *r, int code)
{
    int rc = hs_records_new(out);
    if (rc != HS_OK) {
        return hs__error(b->ctx, HS_ENOMEM, "kommuner: out of memory");
    }
    hs_records_set_crs(*out, hs_records_crs(r));
    for (size_t i = 0; rc == HS_OK && i < hs_records_count(r); i++) {
        if (hs_records_kommun(r)[i] != code) {
            continue;
        }
        hs_record rec;
        rc = hs_records_get(&rec, r, i);
        rc = rc ? rc : hs_records_add(*out, &rec);
    }
    return rc;
}

/* A boundary set holding only area k of a (so that the kommuner layer and the maps show one
 * kommun). */
static int one_area(hs_areas **out, hs__build *b, int64_t k)
{
    const hs_point *pts = NULL;
    const size_t *ring_len = NULL;
    const uint8_t *outer = NULL;
    size_t nrings = 0;
    int rc = hs_areas_rings(&pts, &ring_len, &nrings, &outer, b->boundary, (size_t)k);
    rc = rc ? rc : hs__areas_new(out);
    rc = rc ? rc
            : hs__areas_add(*out, hs_areas_id(b->boundary, (size_t)k),
                            hs_areas_name(b->boundary, (size_t)k),
                            hs_areas_kind(b->boundary, (size_t)k), pts, ring_len, outer, nrings);
    rc = rc ? rc : hs__areas_finish(b->ctx, *out);
    if (rc != HS_OK && rc != HS_ENOMEM) {
        return rc;
    }
    return rc == HS_ENOMEM ? hs__error(b->ctx, rc, "kommuner: out of memory") : HS_OK;
}

/* One kommun's pass: analysis into its own GeoPackage, then its maps and report. */
static int one_kommun(hs__build *b, int code, int64_t area)
{
    double t = tick();
    hs_build_summary sum;
    memset(&sum, 0, sizeof sum);
    hs__build k = *b;
    k.sum = &sum;
    k.area = 0; /* the only polygon of k.boundary */
    k.boundary = NULL;
    k.kommun = code;
    k.gpkg = NULL;
    k.crimes = NULL;
    k.complaints = NULL;
    k.rejects = NULL;
    k.thin[0] = '\0';
    hs__build_kommun_path(sum.gpkg, sizeof sum.gpkg, b->sum->gpkg, ".gpkg", code);
    if (b->sum->maps[0]) {
        hs__fmt(sum.maps, sizeof sum.maps, "%s/%04d", b->sum->maps, code);
    }
    if (b->sum->report[0]) {
        hs__build_kommun_path(sum.report, sizeof sum.report, b->sum->report, ".pdf", code);
    }
    int rc = one_area(&k.boundary, b, area);
    rc = rc ? rc : subset(&k.crimes, b, b->crimes, code);
    rc = rc ? rc : subset(&k.complaints, b, b->complaints, code);
    /* a rejected row has no place, hence no kommun: rejects are listed in the combined output */
    if (rc == HS_OK && hs_rejects_new(&k.rejects) != HS_OK) {
        rc = hs__error(b->ctx, HS_ENOMEM, "kommuner: out of memory");
    }
    if (rc == HS_OK) {
        hs_gpkg_opts go = HS_GPKG_OPTS_INIT;
        go.overwrite = 1;
        go.epsg = hs_records_crs(b->crimes) ? hs_records_crs(b->crimes) : 3006;
        rc = hs_gpkg_open(&k.gpkg, b->ctx, sum.gpkg, &go);
    }
    rc = rc ? rc : hs__build_analysis(&k);
    rc = rc ? rc : hs__build_basemap_gpkg(&k);
    if (rc == HS_OK) {
        rc = hs_gpkg_commit(k.gpkg);
    }
    hs_gpkg_close(k.gpkg);
    k.gpkg = NULL;
    rc = rc ? rc : hs__build_outputs(&k);
    if (rc == HS_OK) {
        const char *name = hs_areas_name(b->boundary, (size_t)area);
        hs__log(b->ctx, HS_LOG_INFO,
                "kommun %04d %s: %zu incidents, %zu complaints, %d hot cells%s%s -> %s (%.2f s)",
                code, name ? name : "", hs_records_count(k.crimes), hs_records_count(k.complaints),
                sum.hot_cells, k.thin[0] ? "; too little data for " : "", k.thin, sum.gpkg,
                tick() - t);
    }
    hs_areas_free(k.boundary);
    hs_records_free(k.crimes);
    hs_records_free(k.complaints);
    hs_rejects_free(k.rejects);
    return rc;
}

int hs__build_kommuner(hs__build *b)
{
    const hs_project *p = b->p;
    size_t nk = hs_project_kommun_count(p);
    if (nk < 2) {
        return HS_OK;
    }
    if (!b->boundary) {
        return hs__error(b->ctx, HS_EINVAL,
                         "%s: [project] kommun lists %zu kommuner but no [project] boundary gives "
                         "their polygons",
                         hs_project_file(p), nk);
    }
    int rc = HS_OK;
    for (size_t i = 0; rc == HS_OK && i < nk; i++) {
        int code = hs_project_kommun(p, i);
        char id[16];
        hs__fmt(id, sizeof id, "%04d", code);
        int64_t area = hs_areas_find(b->boundary, id);
        if (area < 0) {
            rc = hs__error(b->ctx, HS_EDATA, "%s: kommun %s is not in the boundary file %s",
                           hs_project_file(p), id, hs_project_path(p, "project", "boundary"));
            break;
        }
        rc = one_kommun(b, code, area);
        rc = rc ? rc : hs__progress(b->ctx, "kommuner", (i + 1.0) / (double)nk);
    }
    return rc;
}
