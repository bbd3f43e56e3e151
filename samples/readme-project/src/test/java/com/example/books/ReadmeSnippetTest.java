package com.example.books;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * This project is what the README says a user writes: its pom holds the README's dependency snippet line for line,
 * and no source file here imports Confiture.
 */
class ReadmeSnippetTest {

    /** Written in two parts: this file is searched too. */
    private static final String CONFITURE_IMPORT = "import " + "dev.confiture";

    @Test
    void thePomHoldsTheReadmesSnippet() throws IOException {
        String readme = Files.readString(Path.of("../../README.md"));
        Matcher snippet = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL)
                .matcher(readme.substring(readme.indexOf("## Spring Boot")));
        assertThat(snippet.find()).as("the README's Spring Boot section has an xml snippet").isTrue();
        List<String> pom = lines(Files.readString(Path.of("pom.xml")));
        int at = 0;
        for (String line : lines(snippet.group(1))) {
            while (at < pom.size() && !pom.get(at).equals(line)) {
                at++;
            }
            assertThat(at).as("the pom has, in the README's order: %s", line).isLessThan(pom.size());
            at++;
        }
    }

    @Test
    void noSourceImportsConfiture() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src"))) {
            assertThat(sources.filter(path -> path.toString().endsWith(".java")).toList()).isNotEmpty()
                    .allSatisfy(path -> assertThat(Files.readString(path)).doesNotContain(CONFITURE_IMPORT));
        }
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
