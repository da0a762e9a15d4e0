/*
 * Option parsing and help from one table per command, exit-code mapping, and the stderr printers
 * for logs and progress. Results go to stdout only from the commands themselves.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int opt_index(const cli_cmd *cmd, const char *name, size_t len)
{
    for (int i = 0; cmd->opts[i].name; i++) {
        if (strlen(cmd->opts[i].name) == len && strncmp(cmd->opts[i].name, name, len) == 0) {
            return i;
        }
    }
    return -1;
}

static int opt_short(const cli_cmd *cmd, char c)
{
    for (int i = 0; cmd->opts[i].name; i++) {
        if (cmd->opts[i].shortc == c) {
            return i;
        }
    }
    return -1;
}

static int store(cli_args *a, int i, const char *v)
{
    a->val[i] = v;
    const char **m = realloc(a->multi[i], (size_t)(a->count[i] + 2) * sizeof *m);
    if (!m) {
        return CLI_FAIL;
    }
    m[a->count[i]] = v;
    m[a->count[i] + 1] = NULL;
    a->multi[i] = m;
    a->count[i]++;
    return CLI_OK;
}

void cli_print_help(FILE *f, const cli_cmd *cmd)
{
    fprintf(f, "Usage: hotspot %s %s\n\n%s\n\nOptions:\n", cmd->name, cmd->synopsis, cmd->summary);
    for (int i = 0; cmd->opts[i].name; i++) {
        const cli_opt *o = &cmd->opts[i];
        char left[64];
        if (o->shortc) {
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->shortc, o->name, o->metavar ? " " : "",
                     o->metavar ? o->metavar : "");
        } else {
            snprintf(left, sizeof left, "    --%s%s%s", o->name, o->metavar ? " " : "",
                     o->metavar ? o->metavar : "");
        }
        fprintf(f, "  %-30s %s\n", left, o->help);
    }
    fprintf(f, "  %-30s %s\n", "-h, --help", "show this help");
}

int cli_parse(cli_args *a, const cli_cmd *cmd, int argc, char **argv)
{
    a->cmd = cmd;
    a->pos = calloc((size_t)argc + 1, sizeof *a->pos);
    if (!a->pos) {
        return CLI_FAIL;
    }
    int nopts = 0;
    while (cmd->opts[nopts].name) {
        nopts++;
    }
    if (nopts > CLI_MAX_OPTS) {
        return CLI_FAIL;
    }
    int only_pos = 0;
    for (int k = 0; k < argc; k++) {
        char *s = argv[k];
        if (only_pos || s[0] != '-' || s[1] == '\0') {
            a->pos[a->npos++] = s;
            continue;
        }
        if (strcmp(s, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
            cli_print_help(stdout, cmd);
            return -1;
        }
        int i;
        const char *inline_val = NULL;
        if (s[1] == '-') {
            const char *name = s + 2;
            const char *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            i = opt_index(cmd, name, len);
            if (eq) {
                inline_val = eq + 1;
            }
        } else if (s[2] == '\0' && (s[1] < '0' || s[1] > '9')) {
            i = opt_short(cmd, s[1]);
        } else {
            /* a negative number or -oFILE */
            i = opt_short(cmd, s[1]);
            if (i >= 0) {
                inline_val = s + 2;
            } else {
                a->pos[a->npos++] = s;
                continue;
            }
        }
        if (i < 0) {
            fprintf(stderr, "hotspot %s: unknown option '%s' (see 'hotspot %s --help')\n",
                    cmd->name, s, cmd->name);
            return CLI_USAGE;
        }
        const cli_opt *o = &cmd->opts[i];
        const char *v = "1";
        if (o->metavar) {
            if (inline_val) {
                v = inline_val;
            } else if (k + 1 < argc) {
                v = argv[++k];
            } else {
                fprintf(stderr, "hotspot %s: option --%s needs a value (%s)\n", cmd->name, o->name,
                        o->metavar);
                return CLI_USAGE;
            }
        } else if (inline_val) {
            fprintf(stderr, "hotspot %s: option --%s takes no value\n", cmd->name, o->name);
            return CLI_USAGE;
        }
        if (store(a, i, v) != CLI_OK) {
            return CLI_FAIL;
        }
    }
    return CLI_OK;
}

void cli_args_free(cli_args *a)
{
    for (int i = 0; i < CLI_MAX_OPTS; i++) {
        free(a->multi[i]);
        a->multi[i] = NULL;
    }
    free(a->pos);
    a->pos = NULL;
}

static int find(const cli_args *a, const char *name)
{
    return opt_index(a->cmd, name, strlen(name));
}

const char *cli_get(const cli_args *a, const char *name)
{
    int i = find(a, name);
    return i >= 0 ? a->val[i] : NULL;
}

const char **cli_get_all(const cli_args *a, const char *name, int *n)
{
    int i = find(a, name);
    *n = i >= 0 ? a->count[i] : 0;
    return i >= 0 ? a->multi[i] : NULL;
}

