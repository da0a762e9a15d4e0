/*
 * Gi* on polygon counts: centroids (a square with a hole off-centre) and z against a brute-force
 * evaluation of the DOMAIN.md formula with centroid-distance neighbours, self included.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hotspot.h"

static char *dir_of(const char *path)
{
    static char d[64];
    snprintf(d, sizeof d, "%s", path);
    char *slash = strrchr(d, '/');
    if (slash) {
        *slash = '\0';
    }
    return d;
}

static const char *write_squares(void)
{
    static char dir[] = "/tmp/hs_gistar_areas_XXXXXX";
    static char path[64];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/squares.geojson", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("{\"type\":\"FeatureCollection\",\"features\":[", f);
    for (int k = 0; k < 12; k++) {
        double x = 400000 + (k % 4) * 100, y = 6500000 + (k / 4) * 100;
        fprintf(f,
                "%s{\"type\":\"Feature\",\"properties\":{\"place_id\":\"A%02d\",\"name\":\"Ruta "
                "%d\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%.0f,%.0f],[%.0f,"
                "%.0f],[%.0f,%.0f],[%.0f,%.0f],[%.0f,%.0f]]",
                k ? "," : "", k, k, x, y, x + 100, y, x + 100, y + 100, x, y + 100, x, y);
        if (k == 0) { /* a hole in the first square's upper-right quarter */
            fprintf(f, ",[[%.0f,%.0f],[%.0f,%.0f],[%.0f,%.0f],[%.0f,%.0f],[%.0f,%.0f]]", x + 50,
                    y + 50, x + 50, y + 100 - 1, x + 99, y + 99, x + 99, y + 50, x + 50, y + 50);
        }
        fputs("]}}", f);
    }
    fputs("]}", f);
    fclose(f);
    return path;
}

Test(gistar_areas, centroids_and_z_by_hand)
{
    const char *path = write_squares();
    hs_ctx *ctx;
    hs_ctx_new(&ctx);
    hs_areas *a = NULL;
    hs_areas_opts o = HS_AREAS_OPTS_INIT;
    cr_assert_eq(hs_areas_open(&a, ctx, path, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(hs_areas_count(a), 12);
    hs_point c;
    cr_assert_eq(hs_areas_centroid(&c, a, 5), HS_OK);
    cr_assert_float_eq(c.x, 400150.0, 1e-6);
    cr_assert_float_eq(c.y, 6500150.0, 1e-6);
    /* the holed square's centroid moves away from the hole (down and left) */
    cr_assert_eq(hs_areas_centroid(&c, a, 0), HS_OK);
    cr_assert_lt(c.x, 400050.0);
    cr_assert_lt(c.y, 6500050.0);

    double x[12] = {3, 9, 0, 1, 7, 12, 4, 0, 2, 5, 8, 1};
    double z[12], p[12], q[12];
    int8_t bin[12];
    int32_t nnb[12];
    double band = 101; /* rook neighbours between the square centres */
    cr_assert_eq(hs_gistar_areas(z, p, q, bin, nnb, ctx, a, x, band), HS_OK);
    hs_point cen[12];
    for (int k = 0; k < 12; k++) {
        hs_areas_centroid(&cen[k], a, k);
    }
    double sum = 0, sum2 = 0;
    for (int k = 0; k < 12; k++) {
        sum += x[k];
        sum2 += x[k] * x[k];
    }
    double mean = sum / 12, s = sqrt(sum2 / 12 - mean * mean);
    for (int i = 0; i < 12; i++) {
        double wx = 0, w = 0;
        for (int j = 0; j < 12; j++) {
            double dx = cen[i].x - cen[j].x, dy = cen[i].y - cen[j].y;
            if (dx * dx + dy * dy <= band * band) {
                wx += x[j];
                w += 1;
            }
        }
        double want = (wx - mean * w) / (s * sqrt((12 * w - w * w) / 11));
        cr_assert_float_eq(z[i], want, 1e-9, "area %d", i);
        cr_assert_eq(nnb[i], (int)w);
    }
    hs_areas_free(a);
    hs_ctx_free(ctx);
    remove(path);
    rmdir(dir_of(path));
}
