using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests.Auditing;

/// <summary>
/// The sigstore-conformance <c>bundle-verify</c> cases (tests/Fixtures/sigstore/conformance, see its README) and
/// how each is run: the suite's client protocol
/// (https://github.com/sigstore/sigstore-conformance/blob/main/docs/cli_protocol.md, "verify-bundle"), i.e.
/// <c>verify-bundle --bundle B (--certificate-identity I --certificate-oidc-issuer O | --key K) --trusted-root R ARTIFACT</c>.
/// A case without its own trusted_root.json gets the public-good production root, without identity/issuer files
/// the suite's defaults, without an artifact the shared a.txt.
/// </summary>
internal static class SigstoreConformanceSuite
{
    public const string DefaultIdentity = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";

    public const string DefaultIssuer = "https://token.actions.githubusercontent.com";

    public static readonly string Directory = Path.Combine(RepositoryPaths.Root, "tests", "Fixtures", "sigstore", "conformance", "bundle-verify");

    public static readonly string PublicGoodRoot = Path.Combine(RepositoryPaths.Root, "tests", "Fixtures", "sigstore", "sigstore-go", "trusted-roots", "public-good.json");

    /// <summary>
    /// Cases that do not (yet) behave as the suite expects, each with what SupplyGate does instead and why. The harness
    /// fails if one of these starts behaving (so the entry is removed) or if any other case misbehaves.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, KnownException> Exceptions = BuildExceptions();

    public static IEnumerable<string> CaseNames() =>
        System.IO.Directory.EnumerateDirectories(Directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static bool MustFail(string name) => name.EndsWith("_fail", StringComparison.Ordinal);

    /// <summary>The verify-bundle arguments for a case, in the conformance protocol's shape.</summary>
    public static string[] Arguments(string name)
    {
        string folder = Path.Combine(Directory, name);
        string Own(string file) => Path.Combine(folder, file);
        var args = new List<string> { "verify-bundle", "--bundle", Own("bundle.sigstore.json") };
        if (File.Exists(Own("key.pub")))
        {
            args.AddRange(["--key", Own("key.pub")]);
        }
        else
        {
            args.AddRange(["--certificate-identity", ReadOr(Own("identity"), DefaultIdentity), "--certificate-oidc-issuer", ReadOr(Own("issuer"), DefaultIssuer)]);
        }

        args.AddRange(["--trusted-root", File.Exists(Own("trusted_root.json")) ? Own("trusted_root.json") : PublicGoodRoot]);
        args.Add(File.Exists(Own("artifact")) ? Own("artifact") : Path.Combine(Directory, "a.txt"));
        return [.. args];
    }

    private static string ReadOr(string path, string fallback) => File.Exists(path) ? File.ReadAllText(path).Trim() : fallback;

    // Empty: all 70 cases behave. The Rekor v2 cases were listed here (SG5015, unsupported) until Ed25519 log keys
    // were verified; a case that stops behaving must be added back with its reason.
    private static Dictionary<string, KnownException> BuildExceptions() => new(StringComparer.Ordinal);
}

/// <summary>What a case does instead of what the suite expects: the exit code, the diagnostic code (when it fails) and why.</summary>
internal sealed record KnownException(int ExitCode, string? Code, string Reason);
