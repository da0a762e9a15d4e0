/*
 * Incident records stored column-wise (structure of arrays) so the statistical kernels stream over
 * plain arrays. A record set knows its CRS (EPSG code) and owns copies of every string.
 * Column arrays returned here are borrowed and stay valid until the set is modified or freed.
 */
#ifndef HOTSPOT_RECORDS_H
#define HOTSPOT_RECORDS_H

#include "types.h"
#include <math.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One record as a plain value, used to add and to read back. Strings may be NULL. */
typedef struct hs_record {
    const char *id;     /**< the input's id (e.g. Diarienummer) */
    const char *source; /**< input name (file or project input section) */
    int64_t row;        /**< 1-based data row in the source (header not counted) */
    double x;           /**< working CRS; NaN when not located */
    double y;
    int64_t t_from; /**< UTC seconds, HS_TIME_NONE when unknown */
    int64_t t_to;   /**< UTC seconds, HS_TIME_NONE when unknown or exact */
    hs_precision precision;
    const char *category;    /**< mapped category, NULL when none */
    const char *focus_area;  /**< mapped focus area, NULL when none */
    const char *code;        /**< crime code as given (e.g. "9301"), NULL when none */
    double weight;           /**< 1 unless a weight column is mapped */
    int kommun_code;         /**< 4-digit kommun code, 0 when unknown */
    double geocode_score;    /**< 0..1; 1 for given coordinates */
    const char *address;     /**< address/place text to geocode (kept only in memory) */
    const char *label;       /**< matched gazetteer label, NULL when not geocoded */
    const char *place;       /**< nearest named place (reverse step), NULL when unknown */
    const char *place_text;  /**< the phrase a place was read from ("Kungsgatan/Vaksalagatan"),
                                  never the text around it; NULL when none */
    const char *place_field; /**< where place_text was read: "title", "summary", "body" */
} hs_record;

/** A record with every field empty/unknown and weight 1: start from it. */
#define HS_RECORD_INIT                                                                             \
    {                                                                                              \
        NULL, NULL, 0, NAN, NAN, HS_TIME_NONE, HS_TIME_NONE, HS_PREC_NONE, NULL, NULL, NULL, 1.0,  \
            0, 0.0, NULL, NULL, NULL, NULL, NULL                                                   \
    }

/** Creates an empty record set. Owned by the caller: free with hs_records_free. */
HS_API int hs_records_new(hs_records **out);
/** Frees a record set. Accepts NULL. */
HS_API void hs_records_free(hs_records *r);

/** Number of records. */
HS_API size_t hs_records_count(const hs_records *r);
/** Reserves room for n records in total. */
HS_API int hs_records_reserve(hs_records *r, size_t n);
/** Appends a copy of rec (strings are copied). */
HS_API int hs_records_add(hs_records *r, const hs_record *rec);
/** Reads record i; the strings in *out are borrowed from r. */
HS_API int hs_records_get(hs_record *out, const hs_records *r, size_t i);
/** Sets the location of record i (after geocoding). */
HS_API int hs_records_set_location(hs_records *r, size_t i, double x, double y,
                                   hs_precision precision, double score, const char *label);
/** Sets the nearest named place of record i (copied). */
HS_API int hs_records_set_place(hs_records *r, size_t i, const char *place);
/** Sets the phrase record i's place was read from and its field (both copied). */
HS_API int hs_records_set_place_text(hs_records *r, size_t i, const char *text, const char *field);
/** Sets the kommun code of record i. */
HS_API int hs_records_set_kommun(hs_records *r, size_t i, int kommun_code);

/** EPSG code of the coordinates (0 when not set). */
HS_API int hs_records_crs(const hs_records *r);
HS_API void hs_records_set_crs(hs_records *r, int epsg);

/* Column arrays (borrowed, length hs_records_count). */
HS_API const double *hs_records_x(const hs_records *r);
HS_API const double *hs_records_y(const hs_records *r);
HS_API const double *hs_records_weight(const hs_records *r);
HS_API const int64_t *hs_records_t_from(const hs_records *r);
HS_API const int64_t *hs_records_t_to(const hs_records *r);
HS_API const uint8_t *hs_records_precision(const hs_records *r);
HS_API const int32_t *hs_records_kommun(const hs_records *r);
/** Category index per record (-1 when none); names through hs_records_category_name. */
HS_API const int32_t *hs_records_category(const hs_records *r);
HS_API size_t hs_records_category_count(const hs_records *r);
HS_API const char *hs_records_category_name(const hs_records *r, size_t k);
/** Focus-area index per record (-1 when none). */
HS_API const int32_t *hs_records_focus(const hs_records *r);
HS_API size_t hs_records_focus_count(const hs_records *r);
HS_API const char *hs_records_focus_name(const hs_records *r, size_t k);

/**
 * Selects the records that may enter cells, densities and Gi* (precision finer than kommun,
 * located). Writes up to cap indices to idx and their number to *n_out; with idx NULL it only
 * counts. Fails with HS_ELIMIT when idx is given and more than cap records qualify.
 */
HS_API int hs_records_local_index(size_t *n_out, size_t *idx, size_t cap, const hs_records *r);

/** Bounding box of the located, local-precision records; empty box when none. */
HS_API hs_bbox hs_records_bbox(const hs_records *r);

/** Approximate bytes held by the set (for the memory figures the CLI prints). */
HS_API size_t hs_records_memory(const hs_records *r);

/** A rejected row: where it came from and why. */
typedef struct hs_reject {
    const char *source; /**< input name */
    int64_t row;        /**< 1-based data row (0 for the file as a whole) */
    const char *column; /**< offending column, NULL when the row as a whole */
    const char *value;  /**< offending value (personnummer masked), NULL when none */
    const char *reason; /**< a stable short key, e.g. "missing_coordinates", "bad_date" */
} hs_reject;

HS_API int hs_rejects_new(hs_rejects **out);
HS_API void hs_rejects_free(hs_rejects *rj);
HS_API size_t hs_rejects_count(const hs_rejects *rj);
/** Appends a copy of rej (strings copied). */
HS_API int hs_rejects_add(hs_rejects *rj, const hs_reject *rej);
/** Reads reject i; strings borrowed. */
HS_API int hs_rejects_get(hs_reject *out, const hs_rejects *rj, size_t i);
/** Counts per reason: fills up to cap (reason, count) pairs, sorted by count descending. */
HS_API size_t hs_rejects_by_reason(const char **reasons, size_t *counts, size_t cap,
                                   const hs_rejects *rj);

#ifdef __cplusplus
}
#endif
#endif
