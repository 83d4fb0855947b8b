using System.Text.Json;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Development;
using SupplyGate.Core.Attestations.Dsse;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Attestations;

/// <summary>
/// Our bundles, checked by someone else's verifier: a CycloneDX statement signed with the development CA's
/// leaf, stamped by openssl's TSA, bundled as v0.3, must verify with @sigstore/verify against our
/// trusted_root.json; and tampered variants must not (so a broken harness cannot pass by accepting all).
/// </summary>
[Trait("Category", "integration")]
public sealed class SigstoreJsInteropTests(AttestationTestPki pki) : IClassFixture<AttestationTestPki>, IDisposable
{
    private const string ImageDigest = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";
    private readonly TempDirectory _dir = new("sg-interop");

    [Fact]
    public void CycloneDxAttestation_VerifiesWithSigstoreJs()
    {
        (string bundle, string root) = WriteSignedBundle(PredicateTypes.CycloneDx, CycloneDxPredicate());

        (bool verified, string output) = SigstoreJsVerifier.Verify(bundle, root, AttestationTestPki.Identity);

        Assert.True(verified, output);
        Assert.Contains(AttestationTestPki.Identity, output, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyResultAttestation_VerifiesWithSigstoreJs()
    {
        using JsonDocument predicate = JsonDocument.Parse("""{"decision":"pass","counts":{"critical":0,"high":0},"findings":[]}""");
        (string bundle, string root) = WriteSignedBundle(PredicateTypes.PolicyResult, predicate.RootElement);

        (bool verified, string output) = SigstoreJsVerifier.Verify(bundle, root);

        Assert.True(verified, output);
    }

    [Fact]
    public void OurReader_AcceptsWhatSigstoreJsAccepted_AndOurStepsAgree()
    {
        (string bundlePath, _) = WriteSignedBundle(PredicateTypes.CycloneDx, CycloneDxPredicate());

        SigstoreBundle bundle = SigstoreBundleReader.ReadFile(bundlePath);
        using var leaf = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(bundle.VerificationMaterial.Leaf!.Value.Span);
        VerifiedChain chain = CertificateChainVerifier.Verify(leaf, pki.Ca.TrustedRoot.CertificateAuthorities, TimeProvider.System.GetUtcNow());
        CodeSigningUsageCheck.Verify(chain);
        CertificateIdentityPolicy.Exact(AttestationTestPki.Identity).Verify(leaf);
        InTotoStatement statement = InTotoStatementSerializer.Read(DsseVerifier.Verify(bundle.DsseEnvelope!, leaf).Span);

        Assert.True(statement.HasSubjectDigest("sha256", ImageDigest["sha256:".Length..]));
        Assert.Single(bundle.VerificationMaterial.Rfc3161Timestamps);
    }

    /// <summary>Each tamper is refused, and for the reason expected (a changed signature no longer matches the
    /// timestamp's imprint, so sigstore-js stops at the timestamp step before the signature step).</summary>
    [Theory]
    [InlineData("payload", "SIGNATURE_ERROR")]
    [InlineData("signature", "TIMESTAMP_ERROR")]
    [InlineData("payloadType", "SIGNATURE_ERROR")]
    [InlineData("no-timestamp", "TIMESTAMP_ERROR")]
    [InlineData("wrong-identity", "UNTRUSTED_SIGNER_ERROR")]
    [InlineData("foreign-root", "TIMESTAMP_ERROR")]
    [InlineData("untrusted-ca", "CERTIFICATE_ERROR")]
    public void TamperedBundles_AreRejectedBySigstoreJs(string tamper, string expectedError)
    {
        (string bundle, string root) = WriteSignedBundle(PredicateTypes.CycloneDx, CycloneDxPredicate());
        string? san = AttestationTestPki.Identity;
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(bundle))!;
        switch (tamper)
        {
            case "payload":
                byte[] payload = Convert.FromBase64String(json["dsseEnvelope"]!["payload"]!.GetValue<string>());
                payload[20] ^= 0x01;
                json["dsseEnvelope"]!["payload"] = Convert.ToBase64String(payload);
                break;
            case "signature":
                byte[] sig = Convert.FromBase64String(json["dsseEnvelope"]!["signatures"]![0]!["sig"]!.GetValue<string>());
                sig[^1] ^= 0x01;
                json["dsseEnvelope"]!["signatures"]![0]!["sig"] = Convert.ToBase64String(sig);
                break;
            case "payloadType":
                json["dsseEnvelope"]!["payloadType"] = "application/vnd.in-toto.other+json";
                break;
            case "no-timestamp":
                json["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"] = new System.Text.Json.Nodes.JsonArray();
                break;
            case "wrong-identity":
                san = "https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main";
                break;
            case "foreign-root":
                using (DevelopmentCa other = DevelopmentCa.Create(new DevelopmentCaOptions(), TimeProvider.System))
                {
                    root = _dir.Combine("foreign_root.json");
                    File.WriteAllBytes(root, TrustedRootWriter.Write(other.TrustedRoot));
                }

                break;
            case "untrusted-ca":
                // Our TSA stays trusted; only the code-signing CA is someone else's.
                using (DevelopmentCa other = DevelopmentCa.Create(new DevelopmentCaOptions(), TimeProvider.System))
                {
                    root = _dir.Combine("untrusted_ca_root.json");
                    File.WriteAllBytes(root, TrustedRootWriter.Write(pki.Ca.TrustedRoot with { CertificateAuthorities = other.TrustedRoot.CertificateAuthorities }));
                }

                break;
        }

        File.WriteAllText(bundle, json.ToJsonString());

        (bool verified, string output) = SigstoreJsVerifier.Verify(bundle, root, san);

        Assert.False(verified, $"sigstore-js accepted a bundle tampered with ({tamper}): {output}");
        Assert.Contains(expectedError, output, StringComparison.Ordinal);
    }

    [Fact]
    public void LeafExpiredAtTheTimestamp_IsRejectedBySigstoreJs()
    {
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        (var leaf, EcdsaSigner key) = pki.Ca.IssueCodeSigningLeaf(AttestationTestPki.Identity, now.AddHours(-2), now.AddHours(-1));
        using (leaf)
        using (key)
        {
            (string bundle, string root) = WriteSignedBundle(PredicateTypes.CycloneDx, CycloneDxPredicate(), key, leaf.RawData);

            (bool verified, string output) = SigstoreJsVerifier.Verify(bundle, root);

            Assert.False(verified, output);
            Assert.Contains("CERTIFICATE_ERROR", output, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _dir.Dispose();

    private (string Bundle, string TrustedRoot) WriteSignedBundle(
        string predicateType, JsonElement predicate, ISigner? signer = null, byte[]? leafCertificate = null)
    {
        var statement = new InTotoStatement([StatementSubject.ForSha256("registry.example/acme/app", ImageDigest)], predicateType, predicate);
        DsseEnvelope envelope = DsseSigner.Sign(statement, signer ?? pki.Ca.LeafKey);
        DevelopmentCaFiles files = pki.Ca.WriteTo(_dir.Combine("ca"));
        byte[] timestamp = OpenSslTimestampAuthority.Stamp(
            envelope.Signatures[0].Signature.Span,
            files.TimestampAuthorityCertificate,
            files.TimestampAuthorityKey,
            files.TimestampAuthorityChain,
            _dir.Combine("tsa"));
        string bundle = _dir.Combine("bundle.sigstore.json");
        File.WriteAllBytes(bundle, SigstoreBundleWriter.Write(envelope, leafCertificate ?? pki.Ca.Leaf.RawData, [timestamp]));
        return (bundle, files.TrustedRoot);
    }

    private static JsonElement CycloneDxPredicate()
    {
        using JsonDocument bom = JsonDocument.Parse("""
            {"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79","version":1,
             "metadata":{"component":{"type":"container","name":"registry.example/acme/app"}},
             "components":[{"type":"library","name":"Newtonsoft.Json","version":"13.0.3","purl":"pkg:nuget/Newtonsoft.Json@13.0.3"}]}
            """);
        return bom.RootElement.Clone();
    }
}
