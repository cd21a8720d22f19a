# The arm64-v8a runner, cross-compiled by the normal build whenever Debian's cross toolchain
# (g++-aarch64-linux-gnu) and the arm64 XNNPACK packages (fetched by packaging/install-deps.sh into
# HLCNN_ARM64_DEBS) are present. The packages are unpacked into a build-local sysroot (no arm64
# packages installed on the host: libxnnpack-dev cannot be installed for two architectures). The
# result is a bundle pushed as one folder and started through glibc's loader:
#   ./ld-linux-aarch64.so.1 --library-path . ./hlcnn-bench --model m.hlmp
# libstdc++ is linked statically; every segment is 64 KB aligned (16 KB-page phones).
set(HLCNN_ARM64_DEBS "/var/cache/hlcnn-workbench/arm64-debs" CACHE PATH "Debian arm64 .debs of XNNPACK, pthreadpool, cpuinfo")
find_program(HLCNN_ARM64_CXX aarch64-linux-gnu-g++)
file(GLOB _arm64_debs "${HLCNN_ARM64_DEBS}/*_arm64.deb")
set(HLCNN_ARM64_CROSS_ROOT /usr/aarch64-linux-gnu)
if(NOT HLCNN_ARM64_CXX OR NOT _arm64_debs OR NOT EXISTS ${HLCNN_ARM64_CROSS_ROOT}/lib/ld-linux-aarch64.so.1)
  message(STATUS "arm64 runner: not built (needs g++-aarch64-linux-gnu and the arm64 .debs in ${HLCNN_ARM64_DEBS}; packaging/install-deps.sh)")
  set(HLCNN_ARM64_BUNDLE "" CACHE INTERNAL "")
  return()
endif()

set(_sysroot ${CMAKE_BINARY_DIR}/arm64-sysroot)
set(_bundle ${CMAKE_BINARY_DIR}/app/arm64-bundle)
set(_headers ${CMAKE_BINARY_DIR}/arm64-headers)
# Unpacked at configure time, from files already on disk (nothing downloads during a build).
set(_stamp "")
foreach(deb IN LISTS _arm64_debs)
  file(SHA256 ${deb} _h)
  string(APPEND _stamp "${_h}")
endforeach()
if(NOT EXISTS ${_sysroot}/stamp OR NOT "${_stamp}" STREQUAL "$CACHE{HLCNN_ARM64_SYSROOT_STAMP}")
  file(REMOVE_RECURSE ${_sysroot})
  foreach(deb IN LISTS _arm64_debs)
    execute_process(COMMAND dpkg-deb -x ${deb} ${_sysroot} RESULT_VARIABLE _rc)
    if(_rc)
      message(FATAL_ERROR "cannot unpack ${deb}")
    endif()
  endforeach()
  file(WRITE ${_sysroot}/stamp "${_stamp}")
  set(HLCNN_ARM64_SYSROOT_STAMP "${_stamp}" CACHE INTERNAL "")
endif()
file(GLOB _xnn_deb "${HLCNN_ARM64_DEBS}/libxnnpack0_*_arm64.deb")
execute_process(COMMAND dpkg-deb -f ${_xnn_deb} Version OUTPUT_VARIABLE _xnn_version OUTPUT_STRIP_TRAILING_WHITESPACE)
# Only the headers the runner needs: the host's /usr/include holds x86-64 glibc headers.
file(MAKE_DIRECTORY ${_headers})
file(CREATE_LINK /usr/include/xnnpack.h ${_headers}/xnnpack.h SYMBOLIC)
file(CREATE_LINK /usr/include/pthreadpool.h ${_headers}/pthreadpool.h SYMBOLIC)
file(CREATE_LINK /usr/include/nlohmann ${_headers}/nlohmann SYMBOLIC)

set(_libdir ${_sysroot}/usr/lib/aarch64-linux-gnu)
set(_sources ${PROJECT_SOURCE_DIR}/app/bench_runner/hlcnn_bench.cpp ${PROJECT_SOURCE_DIR}/core/mobile/src/program.cpp
  ${PROJECT_SOURCE_DIR}/core/mobile/src/int8_program.cpp ${PROJECT_SOURCE_DIR}/core/mobile/src/xnnpack_runtime.cpp)
file(GLOB _mobile_headers ${PROJECT_SOURCE_DIR}/core/mobile/include/hlcnn/mobile/*.h)
set(_runtime_libs ${HLCNN_ARM64_CROSS_ROOT}/lib/ld-linux-aarch64.so.1 ${HLCNN_ARM64_CROSS_ROOT}/lib/libc.so.6
  ${HLCNN_ARM64_CROSS_ROOT}/lib/libm.so.6 ${HLCNN_ARM64_CROSS_ROOT}/lib/libgcc_s.so.1 ${HLCNN_ARM64_CROSS_ROOT}/lib/libpthread.so.0
  ${_libdir}/libXNNPACK.so.0 ${_libdir}/libpthreadpool.so.0 ${_libdir}/libcpuinfo.so.0)
add_custom_command(
  OUTPUT ${_bundle}/hlcnn-bench
  COMMAND ${CMAKE_COMMAND} -E make_directory ${_bundle}
  COMMAND ${HLCNN_ARM64_CXX} -std=c++17 -O2 -DNDEBUG -Wall -isystem ${_headers} -I${PROJECT_SOURCE_DIR}/core/mobile/include
          "-DHLCNN_XNNPACK_VERSION=\"${_xnn_version}\"" ${_sources}
          -L${_libdir} -l:libXNNPACK.so.0 -l:libpthreadpool.so.0 -Wl,-rpath-link,${_libdir}
          -static-libstdc++ -static-libgcc -Wl,-z,max-page-size=65536 -Wl,-z,common-page-size=65536 -Wl,--build-id -s
          -o ${_bundle}/hlcnn-bench
  COMMAND ${CMAKE_COMMAND} -E copy ${_runtime_libs} ${_bundle}/
  DEPENDS ${_sources} ${_mobile_headers} ${_runtime_libs}
  COMMENT "Cross-compiling the arm64-v8a runner (XNNPACK ${_xnn_version})"
  VERBATIM)
add_custom_target(hlcnn-bench-arm64 ALL DEPENDS ${_bundle}/hlcnn-bench)
set(HLCNN_ARM64_BUNDLE ${_bundle} CACHE INTERNAL "")
message(STATUS "arm64 runner: ${_bundle} (XNNPACK ${_xnn_version})")
