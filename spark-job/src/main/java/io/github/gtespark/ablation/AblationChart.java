package io.github.gtespark.ablation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * ablation.png: grouped bars, one group per evaluation set, one bar per variant (mean over seeds of the set's primary
 * metric). The value axis starts just below the smallest bar, so that small differences show; its label says so.
 */
public final class AblationChart {

    private AblationChart() {}

    public static byte[] renderPng(
            String title, List<EvalSet> sets, List<Variant> variants, List<CellResult> results, int width, int height)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (Variant v : variants) {
            List<CellResult> runs = new ArrayList<>();
            results.stream().filter(r -> r.variant().equals(v.id())).forEach(runs::add);
            for (EvalSet set : sets) {
                AblationReport.Figure f = AblationReport.figure(runs, set);
                if (f != null) {
                    data.addValue(f.mean(), v.label(), set.name() + " " + set.primaryMetric());
                    lo = Math.min(lo, f.mean());
                    hi = Math.max(hi, f.mean());
                }
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(
                title,
                "evaluation set",
                "mean over seeds (axis not from 0)",
                data,
                PlotOrientation.VERTICAL,
                true,
                false,
                false);
        CategoryPlot plot = chart.getCategoryPlot();
        NumberAxis axis = (NumberAxis) plot.getRangeAxis();
        if (lo <= hi) {
            double span = Math.max(hi - lo, 0.01);
            axis.setAutoRangeIncludesZero(false);
            axis.setRange(Math.max(0, lo - span * 0.5), Math.min(1.0, hi + span * 0.25) + (hi >= 1.0 ? 0.01 : 0));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, width, height);
        return out.toByteArray();
    }
}
