/*
 * The CRS registry: definitions resolved with PROJ (EPSG, ESRI, OGC codes, WKT, PROJ strings,
 * PROJJSON, .prj/.qpj files) kept in the context under one integer code each, with their label,
 * name and kind. EPSG CRSs keep their EPSG code; a definition PROJ identifies as an EPSG CRS gets
 * that code; others get codes from HS_CRS_USER up. It resolves and describes; it transforms
 * nothing (crs_proj.c does).
 */
#include "crs/crs.h"

#include <math.h>
#include <proj.h>
#include <proj_experimental.h>
#include <stdlib.h>
#include <string.h>

typedef struct crs_ent {
    int code;
    PJ *pj;
    char label[64];
    char name[160];
} crs_ent;

struct hs__crsreg {
    crs_ent **e; /* entries stay in place: labels and names are borrowed */
    size_t n, cap;
    int next_user;
};

void hs__crs_reg_free(struct pj_ctx *pc, struct hs__crsreg *reg)
{
    (void)pc;
    if (!reg) {
        return;
    }
    for (size_t i = 0; i < reg->n; i++) {
        proj_destroy(reg->e[i]->pj);
        free(reg->e[i]);
    }
    free(reg->e);
    free(reg);
}

static struct hs__crsreg *reg_of(hs_ctx *ctx)
{
    struct hs__crsreg **slot = hs__crs_reg_slot(ctx);
    if (!slot) {
        return NULL;
    }
    if (!*slot) {
        *slot = calloc(1, sizeof **slot);
        if (*slot) {
            (*slot)->next_user = HS_CRS_USER;
            ctx->pjcache->reg_free = hs__crs_reg_free; /* the slot lives in ctx->pjcache */
        }
    }
    return *slot;
}

static crs_ent *find(struct hs__crsreg *r, int code)
{
    for (size_t i = 0; r && i < r->n; i++) {
        if (r->e[i]->code == code) {
            return r->e[i];
        }
    }
    return NULL;
}

/* Adds (code, pj) to the registry, which takes pj. */
static crs_ent *add(struct hs__crsreg *r, int code, PJ *pj, const char *label)
{
    crs_ent *e = calloc(1, sizeof *e);
    if (!e || hs__grow((void **)&r->e, &r->cap, r->n + 1, sizeof *r->e) != HS_OK) {
        free(e);
        proj_destroy(pj);
        return NULL;
    }
    r->e[r->n++] = e;
    e->code = code;
    e->pj = pj;
    const char *nm = proj_get_name(pj);
    hs__fmt(e->name, sizeof e->name, "%s", nm ? nm : label);
    hs__fmt(e->label, sizeof e->label, "%s", label);
    return e;
}

static crs_ent *epsg_entry(hs_ctx *ctx, int code)
{
    struct hs__crsreg *r = reg_of(ctx);
    crs_ent *e = find(r, code);
    if (e || !r || code <= 0 || code >= HS_CRS_USER) {
        return e;
    }
    PJ_CONTEXT *pc = hs__proj_ctx(ctx);
    if (!pc) {
        return NULL;
    }
    char s[16], label[32];
    hs__fmt(s, sizeof s, "%d", code);
    PJ *pj = proj_create_from_database(pc, "EPSG", s, PJ_CATEGORY_CRS, 0, NULL);
    if (!pj) {
        return NULL;
    }
    hs__fmt(label, sizeof label, "EPSG:%d", code);
    return add(r, code, pj, label);
}

PJ *hs__crs_obj(hs_ctx *ctx, int code)
{
    crs_ent *e = code >= HS_CRS_USER ? find(reg_of(ctx), code) : epsg_entry(ctx, code);
    return e ? e->pj : NULL;
}

/* "EPSG:n", "epsg:n" or a bare number: n; 0 when s is something else. */
static int plain_epsg(const char *s)
{
    if (hs__strcasecmp(s, "auto") == 0) {
        return 0;
    }
    if ((s[0] | 0x20) == 'e' && (s[1] | 0x20) == 'p' && (s[2] | 0x20) == 's' &&
        (s[3] | 0x20) == 'g' && s[4] == ':') {
        s += 5;
    }
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') {
            return 0;
        }
    }
    return *s && hs__parse_int64(&v, s) == HS_OK && v > 0 && v < HS_CRS_USER ? (int)v : 0;
}

/* The EPSG code PROJ gives pj, directly or by identification (an equivalent CRS, whatever its
 * name); 0 none. */
