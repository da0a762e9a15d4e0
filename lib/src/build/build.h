/*
 * Private to the build module (the pipeline of `hotspot build`): its shared state, its stages
 * (build_*.c) and the fingerprints of incremental builds (buildstate.c). Nothing below includes it.
 */
#ifndef HS_BUILD_PRIVATE_H
#define HS_BUILD_PRIVATE_H

#include "core/hs_internal.h"

/* build*.c: the pipeline's shared state and its stages. */
#define HS__MAX_INPUT_ROWS 64
typedef struct hs__build {
    hs_ctx *ctx;
    const hs_project *p;
    hs_build_opts opts;
    hs_build_summary *sum;
    hs_tz tz;
    const char *lang;
    hs_records *crimes;
    hs_records *complaints;
    hs_rejects *rejects;
    hs_rejects *review; /* records kept at a coarser precision for a person to look at */
    int place_text;     /* some input's places are read from event texts */
    hs_areas *boundary; /* NULL when the project gives none */
    hs_areas *places;   /* NULL when the project gives none */
    int builtin_shapes; /* the boundary or the places are the built-in geography's */
    hs_gpkg *gpkg;
    char tmpdir[1024];             /* work files of this run */
    int64_t area;                  /* per-kommun pass: its boundary polygon; -1: the whole area */
    int kommun;                    /* per-kommun pass: its code; 0: the project's first */
    const struct hs__state *state; /* this run's fingerprints (digests of the inputs), or NULL */
    int64_t input_rows[HS__MAX_INPUT_ROWS]; /* rows read per [input], in project order */
    char thin[256];                         /* the steps of this pass that had too little data */
    hs_bbox seg_extent; /* the street segments with incidents (empty: xmin > xmax) */
} hs__build;
/* build_analysis.c: a step with too little data (HS_ENODATA): logged as "STEP: skipped, too little
 * data (reason)", recorded as the run parameter STEP_too_little_data = reason and listed for the
 * build's last log line; the error is cleared and HS_OK returned. Any other rc is returned
 * unchanged. hs__build_thin_note does the same for a step that ran but had too little data to
 * find anything (skipped = 0: "STEP: too little data (reason)"). */
HS_INTERNAL int hs__build_thin(hs__build *b, const char *step, int rc);
HS_INTERNAL int hs__build_thin_note(hs__build *b, const char *step, int skipped,
                                    const char *reason);
/* build_inputs.c */
HS_INTERNAL int hs__build_period(int64_t *start, int64_t *end, hs_tz tz, const char *period);
HS_INTERNAL int hs__build_inputs(hs__build *b);
/* build_geocode.c */
HS_INTERNAL int hs__build_geocode(hs__build *b);
/* build_temporal.c */
HS_INTERNAL int hs__build_temporal(hs__build *b);
/* build_stats.c: emerging, change and near_repeat on the Gi* cells g (counts, mask: nx * ny) */
HS_INTERNAL int hs__build_stats(hs__build *b, const hs_grid_spec *g, const double *counts,
                                const uint8_t *mask, const hs_gistar_opts *o);
/* build_period.c: the period report (--week, --month, --tertial, [output] cadence) */
HS_INTERNAL int hs__build_period_report(hs__build *b);
/* build_measure.c: the follow-up of each [measure NAME] (`measures`, `measure_series`) */
HS_INTERNAL int hs__build_measures(hs__build *b);
/* build_analysis.c */
HS_INTERNAL int hs__build_analysis(hs__build *b);
/* build_segments.c: concentration of the Gi* cells (counts over mask) and, with [segments]
 * network, the street segments */
HS_INTERNAL int hs__build_segments(hs__build *b, const hs_grid_spec *g, const double *cells,
                                   const uint8_t *mask);
/* build_outputs.c */
HS_INTERNAL int hs__build_outputs(hs__build *b);
/** The frame of a map from [output] extent (focus, kommun, x0,y0,x1,y1); empty for the kommun.
 * build_outputs.c */
HS_INTERNAL int hs__build_map_extent(hs_bbox *out, const hs__build *b, const hs_map *m);
/** The basemap files of the project ([basemap] files, [output] context), resolved, up to cap;
 * and the same added to a map. build_basemap.c */
HS_INTERNAL int hs__build_basemap_files(const hs__build *b, char (*out)[1024], size_t cap,
                                        size_t *n);
HS_INTERNAL int hs__build_basemap(const hs__build *b, hs_map *m);
/** Writes the basemap layers into the open GeoPackage and asks it for the QGIS project.
 * build_qgis.c */
HS_INTERNAL int hs__build_basemap_gpkg(hs__build *b);
struct hs__state;
/** The basemap files' fingerprints (a folder's: its files' names, sizes and times). */
HS_INTERNAL int hs__build_basemap_fingerprint(hs__build *b, struct hs__state *st,
                                              const struct hs__state *prev);
/** "Källa: Polisen; kommungräns och tätorter: SCB, Lantmäteriet; befolkning: SCB" for maps and
 * report. */
HS_INTERNAL void hs__build_source(char *source, size_t size, const hs__build *b);
/* build_kommun.c: one GeoPackage, maps and report per kommun of a multi-kommun project */
/* (several kommuner) records without a kommun code get the one of the polygon holding them */
HS_INTERNAL int hs__build_assign_kommun(hs__build *b);
HS_INTERNAL int hs__build_kommuner(hs__build *b);
HS_INTERNAL void hs__build_kommun_path(char *out, size_t cap, const char *path, const char *ext,
                                       int code);
/* buildstate.c: key/value fingerprints of what a build consumed, for incremental re-runs. */
typedef struct hs__state hs__state;
/** The SHA-256 of a fingerprinted file (the last word of its value), or NULL. */
HS_INTERNAL const char *hs__state_digest(const hs__state *s, const char *key);
HS_INTERNAL int hs__state_new(hs__state **out);
HS_INTERNAL void hs__state_free(hs__state *s);
HS_INTERNAL int hs__state_set(hs__state *s, const char *key, const char *val);
HS_INTERNAL const char *hs__state_get(const hs__state *s, const char *key);
/** Reads a state file; HS_ENOTFOUND when there is none. */
HS_INTERNAL int hs__state_read(hs__state **out, const char *path);
/** Writes a state file atomically. */
HS_INTERNAL int hs__state_write(const hs__state *s, const char *path);
/** Adds "size mtime_ns sha256" of path under key, reusing prev's digest when size and mtime match.
 */
HS_INTERNAL int hs__state_fingerprint(hs__state *s, const hs__state *prev, const char *key,
                                      const char *path);
/** 1 when both hold the same keys with the same digests/values. */
HS_INTERNAL int hs__state_same(const hs__state *a, const hs__state *b);

/** The categories near repeats are measured on by default (Knox on burglary). */
#define HS__NEAR_REPEAT_DEFAULT "inbrott"

/** Steps a permutation test may take in one build step before its permutations are reduced
 * (docs/pipeline.md), and the fewest it is reduced to. */
#define HS__PERM_BUDGET 2e8
#define HS__MIN_PERMUTATIONS 99

#endif
