# Warnings, sanitizers and ccache for every Gatehouse target.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
  message(STATUS "gatehouse: using ccache at ${CCACHE_PROGRAM}")
endif()

add_library(gatehouse_options INTERFACE)
# Designated initializers leave the other members defaulted on purpose.
target_compile_options(gatehouse_options INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
if(GATEHOUSE_WERROR)
  target_compile_options(gatehouse_options INTERFACE -Werror)
endif()
if(GATEHOUSE_SANITIZE)
  target_compile_options(gatehouse_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(gatehouse_options INTERFACE -fsanitize=address,undefined)
endif()
