/*
 * Writes Gi* results as the `gistar` GeoPackage layer through the public gpkg.h API (SPEC.md
 * fields plus gi_q and the cell corner), and the row head other square-cell layers share. It
 * computes nothing and never touches SQLite directly.
 */
#include "core/hs_internal.h"
#include "grid/grid.h"
#include "layers/layers.h"

#include <math.h>

void hs__cell_row_begin(hs__cell_row *r, hs_value *v, const hs_grid_spec *g, int64_t ix, int64_t iy)
{
    hs_grid_cell_id(r->id, sizeof r->id, g, ix, iy);
    hs__cell_ring(r->ring, g, ix, iy);
    r->ring_len = 5;
    r->geom = (hs_geom){HS_GEOM_POLYGON, 0.0, 0.0, r->ring, &r->ring_len, 1};
    v[0].s = r->id;
    v[1].d = r->ring[0].x;
    v[2].d = r->ring[0].y;
    v[3].d = g->cell;
}

int hs_gistar_write_layer(hs_gpkg *gp, const hs_grid_spec *g, const double *counts,
                          const uint8_t *mask, const double *z, const double *p, const double *q,
                          const int8_t *bin, const int32_t *nnb)
{
    return hs_gistar_write_layer_named(gp, "gistar", g, counts, mask, z, p, q, bin, nnb);
}

int hs_gistar_write_layer_named(hs_gpkg *gp, const char *name, const hs_grid_spec *g,
                                const double *counts, const uint8_t *mask, const double *z,
                                const double *p, const double *q, const int8_t *bin,
                                const int32_t *nnb)
{
    if (!gp || !name || !g || !counts || !z || !p || !q || !bin || !nnb) {
        return HS_EINVAL;
    }
    static const hs_field_def fields[] = {
        {"cell_id", HS_FIELD_TEXT},    {"x0", HS_FIELD_REAL},   {"y0", HS_FIELD_REAL},
        {"size", HS_FIELD_REAL},       {"n", HS_FIELD_INT},     {"gi_z", HS_FIELD_REAL},
        {"gi_p", HS_FIELD_REAL},       {"gi_q", HS_FIELD_REAL}, {"gi_bin", HS_FIELD_INT},
        {"n_neighbours", HS_FIELD_INT}};
    enum { NF = sizeof fields / sizeof fields[0] };
    int rc = hs_gpkg_layer_begin(gp, name, HS_GEOM_POLYGON, fields, NF);
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
            v[5].d = z[k];
            v[5].null = isnan(z[k]);
            v[6].d = p[k];
            v[6].null = isnan(p[k]);
            v[7].d = q[k];
            v[7].null = isnan(q[k]);
            v[8].i = bin[k];
            v[9].i = nnb[k];
            rc = hs_gpkg_add_row(gp, &row.geom, v);
            if (rc) {
                return rc;
            }
        }
    }
    return HS_OK;
}
