package dev.confiture.sql;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the fuzz seed inputs through the fuzz property in the default build, without the cost of
 * starting Jazzer (see {@link SqlScriptFuzzTest} and the {@code fuzz} profile).
 */
class SqlScriptFuzzSeedsTest {

    static Stream<Path> seeds() throws IOException, URISyntaxException {
        Path directory = Path.of(SqlScriptFuzzSeedsTest.class.getResource("SqlScriptFuzzTestInputs/splitsOrRefusesEveryInput").toURI());
        return Files.list(directory).filter(Files::isRegularFile).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void seedHoldsTheFuzzProperty(Path seed) throws IOException {
        new SqlScriptFuzzTest().splitsOrRefusesEveryInput(Files.readAllBytes(seed));
    }
}
