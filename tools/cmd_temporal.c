/*
 * `hotspot temporal`: aoristic hour x weekday tables.
 * Parses its options from the table below and calls the library; it holds no statistics itself.
 */
#include "cli.h"

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"by", 0, "cell|place|hotspot|kommun", "unit of the tables (default kommun: one table)"},
    {"cell", 0, "SIZE", "cell size when --by cell (default 250 m)"},
    {"max-window", 0, "DAYS", "leave out windows longer than this (default: keep, spread evenly)"},
    CLI_READ_OPTS,
    CLI_OPT_END};

static int run(cli_args *a)
{
    return cli_not_built(a);
}

const cli_cmd cmd_temporal = {"temporal", "INPUT -o OUT.gpkg|csv [--by cell|place|hotspot]",
                              "aoristic hour x weekday tables", opts, run};
