package dev.dynoguardian;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.dynoguardian.heroku.HerokuClient;
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

    @Test
    void nothingDependsOnThePlaygroundOrTheAdminApi() {
        noClasses().that().resideOutsideOfPackage("..demo..").should().dependOnClassesThat()
                .resideInAPackage("..demo..").check(CLASSES);
        noClasses().that().resideOutsideOfPackage("..admin..").should().dependOnClassesThat()
                .resideInAPackage("..admin..").check(CLASSES);
    }
}
