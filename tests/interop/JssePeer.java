/* SPDX-License-Identifier: MIT */
/*
 * JssePeer.java - a TLS peer on Java's own TLS stack (JSSE, OpenJDK 17), started by
 * tests/interop_java.c against mutls on 127.0.0.1. One JVM run serves or makes a list of
 * connections, each with its own settings, so the test pays for the JVM start only once.
 *
 *   java JssePeer.java client --port P [--deadline S] CONN...
 *   java JssePeer.java server [--deadline S] CONN...   (binds a free port, prints it)
 *
 * CONN is a comma-separated list of name=value settings for one connection:
 *   id=BASE[+BASE]  identities: BASE.pem (chain, leaf first) and BASE.key (PKCS#8 PEM);
 *                   none (the default) leaves the side without a key manager
 *   ca=FILE         trust anchors (PEM); the peer's chain is checked with PKIX
 *   proto=A[+B]     enabled protocols (default: JSSE's own, TLS 1.3 and 1.2)
 *   suite=S[+T]     enabled cipher suites (default: JSSE's own)
 *   send=N          client: bytes to send and expect echoed (0: none)
 *   auth=need|want|none   server: client authentication (default need)
 *   ctx=NAME        share one SSLContext (and JSSE's session cache) with the connections
 *                   naming the same context; the settings of the first one apply
 *
 * The keys and certificates are read from the demo PKI's PEM files into in-memory PKCS12
 * stores (a format conversion; no key is generated). The application protocol is "SEND n\n"
 * followed by n bytes, which the server echoes in one write; the client then closes with
 * close_notify and waits for the server's. Each connection prints one line the C test checks:
 *   conn I ok protocol=TLSv1.2 enabled=TLSv1.3+TLSv1.2 suite=TLS_... peer=<subject> <RSA|EC>
 *       local=<subject> <RSA|EC> session=<hex ID|none> echoed=N closed=clean|<how>
 *   (local=none: no certificate sent)
 *   conn I error <exception class>: <message>     (JSSE's alert text)
 * A watchdog ends the run after --deadline seconds (default 60) with exit status 3.
 */
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

