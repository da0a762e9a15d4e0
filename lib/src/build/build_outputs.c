/*
 * The pipeline's last stage: maps and the lägesbild report drawn from the committed GeoPackage
 * (the renderer writes each file atomically). Nothing here computes statistics.
 */
#include "core/hs_internal.h"
#include "build/build.h"
#include "render/render.h"
#include "report/report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double tick(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* "Källa: Polisen, Trygghetsvandring": every input's source (its name when it gives none), each
 * named once. */
static void source_line(char *out, size_t cap, const hs__build *b)
{
    const hs_project *p = b->p;
    hs__fmt(out, cap, "%s: ", strcmp(b->lang, "en") == 0 ? "Source" : "Källa");
    size_t n = 0;
    for (size_t i = 0; i < hs_project_input_count(p); i++) {
        char sec[300];
        hs__fmt(sec, sizeof sec, "input %s", hs_project_input_name(p, i));
        const char *s = hs_project_get(p, sec, "source");
        s = s && *s ? s : hs_project_input_name(p, i);
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++) {
            char sj[300];
            hs__fmt(sj, sizeof sj, "input %s", hs_project_input_name(p, j));
            const char *o = hs_project_get(p, sj, "source");
            seen = strcmp(o && *o ? o : hs_project_input_name(p, j), s) == 0;
        }
        if (!seen) {
            size_t l = strlen(out);
            hs__fmt(out + l, cap - l, "%s%s", n++ ? ", " : "", s);
        }
    }
}

/* The frame of a map from [output] extent: focus (the default: the data's hot part, with an
 * overview of the kommun), kommun (the whole boundary) or x0,y0,x1,y1 in the working CRS. */
int hs__build_map_extent(hs_bbox *out, const hs__build *b, const hs_map *m)
{
    const char *e = hs_project_get(b->p, "output", "extent");
    hs_bbox none = {1, 1, 0, 0};
    *out = none;
    if (!e || strcmp(e, "focus") == 0) {
        *out = hs_map_focus_extent(m);
        return HS_OK;
    }
    if (strcmp(e, "kommun") == 0) {
        return HS_OK;
    }
    double v[4];
    char buf[200];
    hs__fmt(buf, sizeof buf, "%s", e);
    char *save = NULL;
    char *tok = strtok_r(buf, ",", &save);
    int n = 0;
    for (; tok && n < 4; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') {
            tok++;
        }
        if (hs__parse_double(&v[n], tok) != HS_OK) {
            break;
        }
        n++;
    }
    if (n != 4 || tok != NULL || !(v[2] > v[0] && v[3] > v[1])) {
        return hs__error(b->ctx, HS_EINVAL,
                         "%s:%d: [output] extent '%s': expected kommun, focus or x0,y0,x1,y1 with "
                         "x0 < x1 and y0 < y1",
                         hs_project_file(b->p), hs_project_line(b->p, "output", "extent"), e);
    }
    hs_bbox box = {v[0], v[1], v[2], v[3]};
    *out = box;
    return HS_OK;
}

void hs__build_source(char *source, size_t size, const hs__build *b)
{
    const hs_project *p = b->p;
    int en = strcmp(b->lang, "en") == 0;
    source_line(source, size, b);
    size_t off;
    /* the attributions the reference data ask for (CC BY 4.0 for SCB's statistics) */
    off = strlen(source);
    if (b->builtin_shapes) {
        hs__fmt(source + off, size - off, "%s",
                en ? "; boundaries and tätorter: SCB, Lantmäteriet"
                   : "; kommungräns och tätorter: SCB, Lantmäteriet");
    }
    off = strlen(source);
    if (hs_project_get(p, "grid", "population")) {
        hs__fmt(source + off, size - off, "%s", en ? "; population: SCB" : "; befolkning: SCB");
    }
}

