package io.metastore.transfer;

import java.io.IOException;
import java.io.Reader;

/**
 * Lines ended by \n (a \r before it is dropped), refusing any longer than a limit, so a corrupt
 * file without line breaks cannot exhaust memory.
 */
final class BoundedLineReader implements AutoCloseable {
  /** A line over the limit. */
  static final class LineTooLong extends IOException {
    LineTooLong() {
      super(null, null);
    }
  }

  private final int maxChars;

  private final Reader in;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int end;
  private boolean eof;
  private final StringBuilder sb = new StringBuilder();

  BoundedLineReader(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  String next() throws IOException {
    sb.setLength(0);
    boolean any = false;
    while (true) {
      if (pos == end) {
        if (eof) {
          return any ? strip(sb) : null;
        }
        end = in.read(buf, 0, buf.length);
        pos = 0;
        if (end <= 0) {
          end = 0;
          eof = true;
          continue;
        }
      }
      any = true;
      int start = pos;
      while (pos < end && buf[pos] != '\n') {
        pos++;
      }
      sb.append(buf, start, pos - start);
      if (sb.length() > maxChars) {
        throw new LineTooLong();
      }
      if (pos < end) {
        pos++;
        return strip(sb);
      }
    }
  }

  private static String strip(StringBuilder sb) {
    int n = sb.length();
    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // read-only
    }
  }
}
