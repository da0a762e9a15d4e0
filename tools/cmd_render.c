/*
 * `hotspot render`: draw a map of a GeoPackage layer.
 * Parses its options from the table below and calls the library; it holds no statistics itself.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"layer", 0, "L", "layer to draw: gistar (default), grid, kde, places, concentrations, ..."},
    {"title", 0, "TEXT", "map title (default: the layer's title)"},
    {"subtitle", 0, "TEXT", "line under the title (default: the recorded period)"},
    {"source", 0, "TEXT", "data source line (default \"Källa: Polisen\")"},
    {"paper", 0, "A4|A3", "paper size (default A4)"},
    {"landscape", 0, NULL, "landscape orientation"},
    {"dpi", 0, "N", "PNG resolution (default 300)"},
    {"public", 0, NULL, "a published map: suppress small counts, never draw incidents"},
    {"min-count", 0, "K", "suppress counts below K on public maps (default 5)"},
    {"basemap", 0, "FILE",
     "basemap drawn under the data: an OSM extract, NVDB or Terrängkartan shapefiles (a "
     "folder), or any OGR file with a kind/KATEGORI column; repeatable"},
    {"context", 0, "FILE", "the same as --basemap (an older name); repeatable"},
    {"incidents", 0, NULL, "also draw individual incidents (internal maps only)"},
    {"extent", 0, "kommun|focus|X0,Y0,X1,Y1",
     "the frame: the whole kommun (default), the data's hot part with an overview of the "
     "kommun, or a box in the layer's CRS"},
    CLI_OPT_END};

/* --extent: 0 the kommun, 1 focus, 2 the box in *box; -1 not understood. */
static int parse_extent(hs_bbox *box, const char *s)
{
    if (s == NULL || strcmp(s, "kommun") == 0) {
        return 0;
    }
    if (strcmp(s, "focus") == 0) {
        return 1;
    }
    char *end = NULL;
    double v[4];
    const char *p = s;
    for (int i = 0; i < 4; i++) {
        v[i] = strtod(p, &end);
        if (end == p || (i < 3 && *end != ',') || (i == 3 && *end != '\0')) {
            return -1;
        }
        p = end + 1;
    }
    if (!(v[2] > v[0] && v[3] > v[1])) {
        return -1;
    }
    *box = (hs_bbox){v[0], v[1], v[2], v[3]};
    return 2;
}

static int run(cli_args *a)
{
    if (a->npos != 1) {
        cli_error(a, "expected one GeoPackage (hotspot render GPKG -o MAP.pdf)");
        return CLI_USAGE;
    }
    const char *out = cli_get(a, "output");
    int rc = cli_check_output(a, out);
    if (rc != CLI_OK) {
        return rc;
    }
    hs_map_opts mo = HS_MAP_OPTS_INIT;
    hs_map_load_opts lo = HS_MAP_LOAD_OPTS_INIT;
    const char *paper = cli_get(a, "paper");
    if (paper && strcmp(paper, "A4") != 0 && strcmp(paper, "a4") != 0) {
        if (strcmp(paper, "A3") != 0 && strcmp(paper, "a3") != 0) {
            cli_error(a, "--paper: '%s' is not A4 or A3", paper);
            return CLI_USAGE;
        }
        mo.paper = HS_PAPER_A3;
    }
    long v = 0;
    if (cli_has(a, "dpi")) {
        if (cli_parse_long(&v, cli_get(a, "dpi"), 30, 1200)) {
            cli_error(a, "--dpi: '%s' is not a resolution between 30 and 1200", cli_get(a, "dpi"));
            return CLI_USAGE;
        }
        mo.dpi = (double)v;
    }
    if (cli_has(a, "min-count")) {
        if (cli_parse_long(&v, cli_get(a, "min-count"), 1, 1000000)) {
            cli_error(a, "--min-count: '%s' is not a positive whole number",
                      cli_get(a, "min-count"));
            return CLI_USAGE;
        }
        mo.min_count = (int)v;
    }
    int extent = parse_extent(&mo.extent, cli_get(a, "extent"));
    if (extent < 0) {
        return cli_usage(a,
                         "--extent: '%s' is not kommun, focus or x0,y0,x1,y1 with x0 < x1, y0 < y1",
                         cli_get(a, "extent"));
    }
    mo.landscape = cli_has(a, "landscape");
    mo.is_public = cli_has(a, "public");
    if (mo.is_public && cli_has(a, "incidents")) {
        cli_error(a, "--incidents cannot be combined with --public: incidents are never published");
        return CLI_USAGE;
    }
    mo.lang = a->g && a->g->lang ? a->g->lang : "sv";
    int nctx = 0;
    lo.context = cli_get_all(a, "context", &nctx);
    lo.ncontext = (size_t)nctx;
    lo.layer = cli_get(a, "layer");
    lo.incidents = cli_has(a, "incidents");
    lo.lang = mo.lang;
    lo.is_public = mo.is_public;
    lo.min_count = mo.min_count;

    hs_map *m = NULL;
    hs_map_texts tx;
    int code = hs_map_new(&m, a->ctx);
    if (code == HS_OK) {
        code = hs_map_load_gpkg(m, &tx, a->pos[0], &lo);
    }
    int nbase = 0;
    const char **base = cli_get_all(a, "basemap", &nbase);
    for (int i = 0; code == HS_OK && i < nbase; i++) {
        code = hs_map_add_basemap(m, base[i]);
    }
    /* the CRS line of the map: the one of the layer drawn */
    hs_layer_info *layers = NULL;
    size_t nl = 0;
    if (code == HS_OK && hs_file_layers(&layers, &nl, a->ctx, a->pos[0]) == HS_OK) {
        for (size_t k = 0; k < nl; k++) {
            if (layers[k].epsg > 0 && strcmp(layers[k].name, lo.layer ? lo.layer : "gistar") == 0) {
                mo.epsg = layers[k].epsg;
            }
        }
    }
    free(layers);
    if (code != HS_OK) {
        hs_map_free(m);
        return cli_fail(a, code);
    }
    int en = strcmp(mo.lang, "en") == 0;
    mo.title = cli_has(a, "title") ? cli_get(a, "title") : tx.title;
    mo.subtitle = cli_has(a, "subtitle") ? cli_get(a, "subtitle") : tx.subtitle;
    mo.source = cli_has(a, "source") ? cli_get(a, "source")
                                     : (en ? "Source: Swedish Police" : "Källa: Polisen");
    mo.method = tx.method[0] ? tx.method : NULL;
    if (extent == 1) {
        mo.extent = hs_map_focus_extent(m);
    }
    mo.note = tx.note[0] ? tx.note : NULL;
    code = hs_map_render(m, out, &mo);
    hs_map_free(m);
    if (code != HS_OK) {
        return cli_fail(a, code);
    }
    cli_info(a, "wrote %s (%s %s, %s%s)", out, mo.paper == HS_PAPER_A3 ? "A3" : "A4",
             mo.landscape ? "landscape" : "portrait",
             mo.is_public ? "public, min count " : "internal",
             mo.is_public ? (cli_has(a, "min-count") ? cli_get(a, "min-count") : "5") : "");
    printf("%s\n", out);
    return CLI_OK;
}

const cli_cmd cmd_render = {"render", "GPKG -o MAP.png|pdf|svg [--layer L]",
                            "draw a map of a GeoPackage layer", opts, run};
