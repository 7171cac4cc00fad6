package io.metastore.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * If-Match / If-None-Match over the file's version, which is its entity tag ({@code "3"}).
 * {@link #NONE} always holds.
 */
public record Precondition(List<String> ifMatch, List<String> ifNoneMatch) {
  public static final Precondition NONE = new Precondition(null, null);

  public static Precondition of(String ifMatch, String ifNoneMatch) {
    return new Precondition(parse(ifMatch, "If-Match"), parse(ifNoneMatch, "If-None-Match"));
  }

  public boolean isNone() {
    return ifMatch == null && ifNoneMatch == null;
  }

  /** Checks against the current version, null when there is no current file. */
  public void check(Long currentVersion, String path) {
    if (ifMatch != null) {
      if (currentVersion == null) {
        throw new PreconditionFailedException("If-Match: " + path + " does not exist");
      }
      if (!matches(ifMatch, currentVersion)) {
        throw new PreconditionFailedException(
            "If-Match: " + path + " is at version " + currentVersion);
      }
    }
    if (ifNoneMatch != null && currentVersion != null && matches(ifNoneMatch, currentVersion)) {
      throw new PreconditionFailedException(
          "If-None-Match: " + path + " exists at version " + currentVersion);
    }
  }

  private static boolean matches(List<String> tags, long version) {
    String current = Long.toString(version);
    return tags.contains("*") || tags.contains(current);
  }

  static List<String> parse(String header, String name) {
    if (header == null) {
      return null;
    }
    String trimmed = header.trim();
    if (trimmed.equals("*")) {
      return List.of("*");
    }
    List<String> tags = new ArrayList<>();
    for (String part : trimmed.split(",")) {
      String tag = part.trim();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
        tag = tag.substring(1, tag.length() - 1);
      }
      if (tag.isEmpty() || !tag.chars().allMatch(Character::isDigit)) {
        throw new InvalidInputException(
            name, "must be * or a list of versions as entity tags, like \"3\"");
      }
      tags.add(tag.replaceFirst("^0+(?=\\d)", ""));
    }
    return tags;
  }
}
