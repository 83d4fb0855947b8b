using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using SupplyGate.Core.Attestations;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Development;
using SupplyGate.Core.Attestations.Dsse;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Tests.Timestamps;
using SupplyGate.DevTsa;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Attestations.Verification;

/// <summary>
/// The per-bundle verifier against real bundles: one good bundle, then the tamper matrix, each case
/// asserting the step that must refuse it (an "any failure" assertion would let a broken early step hide the
/// absence of a later one).
/// </summary>
[Trait("Category", "unit")]
public sealed class BundleVerifierTests(AttestationTestPki pki) : IClassFixture<AttestationTestPki>
{
    private const string OtherIdentity = "https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main";
    private readonly VerificationTestBundles _bundles = new(pki);

    [Fact]
    public void GoodBundle_Verifies()
    {
        DateTimeOffset before = TimeProvider.System.GetUtcNow().AddSeconds(-5);

        BundleVerification result = Verify(_bundles.Create(), predicateType: PredicateTypes.PolicyResult);

        Assert.True(result.Verified, result.Message);
        Assert.Null(result.FailedCheck);
        Assert.Null(result.Code);
        Assert.Equal(AttestationTestPki.Identity, result.Identity);
        Assert.NotNull(result.SignedAt);
        Assert.InRange(result.SignedAt!.Value, before, TimeProvider.System.GetUtcNow().AddSeconds(5));
        Assert.Equal(PredicateTypes.PolicyResult, result.Statement!.PredicateType);
        Assert.True(result.Statement.HasSubjectDigest("sha256", VerificationTestBundles.ImageDigest));
    }

    [Fact]
    public void GoodBundle_VerifiesWithIdentityPatternAndPrefixedDigest()
    {
        var policy = new BundleVerificationPolicy(
            pki.Ca.TrustedRoot,
            CertificateIdentityPolicy.Pattern(@"https://github\.com/acme/app/.*"),
            "sha256:" + VerificationTestBundles.ImageDigest.ToUpperInvariant());

        BundleVerification result = new BundleVerifier(TimeProvider.System).Verify(_bundles.Create(), policy);

        Assert.True(result.Verified, result.Message);
    }

    [Fact]
    public void OnePayloadByteChanged_FailsSignature()
    {
        byte[] bundle = VerificationTestBundles.Edit(_bundles.Create(), json =>
        {
            byte[] payload = VerificationTestBundles.Base64(json["dsseEnvelope"]!["payload"]!);
            payload[20] ^= 0x01;
            json["dsseEnvelope"]!["payload"] = Convert.ToBase64String(payload);
        });

        AssertFails(Verify(bundle), VerificationCheck.Signature, DiagnosticCode.SignatureInvalid);
    }

    [Fact]
    public void SignatureChanged_FailsTimestamp_BecauseTheImprintCoversTheSignature()
    {
        byte[] bundle = VerificationTestBundles.Edit(_bundles.Create(), json =>
        {
            byte[] sig = VerificationTestBundles.Base64(json["dsseEnvelope"]!["signatures"]![0]!["sig"]!);
            sig[^1] ^= 0x01;
            json["dsseEnvelope"]!["signatures"]![0]!["sig"] = Convert.ToBase64String(sig);
        });

        AssertFails(Verify(bundle), VerificationCheck.Timestamp, DiagnosticCode.TimestampImprintMismatch);
    }

    [Fact]
    public void SignatureChangedAndRestamped_FailsSignature()
    {
        DsseEnvelope good = DsseEnvelopeOf(_bundles.Create());
        byte[] sig = good.Signatures[0].Signature.ToArray();
        sig[^1] ^= 0x01;
        byte[] bundle = _bundles.Bundle(good with { Signatures = [new DsseSignature(sig)] }, pki.Ca.Leaf);

        AssertFails(Verify(bundle), VerificationCheck.Signature, DiagnosticCode.SignatureInvalid);
    }

    [Fact]
    public void PayloadTypeChangedAfterSigning_FailsSignature()
    {
        byte[] bundle = VerificationTestBundles.Edit(_bundles.Create(), json => json["dsseEnvelope"]!["payloadType"] = "application/vnd.in-toto.other+json");

        AssertFails(Verify(bundle), VerificationCheck.Signature, DiagnosticCode.SignatureInvalid);
    }

    [Fact]
    public void PayloadTypeSignedButWrong_FailsPayloadType()
    {
        byte[] bundle = _bundles.Create(payloadType: "application/json");

        AssertFails(Verify(bundle), VerificationCheck.PayloadType, DiagnosticCode.PayloadTypeInvalid);
    }

