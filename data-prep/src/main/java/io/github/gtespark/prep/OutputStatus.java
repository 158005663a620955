package io.github.gtespark.prep;

import io.github.gtespark.fs.SuccessMarker;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * Whether a corpus output directory is complete ({@code _SUCCESS} present), on any Hadoop FileSystem. As a command
 * ({@code java -cp ... io.github.gtespark.prep.OutputStatus URI}) for scheduler wrappers: exit status 0 when
 * complete, 3 when not, 2 when the file system cannot be asked.
 */
public final class OutputStatus {

    public static final int INCOMPLETE = 3;
    public static final int ERROR = 2;

    private OutputStatus() {}

    public static boolean complete(String outputUri, Configuration conf) throws IOException {
        return SuccessMarker.exists(outputUri, conf);
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: OutputStatus OUTPUT_URI");
            System.exit(ERROR);
        }
        try {
            boolean done = complete(args[0], new Configuration());
            System.out.println(args[0] + (done ? ": complete" : ": not complete"));
            System.exit(done ? 0 : INCOMPLETE);
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot check " + args[0] + ": " + e.getMessage());
            System.exit(ERROR);
        }
    }
}