public final class JssePeer {
    private static final char[] PASS = "interop".toCharArray();
    private static final int IO_TIMEOUT_MS = 20000;

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: JssePeer client|server [--port P] [--deadline S] CONN...");
            System.exit(2);
        }
        int port = 0;
        int deadline = 60;
        List<Map<String, String>> conns = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--deadline") && i + 1 < args.length) {
                deadline = Integer.parseInt(args[++i]);
            } else {
                conns.add(parseConn(args[i]));
            }
        }
        startWatchdog(deadline);
        if (args[0].equals("client")) {
            for (int i = 0; i < conns.size(); i++) {
                System.out.println("conn " + i + " " + runClient(port, conns.get(i)));
                System.out.flush();
            }
        } else if (args[0].equals("server")) {
            runServer(conns);
        } else {
            System.err.println("unknown mode " + args[0]);
            System.exit(2);
        }
        System.out.println("done");
        System.out.flush();
        System.exit(0);
    }

    /* A stuck handshake or peer must not keep the JVM (and the C test) waiting. */
    private static void startWatchdog(int seconds) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("watchdog: gave up after " + seconds + " s");
            System.out.flush();
            Runtime.getRuntime().halt(3);
        });
        t.setDaemon(true);
        t.start();
    }

    private static Map<String, String> parseConn(String spec) {
        Map<String, String> m = new HashMap<>();
        for (String kv : spec.split(",")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad setting '" + kv + "' in " + spec);
            }
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    /* ---- stores from the PEM files ---- */

    private static List<X509Certificate> readCerts(String path) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            for (Certificate c : cf.generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        }
        return out;
    }

    private static PrivateKey readKey(String path, String algorithm) throws Exception {
        String pem = Files.readString(Path.of(path), StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(path + ": not an unencrypted PKCS#8 PEM key");
        }
        String body = pem.substring(begin + 27, end).replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(body);
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static KeyManager[] keyManagers(String ids) throws Exception {
        if (ids == null || ids.equals("none")) {
            return null; /* no key manager: a client then sends an empty Certificate */
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int n = 0;
        for (String base : ids.split("\\+")) {
            List<X509Certificate> chain = readCerts(base + ".pem");
            String alg = chain.get(0).getPublicKey().getAlgorithm();
            PrivateKey key = readKey(base + ".key", alg);
            ks.setKeyEntry("id" + n++, key, PASS, chain.toArray(new Certificate[0]));
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS);
        return kmf.getKeyManagers();
    }

    private static TrustManager[] trustManagers(String ca) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        int n = 0;
        for (X509Certificate c : readCerts(ca)) {
            ts.setCertificateEntry("ca" + n++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        return tmf.getTrustManagers();
    }

    /* Contexts named with ctx=NAME, shared by the connections that name them. */
    private static final Map<String, SSLContext> SHARED = new HashMap<>();

    /* A fresh context per connection (so no session is resumed), or a shared one: JSSE keeps
     * its session cache in the context, so connections sharing one may resume. */
    private static SSLContext context(Map<String, String> c) throws Exception {
        String name = c.get("ctx");
        if (name != null && SHARED.containsKey(name)) {
            return SHARED.get(name);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyManagers(c.get("id")), trustManagers(c.get("ca")), null);
        if (name != null) {
            SHARED.put(name, ctx);
        }
        return ctx;
    }

    private static void applyProtocols(SSLSocket s, Map<String, String> c) {
        if (c.containsKey("proto")) {
            s.setEnabledProtocols(c.get("proto").split("\\+"));
        }
        if (c.containsKey("suite")) {
            s.setEnabledCipherSuites(c.get("suite").split("\\+"));
        }
    }

    /* ---- what a connection saw ---- */

    /* "<subject> <key algorithm>" of a chain's leaf: the demo RSA and EC identities share
     * their subjects, so the key says which one was used. */
    private static String subject(Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            return "none";
        }
        X509Certificate leaf = (X509Certificate) chain[0];
        return leaf.getSubjectX500Principal().getName() + " " + leaf.getPublicKey().getAlgorithm();
    }

    private static String describe(SSLSocket s) {
        SSLSession ss = s.getSession();
        String peer;
        try {
            peer = subject(ss.getPeerCertificates());
        } catch (IOException e) {
            peer = "none";
        }
        return "protocol=" + ss.getProtocol() + " enabled=" + String.join("+", s.getEnabledProtocols())
            + " suite=" + ss.getCipherSuite() + " peer=" + peer
            + " local=" + subject(ss.getLocalCertificates()) + " session=" + hex(ss.getId());
    }

    /* The session ID (empty: none): equal IDs on two connections mean the second resumed. */
    private static String hex(byte[] id) {
        StringBuilder b = new StringBuilder();
        for (byte x : id) {
            b.append(String.format("%02x", x));
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    private static String failure(Throwable e) {
        String msg = e.getMessage();
        return "error " + e.getClass().getName() + ": " + (msg == null ? "" : msg.replace('\n', ' '));
    }

    private static byte pattern(int i) {
        return (byte) (i * 31 + (i >> 8) + 7);
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(buf, got, n - got);
            if (r < 0) {
                throw new EOFException("peer closed after " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return buf;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0 || b.size() > 64) {
                throw new EOFException("no request line");
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /* After our close_notify: -1 from read means the peer answered with its own. */
    private static String closeAndWait(SSLSocket s) {
        try {
            s.shutdownOutput();
            int r = s.getInputStream().read();
            return r < 0 ? "clean" : "data-after-close";
        } catch (IOException e) {
            return "'" + e.getMessage() + "'";
        }
    }

    /* ---- client ---- */

    private static String runClient(int port, Map<String, String> c) {
        try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), port)) {
            raw.setSoTimeout(IO_TIMEOUT_MS);
            SSLContext ctx = context(c);
            /* "localhost" is the name sent (SNI) and checked against the server certificate. */
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, "localhost", port,
                                                                              true)) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                applyProtocols(s, c);
                s.startHandshake();
                String line = "ok " + describe(s);
                int n = Integer.parseInt(c.getOrDefault("send", "0"));
                OutputStream out = s.getOutputStream();
                byte[] data = new byte[n];
                for (int i = 0; i < n; i++) {
                    data[i] = pattern(i);
                }
                out.write(("SEND " + n + "\n").getBytes(StandardCharsets.US_ASCII));
                out.write(data); /* one write: over 16 KiB it spans several records */
                out.flush();
                byte[] back = readFully(s.getInputStream(), n);
                if (!java.util.Arrays.equals(back, data)) {
                    return line + " echoed=corrupt";
                }
                return line + " echoed=" + n + " closed=" + closeAndWait(s);
            }
        } catch (Exception e) {
            return failure(e);
        }
    }

    /* ---- server ---- */

    private static void runServer(List<Map<String, String>> conns) throws Exception {
        try (ServerSocket ls = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            ls.setSoTimeout(IO_TIMEOUT_MS);
            System.out.println("listening on " + ls.getLocalPort());
            System.out.flush();
            for (int i = 0; i < conns.size(); i++) {
                String line;
                try (Socket raw = ls.accept()) {
                    line = serveOne(raw, conns.get(i));
                }
                System.out.println("conn " + i + " " + line);
                System.out.flush();
            }
        }
    }

    private static String serveOne(Socket raw, Map<String, String> c) {
        try {
            raw.setSoTimeout(IO_TIMEOUT_MS);
            SSLContext ctx = context(c);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, null, raw.getPort(),
                                                                              false)) {
                s.setUseClientMode(false);
                String auth = c.getOrDefault("auth", "need");
                if (auth.equals("need")) {
                    s.setNeedClientAuth(true);
                } else if (auth.equals("want")) {
                    s.setWantClientAuth(true);
                }
                applyProtocols(s, c);
                s.startHandshake();
                String line = "ok " + describe(s);
                InputStream in = s.getInputStream();
                String req = readLine(in);
                if (!req.startsWith("SEND ")) {
                    return line + " request='" + req + "'";
                }
                int n = Integer.parseInt(req.substring(5));
                byte[] data = readFully(in, n);
                for (int i = 0; i < n; i++) {
                    if (data[i] != pattern(i)) {
                        return line + " echoed=corrupt-at-" + i;
                    }
                }
                OutputStream out = s.getOutputStream();
                out.write(data); /* one write, as the client did */
                out.flush();
                /* The client closes first; its close_notify ends our read with -1. */
                int r = in.read();
                String closed = r < 0 ? "clean" : "data-after-echo";
                return line + " echoed=" + n + " closed=" + closed;
            }
        } catch (Exception e) {
            return failure(e);
        }
    }
}
