package io.certatlas.scan;

/**
 * The service name Certificate View shows for an instance, guessed from the port (a scan does
 * not fingerprint applications). Names follow Qualys's ("https", "win_remote_desktop").
 */
public final class Service {

    private Service() {
    }

    /**
     * The service spoken through a pre-TLS step: the protocol of the dialogue ("smtp" after an
     * SMTP STARTTLS on any port), never "unknown" after one; direct TLS is guessed from the port.
     */
    public static String of(io.certatlas.scan.starttls.TlsWrapper wrapper, int port) {
        return switch (wrapper) {
            case NONE -> forPort(port);
            case SMTP -> "smtp";
            case IMAP -> "imap";
            case POP3 -> "pop3";
            case FTP -> "ftp";
            case LDAP -> "ldap";
            case XMPP -> "xmpp";
            case POSTGRES -> "postgresql";
            case RDP -> "win_remote_desktop";
        };
    }

    public static String forPort(int port) {
        return switch (port) {
            case 443, 4443, 8443, 9443, 10443 -> "https";
            case 25, 587 -> "smtp";
            case 465 -> "smtps";
            case 143 -> "imap";
            case 993 -> "imaps";
            case 110 -> "pop3";
            case 995 -> "pop3s";
            case 389 -> "ldap";
            case 636, 3269 -> "ldaps";
            case 21 -> "ftp";
            case 990 -> "ftps";
            case 5222 -> "xmpp";
            case 5223 -> "xmpps";
            case 5432 -> "postgresql";
            case 3389 -> "win_remote_desktop";
            case 5986 -> "winrm";
            case 8883 -> "mqtt";
            default -> "unknown";
        };
    }
}
