package transport

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// serverCAPEM is the PEM of the certificate an httptest TLS server presents
// (self-signed: it is its own CA).
func serverCAPEM(srv *httptest.Server) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
}

// testCA is a certificate authority made for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newTestCA(t *testing.T, name string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testCA{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// serve starts a TLS server whose certificate, signed by ca, is for the
// given DNS names and IPs. tweak adjusts the server's TLS config.
func (ca *testCA) serve(t *testing.T, dns []string, ips []net.IP, tweak func(*tls.Config), hits *int32) *httptest.Server {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "server"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		DNSNames: dns, IPAddresses: ips, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		atomic.AddInt32(hits, 1)
		_, _ = w.Write([]byte(`{}`))
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	if tweak != nil {
		tweak(srv.TLS)
	}
	srv.Config.ErrorLog = log.New(discard{}, "", 0) // handshake failures are the point
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

var loopback = []net.IP{net.ParseIP("127.0.0.1")}

func tlsClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	cfg.MaxRetries, cfg.RetryWaitMin, cfg.RetryWaitMax = 3, time.Millisecond, time.Millisecond
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// tlsFailure asserts a permanent TLS failure: one handshake, no request
// served, never retried, an error holding every fragment.
func tlsFailure(t *testing.T, c *Client, srv *httptest.Server, hits *int32, want ...string) {
	t.Helper()
	_, err := c.Do(context.Background(), &Request{Method: http.MethodPost, URL: srv.URL + "/x", StartsRun: true})
	var ne *NetworkError
	if !errors.As(err, &ne) {
		t.Fatalf("want a NetworkError, got %v", err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
	if ne.Attempts != 1 || ne.MayHaveTakenEffect {
		t.Errorf("a TLS failure is permanent and sends nothing: attempts %d, may have taken effect %v", ne.Attempts, ne.MayHaveTakenEffect)
	}
	if n := atomic.LoadInt32(hits); n != 0 {
		t.Errorf("the server handled %d request(s)", n)
	}
}

// TestTLSVerifiesChainAndHostName: insecure = false verifies the chain (an
// unknown CA fails; with ca_cert_file naming it, it passes) and the host name
// (a certificate for another name fails even from a trusted CA).
func TestTLSVerifiesChainAndHostName(t *testing.T) {
	ca := newTestCA(t, "private CA")
	var hits int32
	good := ca.serve(t, nil, loopback, nil, &hits)
	t.Run("unknown CA", func(t *testing.T) {
		tlsFailure(t, tlsClient(t, Config{}), good, &hits, "certificate signed by unknown authority", "set ca_cert_file")
	})
	t.Run("CA from ca_cert_file", func(t *testing.T) {
		resp, err := tlsClient(t, Config{CACertPEM: ca.pem}).Do(context.Background(), &Request{Method: http.MethodGet, URL: good.URL})
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("with the CA trusted: %v %v", resp, err)
		}
	})
	t.Run("certificate for another host name", func(t *testing.T) {
		var otherHits int32
		other := ca.serve(t, []string{"other.example.com"}, []net.IP{net.ParseIP("10.9.9.9")}, nil, &otherHits)
		tlsFailure(t, tlsClient(t, Config{CACertPEM: ca.pem}), other, &otherHits, "valid for 10.9.9.9", "not 127.0.0.1", "not for this host name")
	})
	t.Run("insecure skips both", func(t *testing.T) {
		var otherHits int32
		other := ca.serve(t, []string{"other.example.com"}, nil, nil, &otherHits)
		if _, err := tlsClient(t, Config{Insecure: true}).Do(context.Background(), &Request{Method: http.MethodGet, URL: other.URL}); err != nil {
			t.Fatalf("insecure: %v", err)
		}
	})
}

// TestCACertFileAddsToSystemRoots: the bundle is trusted in addition to the
// system roots, never instead of them.
func TestCACertFileAddsToSystemRoots(t *testing.T) {
	public, private := newTestCA(t, "public CA"), newTestCA(t, "private CA")
	was := systemCertPool
	t.Cleanup(func() { systemCertPool = was })
	systemCertPool = func() (*x509.CertPool, error) {
		p := x509.NewCertPool()
		p.AddCert(public.cert)
		return p, nil
	}
	var hits int32
	c := tlsClient(t, Config{CACertPEM: private.pem})
	for name, srv := range map[string]*httptest.Server{
		"server signed by a system root":         public.serve(t, nil, loopback, nil, &hits),
		"server signed by the ca_cert_file's CA": private.serve(t, nil, loopback, nil, &hits),
	} {
		if _, err := c.Do(context.Background(), &Request{Method: http.MethodGet, URL: srv.URL}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestTLSMinimumIs12: a server that offers at most TLS 1.1 is refused.
func TestTLSMinimumIs12(t *testing.T) {
	ca := newTestCA(t, "private CA")
	var hits int32
	old := ca.serve(t, nil, loopback, func(c *tls.Config) { c.MinVersion, c.MaxVersion = tls.VersionTLS10, tls.VersionTLS11 }, &hits)
	tlsFailure(t, tlsClient(t, Config{CACertPEM: ca.pem}), old, &hits, "protocol version", "TLS 1.2 or later")
}
