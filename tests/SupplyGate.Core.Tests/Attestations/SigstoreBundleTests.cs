using System.Text;
using System.Text.Json;
using SupplyGate.Core.Attestations;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Dsse;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Attestations;

[Trait("Category", "unit")]
public sealed class SigstoreBundleTests(AttestationTestPki pki) : IClassFixture<AttestationTestPki>
{
    private static readonly string Root = Path.Combine(RepositoryPaths.Fixtures, "sigstore");

    /// <summary>
    /// Bundles that must be refused on structure alone: the conformance cases about bundle shape, plus the
    /// sigstore-python assets @sigstore/bundle also refuses (bad media type, empty chain, no checkpoint).
    /// Everything else in the fixtures parses; its verdict belongs to later verification steps.
    /// </summary>
    private static readonly HashSet<string> StructurallyInvalid = new(StringComparer.Ordinal)
    {
        "conformance/bundle-verify/bundle-empty-certificate-chain_fail/bundle.sigstore.json",
        "conformance/bundle-verify/bundle-invalid-base64-signature_fail/bundle.sigstore.json",
        "conformance/bundle-verify/bundle-malformed-json_fail/bundle.sigstore.json",
        "conformance/bundle-verify/bundle-negative-log-index_fail/bundle.sigstore.json",
        "conformance/bundle-verify/bundle-unknown-version_fail/bundle.sigstore.json",
        "conformance/bundle-verify/bundle-with-root-cert_fail/bundle.sigstore.json",
        "conformance/bundle-verify/intoto-missing-inclusion-proof_fail/bundle.sigstore.json",
        "conformance/bundle-verify/invalid-inclusion-proof_fail/bundle.sigstore.json",
        "conformance/bundle-verify/rekor2-no-inclusion-proof_fail/bundle.sigstore.json",
        "sigstore-python/bundle_invalid_version.txt.sigstore",
        "sigstore-python/bundle_no_cert_v1.txt.sigstore",
        "sigstore-python/bundle_no_checkpoint.txt.sigstore",
    };

    public static TheoryData<string> AllBundles() => new(BundleFiles());

