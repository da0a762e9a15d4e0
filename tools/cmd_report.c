/*
 * `hotspot report`: the lägesbild appendix: maps, charts and tables.
 * Parses its options from the table below and calls the library; it holds no statistics itself.
 * PROJECT is a project file (its [output] gpkg is read) or, directly, a GeoPackage.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"internal", 0, NULL, "an internal report: show counts below min-count"},
    {"min-count", 0, "K", "hide counts below K (default 5, or [privacy] min_count)"},
    {"title", 0, "TEXT", "report title (default \"Lägesbild: brott och otrygghet i\" + kommun)"},
    {"place", 0, "NAME", "kommun name used in titles (default: from the data)"},
    {"source", 0, "TEXT", "data source line (default \"Källa: Polisen\")"},
    {"date", 0, "YYYY-MM-DD", "date printed on the pages (default today)"},
    {"max-focus", 0, "N", "at most N focus-area pages (default 6)"},
    CLI_OPT_END};

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s);
    size_t k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int run(cli_args *a)
{
    if (a->npos != 1) {
        cli_error(a, "expected one project file or GeoPackage (hotspot report PROJECT -o R.pdf)");
        return CLI_USAGE;
    }
    hs_report_opts ro = HS_REPORT_OPTS_INIT;
    const char *gpkg = a->pos[0];
    const char *out = cli_get(a, "output");
    hs_project *proj = NULL;
    if (!ends_with(gpkg, ".gpkg") && !ends_with(gpkg, ".GPKG")) {
        int code = hs_project_open(&proj, a->ctx, gpkg);
        if (code != HS_OK) {
            return cli_fail(a, code);
        }
        gpkg = hs_project_path(proj, "output", "gpkg");
        if (gpkg == NULL) {
            cli_error(a, "%s: no [output] gpkg in the project file", a->pos[0]);
            hs_project_free(proj);
            return CLI_USAGE;
        }
        if (out == NULL) {
            out = hs_project_path(proj, "output", "report");
        }
        ro.min_count = (int)hs_project_int(proj, "privacy", "min_count", 5);
    }
    int rc = cli_check_output(a, out);
    long v = 0;
    if (rc == CLI_OK && cli_has(a, "min-count")) {
        if (cli_parse_long(&v, cli_get(a, "min-count"), 1, 1000000)) {
            cli_error(a, "--min-count: '%s' is not a positive whole number",
                      cli_get(a, "min-count"));
            rc = CLI_USAGE;
        }
        ro.min_count = (int)v;
    }
    if (rc == CLI_OK && cli_has(a, "max-focus")) {
        if (cli_parse_long(&v, cli_get(a, "max-focus"), 0, 50)) {
            cli_error(a, "--max-focus: '%s' is not a number from 0 to 50", cli_get(a, "max-focus"));
            rc = CLI_USAGE;
        }
        ro.max_focus = (int)v;
    }
    if (rc != CLI_OK) {
        hs_project_free(proj);
        return rc;
    }
    ro.is_public = !cli_has(a, "internal");
    ro.overwrite = cli_has(a, "overwrite");
    ro.lang = a->g && a->g->lang ? a->g->lang : "sv";
    ro.title = cli_get(a, "title");
    ro.place = cli_get(a, "place");
    ro.source = cli_get(a, "source");
    ro.date = cli_get(a, "date");
    int pages = 0;
    int code = hs_report_write(&pages, a->ctx, gpkg, out, &ro);
    if (code != HS_OK) {
        hs_project_free(proj);
        return cli_fail(a, code);
    }
    cli_info(a, "wrote %s: %d pages (%s)", out, pages, ro.is_public ? "public" : "internal");
    printf("%s\n", out);
    hs_project_free(proj);
    return CLI_OK;
}

const cli_cmd cmd_report = {"report", "PROJECT|GPKG -o REPORT.pdf",
                            "the lägesbild appendix: maps, charts and tables", opts, run};
