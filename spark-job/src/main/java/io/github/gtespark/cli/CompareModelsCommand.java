package io.github.gtespark.cli;

import io.github.gtespark.train.checkpoint.CheckpointStore;
import io.github.gtespark.train.checkpoint.LoadedCheckpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code gte compare-models}: loads two training checkpoints and prints the largest absolute difference of their
 * parameters and of their optimizer state, e.g. to check that a resumed run ends where an uninterrupted run with
 * the same seed ends ({@code scripts/test-cluster} does).
 */
final class CompareModelsCommand implements Subcommand {

    @Override
    public String name() {
        return "compare-models";
    }

    @Override
    public String summary() {
        return "largest parameter / optimizer-state difference between two training checkpoints";
    }

    @Override
    public String help() {
        return """
                usage: gte compare-models --a CHECKPOINT --b CHECKPOINT

                Loads both checkpoints (a step-* checkpoint directory, a checkpoints directory or a run
                directory, the latter two meaning their newest checkpoint; local paths or Hadoop FS URIs) and
                prints, computed in double precision:
                  a=URI step=N
                  b=URI step=N
                  parameters=COUNT max_abs_diff=X
                  updater_state=COUNT max_abs_diff=Y      (when both hold optimizer state)
                Models with different parameter counts are an error (exit 2).
                """;
    }

    @Override
    public void run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        CommandLineOptions options = CommandLineOptions.parse(name(), args, Set.of("a", "b"), Set.of());
        String a = options.required("a");
        String b = options.required("b");
        Configuration hc = new Configuration();
        LoadedCheckpoint ca = load(a, hc, err);
        LoadedCheckpoint cb = load(b, hc, err);
        out.println("a=" + ca.uri() + " step=" + ca.state().step());
        out.println("b=" + cb.uri() + " step=" + cb.state().step());
        ComputationGraph ga = ca.graph();
        ComputationGraph gb = cb.graph();
        out.println(difference("parameters", ga.params(), gb.params()));
        INDArray ua = ga.getUpdater() == null ? null : ga.getUpdater().getStateViewArray();
        INDArray ub = gb.getUpdater() == null ? null : gb.getUpdater().getStateViewArray();
        if (ua != null && ub != null) {
            out.println(difference("updater_state", ua, ub));
        }
    }

    private static LoadedCheckpoint load(String reference, Configuration hc, PrintStream err) throws IOException {
        String uri = CheckpointStore.resolve(reference, hc);
        err.println("gte: loading " + uri);
        return CheckpointStore.load(uri, hc, true);
    }

    private static String difference(String what, INDArray a, INDArray b) {
        if (a.length() != b.length()) {
            throw new UsageException("the models differ in shape: " + what + " " + a.length() + " vs " + b.length());
        }
        INDArray da = a.reshape(a.length()).castTo(DataType.DOUBLE);
        INDArray db = b.reshape(b.length()).castTo(DataType.DOUBLE);
        double max = Transforms.abs(da.subi(db), false).maxNumber().doubleValue();
        return what + "=" + a.length() + " max_abs_diff=" + max;
    }
}
