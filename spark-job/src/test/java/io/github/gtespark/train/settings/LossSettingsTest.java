package io.github.gtespark.train.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.config.StageConfigLoader;
import io.github.gtespark.loss.ImprovedContrastiveLoss;
import io.github.gtespark.loss.LossRegistry;
import io.github.gtespark.loss.LossSpec;
import io.github.gtespark.train.StageSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code train.loss} and its options, read from a stage configuration (no Spark). */
class LossSettingsTest {

    static StageSettings settings(String... overrides) {
        List<String> all = new ArrayList<>(List.of("data.uri=/d", "output.uri=/o", "train.steps=1"));
        all.addAll(List.of(overrides));
        return StageSettings.from(StageConfigLoader.load(null, all, StageSettings.DEFAULTS_RESOURCE));
    }

    static String error(String... overrides) {
        return assertThrows(ConfigurationException.class, () -> settings(overrides))
                .getMessage();
    }

    @Test
    void improvedTermsDefaultOnAndReachTheLoss() {
        LossSettings loss = settings().train().loss();
        assertEquals(LossSpec.ImprovedTerms.ALL, loss.improved());
        assertEquals("improved(qq,dq,dd)", LossRegistry.create(loss.spec()).label());

        loss = settings("train.improved.query-query=false", "train.improved.doc-doc=false")
                .train()
                .loss();
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

    @Test
    void matryoshkaDimensionsAndWeightsAreReadAndValidated() {
        LossSettings loss = settings().train().loss();
        assertTrue(loss.matryoshkaDims().isEmpty());
        assertEquals("improved(qq,dq,dd)", LossRegistry.create(loss.spec()).label());

        loss = settings("train.matryoshka-dims=[384, 256, 128, 64]", "train.matryoshka-weights=[1, 1, 0.5, 0.5]")
                .train()
                .loss();
        assertEquals(List.of(384, 256, 128, 64), loss.matryoshkaDims());
        assertEquals(
                "improved(qq,dq,dd) matryoshka[384:1.0,256:1.0,128:0.5,64:0.5]",
                LossRegistry.create(loss.spec()).label());

        String e = error("train.matryoshka-dims=[256, 384]");
        assertTrue(e.contains("train.matryoshka-dims") && e.contains("strictly decreasing") && !e.contains("\n"), e);
        e = error("train.matryoshka-dims=[256, 0]");
        assertTrue(e.contains("train.matryoshka-dims"), e);
        e = error("train.matryoshka-dims=[256, 128]", "train.matryoshka-weights=[1]");
        assertTrue(
                e.contains("train.matryoshka-weights")
                        && e.contains("1 weights")
                        && e.contains("2 dimensions")
                        && !e.contains("\n"),
                e);
        e = error("train.matryoshka-dims=[256, 128]", "train.matryoshka-weights=[1, -1]");
        assertTrue(e.contains("train.matryoshka-weights"), e);
        // a random encoder's width is known from the configuration
        e = error("model.init=random", "model.random.hidden-size=128", "train.matryoshka-dims=[256, 128]");
        assertTrue(e.contains("train.matryoshka-dims") && e.contains("128") && !e.contains("\n"), e);
        settings("model.init=random", "model.random.hidden-size=256", "train.matryoshka-dims=[256, 128]");
    }
}
