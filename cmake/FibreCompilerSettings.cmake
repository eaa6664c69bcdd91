# Per-target compiler settings: warnings, and the sanitizers when asked for.

option(FIBRE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(FIBRE_WERROR "Treat warnings as errors" OFF)

function(fibre_target_settings target)
    target_compile_features(${target} PUBLIC cxx_std_20)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
        -Wcast-align -Wunused -Woverloaded-virtual -Wdouble-promotion -Wformat=2)
    if(FIBRE_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
    if(FIBRE_SANITIZE)
        target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
        target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    endif()
endfunction()
