/*
 * Street networks: noding (a shared vertex splits, a crossing without one does not, a T
 * junction), segments capped in length, snapping against a brute-force search over every edge,
 * the equal split at intersections, and network neighbours against Floyd-Warshall distances.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "hotspot.h"
#include "test_rand.h"

static hs_network *net_of(const hs_point *const *lines, const size_t *lens, size_t nl, double max)
{
    hs_network *n = NULL;
    cr_assert_eq(hs_network_new(&n, NULL), HS_OK);
    for (size_t l = 0; l < nl; l++) {
        cr_assert_eq(hs_network_add_line(n, lines[l], lens[l], "Gatan", NULL), HS_OK);
    }
    hs_network_opts o = HS_NETWORK_OPTS_INIT;
    o.max_length = max;
    cr_assert_eq(hs_network_build(n, &o), HS_OK);
    return n;
}

Test(network, noding)
{
    hs_point a[] = {{-100, 0}, {0, 0}, {100, 0}}, b[] = {{0, -100}, {0, 0}, {0, 100}};
    const hs_point *ls[] = {a, b};
    size_t lens[] = {3, 3};
    hs_network *n = net_of(ls, lens, 2, 0);
    cr_assert_eq(hs_network_segment_count(n), 4);
    cr_assert_eq(hs_network_node_count(n), 5);
    size_t deg4 = 0;
    for (size_t k = 0; k < hs_network_node_count(n); k++) {
        size_t d;
        cr_assert_eq(hs_network_node_get(NULL, NULL, &d, n, k), HS_OK);
        deg4 += d == 4;
    }
    cr_assert_eq(deg4, 1);
    hs_network_segment s;
    cr_assert_eq(hs_network_segment_get(&s, n, 0), HS_OK);
    cr_assert_float_eq(s.length, 100, 1e-9);
    cr_assert_str_eq(s.name, "Gatan");
    cr_assert_str_eq(s.type, "");
    hs_network_free(n);
    /* crossing without a shared vertex: split there by default, kept whole (a bridge) when
     * crossings are off */
    hs_point c[] = {{-100, 0}, {100, 0}}, d[] = {{0, -100}, {0, 100}};
    const hs_point *ls2[] = {c, d};
    size_t lens2[] = {2, 2};
    n = net_of(ls2, lens2, 2, 0);
    cr_assert_eq(hs_network_segment_count(n), 4);
    cr_assert_eq(hs_network_node_count(n), 5);
    hs_network_free(n);
    cr_assert_eq(hs_network_new(&n, NULL), HS_OK);
    cr_assert_eq(hs_network_add_line(n, c, 2, NULL, NULL), HS_OK);
    cr_assert_eq(hs_network_add_line(n, d, 2, NULL, NULL), HS_OK);
    hs_network_opts keep = HS_NETWORK_OPTS_INIT;
    keep.crossings = 0;
    cr_assert_eq(hs_network_build(n, &keep), HS_OK);
    cr_assert_eq(hs_network_segment_count(n), 2);
    hs_network_free(n);
    /* a line's end touching another line's edge (no vertex there): a T junction */
    hs_point g[] = {{-100, 0}, {100, 0}}, h[] = {{30, 0}, {30, 80}};
    const hs_point *ls4[] = {g, h};
    n = net_of(ls4, lens2, 2, 0);
    cr_assert_eq(hs_network_segment_count(n), 3);
    cr_assert_eq(hs_network_segment_get(&s, n, 0), HS_OK);
    cr_assert_float_eq(s.length, 130, 1e-9);
    hs_network_free(n);
    /* a T junction at a vertex of the through street, and a repeated vertex ignored */
    hs_point e[] = {{-100, 0}, {0, 0}, {0, 0}, {100, 0}}, f[] = {{0, 0}, {0, 100}};
    const hs_point *ls3[] = {e, f};
    size_t lens3[] = {4, 2};
    n = net_of(ls3, lens3, 2, 0);
    cr_assert_eq(hs_network_segment_count(n), 3);
    cr_assert_eq(hs_network_node_count(n), 4);
    for (size_t k = 0; k < 3; k++) {
        cr_assert_eq(hs_network_segment_get(&s, n, k), HS_OK);
        cr_assert_eq(s.npts, 2);
        cr_assert_float_eq(s.length, 100, 1e-9);
    }
    hs_network_free(n);
}

