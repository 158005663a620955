package io.github.gtespark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConfigEnumTest {

    enum Two {
        TOP,
        RANDOM
    }

    enum Three {
        JSONL,
        TSV,
        PARQUET
    }

    @Test
    void readsAnyCaseAndSurroundingSpace() {
        assertEquals(Two.RANDOM, ConfigEnum.parse(Two.class, "sampling", " Random "));
        assertEquals(Three.TSV, ConfigEnum.parse(Three.class, "format", "tsv"));
    }

    @Test
    void anUnknownNameIsAOneLineErrorListingTheAcceptedNames() {
        assertEquals(
                "sampling must be top or random, got 'best'",
                assertThrows(ConfigurationException.class, () -> ConfigEnum.parse(Two.class, "sampling", "best"))
                        .getMessage());
        assertEquals(
                "format must be jsonl, tsv or parquet, got ''",
                assertThrows(ConfigurationException.class, () -> ConfigEnum.parse(Three.class, "format", ""))
                        .getMessage());
    }

    @Test
    void theConfigNameIsTheConstantInLowerCase() {
        assertEquals("parquet", ConfigEnum.configName(Three.PARQUET));
    }
}