/* One map of one layer in every format asked for. */
static int one_map(hs__build *b, const char *layer, const char *formats, int is_public,
                   int min_count, int *written, const hs_bbox *frame)
{
    const hs_project *p = b->p;
    if (!hs__gpkg_has_layer(b->ctx, b->sum->gpkg, layer) &&
        !hs__gpkg_has_layer(b->ctx, b->sum->gpkg, "kommuner")) {
        /* too little data for the layer and no kommun to show instead */
        hs__log(b->ctx, HS_LOG_INFO, "maps: no %s layer and no boundary, no %s map", layer, layer);
        return HS_OK;
    }
    hs_map *m = NULL;
    int rc = hs_map_new(&m, b->ctx);
    if (rc != HS_OK) {
        return rc;
    }
    hs_map_load_opts lo = HS_MAP_LOAD_OPTS_INIT;
    lo.layer = layer;
    lo.lang = b->lang;
    lo.is_public = is_public;
    lo.min_count = min_count;
    hs_map_texts texts;
    memset(&texts, 0, sizeof texts);
    rc = hs_map_load_gpkg(m, &texts, b->sum->gpkg, &lo);
    if (rc == HS_OK) {
        rc = hs__build_basemap(b, m);
    }
    if (rc != HS_OK) {
        hs_map_free(m);
        return rc;
    }
    /* a map with nothing to draw (no boundary, every cell left out) shows the study area */
    hs_bbox extent = hs_map_data_extent(m);
    int empty = !(extent.xmax >= extent.xmin && extent.ymax >= extent.ymin);
    if (empty) {
        extent = hs_records_bbox(b->crimes);
        double pad = 0.04 * fmax(fmax(extent.xmax - extent.xmin, extent.ymax - extent.ymin), 500.0);
        extent =
            (hs_bbox){extent.xmin - pad, extent.ymin - pad, extent.xmax + pad, extent.ymax + pad};
    }
    if (empty && !(extent.xmax > extent.xmin && extent.ymax > extent.ymin && b->sum->local > 0)) {
        hs__log(b->ctx, HS_LOG_INFO, "maps: %s: no boundary and no located incident, no %s map%s%s",
                layer, layer, texts.note[0] ? ": " : "", texts.note);
        hs_map_free(m);
        return HS_OK;
    }
    char title[300];
    const char *name = hs_project_get(p, "project", "name");
    if (b->area >= 0 && b->boundary && hs_areas_name(b->boundary, (size_t)b->area)) {
        name = hs_areas_name(b->boundary, (size_t)b->area); /* a kommun's own maps */
    }
    if (name && texts.title[0]) {
        hs__fmt(title, sizeof title, "%s – %s", texts.title, name);
    } else {
        hs__fmt(title, sizeof title, "%s", texts.title[0] ? texts.title : layer);
    }
    const char *period = hs_project_get(p, "project", "period");
    char subtitle[200];
    if (texts.subtitle[0]) {
        hs__fmt(subtitle, sizeof subtitle, "%s", texts.subtitle);
    } else if (period) {
        hs__fmt(subtitle, sizeof subtitle, "%.10s – %s", period,
                strstr(period, "..") ? strstr(period, "..") + 2 : "");
    } else {
        subtitle[0] = '\0';
    }
    char source[600];
    hs__build_source(source, sizeof source, b);
    char fmts[64];
    hs__fmt(fmts, sizeof fmts, "%s", formats);
    for (char *f = fmts; rc == HS_OK && *f;) {
        char *comma = strchr(f, ',');
        if (comma) {
            *comma = '\0';
        }
        while (*f == ' ') {
            f++;
        }
        if (*f) {
            char path[1200];
            hs__fmt(path, sizeof path, "%s/%s.%s", b->sum->maps, layer, f);
            hs_map_opts mo = HS_MAP_OPTS_INIT;
            mo.title = title;
            mo.subtitle = subtitle;
            mo.source = source;
            mo.method = texts.method;
            mo.lang = b->lang;
            mo.is_public = is_public;
            mo.min_count = min_count;
            mo.epsg = hs_records_crs(b->crimes) ? hs_records_crs(b->crimes) : 3006;
            mo.note = texts.note;
            rc = hs__build_map_extent(&mo.extent, b, m);
            if (rc == HS_OK && empty) {
                mo.extent = extent;
            } else if (frame && frame->xmin < frame->xmax) {
                mo.extent = *frame; /* e.g. the street segments with incidents */
            }
            rc = rc ? rc : hs_map_render(m, path, &mo);
            *written += rc == HS_OK;
        }
        if (!comma) {
            break;
        }
        f = comma + 1;
    }
    if (rc == HS_OK && texts.note[0]) {
        hs__log(b->ctx, HS_LOG_INFO, "maps: %s: %s", layer, texts.note);
    }
    hs_map_free(m);
    return rc;
}

