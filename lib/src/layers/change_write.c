/*
 * Writes change results as the `change` GeoPackage layer through the public gpkg.h API (used by
 * `hotspot change` and `hotspot build`). It computes nothing and never touches SQLite directly.
 */
#include "core/hs_internal.h"
#include "layers/layers.h"

#include <math.h>

int hs_change_write_layer(hs_gpkg *gp, const hs_grid_spec *g, const double *a, const double *b,
                          const double *ratio, const double *p, const double *q, const uint8_t *cls)
{
    if (!gp || !g || !a || !b || !ratio || !p || !q || !cls) {
        return HS_EINVAL;
    }
    static const hs_field_def fields[] = {{"cell_id", HS_FIELD_TEXT}, {"x0", HS_FIELD_REAL},
                                          {"y0", HS_FIELD_REAL},      {"size", HS_FIELD_REAL},
                                          {"n_a", HS_FIELD_INT},      {"n_b", HS_FIELD_INT},
                                          {"ratio", HS_FIELD_REAL},   {"p", HS_FIELD_REAL},
                                          {"q", HS_FIELD_REAL},       {"class", HS_FIELD_TEXT}};
    enum { NF = sizeof fields / sizeof fields[0] };
    int rc = hs_gpkg_layer_begin(gp, "change", HS_GEOM_POLYGON, fields, NF);
    size_t nc = (size_t)(g->nx * g->ny);
    hs__cell_row row;
    for (size_t c = 0; rc == HS_OK && c < nc; c++) {
        if (a[c] + b[c] == 0) {
            continue; /* only cells with an incident in A or B */
        }
        int64_t ix = (int64_t)c % g->nx;
        int64_t iy = (int64_t)c / g->nx;
        hs_value v[NF] = {{0}};
        hs__cell_row_begin(&row, v, g, ix, iy);
        v[4].i = (int64_t)llround(a[c]);
        v[5].i = (int64_t)llround(b[c]);
        v[6].d = ratio[c];
        v[6].null = isnan(ratio[c]);
        v[7].d = p[c];
        v[7].null = isnan(p[c]);
        v[8].d = q[c];
        v[8].null = isnan(q[c]);
        v[9].s = hs_change_class_name((hs_change_class)cls[c]);
        rc = hs_gpkg_add_row(gp, &row.geom, v);
    }
    return rc;
}
