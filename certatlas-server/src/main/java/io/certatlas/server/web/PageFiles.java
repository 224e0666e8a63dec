package io.certatlas.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the page from certatlas-web's classpath resources: {@code /} is the one HTML document,
 * {@code /assets/*} its script, style and icon. Browsers revalidate them on every load
 * (no-cache), so a new server version is never shown with an old script.
 */
@Controller
public class PageFiles implements WebMvcConfigurer {

    static final String ROOT = "io/certatlas/web/page/";

    private final byte[] index = read(ROOT + "index.html");

    @GetMapping({"/", "/index.html"})
    public ResponseEntity<byte[]> index() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache()).body(index);
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**").addResourceLocations("classpath:/" + ROOT + "assets/")
                .setCacheControl(CacheControl.noCache());
        registry.addResourceHandler("/favicon.ico").addResourceLocations("classpath:/" + ROOT + "assets/")
                .setCacheControl(CacheControl.noCache());
    }

    private static byte[] read(String resource) {
        try (InputStream in = PageFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the page is missing from the classpath (" + resource
                        + "); certatlas-web must be on it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
