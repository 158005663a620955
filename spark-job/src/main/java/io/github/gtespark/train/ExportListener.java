package io.github.gtespark.train;

import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/** Exports the final model of a stage with a {@link ModelExporter} into {@code runDir/model}. */
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
        exporter.export(p.graph(), modelDirUri, hadoopConf);
        LOG.info("[{}] model exported to {}", p.stage(), modelDirUri);
    }
}
