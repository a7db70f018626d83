#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# py_server.py - a TLS server on Python's ssl module with CERT_REQUIRED (the client must present
# a certificate that chains to --ca), started by tests/interop_python.c for a mutls client. It
# listens on 127.0.0.1 (a free port, printed as "listening on N"), serves one connection: prints
# the verified client subject, reads one line, answers "Hello from python.", and closes with
# close_notify. A refused handshake prints "error: <reason>" and exits with 1.
import argparse
import socket
import ssl
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ca", required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    args = ap.parse_args()

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.load_cert_chain(args.cert, args.key)
    ctx.load_verify_locations(cafile=args.ca)

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as lsock:
        lsock.bind(("127.0.0.1", 0))
        lsock.listen(1)
        lsock.settimeout(30)
        print("listening on", lsock.getsockname()[1], flush=True)
        conn, _ = lsock.accept()
        conn.settimeout(20)
        try:
            with ctx.wrap_socket(conn, server_side=True) as tls:
                print("version:", tls.version())
                print("cipher:", tls.cipher()[0])
                subject = tls.getpeercert()["subject"]
                print("client:", ",".join("%s=%s" % x[0] for x in subject))
                line = b""
                while not line.endswith(b"\n"):
                    chunk = tls.recv(4096)
                    if not chunk:
                        break
                    line += chunk
                print("received:", line.decode(errors="replace").strip())
                tls.sendall(b"Hello from python.\n")
                tls.unwrap()  # send close_notify (and take the client's)
        except (ssl.SSLError, OSError) as e:
            print("error:", e)
            sys.stdout.flush()
            sys.exit(1)
    print("closed cleanly")


if __name__ == "__main__":
    main()
