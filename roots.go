package main

// The Mozilla CA roots compiled in, used only where the system has none: the container image is
// built FROM scratch, without /etc/ssl/certs, and must still verify the Engage server's
// certificate. Where the system has roots (and for --ca-cert), those are used as before.
import _ "golang.org/x/crypto/x509roots/fallback"
