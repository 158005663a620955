package io.github.gtespark.train.metrics;

import io.github.gtespark.train.StageListener;
import io.github.gtespark.train.StageProgress;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders the run's metrics into {@code training-chart.png} at the end of the stage. */
public final class ChartListener implements StageListener {

    private static final Logger LOG = LoggerFactory.getLogger(ChartListener.class);

    private final MetricsLog metrics;
    private final String runDirUri;
    private final Configuration hadoopConf;
    private String chartUri;

    public ChartListener(MetricsLog metrics, String runDirUri, Configuration hadoopConf) {
        this.metrics = metrics;
        this.runDirUri = runDirUri;
        this.hadoopConf = hadoopConf;
    }

    @Override
    public void onStageEnd(StageProgress p) throws IOException {
        chartUri = TrainingChart.write(metrics.records(), runDirUri, hadoopConf);
        LOG.info("[{}] chart written to {}", p.stage(), chartUri);
    }

    public String chartUri() {
        return chartUri;
    }
}
