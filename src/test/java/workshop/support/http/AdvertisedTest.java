package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The address a server tells others to reach it at: never 0.0.0.0. */
class AdvertisedTest {
  /** Addresses written as digits: {@link InetAddress#getByName} parses them, looking up nothing. */
  private static List<InetAddress> machine(String... literals) throws Exception {
    List<InetAddress> out = new ArrayList<>();
    for (String l : literals) {
      out.add(InetAddress.getByName(l));
    }
    return out;
  }

  @Test
  void aServerOnEveryAddressAdvertisesThisMachinesNetworkAddressNotTheWildcard() throws Exception {
    List<InetAddress> m = machine("127.0.0.1", "fe80::1", "2001:db8::7", "192.168.1.20");
    assertThat(Advertised.choose("0.0.0.0", 5001, m)).isEqualTo("http://192.168.1.20:5001");
    assertThat(Advertised.choose("::", 5001, m)).isEqualTo("http://192.168.1.20:5001");
    assertThat(Advertised.choose("[0:0:0:0:0:0:0:0]", 5001, m))
        .isEqualTo("http://192.168.1.20:5001");
  }

  @Test
  void privateIpv4ComesFirstThenOtherIpv4ThenGlobalIpv6() throws Exception {
    assertThat(Advertised.choose("0.0.0.0", 1, machine("203.0.113.5", "10.0.0.5")))
        .isEqualTo("http://10.0.0.5:1");
    assertThat(Advertised.choose("0.0.0.0", 1, machine("2001:db8::7", "203.0.113.5")))
        .isEqualTo("http://203.0.113.5:1");
    assertThat(Advertised.choose("0.0.0.0", 1, machine("fe80::1", "2001:db8::7")))
        .as("link-local addresses are left out")
        .isEqualTo("http://[2001:db8:0:0:0:0:0:7]:1");
  }

  @Test
  void aMachineWithOnlyLoopbackAdvertisesLoopback() throws Exception {
    assertThat(Advertised.choose("0.0.0.0", 5001, machine("127.0.0.1", "::1")))
        .isEqualTo("http://127.0.0.1:5001");
    assertThat(Advertised.choose("0.0.0.0", 5001, List.of())).isEqualTo("http://127.0.0.1:5001");
  }

  @Test
  void aServerOnOneAddressAdvertisesThatAddress() {
    assertThat(Advertised.choose("127.0.0.1", 5001, List.of())).isEqualTo("http://127.0.0.1:5001");
    assertThat(Advertised.choose("localhost", 5001, List.of())).isEqualTo("http://127.0.0.1:5001");
    assertThat(Advertised.choose("192.168.1.20", 5001, List.of()))
        .isEqualTo("http://192.168.1.20:5001");
    assertThat(Advertised.choose("::1", 5001, List.of())).isEqualTo("http://[::1]:5001");
  }

  @Test
  void advertiseTakesAUrlOrAHostWithOrWithoutAPort() {
    assertThat(Advertised.url("0.0.0.0", 5001, "http://192.168.1.20:6001"))
        .isEqualTo("http://192.168.1.20:6001");
    assertThat(Advertised.url("0.0.0.0", 5001, "http://192.168.1.20:6001/"))
        .isEqualTo("http://192.168.1.20:6001");
    assertThat(Advertised.url("0.0.0.0", 5001, "192.168.1.20"))
        .isEqualTo("http://192.168.1.20:5001");
    assertThat(Advertised.url("0.0.0.0", 5001, "laptop.local:7001"))
        .isEqualTo("http://laptop.local:7001");
    assertThat(Advertised.url("0.0.0.0", 5001, "[fd00::2]")).isEqualTo("http://[fd00::2]:5001");
  }

  @Test
  void anAdvertiseThatOthersCannotCallIsRefusedNamingTheForms() {
    for (String bad :
        new String[] {
          "https://host:1", "http://host:1/path", "host:99999", "http://user@host:1", "a b", "?"
        }) {
      assertThatThrownBy(() -> Advertised.parse(bad, 5001))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("--advertise takes a URL or HOST[:PORT] other machines reach");
    }
    assertThatThrownBy(() -> Advertised.parse("0.0.0.0", 5001))
        .hasMessage("--advertise must be an address other machines can call, not 0.0.0.0");
  }

  @Test
  void onlyAnAddressWrittenInDigitsCanBeTheWildcard() {
    assertThat(Advertised.isWildcard("0.0.0.0")).isTrue();
    assertThat(Advertised.isWildcard("::")).isTrue();
    assertThat(Advertised.isWildcard("[::]")).isTrue();
    assertThat(Advertised.isWildcard("127.0.0.1")).isFalse();
    assertThat(Advertised.isWildcard("cafe.example")).as("a name is never looked up").isFalse();
  }
}
