package io.github.gtespark.train.checkpoint;

import io.github.gtespark.fs.AtomicFsWriter;
import io.github.gtespark.fs.SuccessMarker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checkpoints of one run on any Hadoop FileSystem ({@code file:}, {@code hdfs://}, ...): each is a directory
 * {@code step-NNNNNNNNNN/} holding {@code model.zip} (DL4J ModelSerializer: configuration, parameters and updater
 * state), {@code state.json} ({@link CheckpointState}), the resolved configuration and a {@code _SUCCESS} marker.
 *
 * <p>Atomic: everything is written into a hidden temporary directory which is renamed to its final name only when
 * complete, so a crash mid-write leaves at most a hidden leftover (removed by the next save) and never touches a
 * published checkpoint. {@link #latest()} only considers published directories with a marker. Parameters with
 * NaN or infinity are never written. After each save only the newest {@code keepLast} checkpoints are kept.
 */
public class CheckpointStore {

    public static final String MODEL_FILE = "model.zip";
    public static final String STATE_FILE = "state.json";
    public static final String CONFIG_FILE = "config.conf";
    private static final Pattern NAME = Pattern.compile("step-(\\d{10})");

    private final String rootUri;
    private final Configuration hadoopConf;
    private final int keepLast;

    /**
     * @param rootUri    directory holding the checkpoints (created on first save)
     * @param hadoopConf Hadoop configuration for the file system
     * @param keepLast   how many checkpoints to keep (at least 1)
     */
    public CheckpointStore(String rootUri, Configuration hadoopConf, int keepLast) {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keep-last must be at least 1, got " + keepLast);
        }
        this.rootUri = rootUri.endsWith("/") ? rootUri.substring(0, rootUri.length() - 1) : rootUri;
        this.hadoopConf = hadoopConf;
        this.keepLast = keepLast;
    }

    public String rootUri() {
        return rootUri;
    }

    /** Writes a checkpoint of {@code graph} at {@code state.step()} and returns its URI. */
    public String save(ComputationGraph graph, CheckpointState state, String configText) throws IOException {
        return save(graph, state, configText, Map.of());
    }

    /**
     * Writes a checkpoint of {@code graph} at {@code state.step()} with {@code extraFiles} (relative path to bytes,
     * e.g. the encoder's configuration and tokenizer under {@code encoder/}) and returns its URI.
     */
    public String save(ComputationGraph graph, CheckpointState state, String configText, Map<String, byte[]> extraFiles)
            throws IOException {
        INDArray params = graph.params();
        if (params.isNaN().any() || params.isInfinite().any()) {
            throw new NonFiniteParametersException(
                    "parameters at step " + state.step() + " contain NaN or infinity: checkpoint not written");
        }
        Path root = new Path(rootUri);
        FileSystem fs = root.getFileSystem(hadoopConf);
        fs.mkdirs(root);
        removeLeftovers(fs, root);
        Path target = new Path(root, name(state.step()));
        Path tmp = AtomicFsWriter.temporarySibling(target);
        try {
            fs.mkdirs(tmp);
            try (OutputStream out = create(fs, new Path(tmp, MODEL_FILE))) {
                ModelSerializer.writeModel(graph, out, true);
            }
            try (OutputStream out = create(fs, new Path(tmp, STATE_FILE))) {
                out.write(state.toJson());
            }
            try (OutputStream out = create(fs, new Path(tmp, CONFIG_FILE))) {
                out.write(configText.getBytes(StandardCharsets.UTF_8));
            }
            for (Map.Entry<String, byte[]> e : extraFiles.entrySet()) {
                try (OutputStream out = create(fs, new Path(tmp, e.getKey()))) {
                    out.write(e.getValue());
                }
            }
            SuccessMarker.write(tmp.toString(), hadoopConf);
            if (fs.exists(target)) {
                // this step is already checkpointed (a published checkpoint is never replaced in place)
                fs.delete(tmp, true);
                return target.toString();
            }
            AtomicFsWriter.publishDirectory(tmp.toString(), target.toString(), hadoopConf);
        } catch (IOException | RuntimeException e) {
            fs.delete(tmp, true);
            throw e;
        }
        prune(fs);
        return target.toString();
    }

    /** Opens a file of a checkpoint being written; overridable to observe or fail writes. */
    protected OutputStream create(FileSystem fs, Path path) throws IOException {
        return fs.create(path, false);
    }

    /** URIs of the published checkpoints, oldest first. */
    public List<String> list() throws IOException {
        Path root = new Path(rootUri);
        FileSystem fs = root.getFileSystem(hadoopConf);
        List<Path> found = new ArrayList<>();
        if (fs.exists(root)) {
            for (FileStatus st : fs.listStatus(root)) {
                if (st.isDirectory()
                        && NAME.matcher(st.getPath().getName()).matches()
                        && fs.exists(new Path(st.getPath(), SuccessMarker.FILE_NAME))) {
                    found.add(st.getPath());
                }
            }
        }
        found.sort(Comparator.comparing(Path::getName));
        List<String> out = new ArrayList<>();
        for (Path p : found) {
            out.add(p.toString());
        }
        return out;
    }

    /** The newest published checkpoint, if any. */
    public Optional<String> latest() throws IOException {
        List<String> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Reads a checkpoint directory written by {@link #save}, with its optimizer state. */
    public static LoadedCheckpoint load(String checkpointUri, Configuration hadoopConf) throws IOException {
        return load(checkpointUri, hadoopConf, true);
    }

    /**
     * Reads a checkpoint directory written by {@link #save}.
     *
     * @param loadUpdater false to leave the graph's updater uncreated (a new stage configures its own optimizer)
     */
    public static LoadedCheckpoint load(String checkpointUri, Configuration hadoopConf, boolean loadUpdater)
            throws IOException {
        Path dir = new Path(checkpointUri);
        FileSystem fs = dir.getFileSystem(hadoopConf);
        if (!fs.exists(new Path(dir, SuccessMarker.FILE_NAME))) {
            throw new IOException("not a complete checkpoint (no " + SuccessMarker.FILE_NAME + "): " + checkpointUri);
        }
        ComputationGraph graph;
        try (InputStream in = fs.open(new Path(dir, MODEL_FILE))) {
            graph = ModelSerializer.restoreComputationGraph(in, loadUpdater);
        }
        CheckpointState state;
        try (InputStream in = fs.open(new Path(dir, STATE_FILE))) {
            state = CheckpointState.fromJson(in.readAllBytes());
        }
        String config;
        try (InputStream in = fs.open(new Path(dir, CONFIG_FILE))) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new LoadedCheckpoint(dir.toString(), graph, state, config);
    }

    /**
     * Resolves a checkpoint reference: a checkpoint directory itself, a checkpoints root, or a run directory
     * containing {@code checkpoints/}; the latter two give their newest checkpoint.
     */
    public static String resolve(String uri, Configuration hadoopConf) throws IOException {
        Path p = new Path(uri);
        FileSystem fs = p.getFileSystem(hadoopConf);
        if (fs.exists(new Path(p, MODEL_FILE))) {
            return p.toString();
        }
        for (String root : new String[] {uri, uri.replaceAll("/+$", "") + "/checkpoints"}) {
            Optional<String> latest = new CheckpointStore(root, hadoopConf, 1).latest();
            if (latest.isPresent()) {
                return latest.get();
            }
        }
        throw new IOException("no checkpoint found at " + uri + " (expected a step-* directory, a checkpoints "
                + "directory or a run directory with checkpoints/)");
    }

    /** A file stored with {@link #save(ComputationGraph, CheckpointState, String, Map)}, if present. */
    public static Optional<byte[]> readExtra(String checkpointUri, String relativePath, Configuration hadoopConf)
            throws IOException {
        Path p = new Path(new Path(checkpointUri), relativePath);
        FileSystem fs = p.getFileSystem(hadoopConf);
        if (!fs.exists(p)) {
            return Optional.empty();
        }
        try (InputStream in = fs.open(p)) {
            return Optional.of(in.readAllBytes());
        }
    }

    static long stepOf(String uri) {
        Matcher m = NAME.matcher(new Path(uri).getName());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a checkpoint directory name: " + uri);
        }
        return Long.parseLong(m.group(1));
    }

    private static String name(long step) {
        return String.format("step-%010d", step);
    }

    private void prune(FileSystem fs) throws IOException {
        List<String> all = list();
        for (int i = 0; i < all.size() - keepLast; i++) {
            fs.delete(new Path(all.get(i)), true);
        }
    }

    private static void removeLeftovers(FileSystem fs, Path root) throws IOException {
        for (FileStatus st : fs.listStatus(root)) {
            String n = st.getPath().getName();
            if (n.startsWith(".step-") && n.contains(".tmp-")) {
                fs.delete(st.getPath(), true);
            }
        }
    }
}
