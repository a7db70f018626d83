# SPDX-License-Identifier: MIT
# CMake toolchain for the bare-metal Cortex-M4 build of the mutls core (.ci/cross-arm):
# Debian's arm-none-eabi-gcc with newlib, Thumb-2, hardware FPU not used (soft-float ABI).
# Use with -DMUTLS_NO_OS=ON -DMUTLS_BUILD_TESTS=OFF -DMUTLS_BUILD_TOOLS=OFF -DMUTLS_BUILD_BENCH=OFF.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_AR arm-none-eabi-ar)
set(CMAKE_RANLIB arm-none-eabi-ranlib)
set(CMAKE_C_FLAGS_INIT "-mthumb -mcpu=cortex-m4 -ffunction-sections -fdata-sections")
# No operating system to run a test program on: check the compiler by building a library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
