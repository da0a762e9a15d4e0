/*
 * `hotspot report`: the lägesbild appendix: maps, charts and tables.
 * Parses its options from the table below and calls the library; it holds no statistics itself.
 */
#include "cli.h"

static const cli_opt opts[] = {CLI_OUT_OPTS, CLI_OPT_END};

static int run(cli_args *a)
{
    return cli_not_built(a);
}

const cli_cmd cmd_report = {"report", "PROJECT -o REPORT.pdf",
                            "the lägesbild appendix: maps, charts and tables", opts, run};
