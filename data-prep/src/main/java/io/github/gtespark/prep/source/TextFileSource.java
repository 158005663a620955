package io.github.gtespark.prep.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Reads text input files line by line as raw bytes, one Spark partition per file, decompressing by file extension
 * ({@code .gz}, {@code .bz2}, ... through Hadoop's codecs), and hands each file's lines in order to a
 * per-file {@link LineParser}. Lines are streamed, never a whole file in memory.
 */
public final class TextFileSource {

    private TextFileSource() {}

    public static <T> JavaRDD<T> read(JavaSparkContext jsc, List<String> files, LineParserFactory<T> parsers) {
        List<Tuple2<Integer, String>> indexed = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            indexed.add(new Tuple2<>(i, files.get(i)));
        }
        SerializableHadoopConf conf = new SerializableHadoopConf(jsc.hadoopConfiguration());
        return jsc.parallelize(indexed, Math.max(1, indexed.size()))
                .flatMap(f -> new ParsedLines<>(f._2(), conf.get(), f._1(), parsers.forFile(f._1(), f._2())));
    }

    /** Opens a file on its FileSystem, decompressing when its extension names a codec. */
    public static InputStream open(String file, Configuration conf) throws IOException {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(conf);
        InputStream raw = fs.open(path);
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
        if (codec == null) {
            return raw;
        }
        if (file.endsWith(".gz")) {
            return new java.util.zip.GZIPInputStream(raw, 1 << 16);
        }
        return codec.createInputStream(raw);
    }

    /**
     * Lazily reads lines and flattens the parser's records. A file that cannot be opened or read on (damaged or
     * truncated gzip, I/O error) ends with the parser's {@link LineParser#unreadable} record instead of failing the
     * task: Spark would retry it to the same error and fail the whole job.
     */
    private static final class ParsedLines<T> implements Iterator<T> {
        private final String file;
        private final ByteLineReader reader;
        private final int fileIndex;
        private final LineParser<T> parser;
        private Iterator<T> current = Collections.emptyIterator();
        private long lineNumber;
        private boolean done;

        ParsedLines(String file, Configuration conf, int fileIndex, LineParser<T> parser) {
            this.file = file;
            this.fileIndex = fileIndex;
            this.parser = parser;
            ByteLineReader opened = null;
            try {
                opened = new ByteLineReader(open(file, conf));
            } catch (IOException e) {
                current = parser.unreadable(fileIndex, 0, file, describe(e)).iterator();
                done = true;
            }
            this.reader = opened;
        }

        private static String describe(IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext()) {
                if (done) {
                    return false;
                }
                byte[] line;
                try {
                    line = reader.next();
                } catch (IOException e) {
                    done = true;
                    closeQuietly();
                    current = parser.unreadable(fileIndex, lineNumber, file, describe(e))
                            .iterator();
                    continue;
                }
                if (line == null) {
                    done = true;
                    closeQuietly();
                    return false;
                }
                current = parser.parse(new InputLine(fileIndex, lineNumber++, line))
                        .iterator();
            }
            return true;
        }

        private void closeQuietly() {
            try {
                reader.close();
            } catch (IOException e) {
                // the file was read to its end or failed already; nothing left to account for
            }
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }
}
