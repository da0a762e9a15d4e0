/*
 * The pipeline's geocoding stage: a gazetteer from the project's address points and places (built
 * once into a cache folder beside the outputs and reused while its sources are unchanged, which
 * also keeps the geocoding cache), records without coordinates placed against it, ties and low
 * scores listed for review, and every record still not located accounted for as a reject.
 */
#include "core/hs_internal.h"
#include "build/build.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Why each record went to review (hs_review_reason), for the rejects of unlocated records. */
typedef struct review_list {
    uint8_t *why;
    size_t n;
} review_list;

static void on_review(void *payload, size_t index, const char *address,
                      const hs_geocode_result *res)
{
    review_list *rl = payload;
    (void)address; /* free text stays out of the outputs: the row identifies the record */
    if (index < rl->n) {
        rl->why[index] = (uint8_t)res->review;
    }
}

static int newer(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0) {
        return 0;
    }
    if (stat(b, &sb) != 0) {
        return 1;
    }
    return sa.st_mtim.tv_sec > sb.st_mtim.tv_sec ||
           (sa.st_mtim.tv_sec == sb.st_mtim.tv_sec && sa.st_mtim.tv_nsec > sb.st_mtim.tv_nsec);
}

/* The gazetteer to use: the project's, or one built from its address points and places. */
static int gazetteer_path(char *out, size_t size, hs__build *b)
{
    const hs_project *p = b->p;
    const char *given = hs_project_path(p, "geocode", "gazetteer");
    if (given) {
        hs__fmt(out, size, "%s", given);
        return HS_OK;
    }
    const char *addresses = hs_project_path(p, "geocode", "addresses");
    if (!addresses) {
        out[0] = '\0';
        return HS_OK;
    }
    char dir[1024];
    hs__fmt(dir, sizeof dir, "%s", b->sum->gpkg);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
    } else {
        hs__fmt(dir, sizeof dir, ".");
    }
    char cache[1100];
    hs__fmt(cache, sizeof cache, "%s/.hotspot-cache", dir);
    int mrc = hs__mkdirs(b->ctx, cache);
    if (mrc != HS_OK) {
        return mrc;
    }
    hs__fmt(out, size, "%s/gazetteer.sqlite", cache);
    const char *srcs[3];
    size_t n = 0;
    srcs[n++] = addresses;
    const char *places = hs_project_path(p, "geocode", "places");
    if (places) {
        srcs[n++] = places;
    }
    int stale = 0;
    for (size_t i = 0; i < n; i++) {
        stale |= newer(srcs[i], out);
    }
    if (!stale) {
        hs__log(b->ctx, HS_LOG_INFO, "geocode: gazetteer %s is up to date (cache kept)", out);
        return HS_OK;
    }
    hs_gazetteer_opts go = HS_GAZETTEER_OPTS_INIT;
    go.overwrite = 1;
    go.boundaries = hs_project_path(p, "project", "boundary");
    hs_gazetteer_stats st;
    memset(&st, 0, sizeof st);
    int rc = hs_gazetteer_build(&st, b->ctx, out, srcs, n, &go);
    if (rc == HS_OK) {
        hs__log(b->ctx, HS_LOG_INFO,
                "geocode: gazetteer built: %lld addresses, %lld places, %lld kommuner",
                (long long)st.addresses, (long long)st.places, (long long)st.kommuner);
    }
    return rc;
}

static int geocode_set(hs__build *b, hs_gazetteer *gaz, hs_records *r, uint8_t *why,
                       const char *what)
{
    hs_geocode_opts o = HS_GEOCODE_OPTS_INIT;
    o.min_score = hs_project_double(b->p, "geocode", "min_score", o.min_score);
    /* several kommuner: a record's kommun comes from its column or its location, never a default */
    o.kommun_code = hs_project_kommun_count(b->p) == 1 ? hs_project_kommun(b->p, 0) : 0;
    review_list rl = {why, hs_records_count(r)};
    hs_geocode_stats st;
    memset(&st, 0, sizeof st);
    int rc = hs_geocode_records(&st, b->ctx, gaz, r, &o, on_review, &rl);
    if (rc != HS_OK) {
        return rc;
    }
    b->sum->geocoded += st.placed;
    b->sum->review += st.review;
    hs__log(b->ctx, HS_LOG_INFO,
            "geocode %s: %lld with an address, %lld placed (%lld from the cache), %lld to review "
            "(min score %.2f)",
            what, (long long)st.tried, (long long)st.placed, (long long)st.cached,
            (long long)st.review, o.min_score);
    return HS_OK;
}

/* Records that are still not located go to the rejects, so that every row is accounted for. */
static int reject_unlocated(hs__build *b, const hs_records *r, const uint8_t *why)
{
    static const char *const reasons[] = {"not_located", "geocode_low_score", "geocode_tie",
                                          "geocode_not_found"};
    const uint8_t *prec = hs_records_precision(r);
    int64_t n = 0;
    for (size_t i = 0; i < hs_records_count(r); i++) {
        if (prec[i] != HS_PREC_NONE) {
            continue;
        }
        hs_record rec;
        hs_records_get(&rec, r, i);
        const char *reason = "missing_coordinates";
        if (rec.address) {
            reason = reasons[why && why[i] <= HS_REVIEW_NOT_FOUND ? why[i] : 0];
        }
        hs_reject rj = {rec.source, rec.row, rec.address ? "address" : NULL, NULL, reason};
        int rc = hs_rejects_add(b->rejects, &rj);
        if (rc != HS_OK) {
            return rc;
        }
        n++;
    }
    if (n > 0) {
        hs__log(b->ctx, HS_LOG_INFO, "%lld records could not be located: listed in rejects",
                (long long)n);
    }
    return HS_OK;
}

