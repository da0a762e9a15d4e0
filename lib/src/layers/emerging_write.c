/*
 * Writes emerging hot spot results as the `emerging` GeoPackage layer through the public gpkg.h
 * API (used by `hotspot emerging` and `hotspot build`). It computes nothing and never touches
 * SQLite directly.
 */
#include "core/hs_internal.h"
#include "layers/layers.h"

#include <math.h>

int hs_emerging_write_layer(hs_gpkg *gp, const hs_grid_spec *g, const double *counts, size_t nt,
                            const uint8_t *mask, const int8_t *cat, const double *trend_z,
                            const double *trend_p)
{
    if (!gp || !g || !counts || !cat || !trend_z || !trend_p) {
        return HS_EINVAL;
    }
    static const hs_field_def fields[] = {
        {"cell_id", HS_FIELD_TEXT},      {"x0", HS_FIELD_REAL},      {"y0", HS_FIELD_REAL},
        {"size", HS_FIELD_REAL},         {"n", HS_FIELD_INT},        {"category", HS_FIELD_TEXT},
        {"category_code", HS_FIELD_INT}, {"trend_z", HS_FIELD_REAL}, {"trend_p", HS_FIELD_REAL}};
    enum { NF = sizeof fields / sizeof fields[0] };
    int rc = hs_gpkg_layer_begin(gp, "emerging", HS_GEOM_POLYGON, fields, NF);
    size_t nc = (size_t)(g->nx * g->ny);
    hs__cell_row row;
    for (size_t c = 0; rc == HS_OK && c < nc; c++) {
        if (mask && !mask[c]) {
            continue;
        }
        int64_t ix = (int64_t)c % g->nx;
        int64_t iy = (int64_t)c / g->nx;
        double n = 0;
        for (size_t t = 0; t < nt; t++) {
            n += counts[t * nc + c];
        }
        hs_value v[NF] = {{0}};
        hs__cell_row_begin(&row, v, g, ix, iy);
        v[4].i = (int64_t)llround(n);
        v[5].s = hs_emerging_name(cat[c]);
        v[6].i = cat[c];
        v[7].d = trend_z[c];
        v[7].null = isnan(trend_z[c]);
        v[8].d = trend_p[c];
        v[8].null = isnan(trend_p[c]);
        rc = hs_gpkg_add_row(gp, &row.geom, v);
    }
    return rc;
}
