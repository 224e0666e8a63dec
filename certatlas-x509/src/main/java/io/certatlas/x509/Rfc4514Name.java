package io.certatlas.x509;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Turns an X.500 name into the string and parts Certificate View shows. The string follows
 * RFC 4514, the same form as the JDK's {@code X500Principal.getName()}: most specific RDN first,
 * keywords CN, L, ST, O, OU, C, STREET, DC, UID, any other attribute as its dotted OID with
 * {@code #}-hex of the DER value.
 */
final class Rfc4514Name {

    private static final Map<String, String> KEYWORDS = Map.of(
            "2.5.4.3", "CN", "2.5.4.7", "L", "2.5.4.8", "ST", "2.5.4.10", "O", "2.5.4.11", "OU",
            "2.5.4.6", "C", "2.5.4.9", "STREET", "0.9.2342.19200300.100.1.25", "DC",
            "0.9.2342.19200300.100.1.1", "UID");

    private Rfc4514Name() {
    }

    /** Parts and RFC 4514 string in one pass over the RDNs (this runs for every certificate of an import). */
    static DistinguishedName parts(X500Name name) {
        String cn = "";
        String o = "";
        String l = "";
        String st = "";
        String c = "";
        List<String> ou = new ArrayList<>(2);
        RDN[] rdns = name.getRDNs();
        String[] formatted = new String[rdns.length];
        StringBuilder piece = new StringBuilder(32);
        for (int r = 0; r < rdns.length; r++) {
            AttributeTypeAndValue[] atvs = rdns[r].getTypesAndValues();
            piece.setLength(0);
            for (int j = 0; j < atvs.length; j++) {
                AttributeTypeAndValue atv = atvs[j];
                if (j > 0) {
                    piece.append('+');
                }
                appendAttribute(piece, atv.getType(), atv.getValue());
                switch (atv.getType().getId()) {
                    case "2.5.4.3" -> cn = cn.isEmpty() ? text(atv.getValue()) : cn;
                    case "2.5.4.10" -> o = o.isEmpty() ? text(atv.getValue()) : o;
                    case "2.5.4.11" -> ou.add(text(atv.getValue()));
                    case "2.5.4.7" -> l = l.isEmpty() ? text(atv.getValue()) : l;
                    case "2.5.4.8" -> st = st.isEmpty() ? text(atv.getValue()) : st;
                    case "2.5.4.6" -> c = c.isEmpty() ? text(atv.getValue()) : c;
                    default -> {
                        // Other attributes are kept only in the dn string.
                    }
                }
            }
            formatted[r] = piece.toString();
        }
        StringBuilder dn = new StringBuilder(64);
        for (int r = rdns.length - 1; r >= 0; r--) {
            if (dn.length() > 0) {
                dn.append(',');
            }
            dn.append(formatted[r]);
        }
        return new DistinguishedName(dn.toString(), cn, o, ou, l, st, c);
    }

    static String format(X500Name name) {
        RDN[] rdns = name.getRDNs();
        StringBuilder out = new StringBuilder(64);
        for (int i = rdns.length - 1; i >= 0; i--) {
            if (out.length() > 0) {
                out.append(',');
            }
            AttributeTypeAndValue[] atvs = rdns[i].getTypesAndValues();
            for (int j = 0; j < atvs.length; j++) {
                if (j > 0) {
                    out.append('+');
                }
                appendAttribute(out, atvs[j].getType(), atvs[j].getValue());
            }
        }
        return out.toString();
    }

    private static void appendAttribute(StringBuilder out, ASN1ObjectIdentifier type, ASN1Encodable value) {
        String keyword = KEYWORDS.get(type.getId());
        if (keyword != null && value instanceof ASN1String s) {
            out.append(keyword).append('=');
            escape(out, s.getString());
        } else {
            out.append(type.getId()).append("=#").append(hexDer(value));
        }
    }

    /** RFC 4514 section 2.4 escaping. */
    private static void escape(StringBuilder out, String value) {
        int last = value.length() - 1;
        for (int i = 0; i <= last; i++) {
            char ch = value.charAt(i);
            boolean special = ch == ',' || ch == '+' || ch == '"' || ch == '\\' || ch == '<' || ch == '>'
                    || ch == ';' || (i == 0 && (ch == '#' || ch == ' ')) || (i == last && ch == ' ');
            if (special) {
                out.append('\\').append(ch);
            } else if (ch == 0) {
                out.append("\\00");
            } else {
                out.append(ch);
            }
        }
    }

    static String text(ASN1Encodable value) {
        if (value instanceof ASN1String s) {
            return s.getString();
        }
        return "#" + hexDer(value);
    }

    private static String hexDer(ASN1Encodable value) {
        try {
            return HexFormat.of().formatHex(value.toASN1Primitive().getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            return "";
        }
    }
}
