package workshop.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DirectoryListingTest {
  @Test
  void listsEntriesByNameIgnoringCaseWithFoldersEndingInASlash() {
    String html =
        DirectoryListing.html(
            "/",
            List.of(
                new DirectoryListing.Entry("b.txt", false),
                new DirectoryListing.Entry("Notes", true),
                new DirectoryListing.Entry("a.txt", false)));
    assertThat(html).contains("<title>Directory listing for /</title>");
    assertThat(html.indexOf("a.txt")).isLessThan(html.indexOf("b.txt"));
    assertThat(html.indexOf("b.txt")).isLessThan(html.indexOf("Notes/"));
    assertThat(html).contains("<li><a href=\"Notes/\">Notes/</a></li>");
  }

  @Test
  void aHostileNameIsShownEscapedAndLinkedEncoded() {
    String html =
        DirectoryListing.html(
            "/<x>/", List.of(new DirectoryListing.Entry("<script>\"a b\".txt", false)));
    assertThat(html).doesNotContain("<script>").doesNotContain("<x>");
    assertThat(html)
        .contains("href=\"%3Cscript%3E%22a%20b%22.txt\"")
        .contains("&lt;script&gt;&quot;a b&quot;.txt");
  }

  @Test
  void theContentTypeFollowsTheExtensionAndUnknownOnesAreBytes() {
    assertThat(DirectoryListing.contentType("index.HTML")).isEqualTo("text/html; charset=utf-8");
    assertThat(DirectoryListing.contentType("data.json")).isEqualTo("application/json");
    assertThat(DirectoryListing.contentType("notes")).isEqualTo("application/octet-stream");
  }
}
