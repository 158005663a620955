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
                List.of("improved", "infonce", "symmetric-infonce"),
                LossRegistry.names().subList(0, 3));
        ContrastiveLoss improved = LossRegistry.create(new LossSpec("improved", 0.02));
        assertInstanceOf(ImprovedContrastiveLoss.class, improved);
        assertEquals(0.02, improved.temperature());
        assertInstanceOf(InfoNceLoss.class, LossRegistry.create(new LossSpec("infonce", 0.05)));
        assertInstanceOf(SymmetricInfoNceLoss.class, LossRegistry.create(new LossSpec("symmetric-infonce", 0.05)));
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