/* Random straight streets: with crossings split, each line is cut once per line it crosses. */
Test(network, crossings_against_brute_force)
{
    lcg_state = 404;
    for (int rep = 0; rep < 5; rep++) {
        enum { NL = 40 };
        hs_point L[NL][2];
        for (int l = 0; l < NL; l++) {
            for (int e = 0; e < 2; e++) {
                L[l][e] = (hs_point){urand() * 1000, urand() * 1000};
            }
        }
        size_t want = 0;
        for (int a = 0; a < NL; a++) {
            size_t cuts = 0;
            for (int b = 0; b < NL; b++) {
                if (a == b) {
                    continue;
                }
                double rx = L[a][1].x - L[a][0].x, ry = L[a][1].y - L[a][0].y;
                double sx = L[b][1].x - L[b][0].x, sy = L[b][1].y - L[b][0].y;
                double den = rx * sy - ry * sx;
                double qx = L[b][0].x - L[a][0].x, qy = L[b][0].y - L[a][0].y;
                double t = (qx * sy - qy * sx) / den, u = (qx * ry - qy * rx) / den;
                cuts += t > 0 && t < 1 && u > 0 && u < 1;
            }
            want += cuts + 1;
        }
        hs_network *n = NULL;
        cr_assert_eq(hs_network_new(&n, NULL), HS_OK);
        double len = 0;
        for (int l = 0; l < NL; l++) {
            cr_assert_eq(hs_network_add_line(n, L[l], 2, NULL, NULL), HS_OK);
            len += hypot(L[l][1].x - L[l][0].x, L[l][1].y - L[l][0].y);
        }
        cr_assert_eq(hs_network_build(n, NULL), HS_OK);
        cr_assert_eq(hs_network_segment_count(n), want);
        double got = 0;
        for (size_t k = 0; k < hs_network_segment_count(n); k++) {
            hs_network_segment sg;
            hs_network_segment_get(&sg, n, k);
            got += sg.length;
        }
        cr_assert_float_eq(got, len, 1e-6);
        hs_network_free(n);
    }
}

Test(network, max_length)
{
    hs_point a[] = {{0, 0}, {150, 0}, {150, 100}};
    const hs_point *ls[] = {a};
    size_t lens[] = {3};
    hs_network *n = net_of(ls, lens, 1, 100);
    cr_assert_eq(hs_network_segment_count(n), 3);
    cr_assert_eq(hs_network_node_count(n), 4);
    double tot = 0;
    for (size_t k = 0; k < 3; k++) {
        hs_network_segment s;
        cr_assert_eq(hs_network_segment_get(&s, n, k), HS_OK);
        cr_assert_float_eq(s.length, 250.0 / 3, 1e-9);
        tot += s.length;
    }
    cr_assert_float_eq(tot, 250, 1e-9);
    hs_network_segment s;
    cr_assert_eq(hs_network_segment_get(&s, n, 1), HS_OK);
    /* the middle part runs from (83.3, 0) over the corner (150, 0) to (150, 16.7) */
    cr_assert_eq(s.npts, 3);
    cr_assert_float_eq(s.pts[1].x, 150, 1e-9);
    cr_assert_float_eq(s.pts[2].y, 250.0 * 2 / 3 - 150, 1e-9);
    hs_network_free(n);
}