int hs__build_outputs(hs__build *b)
{
    const hs_project *p = b->p;
    int is_public = hs_project_bool(p, "privacy", "public", 1);
    int min_count = (int)hs_project_int(p, "privacy", "min_count", 5);
    int rc = HS_OK;
    const char *pg = hs_project_get(p, "output", "postgis");
    if (pg && b->sum->gpkg[0] && b->area < 0) { /* the combined output only */
        char schema[64];
        hs_postgis_opts po = HS_POSTGIS_OPTS_INIT;
        po.schema = hs_project_get(p, "output", "schema");
        if (!po.schema) {
            hs_postgis_schema_name(schema, sizeof schema, hs_project_get(p, "project", "name"));
            po.schema = schema;
        }
        po.overwrite = 1;                                      /* the build replaces its outputs */
        rc = hs_postgis_export(b->ctx, b->sum->gpkg, pg, &po); /* logs one line */
    }
    if (rc == HS_OK && b->sum->maps[0]) {
        double t = tick();
        const char *formats = hs_project_get(p, "output", "formats");
        if (!formats) {
            formats = "png,pdf";
        }
        rc = hs__mkdirs(b->ctx, b->sum->maps);
        static const char *const layers[] = {"kde", "gistar", "grid", "comparison"};
        int written = 0;
        for (size_t i = 0; rc == HS_OK && i < sizeof layers / sizeof layers[0]; i++) {
            if (strcmp(layers[i], "comparison") == 0 && hs_records_count(b->complaints) == 0) {
                continue;
            }
            rc = one_map(b, layers[i], formats, is_public, min_count, &written, NULL);
        }
        if (rc == HS_OK && hs_project_get(p, "segments", "network")) {
            rc = one_map(b, "segments", formats, is_public, min_count, &written, &b->seg_extent);
            rc = rc ? rc
                    : one_map(b, "segments_gistar", formats, is_public, min_count, &written,
                              &b->seg_extent);
        }
        hs__log(b->ctx, HS_LOG_INFO, "maps: %d files in %s (%s map%s) (%.2f s)", written,
                b->sum->maps, is_public ? "public" : "internal",
                is_public ? ", counts below min_count suppressed" : "", tick() - t);
    }
    if (rc == HS_OK && b->sum->report[0]) {
        double t = tick();
        hs_report_opts ro = HS_REPORT_OPTS_INIT;
        ro.title = hs_project_get(p, "project", "title");
        ro.place = hs_project_get(p, "project", "name");
        char names[512] = "";
        if (b->area >= 0 && b->boundary && hs_areas_name(b->boundary, (size_t)b->area)) {
            ro.place = hs_areas_name(b->boundary, (size_t)b->area);
        } else if (b->boundary && hs_areas_count(b->boundary) <= 8) {
            /* the kommuner's names ("Vänersborg och Trollhättan"), not the project's name
             * ("Lägesbild Vänersborg"), after "i" in the title */
            size_t na = hs_areas_count(b->boundary), off = 0;
            for (size_t k = 0; k < na && hs_areas_name(b->boundary, k); k++) {
                hs__fmt(names + off, sizeof names - off, "%s%s",
                        k == 0       ? ""
                        : k + 1 < na ? ", "
                                     : (strcmp(b->lang, "en") == 0 ? " and " : " och "),
                        hs_areas_name(b->boundary, k));
                off = strlen(names);
            }
            ro.place = names[0] ? names : ro.place;
        }
        ro.lang = b->lang;
        ro.is_public = is_public;
        ro.min_count = min_count;
        char source[600];
        hs__build_source(source, sizeof source, b);
        ro.source = source;
        ro.overwrite = 1;
        int pages = 0;
        char dir[1024];
        hs__fmt(dir, sizeof dir, "%s", b->sum->report);
        char *slash = strrchr(dir, '/');
        if (slash && slash != dir) {
            *slash = '\0';
            rc = hs__mkdirs(b->ctx, dir);
        }
        /* the incidents from memory: the layer was written from them a moment ago */
        rc = rc ? rc
                : hs__report_write_records(&pages, b->ctx, b->sum->gpkg, b->sum->report, &ro,
                                           b->crimes);
        hs__log(b->ctx, HS_LOG_INFO, "report: %d pages in %s (%.2f s)", pages, b->sum->report,
                tick() - t);
    }
    return rc;
}
