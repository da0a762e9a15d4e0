/*
 * The Knox test's glue for `hotspot nearrepeat` and `hotspot build`: its input points (place and
 * local day) from records, and its table written as the `near_repeat` GeoPackage table (no
 * geometry) through the public gpkg.h API. It computes no statistics and never touches SQLite.
 */
#include "core/hs_internal.h"

#include <math.h>

size_t hs_knox_points(double *x, double *y, double *t, const hs_records *r, hs_tz tz)
{
    return hs_knox_points_in(x, y, t, r, tz, NULL);
}

size_t hs_knox_points_in(double *x, double *y, double *t, const hs_records *r, hs_tz tz,
                         const uint8_t *keep)
{
    size_t m = 0;
    size_t nr = r ? hs_records_count(r) : 0;
    const int32_t *cat = r ? hs_records_category(r) : NULL;
    for (size_t i = 0; x && y && t && i < nr; i++) {
        if (keep && (!cat || cat[i] < 0 || !keep[cat[i]])) {
            continue;
        }
        int64_t tf = hs_records_t_from(r)[i];
        double px = hs_records_x(r)[i];
        double py = hs_records_y(r)[i];
        if (tf == HS_TIME_NONE || !isfinite(px) || !isfinite(py) ||
            !hs_precision_is_local((hs_precision)hs_records_precision(r)[i])) {
            continue;
        }
        x[m] = px;
        y[m] = py;
        t[m++] = floor((double)hs_tz_utc_to_wall(tz, tf) / 86400.0); /* local calendar day */
    }
    return m;
}

int hs_knox_write_table(hs_gpkg *gp, const hs_knox_opts *o, const int64_t *observed,
                        const double *expected, const double *ratio, const double *p)
{
    if (!gp || !o || !o->dist_edges || !o->day_edges || !observed || !expected || !ratio || !p) {
        return HS_EINVAL;
    }
    static const hs_field_def fields[] = {
        {"dist_from", HS_FIELD_REAL},  {"dist_to", HS_FIELD_REAL}, {"days_from", HS_FIELD_REAL},
        {"days_to", HS_FIELD_REAL},    {"observed", HS_FIELD_INT}, {"expected", HS_FIELD_REAL},
        {"knox_ratio", HS_FIELD_REAL}, {"p", HS_FIELD_REAL}};
    enum { NF = sizeof fields / sizeof fields[0] };
    int rc = hs_gpkg_layer_begin(gp, "near_repeat", HS_GEOM_NONE, fields, NF);
    for (size_t i = 0; rc == HS_OK && i < o->n_dist; i++) {
        for (size_t j = 0; rc == HS_OK && j < o->n_day; j++) {
            size_t k = i * o->n_day + j;
            hs_value v[NF] = {{0}};
            v[0].d = i ? o->dist_edges[i - 1] : 0.0;
            v[1].d = o->dist_edges[i];
            v[2].d = j ? o->day_edges[j - 1] : 0.0;
            v[3].d = o->day_edges[j];
            v[4].i = observed[k];
            v[5].d = expected[k];
            v[6].d = ratio[k];
            v[6].null = isnan(ratio[k]);
            v[7].d = p[k];
            v[7].null = isnan(p[k]);
            rc = hs_gpkg_add_row(gp, NULL, v);
        }
    }
    return rc;
}
