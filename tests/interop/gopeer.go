// SPDX-License-Identifier: MIT
//
// gopeer.go - a TLS peer on Go's own TLS stack (crypto/tls, Go 1.19 as Debian 12 ships it),
// started by tests/interop_go.c against mutls on 127.0.0.1. Standard library only, so it
// builds with no module download: `go build -o DIR/gopeer gopeer.go` (GO111MODULE=off).
// One run serves or makes a list of connections, each with its own settings, and prints one
// line per connection for the C test to check.
//
//	gopeer client --port P [--deadline S] CONN...
//	gopeer server [--deadline S] CONN...   (binds a free loopback port, prints it)
//	gopeer version                         (prints the Go release it was built with)
//
// CONN is a comma-separated list of name=value settings for one connection:
//
//	id=BASE[+BASE]  identities BASE.pem (chain, leaf first) + BASE.key (tls.LoadX509KeyPair);
//	                none (the default) leaves the side without a certificate
//	ca=FILE         trust anchors (PEM) for the peer's chain
//	proto=1.2       offer/accept TLS 1.2 only (default: Go's own range, TLS 1.3 and 1.2)
//	suite=S[+T]     TLS 1.2 cipher suites by IANA name (default: Go's own list)
//	send=N          client: bytes to send and expect echoed (0: none)
//	auth=need|none  server: RequireAndVerifyClientCert (the default) or NoClientCert
//	sni=NAME        client: the name sent and checked against the server (default localhost)
//	cache=NAME      client: share one session cache with the connections naming NAME (Go's
//	                client resumes with session tickets only, RFC 5077)
//
// The application protocol is "SEND n\n" followed by n bytes, which the server echoes in one
// write; the client then closes with close_notify and waits for the server's. Output:
//
//	conn I ok version=TLS1.2 offered=1.3+1.2 suite=TLS_... peer=<subject> <RSA|ECDSA>
//	    local=<subject> <RSA|ECDSA> clientcert=yes|no resumed=yes|no echoed=N closed=clean|<how>
//	conn I error <Go's error text>
//
// (local=none: this side sent no certificate; clientcert says whether the client presented
// one, as the side printing the line saw it.) A watchdog ends the run after --deadline seconds
// (default 60) with exit status 3, so a stuck peer cannot hold the C test.
package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

const ioTimeout = 20 * time.Second

type settings map[string]string

func main() {
	if len(os.Args) == 2 && os.Args[1] == "version" {
		fmt.Println(runtime.Version())
		return
	}
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: gopeer client|server [--port P] [--deadline S] CONN...")
		os.Exit(2)
	}
	port, deadline := 0, 60
	var conns []settings
	for i := 2; i < len(os.Args); i++ {
		a := os.Args[i]
		if (a == "--port" || a == "--deadline") && i+1 < len(os.Args) {
			v, err := strconv.Atoi(os.Args[i+1])
			if err != nil {
				fatal(err)
			}
			if a == "--port" {
				port = v
			} else {
				deadline = v
			}
			i++
			continue
		}
		conns = append(conns, parseConn(a))
	}
	go func() {
		time.Sleep(time.Duration(deadline) * time.Second)
		fmt.Printf("watchdog: gave up after %d s\n", deadline)
		os.Exit(3)
	}()
	switch os.Args[1] {
	case "client":
		for i, c := range conns {
			fmt.Printf("conn %d %s\n", i, runClient(port, c))
		}
	case "server":
		runServer(conns)
	default:
		fatal(fmt.Errorf("unknown mode %s", os.Args[1]))
	}
	fmt.Println("done")
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "gopeer:", err)
	os.Exit(2)
}

func parseConn(spec string) settings {
	m := settings{}
	for _, kv := range strings.Split(spec, ",") {
		eq := strings.IndexByte(kv, '=')
		if eq <= 0 {
			fatal(fmt.Errorf("bad setting '%s' in %s", kv, spec))
		}
		m[kv[:eq]] = kv[eq+1:]
	}
	return m
}

// ---- configuration from the settings ----

func suiteByName(name string) (uint16, error) {
	for _, s := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		if s.Name == name {
			return s.ID, nil
		}
	}
	return 0, fmt.Errorf("unknown cipher suite %s", name)
}

