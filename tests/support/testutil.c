/* SPDX-License-Identifier: MIT */
/* testutil.c - see testutil.h. */
#include "testutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

const char *tu_vector_path(const char *relative)
{
    static char path[4096];

    snprintf(path, sizeof(path), "%s/%s", MUTLS_VECTORS_DIR, relative);
    return path;
}

uint8_t *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long size;

    if (f == NULL) {
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = malloc((size_t)size + 1);
    if (buf != NULL && fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf != NULL) {
        buf[size] = 0;
        *len = (size_t)size;
    }
    return buf;
}

uint8_t *tu_read_vector(const char *relative, size_t *len)
{
    uint8_t *buf = tu_read_file(tu_vector_path(relative), len);

    if (buf == NULL) {
        fail_msg("cannot read vector file %s", tu_vector_path(relative));
    }
    return buf;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = tolower(c);
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

uint8_t *tu_unhex(const char *hex, size_t *len)
{
    size_t n = strlen(hex);
    uint8_t *out = malloc(n / 2 + 1);
    size_t o = 0;
    int hi = -1;
    size_t i;

    if (out == NULL) {
        return NULL;
    }
    for (i = 0; i < n; i++) {
        int v;
        if (isspace((unsigned char)hex[i]) || hex[i] == ':') {
            continue;
        }
        v = hexval((unsigned char)hex[i]);
        if (v < 0) {
            free(out);
            return NULL;
        }
        if (hi < 0) {
            hi = v;
        } else {
            out[o++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    if (hi >= 0) {
        free(out);
        return NULL;
    }
    *len = o;
    return out;
}

static char *trim(char *s)
{
    char *e;

    while (isspace((unsigned char)*s)) {
        s++;
    }
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) {
        *--e = 0;
    }
    return s;
}

int tu_for_each_record(const char *relative, tu_record_fn fn, void *ctx)
{
    size_t len;
    char *text = (char *)tu_read_file(tu_vector_path(relative), &len);
    char *line;
    tu_record rec;
    int count = 0;
    int lineno = 0;

    if (text == NULL) {
        return -1;
    }
    memset(&rec, 0, sizeof(rec));
    for (line = text; line != NULL;) {
        char *next = strchr(line, '\n');
        char *eq;
        char *t;

        if (next != NULL) {
            *next++ = 0;
        }
        lineno++;
        t = trim(line);
        if (*t == '#') {
            line = next;
            continue;
        }
        eq = strchr(t, '=');
        if (eq == NULL) {
            if (rec.n > 0) {
                fn(&rec, ctx);
                count++;
                memset(&rec, 0, sizeof(rec));
            }
        } else if (rec.n < TU_MAX_FIELDS) {
            *eq = 0;
            if (rec.n == 0) {
                rec.line = lineno;
            }
            rec.key[rec.n] = trim(t);
            rec.value[rec.n] = trim(eq + 1);
            rec.n++;
        }
        line = next;
    }
    if (rec.n > 0) {
        fn(&rec, ctx);
        count++;
    }
    free(text);
    return count;
}

const char *tu_field(const tu_record *rec, const char *key)
{
    int i;

    for (i = 0; i < rec->n; i++) {
        if (strcmp(rec->key[i], key) == 0) {
            return rec->value[i];
        }
    }
    return NULL;
}

int tu_test_quick(void)
{
    const char *q = getenv("MUTLS_TEST_QUICK");
    const char *pre = getenv("LD_PRELOAD");

    if (q != NULL && *q != '\0') {
        return strcmp(q, "0") != 0;
    }
    return pre != NULL && strstr(pre, "vgpreload") != NULL;
}
