/*
 * `hotspot grid`: count incidents per SCB-aligned grid cell (and per category).
 * Parses its options from the table below and calls the library; it holds no statistics itself.
 */
#include "cli.h"

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"cell", 0, "SIZE", "cell size (default 250 m; units m or km)"},
    {"extent", 0, "XMIN,YMIN,XMAX,YMAX", "grid extent (default: the data, aligned)"},
    {"mask", 0, "POLYGONS", "keep only cells that meet these polygons"},
    {"min-count", 0, "K", "mark cells with fewer than K incidents as suppressed"},
    CLI_READ_OPTS,
    CLI_OPT_END};

static int run(cli_args *a)
{
    return cli_not_built(a);
}

const cli_cmd cmd_grid = {"grid", "INPUT -o OUT.gpkg --cell 250",
                          "count incidents per SCB-aligned grid cell (and per category)", opts,
                          run};
