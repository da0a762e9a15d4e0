/*
 * The two record layers every run writes, built on the generic layer writer (gpkg_sqlite.c): the
 * `incidents` point layer with the SPEC fields (times as ISO 8601 local time with offset, the
 * precision as text, the kommun code as four digits, the grid cell id) and the `rejects` table,
 * whose counts per reason also go to the run metadata. Free text such as addresses and matched
 * labels is never written (privacy); the nearest named place (a public name) is. No SQLite or GDAL
 * here.
 */
#include "core/hs_internal.h"
#include "gpkg/gpkg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const hs_field_def incident_fields[] = {
    {"id", HS_FIELD_TEXT},          {"source", HS_FIELD_TEXT},
    {"category", HS_FIELD_TEXT},    {"focus_area", HS_FIELD_TEXT},
    {"t_from", HS_FIELD_DATETIME},  {"t_to", HS_FIELD_DATETIME},
    {"precision", HS_FIELD_TEXT},   {"geocode_score", HS_FIELD_REAL},
    {"kommun_code", HS_FIELD_TEXT}, {"cell_id", HS_FIELD_TEXT},
    {"place", HS_FIELD_TEXT},       {"category_label", HS_FIELD_TEXT},
    {"place_text", HS_FIELD_TEXT},  {"place_source", HS_FIELD_TEXT}};
#define N_INCIDENT_FIELDS (sizeof incident_fields / sizeof incident_fields[0])

static void text(hs_value *v, const char *s)
{
    v->null = s == NULL;
    v->s = s;
}

/* The display name of a category (hs_gpkg_set_categories), else the key itself. */
static const char *category_label(const hs_gpkg *g, const char *key)
{
    for (size_t i = 0; key && i < g->ncat; i++) {
        if (strcmp(g->cat_key[i], key) == 0) {
            return g->cat_label[i];
        }
    }
    return key;
}

static const hs_field_def category_fields[] = {
    {"category", HS_FIELD_TEXT}, {"label_sv", HS_FIELD_TEXT}, {"label_en", HS_FIELD_TEXT}};

int hs_gpkg_set_categories(hs_gpkg *g, const char *const *categories, const char *const *label_sv,
                           const char *const *label_en, size_t n, const char *lang)
{
    if (!g || (n > 0 && (!categories || !label_sv || !label_en))) {
        return hs__error(g ? g->ctx : NULL, HS_EINVAL, "hs_gpkg_set_categories: invalid arguments");
    }
    int en = lang && strcmp(lang, "en") == 0;
    for (size_t i = 0; i < g->ncat; i++) {
        free(g->cat_key[i]);
        free(g->cat_label[i]);
    }
    free(g->cat_key);
    free(g->cat_label);
    g->ncat = 0;
    g->cat_key = calloc(n ? n : 1, sizeof(char *));
    g->cat_label = calloc(n ? n : 1, sizeof(char *));
    if (!g->cat_key || !g->cat_label) {
        return hs__error(g->ctx, HS_ENOMEM, "out of memory");
    }
    int rc = hs_gpkg_layer_begin(g, "categories", HS_GEOM_NONE, category_fields, 3);
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        if (!categories[i]) {
            continue;
        }
        const char *sv = label_sv[i] ? label_sv[i] : label_en[i];
        const char *e = label_en[i] ? label_en[i] : label_sv[i];
        const char *l = en ? e : sv;
        l = l ? l : categories[i];
        hs_value v[3];
        memset(v, 0, sizeof v);
        text(&v[0], categories[i]);
        text(&v[1], sv ? sv : categories[i]);
        text(&v[2], e ? e : categories[i]);
        rc = hs_gpkg_add_row(g, NULL, v);
        g->cat_key[g->ncat] = hs__strdup(categories[i]);
        g->cat_label[g->ncat] = hs__strdup(l);
        if (!g->cat_key[g->ncat] || !g->cat_label[g->ncat]) {
            free(g->cat_key[g->ncat]);
            free(g->cat_label[g->ncat]);
            return hs__error(g->ctx, HS_ENOMEM, "out of memory");
        }
        g->ncat++;
    }
    return rc;
}

int hs_gpkg_write_incidents(hs_gpkg *g, const hs_records *records, const hs_grid_spec *grid)
{
    return hs_gpkg_write_records(g, "incidents", records, grid);
}