static int epsg_of(PJ_CONTEXT *pc, PJ *pj)
{
    const char *auth = proj_get_id_auth_name(pj, 0);
    const char *code = proj_get_id_code(pj, 0);
    int64_t v = 0;
    if (auth && code && strcmp(auth, "EPSG") == 0 && hs__parse_int64(&v, code) == HS_OK && v > 0 &&
        v < HS_CRS_USER) {
        return (int)v;
    }
    if (auth) {
        return 0; /* ESRI:n, OGC:CRS84 ...: keep the authority the user named */
    }
    int *conf = NULL;
    PJ_OBJ_LIST *l = proj_identify(pc, pj, "EPSG", NULL, &conf);
    int out = 0;
    if (l && proj_list_get_count(l) > 0 && conf && conf[0] >= 70) {
        PJ *c = proj_list_get(pc, l, 0);
        const char *cc = c ? proj_get_id_code(c, 0) : NULL;
        /* equivalent once both are in the x = easting/lon order the data are read in */
        PJ *nc = c ? proj_normalize_for_visualization(pc, c) : NULL;
        PJ *np = proj_normalize_for_visualization(pc, pj);
        if (cc && nc && np && hs__parse_int64(&v, cc) == HS_OK && v > 0 && v < HS_CRS_USER &&
            proj_is_equivalent_to(nc, np, PJ_COMP_EQUIVALENT)) {
            out = (int)v;
        }
        proj_destroy(nc);
        proj_destroy(np);
        proj_destroy(c);
    }
    proj_int_list_destroy(conf);
    proj_list_destroy(l);
    return out;
}

/* Registers a CRS object (taking it): its EPSG code when it has one, else an equivalent user
 * entry or a new one. */
