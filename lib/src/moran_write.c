/*
 * Writes local Moran results as the `moran` GeoPackage layer through the public gpkg.h API.
 * It computes nothing and never touches SQLite directly.
 */
#include "hs_internal.h"

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
    char id[32];
    hs_point ring[5];
    size_t ring_len = 5;
    for (int64_t iy = 0; iy < g->ny; iy++) {
        for (int64_t ix = 0; ix < g->nx; ix++) {
            size_t k = (size_t)(iy * g->nx + ix);
            if (mask && !mask[k]) {
                continue;
            }
            hs_grid_cell_id(id, sizeof id, g, ix, iy);
            hs__cell_ring(ring, g, ix, iy);
            hs_geom geom = {HS_GEOM_POLYGON, 0.0, 0.0, ring, &ring_len, 1};
            hs_value v[NF] = {{0}};
            v[0].s = id;
            v[1].d = ring[0].x;
            v[2].d = ring[0].y;
            v[3].d = g->cell;
            v[4].i = (int64_t)llround(counts[k]);
            v[5].d = ii[k];
            v[5].null = isnan(ii[k]);
            v[6].d = pseudo_p[k];
            v[6].null = isnan(pseudo_p[k]);
            v[7].d = q[k];
            v[7].null = isnan(q[k]);
            v[8].s = hs_lisa_class_name((hs_lisa_class)cls[k]);
            rc = hs_gpkg_add_row(gp, &geom, v);
            if (rc) {
                return rc;
            }
        }
    }
    return HS_OK;
}
