package workshop.protocol;

/**
 * A protocol node: one participant of a distributed algorithm (a gossip peer, a heartbeating
 * member, a Raft server) written as a pure state machine. This interface is the contract every
 * protocol of the workshop follows; read it before any protocol.
 *
 * <h2>What a node is</h2>
 *
 * A node reacts to four kinds of input and answers each with its {@link Effects}:
 *
 * <ul>
 *   <li>{@link #onStart}: the node boots, or reboots after a crash (see "Crashes" below);
 *   <li>{@link #onMessage}: a message from another node arrived;
 *   <li>{@link #onTimer}: a timer it set earlier fired;
 *   <li>{@link #onRequest}: a client asked it something (a write, a read, "become leader");
 *   <li>and, optionally, {@link #onUndelivered}: a message it sent could not be delivered.
 * </ul>
 *
 * The effects say what should happen next: messages to send, timers to set or cancel, replies to
 * clients, state to persist, and events that explain each decision in words. Something else, a
 * <em>driver</em>, carries the effects out: the deterministic simulator ({@code workshop.sim}) in
 * virtual time, or the HTTP runner over real sockets. The node never knows which one runs it, so
 * the code a student reads is the code that runs in both.
 *
 * <h2>What a handler must do</h2>
 *
 * <ul>
 *   <li>Take the time from {@link Env#now()} and every random choice from {@link Env#random()}:
 *       that is what makes a simulated run replay exactly from its seed, and what lets the
 *       simulator give a node a skewed or drifting clock.
 *   <li>Return quickly, having made every state change the input causes.
 *   <li>Explain every change of state, and every request or message it rejects, with {@link
 *       Effects.Builder#event}: "votes for node-3 in term 5" because "its log is at least as up to
 *       date". Logs, views and transcripts show these events; they are the lesson.
 *   <li>Treat messages as untrusted and possibly late, duplicated or reordered: the network is
 *       allowed to do all three, and a handler must stay correct when it does.
 * </ul>
 *
 * <h2>What a handler must never do</h2>
 *
 * <ul>
 *   <li>Touch a socket, a file, a thread, a lock, or sleep: a driver calls one handler at a time
 *       and waits for it, so blocking stops the whole node (and, in the simulator, the whole
 *       world).
 *   <li>Read the wall clock or create its own random generator: the run would no longer replay.
 *   <li>Keep a reference to a message and change it later, or change one it received: messages are
 *       immutable records under the protocol's sealed interface.
 *   <li>Assume its messages arrive, arrive once, or arrive in order: say what it relies on in its
 *       design comment and build the rest (retries on a timer, idempotent merges).
 * </ul>
 *
 * <h2>Crashes</h2>
 *
 * A crash loses everything in memory. A driver restarts a node by building a new instance with the
 * last state the old one asked to persist ({@link Effects.Builder#persist}), or with none when the
 * scenario wipes the disk, and calls {@link #onStart} again. Timers do not survive a crash: set
 * them again in {@code onStart}.
 *
 * <p>Not thread-safe by design: a driver serializes every call to one node.
 *
 * @param <M> the protocol's message type: a sealed interface of records, covering peer messages,
 *     client requests and replies
 */
public interface ProtocolNode<M> {

  /**
   * The node's name, as peers and the fault vocabulary know it ({@code node-2}, {@code gossip-3}).
   */
  String id();

  /** The node boots (or reboots after a crash): set the first timers, announce itself. */
  Effects<M> onStart(Env env);

  /** A message from another node ({@code from}) arrived. */
  Effects<M> onMessage(String from, M message, Env env);

  /** The timer named {@code timer}, set earlier with {@link Effects.Builder#setTimer}, fired. */
  Effects<M> onTimer(String timer, Env env);

  /**
   * A client sent a request. Answer it with {@link Effects.Builder#reply} (or turn it down with
   * {@link Effects.Builder#refuse} and the reason) now or in a later step: a Raft leader replies
   * once the entry is committed. A request never answered ends in the client's timeout.
   */
  default Effects<M> onRequest(RequestId request, M body, Env env) {
    return Effects.<M>builder().refuse(request, "this protocol takes no client requests").build();
  }

  /**
   * A message this node sent could not be delivered: {@code reason} says how ("refused": nothing
   * listens there; "timeout": no answer in time, as with a partition or a paused peer). Over real
   * sockets the kind is followed by what happened ("refused: nothing is listening on
   * localhost:5000"), for the node's log; a call's failure is all a sender ever learns; the
   * simulator reports the same outcomes so that a protocol that reacts to them (gossip's suspicion)
   * behaves the same in both. Ignored by default: many protocols rely on timers instead.
   */
  default Effects<M> onUndelivered(String to, M message, String reason, Env env) {
    return Effects.none();
  }
}
