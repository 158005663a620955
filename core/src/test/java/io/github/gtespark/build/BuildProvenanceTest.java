package io.github.gtespark.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BuildProvenanceTest {

    @Test
    void describesACleanCommit() {
        Properties p = new Properties();
        p.setProperty("git.build.version", "0.1.0-SNAPSHOT");
        p.setProperty("git.commit.id.full", "b70ea0c3d9becec1708954145d07e547a0cebaab");
        p.setProperty("git.commit.time", "2026-12-07T07:16:34Z");
        p.setProperty("git.dirty", "false");
        BuildProvenance b = BuildProvenance.from(p);
        assertTrue(b.known());
        assertEquals(
                "gte-spark 0.1.0-SNAPSHOT, commit b70ea0c3d9becec1708954145d07e547a0cebaab (2026-12-07T07:16:34Z)",
                b.describe());
    }

    @Test
    void saysWhenTheCheckoutHadUncommittedChanges() {
        Properties p = new Properties();
        p.setProperty("git.commit.id.full", "0123456789abcdef0123456789abcdef01234567");
        p.setProperty("git.dirty", "true");
        assertEquals(
                "gte-spark, commit 0123456789abcdef0123456789abcdef01234567, with uncommitted changes",
                BuildProvenance.from(p).describe());
    }

    @Test
    void aBuildWithoutGitSaysTheCommitIsUnknown() {
        BuildProvenance b = BuildProvenance.from(new Properties());
        assertFalse(b.known());
        assertEquals("gte-spark, commit unknown (built outside a git checkout)", b.describe());
    }

    @Test
    void thisBuildKnowsItsCommitWhenMadeInAGitCheckout() {
        // core/ is the working directory of this module's tests; the checkout's root is its parent
        Path root = Path.of("").toAbsolutePath().getParent();
        assumeTrue(root != null && Files.exists(root.resolve(".git")), "not built in a git checkout");
        BuildProvenance b = BuildProvenance.current();
        assertTrue(b.known(), "the build wrote no " + BuildProvenance.RESOURCE);
        assertTrue(b.commit().matches("[0-9a-f]{40}"), b.commit());
    }
}
