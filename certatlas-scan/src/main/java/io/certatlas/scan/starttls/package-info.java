/**
 * Plaintext dialogues before TLS: STARTTLS for SMTP, IMAP, POP3, FTP, LDAP, XMPP, PostgreSQL's
 * SSLRequest and RDP's X.224 negotiation. {@link io.certatlas.scan.starttls.TlsWrapper#prepare}
 * leaves a socket ready for a ClientHello or throws
 * {@link io.certatlas.scan.starttls.PreTlsNegotiationFailed} with a typed reason.
 */
package io.certatlas.scan.starttls;
