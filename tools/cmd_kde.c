/*
 * `hotspot kde`: kernel density raster (GeoTIFF/COG or a GeoPackage raster layer).
 * Parses its options from the table below and calls the library; it holds no statistics itself.
 */
#include "cli.h"

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"cell", 0, "SIZE", "raster cell size (default 50 m)"},
    {"bandwidth", 0, "H|auto|scott|cv",
     "bandwidth in metres, or a rule (default auto = ArcGIS rule)"},
    {"kernel", 0, "NAME",
     "quartic (default), epanechnikov, triweight, triangular, uniform, gaussian"},
    {"extent", 0, "XMIN,YMIN,XMAX,YMAX", "raster extent (default: the data plus the bandwidth)"},
    {"mask", 0, "POLYGONS", "set cells outside these polygons to nodata"},
    {"units", 0, "density|counts", "density per km2 (default) or expected incidents per cell"},
    {"edge", 0, NULL, "uniform edge correction (as spatstat)"},
    {"cog", 0, NULL, "write a Cloud Optimized GeoTIFF"},
    CLI_READ_OPTS,
    CLI_OPT_END};

static int run(cli_args *a)
{
    return cli_not_built(a);
}

const cli_cmd cmd_kde = {"kde", "INPUT -o OUT.tif --cell 50 --bandwidth 300|auto --kernel quartic",
                         "kernel density raster (GeoTIFF/COG or a GeoPackage raster layer)", opts,
                         run};
