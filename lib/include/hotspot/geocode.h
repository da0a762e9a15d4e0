/*
 * Offline geocoding of Swedish addresses and place names against a local gazetteer (a SQLite file
 * built from address points, OpenStreetMap extracts, named places and kommun boundaries). Every
 * answer carries a precision, a score in [0, 1] and the matched label; ties and low scores are
 * flagged for review instead of being placed at the first hit. No network access, ever.
 */
#ifndef HOTSPOT_GEOCODE_H
#define HOTSPOT_GEOCODE_H

#include "records.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How to build a gazetteer. */
typedef struct hs_gazetteer_opts {
    int version;            /**< HS_GAZETTEER_OPTS_VERSION */
    int overwrite;          /**< replace an existing output */
    const char *boundaries; /**< kommun polygons (code, name) to assign kommun codes; NULL: none */
    int kommun_code;        /**< keep only entries of this kommun (0: all) */
    const char *date;       /**< source date written for every entry (NULL: file modification) */
} hs_gazetteer_opts;
#define HS_GAZETTEER_OPTS_VERSION 1
#define HS_GAZETTEER_OPTS_INIT                                                                     \
    {                                                                                              \
        HS_GAZETTEER_OPTS_VERSION, 0, NULL, 0, NULL                                                \
    }

/** What a gazetteer build read. */
typedef struct hs_gazetteer_stats {
    int64_t addresses; /**< address points */
    int64_t streets;   /**< street vertices from line sources */
    int64_t places;    /**< named places */
    int64_t kommuner;  /**< kommun boundaries */
    int64_t skipped;   /**< features without a usable name or coordinates */
} hs_gazetteer_stats;

/**
 * Builds the gazetteer out_path (SQLite, EPSG:3006) from n source files: address points (CSV, GPKG,
 * SHP, ...; columns found by name), GTFS stops.txt, named places, OSM .osm/.osm.pbf extracts and
 * kommun polygons. The file is written beside out_path and renamed into place at the end.
 * stats may be NULL. HS_EEXIST when out_path exists and !opts->overwrite.
 */
HS_API int hs_gazetteer_build(hs_gazetteer_stats *stats, hs_ctx *ctx, const char *out_path,
                              const char *const *sources, size_t n, const hs_gazetteer_opts *opts);

/**
 * Opens a gazetteer and loads its in-memory index. *out is owned by the caller
 * (hs_gazetteer_close). ctx receives errors and must outlive the gazetteer. A gazetteer keeps
 * scratch space for lookups: use one per thread.
 */
HS_API int hs_gazetteer_open(hs_gazetteer **out, hs_ctx *ctx, const char *path);
/** Closes a gazetteer (pending cache rows are written). Accepts NULL. */
HS_API void hs_gazetteer_close(hs_gazetteer *gaz);
/** Number of entries (addresses, street points and places) in the index. */
HS_API size_t hs_gazetteer_count(const hs_gazetteer *gaz);
/** The kommun code whose name matches (case and diacritics folded, "kommun" ignored); 0 if none.
 */
HS_API int hs_gazetteer_kommun_code(const hs_gazetteer *gaz, const char *name);

/** Why an answer needs a human look. */
typedef enum hs_review_reason {
    HS_REVIEW_NONE = 0,
    HS_REVIEW_LOW_SCORE = 1, /**< best score below the threshold */
    HS_REVIEW_TIE = 2,       /**< two candidates at different places score (almost) the same */
    HS_REVIEW_NOT_FOUND = 3  /**< no candidate at all */
} hs_review_reason;

/** One geocoding answer. */
typedef struct hs_geocode_result {
    double x, y;            /**< EPSG:3006; NaN when not placed */
    hs_precision precision; /**< HS_PREC_NONE when not placed */
    double score;           /**< 0..1 */
    int kommun_code;        /**< kommun of the match (0 when unknown) */
    hs_review_reason review;
    char label[160];  /**< the matched gazetteer label ("" when none) */
    char second[160]; /**< the runner-up's label for ties ("" when none) */
} hs_geocode_result;

/** Thresholds of one run. */
typedef struct hs_geocode_opts {
    int version;
    double min_score;  /**< below: review, not placed (default 0.8) */
    double tie_margin; /**< runner-up within this score and > 50 m away: a tie (default 0.02) */
    int use_cache;     /**< read and write the gazetteer's cache table (default 1) */
    int kommun_code;   /**< the project's kommun for records without one (0: none) */
} hs_geocode_opts;
#define HS_GEOCODE_OPTS_VERSION 1
#define HS_GEOCODE_OPTS_INIT                                                                       \
    {                                                                                              \
        HS_GEOCODE_OPTS_VERSION, 0.8, 0.02, 1, 0                                                   \
    }

