/*
 * The basemap: the sample's own file and the real Uppsala sources (NVDB, Terrängkartan, OSM) are
 * read for the map frame only, each feature in the class its source gives it, and drawn under
 * the analysis layers with the source's attribution in the source line.
 * HS_BASEMAP_OUT=DIR keeps the rendered maps there for a look.
 */
#include "core/hs_internal.h"
#include "render/render.h"

#include <criterion/criterion.h>
#include <gdal.h>
#include <ogr_api.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static hs_ctx *ctx;
static void setup(void)
{
    hs_ctx_new(&ctx);
}
static void teardown(void)
{
    hs_ctx_free(ctx);
}
TestSuite(basemap, .init = setup, .fini = teardown);

static size_t polys(const hs_map *m, const char *cls)
{
    int c = hs__bm_class_named(m->basemap->style, cls);
    cr_assert_geq(c, 0, "class %s", cls);
    return m->basemap->polys[c].nfeats;
}

static size_t lines(const hs_map *m, const char *cls)
{
    int c = hs__bm_class_named(m->basemap->style, cls);
    cr_assert_geq(c, 0, "class %s", cls);
    return m->basemap->lines[c].nfeats;
}

static int has_name(const hs_map *m, const char *name)
{
    for (size_t i = 0; i < m->basemap->nnames; i++) {
        if (strcmp(m->basemap->names[i], name) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Renders m with the frame e to DIR/name (HS_BASEMAP_OUT) or a temporary file; returns the text
 * pdftotext reads from it (static buffer). */
static const char *render_text(hs_map *m, hs_bbox e, const char *name, const char *source)
{
    static char text[20000];
    char path[512];
    const char *dir = getenv("HS_BASEMAP_OUT");
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "/tmp", name);
    hs_map_opts o = HS_MAP_OPTS_INIT;
    o.extent = e;
    o.title = "Bakgrundskarta";
    o.source = source;
    cr_assert_eq(hs_map_render(m, path, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "pdftotext '%s' - 2>/dev/null", path);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t n = fread(text, 1, sizeof text - 1, p);
    text[n] = '\0';
    pclose(p);
    if (!dir) {
        unlink(path);
    }
    return text;
}

/* The sample's generated basemap: every class it holds is recognised from its kind column. */
Test(basemap, sample_kinds_and_scale)
{
    hs_map *m = NULL;
    cr_assert_eq(hs_map_new(&m, ctx), HS_OK);
    cr_assert_eq(hs_map_add_basemap(m, HS_SOURCE_DIR "/samples/exempelstad/bakgrund.geojson"),
                 HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_bbox town = {357000, 6581000, 364000, 6587000};
    cr_assert_eq(hs__basemap_load(m, town, 10000, 3006), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(polys(m, "water"), 1, "the lake");
    cr_assert_eq(lines(m, "rail"), 1, "the railway");
    cr_assert_gt(polys(m, "building"), 1000, "buildings %zu", polys(m, "building"));
    cr_assert_eq(polys(m, "green"), 2, "the two parks");
    cr_assert_eq(polys(m, "industry"), 1);
    cr_assert_gt(lines(m, "road_medium"), 3, "main streets");
    cr_assert_gt(lines(m, "street"), 20, "streets");
    cr_assert(has_name(m, "Storgatan") && has_name(m, "Järnvägsgatan"));
    /* at 1:100 000 no buildings are read */
    cr_assert_eq(hs__basemap_load(m, town, 100000, 3006), HS_OK);
    cr_assert_eq(polys(m, "building"), 0);
    cr_assert_eq(polys(m, "water"), 1);
    /* a frame beside the town holds none of it */
    hs_bbox away = {340000, 6560000, 341000, 6561000};
    cr_assert_eq(hs__basemap_load(m, away, 10000, 3006), HS_OK);
    cr_assert_eq(m->basemap->nfeatures, 0, "%zu features outside the frame", m->basemap->nfeatures);
    /* the sample is fictional: no attribution */
    hs_map_free(m);
}

/* A sample map at 1:10 000: the street names are written on it. */
Test(basemap, sample_map_has_street_names)
{
    hs_map *m = NULL;
    cr_assert_eq(hs_map_new(&m, ctx), HS_OK);
    cr_assert_eq(hs_map_add_basemap(m, HS_SOURCE_DIR "/samples/exempelstad/bakgrund.geojson"),
                 HS_OK);
    hs_point p[5] = {{359500, 6583500},
                     {360500, 6583500},
                     {360500, 6584500},
                     {359500, 6584500},
                     {359500, 6583500}};
    size_t rl = 5;
    hs_map_class c = {{1, 0, 0, 0.6}, {0.5, 0, 0, 1}, "Hot spot"};
    int lid = -1;
    cr_assert_eq(hs_map_add_layer(&lid, m, HS_LAYER_POLYGONS, "Test", &c, 1, 0.2, 1), HS_OK);
    cr_assert_eq(hs_map_add_polygon(m, lid, p, &rl, 1, 0, -1), HS_OK);
    const char *t = render_text(m, (hs_bbox){359000, 6583200, 361000, 6584800},
                                "sample_basemap.pdf", "Källa: Polisen");
    cr_assert(strstr(t, "Storgatan") || strstr(t, "Kyrkogatan") || strstr(t, "Skolgatan"),
              "no street name on the map:\n%s", t);
    cr_assert_null(strstr(t, "OpenStreetMap"), "no attribution for a fictional basemap");
    hs_map_free(m);
}

static int shared(char *out, size_t size, const char *rel)
{
    snprintf(out, size, "%s/se_uppsala/%s", HS_SHARED_DATA, rel);
    struct stat st;
    return stat(out, &st) == 0;
}

/* Uppsala: NVDB (a folder of shapefiles), Terrängkartan (a folder) and an OSM extract, read for a
 * frame of central Uppsala, each with its classes, names and attribution. */
Test(basemap, uppsala_sources)
{
    char nvdb[600];
    char tk[600];
    char osm[600];
    if (!shared(nvdb, sizeof nvdb, "nvdb") || !shared(tk, sizeof tk, "terrangkartan") ||
        !shared(osm, sizeof osm, "osm/uppsala_centrum_highways.osm")) {
        cr_skip_test("the Uppsala data is not there (HS_SHARED_DATA)");
    }
    hs_bbox centre = {645500, 6636000, 650500, 6641000};
    hs_map *m = NULL;
    cr_assert_eq(hs_map_new(&m, ctx), HS_OK);
    cr_assert_eq(hs_map_add_basemap(m, nvdb), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(m->basemap->attribution, HS__BM_NVDB);
    cr_assert_eq(hs__basemap_load(m, centre, 20000, 3006), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_gt(lines(m, "street"), 500, "NVDB streets %zu", lines(m, "street"));
    cr_assert_gt(lines(m, "road_medium"), 50, "NVDB huvudgator %zu", lines(m, "road_medium"));
    cr_assert(has_name(m, "Kungsgatan") && has_name(m, "Vaksalagatan"), "NVDB street names");
    size_t in_centre = m->basemap->nfeatures;
    /* the spatial filter: a quarter of the frame reads fewer features */
    hs_bbox quarter = {645500, 6636000, 648000, 6638500};
    cr_assert_eq(hs__basemap_load(m, quarter, 20000, 3006), HS_OK);
    cr_assert_lt(m->basemap->nfeatures, in_centre);
    hs_map_free(m);

    cr_assert_eq(hs_map_new(&m, ctx), HS_OK);
    cr_assert_eq(hs_map_add_basemap(m, tk), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(m->basemap->attribution, HS__BM_LM);
    cr_assert_eq(hs__basemap_load(m, centre, 20000, 3006), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_gt(polys(m, "building"), 10, "Terrängkartan buildings (by)");
    cr_assert_gt(polys(m, "builtup"), 3, "built-up areas (mb)");
    cr_assert_gt(lines(m, "waterline"), 0, "Fyrisån (hl)");
    cr_assert_gt(lines(m, "rail"), 0, "railway (jl)");
    hs_map_free(m);

    cr_assert_eq(hs_map_new(&m, ctx), HS_OK);
    cr_assert_eq(hs_map_add_basemap(m, osm), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(m->basemap->attribution, HS__BM_OSM);
    cr_assert_eq(hs__basemap_load(m, centre, 20000, 3006), HS_OK, "%s", hs_ctx_errmsg(ctx));
    /* every residential, unclassified, living_street, pedestrian and service way of the extract
     * (all inside the frame; counted here with OGR) is a street, not built-up land */
    size_t want = 0;
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(osm, GDAL_OF_VECTOR, NULL, NULL, NULL);
    cr_assert_not_null(ds);
    OGRLayerH ol = GDALDatasetGetLayerByName(ds, "lines");
    OGRFeatureH f = NULL;
    static const char *const kinds[] = {"residential", "unclassified", "living_street",
                                        "pedestrian", "service"};
    while ((f = OGR_L_GetNextFeature(ol)) != NULL) {
        const char *hw = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "highway"));
        for (size_t k = 0; k < 5; k++) {
            want += strcmp(hw, kinds[k]) == 0;
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    cr_assert_gt(want, 500);
    cr_assert_eq(lines(m, "street"), want, "OSM streets %zu of %zu", lines(m, "street"), want);
    cr_assert_gt(lines(m, "road_medium"), 50, "OSM secondary/tertiary");
    /* moved from lon/lat into SWEREF 99 TM: inside the frame */
    const hs__map_layer *l = &m->basemap->lines[hs__bm_class_named(m->basemap->style, "street")];
    cr_assert(l->pts[0].x > 640000 && l->pts[0].x < 656000 && l->pts[0].y > 6630000 &&
                  l->pts[0].y < 6647000,
              "OSM point %f %f", l->pts[0].x, l->pts[0].y);
    hs_map_free(m);
}

/* An Uppsala map with all three: the attribution of each in the source line. */
Test(basemap, uppsala_map_attribution)
{
    char nvdb[600];
    char tk[600];
    char osm[600];
    if (!shared(nvdb, sizeof nvdb, "nvdb") || !shared(tk, sizeof tk, "terrangkartan") ||
        !shared(osm, sizeof osm, "osm/uppsala_centrum_highways.osm")) {
        cr_skip_test("the Uppsala data is not there (HS_SHARED_DATA)");
    }
    hs_map *m = NULL;
    cr_assert_eq(hs_map_new(&m, ctx), HS_OK);
    cr_assert_eq(hs_map_add_basemap(m, tk), HS_OK);
    cr_assert_eq(hs_map_add_basemap(m, nvdb), HS_OK);
    cr_assert_eq(hs_map_add_basemap(m, osm), HS_OK);
    hs_point p[5] = {{647800, 6638600},
                     {648300, 6638600},
                     {648300, 6639100},
                     {647800, 6639100},
                     {647800, 6638600}};
    size_t rl = 5;
    hs_map_class c = {{0.7, 0.1, 0.15, 0.8}, {1, 1, 1, 1}, "Het, 99 % konfidens"};
    int lid = -1;
    cr_assert_eq(hs_map_add_layer(&lid, m, HS_LAYER_POLYGONS, "Gi*", &c, 1, 0.2, 1), HS_OK);
    cr_assert_eq(hs_map_add_polygon(m, lid, p, &rl, 1, 0, -1), HS_OK);
    const char *t = render_text(m, (hs_bbox){645800, 6636800, 650200, 6641200},
                                "uppsala_basemap.pdf", "Källa: Polisen");
    cr_assert(strstr(t, "© OpenStreetMap contributors"), "OSM attribution:\n%s", t);
    cr_assert(strstr(t, "Lantmäteriet"), "Lantmäteriet attribution");
    cr_assert(strstr(t, "Trafikverket NVDB"), "NVDB attribution");
    cr_assert(strstr(t, "Källa: Polisen"), "the source line keeps its text");
    hs_map_free(m);
}

/* The whole of Uppsala kommun (about 1:400 000): no buildings, paths or streets are read, the
 * roads of the national network, the railways and the built-up areas are. */
Test(basemap, uppsala_kommun_scale)
{
    char nvdb[600];
    char tk[600];
    if (!shared(nvdb, sizeof nvdb, "nvdb") || !shared(tk, sizeof tk, "terrangkartan")) {
        cr_skip_test("the Uppsala data is not there (HS_SHARED_DATA)");
    }
    hs_map *m = NULL;
    cr_assert_eq(hs_map_new(&m, ctx), HS_OK);
    cr_assert_eq(hs_map_add_basemap(m, tk), HS_OK);
    cr_assert_eq(hs_map_add_basemap(m, nvdb), HS_OK);
    hs_point p[5] = {{618000, 6626000},
                     {696000, 6626000},
                     {696000, 6700000},
                     {618000, 6700000},
                     {618000, 6626000}};
    size_t rl = 5;
    hs_map_class c = {{1, 1, 1, 0}, {0.2, 0.2, 0.2, 1}, "Kommungräns"};
    int lid = -1;
    cr_assert_eq(hs_map_add_layer(&lid, m, HS_LAYER_POLYGONS, NULL, &c, 1, 0.5, HS_LAYER_BOUNDARY),
                 HS_OK);
    cr_assert_eq(hs_map_add_polygon(m, lid, p, &rl, 1, 0, -1), HS_OK);
    const char *t = render_text(m, (hs_bbox){1, 1, 0, 0}, "uppsala_kommun.pdf", "Källa: Polisen");
    cr_assert(strstr(t, "Lantmäteriet") && strstr(t, "Trafikverket NVDB"), "attribution");
    cr_assert_gt(m->basemap->scale_den, 200000, "scale 1:%.0f", m->basemap->scale_den);
    cr_assert_eq(polys(m, "building"), 0);
    cr_assert_eq(lines(m, "path"), 0);
    cr_assert_eq(lines(m, "street"), 0);
    cr_assert_gt(lines(m, "road_major"), 20, "national roads %zu", lines(m, "road_major"));
    cr_assert_gt(lines(m, "rail"), 5);
    cr_assert_gt(polys(m, "builtup"), 50);
    hs_map_free(m);
}

/* The style table's matching: whole values, values that start with a listed word, case. */
Test(basemap, style_table_matches)
{
    const hs_style *st = hs_style_get("basemap");
    cr_assert_not_null(st);
    struct {
        const char *value, *cls;
    } cases[] = {{"Järnväg med dubbelspår, elektrifierad", "rail"},
                 {"Lokalgata liten", "street"},
                 {"Huvudgata", "road_medium"},
                 {"ÖVERGRIPANDE LÄNK", "road_major"},
                 {"residential", "builtup"},
                 {"Sjö", "water"},
                 {"Byggnadsyta, större byggnad", "building"},
                 {"Industriområde", "industry"},
                 {"Gångstig", "path"},
                 {"water", "water"},
                 {"road_major", "road_major"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int c = hs__bm_class(st, cases[i].value);
        cr_assert_eq(c, hs__bm_class_named(st, cases[i].cls), "%s -> %s (got %d)", cases[i].value,
                     cases[i].cls, c);
    }
    /* the geometry decides between an area and a line class of the same name */
    cr_assert_eq(hs__bm_class_for(st, "residential", 1), hs__bm_class_named(st, "street"));
    cr_assert_eq(hs__bm_class_for(st, "residential", 0), hs__bm_class_named(st, "builtup"));
    cr_assert_eq(hs__bm_class_for(st, "sjö", 1), hs__bm_class_named(st, "water"),
                 "no line class: any class");
    cr_assert_eq(hs__bm_class(st, "Okänd kategori"), -1);
    cr_assert_eq(hs__bm_class(st, "väggen"), -1, "a word that only starts like one");
    cr_assert_eq(hs__bm_class(st, NULL), -1);
}
