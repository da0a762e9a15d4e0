/*
 * What a build puts into its GeoPackage for QGIS: the basemap read for the whole area
 * (basemap_areas, basemap_lines) and the QGIS project asked of the GeoPackage, with the texts,
 * the frame and the clean scale of the printed Gi* map.
 */
#include "core/hs_internal.h"
#include "build/build.h"
#include "render/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The basemap read for the whole area into two layers of the GeoPackage, basemap_areas and
 * basemap_lines (kind = the basemap style's class, name = the street name), so that the
 * GeoPackage and its QGIS project carry their own background. */
static int write_basemap(const hs__build *b, hs_map *m, hs_bbox box, int epsg)
{
    int rc = hs__basemap_load(m, box, 20000, epsg);
    const hs__basemap *bm = m->basemap;
    if (rc != HS_OK || bm == NULL) {
        return rc;
    }
    const hs_style *st = bm->style;
    size_t nc = st->nclasses < HS__BM_MAX_CLASSES ? st->nclasses : HS__BM_MAX_CLASSES;
    size_t na = 0;
    size_t nl = 0;
    for (size_t c = 0; c < nc; c++) {
        na += bm->polys[c].nfeats;
        nl += bm->lines[c].nfeats;
    }
    int en = strcmp(b->lang, "en") == 0;
    if (na > 0) {
        static const hs_field_def af[] = {{"kind", HS_FIELD_TEXT}};
        rc = hs_gpkg_layer_begin(b->gpkg, "basemap_areas", HS_GEOM_POLYGON, af, 1);
        rc = rc ? rc : hs_gpkg_set_style(b->gpkg, "basemap");
        rc = rc ? rc : hs_gpkg_set_title(b->gpkg, en ? "Basemap: areas" : "Bakgrund: ytor");
        for (size_t c = 0; c < nc && rc == HS_OK; c++) {
            const hs__map_layer *l = &bm->polys[c];
            for (size_t i = 0; i < l->nfeats && rc == HS_OK; i++) {
                const hs__map_feat *f = &l->feats[i];
                hs_geom g = {HS_GEOM_POLYGON,        0,        0, l->pts + f->pt0,
                             l->ring_len + f->ring0, f->nrings};
                hs_value v = {0, 0, 0, st->classes[c].value};
                rc = hs_gpkg_add_row(b->gpkg, &g, &v);
            }
        }
    }
    if (rc == HS_OK && nl > 0) {
        static const hs_field_def lf[] = {{"kind", HS_FIELD_TEXT}, {"name", HS_FIELD_TEXT}};
        rc = hs_gpkg_layer_begin(b->gpkg, "basemap_lines", HS_GEOM_LINESTRING, lf, 2);
        rc = rc ? rc : hs_gpkg_set_style(b->gpkg, "basemap");
        rc = rc ? rc
                : hs_gpkg_set_title(b->gpkg, en ? "Basemap: roads, railway, water"
                                                : "Bakgrund: vägar, järnväg, vatten");
        for (size_t c = 0; c < nc && rc == HS_OK; c++) {
            const hs__map_layer *l = &bm->lines[c];
            for (size_t i = 0; i < l->nfeats && rc == HS_OK; i++) {
                const hs__map_feat *f = &l->feats[i];
                size_t np = f->npts;
                hs_geom g = {HS_GEOM_LINESTRING, 0, 0, l->pts + f->pt0, &np, 1};
                hs_value v[2] = {{0, 0, 0, st->classes[c].value},
                                 {f->count < 0, 0, 0, f->count >= 0 ? bm->names[f->count] : NULL}};
                rc = hs_gpkg_add_row(b->gpkg, &g, v);
            }
        }
    }
    hs__log(b->ctx, HS_LOG_INFO, "basemap: %zu areas and %zu lines from %zu file(s) in %s", na, nl,
            bm->npaths, b->sum->gpkg);
    return rc;
}

/* The printed Gi* map's frame ([output] extent: focus by default) from the gistar cells written
 * so far, as one_map frames the map, for the QGIS project's extent. */
static int focus_extent(hs_bbox *out, const hs__build *b)
{
    *out = (hs_bbox){1, 1, 0, 0};
    hs_bbox *boxes = NULL;
    int64_t *counts = NULL;
    size_t n = 0;
    int rc = hs_gpkg_layer_envelopes(b->gpkg, "gistar", "gi_bin <> 0", "n", &boxes, &counts, &n);
    if (rc != HS_OK && rc != HS_ENOMEM) {
        hs_ctx_clear_error(b->ctx);
        return HS_OK; /* no Gi* layer (or none readable): the kommun */
    }
    hs_map *m = NULL;
    rc = rc ? rc : hs_map_new(&m, b->ctx);
    static const hs_map_class c = {{1, 0, 0, 1}, {1, 1, 1, 1}, NULL};
    int lid = -1;
    rc = rc ? rc : hs_map_add_layer(&lid, m, HS_LAYER_POLYGONS, NULL, &c, 1, 0.1, HS_LAYER_FOCUS);
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        hs_bbox e = boxes[i];
        hs_point p[5] = {{e.xmin, e.ymin},
                         {e.xmax, e.ymin},
                         {e.xmax, e.ymax},
                         {e.xmin, e.ymax},
                         {e.xmin, e.ymin}};
        size_t rl = 5;
        rc = hs_map_add_polygon(m, lid, p, &rl, 1, 0, counts[i]);
    }
    if (rc == HS_OK && n > 0) {
        rc = hs__build_map_extent(out, b, m);
    }
    hs_map_free(m);
    free(boxes);
    free(counts);
    return rc;
}

