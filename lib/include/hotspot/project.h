/*
 * The project file (hotspot.ini): sections [project], [input NAME]..., [places], [geocode], [grid],
 * [kde], [gistar], [temporal], [compare], [privacy], [output], [measure NAME].... Every key is
 * known and typed; an unknown key or a bad value is an error naming the file, the line and the key.
 * Paths are resolved relative to the project file.
 */
#ifndef HOTSPOT_PROJECT_H
#define HOTSPOT_PROJECT_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Reads and validates path. *out owned by the caller (hs_project_free). */
HS_API int hs_project_open(hs_project **out, hs_ctx *ctx, const char *path);
HS_API void hs_project_free(hs_project *p);

/** The project file's path and its directory (borrowed). */
HS_API const char *hs_project_file(const hs_project *p);
HS_API const char *hs_project_dir(const hs_project *p);

/** Raw value of a key, or NULL. section is "project", "grid", ..., or "input NAME". Borrowed. */
HS_API const char *hs_project_get(const hs_project *p, const char *section, const char *key);
/** Line of a key in the file (0 when absent), for error messages. */
HS_API int hs_project_line(const hs_project *p, const char *section, const char *key);
/** A path key resolved against the project directory (absolute paths unchanged), or NULL. */
HS_API const char *hs_project_path(const hs_project *p, const char *section, const char *key);
/** Typed getters with a default when absent; the value was validated when the file was read. */
HS_API double hs_project_double(const hs_project *p, const char *section, const char *key,
                                double def);
HS_API int64_t hs_project_int(const hs_project *p, const char *section, const char *key,
                              int64_t def);
HS_API int hs_project_bool(const hs_project *p, const char *section, const char *key, int def);

/** Number of [input NAME] sections and their names, in file order. */
HS_API size_t hs_project_input_count(const hs_project *p);
HS_API const char *hs_project_input_name(const hs_project *p, size_t i);

/** Number of [measure NAME] sections (measures to follow up) and their names, in file order. */
HS_API size_t hs_project_measure_count(const hs_project *p);
HS_API const char *hs_project_measure_name(const hs_project *p, size_t i);

/** Kommun codes of [project] kommun (0..n), in order. */
HS_API size_t hs_project_kommun_count(const hs_project *p);
HS_API int hs_project_kommun(const hs_project *p, size_t i);

/** Writes a commented template (Swedish comments) to path; HS_EEXIST unless overwrite. */
HS_API int hs_project_write_template(hs_ctx *ctx, const char *path, int kommun_code, int overwrite);
/**
 * The template for the n kommuner codes: when the built-in geography knows them all, the project
 * is named after them ("Lägesbild Vänersborg"), has no boundary line (the built-in one is used)
 * and lists the kommuner's tätorter as places ([places] tatorter); otherwise as
 * hs_project_write_template for codes[0].
 */
HS_API int hs_project_write_template_kommun(hs_ctx *ctx, const char *path, const int *codes,
                                            size_t n, int overwrite);

#ifdef __cplusplus
}
#endif
#endif
