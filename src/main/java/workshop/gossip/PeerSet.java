package workshop.gossip;

import java.util.List;

/** The peers a node may gossip with, by name; cheap for a full mesh of thousands. */
public interface PeerSet {
  int size();

  /** The {@code index}-th peer, 0 <= index < size(). */
  String get(int index);

  /** Exactly these peers. */
  static PeerSet of(List<String> peers) {
    List<String> copy = List.copyOf(peers);
    return new PeerSet() {
      @Override
      public int size() {
        return copy.size();
      }

      @Override
      public String get(int index) {
        return copy.get(index);
      }
    };
  }

  /**
   * Every name in {@code all} but the {@code self}-th: a full mesh without storing it. The array is
   * shared by every node of the mesh and must not change.
   */
  static PeerSet allExcept(int self, String[] all) {
    return new PeerSet() {
      @Override
      public int size() {
        return all.length - 1;
      }

      @Override
      public String get(int index) {
        return all[index < self ? index : index + 1];
      }
    };
  }
}