int hs__build_basemap_gpkg(hs__build *b)
{
    const hs_project *p = b->p;
    int epsg = hs_records_crs(b->crimes) ? hs_records_crs(b->crimes) : 3006;
    hs_bbox box = {1, 1, 0, 0};
    if (b->boundary && b->area >= 0) {
        box = hs_areas_area_bbox(b->boundary, (size_t)b->area);
    } else if (b->boundary) {
        box = hs_areas_bbox(b->boundary);
    }
    char files[16][1024];
    size_t n = 0;
    int rc = hs__build_basemap_files(b, files, 16, &n);
    hs_map *m = NULL;
    if (rc == HS_OK && n > 0 && box.xmax > box.xmin) {
        double pad = 0.05 * fmax(box.xmax - box.xmin, box.ymax - box.ymin);
        box = (hs_bbox){box.xmin - pad, box.ymin - pad, box.xmax + pad, box.ymax + pad};
        rc = hs_map_new(&m, b->ctx);
        for (size_t i = 0; rc == HS_OK && i < n; i++) {
            rc = hs_map_add_basemap(m, files[i]);
        }
        rc = rc ? rc : write_basemap(b, m, box, epsg);
    }
    /* the QGIS project: the printed Gi* map's texts */
    char att[200] = "";
    if (m != NULL) {
        hs__bm_attribution(m->basemap, att, sizeof att);
    }
    hs_map_free(m);
    if (rc == HS_OK && att[0]) { /* for the maps drawn from the GeoPackage's own basemap */
        rc = hs_gpkg_set_param(b->gpkg, "basemap_attribution", att, "given");
    }
    if (rc != HS_OK) {
        return rc;
    }
    const hs_style *gi = hs_style_get("gistar");
    const char *name = hs_project_get(p, "project", "name");
    if (b->area >= 0 && b->boundary && hs_areas_name(b->boundary, (size_t)b->area)) {
        name = hs_areas_name(b->boundary, (size_t)b->area);
    }
    char title[300];
    hs__fmt(title, sizeof title, "%s%s%s", gi ? hs_style_title(gi, b->lang) : "Gi*",
            name ? " – " : "", name ? name : "");
    const char *period = hs_project_get(p, "project", "period");
    char subtitle[200] = "";
    const char *dots = period ? strstr(period, "..") : NULL;
    if (dots) {
        hs__fmt(subtitle, sizeof subtitle, "Period %.*s – %s", (int)(dots - period), period,
                dots + 2);
    }
    char source[900];
    hs__build_source(source, sizeof source, b);
    size_t off = strlen(source);
    if (att[0] && off + 3 < sizeof source) {
        snprintf(source + off, sizeof source - off, "; %s", att);
    }
    hs_qgis_project q = HS_QGIS_PROJECT_INIT;
    rc = focus_extent(&q.extent, b);
    if (rc != HS_OK) {
        return rc;
    }
    q.name = "hotspot";
    q.title = title;
    q.subtitle = subtitle;
    q.source = source;
    q.main_layer = "gistar";
    return hs_gpkg_set_qgis_project(b->gpkg, &q);
}
