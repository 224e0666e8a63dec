package io.certatlas.scan;

/**
 * The service name Certificate View shows for an instance, guessed from the port (a scan does
 * not fingerprint applications). Names follow Qualys's ("https", "win_remote_desktop").
 */
public final class Service {

    private Service() {
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
