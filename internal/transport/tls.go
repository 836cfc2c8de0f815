package transport

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
)

// systemCertPool is the host's trusted roots (a variable so that a test can
// stand in for them).
var systemCertPool = x509.SystemCertPool

// tlsConfig is the TLS policy: TLS 1.2 or later; the server's certificate
// chain and host name are verified (Go's standard verification) unless
// Insecure is set; CACertPEM is trusted in addition to the system roots,
// never instead of them, so a private CA can be added without losing the
// public ones.
func tlsConfig(cfg Config) (*tls.Config, error) {
	tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: cfg.Insecure} //nolint:gosec // opt-in via `insecure`
	if len(cfg.CACertPEM) > 0 {
		pool, err := systemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(cfg.CACertPEM) {
			return nil, errors.New("the CA bundle contains no PEM certificate")
		}
		tlsCfg.RootCAs = pool
	}
	return tlsCfg, nil
}

// isTLSError reports a failed TLS handshake: an unverifiable certificate or
// a protocol the policy refuses. Neither changes on retry, and no request
// was sent.
func isTLSError(err error) bool {
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var recHdr tls.RecordHeaderError
	var op *net.OpError
	// A TLS alert from the server arrives as a net.OpError "remote error".
	remoteAlert := errors.As(err, &op) && op.Op == "remote error" && strings.HasPrefix(op.Err.Error(), "tls: ")
	return errors.As(err, &certErr) || errors.As(err, &unknownAuth) || errors.As(err, &hostErr) ||
		errors.As(err, &recHdr) || remoteAlert ||
		err != nil && strings.Contains(err.Error(), "tls: server selected unsupported protocol version")
}

// explainTLS adds what to do to a TLS failure.
func explainTLS(err error) error {
	var hostErr x509.HostnameError
	var unknownAuth x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &hostErr):
		return fmt.Errorf("%w: the server's TLS certificate is not for this host name; check the endpoint's host name "+
			"(insecure = true skips the check, which exposes credentials to whoever answers)", err)
	case errors.As(err, &unknownAuth):
		return fmt.Errorf("%w: the server's TLS certificate is not signed by a trusted CA; set ca_cert_file to the PEM bundle of the CA "+
			"that signed it (it is trusted in addition to the system roots)", err)
	case errors.As(err, &invalid):
		return fmt.Errorf("%w: the server's TLS certificate is not valid (expired, not yet valid or not for TLS servers)", err)
	case err != nil && strings.Contains(err.Error(), "tls: ") && strings.Contains(err.Error(), "protocol version"):
		return fmt.Errorf("%w: the server does not offer TLS 1.2 or later, the provider's minimum", err)
	}
	return err
}
