package io.github.gtespark.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Real texts from the shared data folder (system property {@code gte.shared.data}): STS Benchmark sentences,
 * SNLI premises/hypotheses, Stack Exchange post bodies (HTML tags stripped), PubMedQA questions and contexts,
 * Debian package synopses and descriptions.
 */
final class RealTextSamples {

    private RealTextSamples() {}

    static Path dataDir() {
        String dir = System.getProperty("gte.shared.data");
        assertTrue(dir != null, "system property gte.shared.data is not set (surefire sets it)");
        Path path = Paths.get(dir);
        assertTrue(Files.isDirectory(path), "shared data folder missing: " + path.toAbsolutePath());
        return path;
    }

    /** sentence1 and sentence2 of STSb train and dev (TAB separated, fields 5 and 6). */
    static List<String> stsb() {
        List<String> out = new ArrayList<>();
        for (String file : List.of("sts-train.csv", "sts-dev.csv")) {
            for (String line : lines(dataDir().resolve("stsb").resolve(file))) {
                String[] f = line.split("\t", -1);
                if (f.length >= 7) {
                    out.add(f[5]);
                    out.add(f[6]);
                }
            }
        }
        return out;
    }

    /** SNLI dev and test premises and hypotheses. */
    static List<String> snli() {
        List<String> out = new ArrayList<>();
        for (String file : List.of("s1.dev", "s2.dev", "s1.test", "s2.test")) {
            out.addAll(lines(dataDir().resolve("snli").resolve(file)));
        }
        return out;
    }

    /** Titles and bodies of the beer.stackexchange.com posts, bodies with HTML tags removed. */
    static List<String> stackExchange() {
        List<String> out = new ArrayList<>();
        try (InputStream in =
                Files.newInputStream(dataDir().resolve("stackexchange-beer").resolve("Posts.xml"))) {
            XMLStreamReader xml = XMLInputFactory.newFactory().createXMLStreamReader(in);
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT
                        && xml.getLocalName().equals("row")) {
                    String title = xml.getAttributeValue(null, "Title");
                    if (title != null) {
                        out.add(title);
                    }
                    String body = xml.getAttributeValue(null, "Body");
                    if (body != null) {
                        out.add(stripTags(body));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Removes {@code <...>} tags, keeping entities and line breaks as they are. */
    static String stripTags(String html) {
        StringBuilder b = new StringBuilder(html.length());
        boolean inTag = false;
        for (int i = 0; i < html.length(); i++) {
            char c = html.charAt(i);
            if (c == '<') {
                inTag = true;
            } else if (c == '>' && inTag) {
                inTag = false;
                b.append(' ');
            } else if (!inTag) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** PubMedQA questions, contexts and long answers. */
    static List<String> pubMedQa() {
        List<String> out = new ArrayList<>();
        try {
            JsonNode root = new ObjectMapper()
                    .readTree(dataDir()
                            .resolve("pubmedqa")
                            .resolve("ori_pqal.json")
                            .toFile());
            for (JsonNode item : root) {
                out.add(item.path("QUESTION").asText());
                for (JsonNode context : item.path("CONTEXTS")) {
                    out.add(context.asText());
                }
                out.add(item.path("LONG_ANSWER").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Synopsis and description of the first {@code rows} Debian packages (all when {@code rows <= 0}). */
    static List<String> debian(int rows) {
        List<String> out = new ArrayList<>();
        Path file = dataDir().resolve("debian-descriptions").resolve("bookworm-main-descriptions.tsv.gz");
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            r.readLine(); // header
            int n = 0;
            for (String line = r.readLine(); line != null && (rows <= 0 || n < rows); line = r.readLine(), n++) {
                String[] f = line.split("\t", -1);
                if (f.length >= 3) {
                    out.add(f[1]);
                    out.add(f[2]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
