/*
 * The pipeline's crime-concentration step: the concentration summaries of the Gi* cells, and,
 * when the project names a street network ([segments] network), the street segments: snapping,
 * counts, concentration, Gi* over network neighbours, stability and the top segments' time
 * windows (hs_segments_analyse), written as the `segments` layers with their run parameters.
 */
#include "core/hs_internal.h"
#include "build/build.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cells_concentration(hs__build *b, const hs_grid_spec *g, const double *cells,
                               const uint8_t *mask)
{
    if (!g || !cells) {
        return HS_OK;
    }
    size_t nc = (size_t)(g->nx * g->ny), m = 0;
    double *v = malloc((nc + 1) * sizeof *v);
    if (!v) {
        return hs__error(b->ctx, HS_ENOMEM, "concentration: out of memory");
    }
    for (size_t c = 0; c < nc; c++) {
        if (!mask || mask[c]) {
            v[m++] = cells[c];
        }
    }
    hs_lorenz_summary s;
    int rc = HS_OK;
    if (m && hs_lorenz_summary_of(&s, b->ctx, v, m) == HS_OK) {
        rc = hs_lorenz_write_params(b->gpkg, "conc_cells", &s);
        hs__log(b->ctx, HS_LOG_INFO,
                "concentration: 50 %% of the incidents in %.1f %% of the %zu cells of %g m; Gini "
                "%.3f, generalised %.3f",
                100 * s.share50, m, g->cell, s.gini, s.gini_gen);
    } else {
        hs_ctx_clear_error(b->ctx);
    }
    free(v);
    return rc;
}

int hs__build_segments(hs__build *b, const hs_grid_spec *g, const double *cells,
                       const uint8_t *mask)
{
    int rc = cells_concentration(b, g, cells, mask);
    const char *path = hs_project_path(b->p, "segments", "network");
    if (rc != HS_OK || !path) {
        return rc;
    }
    hs_network_read_opts ro = HS_NETWORK_READ_OPTS_INIT;
    ro.layer = hs_project_get(b->p, "segments", "layer");
    ro.name_field = hs_project_get(b->p, "segments", "name_field");
    ro.type_field = hs_project_get(b->p, "segments", "type_field");
    ro.epsg = hs_records_crs(b->crimes) > 0 ? hs_records_crs(b->crimes) : 3006;
    hs_network_opts no = HS_NETWORK_OPTS_INIT;
    no.max_length = hs_project_double(b->p, "segments", "max_length", 0);
    no.crossings = hs_project_bool(b->p, "segments", "crossings", 1);
    hs_segments_opts so = HS_SEGMENTS_OPTS_INIT;
    so.snap = hs_project_double(b->p, "segments", "snap", 50);
    so.distance = hs_project_double(b->p, "segments", "distance", 0);
    so.alpha = hs_project_double(b->p, "gistar", "alpha", 0.05);
    so.top = (size_t)hs_project_int(b->p, "segments", "top", 10);
    so.tz = b->tz;
    double cap_days = hs_project_double(b->p, "temporal", "max_window_days", 0);
    so.max_window = cap_days > 0 ? (int64_t)(cap_days * 86400) : 0;
    int64_t min_count = hs_project_int(b->p, "privacy", "min_count", 5);
    hs_network *net = NULL;
    hs_segments_result r;
    memset(&r, 0, sizeof r);
    size_t ncat = hs_records_category_count(b->crimes);
    const char **names = calloc(ncat + 1, sizeof *names);
    rc = names ? HS_OK : hs__error(b->ctx, HS_ENOMEM, "segments: out of memory");
    for (size_t k = 0; rc == HS_OK && k < ncat; k++) {
        names[k] = hs_records_category_name(b->crimes, k);
    }
    rc = rc ? rc : hs_network_read(&net, b->ctx, path, &ro, &no);
    if (rc == HS_OK) {
        hs__log(b->ctx, HS_LOG_INFO,
                "segments: %s: %zu lines, %zu segments, %zu nodes (crossings %s%s)", path,
                hs_network_line_count(net), hs_network_segment_count(net),
                hs_network_node_count(net), no.crossings ? "noded" : "kept as bridges",
                no.max_length > 0 ? ", segments capped in length" : "");
        rc = hs_segments_analyse(&r, b->ctx, net, b->crimes, &so);
    }
    rc = rc ? rc : hs_segments_write(b->gpkg, net, &r, names, &so, min_count);
    rc = rc ? rc
            : hs_gpkg_set_param(b->gpkg, "segments_max_length_m",
                                no.max_length > 0 ? hs_project_get(b->p, "segments", "max_length")
                                                  : "",
                                no.max_length > 0 ? "given" : "none");
    rc =
        rc ? rc
           : hs_gpkg_set_param(b->gpkg, "segments_crossings", no.crossings ? "noded" : "kept",
                               hs_project_get(b->p, "segments", "crossings") ? "given" : "default");
    rc = rc ? rc : hs_gpkg_add_input(b->gpkg, path, (int64_t)hs_network_line_count(net));
    if (rc == HS_OK) {
        /* the maps show the segments with incidents, with a margin */
        hs_bbox e = {INFINITY, INFINITY, -INFINITY, -INFINITY};
        for (size_t s = 0; s < r.nseg; s++) {
            hs_network_segment sg;
            if (r.n[s] > 0 && hs_network_segment_get(&sg, net, s) == HS_OK) {
                for (size_t k = 0; k < sg.npts; k++) {
                    e.xmin = fmin(e.xmin, sg.pts[k].x);
                    e.ymin = fmin(e.ymin, sg.pts[k].y);
                    e.xmax = fmax(e.xmax, sg.pts[k].x);
                    e.ymax = fmax(e.ymax, sg.pts[k].y);
                }
            }
        }
        double pad = 0.08 * fmax(e.xmax - e.xmin, e.ymax - e.ymin) + 100;
        if (e.xmin <= e.xmax) {
            b->seg_extent = (hs_bbox){e.xmin - pad, e.ymin - pad, e.xmax + pad, e.ymax + pad};
        }
        hs__log(b->ctx, HS_LOG_INFO,
                "segments: %zu of %zu incidents snapped within %g m (%zu at intersections, split; "
                "%zu farther; %zu too coarse)",
                r.n_snapped, r.n_records, so.snap, r.n_at_node, r.n_far, r.n_records - r.n_precise);
        if (r.conc.total > 0) {
            hs__log(b->ctx, HS_LOG_INFO,
                    "segments: 50 %% of the incidents on %.1f %% of the segments; Gini %.3f, "
                    "generalised %.3f",
                    100 * r.conc.share50, r.conc.gini, r.conc.gini_gen);
        }
    }
    free(names);
    hs_segments_result_free(&r);
    hs_network_free(net);
    return rc;
}