func config(c settings) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if id, ok := c["id"]; ok && id != "none" {
		for _, base := range strings.Split(id, "+") {
			pair, err := tls.LoadX509KeyPair(base+".pem", base+".key")
			if err != nil {
				return nil, err
			}
			cfg.Certificates = append(cfg.Certificates, pair)
		}
	}
	if ca, ok := c["ca"]; ok {
		pem, err := os.ReadFile(ca)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%s: no certificates", ca)
		}
		cfg.RootCAs = pool
		cfg.ClientCAs = pool
	}
	if c["proto"] == "1.2" {
		cfg.MaxVersion = tls.VersionTLS12
	} else if p, ok := c["proto"]; ok {
		return nil, fmt.Errorf("unknown proto %s", p)
	}
	if s, ok := c["suite"]; ok {
		for _, name := range strings.Split(s, "+") {
			id, err := suiteByName(name)
			if err != nil {
				return nil, err
			}
			cfg.CipherSuites = append(cfg.CipherSuites, id)
		}
	}
	return cfg, nil
}

// ---- what a connection saw ----

func describeCert(cert *x509.Certificate) string {
	if cert == nil {
		return "none"
	}
	return cert.Subject.String() + " " + cert.PublicKeyAlgorithm.String()
}

func versionName(v uint16) string {
	switch v {
	case tls.VersionTLS12:
		return "TLS1.2"
	case tls.VersionTLS13:
		return "TLS1.3"
	}
	return fmt.Sprintf("0x%04x", v)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// The line's middle part: what was negotiated and which certificates went which way. @p local
// is the leaf this side sent (nil: none); @p clientCert whether the client presented one.
func describe(cfg *tls.Config, st tls.ConnectionState, local *x509.Certificate, clientCert bool) string {
	offered := "1.3+1.2"
	if cfg.MaxVersion == tls.VersionTLS12 {
		offered = "1.2"
	}
	var peer *x509.Certificate
	if len(st.PeerCertificates) > 0 {
		peer = st.PeerCertificates[0]
	}
	return fmt.Sprintf("version=%s offered=%s suite=%s peer=%s local=%s clientcert=%s resumed=%s",
		versionName(st.Version), offered, tls.CipherSuiteName(st.CipherSuite), describeCert(peer),
		describeCert(local), yesNo(clientCert), yesNo(st.DidResume))
}

func leaf(pair *tls.Certificate) *x509.Certificate {
	if pair == nil || len(pair.Certificate) == 0 {
		return nil
	}
	cert, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return nil
	}
	return cert
}

func failure(err error) string {
	return "error " + strings.ReplaceAll(err.Error(), "\n", " ")
}

func pattern(i int) byte {
	return byte(i*31 + (i >> 8) + 7)
}

func readLine(r io.Reader) (string, error) {
	var b []byte
	one := make([]byte, 1)
	for len(b) <= 64 {
		if _, err := io.ReadFull(r, one); err != nil {
			return "", err
		}
		if one[0] == '\n' {
			return string(b), nil
		}
		b = append(b, one[0])
	}
	return "", errors.New("no request line")
}

// ---- client ----

// Session caches named with cache=NAME.
var caches = map[string]tls.ClientSessionCache{}

func runClient(port int, c settings) string {
	cfg, err := config(c)
	if err != nil {
		return failure(err)
	}
	if name, ok := c["cache"]; ok {
		if caches[name] == nil {
			caches[name] = tls.NewLRUClientSessionCache(8)
		}
		cfg.ClientSessionCache = caches[name]
	}
	cfg.ServerName = "localhost"
	if sni, ok := c["sni"]; ok {
		cfg.ServerName = sni
	}
	// Go's own choice (the first identity the CertificateRequest accepts, else none), with a
	// note of which one went, which ConnectionState does not tell.
	var sent *tls.Certificate
	pairs := cfg.Certificates
	cfg.Certificates = nil
	cfg.GetClientCertificate = func(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
		for i := range pairs {
			if cri.SupportsCertificate(&pairs[i]) == nil {
				sent = &pairs[i]
				return sent, nil
			}
		}
		return &tls.Certificate{}, nil
	}
	raw, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), ioTimeout)
	if err != nil {
		return failure(err)
	}
	defer lingeringClose(raw)
	raw.SetDeadline(time.Now().Add(ioTimeout))
	s := tls.Client(raw, cfg)
	if err := s.Handshake(); err != nil {
		return failure(err)
	}
	line := "ok " + describe(cfg, s.ConnectionState(), leaf(sent), sent != nil)
	n, _ := strconv.Atoi(c["send"])
	data := make([]byte, n)
	for i := range data {
		data[i] = pattern(i)
	}
	// The head, then the data in one write: over 16 KiB it spans several records.
	if _, err := s.Write([]byte(fmt.Sprintf("SEND %d\n", n))); err != nil {
		return line + " " + failure(err)
	}
	if _, err := s.Write(data); err != nil {
		return line + " " + failure(err)
	}
	back := make([]byte, n)
	if _, err := io.ReadFull(s, back); err != nil {
		return line + " " + failure(err)
	}
	if !bytes.Equal(back, data) {
		return line + " echoed=corrupt"
	}
	return line + fmt.Sprintf(" echoed=%d closed=%s", n, closeAndWait(s))
}