/**
 * Geocodes one address or place name. kommun_code restricts the search to that kommun (0: all).
 * The answer is placed (x, y, precision) only when its score reaches 0.8 and it is not a tie; the
 * best candidate's label and score are reported either way. Uses no cache.
 */
HS_API int hs_geocode_one(hs_geocode_result *out, hs_gazetteer *gaz, const char *address,
                          int kommun_code);

/** Same with explicit thresholds (opts may be NULL for the defaults). */
HS_API int hs_geocode_one_opts(hs_geocode_result *out, hs_gazetteer *gaz, const char *address,
                               int kommun_code, const hs_geocode_opts *opts);

/** Receives a record that needs review: its index, its address and the answer (borrowed). */
typedef void (*hs_geocode_review_fn)(void *payload, size_t index, const char *address,
                                     const hs_geocode_result *res);

/** What a geocoding run did. */
typedef struct hs_geocode_stats {
    int64_t tried;                     /**< records with an address and no location */
    int64_t placed;                    /**< of those, placed */
    int64_t review;                    /**< of those, sent to review */
    int64_t cached;                    /**< answers taken from the cache */
    int64_t reversed;                  /**< records given a kommun code by the reverse step */
    int64_t by_prec[HS_PREC_NONE + 1]; /**< placed records per precision */
} hs_geocode_stats;

/**
 * Geocodes every record that has an address but no location (hs_records_set_location), using the
 * cache keyed by the normalised address and kommun; then gives every located record without a
 * kommun code the kommun of the nearest gazetteer entry. Records needing review are passed to
 * review_fn (may be NULL) and stay unplaced. stats may be NULL.
 */
HS_API int hs_geocode_records(hs_geocode_stats *stats, hs_ctx *ctx, hs_gazetteer *gaz,
                              hs_records *records, const hs_geocode_opts *opts,
                              hs_geocode_review_fn review_fn, void *payload);

/** What reading places from event texts did. */
typedef struct hs_place_text_stats {
    int64_t events;       /**< records carrying place mentions (ingested with place_text) */
    int64_t with_mention; /**< of those, with at least one mention, kommun known */
    int64_t placed;       /**< placed finer than kommun (street, intersection, place) */
    int64_t by_prec[HS_PREC_NONE + 1]; /**< answers per precision (district included) */
    int64_t ambiguous;                 /**< left at kommun precision: place_ambiguous, to review */
    int64_t corrected; /**< placed on a street name a typo away from the text's (to review) */
    int64_t not_found; /**< mentions, but none a place of the kommun */
    int64_t no_kommun; /**< the event's kommun unknown (a län only): left as it was */
} hs_place_text_stats;

/** Receives an event for the review list: its index, the phrase as written, the candidates
 * ("Storgatan (x y); ...") and the reason: "place_ambiguous" (left at kommun precision) or
 * "place_corrected" (placed on the one street name a typo away, the candidate given); all
 * borrowed for the call. */
typedef void (*hs_place_review_fn)(void *payload, size_t index, const char *place_text,
                                   const char *candidates, const char *reason);

/** A review list for hs_geocode_place_text: give hs_place_review_collect as review_fn and this as
 * its payload; each event it receives becomes an entry of list (source, row, the phrase, the
 * candidates, the reason); rc keeps the first failure. */
typedef struct hs_place_review_list {
    hs_rejects *list;
    const hs_records *records;
    int rc;
} hs_place_review_list;
HS_API void hs_place_review_collect(void *payload, size_t index, const char *place_text,
                                    const char *candidates, const char *reason);

/**
 * Places records ingested with place_text (polisen.se events) from the place mentions of their
 * texts: streets, intersections and named places of gaz (may be NULL) and the built-in tätorter
 * (district precision), always within the event's kommun (its code, else its location name, else
 * the kommun its title names). Records stay at kommun precision when nothing is found, and when
 * the text is ambiguous (review_fn, may be NULL, receives those). The records must be in
 * EPSG:3006. Sets place_text and place_field of every record placed. stats may be NULL.
 */
HS_API int hs_geocode_place_text(hs_place_text_stats *stats, hs_ctx *ctx, const hs_gazetteer *gaz,
                                 hs_records *records, hs_place_review_fn review_fn, void *payload);

/** The reverse step for one point (EPSG:3006). */
typedef struct hs_reverse_result {
    int kommun_code;   /**< kommun of the nearest entry that has one (0 when none) */
    char place[160];   /**< nearest named place ("" when none) */
    double place_dist; /**< metres to it (NaN when none) */
} hs_reverse_result;

/** Nearest named place and kommun of a point. HS_ENOTFOUND when the gazetteer is empty. */
HS_API int hs_gazetteer_reverse(hs_reverse_result *out, const hs_gazetteer *gaz, double x,
                                double y);

#ifdef __cplusplus
}
#endif
#endif
