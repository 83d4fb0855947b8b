using System.Security.Cryptography;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Attestations.Transparency;

/// <summary>
/// One sigstore-conformance <c>bundle-verify</c> case from tests/Fixtures/sigstore/conformance (see its README):
/// the bundle, the case's trusted root or the public-good root, and the artifact (the case's own or a.txt).
/// </summary>
internal sealed class ConformanceCase
{
    public static readonly string Directory = Path.Combine(RepositoryPaths.Fixtures, "sigstore", "conformance", "bundle-verify");

    private ConformanceCase(string name)
    {
        Name = name;
        Folder = Path.Combine(Directory, name);
    }

    public string Name { get; }

    public string Folder { get; }

    public string BundlePath => Path.Combine(Folder, "bundle.sigstore.json");

    public static ConformanceCase Named(string name) => new(name);

    /// <summary>The case's trusted_root.json, else the public-good production root (the conformance default).</summary>
    public TrustedRoot ReadTrustedRoot()
    {
        string own = Path.Combine(Folder, "trusted_root.json");
        return TrustedRootReader.ReadFile(File.Exists(own) ? own : Path.Combine(RepositoryPaths.Fixtures, "sigstore", "sigstore-go", "trusted-roots", "public-good.json"));
    }

    public SigstoreBundle ReadBundle() => SigstoreBundleReader.ReadFile(BundlePath);

    /// <summary>SHA-256 of the case's <c>artifact</c>, else of the shared <c>a.txt</c>.</summary>
    public byte[] ArtifactSha256()
    {
        string own = Path.Combine(Folder, "artifact");
        return SHA256.HashData(File.ReadAllBytes(File.Exists(own) ? own : Path.Combine(Directory, "a.txt")));
    }
}
