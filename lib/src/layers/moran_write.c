/*
 * Writes local Moran results as the `moran` GeoPackage layer through the public gpkg.h API.
 * It computes nothing and never touches SQLite directly.
 */
#include "core/hs_internal.h"
#include "layers/layers.h"

#include <math.h>

int hs_moran_write_layer(hs_gpkg *gp, const hs_grid_spec *g, const double *counts,
                         const uint8_t *mask, const double *ii, const double *pseudo_p,
                         const double *q, const uint8_t *cls)
{
    if (!gp || !g || !counts || !ii || !pseudo_p || !q || !cls) {
        return HS_EINVAL;
    }
    static const hs_field_def fields[] = {
        {"cell_id", HS_FIELD_TEXT},  {"x0", HS_FIELD_REAL}, {"y0", HS_FIELD_REAL},
        {"size", HS_FIELD_REAL},     {"n", HS_FIELD_INT},   {"ii", HS_FIELD_REAL},
        {"pseudo_p", HS_FIELD_REAL}, {"q", HS_FIELD_REAL},  {"cluster", HS_FIELD_TEXT}};
    enum { NF = sizeof fields / sizeof fields[0] };
    int rc = hs_gpkg_layer_begin(gp, "moran", HS_GEOM_POLYGON, fields, NF);
    if (rc) {
        return rc;
    }
    hs__cell_row row;
    for (int64_t iy = 0; iy < g->ny; iy++) {
        for (int64_t ix = 0; ix < g->nx; ix++) {
            size_t k = (size_t)(iy * g->nx + ix);
            if (mask && !mask[k]) {
                continue;
            }
            hs_value v[NF] = {{0}};
            hs__cell_row_begin(&row, v, g, ix, iy);
            v[4].i = (int64_t)llround(counts[k]);
            v[5].d = ii[k];
            v[5].null = isnan(ii[k]);
            v[6].d = pseudo_p[k];
            v[6].null = isnan(pseudo_p[k]);
            v[7].d = q[k];
            v[7].null = isnan(q[k]);
            v[8].s = hs_lisa_class_name((hs_lisa_class)cls[k]);
            rc = hs_gpkg_add_row(gp, &row.geom, v);
            if (rc) {
                return rc;
            }
        }
    }
    return HS_OK;
}
