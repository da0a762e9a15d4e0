/*
 * Tests of the project file reader: typed values, paths relative to the file, and errors that
 * name the file, the line and the key; and that the template `hotspot init` writes reads back.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hotspot.h"

static char dir[256];

static const char *write_file(const char *name, const char *text)
{
    static char path[512];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/hs_project_XXXXXX");
        cr_assert_not_null(mkdtemp(dir));
    }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

Test(project, reads_typed_values_and_paths)
{
    const char *path = write_file("ok.ini", "[project]\nname = Test\nkommun = 1487, 1488\n"
                                            "period = 2024-01-01..2025-12-31\n"
                                            "[input polis]\npath = data/x.csv\nkind = incident\n"
                                            "crs = EPSG:3006\nmax_rejects = 5%\n"
                                            "[input est]\npath = /abs/est.csv\n"
                                            "[grid]\ncell = 1km\n[gistar]\nalpha = 0,01\n"
                                            "[privacy]\npublic = ja\n");
    hs_ctx *ctx;
    hs_ctx_new(&ctx);
    hs_project *p = NULL;
    cr_assert_eq(hs_project_open(&p, ctx, path), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(hs_project_kommun_count(p), 2);
    cr_assert_eq(hs_project_kommun(p, 1), 1488);
    cr_assert_eq(hs_project_input_count(p), 2);
    cr_assert_str_eq(hs_project_input_name(p, 0), "polis");
    char want[600];
    snprintf(want, sizeof want, "%s/data/x.csv", dir);
    cr_assert_str_eq(hs_project_path(p, "input polis", "path"), want);
    cr_assert_str_eq(hs_project_path(p, "input est", "path"), "/abs/est.csv");
    cr_assert_float_eq(hs_project_double(p, "grid", "cell", 250), 1000.0, 1e-9);
    cr_assert_float_eq(hs_project_double(p, "gistar", "alpha", 0.05), 0.01, 1e-12);
    cr_assert_eq(hs_project_bool(p, "privacy", "public", 0), 1);
    cr_assert_eq(hs_project_line(p, "input polis", "crs"), 8);
    cr_assert_null(hs_project_get(p, "kde", "kernel"));
    hs_project_free(p);
    hs_ctx_free(ctx);
}

static void expect_error(const char *text, const char *needle)
{
    const char *path = write_file("bad.ini", text);
    hs_ctx *ctx;
    hs_ctx_new(&ctx);
    hs_project *p = NULL;
    cr_assert_eq(hs_project_open(&p, ctx, path), HS_EINVAL);
    cr_assert_null(p);
    cr_assert(strstr(hs_ctx_errmsg(ctx), needle), "message '%s' lacks '%s'", hs_ctx_errmsg(ctx),
              needle);
    cr_assert(strstr(hs_ctx_errmsg(ctx), "bad.ini"), "no file name in '%s'", hs_ctx_errmsg(ctx));
    hs_ctx_free(ctx);
}

Test(project, errors_name_line_and_key)
{
    expect_error("[project]\nname = x\n[grid]\ncel = 250\n", ":4: unknown key 'cel' in [grid]");
    expect_error("[project]\nname = x\n[kde]\nkernel = box\n\n", ":4: key 'kernel' in [kde]");
    expect_error("[grid]\ncell = -5\n", ":2: key 'cell'");
    expect_error("[project]\nperiod = 2024-13-01..2025-01-01\n", ":2: key 'period'");
    expect_error("[projekt]\nname = x\n", "unknown section [projekt]");
    expect_error("[input a]\nkind = incident\n", "[input a] has no 'path'");
    expect_error("[grid]\ncell = 250\ncell = 500\n", ":3: key 'cell' in [grid] is given twice");
    expect_error("[grid]\nthis line has no equals sign\n", ":2: syntax error");
    expect_error("[gistar]\ndistance = 250\nalpha = x\n[kde]\nkernel = box\n", ":3: key 'alpha'");
}

Test(project, template_reads_back)
{
    if (!dir[0]) {
        write_file("dummy", "");
    }
    char path[512];
    snprintf(path, sizeof path, "%s/tmpl.ini", dir);
    hs_ctx *ctx;
    hs_ctx_new(&ctx);
    cr_assert_eq(hs_project_write_template(ctx, path, 1487, 0), HS_OK);
    cr_assert_eq(hs_project_write_template(ctx, path, 1487, 0), HS_EEXIST);
    hs_project *p = NULL;
    cr_assert_eq(hs_project_open(&p, ctx, path), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(hs_project_kommun(p, 0), 1487);
    cr_assert_str_eq(hs_project_get(p, "kde", "kernel"), "quartic");
    cr_assert_eq(hs_project_input_count(p), 1);
    static const char *const sections[] = {"project", "places",   "grid",    "kde",
                                           "gistar",  "temporal", "privacy", "output"};
    FILE *f = fopen(path, "r");
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        char s[64];
        snprintf(s, sizeof s, "[%s]", sections[i]);
        cr_assert(strstr(buf, s), "template lacks %s", s);
    }
    hs_project_free(p);
    hs_ctx_free(ctx);
}
