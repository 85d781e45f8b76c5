package workshop.support.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations the way people write them: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 3m},
 * or plain seconds.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (v.endsWith("ms")) {
        d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 2))));
      } else if (v.endsWith("s")) {
        d =
            Duration.ofMillis(
                Math.round(1000 * Double.parseDouble(v.substring(0, v.length() - 1))));
      } else if (v.endsWith("m")) {
        d =
            Duration.ofMillis(
                Math.round(60_000 * Double.parseDouble(v.substring(0, v.length() - 1))));
      } else if (v.endsWith("h")) {
        d =
            Duration.ofMillis(
                Math.round(3_600_000 * Double.parseDouble(v.substring(0, v.length() - 1))));
      } else {
        d = Duration.ofMillis(Math.round(1000 * Double.parseDouble(v)));
      }
      if (d.isNegative()) {
        throw new TypeConversionException("'" + value + "' is negative; use a duration such as 2s");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration; write it like 500ms, 2s, 1.5s or 3m");
    }
  }
}