int cli_has(const cli_args *a, const char *name)
{
    int i = find(a, name);
    return i >= 0 && a->count[i] > 0;
}

int cli_parse_long(long *out, const char *s, long lo, long hi)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_length(double *out, const char *s)
{
    if (!s || !*s) {
        return -1;
    }
    char num[64];
    size_t n = 0;
    while (s[n] && (s[n] == '.' || s[n] == ',' || s[n] == '-' || (s[n] >= '0' && s[n] <= '9')) &&
           n < sizeof num - 1) {
        num[n] = s[n] == ',' ? '.' : s[n];
        n++;
    }
    num[n] = '\0';
    const char *unit = s + n;
    while (*unit == ' ') {
        unit++;
    }
    char *end;
    errno = 0;
    double v = strtod(num, &end); /* only digits and '.': the C locale is set by main */
    if (end == num || *end || errno) {
        return -1;
    }
    if (*unit == '\0' || strcmp(unit, "m") == 0) {
        *out = v;
    } else if (strcmp(unit, "km") == 0) {
        *out = v * 1000.0;
    } else {
        return -1;
    }
    return 0;
}

/* "hotspot CMD: message" on stderr */
static void error_line(const cli_args *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void error_line(const cli_args *a, const char *fmt, va_list ap)
{
    fprintf(stderr, "hotspot %s: ", a && a->cmd ? a->cmd->name : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int cli_error(const cli_args *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_line(a, fmt, ap);
    va_end(ap);
    return CLI_FAIL;
}

int cli_exit_code(int code)
{
    switch (code) {
    case HS_OK:
        return CLI_OK;
    case HS_ENODATA:
        return CLI_NODATA;
    case HS_ECANCEL:
        return CLI_INTERRUPTED;
    case HS_EEXIST:
        return CLI_USAGE;
    default:
        return CLI_FAIL;
    }
}

int cli_fail(const cli_args *a, int code)
{
    const char *msg = hs_ctx_errmsg(a->ctx);
    cli_error(a, "%s", msg && *msg ? msg : hs_strerror(code));
    return cli_exit_code(code);
}

void cli_info(const cli_args *a, const char *fmt, ...)
{
    if (a->g && a->g->quiet) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "hotspot %s: ", a->cmd->name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_check_output(const cli_args *a, const char *path)
{
    if (!path) {
        cli_error(a, "no output given (-o FILE)");
        return CLI_USAGE;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !cli_has(a, "overwrite")) {
        cli_error(a, "%s: output exists; use --overwrite to replace it", path);
        return CLI_USAGE;
    }
    return CLI_OK;
}

int cli_input_output(const cli_args *a, const char **out)
{
    if (a->npos != 1) {
        cli_error(a, "expected one INPUT (got %d); see 'hotspot %s --help'", a->npos, a->cmd->name);
        return CLI_USAGE;
    }
    *out = cli_get(a, "output");
    return cli_check_output(a, *out);
}

static void log_printer(void *payload, hs_log_level level, const char *message)
{
    const cli_args *a = payload;
    if (a->g && a->g->quiet && level < HS_LOG_ERROR) {
        return;
    }
    const char *tag = level >= HS_LOG_WARN ? "warning: " : "";
    fprintf(stderr, "hotspot %s: %s%s\n", a->cmd->name, tag, message);
}

static int progress_printer(void *payload, const char *stage, double fraction)
{
    cli_args *a = payload;
    static int last = -1;
    int pct = (int)(fraction * 100.0 + 0.5);
    if (pct == last) {
        return 0;
    }
    last = pct;
    fprintf(stderr, "\r%-28.28s [", stage ? stage : "");
    for (int i = 0; i < 40; i++) {
        fputc(i < pct * 40 / 100 ? '#' : '.', stderr);
    }
    fprintf(stderr, "] %3d%%%s", pct, pct >= 100 ? "\n" : "");
    if (pct >= 100) {
        last = -1;
    }
    (void)a;
    return 0;
}

void cli_attach(cli_args *a)
{
    hs_log_level min = a->g && a->g->verbose ? HS_LOG_DEBUG : HS_LOG_INFO;
    if (a->g && a->g->quiet) {
        min = HS_LOG_ERROR;
    }
    hs_ctx_set_log(a->ctx, min, log_printer, a);
    int show = a->g ? a->g->progress : -1;
    if (show < 0) {
        show = isatty(STDERR_FILENO) && !(a->g && a->g->quiet);
    }
    if (show) {
        hs_ctx_set_progress(a->ctx, progress_printer, a);
    }
}

int cli_not_built(cli_args *a)
{
    cli_error(a, "this command is not built yet in hotspot %s", hs_version());
    return CLI_FAIL;
}

int cli_usage(const cli_args *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_line(a, fmt, ap);
    va_end(ap);
    return CLI_USAGE;
}

int cli_nodata(const cli_args *a, const char *msg)
{
    cli_error(a, "%s", msg);
    return CLI_NODATA;
}
