# Per-target compiler settings: warnings, and the sanitizers when asked for.

option(FIBRE_WERROR "Treat warnings as errors" OFF)

function(fibre_target_settings target)
    target_compile_features(${target} PUBLIC cxx_std_20)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
        -Wcast-align -Wunused -Woverloaded-virtual -Wdouble-promotion -Wformat=2)
    if(FIBRE_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
    # FIBRE_SANITIZE and FIBRE_FUZZ are options of the top-level CMakeLists.txt. A sanitizer
    # finding stops the program (no recovery), so a test cannot pass over one.
    if(FIBRE_SANITIZE)
        target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
            -fno-sanitize-recover=undefined)
        target_link_options(${target} PRIVATE -fsanitize=address,undefined -fno-sanitize-recover=undefined)
    endif()
    # Coverage feedback for libFuzzer in every fibre library; only the fuzz targets link the
    # fuzzer's main (-fsanitize=fuzzer, tests/fuzz/CMakeLists.txt).
    if(FIBRE_FUZZ)
        target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
    endif()
endfunction()
