# Compiler warnings for our own targets, as an INTERFACE target
# (cpp-best-practices/cmake_template style). Link it PRIVATE.
add_library(blindmap_warnings INTERFACE)
add_library(blindmap::warnings ALIAS blindmap_warnings)
target_compile_options(blindmap_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference
  -Wimplicit-fallthrough -Wno-unused-parameter)
if(BLINDMAP_WARNINGS_AS_ERRORS)
  target_compile_options(blindmap_warnings INTERFACE -Werror)
endif()
