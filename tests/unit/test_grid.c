/*
 * Unit tests of aligned grids: the SCB-aligned spec, the cell of a point on cell edges, SCB-style
 * cell ids, counting per cell and category (kommun precision never counts), and rates.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "core/hs_internal.h"

Test(grid, aligned_spec_scb)
{
    hs_grid_spec g;
    hs_bbox b = {345123.4, 6472001.0, 346999.9, 6473250.0};
    cr_assert_eq(hs_grid_spec_aligned(&g, b, 250), HS_OK);
    cr_assert_eq(g.x0, 345000);
    cr_assert_eq(g.y0, 6472000);
    cr_assert_eq(g.nx, 8); /* 345000 .. 347000 */
    cr_assert_eq(g.ny, 6); /* 6472000 .. 6473500: the max on an edge gets its own cell */
    cr_assert_eq(hs_grid_spec_aligned(&g, b, 1000), HS_OK);
    cr_assert(g.x0 == 345000 && g.y0 == 6472000 && g.nx == 2 && g.ny == 2);
    cr_assert_eq(hs_grid_spec_aligned(&g, b, 0), HS_EINVAL);
    hs_bbox empty = {1, 1, 0, 0};
    cr_assert_eq(hs_grid_spec_aligned(&g, empty, 250), HS_EINVAL);
    /* a given extent: aligned outward, a max on a cell edge adds no cell */
    hs_bbox e = {345100, 6472000, 346000, 6473001};
    cr_assert_eq(hs_grid_spec_cover(&g, e, 250), HS_OK);
    cr_assert(g.x0 == 345000 && g.y0 == 6472000 && g.nx == 4 && g.ny == 5, "%lld %lld",
              (long long)g.nx, (long long)g.ny);
}

Test(grid, cell_of_and_id)
{
    hs_grid_spec g = {345000, 6472000, 250, 8, 6};
    int64_t ix, iy;
    cr_assert_eq(hs_grid_cell_of(&ix, &iy, &g, 345250, 6472249.99), 0);
    cr_assert(ix == 1 && iy == 0);
    cr_assert_eq(hs_grid_cell_of(&ix, &iy, &g, 345000, 6472000), 0);
    cr_assert(ix == 0 && iy == 0);
    cr_assert_eq(hs_grid_cell_of(&ix, &iy, &g, 347000, 6472000), -1);
    cr_assert_eq(hs_grid_cell_of(&ix, &iy, &g, 344999.9, 6472000), -1);
    char id[32];
    hs_grid_cell_id(id, sizeof id, &g, 2, 3);
    cr_assert_str_eq(id, "3455006472750");
    hs_grid_spec odd = {0.5, 0, 10, 1, 1};
    hs_grid_cell_id(id, sizeof id, &odd, 0, 0);
    cr_assert_eq(id[0], 'E');
}

Test(grid, count_per_cell_and_category)
{
    hs_grid_spec g = {0, 0, 100, 3, 2};
    double x[] = {10, 150, 150, 299.9, 300, 50, NAN, 20, 120};
    double y[] = {10, 50, 60, 199, 10, 150, 5, 20, 130};
    uint8_t p[] = {HS_PREC_EXACT,    HS_PREC_ADDRESS, HS_PREC_STREET, HS_PREC_PLACE, HS_PREC_EXACT,
                   HS_PREC_POSTCODE, HS_PREC_EXACT,   HS_PREC_KOMMUN, HS_PREC_LAN};
    int32_t cat[] = {0, 1, 1, -1, 0, 2, 0, 0, 1};
    int64_t counts[6], cc[18], outside = -1;
    cr_assert_eq(hs_grid_count(counts, cc, &outside, NULL, &g, x, y, p, cat, 3, 9), HS_OK);
    int64_t want[6] = {1, 2, 0, 1, 0, 1};
    for (int c = 0; c < 6; c++) {
        cr_assert_eq(counts[c], want[c], "cell %d", c);
    }
    cr_assert_eq(outside, 1); /* x = 300 is the east edge of the grid: outside */
    cr_assert_eq(cc[0 * 6 + 0], 1);
    cr_assert_eq(cc[1 * 6 + 1], 2);
    cr_assert_eq(cc[2 * 6 + 3], 1);
    int64_t sum = 0;
    for (int k = 0; k < 18; k++) {
        sum += cc[k];
    }
    cr_assert_eq(sum, 4); /* the uncategorised point counts only in the total */
    double pop[6] = {1000, 500, 0, 250, NAN, 20}, rate[6];
    hs_grid_rates(rate, counts, pop, 6);
    cr_assert_float_eq(rate[0], 1.0, 1e-12);
    cr_assert_float_eq(rate[1], 4.0, 1e-12);
    cr_assert(isnan(rate[2]) && isnan(rate[4]));
    cr_assert_float_eq(rate[5], 50.0, 1e-12);
}
