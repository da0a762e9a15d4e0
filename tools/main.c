/*
 * The hotspot command-line entry point: global options, the command table, dispatch, interrupt
 * handling and the top-level help. Command logic lives in cmd_<name>.c.
 */
#include "cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

extern const cli_cmd cmd_build, cmd_init, cmd_ingest, cmd_gazetteer, cmd_geocode, cmd_grid, cmd_kde,
    cmd_gistar, cmd_moran, cmd_change, cmd_emerging, cmd_nearrepeat, cmd_temporal, cmd_render,
    cmd_report, cmd_info, cmd_segments;

static const cli_cmd *const commands[] = {
    &cmd_build,    &cmd_init,   &cmd_ingest, &cmd_gazetteer, &cmd_geocode,  &cmd_grid,
    &cmd_kde,      &cmd_gistar, &cmd_moran,  &cmd_change,    &cmd_emerging, &cmd_nearrepeat,
    &cmd_temporal, &cmd_render, &cmd_report, &cmd_info,      &cmd_segments};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static hs_ctx *volatile g_ctx;
static volatile sig_atomic_t g_interrupted;

static void on_signal(int sig)
{
    (void)sig;
    g_interrupted = 1;
    if (g_ctx) {
        hs_ctx_cancel(g_ctx);
    }
}

static void usage(FILE *f)
{
    fprintf(f, "Usage: hotspot [global options] COMMAND [options]\n\n"
               "Where and when crime and insecurity concentrate in a Swedish municipality.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++) {
        fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    }
    fprintf(f, "\nGlobal options:\n"
               "  -h, --help          show this help\n"
               "      --version       print the version\n"
               "  -q, --quiet         only errors on stderr\n"
               "  -v, --verbose       more detail on stderr\n"
               "      --progress      show progress bars even when stderr is not a terminal\n"
               "      --no-progress   never show progress bars\n"
               "      --lang sv|en    language of maps, charts and reports (default sv)\n"
               "      --threads N     worker threads (default 0 = every core)\n\n"
               "Exit codes: 0 done, 1 the run failed, 2 usage error, 3 no usable data, "
               "130 interrupted.\n"
               "See 'hotspot COMMAND --help' for the options of a command.\n");
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 32 || lb > 32) {
        return 99;
    }
    size_t d[33][33];
    for (size_t i = 0; i <= la; i++) {
        d[i][0] = i;
    }
    for (size_t j = 0; j <= lb; j++) {
        d[0][j] = j;
    }
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            d[i][j] = c < del ? (c < ins ? c : ins) : (del < ins ? del : ins);
        }
    }
    return d[la][lb];
}

static int parse_threads(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v < 0 || v > 1024) {
        return -1;
    }
    *out = (int)v;
    return 0;
}

int main(int argc, char **argv)
{
    cli_global g = {0, 0, -1, "sv", 0}; /* threads 0: every core */
    int k = 1;
    for (; k < argc && argv[k][0] == '-'; k++) {
        const char *s = argv[k];
        if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
            usage(stdout);
            return CLI_OK;
        } else if (strcmp(s, "--version") == 0) {
            printf("hotspot %s\n", hs_version());
            return CLI_OK;
        } else if (strcmp(s, "-q") == 0 || strcmp(s, "--quiet") == 0) {
            g.quiet = 1;
        } else if (strcmp(s, "-v") == 0 || strcmp(s, "--verbose") == 0) {
            g.verbose = 1;
        } else if (strcmp(s, "--no-progress") == 0) {
            g.progress = 0;
        } else if (strcmp(s, "--progress") == 0) {
            g.progress = 1;
        } else if (strcmp(s, "--lang") == 0 && k + 1 < argc) {
            g.lang = argv[++k];
            if (strcmp(g.lang, "sv") != 0 && strcmp(g.lang, "en") != 0) {
                fprintf(stderr, "hotspot: --lang must be 'sv' or 'en', not '%s'\n", g.lang);
                return CLI_USAGE;
            }
        } else if (strcmp(s, "--threads") == 0 && k + 1 < argc) {
            if (parse_threads(argv[++k], &g.threads) != 0) {
                fprintf(stderr, "hotspot: --threads needs a whole number, not '%s'\n", argv[k]);
                return CLI_USAGE;
            }
        } else {
            fprintf(stderr, "hotspot: unknown global option '%s' (see 'hotspot --help')\n", s);
            return CLI_USAGE;
        }
    }
    if (k >= argc) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *name = argv[k];
    const cli_cmd *cmd = NULL;
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(commands[i]->name, name) == 0) {
            cmd = commands[i];
        }
    }
    if (!cmd) {
        const char *best = NULL;
        size_t bd = 3;
        for (size_t i = 0; i < NCOMMANDS; i++) {
            size_t d = edit_distance(name, commands[i]->name);
            if (d < bd) {
                bd = d;
                best = commands[i]->name;
            }
        }
        fprintf(stderr, "hotspot: '%s' is not a command.", name);
        if (best) {
            fprintf(stderr, " Did you mean '%s'?", best);
        }
        fprintf(stderr, " See 'hotspot --help'.\n");
        return CLI_USAGE;
    }
    cli_args a;
    memset(&a, 0, sizeof a);
    a.g = &g;
    int rc = cli_parse(&a, cmd, argc - k - 1, argv + k + 1);
    if (rc != CLI_OK) {
        cli_args_free(&a);
        return rc < 0 ? CLI_OK : rc;
    }
    hs_ctx *ctx = NULL;
    if (hs_ctx_new(&ctx) != HS_OK) {
        fprintf(stderr, "hotspot: out of memory\n");
        cli_args_free(&a);
        return CLI_FAIL;
    }
    hs_ctx_set_threads(ctx, g.threads);
    hs_ctx_set_lang(ctx, g.lang);
    a.ctx = ctx;
    g_ctx = ctx;
    cli_attach(&a);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    rc = cmd->run(&a);
    if (g_interrupted && rc != CLI_OK) {
        rc = CLI_INTERRUPTED;
    }
    g_ctx = NULL;
    hs_ctx_free(ctx);
    cli_args_free(&a);
    return rc;
}
