package io.github.gtespark.prep.tokenize;

import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.prep.source.TextFileSource;
import io.github.gtespark.text.BertTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;

/** Loads the configured tokenizer: the built-in {@code bert-base-uncased}, or a {@code tokenizer.json} on any Hadoop FS. */
public final class TokenizerLoader {

    private TokenizerLoader() {}

    public static BertTokenizer load(String tokenizer, Configuration conf) {
        if (PrepareCorpusSettings.BUILT_IN_TOKENIZER.equals(tokenizer)) {
            return BertTokenizer.bertBaseUncased();
        }
        try (InputStream in = TextFileSource.open(tokenizer, conf)) {
            return BertTokenizer.fromTokenizerJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer " + tokenizer + ": " + e.getMessage(), e);
        }
    }
}