/* The nearest of the project's named places (by centroid) for located records that have none yet.
 */
static int nearest_places(hs__build *b, hs_records *r)
{
    size_t np = b->places ? hs_areas_count(b->places) : 0;
    if (np == 0 || np > 2000) {
        return HS_OK; /* large area sets (DeSO) are not "named places" */
    }
    hs_point *c = malloc(np * sizeof *c);
    if (!c) {
        return hs__error(b->ctx, HS_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < np; k++) {
        if (hs_areas_centroid(&c[k], b->places, k) != HS_OK) {
            hs_bbox bb = hs_areas_area_bbox(b->places, k);
            c[k] = (hs_point){(bb.xmin + bb.xmax) / 2, (bb.ymin + bb.ymax) / 2};
        }
    }
    const double *x = hs_records_x(r), *y = hs_records_y(r);
    int rc = HS_OK;
    for (size_t i = 0; rc == HS_OK && i < hs_records_count(r); i++) {
        hs_record rec;
        hs_records_get(&rec, r, i);
        if (rec.place || !isfinite(x[i]) || !isfinite(y[i])) {
            continue;
        }
        size_t best = 0;
        double bd = INFINITY;
        for (size_t k = 0; k < np; k++) {
            double dx = c[k].x - x[i], dy = c[k].y - y[i];
            if (dx * dx + dy * dy < bd) {
                bd = dx * dx + dy * dy;
                best = k;
            }
        }
        const char *name = hs_areas_name(b->places, best);
        rc = hs_records_set_place(r, i, name ? name : hs_areas_id(b->places, best));
    }
    free(c);
    return rc;
}

/* Inputs with place_text: places read from the events' texts (kommun precision otherwise). */
static int place_text(hs__build *b, hs_gazetteer *gaz)
{
    hs_place_review_list pr = {b->review, b->crimes, HS_OK};
    hs_place_text_stats st;
    memset(&st, 0, sizeof st);
    int rc = hs_geocode_place_text(&st, b->ctx, gaz, b->crimes, hs_place_review_collect, &pr);
    if (rc == HS_OK && b->complaints && hs_records_count(b->complaints) > 0) {
        hs_place_text_stats sq;
        pr.records = b->complaints;
        rc = hs_geocode_place_text(&sq, b->ctx, gaz, b->complaints, hs_place_review_collect, &pr);
        st.events += sq.events;
        st.placed += sq.placed;
        st.ambiguous += sq.ambiguous;
        st.corrected += sq.corrected;
    }
    rc = rc ? rc : pr.rc;
    if (rc == HS_OK) {
        b->sum->geocoded += st.placed;
        b->sum->review += st.ambiguous + st.corrected;
        hs__log(b->ctx, HS_LOG_INFO,
                "place text: %lld events, %lld with a place mention, %lld placed finer than "
                "kommun (%lld street, %lld intersection, %lld place; %lld on a street name "
                "corrected for a typo, in review), %lld district, %lld ambiguous (review)",
                (long long)st.events, (long long)st.with_mention, (long long)st.placed,
                (long long)st.by_prec[HS_PREC_STREET], (long long)st.by_prec[HS_PREC_INTERSECTION],
                (long long)st.by_prec[HS_PREC_PLACE], (long long)st.corrected,
                (long long)st.by_prec[HS_PREC_DISTRICT], (long long)st.ambiguous);
    }
    return rc;
}

int hs__build_geocode(hs__build *b)
{
    char path[1200];
    int rc = gazetteer_path(path, sizeof path, b);
    uint8_t *why_c = calloc(hs_records_count(b->crimes) + 1, 1);
    uint8_t *why_q = calloc(hs_records_count(b->complaints) + 1, 1);
    if (!why_c || !why_q) {
        rc = hs__error(b->ctx, HS_ENOMEM, "geocode: out of memory");
    }
    if (rc == HS_OK && path[0]) {
        hs_gazetteer *gaz = NULL;
        rc = hs_gazetteer_open(&gaz, b->ctx, path);
        rc = rc ? rc : geocode_set(b, gaz, b->crimes, why_c, "incidents");
        rc = rc ? rc : geocode_set(b, gaz, b->complaints, why_q, "complaints");
        rc = rc || !b->place_text ? rc : place_text(b, gaz);
        hs_gazetteer_close(gaz);
    } else if (rc == HS_OK && b->place_text) {
        rc = place_text(b, NULL); /* the built-in tätorter only */
    }
    rc = rc ? rc : nearest_places(b, b->crimes);
    rc = rc ? rc : nearest_places(b, b->complaints);
    rc = rc ? rc : reject_unlocated(b, b->crimes, why_c);
    rc = rc ? rc : reject_unlocated(b, b->complaints, why_q);
    free(why_c);
    free(why_q);
    b->sum->rejected = (int64_t)hs_rejects_count(b->rejects);
    return rc;
}
