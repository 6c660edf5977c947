package io.wsgate.gateway.config;

/**
 * TLS on the WebSocket port ({@code server.tls.*}): PEM files, read at start-up.
 *
 * @param certPath the certificate chain, leaf first
 * @param keyPath the private key of the leaf certificate (PKCS#8, or PKCS#1 for RSA)
 */
public record TlsSettings(String certPath, String keyPath) {
}
