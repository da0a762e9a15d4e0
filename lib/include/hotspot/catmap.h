/*
 * The table that maps crime codes, benämningar and event types to categories and to the
 * agreement's focus areas (fokusområden). A built-in default mirrors shapes/brottskoder.csv; users
 * edit a copy and pass it on the command line or in the project file. Lookups never allocate.
 */
#ifndef HOTSPOT_CATMAP_H
#define HOTSPOT_CATMAP_H

#include "ingest.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Creates an empty table. Owned by the caller: free with hs_catmap_free. */
HS_API int hs_catmap_new(hs_catmap **out);
/** Creates the built-in default table (the rules of shapes/brottskoder.csv). */
HS_API int hs_catmap_default(hs_catmap **out);
/**
 * Reads a table from a ';'-separated UTF-8 file with the columns
 * key;category;focus_area[;kind[;label_sv;label_en]]
 * (lines starting with '#' and a header line starting with "key" are skipped). A key ending in
 * '*' is a prefix. Errors name the file and line.
 */
HS_API int hs_catmap_load(hs_catmap **out, hs_ctx *ctx, const char *path);
HS_API void hs_catmap_free(hs_catmap *m);
/** Adds a rule; kind -1 applies to both kinds. focus_area may be NULL or "". */
HS_API int hs_catmap_add(hs_catmap *m, int kind, const char *key, const char *category,
                         const char *focus_area);
/** Gives a category its display names (either may be NULL or ""; the first name given for a
 * category stays). Read from a table's columns label_sv;label_en after kind. */
HS_API int hs_catmap_set_labels(hs_catmap *m, const char *category, const char *label_sv,
                                const char *label_en);
/** The display name the table gives a category in lang ("sv" or "en"), or NULL. Borrowed. */
HS_API const char *hs_catmap_label(const hs_catmap *m, const char *category, const char *lang);
/** The name shown to a reader: hs_catmap_label (m may be NULL), else the built-in table's name
 * for that key, else the key with '_' as a space and its first letter capitalised
 * ("otrygg plats" -> "Otrygg plats"). */
HS_API int hs_category_display(char *out, size_t cap, const hs_catmap *m, const char *category,
                               const char *lang);
/** Number of rules. */
HS_API size_t hs_catmap_count(const hs_catmap *m);
/**
 * Category and focus area (borrowed; focus NULL when none) of a record of this kind from its code
 * and/or its name (either may be NULL). Precedence: exact code, longest code prefix, exact name,
 * longest name prefix; names compare case-insensitively (ASCII and å ä ö é). Returns 1 when a
 * rule matched, else 0 with *category and *focus set to NULL.
 */
HS_API int hs_catmap_lookup(const char **category, const char **focus, const hs_catmap *m,
                            hs_record_kind kind, const char *code, const char *name);

#ifdef __cplusplus
}
#endif
#endif
