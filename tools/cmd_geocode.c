/*
 * `hotspot geocode`: geocode addresses and place names against a local gazetteer.
 * Parses its options from the table below and calls the library; it holds no statistics itself.
 */
#include "cli.h"

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"gazetteer", 'g', "GAZ.sqlite", "the gazetteer"},
    {"address", 0, "COL", "address column (default: address/adress/gatuadress/plats)"},
    {"kommun", 0, "COL|CODE", "kommun name or code column, or one code for all records"},
    {"min-score", 0, "S", "scores below this go to review (default 0.8)"},
    {"review", 0, "FILE", "write ties and low scores to this CSV"},
    CLI_READ_OPTS,
    CLI_OPT_END};

static int run(cli_args *a)
{
    return cli_not_built(a);
}

const cli_cmd cmd_geocode = {"geocode", "INPUT -g GAZ.sqlite -o OUT.gpkg",
                             "geocode addresses and place names against a local gazetteer", opts,
                             run};
