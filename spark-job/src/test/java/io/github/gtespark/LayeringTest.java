package io.github.gtespark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/dev/contracts.md, checked on the main classes' bytecode: the library packages ({@code model},
 * {@code loss}, {@code eval}, {@code train.step}) hold no Spark code and import nothing from a higher layer, so that
 * they can be used, tested and reasoned about without a cluster. A violation fails the build with the offending
 * dependency (class, member and line).
 */
class LayeringTest {

    private static final String ROOT = "io.github.gtespark";
    private static final String[] JOBS_AND_TOOLS = {
        ROOT + ".train..",
        ROOT + ".cli..",
        ROOT + ".encoders..",
        ROOT + ".mine..",
        ROOT + ".device..",
        ROOT + ".ablation.."
    };
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        // the rules must see the real classes (a wrong classpath would make every rule pass vacuously)
        org.junit.jupiter.api.Assertions.assertTrue(
                main.contain(ROOT + ".model.TextEmbedder")
                        && main.contain(ROOT + ".train.StageTrainer")
                        && main.size() > 150,
                "imported " + main.size());
    }

    @Test
    void libraryPackagesHoldNoSparkCode() {
        ArchRule rule = noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".model..", ROOT + ".loss..", ROOT + ".eval..", ROOT + ".train.step..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.spark..", "scala..");
        rule.check(main);
    }

    @Test
    void theModelDependsOnNoLossEvaluationJobOrTool() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(JOBS_AND_TOOLS, ROOT + ".loss..", ROOT + ".eval.."))
                .check(main);
    }

    @Test
    void lossesAndEvaluatorsStandAlone() {
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".loss..", ROOT + ".eval..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(JOBS_AND_TOOLS, ROOT + ".model.."))
                .check(main);
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".loss..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".eval..")
                .check(main);
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".eval..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".loss..")
                .check(main);
    }

    @Test
    void theTrainingStepKnowsNothingOfTheJobAroundIt() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".train.step..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".train",
                        ROOT + ".train.spark..",
                        ROOT + ".train.checkpoint..",
                        ROOT + ".train.data..",
                        ROOT + ".train.evaluation..",
                        ROOT + ".train.metrics..",
                        ROOT + ".train.settings..",
                        ROOT + ".cli..",
                        ROOT + ".encoders..",
                        ROOT + ".mine..")
                .check(main);
    }

    @Test
    void nothingButTheCommandLineDependsOnIt() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".cli..")
                .check(main);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
