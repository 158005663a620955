package io.github.gtespark.train;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports the final model of a stage with a {@link ModelExporter} into {@code runDir/model}. An export already there
 * belongs to an earlier attempt of the same run (a {@code --resume} after the stage had finished, or a crash after
 * the export): it is replaced, since the run directory's {@code _SUCCESS} is only written after this export.
 */
public final class ExportListener implements StageListener {

    public static final String MODEL_DIR = "model";
    private static final Logger LOG = LoggerFactory.getLogger(ExportListener.class);

    private final ModelExporter exporter;
    private final String modelDirUri;
    private final Configuration hadoopConf;

    public ExportListener(ModelExporter exporter, String runDirUri, Configuration hadoopConf) {
        this.exporter = exporter;
        this.modelDirUri = runDirUri.replaceAll("/+$", "") + "/" + MODEL_DIR;
        this.hadoopConf = hadoopConf;
    }

    public String modelDirUri() {
        return modelDirUri;
    }

    @Override
    public void onStageEnd(StageProgress p) throws IOException {
        Path target = new Path(modelDirUri);
        FileSystem fs = target.getFileSystem(hadoopConf);
        if (fs.exists(target)) {
            LOG.info("[{}] replacing the export of an earlier attempt of this run at {}", p.stage(), modelDirUri);
            if (!fs.delete(target, true)) {
                throw new IOException("cannot replace the earlier export " + modelDirUri);
            }
        }
        exporter.export(p.graph(), modelDirUri, hadoopConf);
        LOG.info("[{}] model exported to {}", p.stage(), modelDirUri);
    }
}
