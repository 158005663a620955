package io.github.gtespark.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every name {@code train.loss} takes builds its loss with the configured temperature; others are refused. */
class LossRegistryTest {

    @Test
    void eachRegisteredNameBuildsItsLossWithTheTemperature() {
        assertEquals(
                List.of("improved", "infonce", "symmetric-infonce", "cosent"),
                LossRegistry.names().subList(0, 4));
        ContrastiveLoss improved = LossRegistry.create(new LossSpec("improved", 0.02));
        assertInstanceOf(ImprovedContrastiveLoss.class, improved);
        assertEquals(0.02, improved.temperature());
        assertInstanceOf(InfoNceLoss.class, LossRegistry.create(new LossSpec("infonce", 0.05)));
        assertInstanceOf(SymmetricInfoNceLoss.class, LossRegistry.create(new LossSpec("symmetric-infonce", 0.05)));
        ContrastiveLoss cosent = LossRegistry.create(new LossSpec("cosent", 0.05));
        assertInstanceOf(CoSentLoss.class, cosent);
        assertEquals(0.05, cosent.temperature());
        assertTrue(cosent.needsScores());
        ContrastiveLoss wrapped = LossRegistry.create(
                new LossSpec("cosent", 0.05, LossSpec.ImprovedTerms.ALL, List.of(384, 128), List.of()));
        assertInstanceOf(CoSentLoss.class, ((MatryoshkaLoss) wrapped).inner());
        assertTrue(wrapped.needsScores());
        for (String name : LossRegistry.names()) {
            assertTrue(LossRegistry.isKnown(name));
        }
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LossRegistry.create(new LossSpec("triplet", 0.05)));
        assertTrue(e.getMessage().contains("unknown loss 'triplet'; known: improved, infonce"), e.getMessage());
    }
}
