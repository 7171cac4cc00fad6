package io.metastore.cli;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * picocli reads the command classes' annotations and fields reflectively; a native executable
 * keeps that metadata only for registered classes. A test checks every command class is listed.
 */
@RegisterForReflection(
    targets = {
      Cli.class,
      Cli.DatabaseOption.class,
      Cli.Serve.class,
      DbCommand.class,
      DbCommand.Status.class,
      DbCommand.Upgrade.class,
      DbCommand.Downgrade.class,
      DbCommand.Revision.class,
      ExportCommand.class,
      ImportCommand.class,
      ImportCommand.PolicyConverter.class,
      CopyCommand.class
    },
    classNames = {"picocli.CommandLine$AutoHelpMixin"})
final class NativeReflection {
  private NativeReflection() {}
}