static int intern(int *code, hs_ctx *ctx, PJ *pj)
{
    PJ_CONTEXT *pc = hs__proj_ctx(ctx);
    struct hs__crsreg *r = reg_of(ctx);
    if (!pc || !r) {
        proj_destroy(pj);
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    int epsg = epsg_of(pc, pj);
    if (epsg && epsg_entry(ctx, epsg)) {
        proj_destroy(pj);
        *code = epsg;
        return HS_OK;
    }
    for (size_t i = 0; i < r->n; i++) {
        if (r->e[i]->code >= HS_CRS_USER &&
            proj_is_equivalent_to(r->e[i]->pj, pj, PJ_COMP_EQUIVALENT)) {
            proj_destroy(pj);
            *code = r->e[i]->code;
            return HS_OK;
        }
    }
    const char *auth = proj_get_id_auth_name(pj, 0);
    const char *ac = proj_get_id_code(pj, 0);
    const char *nm = proj_get_name(pj);
    char label[64];
    if (auth && ac) {
        hs__fmt(label, sizeof label, "%s:%s", auth, ac);
    } else {
        hs__fmt(label, sizeof label, "%s", nm && *nm ? nm : "custom CRS");
    }
    if (!add(r, r->next_user, pj, label)) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    *code = r->next_user++;
    return HS_OK;
}

int hs_crs_resolve(int *code, hs_ctx *ctx, const char *def)
{
    *code = 0;
    if (!def) {
        return hs__error(ctx, HS_EINVAL, "hs_crs_resolve: no definition");
    }
    while (*def == ' ' || *def == '\t' || *def == '\n' || *def == '\r') {
        def++;
    }
    if (!*def) {
        return hs__error(ctx, HS_EINVAL, "an empty CRS definition");
    }
    int e = plain_epsg(def);
    if (e) {
        if (!epsg_entry(ctx, e)) {
            return hs__error(ctx, HS_EUNSUPPORTED, "'%s' is not a CRS PROJ knows", def);
        }
        *code = e;
        return HS_OK;
    }
    PJ_CONTEXT *pc = hs__proj_ctx(ctx);
    if (!pc) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    /* a PROJ string names a CRS only with +type=crs */
    char *buf = NULL;
    const char *src = def;
    if ((def[0] == '+' || strncmp(def, "proj=", 5) == 0) && !strstr(def, "type=crs")) {
        size_t n = strlen(def);
        buf = malloc(n + 12);
        if (!buf) {
            return hs__error(ctx, HS_ENOMEM, "out of memory");
        }
        memcpy(buf, def, n);
        memcpy(buf + n, " +type=crs", 11);
        src = buf;
    }
    PJ *pj = proj_create(pc, src);
    free(buf);
    if (pj && proj_get_type(pj) == PJ_TYPE_BOUND_CRS) {
        PJ *base = proj_get_source_crs(pc, pj);
        if (base) {
            proj_destroy(pj);
            pj = base;
        }
    }
    if (!pj || !proj_is_crs(pj)) {
        proj_destroy(pj);
        char shown[120];
        int cut = hs__fmt(shown, sizeof shown, "%s", def);
        return hs__error(ctx, HS_EUNSUPPORTED, "'%s%s' is not a CRS PROJ knows", shown,
                         cut ? "..." : "");
    }
    return intern(code, ctx, pj);
}

int hs_crs_read_file(int *code, hs_ctx *ctx, const char *path)
{
    *code = 0;
    char *buf = NULL;
    size_t len = 0;
    int rc =
        hs__file_read_small(&buf, &len, ctx, path, 1 << 20); /* a .prj is a few hundred bytes */
    if (rc != HS_OK) {
        return rc;
    }
    rc = hs_crs_resolve(code, ctx, buf);
    free(buf);
    if (rc != HS_OK) {
        char msg[512];
        hs__fmt(msg, sizeof msg, "%s", hs_ctx_errmsg(ctx));
        return hs__error(ctx, rc, "%s: %s", path, msg);
    }
    return HS_OK;
}

static crs_ent *entry(hs_ctx *ctx, int code)
{
    return code >= HS_CRS_USER ? find(reg_of(ctx), code) : epsg_entry(ctx, code);
}

const char *hs_crs_label(hs_ctx *ctx, int code)
{
    crs_ent *e = ctx ? entry(ctx, code) : NULL;
    if (e) {
        return e->label;
    }
    static _Thread_local char buf[32]; /* an EPSG code without a context to look it up in */
    if (code > 0 && code < HS_CRS_USER) {
        hs__fmt(buf, sizeof buf, "EPSG:%d", code);
        return buf;
    }
    return "?";
}

const char *hs_crs_name(hs_ctx *ctx, int code)
{
    crs_ent *e = ctx ? entry(ctx, code) : NULL;
    return e ? e->name : "?";
}

int hs__crs_kind_of(hs__crs_kind *k, hs_ctx *ctx, int code)
{
    memset(k, 0, sizeof *k);
    PJ *pj = hs__crs_obj(ctx, code);
    PJ_CONTEXT *pc = hs__proj_ctx(ctx);
    if (!pj || !pc) {
        return hs__error(ctx, HS_EUNSUPPORTED, "CRS %d is not known", code);
    }
    PJ *h = pj;
    PJ *own = NULL;
    if (proj_get_type(pj) == PJ_TYPE_COMPOUND_CRS) {
        own = proj_crs_get_sub_crs(pc, pj, 0);
        h = own ? own : pj;
    }
    PJ_TYPE t = proj_get_type(h);
    k->geographic = t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS ||
                    t == PJ_TYPE_GEOGRAPHIC_CRS;
    k->projected = t == PJ_TYPE_PROJECTED_CRS;
    PJ *cs = proj_crs_get_coordinate_system(pc, h);
    double f = 0.0;
    if (cs && proj_cs_get_axis_count(pc, cs) >= 1) {
        (void)proj_cs_get_axis_info(pc, cs, 0, NULL, NULL, NULL, &f, NULL, NULL, NULL);
    }
    k->unit_m = k->geographic ? 0.0 : f;
    proj_destroy(cs);
    proj_destroy(own);
    return HS_OK;
}

int hs_crs_check_work(hs_ctx *ctx, int code)
{
    hs__crs_kind k;
    int rc = hs__crs_kind_of(&k, ctx, code);
    if (rc != HS_OK) {
        return rc;
    }
    const char *label = hs_crs_label(ctx, code);
    if (k.geographic) {
        return hs__error(ctx, HS_EUNSUPPORTED,
                         "%s (%s) is in degrees: the working CRS must be projected, in metres, "
                         "because cell sizes, bandwidths and distances are lengths",
                         label, hs_crs_name(ctx, code));
    }
    if (!k.projected) {
        return hs__error(ctx, HS_EUNSUPPORTED,
                         "%s (%s) is not a projected CRS: the working CRS must be projected, in "
                         "metres",
                         label, hs_crs_name(ctx, code));
    }
    if (fabs(k.unit_m - 1.0) > 1e-12) {
        return hs__error(ctx, HS_EUNSUPPORTED,
                         "%s (%s) has units of %g m: the working CRS must be in metres", label,
                         hs_crs_name(ctx, code), k.unit_m);
    }
    return HS_OK;
}

int hs__crs_metric(int *out, hs_ctx *ctx, int code)
{
    *out = code;
    hs__crs_kind k;
    int rc = hs__crs_kind_of(&k, ctx, code);
    if (rc != HS_OK || !k.projected || fabs(k.unit_m - 1.0) <= 1e-12) {
        return rc;
    }
    /* the same datum and conversion on easting/northing axes in metres, under a name of its own
     * and without an id, so that identification decides its code */
    PJ_CONTEXT *pc = hs__proj_ctx(ctx);
    PJ *src = hs__crs_obj(ctx, code);
    PJ *geod = proj_crs_get_geodetic_crs(pc, src);
    PJ *conv = proj_crs_get_coordoperation(pc, src);
    PJ *cs = proj_create_cartesian_2D_cs(pc, PJ_CART2D_EASTING_NORTHING, "metre", 1.0);
    char name[200];
    hs__fmt(name, sizeof name, "%s, in metres", hs_crs_name(ctx, code));
    PJ *anon = geod && conv && cs ? proj_create_projected_crs(pc, name, geod, conv, cs) : NULL;
    proj_destroy(geod);
    proj_destroy(conv);
    proj_destroy(cs);
    if (!anon) {
        return hs__error(ctx, HS_EUNSUPPORTED, "%s: cannot express the CRS in metres",
                         hs_crs_label(ctx, code));
    }
    return intern(out, ctx, anon);
}
