package dev.dynoguardian;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.dynoguardian.heroku.HerokuClient;
import dev.dynoguardian.heroku.PlatformFormation;
import dev.dynoguardian.latency.LatencyHealth;
import org.junit.jupiter.api.Test;

/** Keeps the arrows between the feature packages pointing one way (see the README's architecture section). */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.dynoguardian");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("dev.dynoguardian.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theDrainKnowsNothingOfWhatIsDoneWithItsEvents() {
        noClasses().that().resideInAPackage("..drain..").should().dependOnClassesThat()
                .resideInAnyPackage("..memory..", "..latency..", "..restart..", "..heroku..", "..notify..",
                        "..admin..", "..status..", "..health..", "..demo..")
                .check(CLASSES);
    }

    /** Restarts and stops go through the RestartPolicy; reading the list of dynos (PlatformFormation) is for all. */
    @Test
    void onlyTheRestartPolicyActsOnDynos() {
        noClasses().that().resideOutsideOfPackages("..restart..", "..heroku..").should()
                .callMethod(HerokuClient.class, "restartDyno", String.class, String.class)
                .orShould().callMethod(HerokuClient.class, "stopDyno", String.class, String.class)
                .check(CLASSES);
    }

    @Test
    void theGuardiansAreIndependentOfEachOther() {
        noClasses().that().resideInAPackage("..memory..").should().dependOnClassesThat()
                .resideInAPackage("..latency..").check(CLASSES);
        noClasses().that().resideInAPackage("..latency..").should().dependOnClassesThat()
                .resideInAPackage("..memory..").check(CLASSES);
    }

    /**
     * Rolling restarts build on the others' public faces only (restart's entry points, the Platform API's list of
     * dynos, the latency guardian's health view, notify), and only the admin API, the status page and the playground
     * know of them.
     */
    @Test
    void rollingRestartsUseOnlyPublicEntryPointsAndOnlyTheFrontsKnowThem() {
        noClasses().that().resideInAPackage("..rolling..").should().dependOnClassesThat()
                .resideInAnyPackage("..memory..", "..admin..", "..status..", "..health..", "..demo..")
                .check(CLASSES);
        noClasses().that().resideOutsideOfPackages("..rolling..", "..admin..", "..status..", "..demo..").should()
                .dependOnClassesThat().resideInAPackage("..rolling..").check(CLASSES);
        noClasses().that().resideInAPackage("..rolling..").should().dependOnClassesThat(
                DescribedPredicate.describe("latency classes other than its health view",
                        (JavaClass c) -> c.getPackageName().startsWith("dev.dynoguardian.latency")
                                && !c.getName().startsWith(LatencyHealth.class.getName())))
                .check(CLASSES);
        noClasses().that().resideInAPackage("..rolling..").should().dependOnClassesThat(
                DescribedPredicate.describe("heroku classes other than the list of dynos",
                        (JavaClass c) -> c.getPackageName().startsWith("dev.dynoguardian.heroku")
                                && !c.getName().startsWith(PlatformFormation.class.getName())))
                .check(CLASSES);
    }

    @Test
    void nothingDependsOnThePlaygroundOrTheAdminApi() {
        noClasses().that().resideOutsideOfPackage("..demo..").should().dependOnClassesThat()
                .resideInAPackage("..demo..").check(CLASSES);
        noClasses().that().resideOutsideOfPackage("..admin..").should().dependOnClassesThat()
                .resideInAPackage("..admin..").check(CLASSES);
    }
}