    private static List<string> BundleFiles() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Root, file).Replace('\\', '/'))
            .Where(relative => StructurallyInvalid.Contains(relative) || IsBundle(Path.Combine(Root, relative)))
            .Order(StringComparer.Ordinal)
            .ToList();

    [Theory]
    [MemberData(nameof(AllBundles))]
    public void EveryFixtureBundle_ParsesOrIsRejectedAsMalformed(string relative)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(Root, relative));
        if (StructurallyInvalid.Contains(relative))
        {
            var ex = Assert.Throws<InvalidInputException>(() => SigstoreBundleReader.Read(bytes));
            Assert.Equal(DiagnosticCode.AttestationMalformed, ex.Code);
            Assert.StartsWith("The Sigstore bundle is malformed", ex.Message, StringComparison.Ordinal);
            return;
        }

        SigstoreBundle bundle = SigstoreBundleReader.Read(bytes);
        Assert.True((bundle.DsseEnvelope is null) != (bundle.MessageSignature is null));
        if (bundle.VerificationMaterial.Kind == VerificationMaterialKind.PublicKey)
        {
            Assert.Empty(bundle.VerificationMaterial.Certificates);
        }
        else
        {
            Assert.NotNull(bundle.VerificationMaterial.Leaf);
        }

        if (bundle.Version == BundleVersion.V03)
        {
            Assert.NotEqual(VerificationMaterialKind.CertificateChain, bundle.VerificationMaterial.Kind);
        }
    }

    [Fact]
    public void FixtureCounts_CoverEveryVersion()
    {
        var versions = BundleFiles()
            .Where(r => !StructurallyInvalid.Contains(r))
            .Select(r => SigstoreBundleReader.Read(File.ReadAllBytes(Path.Combine(Root, r))).Version)
            .GroupBy(v => v)
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.True(versions[BundleVersion.V01] >= 20, $"v0.1: {versions[BundleVersion.V01]}");
        Assert.True(versions[BundleVersion.V02] >= 8, $"v0.2: {versions[BundleVersion.V02]}");
        Assert.True(versions[BundleVersion.V03] >= 50, $"v0.3: {versions[BundleVersion.V03]}");
    }

    [Fact]
    public void TwoSignatureDsseBundle_Parses_ButFailsTheSignatureStep()
    {
        SigstoreBundle bundle = SigstoreBundleReader.ReadFile(Path.Combine(Root, "sigstore-go/bundles/dsse-2sigs.sigstore.json"));

        Assert.Equal(2, bundle.DsseEnvelope!.Signatures.Count);
        using var leaf = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(bundle.VerificationMaterial.Leaf!.Value.Span);
        var ex = Assert.Throws<VerificationFailedException>(() => DsseVerifier.Verify(bundle.DsseEnvelope, leaf));
        Assert.Equal(VerificationCheck.Signature, ex.Check);
    }

    [Fact]
    public void ThirdPartyDsseBundles_VerifyTheirSignature()
    {
        // sigstore-go's own DSSE bundle: the leaf (from the bundle's chain) verifies the envelope over PAE.
        foreach (string file in new[] { "sigstore-go/bundles/dsse.sigstore.json", "conformance/bundle-verify/happy-path-intoto-in-dsse-v3/bundle.sigstore.json" })
        {
            SigstoreBundle bundle = SigstoreBundleReader.ReadFile(Path.Combine(Root, file));
            using var leaf = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(bundle.VerificationMaterial.Leaf!.Value.Span);

            ReadOnlyMemory<byte> payload = DsseVerifier.Verify(bundle.DsseEnvelope!, leaf);

            Assert.NotEmpty(InTotoStatementSerializer.Read(payload.Span).Subjects);
        }
    }

    [Fact]
    public void Write_V03_LeafOnly_TimestampsAndEmptyTlog_RoundTrips()
    {
        DsseEnvelope envelope = DsseSigner.Sign(
            new InTotoStatement([StatementSubject.ForSha256("app", new string('a', 64))], PredicateTypes.PolicyResult, null),
            pki.Ca.LeafKey);
        byte[] timestamp = [0x30, 0x03, 0x02, 0x01, 0x00];

        byte[] json = SigstoreBundleWriter.Write(envelope, pki.Ca.Leaf.RawData, [timestamp]);

        using (JsonDocument doc = JsonDocument.Parse(json))
        {
            JsonElement root = doc.RootElement;
            Assert.Equal("application/vnd.dev.sigstore.bundle.v0.3+json", root.GetProperty("mediaType").GetString());
            JsonElement material = root.GetProperty("verificationMaterial");
            Assert.Equal(Convert.ToBase64String(pki.Ca.Leaf.RawData), material.GetProperty("certificate").GetProperty("rawBytes").GetString());
            Assert.False(material.TryGetProperty("x509CertificateChain", out _));
            Assert.False(material.TryGetProperty("publicKey", out _));
            Assert.Equal(0, material.GetProperty("tlogEntries").GetArrayLength());
            Assert.Equal(
                Convert.ToBase64String(timestamp),
                material.GetProperty("timestampVerificationData").GetProperty("rfc3161Timestamps")[0].GetProperty("signedTimestamp").GetString());
            Assert.Equal("application/vnd.in-toto+json", root.GetProperty("dsseEnvelope").GetProperty("payloadType").GetString());
            Assert.False(root.TryGetProperty("messageSignature", out _));
        }

        SigstoreBundle read = SigstoreBundleReader.Read(json);
        Assert.Equal(BundleVersion.V03, read.Version);
        Assert.Equal(VerificationMaterialKind.Certificate, read.VerificationMaterial.Kind);
        Assert.Equal(timestamp, read.VerificationMaterial.Rfc3161Timestamps[0].ToArray());
        Assert.Equal(envelope.Payload.ToArray(), read.DsseEnvelope!.Payload.ToArray());
        Assert.Equal(json, SigstoreBundleWriter.Write(read));
    }

    [Theory]
    [InlineData("""{"mediaType":"application/vnd.dev.sigstore.bundle.v0.4+json","verificationMaterial":{"publicKey":{"hint":"h"}},"messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"AA=="},"signature":"AA=="}}""")]
    [InlineData("""{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"AA=="},"signature":"AA=="}}""")]
    [InlineData("""{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"publicKey":{"hint":"h"}}}""")]
    [InlineData("""{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"publicKey":{"hint":"h"},"certificate":{"rawBytes":"AA=="}},"messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"AA=="},"signature":"AA=="}}""")]
    [InlineData("""{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"certificate":{"rawBytes":"AAAA"}},"messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"AA=="},"signature":"AA=="}}""")]
    [InlineData("""{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"publicKey":{"hint":"h"}},"dsseEnvelope":{"payload":"","payloadType":"t","signatures":[{"sig":"AA=="}]}}""")]
    [InlineData("""{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"publicKey":{"hint":"h"},"timestampVerificationData":{"rfc3161Timestamps":[{"signedTimestamp":""}]}},"messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"AA=="},"signature":"AA=="}}""")]
    public void Read_RejectsStructuralProblems(string json)
    {
        var ex = Assert.Throws<InvalidInputException>(() => SigstoreBundleReader.Read(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(DiagnosticCode.AttestationMalformed, ex.Code);
    }

    [Fact]
    public void Read_V03WithCertificateChain_IsRejected()
    {
        string leaf = Convert.ToBase64String(pki.Ca.Leaf.RawData);
        string json = """{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"x509CertificateChain":{"certificates":[{"rawBytes":"LEAF"}]}},"messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"AA=="},"signature":"AA=="}}"""
            .Replace("LEAF", leaf, StringComparison.Ordinal);

        var ex = Assert.Throws<InvalidInputException>(() => SigstoreBundleReader.Read(Encoding.UTF8.GetBytes(json)));
        Assert.Contains("x509CertificateChain", ex.Message, StringComparison.Ordinal);
    }

    private static bool IsBundle(string file)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(file));
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("verificationMaterial", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
