package workshop.support.cli;

import picocli.CommandLine.Option;

/**
 * {@code --registry URL}, shared by every command that talks to the capstone's registry: mix it in
 * with {@code @Mixin RegistryOption registry;} and read {@link #url()}.
 */
public final class RegistryOption {
  @Option(
      names = "--registry",
      defaultValue = "http://localhost:5000",
      description = "Registry URL (default ${DEFAULT-VALUE}).")
  String registry;

  /** The URL without a trailing slash; a {@link UserError} when it is not a plain http URL. */
  public String url() {
    return BaseUrl.check("--registry", registry);
  }
}
