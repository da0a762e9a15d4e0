/*
 * Writers of the grid (squares or hexagons, clipped or not, with population and rates),
 * places/kommuner and comparison layers: field lists, cell polygons and rows through the hs_gpkg
 * API. No statistics here; the numbers come in as arrays.
 */
#include "core/hs_internal.h"
#include "grid/grid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void hs_field_suffix(char *buf, size_t size, const char *name)
{
    size_t n = 0;
    const unsigned char *s = (const unsigned char *)(name ? name : "");
    while (*s && n + 1 < size) {
        unsigned char c = *s;
        if (c == 0xC3 && s[1]) {
            unsigned char d = s[1];
            /* å Å ä Ä -> a, ö Ö -> o, é É -> e, ü -> u */
            char r = (d == 0xA5 || d == 0x85 || d == 0xA4 || d == 0x84) ? 'a'
                     : (d == 0xB6 || d == 0x96)                         ? 'o'
                     : (d == 0xA9 || d == 0x89)                         ? 'e'
                     : (d == 0xBC || d == 0x9C)                         ? 'u'
                                                                        : '_';
            buf[n++] = r;
            s += 2;
            continue;
        }
        if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c - 'A' + 'a');
        }
        buf[n++] = (char)((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_');
        s++;
        while ((*s & 0xC0) == 0x80) { /* rest of another multi-byte character */
            s++;
        }
    }
    buf[n] = '\0';
}

/* Field definitions: fixed ones, then n_<category> for each category (cat_fields: the names as
 * they are), then suppressed and the extra fields. */
static int make_fields(hs_field_def **out, char **names, const hs_field_def *fixed, size_t nfixed,
                       const char *const *cat_names, const char *const *cat_fields, size_t ncat,
                       int with_suppressed, const hs_field_def *extra, size_t nextra)
{
    size_t n = nfixed + ncat + (size_t)with_suppressed + nextra;
    hs_field_def *f = calloc(n, sizeof *f);
    char *buf = calloc(ncat ? ncat : 1, 72);
    if (!f || !buf) {
        free(f);
        free(buf);
        return HS_ENOMEM;
    }
    memcpy(f, fixed, nfixed * sizeof *f);
    for (size_t k = 0; k < ncat; k++) {
        char suffix[64];
        hs_field_suffix(suffix, sizeof suffix, cat_names ? cat_names[k] : "");
        hs__fmt(buf + k * 72, 72, "n_%s", suffix);
        f[nfixed + k] = (hs_field_def){cat_fields ? cat_fields[k] : buf + k * 72, HS_FIELD_INT};
    }
    if (with_suppressed) {
        f[nfixed + ncat] = (hs_field_def){"suppressed", HS_FIELD_INT};
    }
    for (size_t e = 0; e < nextra; e++) {
        f[n - nextra + e] = extra[e];
    }
    *out = f;
    *names = buf;
    return HS_OK;
}

/* The row filter: keep, else the clip, else all cells or those with n > 0. */
static int row_kept(const hs_grid_layer_opts *o, const int64_t *counts, size_t c)
{
    if (o->clip && hs_grid_clip_state(o->clip)[c] == HS_CLIP_OUTSIDE) {
        return 0;
    }
    return o->keep ? o->keep[c] != 0 : (o->clip || o->all_cells || counts[c] > 0);
}

