# Embeds styles/*.style into a C source file (run at build time by lib/CMakeLists.txt):
#   cmake -DSTYLE_DIR=<dir> -DOUT=<file.c> -P embed.cmake
# Each file becomes a NUL-terminated unsigned char array; hs__style_source(i) returns file i's text
# and name. The files are parsed by lib/src/style.c at first use.
file(GLOB files "${STYLE_DIR}/*.style")
list(SORT files)
set(body "/* Generated from the style files by styles/embed.cmake: do not edit. */\n#include \"core/hs_internal.h\"\n#include \"style/style.h\"\n\n")
set(table "")
set(i 0)
foreach(f ${files})
  get_filename_component(name ${f} NAME_WE)
  file(READ ${f} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n    " hex "${hex}")
  string(APPEND body "static const unsigned char style_${i}[] = {\n    ${hex}0x00};\n")
  string(APPEND table "    {\"${name}\", style_${i}},\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND body "\nstatic const struct {\n    const char *name;\n    const unsigned char *text;\n} sources[] = {\n${table}};\n\n")
string(APPEND body "size_t hs__style_source_count(void)\n{\n    return ${i};\n}\n\n")
string(APPEND body "const char *hs__style_source(size_t i, const char **name)\n{\n    if (i >= ${i}) {\n        return NULL;\n    }\n    if (name) {\n        *name = sources[i].name;\n    }\n    return (const char *)sources[i].text;\n}\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