    [Fact]
    public void StatementAboutAnotherDigest_FailsSubject()
    {
        byte[] bundle = _bundles.Create(subjectDigest: VerificationTestBundles.OtherImageDigest);

        BundleVerification result = Verify(bundle);

        AssertFails(result, VerificationCheck.Subject, DiagnosticCode.SubjectDigestMismatch);
        Assert.Contains(VerificationTestBundles.OtherImageDigest, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidBundleReplayedOntoAnotherImage_FailsSubject()
    {
        BundleVerification result = Verify(_bundles.Create(), expectedDigest: VerificationTestBundles.OtherImageDigest);

        AssertFails(result, VerificationCheck.Subject, DiagnosticCode.SubjectDigestMismatch);
    }

    [Fact]
    public void LeafFromAnUntrustedCa_FailsCertificateChain()
    {
        using DevelopmentCa other = DevelopmentCa.Create(new DevelopmentCaOptions { SignerIdentity = AttestationTestPki.Identity }, TimeProvider.System);

        BundleVerification result = Verify(_bundles.Create(signer: other.LeafKey, leaf: other.Leaf));

        AssertFails(result, VerificationCheck.CertificateChain, DiagnosticCode.CertificateNotTrusted);
    }

    [Fact]
    public void LeafExpiredAtTheTimestamp_FailsCertificateChain()
    {
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        (X509Certificate2 leaf, EcdsaSigner key) = pki.Ca.IssueCodeSigningLeaf(AttestationTestPki.Identity, now.AddHours(-2), now.AddHours(-1));
        using (leaf)
        using (key)
        {
            AssertFails(Verify(_bundles.Create(signer: key, leaf: leaf)), VerificationCheck.CertificateChain, DiagnosticCode.CertificateNotTrusted);
        }
    }

    [Fact]
    public void NoTimestamp_FailsTimestamp()
    {
        BundleVerification result = Verify(_bundles.Create(timestamp: false));

        AssertFails(result, VerificationCheck.Timestamp, DiagnosticCode.TimestampMissing);
        Assert.Contains("no verifiable timestamp", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimestampFromATsaNotInTheTrustedRoot_FailsTimestamp()
    {
        using TestTsaPki foreign = TestTsaPki.Create("Foreign");
        var tsa = new DevTimestampAuthority(foreign.Tsa, TimeProvider.System);

        AssertFails(Verify(_bundles.Create(tsa: tsa)), VerificationCheck.Timestamp, DiagnosticCode.TimestampAuthorityNotTrusted);
    }

    [Fact]
    public void WrongIdentity_FailsIdentity()
    {
        BundleVerification result = Verify(_bundles.Create(), identity: OtherIdentity);

        AssertFails(result, VerificationCheck.Identity, DiagnosticCode.IdentityMismatch);
        Assert.Contains(AttestationTestPki.Identity, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LeafWithoutCodeSigningEku_FailsCodeSigningUsage()
    {
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        (X509Certificate2 leaf, EcdsaSigner key) = pki.Ca.IssueCodeSigningLeaf(AttestationTestPki.Identity, now.AddHours(-1), now.AddDays(1), withCodeSigningEku: false);
        using (leaf)
        using (key)
        {
            AssertFails(Verify(_bundles.Create(signer: key, leaf: leaf)), VerificationCheck.CodeSigningUsage, DiagnosticCode.CertificateUsageInvalid);
        }
    }

    [Fact]
    public void IntermediateWhoseEkuExcludesCodeSigning_FailsCodeSigningUsage()
    {
        (TrustedRoot root, X509Certificate2 leaf, EcdsaSigner key) =
            VerificationTestBundles.IntermediateWithoutCodeSigning(pki.Ca.TrustedRoot, AttestationTestPki.Identity);
        using (leaf)
        using (key)
        {
            BundleVerification result = Verify(_bundles.Create(signer: key, leaf: leaf), trustedRoot: root);

            AssertFails(result, VerificationCheck.CodeSigningUsage, DiagnosticCode.CertificateUsageInvalid);
            Assert.Contains("issuing certificate", result.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TwoSignaturesInTheEnvelope_FailsSignature()
    {
        byte[] bundle = VerificationTestBundles.Edit(_bundles.Create(), json =>
        {
            JsonArray signatures = json["dsseEnvelope"]!["signatures"]!.AsArray();
            signatures.Add(signatures[0]!.DeepClone());
        });

        BundleVerification result = Verify(bundle);

        AssertFails(result, VerificationCheck.Signature, DiagnosticCode.SignatureInvalid);
        Assert.Contains("exactly one", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownBundleMediaType_FailsMediaType()
    {
        byte[] bundle = VerificationTestBundles.Edit(_bundles.Create(), json => json["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.9+json");

        AssertFails(Verify(bundle), BundleVerificationCheck.MediaType, DiagnosticCode.BundleMediaTypeUnknown);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}""")]
    public void MalformedInput_FailsParse_WithoutThrowing(string text)
    {
        AssertFails(Verify(System.Text.Encoding.UTF8.GetBytes(text)), BundleVerificationCheck.Parse, DiagnosticCode.AttestationMalformed);
    }

    [Fact]
    public void WrongPredicateType_FailsPredicateType()
    {
        BundleVerification result = Verify(_bundles.Create(predicateType: PredicateTypes.PolicyResult), predicateType: PredicateTypes.CycloneDx);

        AssertFails(result, VerificationCheck.PredicateType, DiagnosticCode.PredicateTypeMismatch);
    }

    [Fact]
    public void VersionedCycloneDxPredicate_MatchesTheCycloneDxType()
    {
        BundleVerification result = Verify(_bundles.Create(predicateType: PredicateTypes.CycloneDx + "/v1.6"), predicateType: PredicateTypes.CycloneDx);

        Assert.True(result.Verified, result.Message);
    }

    [Fact]
    public void TimestampFromTheFuture_FailsTimestamp()
    {
        var clock = new FixedTimeProvider(TimeProvider.System.GetUtcNow().AddHours(-1));
        var policy = new BundleVerificationPolicy(pki.Ca.TrustedRoot, CertificateIdentityPolicy.Exact(AttestationTestPki.Identity), VerificationTestBundles.ImageDigest);

        AssertFails(new BundleVerifier(clock).Verify(_bundles.Create(), policy), VerificationCheck.Timestamp, DiagnosticCode.TimestampMalformed);
    }

    [Fact]
    public void SigstoreFixtureWithOnlyATlogEntry_IsDatedByItsVerifiedRekorEntry()
    {
        // cosign's bundle has no RFC 3161 timestamp, only a Rekor v1 entry: once that entry verifies (SET, inclusion
        // proof, checkpoint, body), its integratedTime is the signing time and verification proceeds to the subject.
        string dir = Path.Combine(RepositoryPaths.Fixtures, "sigstore", "cosign");
        byte[] bundle = File.ReadAllBytes(Path.Combine(dir, "cosign_testdata_oci-attestation.sigstore.json"));
        TrustedRoot root = TrustedRootReader.ReadFile(Path.Combine(dir, "cosign_testdata_trusted_root_pgi.json"));
        const string subject = "732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4";

        BundleVerification result = new BundleVerifier(TimeProvider.System).Verify(bundle, new BundleVerificationPolicy(root, CertificateIdentityPolicy.Pattern(".*"), subject));
        Assert.True(result.Verified, result.Message);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1740770291), result.SignedAt);

        BundleVerification other = new BundleVerifier(TimeProvider.System).Verify(bundle, new BundleVerificationPolicy(root, CertificateIdentityPolicy.Pattern(".*"), VerificationTestBundles.ImageDigest));
        AssertFails(other, VerificationCheck.Subject, DiagnosticCode.SubjectDigestMismatch);

        // Without the log in the trusted root the entry proves nothing, and nothing else dates the signature.
        BundleVerification untrusted = new BundleVerifier(TimeProvider.System).Verify(bundle, new BundleVerificationPolicy(root with { Tlogs = [] }, CertificateIdentityPolicy.Pattern(".*"), subject));
        AssertFails(untrusted, "transparency-log", DiagnosticCode.TransparencyLogNotTrusted);
    }

    private static DsseEnvelope DsseEnvelopeOf(byte[] bundle) => SigstoreBundleReader.Read(bundle).DsseEnvelope!;

    private static void AssertFails(BundleVerification result, string check, string code)
    {
        Assert.False(result.Verified, "verified unexpectedly");
        Assert.True(check == result.FailedCheck, $"expected failed check {check}, got {result.FailedCheck} ({result.Code}): {result.Message}");
        Assert.Equal(code, result.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.Null(result.Statement);
    }

    private BundleVerification Verify(
        byte[] bundle,
        string expectedDigest = VerificationTestBundles.ImageDigest,
        string identity = AttestationTestPki.Identity,
        string? predicateType = null,
        TrustedRoot? trustedRoot = null)
    {
        var policy = new BundleVerificationPolicy(trustedRoot ?? pki.Ca.TrustedRoot, CertificateIdentityPolicy.Exact(identity), expectedDigest, predicateType);
        return new BundleVerifier(TimeProvider.System).Verify(bundle, policy);
    }
}
