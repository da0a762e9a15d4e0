/*
 * `hotspot gazetteer build`: build a geocoding gazetteer from address points and named places.
 * Parses its options from the table below and calls the library; it holds no matching itself.
 */
#include "cli.h"

#include <string.h>

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"kommun", 0, "KOMMUN", "restrict to this kommun (code or name) and add its tätorter"},
    {"boundaries", 0, "FILE", "kommun boundaries (to assign kommun codes; default: the built-in)"},
    {"date", 0, "YYYY-MM-DD", "date of the sources (default: each file's modification date)"},
    CLI_OPT_END};

static int run(cli_args *a)
{
    if (a->npos < 1 || strcmp(a->pos[0], "build") != 0) {
        cli_error(a, "expected 'build SRC... -o GAZ.sqlite' (see 'hotspot gazetteer --help')");
        return CLI_USAGE;
    }
    if (a->npos < 2) {
        cli_error(a, "build: no source given");
        return CLI_USAGE;
    }
    const char *out = cli_get(a, "output");
    int rc = cli_check_output(a, out);
    if (rc != CLI_OK) {
        return rc;
    }
    hs_gazetteer_opts o = HS_GAZETTEER_OPTS_INIT;
    o.overwrite = cli_has(a, "overwrite");
    o.boundaries = cli_get(a, "boundaries");
    o.date = cli_get(a, "date");
    const char *k = cli_get(a, "kommun");
    if (k) {
        int codes[1];
        size_t nk = 0;
        if (hs_kommun_resolve(codes, 1, &nk, a->ctx, k) != HS_OK) {
            cli_error(a, "--kommun: %s", hs_ctx_errmsg(a->ctx));
            return CLI_USAGE;
        }
        o.kommun_code = codes[0];
    }
    hs_gazetteer_stats st;
    int hrc = hs_gazetteer_build(&st, a->ctx, out, (const char *const *)(a->pos + 1),
                                 (size_t)(a->npos - 1), &o);
    if (hrc != HS_OK) {
        return cli_fail(a, hrc);
    }
    cli_info(a,
             "%s: %lld address points, %lld street points, %lld places, %lld kommun boundaries "
             "(%lld features skipped)",
             out, (long long)st.addresses, (long long)st.streets, (long long)st.places,
             (long long)st.kommuner, (long long)st.skipped);
    return CLI_OK;
}

const cli_cmd cmd_gazetteer = {"gazetteer", "build SRC... -o GAZ.sqlite",
                               "build a geocoding gazetteer from address points and named places",
                               opts, run};
