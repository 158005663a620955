package io.github.gtespark.train.metrics;

import io.github.gtespark.fs.AtomicFsWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The PNG chart of a run (JFreeChart, rendered headless): training loss per averaging round (top) and every
 * evaluation metric (bottom) against the global step, one series per stage and metric (and per loss, for a stage
 * that trains scored and other batches with two losses). Stages are laid end to
 * end on the step axis (stage 2 continues where stage 1 ended).
 */
public final class TrainingChart {

    public static final String FILE_NAME = "training-chart.png";

    private TrainingChart() {}

    public static byte[] renderPng(List<Map<String, Object>> records, int width, int height) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, XYSeries> loss = new LinkedHashMap<>();
        Map<String, XYSeries> evals = new LinkedHashMap<>();
        Map<String, Long> stageOffset = new LinkedHashMap<>();
        Map<String, Long> stageMax = new LinkedHashMap<>();
        for (Map<String, Object> r : records) {
            String stage = String.valueOf(r.get("stage"));
            long step = ((Number) r.getOrDefault("step", 0)).longValue();
            if (!stageOffset.containsKey(stage)) {
                long offset =
                        stageMax.values().stream().mapToLong(Long::longValue).sum();
                stageOffset.put(stage, offset);
            }
            stageMax.merge(stage, step, Math::max);
            double x = stageOffset.get(stage) + step;
            if ("train".equals(r.get("type")) && (r.containsKey("loss_scored") || r.containsKey("loss_unscored"))) {
                // two losses in one stage (train.scored-loss): one series each, their mean mixes two scales
                if (r.get("loss_scored") instanceof Number l) {
                    loss.computeIfAbsent(stage + " scored", s -> new XYSeries(stage + " loss, scored batches"))
                            .add(x, l.doubleValue());
                }
                if (r.get("loss_unscored") instanceof Number l) {
                    loss.computeIfAbsent(stage + " other", s -> new XYSeries(stage + " loss, other batches"))
                            .add(x, l.doubleValue());
                }
            } else if ("train".equals(r.get("type")) && r.get("loss") instanceof Number l) {
                loss.computeIfAbsent(stage, s -> new XYSeries(s + " loss")).add(x, l.doubleValue());
            } else if ("eval".equals(r.get("type")) && r.get("metrics") instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (e.getValue() instanceof Number v) {
                        String key = stage + " " + e.getKey();
                        evals.computeIfAbsent(key, k -> new XYSeries(k)).add(x, v.doubleValue());
                    }
                }
            }
        }
        XYSeriesCollection lossData = new XYSeriesCollection();
        loss.values().forEach(lossData::addSeries);
        XYSeriesCollection evalData = new XYSeriesCollection();
        evals.values().forEach(evalData::addSeries);
        NumberAxis stepAxis = new NumberAxis("global step (stages end to end)");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(stepAxis);
        NumberAxis lossAxis = new NumberAxis("contrastive loss");
        lossAxis.setAutoRangeIncludesZero(false);
        // Markers on short runs: a stage with a single averaging round is one point, which a bare line never draws.
        boolean fewPoints = loss.values().stream().allMatch(series -> series.getItemCount() <= 50);
        plot.add(new XYPlot(lossData, null, lossAxis, new XYLineAndShapeRenderer(true, fewPoints)), 3);
        NumberAxis evalAxis = new NumberAxis("evaluation");
        evalAxis.setAutoRangeIncludesZero(false);
        plot.add(new XYPlot(evalData, null, evalAxis, new XYLineAndShapeRenderer(true, true)), 2);
        JFreeChart chart = new JFreeChart("Training loss and evaluation", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, width, height);
        return out.toByteArray();
    }

    /** Renders the chart of {@code records} into {@code runDirUri/training-chart.png}; returns its URI. */
    public static String write(List<Map<String, Object>> records, String runDirUri, Configuration hadoopConf)
            throws IOException {
        String uri = runDirUri.replaceAll("/+$", "") + "/" + FILE_NAME;
        AtomicFsWriter.write(uri, renderPng(records, 1000, 700), hadoopConf);
        return uri;
    }
}
