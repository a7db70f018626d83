#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# py_client.py - a TLS client on Python's ssl module (OpenSSL inside), started by
# tests/interop_python.c against a mutls server on 127.0.0.1. It verifies the server against
# --ca and the name "localhost", presents --cert/--key when given, sends one line, reads the
# reply until the server closes, and prints what it saw as "key: value" lines for the test to
# check. A refused handshake prints "error: <reason>" and exits with 1.
import argparse
import socket
import ssl
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--ca", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--send", default="hello from python\n")
    args = ap.parse_args()

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies the chain and the host name
    ctx.load_verify_locations(cafile=args.ca)
    if args.cert:
        ctx.load_cert_chain(args.cert, args.key)
    try:
        with socket.create_connection(("127.0.0.1", args.port), timeout=20) as raw:
            with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
                print("version:", tls.version())
                print("cipher:", tls.cipher()[0])
                subject = dict(x[0] for x in tls.getpeercert()["subject"])
                print("server:", subject.get("commonName"))
                tls.sendall(args.send.encode())
                reply = b""
                while True:
                    chunk = tls.recv(4096)
                    if not chunk:
                        break
                    reply += chunk
                print("received:", reply.decode(errors="replace").strip())
    except (ssl.SSLError, OSError) as e:
        print("error:", e)
        sys.stdout.flush()
        sys.exit(1)
    print("closed cleanly")


if __name__ == "__main__":
    main()
