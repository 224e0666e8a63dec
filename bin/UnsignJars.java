import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Run by ./certatlas on the extracted application (java bin/UnsignJars.java DIR): rewrites every
 * signed jar in DIR without its signature files. The JDK's ahead-of-time cache leaves out every
 * class of a signed jar (BouncyCastle's: a thousand of the scanner's and the import's classes);
 * the jars come from Maven Central, checked by Maven, and OpenJDK does not require signed providers.
 */
public final class UnsignJars {

    public static void main(String[] args) throws IOException {
        try (Stream<Path> jars = Files.list(Path.of(args[0]))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                unsign(jar);
            }
        }
    }

    private static boolean isSignature(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.startsWith("META-INF/") && upper.indexOf('/', "META-INF/".length()) < 0
                && (upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC"));
    }

    private static void unsign(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.stream().noneMatch(entry -> isSignature(entry.getName()))) {
                return;
            }
            Path unsigned = jar.resolveSibling(jar.getFileName() + ".unsigned");
            try (OutputStream file = Files.newOutputStream(unsigned); ZipOutputStream out = new ZipOutputStream(file)) {
                for (ZipEntry entry : zip.stream().filter(e -> !isSignature(e.getName())).toList()) {
                    ZipEntry copy = new ZipEntry(entry.getName());
                    copy.setTime(entry.getTime());
                    out.putNextEntry(copy);
                    try (InputStream in = zip.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            Files.move(unsigned, jar, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
