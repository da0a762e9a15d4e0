/*
 * `hotspot gistar`: Getis-Ord Gi* hot spots on grid counts with FDR correction.
 * Parses its options from the table below and calls the library; it holds no statistics itself.
 */
#include "cli.h"

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"cell", 0, "SIZE", "cell size (default 250 m)"},
    {"distance", 0, "M|auto",
     "neighbour distance band between cell centres, inclusive (default auto)"},
    {"alpha", 0, "A", "FDR level for the significance classes (default 0.05)"},
    {"extent", 0, "XMIN,YMIN,XMAX,YMAX", "grid extent (default: the data, aligned)"},
    {"mask", 0, "POLYGONS", "only cells that meet these polygons are observations"},
    CLI_READ_OPTS,
    CLI_OPT_END};

static int run(cli_args *a)
{
    return cli_not_built(a);
}

const cli_cmd cmd_gistar = {"gistar", "INPUT -o OUT.gpkg --cell 250 [--distance M] [--alpha 0.05]",
                            "Getis-Ord Gi* hot spots on grid counts with FDR correction", opts,
                            run};