int hs_layer_cells(hs_gpkg *g, const hs_cellgrid *grid, const int64_t *counts,
                   const hs_grid_layer_opts *opts)
{
    static const hs_field_def fixed[] = {{"cell_id", HS_FIELD_TEXT},
                                         {"x0", HS_FIELD_REAL},
                                         {"y0", HS_FIELD_REAL},
                                         {"size", HS_FIELD_REAL},
                                         {"n", HS_FIELD_INT}};
    static const hs_field_def extra[] = {
        {"area", HS_FIELD_REAL}, {"pop", HS_FIELD_REAL}, {"rate", HS_FIELD_REAL}};
    hs_grid_layer_opts defaults = HS_GRID_LAYER_OPTS_INIT;
    const hs_grid_layer_opts *o = opts ? opts : &defaults;
    if (!g || !grid || !counts ||
        (o->clip && hs_cellgrid_ncells(&o->clip->grid) != hs_cellgrid_ncells(grid))) {
        return HS_EINVAL;
    }
    size_t ncat = o->cat_counts ? o->ncat : 0;
    int with_area = o->clip != NULL, with_pop = o->pop != NULL;
    const hs_field_def *ex = with_area ? extra : extra + 1;
    size_t nextra = (size_t)with_area + 2 * (size_t)with_pop;
    hs_field_def *fields;
    char *names;
    int rc =
        make_fields(&fields, &names, fixed, 5, o->cat_names, o->cat_fields, ncat, 1, ex, nextra);
    if (rc != HS_OK) {
        return rc;
    }
    size_t nf = 5 + ncat + 1 + nextra;
    hs_value *v = calloc(nf, sizeof *v);
    if (!v) {
        free(fields);
        free(names);
        return HS_ENOMEM;
    }
    hs_geom_kind kind = o->clip ? HS_GEOM_MULTIPOLYGON : HS_GEOM_POLYGON;
    rc = hs_gpkg_layer_begin(g, o->name ? o->name : "grid", kind, fields, nf);
    size_t ncell = hs_cellgrid_ncells(grid);
    double size = hs_cellgrid_size(grid);
    char id[64];
    hs_point ring[7];
    for (size_t c = 0; rc == HS_OK && c < ncell; c++) {
        if (!row_kept(o, counts, c)) {
            continue;
        }
        int supp = counts[c] > 0 && counts[c] < o->min_count;
        int hide = supp && o->null_suppressed;
        hs_cellgrid_cell_id(id, sizeof id, grid, c);
        memset(v, 0, nf * sizeof *v);
        v[0].s = id;
        hs_cellgrid_anchor(&v[1].d, &v[2].d, grid, c);
        v[3].d = size;
        v[4].i = counts[c];
        v[4].null = hide;
        for (size_t k = 0; k < ncat; k++) {
            v[5 + k].i = o->cat_counts[k * ncell + c];
            v[5 + k].null = hide;
        }
        size_t f = 5 + ncat;
        v[f++].i = supp;
        if (with_area) {
            v[f++].d = hs_grid_clip_area(o->clip)[c];
        }
        if (with_pop) {
            double p = o->pop[c], rate;
            hs_grid_rates_min(&rate, &counts[c], &p, 1, o->min_pop);
            v[f].d = p;
            v[f].null = !isfinite(p);
            f++;
            v[f].d = rate;
            v[f].null = supp || !isfinite(rate);
            f++;
        }
        size_t rlen = hs_cellgrid_ring(ring, grid, c), nr = 1;
        const hs_point *pts = ring;
        const size_t *rl = &rlen;
        if (o->clip) {
            const hs_point *cp;
            const size_t *crl;
            size_t cnr = 0;
            hs_grid_clip_rings(&cp, &crl, &cnr, NULL, o->clip, c);
            if (cnr) {
                pts = cp;
                rl = crl;
                nr = cnr;
            }
        }
        hs_geom geom = {kind, 0, 0, pts, rl, nr};
        rc = hs_gpkg_add_row(g, &geom, v);
    }
    free(v);
    free(fields);
    free(names);
    return rc;
}

int hs_layer_grid(hs_gpkg *g, const char *name, const hs_grid_spec *spec, const int64_t *counts,
                  const int64_t *cat_counts, const char *const *cat_names, size_t ncat,
                  const uint8_t *mask, int min_count)
{
    if (!g || !spec || !counts) {
        return HS_EINVAL;
    }
    hs_cellgrid cg = {.shape = HS_GRID_SQUARE, .square = *spec};
    hs_grid_layer_opts o = HS_GRID_LAYER_OPTS_INIT;
    o.name = name;
    o.cat_counts = cat_counts;
    o.cat_names = cat_names;
    o.ncat = ncat;
    o.keep = mask;
    o.min_count = min_count;
    return hs_layer_cells(g, &cg, counts, &o);
}

int hs_layer_areas(hs_gpkg *g, const char *name, const hs_areas *a, const int64_t *counts,
                   const int64_t *cat_counts, const char *const *cat_names, size_t ncat,
                   int min_count, int kommun_layer)
{
    static const hs_field_def place_fixed[] = {{"place_id", HS_FIELD_TEXT},
                                               {"name", HS_FIELD_TEXT},
                                               {"kind", HS_FIELD_TEXT},
                                               {"n", HS_FIELD_INT}};
    static const hs_field_def kommun_fixed[] = {
        {"kommun_code", HS_FIELD_TEXT}, {"name", HS_FIELD_TEXT}, {"n", HS_FIELD_INT}};
    if (!g || !a || !counts) {
        return HS_EINVAL;
    }
    if (!cat_counts || kommun_layer) {
        ncat = 0;
    }
    size_t nfixed = kommun_layer ? 3 : 4;
    hs_field_def *fields;
    char *names;
    int rc = make_fields(&fields, &names, kommun_layer ? kommun_fixed : place_fixed, nfixed,
                         cat_names, NULL, ncat, !kommun_layer, NULL, 0);
    if (rc != HS_OK) {
        return rc;
    }
    size_t nf = nfixed + ncat + (kommun_layer ? 0 : 1);
    hs_value *v = calloc(nf, sizeof *v);
    if (!v) {
        free(fields);
        free(names);
        return HS_ENOMEM;
    }
    rc = hs_gpkg_layer_begin(g, name, HS_GEOM_MULTIPOLYGON, fields, nf);
    size_t narea = hs_areas_count(a);
    for (size_t k = 0; rc == HS_OK && k < narea; k++) {
        const hs_point *pts;
        const size_t *rl;
        size_t nr;
        if (hs_areas_rings(&pts, &rl, &nr, NULL, a, k) != HS_OK || nr == 0) {
            continue;
        }
        memset(v, 0, nf * sizeof *v);
        size_t f = 0;
        v[f++].s = hs_areas_id(a, k);
        v[f].s = hs_areas_name(a, k);
        v[f].null = !v[f].s;
        f++;
        if (!kommun_layer) {
            v[f].s = hs_areas_kind(a, k);
            v[f].null = !v[f].s;
            f++;
        }
        v[f++].i = counts[k];
        for (size_t c = 0; c < ncat; c++) {
            v[f++].i = cat_counts[c * narea + k];
        }
        if (!kommun_layer) {
            v[f].i = counts[k] > 0 && counts[k] < min_count;
        }
        hs_geom geom = {HS_GEOM_MULTIPOLYGON, 0, 0, pts, rl, nr};
        rc = hs_gpkg_add_row(g, &geom, v);
    }
    free(v);
    free(fields);
    free(names);
    return rc;
}

