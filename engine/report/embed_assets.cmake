# Writes a .cpp holding each file of ASSETS as a byte array, reachable through
# fibre::report::asset(name) (see assets.hpp). Run with cmake -P.
string(REPLACE "|" ";" ASSETS "${ASSETS}")
set(body "")
set(table "")
foreach(path ${ASSETS})
    get_filename_component(name "${path}" NAME)
    string(MAKE_C_IDENTIFIER "${name}" id)
    file(READ "${path}" hex HEX)
    string(LENGTH "${hex}" hex_length)
    math(EXPR size "${hex_length} / 2")
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
    string(APPEND body "const unsigned char ${id}[] = {${bytes}0x00};\n")
    string(APPEND table "    {\"${name}\", ${id}, ${size}},\n")
endforeach()
file(WRITE "${OUTPUT}" "// Generated from engine/report/assets by embed_assets.cmake; do not edit.\n"
    "#include \"engine/report/assets.hpp\"\n#include <cstring>\n"
    "namespace fibre::report {\nnamespace {\n${body}"
    "struct Entry { const char* name; const unsigned char* data; std::size_t size; };\n"
    "const Entry entries[] = {\n${table}};\n}\n"
    "std::string_view asset(std::string_view name) {\n"
    "    for (const auto& e : entries) {\n"
    "        if (name == e.name) { return {reinterpret_cast<const char*>(e.data), e.size}; }\n"
    "    }\n"
    "    return {};\n}\n}\n")
