package io.metastore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every class of the command tree is registered for reflection, or the native CLI breaks. */
class NativeReflectionTest {
  @Test
  void everyCommandClassIsRegistered() {
    RegisterForReflection reg = NativeReflection.class.getAnnotation(RegisterForReflection.class);
    Set<Class<?>> registered = new HashSet<>(Arrays.asList(reg.targets()));
    for (String name : reg.classNames()) {
      try {
        registered.add(Class.forName(name));
      } catch (ClassNotFoundException e) {
        throw new AssertionError("registered class does not exist: " + name, e);
      }
    }
    Set<Class<?>> needed = new HashSet<>();
    collect(Cli.commandLine(), needed);
    assertThat(needed).hasSizeGreaterThan(8);
    assertThat(registered).containsAll(needed);
  }

  private static void collect(CommandLine cl, Set<Class<?>> out) {
    Object user = cl.getCommandSpec().userObject();
    if (user != null) {
      out.add(user.getClass());
    }
    cl.getCommandSpec().mixins().values().forEach(m -> out.add(m.userObject().getClass()));
    cl.getSubcommands().values().forEach(sub -> collect(sub, out));
  }
}