/* A jittered street grid: k x k crossings, each street a polyline sharing the crossings. */
static hs_network *random_grid(int k, double step)
{
    hs_network *n = NULL;
    cr_assert_eq(hs_network_new(&n, NULL), HS_OK);
    hs_point *cross = malloc((size_t)(k * k) * sizeof *cross);
    for (int j = 0; j < k; j++) {
        for (int i = 0; i < k; i++) {
            cross[j * k + i] = (hs_point){i * step + (urand() - 0.5) * step * 0.4,
                                          j * step + (urand() - 0.5) * step * 0.4};
        }
    }
    hs_point line[64];
    for (int dir = 0; dir < 2; dir++) {
        for (int j = 0; j < k; j++) {
            size_t m = 0;
            for (int i = 0; i < k; i++) {
                hs_point p = dir ? cross[i * k + j] : cross[j * k + i];
                if (i > 0 && urand() < 0.5) {
                    /* a bend between two crossings */
                    hs_point q = line[m - 1];
                    line[m++] = (hs_point){(p.x + q.x) / 2 + (urand() - 0.5) * 20,
                                           (p.y + q.y) / 2 + (urand() - 0.5) * 20};
                }
                line[m++] = p;
            }
            cr_assert_eq(hs_network_add_line(n, line, m, NULL, NULL), HS_OK);
        }
    }
    free(cross);
    cr_assert_eq(hs_network_build(n, NULL), HS_OK);
    return n;
}

static double pt_edge(double x, double y, hs_point p, hs_point q)
{
    double dx = q.x - p.x, dy = q.y - p.y, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((x - p.x) * dx + (y - p.y) * dy) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return hypot(p.x + t * dx - x, p.y + t * dy - y);
}

Test(network, snap_against_brute_force)
{
    lcg_state = 2117;
    hs_network *n = random_grid(8, 100);
    size_t ns = hs_network_segment_count(n);
    cr_assert_eq(ns, 2 * 8 * 7);
    size_t np = 3000;
    double *x = malloc(np * sizeof *x), *y = malloc(np * sizeof *y), *d = malloc(np * sizeof *d);
    int64_t *seg = malloc(np * sizeof *seg), *node = malloc(np * sizeof *node);
    for (size_t i = 0; i < np; i++) {
        x[i] = -100 + urand() * 900;
        y[i] = -100 + urand() * 900;
    }
    double maxd = 30;
    cr_assert_eq(hs_network_snap(seg, node, d, NULL, n, x, y, np, maxd), HS_OK);
    size_t snapped = 0;
    for (size_t i = 0; i < np; i++) {
        double best = INFINITY;
        int64_t bs = -1;
        for (size_t s = 0; s < ns; s++) {
            hs_network_segment sg;
            hs_network_segment_get(&sg, n, s);
            for (size_t k = 0; k + 1 < sg.npts; k++) {
                double e = pt_edge(x[i], y[i], sg.pts[k], sg.pts[k + 1]);
                if (e < best) {
                    best = e;
                    bs = (int64_t)s;
                }
            }
        }
        if (best <= maxd) {
            snapped++;
            cr_assert_geq(seg[i], 0, "point %zu at %.3f m not snapped", i, best);
            cr_assert_float_eq(d[i], best, 1e-9);
            if (seg[i] != bs) {
                /* a tie: the other segment is exactly as near */
                hs_network_segment sg;
                hs_network_segment_get(&sg, n, (size_t)seg[i]);
                double e = INFINITY;
                for (size_t k = 0; k + 1 < sg.npts; k++) {
                    e = fmin(e, pt_edge(x[i], y[i], sg.pts[k], sg.pts[k + 1]));
                }
                cr_assert_float_eq(e, best, 1e-9);
            }
        } else {
            cr_assert_eq(seg[i], -1);
            cr_assert(isnan(d[i]));
        }
    }
    cr_assert(snapped > np / 3 && snapped < np);
    /* tally: every snapped point's weight lands, whole or split */
    double *cnt = calloc(ns, sizeof *cnt), tot = 0;
    hs_network_tally(cnt, n, seg, node, NULL, np);
    for (size_t s = 0; s < ns; s++) {
        tot += cnt[s];
    }
    cr_assert_float_eq(tot, (double)snapped, 1e-9);
    free(cnt);
    free(x);
    free(y);
    free(d);
    free(seg);
    free(node);
    hs_network_free(n);
}

