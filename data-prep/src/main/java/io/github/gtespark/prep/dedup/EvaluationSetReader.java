package io.github.gtespark.prep.dedup;

import io.github.gtespark.prep.clean.TextCleaner;
import io.github.gtespark.prep.config.EvaluationSetSpec;
import io.github.gtespark.prep.source.ByteLineReader;
import io.github.gtespark.prep.source.InputFiles;
import io.github.gtespark.prep.source.StrictUtf8;
import io.github.gtespark.prep.source.TextFileSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads the texts of evaluation sets (TAB-separated files, split on TAB only, texts in configured 0-based columns,
 * e.g. STS Benchmark: columns 5 and 6) and cleans them like corpus texts. Lines that are not valid UTF-8 or lack a
 * column are skipped and counted ({@link #skippedLines()}).
 */
public final class EvaluationSetReader {

    private final List<String> texts = new ArrayList<>();
    private final List<String> setNames = new ArrayList<>();
    private long skippedLines;

    public EvaluationSetReader(List<EvaluationSetSpec> sets, Configuration conf) {
        TextCleaner cleaner = new TextCleaner();
        for (EvaluationSetSpec set : sets) {
            for (String file : InputFiles.list("decontamination set " + set.name(), set.paths(), conf)) {
                try (ByteLineReader reader = new ByteLineReader(TextFileSource.open(file, conf))) {
                    for (byte[] line = reader.next(); line != null; line = reader.next()) {
                        String text = StrictUtf8.decodeOrNull(line);
                        if (text == null) {
                            skippedLines++;
                            continue;
                        }
                        String[] fields = text.split("\t", -1);
                        boolean used = false;
                        for (int col : set.columns()) {
                            if (col < fields.length) {
                                String cleaned = cleaner.clean(fields[col]);
                                if (!cleaned.isEmpty()) {
                                    texts.add(cleaned);
                                    setNames.add(set.name());
                                    used = true;
                                }
                            }
                        }
                        if (!used) {
                            skippedLines++;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            "cannot read evaluation set file " + file + ": " + e.getMessage(), e);
                }
            }
        }
    }

    public List<String> texts() {
        return texts;
    }

    public List<String> setNames() {
        return setNames;
    }

    public long skippedLines() {
        return skippedLines;
    }
}
