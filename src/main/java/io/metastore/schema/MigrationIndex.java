package io.metastore.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.ClassProvider;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.resource.classpath.ClassPathResource;

/**
 * Migration scripts named by an index file ({@code db/migration/<db>/migrations.index}) instead
 * of classpath scanning, which does not work in a native executable. A test keeps the index equal
 * to the folder; {@code db revision} appends to it.
 */
final class MigrationIndex implements ResourceProvider {
  static final String INDEX = "migrations.index";
  private final String folder;
  private final ClassLoader loader;
  private final List<String> names;

  MigrationIndex(String folder, ClassLoader loader) {
    this.folder = folder;
    this.loader = loader;
    this.names = read(folder + "/" + INDEX, loader);
  }

  static List<String> read(String resource, ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new SchemaMigrator.SchemaException("missing migration index " + resource);
      }
      List<String> out = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.isBlank() && !line.startsWith("#")) {
            out.add(line.strip());
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw new SchemaMigrator.SchemaException("cannot read " + resource + ": " + e.getMessage());
    }
  }

  @Override
  public LoadableResource getResource(String name) {
    String file = name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
    return names.contains(file) ? resource(file) : null;
  }

  @Override
  public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
    List<LoadableResource> out = new ArrayList<>();
    for (String name : names) {
      if (name.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(name::endsWith)) {
        out.add(resource(name));
      }
    }
    return out;
  }

  private LoadableResource resource(String name) {
    return new ClassPathResource(
        new Location("classpath:" + folder), folder + "/" + name, loader, StandardCharsets.UTF_8);
  }

  /** No Java migrations: only SQL scripts. */
  static final class NoJavaMigrations implements ClassProvider<JavaMigration> {
    @Override
    public Collection<Class<? extends JavaMigration>> getClasses() {
      return List.of();
    }
  }
}
