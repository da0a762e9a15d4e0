/*
 * `hotspot init DIR`: writes a commented project template (hotspot.ini) into DIR, creating DIR
 * when needed. It never overwrites an existing file without --overwrite.
 */
#include "cli.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static const cli_opt opts[] = {
    {"kommun", 0, "KOMMUN",
     "kommun code or name, several with commas (\"Vänersborg, Trollhättan\"; default 9999)"},
    {"overwrite", 0, NULL, "replace an existing hotspot.ini"},
    CLI_OPT_END};

static int run(cli_args *a)
{
    if (a->npos != 1) {
        cli_error(a, "give exactly one directory (see 'hotspot init --help')");
        return CLI_USAGE;
    }
    const char *dir = a->pos[0];
    int kommun[64] = {9999};
    size_t nk = 1;
    const char *k = cli_get(a, "kommun");
    if (k && hs_kommun_resolve(kommun, 64, &nk, a->ctx, k) != HS_OK) {
        cli_error(a, "--kommun: %s", hs_ctx_errmsg(a->ctx));
        return CLI_USAGE;
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        cli_error(a, "%s: cannot create directory: %s", dir, strerror(errno));
        return CLI_FAIL;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/hotspot.ini", dir);
    int rc = hs_project_write_template_kommun(a->ctx, path, kommun, nk, cli_has(a, "overwrite"));
    if (rc != HS_OK) {
        return cli_fail(a, rc);
    }
    printf("%s\n", path);
    cli_info(a, "wrote %s: edit [input ...] and run 'hotspot build %s'", path, path);
    return CLI_OK;
}

const cli_cmd cmd_init = {"init", "DIR",
                          "write a commented project template (hotspot.ini) into DIR", opts, run};
