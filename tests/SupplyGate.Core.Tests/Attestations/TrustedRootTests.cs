using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using SupplyGate.Core.Attestations;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Attestations;

[Trait("Category", "unit")]
public sealed class TrustedRootTests
{
    private static readonly string Root = Path.Combine(RepositoryPaths.Fixtures, "sigstore");

    private static readonly HashSet<string> Invalid = new(StringComparer.Ordinal)
    {
        "conformance/bundle-verify/trust-root-tlog-missing-validity-start_fail/trusted_root.json",
        "sigstore-python/trusted_root/trustedroot.badtype.json",
    };

    public static TheoryData<string> AllTrustedRoots() => new(TrustedRootFiles());

    private static List<string> TrustedRootFiles() =>
        Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Root, file).Replace('\\', '/'))
            .Where(relative => Invalid.Contains(relative) || MediaType(Path.Combine(Root, relative))?.Contains("trustedroot", StringComparison.Ordinal) == true)
            .Order(StringComparer.Ordinal)
            .ToList();

    [Theory]
    [MemberData(nameof(AllTrustedRoots))]
    public void EveryFixtureTrustedRoot_ReadsOrIsRejected(string relative)
    {
        string path = Path.Combine(Root, relative);
        if (Invalid.Contains(relative))
        {
            var ex = Assert.Throws<InvalidInputException>(() => TrustedRootReader.ReadFile(path));
            Assert.Equal(DiagnosticCode.TrustedRootInvalid, ex.Code);
            return;
        }

        TrustedRoot root = TrustedRootReader.ReadFile(path);
        Assert.All(root.CertificateAuthorities.Concat(root.TimestampAuthorities), ca => Assert.NotEmpty(ca.CertChain));
    }

    [Fact]
    public void FixtureCount()
    {
        Assert.True(TrustedRootFiles().Count >= 45, $"{TrustedRootFiles().Count} trusted roots");
    }

    [Fact]
    public void PublicGood_HasFulcioAndRekor()
    {
        TrustedRoot root = TrustedRootReader.ReadFile(Path.Combine(Root, "sigstore-go/trusted-roots/public-good.json"));

        Assert.Contains(root.CertificateAuthorities, ca => ca.Uri == "https://fulcio.sigstore.dev");
        Assert.NotEmpty(root.Tlogs);
        Assert.All(root.Tlogs, t => Assert.NotNull(t.ValidFor.Start));
    }

    [Fact]
    public void ThirdPartyLeaf_ChainsToPublicGoodFulcio_AtItsIntegratedTime()
    {
        // sigstore-go's DSSE bundle: its leaf chains to Fulcio in public-good.json at the entry's integrated time,
        // and not ten years later (the leaf lives ten minutes).
        SigstoreBundle bundle = SigstoreBundleReader.ReadFile(Path.Combine(Root, "sigstore-go/bundles/dsse.sigstore.json"));
        TrustedRoot root = TrustedRootReader.ReadFile(Path.Combine(Root, "sigstore-go/trusted-roots/public-good.json"));
        using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(bundle.VerificationMaterial.Leaf!.Value.Span);
        DateTimeOffset signedAt = DateTimeOffset.FromUnixTimeSeconds(bundle.VerificationMaterial.TlogEntries[0].IntegratedTime);

        VerifiedChain chain = CertificateChainVerifier.Verify(leaf, root.CertificateAuthorities, signedAt);

        Assert.Equal("https://fulcio.sigstore.dev", chain.Authority.Uri);
        CodeSigningUsageCheck.Verify(chain);
        var late = Assert.Throws<VerificationFailedException>(() => CertificateChainVerifier.Verify(leaf, root.CertificateAuthorities, signedAt.AddYears(10)));
        Assert.Equal(VerificationCheck.CertificateChain, late.Check);
    }

    [Fact]
    public void WriteRead_RoundTrip_UsesTheOneMediaTypeCosignAccepts()
    {
        var root = new TrustedRoot(
            "ignored on write",
            [new CertificateAuthority("Acme", "Acme CA", "https://ca.acme.example", [new byte[] { 1 }], new ValidityPeriod(DateTimeOffset.UnixEpoch, null))],
            [],
            [],
            []);

        byte[] json = TrustedRootWriter.Write(root);

        using JsonDocument doc = JsonDocument.Parse(json);
        Assert.Equal("application/vnd.dev.sigstore.trustedroot+json;version=0.1", doc.RootElement.GetProperty("mediaType").GetString());
        Assert.Equal("1970-01-01T00:00:00Z", doc.RootElement.GetProperty("certificateAuthorities")[0].GetProperty("validFor").GetProperty("start").GetString());
        Assert.False(doc.RootElement.GetProperty("certificateAuthorities")[0].GetProperty("validFor").TryGetProperty("end", out _));
        Assert.Equal(0, doc.RootElement.GetProperty("tlogs").GetArrayLength());
        Assert.Equal(0, doc.RootElement.GetProperty("ctlogs").GetArrayLength());

        // The reader insists on real certificates, so a one-byte "certificate" is refused.
        Assert.Throws<InvalidInputException>(() => TrustedRootReader.Read(json));
    }

    [Theory]
    [InlineData("""{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.3"}""")]
    [InlineData("""{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1","certificateAuthorities":[{"certChain":{"certificates":[]}}]}""")]
    [InlineData("""{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1","tlogs":[{"publicKey":{"rawBytes":"AA=="}}]}""")]
    [InlineData("""{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1","tlogs":[{"publicKey":{"rawBytes":"AA==","validFor":{"start":"yesterday"}}}]}""")]
    [InlineData("""not json""")]
    public void Read_RejectsInvalid(string json)
    {
        var ex = Assert.Throws<InvalidInputException>(() => TrustedRootReader.Read(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(DiagnosticCode.TrustedRootInvalid, ex.Code);
    }

    private static string? MediaType(string file)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(file));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("mediaType", out JsonElement m)
                ? m.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
