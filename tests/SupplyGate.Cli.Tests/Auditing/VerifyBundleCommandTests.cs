using System.Security.Cryptography;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Tests.Attestations;

namespace SupplyGate.Cli.Tests.Auditing;

/// <summary>
/// verify-bundle on third-party bundles (sigstore-conformance, checked by sigstore-js too) and its argument rules:
/// the artifact and the signer are each named exactly once, and a JSON result is a record that reads back.
/// </summary>
[Trait("Category", "integration")]
public sealed class VerifyBundleCommandTests
{
    private static readonly string Case = Path.Combine(SigstoreConformanceSuite.Directory, "happy-path-intoto-in-dsse-v3");

    private static readonly string ArtifactFile = Path.Combine(SigstoreConformanceSuite.Directory, "a.txt");

    private const string ArtifactDigest = "sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf";

    private static (int Exit, string Output, string Error) Run(params string[] args) => CliRunner.Run(null, SigstoreConformanceSuite.Directory, ["verify-bundle", .. args]);

    private static string[] Signer => ["--certificate-identity", SigstoreConformanceSuite.DefaultIdentity, "--certificate-oidc-issuer", SigstoreConformanceSuite.DefaultIssuer];

    [Fact]
    public void A_bundle_sigstore_js_verifies_verifies_with_verify_bundle_by_file_and_by_digest()
    {
        string bundle = Path.Combine(Case, "bundle.sigstore.json");
        (bool verified, string said) = SigstoreJsVerifier.Verify(bundle, SigstoreConformanceSuite.PublicGoodRoot, SigstoreConformanceSuite.DefaultIdentity);
        Assert.True(verified, said);

        var byFile = Run(["--bundle", bundle, "--artifact", ArtifactFile, "--trusted-root", SigstoreConformanceSuite.PublicGoodRoot, .. Signer]);
        var byDigest = Run(["--bundle", bundle, "--artifact-digest", ArtifactDigest, "--trusted-root", SigstoreConformanceSuite.PublicGoodRoot, .. Signer]);

        Assert.True(byFile.Exit == 0, byFile.Output + byFile.Error);
        Assert.True(byDigest.Exit == 0, byDigest.Output + byDigest.Error);
        Assert.Contains("(issuer https://token.actions.githubusercontent.com)", byDigest.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_oidc_issuer_is_an_identity_failure()
    {
        var (exit, output, _) = Run("--bundle", Path.Combine(Case, "bundle.sigstore.json"), "--artifact", ArtifactFile, "--trusted-root", SigstoreConformanceSuite.PublicGoodRoot,
            "--certificate-identity", SigstoreConformanceSuite.DefaultIdentity, "--certificate-oidc-issuer", "https://accounts.google.com");

        Assert.Equal(4, exit);
        Assert.Contains("check 'identity' (SG5007)", output, StringComparison.Ordinal);
        Assert.Contains("OIDC issuer", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_result_is_a_record_naming_inputs_signer_and_times()
    {
        var (exit, output, error) = Run(["--bundle", Path.Combine(Case, "bundle.sigstore.json"), "--artifact", ArtifactFile, "--trusted-root", SigstoreConformanceSuite.PublicGoodRoot, "--format", "json", .. Signer]);

        Assert.True(exit == 0, output + error);
        VerificationRecord record = VerificationRecord.FromJson(output);
        Assert.Equal(VerificationRecord.CurrentMediaType, record.MediaType);
        Assert.True(record.Verified);
        Assert.Equal(ArtifactDigest, record.Subject);
        Assert.Equal(ArtifactDigest, record.Policy.ArtifactDigest);
        Assert.Equal("https://slsa.dev/provenance/v1", record.PredicateType);
        Assert.Equal(SigstoreConformanceSuite.DefaultIssuer, record.Signer!.Issuer);
        Assert.Equal(["2024-12-16T18:42:56Z"], record.VerifiedTimestamps);
        Assert.Equal(64, record.TrustedRoot.Sha256.Length);
        Assert.Null(record.FailedCheck);
    }

    [Theory]
    [InlineData("no-artifact")]
    [InlineData("two-artifacts")]
    [InlineData("no-signer")]
    [InlineData("key-and-identity")]
    [InlineData("bad-digest")]
    public void Artifact_and_signer_must_each_be_named_once(string mistake)
    {
        string bundle = Path.Combine(Case, "bundle.sigstore.json");
        string key = Path.Combine(SigstoreConformanceSuite.Directory, "managed-key-happy-path", "key.pub");
        string[] args = mistake switch
        {
            "no-artifact" => ["--bundle", bundle, "--trusted-root", SigstoreConformanceSuite.PublicGoodRoot, .. Signer],
            "two-artifacts" => ["--bundle", bundle, "--artifact", ArtifactFile, "--artifact-digest", ArtifactDigest, "--trusted-root", SigstoreConformanceSuite.PublicGoodRoot, .. Signer],
            "no-signer" => ["--bundle", bundle, "--artifact", ArtifactFile, "--trusted-root", SigstoreConformanceSuite.PublicGoodRoot],
            "key-and-identity" => ["--bundle", bundle, "--artifact", ArtifactFile, "--trusted-root", SigstoreConformanceSuite.PublicGoodRoot, "--key", key, .. Signer],
            _ => ["--bundle", bundle, "--artifact-digest", "sha256:abc", "--trusted-root", SigstoreConformanceSuite.PublicGoodRoot, .. Signer],
        };

        var (exit, output, error) = Run(args);

        Assert.True(exit == 2, output + error);
        Assert.Contains("error SG2035", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public void A_keyed_bundle_verifies_with_its_key_and_not_with_another()
    {
        string folder = Path.Combine(SigstoreConformanceSuite.Directory, "managed-key-happy-path");
        string bundle = Path.Combine(folder, "bundle.sigstore.json");

        var good = Run("--bundle", bundle, "--key", Path.Combine(folder, "key.pub"), "--trusted-root", SigstoreConformanceSuite.PublicGoodRoot, ArtifactFile);
        Assert.True(good.Exit == 0, good.Output + good.Error);
        Assert.StartsWith("Verified OK: key sha256:", good.Output, StringComparison.Ordinal);

        using var temp = new SupplyGate.Tests.Shared.TempDirectory("sg-key");
        string otherKey = temp.Combine("other.pub");
        using (ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            File.WriteAllText(otherKey, key.ExportSubjectPublicKeyInfoPem());
        }

        var other = Run("--bundle", bundle, "--key", otherKey, "--trusted-root", SigstoreConformanceSuite.PublicGoodRoot, ArtifactFile);
        Assert.Equal(4, other.Exit);
        Assert.Contains("check 'signature' (SG5004)", other.Output, StringComparison.Ordinal);
    }
}
