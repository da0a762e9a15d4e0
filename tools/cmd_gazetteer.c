/*
 * `hotspot gazetteer`: build a geocoding gazetteer from address points and named places.
 * Parses its options from the table below and calls the library; it holds no statistics itself.
 */
#include "cli.h"

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"kommun", 0, "CODE", "restrict to this kommun"},
    {"boundaries", 0, "FILE", "kommun boundaries (to assign kommun codes)"},
    CLI_OPT_END};

static int run(cli_args *a)
{
    return cli_not_built(a);
}

const cli_cmd cmd_gazetteer = {"gazetteer", "build SRC... -o GAZ.sqlite",
                               "build a geocoding gazetteer from address points and named places",
                               opts, run};
