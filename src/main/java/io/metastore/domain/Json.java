package io.metastore.domain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON settings every entry point shares. Numbers keep their exact value and scale (as
 * PostgreSQL {@code jsonb} does), and BigDecimals print without exponent, so both databases hand
 * back the same text for the same attrs.
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(500)
                .maxNumberLength(1000)
                .maxStringLength(16 * 1024 * 1024)
                .build());
  }

  private Json() {}

  /** Parses a request body; malformed JSON is a 400 that says where. */
  public static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException("body", "is empty; a JSON document is required");
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("body", "is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** Parses a request body given as bytes; invalid UTF-8 is malformed JSON. */
  public static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw new InvalidInputException("body", "is empty; a JSON document is required");
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new InvalidInputException("body", "is empty; a JSON document is required");
      }
      return node;
    } catch (java.io.IOException e) {
      String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new InvalidInputException("body", "is not valid JSON: " + msg);
    }
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads JSON text that came from our own database. */
  public static JsonNode read(String stored) {
    try {
      return MAPPER.readTree(stored);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }
}
