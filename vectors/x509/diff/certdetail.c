/* SPDX-License-Identifier: MIT */
/*
 * certdetail.c - a helper of the differential X.509 audit (vectors/x509/diff/run.py): loads
 * each PEM file given into a certificate set with mutls_certs_add_file and prints, one line per
 * file, "ok" or the error name and mutls_certs_load_detail's sentence (the rule a refused
 * certificate breaks). `mutls verify` prints only "is malformed" for a certificate it cannot
 * load, so this shows what the library itself can say. Uses the public API only.
 */
#include <stdio.h>

#include "mutls.h"

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        mutls_certs *set = NULL;
        int rc;

        if (mutls_certs_new(&set) != 0) {
            return 2;
        }
        rc = mutls_certs_add_file(set, argv[i]);
        if (rc == 0) {
            printf("ok\n");
        } else {
            printf("%s | %s\n", mutls_strerror(rc), mutls_certs_load_detail(set));
        }
        mutls_certs_free(set);
    }
    return 0;
}
