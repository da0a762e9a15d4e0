/*
 * The pipeline's temporal stage: aoristic hour-of-week tables for the kommun as a whole and for
 * each named place, the `temporal` table, the calendar `strata` and monthly `series`, and the
 * ranked place × time-window `concentrations` against the kommun's own profile. Uses the temporal
 * and concentration modules; only the choice of units and the layer rows live here.
 */
#include "core/hs_internal.h"
#include "build/build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int write_concentrations(hs_gpkg *g, const hs_concentration *c, size_t nc,
                                const hs_areas *places)
{
    static const hs_field_def f[] = {{"rank", HS_FIELD_INT},  {"unit_id", HS_FIELD_TEXT},
                                     {"name", HS_FIELD_TEXT}, {"window", HS_FIELD_TEXT},
                                     {"n", HS_FIELD_REAL},    {"share", HS_FIELD_REAL},
                                     {"lift", HS_FIELD_REAL}, {"p", HS_FIELD_REAL}};
    int rc = hs_gpkg_layer_begin(g, "concentrations", HS_GEOM_MULTIPOLYGON, f, 8);
    for (size_t i = 0; rc == HS_OK && i < nc; i++) {
        hs_geom geom;
        memset(&geom, 0, sizeof geom);
        geom.kind = HS_GEOM_MULTIPOLYGON;
        rc = hs_areas_rings(&geom.pts, &geom.ring_len, &geom.nrings, NULL, places, c[i].unit);
        hs_value v[8];
        memset(v, 0, sizeof v);
        v[0].i = (int64_t)i + 1;
        v[1].s = hs_areas_id(places, c[i].unit);
        v[2].s = hs_areas_name(places, c[i].unit);
        v[2].null = !v[2].s;
        v[3].s = c[i].label;
        v[4].d = c[i].n;
        v[5].d = c[i].share;
        v[6].d = c[i].lift;
        v[7].d = c[i].p;
        rc = rc ? rc : hs_gpkg_add_row(g, &geom, v);
    }
    return rc;
}

int hs__build_temporal(hs__build *b)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const hs_records *r = b->crimes;
    size_t n = hs_records_count(r);
    if (n == 0) {
        return HS_OK;
    }
    size_t np = b->places ? hs_areas_count(b->places) : 0;
    /* the complaints (insecurity) of the kommun get a profile of their own, after the places */
    const hs_records *q = b->complaints;
    size_t nq = hs_records_count(q);
    size_t nunits = 1 + np + (nq > 0);
    double *tables = calloc(nunits * 168, sizeof *tables);
    int32_t *unit = malloc(n * sizeof *unit);
    int32_t *place = malloc(n * sizeof *place);
    char **ids = calloc(nunits, sizeof *ids);
    char kommun_id[32], complaint_id[48];
    int rc = tables && unit && place && ids ? HS_OK : hs__error(b->ctx, HS_ENOMEM, "temporal");
    hs_aoristic_opts ao = HS_AORISTIC_OPTS_INIT;
    ao.tz = b->tz;
    double cap_days = hs_project_double(b->p, "temporal", "max_window_days", 0);
    ao.max_window = cap_days > 0 ? (int64_t)(cap_days * 86400) : 0;
    hs_aoristic_stats st;
    memset(&st, 0, sizeof st);
    /* the kommun as a whole: every record, whatever its precision */
    rc = rc ? rc
            : hs_aoristic_table(tables, &st, b->ctx, hs_records_t_from(r), hs_records_t_to(r),
                                hs_records_weight(r), NULL, n, 1, &ao);
    if (rc == HS_OK && np > 0) {
        const uint8_t *prec = hs_records_precision(r);
        rc = hs_areas_locate(place, b->ctx, b->places, hs_records_x(r), hs_records_y(r), n);
        for (size_t i = 0; rc == HS_OK && i < n; i++) {
            unit[i] = hs_precision_is_local((hs_precision)prec[i]) ? place[i] : -1;
        }
        rc = rc ? rc
                : hs_aoristic_table(tables + 168, NULL, b->ctx, hs_records_t_from(r),
                                    hs_records_t_to(r), hs_records_weight(r), unit, n, np, &ao);
    }
    if (rc == HS_OK && nq > 0) {
        rc = hs_aoristic_table(tables + (1 + np) * 168, NULL, b->ctx, hs_records_t_from(q),
                               hs_records_t_to(q), hs_records_weight(q), NULL, nq, 1, &ao);
    }
    if (rc == HS_OK) {
        hs__fmt(kommun_id, sizeof kommun_id, "%04d",
                b->kommun ? b->kommun : hs_project_kommun(b->p, 0));
        hs__fmt(complaint_id, sizeof complaint_id, "%s-otrygghet", kommun_id);
        ids[0] = kommun_id;
        for (size_t k = 0; k < np; k++) {
            ids[1 + k] = (char *)hs_areas_id(b->places, k);
        }
        if (nq > 0) {
            ids[1 + np] = complaint_id;
        }
        rc = hs_temporal_write_table(b->gpkg, (const char *const *)ids, nunits, tables);
    }
    hs_concentration *conc = NULL;
    size_t nconc = 0;
    if (rc == HS_OK && np > 0) {
        hs_conc_opts co = HS_CONC_OPTS_INIT;
        rc = hs_concentrations_find(&conc, &nconc, b->ctx, tables + 168, np, tables, &co);
        rc = rc ? rc : write_concentrations(b->gpkg, conc, nconc, b->places);
    }
    if (rc == HS_OK) {
        for (size_t i = 0; i < n; i++) {
            unit[i] = 0;
        }
        rc = hs_temporal_write_series(b->gpkg, (const char *const *)ids, 1, hs_records_t_from(r),
                                      hs_records_t_to(r), hs_records_weight(r), unit, n,
                                      HS_PERIOD_MONTH, &ao);
    }
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc == HS_OK) {
        hs__log(b->ctx, HS_LOG_INFO,
                "temporal: %zu units (kommun, places, complaints), %lld windows spread evenly over "
                "the week, "
                "%lld left out over the cap, %zu concentrations (%.2f s)",
                nunits, (long long)st.week, (long long)st.dropped, nconc,
                (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9);
        size_t unplaced = 0;
        for (size_t i = 0; i < n; i++) {
            unplaced += !hs_precision_is_local((hs_precision)hs_records_precision(r)[i]);
        }
        hs__log(b->ctx, HS_LOG_INFO,
                "temporal: %zu incidents in the kommun's table (%s), %zu of them without a place "
                "precise enough for the named places",
                n, kommun_id, unplaced);
        if (nconc > 0) {
            hs__log(b->ctx, HS_LOG_INFO, "temporal: strongest concentration %s, %s (lift %.1f)",
                    hs_areas_name(b->places, conc[0].unit) ? hs_areas_name(b->places, conc[0].unit)
                                                           : hs_areas_id(b->places, conc[0].unit),
                    conc[0].label, conc[0].lift);
        }
    }
    hs_concentrations_free(conc);
    free(tables);
    free(unit);
    free(place);
    free(ids);
    return rc;
}
