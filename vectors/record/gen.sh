#!/bin/sh
# SPDX-License-Identifier: MIT
# Regenerates vectors/record/kat.txt: TLS 1.2 records computed by tests/gen/gen_record.c with
# OpenSSL's libcrypto (independent of mutls and libtomcrypt). Needs a C compiler and
# libssl-dev. The output is deterministic (fixed keys, IVs and plaintexts) and committed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
${CC:-cc} -std=c11 -O2 -Wall -Wextra -o "$tmp/gen_record" "$root/tests/gen/gen_record.c" -lcrypto
"$tmp/gen_record" > "$here/kat.txt"
echo "wrote $here/kat.txt ($(grep -c '^name' "$here/kat.txt") cases)"
