/*
 * Tests of the built-in reference geography (shapes/sverige.gpkg): kommuner by code or name, the
 * closest names in the error for an unknown one, a kommun's län, area and tätorter, HS_SHAPES, and
 * kommun names in the project file. The expected values are read from the shared se_admin files
 * with OGR-independent facts only where the source states them (290 kommuner, 1487 Vänersborg).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hotspot.h"

static hs_ctx *ctx;

static void setup(void)
{
    unsetenv("HS_SHAPES");
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
}

static void teardown(void)
{
    hs_ctx_free(ctx);
}

TestSuite(kommun, .init = setup, .fini = teardown);

Test(kommun, lists_every_kommun_with_its_lan)
{
    hs_kommun *k = NULL;
    size_t n = 0;
    cr_assert_eq(hs_kommun_list(&k, &n, ctx), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(n, 290);
    size_t no_lan = 0;
    for (size_t i = 0; i < n; i++) {
        char lan[16];
        snprintf(lan, sizeof lan, "%02d", (k[i].code / 100) % 100);
        no_lan += strcmp(k[i].lan_code, lan) != 0 || !k[i].lan_name[0] || !(k[i].area_km2 > 0);
        cr_assert(i == 0 || k[i - 1].code < k[i].code, "ordered by code");
    }
    cr_assert_eq(no_lan, 0);
    free(k);
}

Test(kommun, resolves_codes_and_names)
{
    int c[8];
    size_t n = 0;
    const char *const same[] = {"1487",       "Vänersborg",         "vanersborg",
                                "VÄNERSBORG", "Vänersborgs kommun", " Vänersborg "};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        cr_assert_eq(hs_kommun_resolve(c, 8, &n, ctx, same[i]), HS_OK, "%s: %s", same[i],
                     hs_ctx_errmsg(ctx));
        cr_assert_eq(n, 1);
        cr_assert_eq(c[0], 1487, "%s -> %d", same[i], c[0]);
    }
    cr_assert_eq(hs_kommun_resolve(c, 8, &n, ctx, "Vänersborg, Trollhättan"), HS_OK);
    cr_assert_eq(n, 2);
    cr_assert_eq(c[0], 1487);
    cr_assert_eq(c[1], 1488);
    cr_assert_eq(hs_kommun_resolve(c, 8, &n, ctx, "upplands-vasby"), HS_OK);
    cr_assert_eq(c[0], 114);
    cr_assert_eq(hs_kommun_resolve(c, 8, &n, ctx, "Malung-Sälen"), HS_OK);
    cr_assert_eq(c[0], 2023);
    cr_assert_eq(hs_kommun_resolve(c, 1, &n, ctx, "1487, 1488"), HS_ELIMIT);
    cr_assert_eq(hs_kommun_resolve(c, 8, &n, ctx, "14"), HS_EINVAL);
}

Test(kommun, unknown_name_names_the_closest)
{
    int c[8];
    size_t n = 0;
    cr_assert_eq(hs_kommun_resolve(c, 8, &n, ctx, "Vanersbrog"), HS_ENOTFOUND);
    const char *m = hs_ctx_errmsg(ctx);
    cr_assert(strstr(m, "Vanersbrog") != NULL, "%s", m);
    cr_assert(strstr(m, "Vänersborg (1487)") != NULL, "%s", m);
    cr_assert_eq(hs_kommun_resolve(c, 8, &n, ctx, "Upsala"), HS_ENOTFOUND);
    cr_assert(strstr(hs_ctx_errmsg(ctx), "Uppsala (0380)") != NULL, "%s", hs_ctx_errmsg(ctx));
}

Test(kommun, tatorter_largest_first)
{
    hs_kommun k;
    cr_assert_eq(hs_kommun_get(&k, ctx, 1487), HS_OK);
    cr_assert_str_eq(k.name, "Vänersborg");
    cr_assert_str_eq(k.lan_code, "14");
    cr_assert_eq(hs_kommun_get(&k, ctx, 9999), HS_ENOTFOUND);
    hs_tatort *t = NULL;
    size_t n = 0;
    cr_assert_eq(hs_kommun_tatorter(&t, &n, ctx, 380), HS_OK);
    cr_assert_gt(n, 10);
    cr_assert_str_eq(t[0].name, "Uppsala");
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(t[i].kommun_code, 380);
        cr_assert(i == 0 || t[i - 1].pop >= t[i].pop);
        cr_assert(strncmp(t[i].code, "0380", 4) == 0, "%s", t[i].code);
    }
    free(t);
}

Test(kommun, hs_shapes_overrides)
{
    char path[4096];
    cr_assert_eq(hs_shapes_path(path, sizeof path, ctx), HS_OK);
    char want[4096];
    snprintf(want, sizeof want, "%s/shapes", HS_SOURCE_DIR);
    setenv("HS_SHAPES", want, 1); /* a folder holding sverige.gpkg */
    cr_assert_eq(hs_shapes_path(path, sizeof path, ctx), HS_OK);
    cr_assert(strstr(path, "/shapes/sverige.gpkg") != NULL, "%s", path);
    setenv("HS_SHAPES", "/nonexistent/sverige.gpkg", 1);
    cr_assert_eq(hs_shapes_path(path, sizeof path, ctx), HS_ENOTFOUND);
    cr_assert(strstr(hs_ctx_errmsg(ctx), "HS_SHAPES") != NULL);
    int c[2];
    size_t n = 0;
    cr_assert_eq(hs_kommun_resolve(c, 2, &n, ctx, "Vänersborg"), HS_ENOTFOUND);
    cr_assert_eq(hs_kommun_resolve(c, 2, &n, ctx, "1487"), HS_OK, "codes need no geography");
    unsetenv("HS_SHAPES");
}

Test(kommun, project_file_takes_names)
{
    char dir[] = "/tmp/hs_kommun_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[512];
    snprintf(path, sizeof path, "%s/p.ini", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("[project]\nname = X\nkommun = vanersborg, Trollhättan\n", f);
    fclose(f);
    hs_project *p = NULL;
    cr_assert_eq(hs_project_open(&p, ctx, path), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(hs_project_kommun_count(p), 2);
    cr_assert_eq(hs_project_kommun(p, 0), 1487);
    cr_assert_eq(hs_project_kommun(p, 1), 1488);
    hs_project_free(p);
    f = fopen(path, "w");
    fputs("[project]\nname = X\n\nkommun = Trollhätan\n", f);
    fclose(f);
    cr_assert_neq(hs_project_open(&p, ctx, path), HS_OK);
    const char *m = hs_ctx_errmsg(ctx);
    cr_assert(strstr(m, ":4:") != NULL, "line named: %s", m);
    cr_assert(strstr(m, "kommun") != NULL && strstr(m, "Trollhättan (1488)") != NULL, "%s", m);
    /* the template of a known kommun: its name, no boundary line, the tätorter */
    snprintf(path, sizeof path, "%s/hotspot.ini", dir);
    int codes[] = {1487};
    cr_assert_eq(hs_project_write_template_kommun(ctx, path, codes, 1, 0), HS_OK);
    cr_assert_eq(hs_project_open(&p, ctx, path), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_str_eq(hs_project_get(p, "project", "name"), "Lägesbild Vänersborg");
    cr_assert_null(hs_project_get(p, "project", "boundary"));
    cr_assert_str_eq(hs_project_get(p, "places", "tatorter"), "yes");
    hs_project_free(p);
    remove(path);
    snprintf(path, sizeof path, "%s/p.ini", dir);
    remove(path);
    rmdir(dir);
}