static void set_real(hs_value *v, const double *a, size_t c)
{
    v->null = !a || !isfinite(a[c]);
    v->d = a && isfinite(a[c]) ? a[c] : 0;
}

int hs_layer_comparison(hs_gpkg *g, const hs_grid_spec *spec, const hs_cmp_cells *cc,
                        const uint8_t *mask, const char *lang)
{
    static const hs_field_def fields[] = {
        {"cell_id", HS_FIELD_TEXT},     {"x0", HS_FIELD_REAL},
        {"y0", HS_FIELD_REAL},          {"size", HS_FIELD_REAL},
        {"n_crime", HS_FIELD_INT},      {"n_insecurity", HS_FIELD_INT},
        {"gi_bin_crime", HS_FIELD_INT}, {"gi_bin_insecurity", HS_FIELD_INT},
        {"class", HS_FIELD_TEXT},       {"class_label", HS_FIELD_TEXT},
        {"log_ratio", HS_FIELD_REAL},   {"share_diff", HS_FIELD_REAL},
        {"log_rr", HS_FIELD_REAL},      {"p_crime", HS_FIELD_REAL},
        {"p_insecurity", HS_FIELD_REAL}};
    enum { NF = sizeof fields / sizeof fields[0] };
    if (!g || !spec || !cc || !cc->n_crime || !cc->n_insecurity || !cc->cls) {
        return HS_EINVAL;
    }
    int rc = hs_gpkg_layer_begin(g, "comparison", HS_GEOM_POLYGON, fields, NF);
    size_t ncell = (size_t)(spec->nx * spec->ny);
    hs_value v[NF];
    char id[32];
    hs_point ring[5];
    size_t rlen = 5;
    for (size_t c = 0; rc == HS_OK && c < ncell; c++) {
        if (mask ? !mask[c] : cc->n_crime[c] <= 0 && cc->n_insecurity[c] <= 0) {
            continue;
        }
        int64_t ix = (int64_t)(c % (size_t)spec->nx), iy = (int64_t)(c / (size_t)spec->nx);
        hs_grid_cell_id(id, sizeof id, spec, ix, iy);
        memset(v, 0, sizeof v);
        v[0].s = id;
        v[1].d = spec->x0 + (double)ix * spec->cell;
        v[2].d = spec->y0 + (double)iy * spec->cell;
        v[3].d = spec->cell;
        v[4].i = (int64_t)llround(cc->n_crime[c]);
        v[5].i = (int64_t)llround(cc->n_insecurity[c]);
        v[6].i = cc->bin_crime ? cc->bin_crime[c] : 0;
        v[7].i = cc->bin_insecurity ? cc->bin_insecurity[c] : 0;
        v[8].s = hs_cmp_class_key((hs_cmp_class)cc->cls[c]);
        v[9].s = hs_cmp_class_label((hs_cmp_class)cc->cls[c], lang);
        set_real(&v[10], cc->log_ratio, c);
        set_real(&v[11], cc->share_diff, c);
        set_real(&v[12], cc->log_rr, c);
        set_real(&v[13], cc->p_crime, c);
        set_real(&v[14], cc->p_insecurity, c);
        hs__cell_ring(ring, spec, ix, iy);
        hs_geom geom = {HS_GEOM_POLYGON, 0, 0, ring, &rlen, 1};
        rc = hs_gpkg_add_row(g, &geom, v);
    }
    return rc;
}
