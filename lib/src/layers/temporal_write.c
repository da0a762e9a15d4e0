/*
 * Writes the temporal tables into an open GeoPackage through gpkg.h: `temporal` (unit_id,
 * weekday, hour, weight), `strata` (calendar strata per unit with share and lift against the
 * whole input) and `series` (weight per unit and period with the exact test against the period
 * before). Computation stays in aoristic.c, calendar_table.c and series.c.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdlib.h>

int hs_temporal_write_table(hs_gpkg *g, const char *const *ids, size_t nunits, const double *table)
{
    const hs_field_def tf[] = {{"unit_id", HS_FIELD_TEXT},
                               {"weekday", HS_FIELD_INT},
                               {"hour", HS_FIELD_INT},
                               {"weight", HS_FIELD_REAL}};
    int rc = hs_gpkg_layer_begin(g, "temporal", HS_GEOM_NONE, tf, 4);
    for (size_t k = 0; rc == HS_OK && k < nunits; k++) {
        for (int h = 0; rc == HS_OK && h < HS_HOURS_PER_WEEK; h++) {
            hs_value v[4] = {{0, 0, 0, ids[k]},
                             {0, h / 24 + 1, 0, NULL},
                             {0, h % 24, 0, NULL},
                             {0, 0, table[k * HS_HOURS_PER_WEEK + (size_t)h], NULL}};
            rc = hs_gpkg_add_row(g, NULL, v);
        }
    }
    return rc;
}

int hs_temporal_write_strata(hs_gpkg *g, const char *const *ids, size_t nunits, const int64_t *from,
                             const int64_t *to, const double *w, const int32_t *unit, size_t n,
                             const hs_calendar_opts *opts)
{
    double *st = malloc((nunits + 1) * HS_STRATUM_COUNT * sizeof *st);
    double *tot = calloc(nunits + 1, sizeof *tot);
    int rc = (st && tot) ? HS_OK : HS_ENOMEM;
    if (rc == HS_OK) {
        rc = hs_calendar_table(st, NULL, from, to, w, unit, n, nunits, opts);
    }
    double *all = st ? st + nunits * HS_STRATUM_COUNT : NULL;
    if (rc == HS_OK) {
        rc = hs_calendar_table(all, NULL, from, to, w, NULL, n, 1, opts);
    }
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        if (from[i] != HS_TIME_NONE) {
            double wi = w ? w[i] : 1.0;
            tot[nunits] += wi;
            if (unit[i] >= 0 && (size_t)unit[i] < nunits) {
                tot[unit[i]] += wi;
            }
        }
    }
    const hs_field_def sf[] = {{"unit_id", HS_FIELD_TEXT},
                               {"stratum", HS_FIELD_TEXT},
                               {"weight", HS_FIELD_REAL},
                               {"share", HS_FIELD_REAL},
                               {"lift", HS_FIELD_REAL}};
    if (rc == HS_OK) {
        rc = hs_gpkg_layer_begin(g, "strata", HS_GEOM_NONE, sf, 5);
    }
    for (size_t k = 0; rc == HS_OK && k < nunits; k++) {
        for (int s = 0; rc == HS_OK && s < HS_STRATUM_COUNT; s++) {
            double v = st[k * HS_STRATUM_COUNT + (size_t)s];
            double share = tot[k] > 0 ? v / tot[k] : 0.0;
            double ref = tot[nunits] > 0 ? all[s] / tot[nunits] : 0.0;
            hs_value row[5] = {{0, 0, 0, ids[k]},
                               {0, 0, 0, hs_stratum_name((hs_stratum)s)},
                               {0, 0, v, NULL},
                               {0, 0, share, NULL},
                               {ref > 0 ? 0 : 1, 0, ref > 0 ? share / ref : 0.0, NULL}};
            rc = hs_gpkg_add_row(g, NULL, row);
        }
    }
    free(st);
    free(tot);
    return rc;
}

int hs_temporal_write_series(hs_gpkg *g, const char *const *ids, size_t nunits, const int64_t *from,
                             const int64_t *to, const double *w, const int32_t *unit, size_t n,
                             hs_period per, const hs_aoristic_opts *opts)
{
    hs_aoristic_opts def = HS_AORISTIC_OPTS_INIT;
    const hs_aoristic_opts *o = opts ? opts : &def;
    int64_t lo = INT64_MAX;
    int64_t hi = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        if (from[i] != HS_TIME_NONE) {
            int64_t wall = hs_tz_utc_to_wall(o->tz, from[i]);
            int64_t d = wall / 86400 - (wall % 86400 < 0);
            lo = d < lo ? d : lo;
            hi = d > hi ? d : hi;
        }
    }
    int64_t first = lo <= hi ? hs_period_of_day(lo, per) : 0;
    size_t np = lo <= hi ? (size_t)(hs_period_of_day(hi, per) - first + 1) : 0;
    double *se = malloc((nunits * np + 1) * sizeof *se);
    int rc = se ? HS_OK : HS_ENOMEM;
    if (rc == HS_OK && np > 0) {
        rc = hs_series_build(se, NULL, from, to, w, unit, n, nunits, per, first, np, o);
    }
    const hs_field_def ef[] = {{"unit_id", HS_FIELD_TEXT},
                               {"period", HS_FIELD_TEXT},
                               {"n", HS_FIELD_REAL},
                               {"ratio", HS_FIELD_REAL},
                               {"p_change", HS_FIELD_REAL}};
    if (rc == HS_OK) {
        rc = hs_gpkg_layer_begin(g, "series", HS_GEOM_NONE, ef, 5);
    }
    for (size_t k = 0; rc == HS_OK && k < nunits; k++) {
        for (size_t j = 0; rc == HS_OK && j < np; j++) {
            char lab[16];
            hs_period_label(lab, sizeof lab, first + (int64_t)j, per);
            hs_change c;
            hs_series_compare(&c, j ? se[k * np + j - 1] : 0.0, se[k * np + j]);
            hs_value row[5] = {{0, 0, 0, ids[k]},
                               {0, 0, 0, lab},
                               {0, 0, se[k * np + j], NULL},
                               {j == 0 || !isfinite(c.ratio), 0, c.ratio, NULL},
                               {j == 0, 0, c.p, NULL}};
            rc = hs_gpkg_add_row(g, NULL, row);
        }
    }
    free(se);
    return rc;
}
