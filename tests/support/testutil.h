/* SPDX-License-Identifier: MIT */
/*
 * testutil.h - small helpers shared by the cmocka tests and benchmarks: reading vector files,
 * hex decoding, and cmocka's includes in the order it needs them.
 */
#ifndef MUTLS_TESTUTIL_H
#define MUTLS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* At the top of a test that needs CRL support: a -DMUTLS_CRL=OFF build skips it (cmocka's
 * skip(), so the file using it includes cmocka.h). */
#if defined(MUTLS_NO_CRL)
#define TU_SKIP_WITHOUT_CRL() skip()
#else
#define TU_SKIP_WITHOUT_CRL() ((void)0)
#endif

/* Likewise for a test that needs session resumption (-DMUTLS_RESUME=OFF). */
#if defined(MUTLS_NO_RESUME)
#define TU_SKIP_WITHOUT_RESUME() skip()
#else
#define TU_SKIP_WITHOUT_RESUME() ((void)0)
#endif

/* Likewise for a test that needs the policy tree (-DMUTLS_X509_POLICY=OFF). */
#if defined(MUTLS_NO_POLICY)
#define TU_SKIP_WITHOUT_POLICY() skip()
#else
#define TU_SKIP_WITHOUT_POLICY() ((void)0)
#endif

/* The whole program of a test file whose subject a build leaves out (-DMUTLS_..=OFF): one
 * test that skips, so ctest still lists it. Used as "#if defined(MUTLS_NO_X)
 * TU_BUILT_OUT_PROGRAM() #else ... #endif" after the includes (cmocka.h among them). */
#define TU_BUILT_OUT_PROGRAM()                                                                     \
    static void test_built_out_skips(void **state)                                                 \
    {                                                                                              \
        (void)state;                                                                               \
        skip();                                                                                    \
    }                                                                                              \
    int main(void)                                                                                 \
    {                                                                                              \
        const struct CMUnitTest tests[] = {cmocka_unit_test(test_built_out_skips)};                \
        return cmocka_run_group_tests(tests, NULL, NULL);                                          \
    }

/* Path of a file under vectors/, in a static buffer (valid until the next call). */
const char *tu_vector_path(const char *relative);

/* Read a whole file; returns a malloc'd buffer (NUL-terminated, not counted) or NULL. */
uint8_t *tu_read_file(const char *path, size_t *len);

/* Read vectors/<relative>; fails the running test if it is missing. */
uint8_t *tu_read_vector(const char *relative, size_t *len);

/* Decode hex (whitespace ignored) into a malloc'd buffer; NULL on bad input. */
uint8_t *tu_unhex(const char *hex, size_t *len);

/*
 * Split a vector file into lines of "key = value" records separated by blank lines (the
 * layout of the committed vector files). Calls @p fn once per record with the keys and values.
 * Returns the number of records, or -1 when the file cannot be read.
 */
#define TU_MAX_FIELDS 16
typedef struct tu_record {
    int n;
    const char *key[TU_MAX_FIELDS];
    const char *value[TU_MAX_FIELDS];
    int line;
} tu_record;
typedef void (*tu_record_fn)(const tu_record *rec, void *ctx);
int tu_for_each_record(const char *relative, tu_record_fn fn, void *ctx);

/* Value of @p key in a record, or NULL. */
const char *tu_field(const tu_record *rec, const char *key);

/* Whether long tests should shrink: MUTLS_TEST_QUICK is set (not "0"), or the test runs
 * under valgrind (its preload library is in LD_PRELOAD), where they would take hours. */
int tu_test_quick(void);

#endif
