package workshop.quorum;

import java.util.List;
import java.util.stream.Collectors;

/** Lists of replica names printed as the original's Python did: {@code ['Node 1', 'Node 3']}. */
final class Names {
  private Names() {}

  static String python(List<String> names) {
    return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ", "[", "]"));
  }
}
