/*
 * `hotspot ingest`: read, validate, map columns, detect CRS; write incidents and rejects.
 * Parses its options from the table below and calls the library; it holds no statistics itself.
 */
#include "cli.h"

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    CLI_READ_OPTS,
    {"kind", 0, "incident|complaint", "what the records are (default incident)"},
    {"id", 0, "COL", "id column (default: found by name)"},
    {"code", 0, "COL", "crime code column"},
    {"address", 0, "COL", "address column (kept for geocoding only)"},
    {"kommun", 0, "COL|CODE", "kommun column, or the kommun code of every record"},
    {"categories", 0, "FILE", "category table (CSV: code or name; category; focus_area)"},
    {"boundary", 0, "FILE", "kommun boundary: points outside are flagged"},
    {"keep", 0, "COL", "keep this extra column in the output (may be repeated)"},
    CLI_OPT_END};

static int run(cli_args *a)
{
    return cli_not_built(a);
}

const cli_cmd cmd_ingest = {"ingest", "INPUT... -o OUT.gpkg",
                            "read, validate, map columns, detect CRS; write incidents and rejects",
                            opts, run};