int hs_gpkg_write_records(hs_gpkg *g, const char *name, const hs_records *records,
                          const hs_grid_spec *grid)
{
    if (!g || !records || !name) {
        return hs__error(g ? g->ctx : NULL, HS_EINVAL, "hs_gpkg_write_records: no records");
    }
    int rc = hs_gpkg_layer_begin(g, name, HS_GEOM_POINT, incident_fields, N_INCIDENT_FIELDS);
    if (rc) {
        return rc;
    }
    size_t n = hs_records_count(records);
    hs_value v[N_INCIDENT_FIELDS];
    char kommun[16];
    char cell[32];
    for (size_t i = 0; i < n; i++) {
        hs_record r;
        rc = hs_records_get(&r, records, i);
        if (rc) {
            return hs__error(g->ctx, rc, "hs_gpkg_write_incidents: record %zu", i);
        }
        if ((i & 65535) == 65535 && (rc = hs__progress(g->ctx, "incidents", (double)i / n))) {
            return rc;
        }
        if (r.precision == HS_PREC_NONE) {
            continue;
        }
        memset(v, 0, sizeof v);
        text(&v[0], r.id);
        text(&v[1], r.source);
        text(&v[2], r.category);
        text(&v[3], r.focus_area);
        v[4].i = r.t_from;
        v[4].null = r.t_from == HS_TIME_NONE;
        v[5].i = r.t_to;
        v[5].null = r.t_to == HS_TIME_NONE;
        text(&v[6], hs_precision_name(r.precision));
        v[7].d = r.geocode_score;
        v[7].null = isnan(r.geocode_score);
        if (r.kommun_code > 0) {
            *hs__put_digits(kommun, (uint64_t)r.kommun_code, 4) = '\0';
            text(&v[8], kommun);
        } else {
            text(&v[8], NULL);
        }
        int64_t ix;
        int64_t iy;
        if (grid && hs_precision_is_local(r.precision) &&
            hs_grid_cell_of(&ix, &iy, grid, r.x, r.y) == 0) {
            hs_grid_cell_id(cell, sizeof cell, grid, ix, iy);
            text(&v[9], cell);
        } else {
            text(&v[9], NULL);
        }
        text(&v[10], r.place); /* a public place name from the gazetteer or the project */
        text(&v[11], category_label(g, r.category));
        text(&v[12], r.place_text); /* only the matched phrase, never the text around it */
        text(&v[13], r.place_field);
        hs_geom geom = {HS_GEOM_POINT, r.x, r.y, NULL, NULL, 0};
        int located = !isnan(r.x) && !isnan(r.y);
        rc = hs_gpkg_add_row(g, located ? &geom : NULL, v);
        if (rc) {
            return rc;
        }
    }
    return HS_OK;
}

static const hs_field_def reject_fields[] = {{"source", HS_FIELD_TEXT},
                                             {"row", HS_FIELD_INT},
                                             {"column", HS_FIELD_TEXT},
                                             {"value", HS_FIELD_TEXT},
                                             {"reason", HS_FIELD_TEXT}};

/* A table of five fields (source, row, and the three texts of each entry) from a list. */
static int write_list(hs_gpkg *g, const char *name, const hs_field_def *fields,
                      const hs_rejects *list)
{
    int rc = hs_gpkg_layer_begin(g, name, HS_GEOM_NONE, fields, 5);
    size_t n = hs_rejects_count(list);
    for (size_t i = 0; i < n && !rc; i++) {
        hs_reject r;
        rc = hs_rejects_get(&r, list, i);
        if (rc) {
            return hs__error(g->ctx, rc, "%s: entry %zu", name, i);
        }
        hs_value v[5];
        memset(v, 0, sizeof v);
        text(&v[0], r.source);
        v[1].i = r.row;
        text(&v[2], r.column);
        text(&v[3], r.value);
        text(&v[4], r.reason);
        rc = hs_gpkg_add_row(g, NULL, v);
    }
    return rc;
}

int hs_gpkg_write_rejects(hs_gpkg *g, const hs_rejects *rejects)
{
    if (!g || !rejects) {
        return hs__error(g ? g->ctx : NULL, HS_EINVAL, "hs_gpkg_write_rejects: no rejects");
    }
    int rc = write_list(g, "rejects", reject_fields, rejects);
    size_t n = hs_rejects_count(rejects);
    const char *reasons[64];
    size_t counts[64];
    size_t nr = rc ? 0 : hs_rejects_by_reason(reasons, counts, 64, rejects);
    char total[32];
    hs__fmt(total, sizeof total, "%zu", n);
    if (!rc) {
        rc = hs_gpkg_set_param(g, "rejects", total, "count");
    }
    for (size_t i = 0; i < nr && !rc; i++) {
        char key[128];
        char num[32];
        hs__fmt(key, sizeof key, "rejects.%s", reasons[i] ? reasons[i] : "unknown");
        hs__fmt(num, sizeof num, "%zu", counts[i]);
        rc = hs_gpkg_set_param(g, key, num, "count");
    }
    return rc;
}

static const hs_field_def review_fields[] = {{"source", HS_FIELD_TEXT},
                                             {"row", HS_FIELD_INT},
                                             {"place_text", HS_FIELD_TEXT},
                                             {"candidates", HS_FIELD_TEXT},
                                             {"reason", HS_FIELD_TEXT}};

int hs_gpkg_write_review(hs_gpkg *g, const hs_rejects *review)
{
    if (!g || !review) {
        return hs__error(g ? g->ctx : NULL, HS_EINVAL, "hs_gpkg_write_review: no list");
    }
    int rc = write_list(g, "review", review_fields, review);
    char total[32];
    hs__fmt(total, sizeof total, "%zu", hs_rejects_count(review));
    return rc ? rc : hs_gpkg_set_param(g, "review", total, "count");
}