Test(network, intersection_split)
{
    hs_point a[] = {{-100, 0}, {0, 0}, {100, 0}}, b[] = {{0, -100}, {0, 0}, {0, 100}};
    const hs_point *ls[] = {a, b};
    size_t lens[] = {3, 3};
    hs_network *n = net_of(ls, lens, 2, 0);
    double x[3] = {0.3, 50, 300}, y[3] = {0.4, 3, 0};
    int64_t seg[3], node[3];
    cr_assert_eq(hs_network_snap(seg, node, NULL, NULL, n, x, y, 3, 50), HS_OK);
    cr_assert_geq(node[0], 0);
    cr_assert_eq(node[1], -1);
    cr_assert_eq(seg[2], -1);
    double cnt[4] = {0};
    hs_network_tally(cnt, n, seg, node, NULL, 3);
    cr_assert_float_eq(cnt[0], 0.25, 1e-12);
    cr_assert_float_eq(cnt[1], 1.25, 1e-12);
    cr_assert_float_eq(cnt[2] + cnt[3], 0.5, 1e-12);
    hs_network_free(n);
}

Test(network, neighbours_against_floyd_warshall)
{
    lcg_state = 77;
    hs_network *n = random_grid(6, 100);
    size_t ns = hs_network_segment_count(n), nn = hs_network_node_count(n);
    double *D = malloc(nn * nn * sizeof *D);
    for (size_t i = 0; i < nn * nn; i++) {
        D[i] = INFINITY;
    }
    for (size_t i = 0; i < nn; i++) {
        D[i * nn + i] = 0;
    }
    for (size_t s = 0; s < ns; s++) {
        hs_network_segment sg;
        hs_network_segment_get(&sg, n, s);
        size_t a = (size_t)sg.from, b = (size_t)sg.to;
        D[a * nn + b] = fmin(D[a * nn + b], sg.length);
        D[b * nn + a] = D[a * nn + b];
    }
    for (size_t k = 0; k < nn; k++) {
        for (size_t i = 0; i < nn; i++) {
            for (size_t j = 0; j < nn; j++) {
                D[i * nn + j] = fmin(D[i * nn + j], D[i * nn + k] + D[k * nn + j]);
            }
        }
    }
    double dists[3] = {0, 90, 250};
    for (int q = 0; q < 3; q++) {
        int64_t *start, *idx;
        cr_assert_eq(hs_network_neighbours(&start, &idx, NULL, n, dists[q]), HS_OK);
        for (size_t i = 0; i < ns; i++) {
            hs_network_segment si;
            hs_network_segment_get(&si, n, i);
            int64_t at = start[i];
            for (size_t j = 0; j < ns; j++) {
                if (j == i) {
                    continue;
                }
                hs_network_segment sj;
                hs_network_segment_get(&sj, n, j);
                double m = INFINITY;
                int64_t ei[2] = {si.from, si.to}, ej[2] = {sj.from, sj.to};
                for (int u = 0; u < 2; u++) {
                    for (int v = 0; v < 2; v++) {
                        m = fmin(m, D[(size_t)ei[u] * nn + (size_t)ej[v]]);
                    }
                }
                int want = m <= dists[q] * (1 + 1e-12);
                int got = at < start[i + 1] && idx[at] == (int64_t)j;
                cr_assert_eq(got, want, "d %g: segments %zu, %zu at %.3f m", dists[q], i, j, m);
                at += got;
            }
            cr_assert_eq(at, start[i + 1]);
        }
        free(start);
        free(idx);
    }
    free(D);
    hs_network_free(n);
}
