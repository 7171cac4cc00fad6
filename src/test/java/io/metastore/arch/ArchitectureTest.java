package io.metastore.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering of the design: domain alone, REST only through the port, adapters apart. */
class ArchitectureTest {
  static final JavaClasses CLASSES =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.metastore");

  @Test
  void domainDependsOnNoFrameworkOrAdapter() {
    noClasses().that().resideInAPackage("io.metastore.domain..")
        .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "io.vertx..", "jakarta..", "io.metastore.store..", "io.metastore.api..", "java.sql..")
        .check(CLASSES);
  }

  @Test
  void restResourcesUseOnlyThePort() {
    noClasses().that().resideInAPackage("io.metastore.api..")
        .should().dependOnClassesThat().resideInAnyPackage("io.metastore.store.sql..", "io.metastore.store.sqlite..", "io.metastore.store.postgres..", "java.sql..")
        .check(CLASSES);
  }

  @Test
  void thePostgresAdapterNeverUsesBlockingJdbc() {
    noClasses().that().resideInAPackage("io.metastore.store.postgres..")
        .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.agroal..")
        .check(CLASSES);
  }

  @Test
  void adaptersDoNotKnowEachOther() {
    noClasses().that().resideInAPackage("io.metastore.store.sqlite..")
        .should().dependOnClassesThat().resideInAPackage("io.metastore.store.postgres..").check(CLASSES);
    noClasses().that().resideInAPackage("io.metastore.store.postgres..")
        .should().dependOnClassesThat().resideInAPackage("io.metastore.store.sqlite..").check(CLASSES);
  }
}
