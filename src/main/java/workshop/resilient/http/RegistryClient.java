package workshop.resilient.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import workshop.membership.http.MembershipWire;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.TokenTrust;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/**
 * The one client of the capstone's registry: every endpoint, every answer read into its wire record
 * ({@link MembershipWire}, {@link RegistryWire}). The nodes, the smart client, the load test, the
 * chaos monkey, the dashboard and {@code verify 23} all talk to the registry through it.
 *
 * <p>Each call returns an {@link Answer}: the record when the registry said yes in the expected
 * shape, otherwise the reason in one line (the registry's own {@code detail}, or what was wrong
 * with an answer that is not the registry's). A registry that does not answer at all throws {@link
 * CallFailure}, whose kind tells a timeout from nobody listening. Thread-safe.
 */
public final class RegistryClient implements AutoCloseable {
  /** Why an answer has no value. */
  public enum Failure {
    NONE,
    /** The registry refused: a status other than 2xx. */
    STATUS,
    /** The body is not JSON. */
    NOT_JSON,
    /** JSON, but not an object. */
    NOT_AN_OBJECT,
    /** An object without the fields expected. */
    SHAPE
  }

  /**
   * One answer.
   *
   * @param value the body as its record; null unless the answer is a 2xx in the expected shape
   * @param reason why there is no value, in one line
   * @param body the body as text, for messages
   */
  public record Answer<T>(int status, T value, Failure failure, String reason, String body) {
    public boolean ok() {
      return failure == Failure.NONE;
    }

    /** The body on one line, quoted and cut at 80 characters, or "(an empty body)". */
    public String snippet() {
      String text = body.strip().replaceAll("\\s+", " ");
      return text.isEmpty()
          ? "(an empty body)"
          : "'" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'";
    }
  }

  private final String registry;
  private final WebClient http;
  private final boolean tolerant;

  /**
   * @param peerName how the registry's fault rules and logs name this caller
   */
  public RegistryClient(String registry, String peerName, Duration timeout) {
    this(registry, peerName, timeout, false);
  }

  private RegistryClient(String registry, String peerName, Duration timeout, boolean tolerant) {
    this.registry = registry;
    this.http =
        WebClient.builder()
            .timeout(timeout)
            .peerName(peerName)
            .token(TokenTrust.fromEnvironment().trust(registry))
            .build();
    this.tolerant = tolerant;
  }

  /**
   * A client for a live view: answers are read tolerantly (a field that is absent or of the wrong
   * type is null), so the view shows what it can and says what is missing.
   */
  public static RegistryClient forView(String registry, String peerName, Duration timeout) {
    return new RegistryClient(registry, peerName, timeout, true);
  }

  public String url() {
    return registry;
  }

  // ---- membership ---------------------------------------------------------------------------

  public Answer<MembershipWire.HeartbeatAnswer> heartbeat(MembershipWire.Heartbeat beat) {
    return answer(
        http.postJson(registry + "/heartbeat", beat), MembershipWire.HeartbeatAnswer.class);
  }

  public Answer<MembershipWire.Status> deregister(String id, Duration timeout) {
    return answer(
        http.postJson(registry + "/deregister", new MembershipWire.Deregister(id), timeout),
        MembershipWire.Status.class);
  }

  public Answer<MembershipWire.Nodes> nodes() {
    return answer(http.get(registry + "/nodes"), MembershipWire.Nodes.class);
  }

  public Answer<MembershipWire.ClusterStatus> clusterStatus() {
    return answer(http.get(registry + "/cluster-status"), MembershipWire.ClusterStatus.class);
  }

  // ---- data -----------------------------------------------------------------------------------

  public Answer<RegistryWire.Written> write(String key, String value) {
    return answer(
        http.postJson(registry + "/data", new RegistryWire.Write(key, value)),
        RegistryWire.Written.class);
  }

  public Answer<RegistryWire.Read> read(String key) {
    return answer(http.get(registry + "/data/" + encode(key)), RegistryWire.Read.class);
  }

  public Answer<RegistryWire.Ring> ring() {
    return answer(http.get(registry + "/ring"), RegistryWire.Ring.class);
  }

  public Answer<RegistryWire.Events> events() {
    return answer(http.get(registry + "/events"), RegistryWire.Events.class);
  }

  /**
   * Asks for the registry's events every quarter second until one contains {@code text}; returns
   * that line, or null if none did within {@code limit} (a check then says what it saw instead).
   */
  public String awaitEvent(String text, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      Answer<RegistryWire.Events> events = events();
      if (events.ok()) {
        for (RegistryWire.Event e : events.value().events()) {
          if (e.line().contains(text)) {
            return e.line();
          }
        }
      }
      if (System.nanoTime() > deadline) {
        return null;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  /** {@code GET /graduate}: the checklist as text (the art once every milestone is reached). */
  public Answer<String> graduate() {
    ClientResponse r = http.get(registry + "/graduate");
    return r.ok() ? new Answer<>(r.status(), r.text(), Failure.NONE, "", r.text()) : refused(r);
  }

  // ---- node control ---------------------------------------------------------------------------

  public Answer<RegistryWire.Killed> kill(String id) {
    return answer(http.post(registry + "/kill/" + encode(id)), RegistryWire.Killed.class);
  }

  public Answer<RegistryWire.Restarting> restart(String id) {
    return answer(http.post(registry + "/restart/" + encode(id)), RegistryWire.Restarting.class);
  }

  public Answer<RegistryWire.Spawned> scaleUp() {
    return answer(http.post(registry + "/scale-up"), RegistryWire.Spawned.class);
  }

  @Override
  public void close() {
    http.close();
  }

  // ---- reading --------------------------------------------------------------------------------

  private <T> Answer<T> answer(ClientResponse r, Class<T> type) {
    if (!r.ok()) {
      return refused(r);
    }
    try {
      T value = tolerant ? r.readTolerantly(type) : r.read(type);
      return new Answer<>(r.status(), value, Failure.NONE, "", r.text());
    } catch (Json.ShapeFailure e) {
      Failure f = e.wholeDocument() ? Failure.NOT_AN_OBJECT : Failure.SHAPE;
      return new Answer<>(r.status(), null, f, e.getMessage(), r.text());
    } catch (Json.JsonParseFailure e) {
      return new Answer<>(r.status(), null, Failure.NOT_JSON, e.getMessage(), r.text());
    }
  }

  /**
   * A refusal: the registry's {@code detail} when it is a sentence, its {@code detail.message} for
   * a quorum refusal (whose detail is an object), else the body itself.
   */
  private static <T> Answer<T> refused(ClientResponse r) {
    String reason = null;
    try {
      Object detail = r.read(RegistryWire.Refusal.class).detail();
      if (detail instanceof String s) {
        reason = s;
      } else if (detail instanceof Map<?, ?> m && m.get("message") instanceof String s) {
        reason = s;
      }
    } catch (Json.JsonParseFailure e) {
      // Not the registry's error shape: the body says what it is.
    }
    Answer<T> plain = new Answer<>(r.status(), null, Failure.STATUS, "", r.text());
    return new Answer<>(
        r.status(), null, Failure.STATUS, reason != null ? reason : plain.snippet(), r.text());
  }

  static String encode(String path) {
    return URLEncoder.encode(path, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
