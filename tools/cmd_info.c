/*
 * `hotspot info`: what a file holds: layers, CRS, counts, time span.
 * Parses its options from the table below and calls the library; it holds no statistics itself.
 */
#include "cli.h"

static const cli_opt opts[] = {{"json", 0, NULL, "print as JSON"}, CLI_OPT_END};

static int run(cli_args *a)
{
    return cli_not_built(a);
}

const cli_cmd cmd_info = {"info", "FILE", "what a file holds: layers, CRS, counts, time span", opts,
                          run};
