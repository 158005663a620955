package io.github.gtespark.train.settings;

import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.config.StageConfigLoader;
import io.github.gtespark.loss.ImprovedContrastiveLoss;
import io.github.gtespark.loss.LossRegistry;
import io.github.gtespark.loss.LossSpec;
import io.github.gtespark.train.StageSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train.loss} and its options, read from a stage configuration (no Spark). */
class LossSettingsTest {

    static StageSettings settings(String... overrides) {
        List<String> all = new ArrayList<>(List.of("data.uri=/d", "output.uri=/o", "train.steps=1"));
        all.addAll(List.of(overrides));
        return StageSettings.from(StageConfigLoader.load(null, all, StageSettings.DEFAULTS_RESOURCE));
    }

    static String error(String... overrides) {
        return assertThrows(ConfigurationException.class, () -> settings(overrides)).getMessage();
    }

    @Test
    void improvedTermsDefaultOnAndReachTheLoss() {
        LossSettings loss = settings().train().loss();
        assertEquals(LossSpec.ImprovedTerms.ALL, loss.improved());
        assertEquals("improved(qq,dq,dd)", LossRegistry.create(loss.spec()).label());

        loss = settings("train.improved.query-query=false", "train.improved.doc-doc=false").train().loss();
        ImprovedContrastiveLoss built = (ImprovedContrastiveLoss) LossRegistry.create(loss.spec());
        assertTrue(!built.queryQuery() && built.docQuery() && !built.docDoc());
        assertEquals("improved(dq)", built.label());
    }

    @Test
    void badLossOptionsAreOneLineErrorsNamingTheFullKey() {
        String e = error("train.improved.doc-query=maybe");
        assertTrue(e.contains("train.improved.doc-query") && !e.contains("\n"), e);
        e = error("train.loss=infonce", "train.improved.doc-doc=false");
        assertTrue(e.contains("train.improved.doc-doc") && e.contains("train.loss = improved") && !e.contains("\n"), e);
        e = error("train.loss=cosine");
        assertTrue(e.contains("train.loss=cosine") && e.contains("improved, infonce"), e);
    }
}
