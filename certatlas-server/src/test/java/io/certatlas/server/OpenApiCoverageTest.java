package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every operation a controller of the server answers is in the OpenAPI document it serves, and
 * the document names none that does not exist: clients generated from it reach the whole API,
 * and an endpoint added later without its description fails here.
 */
class OpenApiCoverageTest {

    /** The page's own files are a web page, not API. */
    private static final Set<String> PAGE = Set.of("GET /", "GET /index.html");

    @Test
    void theDocumentDescribesExactlyTheOperationsTheControllersAnswer() throws Exception {
        Set<String> answered = new TreeSet<>();
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        for (var candidate : scanner.findCandidateComponents("io.certatlas.server")) {
            Class<?> controller = Class.forName(candidate.getBeanClassName());
            RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(controller, RequestMapping.class);
            List<String> prefixes = base == null || base.path().length == 0 ? List.of("") : List.of(base.path());
            for (Method method : controller.getDeclaredMethods()) {
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (mapping == null) {
                    continue;
                }
                List<String> paths = mapping.path().length == 0 ? List.of("") : List.of(mapping.path());
                for (var verb : mapping.method()) {
                    for (String prefix : prefixes) {
                        for (String path : paths) {
                            answered.add(verb.name() + " " + prefix + path);
                        }
                    }
                }
            }
        }
        answered.removeAll(PAGE);
        assertThat(answered).as("the controllers were found").contains("POST /auth", "POST /certview/v1/certificates");

        Set<String> described = new TreeSet<>();
        try (InputStream in = getClass().getResourceAsStream("/api/openapi.json")) {
            JsonNode paths = JsonMapper.builder().build().readTree(in).get("paths");
            List<String> names = new ArrayList<>(paths.propertyNames());
            for (String path : names) {
                for (String verb : paths.get(path).propertyNames()) {
                    described.add(verb.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        assertThat(described).containsExactlyInAnyOrderElementsOf(answered);
    }
}
