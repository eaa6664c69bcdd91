# fibre_add_test(NAME <name> LABELS <label>... SOURCES <file>... LIBS <target>...)
#
# One GoogleTest executable per test folder; each test case becomes a ctest test
# carrying the given labels (unit, scenario, cli). Tests find the fibre binary,
# the source tree and the shared samples through compile definitions.
function(fibre_add_test)
    cmake_parse_arguments(T "" "NAME" "LABELS;SOURCES;LIBS" ${ARGN})
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} fibre_test_support GTest::gtest_main)
    fibre_target_settings(${T_NAME})
    gtest_discover_tests(${T_NAME}
        PROPERTIES LABELS "${T_LABELS}" ENVIRONMENT "FIBRE_DB="
        DISCOVERY_TIMEOUT 60)
endfunction()
