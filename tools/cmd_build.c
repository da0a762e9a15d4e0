/*
 * `hotspot build [PROJECT]`: runs the whole pipeline of a project file and prints what was written
 * where (stdout) and a summary of rows, rejects, precision and parameters (stderr).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    {"overwrite", 0, NULL,
     "accepted for symmetry: build always replaces its own outputs atomically"},
    {"force", 0, NULL, "recompute every step even when nothing changed"},
    {"max-rejects", 0, "N|P%",
     "fail when more rows than this are rejected (overrides the project)"},
    {"week", 0, "YYYY-Www", "also write the week's report (EST week), e.g. 2025-W48; 'latest'"},
    {"month", 0, "YYYY-MM", "also write the month's report, e.g. 2025-11; 'latest'"},
    {"tertial", 0, "YYYY-Tn", "also write the tertial's report, e.g. 2025-T3; 'latest'"},
    CLI_OPT_END};

static int parse_max_rejects(hs_build_opts *o, const char *s)
{
    size_t n = strlen(s);
    char *end;
    if (n > 1 && s[n - 1] == '%') {
        double v = strtod(s, &end);
        if (end != s + n - 1 || v < 0 || v > 100) {
            return -1;
        }
        o->max_rejects_share = v / 100.0;
        return 0;
    }
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v < 0) {
        return -1;
    }
    o->max_rejects = v;
    return 0;
}

static void print_summary(cli_args *a, const hs_build_summary *s);

static int run(cli_args *a)
{
    if (a->npos > 1) {
        cli_error(a, "give one project file at most (see 'hotspot build --help')");
        return CLI_USAGE;
    }
    const char *path = a->npos ? a->pos[0] : "hotspot.ini";
    hs_build_opts o = HS_BUILD_OPTS_INIT;
    o.force = cli_has(a, "force");
    if (cli_get(a, "max-rejects") && parse_max_rejects(&o, cli_get(a, "max-rejects")) != 0) {
        cli_error(a, "--max-rejects: '%s' is not N or P%%", cli_get(a, "max-rejects"));
        return CLI_USAGE;
    }
    static const char *const kinds[3] = {"week", "month", "tertial"};
    for (int k = 0; k < 3; k++) {
        const char *v = cli_get(a, kinds[k]);
        if (!v) {
            continue;
        }
        int64_t idx;
        hs_period kind;
        if (o.period) {
            cli_error(a, "give one of --week, --month and --tertial");
            return CLI_USAGE;
        }
        if (strcmp(v, "latest") == 0) {
            o.period = kinds[k];
        } else if (hs_period_parse(&idx, &kind, v) != HS_OK || (int)kind != k) {
            cli_error(a, "--%s: '%s' is not %s", kinds[k], v,
                      k == 0   ? "an ISO week such as 2025-W48"
                      : k == 1 ? "a month such as 2025-11"
                               : "a tertial such as 2025-T3");
            return CLI_USAGE;
        } else {
            o.period = v;
        }
    }
    char command[2048];
    snprintf(command, sizeof command, "hotspot build %s", path);
    o.command = command;
    hs_project *p = NULL;
    int rc = hs_project_open(&p, a->ctx, path);
    if (rc != HS_OK) {
        return cli_fail(a, rc == HS_EINVAL ? HS_EINVAL : rc);
    }
    const char *lang = hs_project_get(p, "project", "lang");
    if (lang && a->g && strcmp(a->g->lang, "sv") == 0) {
        hs_ctx_set_lang(a->ctx, lang);
    }
    hs_build_summary s;
    rc = hs_build_run(&s, a->ctx, p, &o);
    hs_project_free(p);
    if (rc != HS_OK) {
        return cli_fail(a, rc);
    }
    print_summary(a, &s);
    return CLI_OK;
}

static void print_summary(cli_args *a, const hs_build_summary *s)
{
    if (s->unchanged) {
        printf("gpkg\t%s\n", s->gpkg);
        if (s->period_report[0]) {
            printf("period_report\t%s\n", s->period_report);
        }
        return;
    }
    int64_t total = s->incidents > 0 ? s->incidents : 1;
    cli_info(a,
             "%lld rows read: %lld incidents, %lld complaints, %lld rejected (see the rejects "
             "layer)",
             (long long)s->rows_read, (long long)s->incidents, (long long)s->complaints,
             (long long)s->rejected);
    char shares[512] = "";
    size_t off = 0;
    for (int k = 0; k <= HS_PREC_NONE; k++) {
        if (s->by_precision[k] > 0 && off < sizeof shares) {
            int n = snprintf(shares + off, sizeof shares - off, "%s%s %.1f %%", off ? ", " : "",
                             hs_precision_name((hs_precision)k),
                             100.0 * (double)s->by_precision[k] / (double)total);
            off += n > 0 ? (size_t)n : 0;
        }
    }
    cli_info(a, "precision of incidents: %s", shares);
    if (s->bandwidth > 0 && s->distance > 0) {
        cli_info(a, "parameters: KDE bandwidth %.0f m, Gi* distance band %.0f m; %d hot cells",
                 s->bandwidth, s->distance, s->hot_cells);
    } else if (s->distance > 0) {
        cli_info(a, "parameters: no KDE (too little data), Gi* distance band %.0f m; %d hot cells",
                 s->distance, s->hot_cells);
    } else {
        cli_info(a, "parameters: no KDE or Gi* (too few incidents with a place)");
    }
    cli_info(a, "done in %.1f s", s->seconds);
    printf("gpkg\t%s\n", s->gpkg);
    if (s->maps[0]) {
        printf("maps\t%s\n", s->maps);
    }
    if (s->report[0]) {
        printf("report\t%s\n", s->report);
    }
    if (s->period_report[0]) {
        printf("period_report\t%s\n", s->period_report);
    }
}

const cli_cmd cmd_build = {"build", "[PROJECT]",
                           "run the whole pipeline described by a project file (default "
                           "./hotspot.ini)",
                           opts, run};