// After our close_notify (CloseWrite), io.EOF from Read means the peer answered with its own.
func closeAndWait(s *tls.Conn) string {
	if err := s.CloseWrite(); err != nil {
		return "'" + err.Error() + "'"
	}
	one := make([]byte, 1)
	_, err := s.Read(one)
	if err == io.EOF {
		return "clean"
	}
	if err == nil {
		return "data-after-close"
	}
	return "'" + err.Error() + "'"
}

// ---- server ----

func runServer(conns []settings) {
	ls, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatal(err)
	}
	defer ls.Close()
	fmt.Printf("listening on %d\n", ls.Addr().(*net.TCPAddr).Port)
	for i, c := range conns {
		ls.(*net.TCPListener).SetDeadline(time.Now().Add(ioTimeout))
		raw, err := ls.Accept()
		if err != nil {
			fmt.Printf("conn %d %s\n", i, failure(err))
			continue
		}
		fmt.Printf("conn %d %s\n", i, serveOne(raw, c))
		lingeringClose(raw)
	}
}

// Shut our side, then read what the peer still sends until it closes (2 s at most): closing a
// socket with unread input makes the kernel reset the connection, and the peer could lose the
// alert we sent before it read it.
func lingeringClose(raw net.Conn) {
	if tcp, ok := raw.(*net.TCPConn); ok {
		tcp.CloseWrite()
	}
	raw.SetDeadline(time.Now().Add(2 * time.Second))
	io.Copy(io.Discard, raw)
	raw.Close()
}

func serveOne(raw net.Conn, c settings) string {
	cfg, err := config(c)
	if err != nil {
		return failure(err)
	}
	switch c["auth"] {
	case "", "need":
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
	case "none":
		cfg.ClientAuth = tls.NoClientCert
	default:
		return failure(fmt.Errorf("unknown auth %s", c["auth"]))
	}
	// Go's own choice among the identities (the first the ClientHello supports, else the
	// first), noting which one it was.
	var chosen *tls.Certificate
	pairs := cfg.Certificates
	cfg.Certificates = nil
	cfg.GetCertificate = func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
		if len(pairs) == 0 {
			return nil, errors.New("no server identity")
		}
		chosen = &pairs[0]
		for i := range pairs {
			if hello.SupportsCertificate(&pairs[i]) == nil {
				chosen = &pairs[i]
				break
			}
		}
		return chosen, nil
	}
	raw.SetDeadline(time.Now().Add(ioTimeout))
	s := tls.Server(raw, cfg)
	if err := s.Handshake(); err != nil {
		return failure(err)
	}
	st := s.ConnectionState()
	line := "ok " + describe(cfg, st, leaf(chosen), len(st.PeerCertificates) > 0)
	req, err := readLine(s)
	if err != nil {
		return line + " " + failure(err)
	}
	n, err := strconv.Atoi(strings.TrimPrefix(req, "SEND "))
	if !strings.HasPrefix(req, "SEND ") || err != nil || n < 0 || n > 1<<20 {
		return line + " request='" + req + "'"
	}
	data := make([]byte, n)
	if _, err := io.ReadFull(s, data); err != nil {
		return line + " " + failure(err)
	}
	for i := range data {
		if data[i] != pattern(i) {
			return line + fmt.Sprintf(" echoed=corrupt-at-%d", i)
		}
	}
	if _, err := s.Write(data); err != nil {
		return line + " " + failure(err)
	}
	// The client closes first: its close_notify ends our read with io.EOF; Close answers.
	one := make([]byte, 1)
	closed := "clean"
	if _, err := s.Read(one); err == nil {
		closed = "data-after-echo"
	} else if err != io.EOF {
		closed = "'" + err.Error() + "'"
	}
	if err := s.Close(); err != nil && closed == "clean" {
		closed = "'" + err.Error() + "'"
	}
	return line + fmt.Sprintf(" echoed=%d closed=%s", n, closed)
}
