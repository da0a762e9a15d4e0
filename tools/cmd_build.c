/*
 * `hotspot build`: run the whole pipeline described by a project file (default ./hotspot.ini).
 * Parses its options from the table below and calls the library; it holds no statistics itself.
 */
#include "cli.h"

static const cli_opt opts[] = {
    {"overwrite", 0, NULL,
     "accepted for symmetry: build always replaces its own outputs atomically"},
    {"force", 0, NULL, "recompute every step even when nothing changed"},
    {"max-rejects", 0, "N|P%", "fail when more rows than this are rejected"},
    CLI_OPT_END};

static int run(cli_args *a)
{
    return cli_not_built(a);
}

const cli_cmd cmd_build = {
    "build", "[PROJECT]",
    "run the whole pipeline described by a project file (default ./hotspot.ini)", opts, run};
