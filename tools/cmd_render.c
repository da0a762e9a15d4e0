/*
 * `hotspot render`: draw a map of a GeoPackage layer.
 * Parses its options from the table below and calls the library; it holds no statistics itself.
 */
#include "cli.h"

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"layer", 0, "L", "layer to draw (default grid)"},
    {"title", 0, "TEXT", "map title"},
    {"paper", 0, "A4|A3", "paper size (default A4)"},
    {"landscape", 0, NULL, "landscape orientation"},
    {"dpi", 0, "N", "PNG resolution (default 300)"},
    {"public", 0, NULL, "a published map: suppress small counts, never draw incidents"},
    {"min-count", 0, "K", "suppress counts below K on public maps (default 5)"},
    CLI_OPT_END};

static int run(cli_args *a)
{
    return cli_not_built(a);
}

const cli_cmd cmd_render = {"render", "GPKG -o MAP.png|pdf|svg [--layer L]",
                            "draw a map of a GeoPackage layer", opts, run};
