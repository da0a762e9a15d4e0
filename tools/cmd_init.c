/*
 * `hotspot init`: write a commented project template (hotspot.ini) into DIR.
 * Parses its options from the table below and calls the library; it holds no statistics itself.
 */
#include "cli.h"

static const cli_opt opts[] = {{"kommun", 0, "CODE", "kommun code to put in the template"},
                               {"overwrite", 0, NULL, "replace an existing hotspot.ini"},
                               CLI_OPT_END};

static int run(cli_args *a)
{
    return cli_not_built(a);
}

const cli_cmd cmd_init = {"init", "DIR",
                          "write a commented project template (hotspot.ini) into DIR", opts, run};
